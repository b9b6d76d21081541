package graphs

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// Trace is a trace of the TCP model.
type Trace = explore.Trace[model.State, model.Action]

// flight is a send while a trace is replayed: where its Send event is, and
// how many copies of it are still in the network.
type flight struct {
	step, index int // of its Send event; step -1 is Ladder.Earlier
	id          int
	seg         model.Segment
	copies      int
}

// LadderFromTrace draws a trace of the TCP model as a ladder. Each
// receipt is matched to the most recent send of an equal segment that
// still has a copy in flight; segments in the initial network come from
// before the picture. Each arrival is coloured by the segment's age at
// that moment (ageOf); a segment still in flight at the end, by its age
// in the last state. broken and
// cycleStart count steps (or are -1), as in Ladder.
func LadderFromTrace(title string, t Trace, broken, cycleStart int) (*Ladder, error) {
	l := &Ladder{
		Title:      title,
		Lifelines:  [2]string{"TCP A", "TCP B"},
		Initial:    [2]string{t.Init.E[0].State.String(), t.Init.E[1].State.String()},
		Broken:     broken,
		CycleStart: cycleStart,
	}
	var net []*flight
	send := func(ev []LadderEvent, step int, g model.Segment) []LadderEvent {
		f := &flight{step: step, index: len(ev), id: len(net), seg: g, copies: 1}
		net = append(net, f)
		return append(ev, LadderEvent{Kind: Send, Side: int(g.Src), ID: f.id, Text: g.String(), Old: g.Tag.Att == 0})
	}
	for _, g := range t.Init.Net.Segments() {
		l.Earlier = send(l.Earlier, -1, g)
	}
	prev := t.Init
	for i, st := range t.Steps {
		a := st.Action
		side := int(a.Side)
		var ev []LadderEvent
		switch a.Kind {
		case model.PassiveOpen, model.ActiveOpen, model.Close, model.Abort:
			ev = append(ev, LadderEvent{Kind: Call, Side: side, Text: a.Kind.String()})
		case model.Retransmit, model.GiveUp, model.TimeWaitExpire, model.FinWait2Expire:
			ev = append(ev, LadderEvent{Kind: Timer, Side: side, Text: a.Kind.String()})
		case model.Send:
			text := a.Kind.String()
			if a.Rule == model.RuleSendRefused {
				text = "SEND refused: connection closing (the unit is lost)"
			}
			ev = append(ev, LadderEvent{Kind: Call, Side: side, Text: text})
		case model.Receive:
			text := a.Kind.String()
			if a.Rule == model.RuleReceiveClosing {
				text = "RECEIVE: connection closing (end of stream)"
			}
			ev = append(ev, LadderEvent{Kind: Call, Side: side, Text: text})
		case model.Output:
			// The TCP sends what SEND or CLOSE left queued.
			ev = append(ev, LadderEvent{Kind: Timer, Side: side, Text: a.Kind.String()})
		case model.Crash:
			ev = append(ev, LadderEvent{Kind: Mark, Side: side, Text: a.Kind.String()})
		case model.Deliver, model.Drop:
			// The most recent send of this segment with a copy left; a
			// duplicate delivery leaves the copy in flight.
			var f *flight
			for j := len(net) - 1; j >= 0 && f == nil; j-- {
				if net[j].seg == a.Seg && net[j].copies > 0 {
					f = net[j]
				}
			}
			if f == nil {
				return nil, fmt.Errorf("graphs: step %d takes %v from the network, but no copy of it is in flight: the trace is not one of the model's", i+1, a.Seg)
			}
			if !a.Dup {
				f.copies--
			}
			k := Receive
			if a.Kind == model.Drop {
				k = Loss
			}
			ev = append(ev, LadderEvent{Kind: k, Side: side, ID: f.id, Age: ageOf(&prev, a.Seg.Tag)})
		default:
			return nil, fmt.Errorf("graphs: step %d: action kind %v is unknown to the ladder", i+1, a.Kind)
		}
		if a.HasSent {
			ev = send(ev, i, a.Sent)
		}
		l.Steps = append(l.Steps, LadderStep{Events: ev, State: [2]string{st.State.E[0].State.String(), st.State.E[1].State.String()}})
		prev = st.State
	}
	for _, f := range net {
		age := ageOf(&prev, f.seg.Tag)
		if f.step < 0 {
			l.Earlier[f.index].Age = age
		} else {
			l.Steps[f.step].Events[f.index].Age = age
		}
	}
	return l, nil
}

// ageOf is the age of a segment tagged tag in state s: Stale when it was
// in the network before the run (attempt 0) or its sender has since drawn
// a newer ISS, Late when its sender holds no TCB any more (the attempt is
// over, but no other has begun), Fresh otherwise.
func ageOf(s *model.State, tag model.Tag) Age {
	e := &s.E[tag.Side]
	switch {
	case tag.Att == 0 || tag.Att < e.Att:
		return Stale
	case !hasTCB(e):
		return Late
	}
	return Fresh
}

// PathFromTrace draws a trace as a path of joint states: both endpoints'
// states and TCB fields and the network, with the fields that changed
// highlighted and the action on each edge.
func PathFromTrace(title string, t Trace, broken, cycleStart int) *StatePath {
	p := &StatePath{Title: title, Columns: []string{"A", "B"}, Broken: broken, CycleStart: cycleStart}
	// A trace built by hand rather than by a search has no state ids.
	numbered := false
	for _, st := range t.Steps {
		numbered = numbered || st.ID != 0
	}
	p.Nodes = append(p.Nodes, pathNode("initial state", &t.Init))
	for i, st := range t.Steps {
		title := fmt.Sprintf("step %d", i+1)
		if numbered {
			title += fmt.Sprintf(" (state #%d)", st.ID)
		}
		p.Nodes = append(p.Nodes, pathNode(title, &st.State))
		p.Edges = append(p.Edges, wrapAction(st.Action.String()))
	}
	p.MarkChanges()
	return p
}

// wrapAction breaks an action's label before what it sent and before its
// reference, so that edge labels stay narrow.
func wrapAction(s string) string {
	s = strings.Replace(s, ", snd ", ",\nsnd ", 1)
	return strings.Replace(s, " (", "\n(", 1)
}

func pathNode(title string, s *model.State) PathNode {
	field := func(name string, f func(e *model.Endpoint) string) PathRow {
		r := PathRow{Name: name}
		for i := range s.E {
			e := &s.E[i]
			txt := "-"
			switch {
			case name == "state" || name == "attempt":
				txt = f(e)
			case !hasTCB(e):
			case e.State == model.SynSent && (name == "IRS" || name == "RCV.NXT"):
				// Not known before the peer's SYN arrives.
			default:
				txt = f(e)
			}
			r.Cells = append(r.Cells, Cell{Text: txt})
		}
		return r
	}
	num := func(get func(e *model.Endpoint) uint16) func(e *model.Endpoint) string {
		return func(e *model.Endpoint) string { return itoa(int(get(e))) }
	}
	n := PathNode{Title: title, Rows: []PathRow{
		field("state", func(e *model.Endpoint) string {
			if e.State == model.SynReceived && e.Passive {
				return e.State.String() + " (passive)"
			}
			return e.State.String()
		}),
		field("ISS", num(func(e *model.Endpoint) uint16 { return e.ISS })),
		field("IRS", num(func(e *model.Endpoint) uint16 { return e.IRS })),
		field("SND.UNA", num(func(e *model.Endpoint) uint16 { return e.SndUna })),
		field("SND.NXT", num(func(e *model.Endpoint) uint16 { return e.SndNxt })),
		field("RCV.NXT", num(func(e *model.Endpoint) uint16 { return e.RcvNxt })),
		field("retx", func(e *model.Endpoint) string { return itoa(int(e.Retx)) }),
		field("attempt", func(e *model.Endpoint) string { return itoa(int(e.Att)) }),
	}}
	n.Rows = append(n.Rows, PathRow{Name: "network", Cells: []Cell{{Text: networkText(s, "\n")}}})
	return n
}

// hasTCB reports whether the endpoint's sequence variables mean anything.
func hasTCB(e *model.Endpoint) bool { return e.State != model.Closed && e.State != model.Listen }

// networkText lists the segments in flight with their sender and
// incarnation, "A <SEQ=100><CTL=SYN> (A1)".
func networkText(s *model.State, sep string) string {
	segs := s.Net.Segments()
	if len(segs) == 0 {
		return "empty"
	}
	parts := make([]string, len(segs))
	for i, g := range segs {
		parts[i] = fmt.Sprintf("%v %v (%v)", g.Src, g, g.Tag)
	}
	return strings.Join(parts, sep)
}

// StateLabel is a compact multi-line label of a joint state for state
// graphs.
func StateLabel(s *model.State) string {
	var b strings.Builder
	for i := range s.E {
		e := &s.E[i]
		fmt.Fprintf(&b, "%v %v", model.Side(i), e.State)
		if hasTCB(e) {
			fmt.Fprintf(&b, " una=%d nxt=%d", e.SndUna, e.SndNxt)
			if e.State != model.SynSent {
				fmt.Fprintf(&b, " rcv=%d", e.RcvNxt)
			}
		}
		// The ghosts and counters tell apart states whose protocol fields
		// are equal.
		if e.Opens > 0 {
			fmt.Fprintf(&b, " · opens %d · att %d", e.Opens, e.Att)
		}
		if e.CloseCalled {
			b.WriteString(" · CLOSE called")
		}
		if e.Abrupt {
			b.WriteString(" · abrupt")
		}
		b.WriteByte('\n')
	}
	b.WriteString(networkText(s, "\n"))
	return b.String()
}

// ActionLabel is a short label of an action for state graphs: "A rcv
// SYN,ACK / snd ACK".
func ActionLabel(a model.Action) string {
	ev, resp := eventResponse(a)
	if a.Kind == model.Drop {
		return "lose " + a.Seg.Src.String() + " " + a.Seg.Flags.String()
	}
	return a.Side.String() + " " + ev + " / " + resp
}

// eventResponse is an action in the notation of Figure 5.
func eventResponse(a model.Action) (event, response string) {
	switch a.Kind {
	case model.Deliver:
		event = "rcv " + a.Seg.Flags.String()
	default:
		event = a.Kind.String()
	}
	switch {
	case a.HasSent && a.From == model.Closed && a.Kind == model.ActiveOpen:
		response = "create TCB, snd " + a.Sent.Flags.String()
	case a.HasSent:
		response = "snd " + a.Sent.Flags.String()
	case a.From == model.Closed && a.To == model.Listen:
		response = "create TCB"
	case a.To == model.Closed && a.From != model.Closed:
		response = "delete TCB"
	default:
		response = "x"
	}
	return event, response
}

// trigger classifies an action for comparison with Figure 5 (see
// DiagramEdge.Trigger). A delivery is classified by what its processing
// acted on, so that a FIN,ACK whose FIN was held counts as an ACK.
func trigger(a model.Action) string {
	switch a.Kind {
	case model.Deliver:
	case model.TimeWaitExpire:
		return "timeout"
	default:
		return a.Kind.String()
	}
	switch a.Rule {
	case model.RuleFin:
		return "rcv FIN"
	case model.RuleAck, model.RuleSynRcvdAck:
		return "rcv ACK"
	case model.RuleRSTReset, model.RuleSynSentRST:
		return "rcv RST"
	case model.RuleSynSentSynAck, model.RuleAnySynAck:
		return "rcv SYN,ACK"
	case model.RuleListenSYN, model.RuleSynSentSyn, model.RuleSYNToListen, model.RuleSYNReset, model.RuleTwoWayHandshake:
		return "rcv SYN"
	}
	f := a.Seg.Flags
	switch {
	case f&model.FlagRST != 0:
		return "rcv RST"
	case f&model.FlagSYN != 0 && f&model.FlagACK != 0:
		return "rcv SYN,ACK"
	case f&model.FlagSYN != 0:
		return "rcv SYN"
	case f&model.FlagFIN != 0:
		return "rcv FIN"
	}
	return "rcv ACK"
}

// DiagramObserver projects explored transitions onto the acting
// endpoint's state change. Observe is safe for concurrent use, so it can
// sit in explore.Options.ActionConstraint (wrapped to return true) while a
// parallel search runs.
type DiagramObserver struct {
	mu sync.Mutex
	d  Diagram
}

// Observe records one transition. Transitions into states outside the
// model's bounds are not protocol behaviour and are skipped.
func (o *DiagramObserver) Observe(_ *model.State, a model.Action, to *model.State) {
	if a.From == a.To || !model.InBounds(to) {
		return
	}
	ev, resp := eventResponse(a)
	tr := trigger(a)
	o.mu.Lock()
	o.d.Add(a.From.String(), a.To.String(), tr, ev, resp)
	o.mu.Unlock()
}

// Diagram returns what was observed, titled.
func (o *DiagramObserver) Diagram(title string) *Diagram {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := &Diagram{Title: title, States: Figure5States, Sink: "CLOSED", edges: map[diagramKey]*DiagramEdge{}}
	for k, e := range o.d.edges {
		c := *e
		d.edges[k] = &c
	}
	return d
}

// RebuildDiagram searches every reachable state of m and returns the
// endpoint state diagram its transitions project onto.
func RebuildDiagram(ctx context.Context, m *model.Model, title string, workers int) (*Diagram, *explore.Result[model.State, model.Action], error) {
	var o DiagramObserver
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers:    workers,
		Store:      explore.Exact,
		Constraint: model.InBounds,
		ActionConstraint: func(from *model.State, a model.Action, to *model.State) bool {
			o.Observe(from, a, to)
			return true
		},
	})
	if err != nil {
		return nil, nil, err
	}
	if r.Verdict == explore.Incomplete {
		return nil, r, fmt.Errorf("graphs: the search stopped early (%s): the diagram would be partial", r.Stats.StopReason)
	}
	return o.Diagram(title), r, nil
}
