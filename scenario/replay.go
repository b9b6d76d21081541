package scenario

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// Report is the outcome of a replay: one result per step, up to and
// including the first step that failed.
type Report struct {
	Trace   *Trace
	Config  model.Config
	Results []StepResult
	// Failure is the first step that is not a behaviour of the model, or
	// whose expectations do not hold; nil when the whole trace replayed.
	Failure *Failure
	// Path is the sequence of transitions taken, from the initial state,
	// in the form of the engine's counterexamples, for drawing.
	Path explore.Trace[model.State, model.Action]
}

// OK reports whether every step replayed and every expectation held.
func (r *Report) OK() bool { return r.Failure == nil }

// StepResult is what one step did.
type StepResult struct {
	Step  *Step
	Index int // the step's place among the trace's steps, from 1
	// Number is the transition's number when the step moved the model,
	// counting only such steps as the ladder and the state path do; 0
	// for a rejected step or an expect line.
	Number int
	OK     bool // the step held: taken (or, if rejected, absent) with its expectations
	// Taken is set when the step moved the model: Action is the
	// transition and State the state after it.
	Taken  bool
	Action model.Action
	State  model.State
}

// boundPrefix starts the Reason of a step refused only by a bound of the
// model, which says nothing about TCP.
const boundPrefix = "the step leaves the model's bounds "

// Failure says where a trace stops being a behaviour of the model, and
// why: Reason in one sentence, the state it was in, and the transitions
// the model enabled there.
type Failure struct {
	Name  string
	Index int // the step's place among the trace's steps, from 1
	// Number is the transition number the step would have had: one more
	// than the transitions taken before it, as the ladder counts.
	Number  int
	Pos     Pos
	Step    string // the step in canonical form
	Reason  string
	State   model.State
	Enabled []string // labels of the enabled transitions
}

// Bound reports whether the step was refused only because it leaves the
// model's bounds (network size, losses, ...): the trace goes beyond what
// this configuration explores, which is not a verdict on the trace.
func (f *Failure) Bound() bool { return strings.HasPrefix(f.Reason, boundPrefix) }

// Error is a message for a terminal, e.g.
//
//	S3:7: step 5 (B rcv <SEQ=300><CTL=SYN>): not enabled in A SYN-SENT, B LISTEN, net A<SEQ=100><CTL=SYN>
//	  enabled here:
//	    B rcv <SEQ=100><CTL=SYN> in LISTEN -> SYN-RECEIVED, ...
func (f *Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: line %d, after step %d: %s: %s", f.Name, f.Pos.Line, f.Number-1, f.Step, f.Reason)
	if len(f.Enabled) == 0 {
		b.WriteString("\n  nothing is enabled here")
		return b.String()
	}
	b.WriteString("\n  enabled here:")
	for _, l := range f.Enabled {
		b.WriteString("\n    " + l)
	}
	return b.String()
}

// Replay runs t against the model its config lines describe. The error is
// for a trace that cannot be run at all (a bad config key or value, a
// sequence number beyond the sequence space); a trace that runs but is not
// a behaviour of the model gives a Report with a Failure.
func Replay(t *Trace) (*Report, error) {
	c, err := t.ModelConfig()
	if err != nil {
		return nil, err
	}
	return ReplayConfig(t, c)
}

// ReplayConfig runs t against the model of c, ignoring t's config lines;
// for example, to see where a trace written for one variant fails under
// another.
func ReplayConfig(t *Trace, c model.Config) (*Report, error) {
	m, err := model.New(c)
	if err != nil {
		pos, whose := Pos{}, "the trace's model configuration"
		for _, s := range t.Config {
			if s.Pos.Line == 0 {
				// Settings without a place came from the command line.
				whose = "the model configuration (the trace's config lines with the command-line flags applied)"
				break
			}
			if pos.Line == 0 {
				pos = s.Pos
			}
		}
		if whose != "the trace's model configuration" {
			pos = Pos{}
		}
		return nil, t.errorAt(pos, whose+" is refused: "+err.Error())
	}
	if err := t.checkValues(c.ISNSpace); err != nil {
		return nil, err
	}
	r := &Report{Trace: t, Config: c}
	cur := m.Initial()
	r.Path.Init = cur
	for i := range t.Steps {
		st := &t.Steps[i]
		res := StepResult{Step: st, Index: i + 1}
		next, a, taken, reason, enabled := replayStep(m, &cur, st)
		if reason != "" {
			r.Results = append(r.Results, res)
			r.Failure = &Failure{
				Name: t.Name, Index: i + 1, Number: len(r.Path.Steps) + 1, Pos: st.Pos, Step: st.String(),
				Reason: reason, State: cur, Enabled: enabled,
			}
			return r, nil
		}
		res.OK = true
		if taken {
			res.Taken, res.Action, res.State = true, a, next
			res.Number = len(r.Path.Steps) + 1
			r.Path.Steps = append(r.Path.Steps, explore.Step[model.State, model.Action]{Action: a, State: next})
			cur = next
		} else {
			res.State = cur
		}
		r.Results = append(r.Results, res)
	}
	return r, nil
}

// checkValues refuses sequence numbers that the sequence space cannot
// hold: such a step could never match, and the user has most likely
// forgotten isn-space.
func (t *Trace) checkValues(n int) error {
	bad := func(p Pos, what string, v uint32) error {
		return t.errorAt(p, fmt.Sprintf("%s=%d is outside the sequence space 0..%d: raise isn-space (now %d) or lower the value", what, v, n-1, n))
	}
	seg := func(g SegPattern) error {
		if g.HasSeq && int(g.Seq) >= n {
			return bad(g.Pos, "SEQ", g.Seq)
		}
		if g.HasAck && int(g.Ack) >= n {
			return bad(g.Pos, "ACK", g.Ack)
		}
		return nil
	}
	for _, d := range t.OldDups {
		if err := seg(d.Seg); err != nil {
			return err
		}
	}
	for _, st := range t.Steps {
		if st.Verb.HasSegment() {
			if err := seg(st.Seg); err != nil {
				return err
			}
		}
		for _, e := range st.Expect {
			var err error
			switch e.Kind {
			case ExpectSent, ExpectNetHas:
				err = seg(e.Seg)
			case ExpectField:
				if int(e.Value) >= n {
					err = bad(e.Pos, e.Field, e.Value)
				}
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// replayStep finds the transition a step names. It returns the reason the
// step fails, or "" with the successor (taken reports whether the model
// moved: not for expect lines and rejected steps).
func replayStep(m *model.Model, cur *model.State, st *Step) (next model.State, a model.Action, taken bool, reason string, enabled []string) {
	labels := func(ts []model.Transition) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Action.String()
		}
		return out
	}
	if st.Verb == Check {
		for _, e := range st.Expect {
			if why := checkExpect(e, nil, cur); why != "" {
				return next, a, false, why, labels(m.Successors(cur))
			}
		}
		return next, a, false, "", nil
	}
	succ := m.Successors(cur)
	named, good, whyNot := candidates(st, succ)
	if st.Reject {
		if len(good) > 0 {
			return next, a, false, "the trace says this must not happen, but the model does it: " + good[0].Action.String(), labels(succ)
		}
		return next, a, false, "", nil
	}
	switch {
	case len(named) == 0:
		return next, a, false, "not enabled in " + summary(cur), labels(succ)
	case len(good) == 0 && len(named) == 1:
		return next, a, false, "the model does " + named[0].Action.String() + ", but " + strings.TrimPrefix(whyNot[0], named[0].Action.String()+": "), labels(succ)
	case len(good) == 0:
		return next, a, false, fmt.Sprintf("none of the %d matching transitions meets the expectations: %s", len(named), strings.Join(whyNot, "; ")), labels(succ)
	}
	// Transitions that lead to the same state are one behaviour.
	first := good[0]
	for _, t := range good[1:] {
		if t.Next != first.Next {
			return next, a, false, fmt.Sprintf("ambiguous: %d transitions match (%s); give the segment in full or add expectations to choose one", len(good), strings.Join(labels(good), "; ")), labels(succ)
		}
	}
	if first.Next.HitBound() {
		return next, a, false, boundPrefix + fmt.Sprintf("(%s): raise that setting (in the config line, or as a flag); the bound is the model's limit, not TCP's", first.Next.BoundReason()), labels(succ)
	}
	return first.Next, first.Action, true, "", nil
}

// candidates sorts the transitions of succ: named are those the step
// names, good those of them that meet its expectations, and whyNot says,
// for each of the others, which expectation failed. Expectations choose
// among several transitions the step names (an ISS drawn by a
// nondeterministic policy, say).
func candidates(st *Step, succ []model.Transition) (named, good []model.Transition, whyNot []string) {
	for _, t := range succ {
		if !actionMatches(st, t.Action) {
			continue
		}
		named = append(named, t)
		why := ""
		for _, e := range st.Expect {
			if why = checkExpect(e, &t.Action, &t.Next); why != "" {
				break
			}
		}
		if why == "" {
			good = append(good, t)
		} else {
			whyNot = append(whyNot, t.Action.String()+": "+why)
		}
	}
	return named, good, whyNot
}

var verbKinds = map[Verb]model.ActionKind{
	OpenActive:     model.ActiveOpen,
	OpenPassive:    model.PassiveOpen,
	Close:          model.Close,
	Abort:          model.Abort,
	Crash:          model.Crash,
	Rcv:            model.Deliver,
	RcvDup:         model.Deliver,
	Lose:           model.Drop,
	Retransmit:     model.Retransmit,
	GiveUp:         model.GiveUp,
	TimeWaitExpire: model.TimeWaitExpire,
	FinWait2Expire: model.FinWait2Expire,
	Send:           model.Send,
	SendQueued:     model.Output,
	Receive:        model.Receive,
}

// actionMatches reports whether a is the transition st names. For lose,
// the step's side is the segment's destination, as for rcv; the model
// records the sender.
func actionMatches(st *Step, a model.Action) bool {
	if k, ok := verbKinds[st.Verb]; !ok || a.Kind != k {
		return false
	}
	side := model.Side(st.Side)
	switch st.Verb {
	case Lose:
		return a.Seg.Src == side.Peer() && segMatches(st.Seg, a.Seg)
	case Rcv, RcvDup:
		return a.Side == side && a.Dup == (st.Verb == RcvDup) && segMatches(st.Seg, a.Seg)
	}
	return a.Side == side
}

func segMatches(p SegPattern, g model.Segment) bool {
	if p.HasSeq && uint32(g.Seq) != p.Seq {
		return false
	}
	if p.HasAck && (g.Flags&model.FlagACK == 0 || uint32(g.Ack) != p.Ack) {
		return false
	}
	if p.HasCtl && g.Flags != modelFlags(p.Flags) {
		return false
	}
	if p.HasTag && (g.Tag.Side != model.Side(p.TagSide) || g.Tag.Att != p.TagAtt) {
		return false
	}
	return true
}

// checkExpect returns why e does not hold after action a (nil on an
// expect line) in state s, or "".
func checkExpect(e Expectation, a *model.Action, s *model.State) string {
	ep := &s.E[model.Side(e.Side)]
	switch e.Kind {
	case ExpectState:
		want, ok := model.ParseTCPState(e.State)
		if !ok {
			return "the model has no state " + e.State
		}
		if ep.State != want {
			return fmt.Sprintf("%s is %v, not %s", e.Side, ep.State, e.State)
		}
	case ExpectSent:
		if a == nil || !a.HasSent {
			return "it sends nothing, not " + e.Seg.String()
		}
		if !segMatches(e.Seg, a.Sent) {
			return fmt.Sprintf("it sends %v, not %v", a.Sent, e.Seg)
		}
	case ExpectSilent:
		if a != nil && a.HasSent {
			return fmt.Sprintf("it sends %v, not nothing", a.Sent)
		}
	case ExpectField:
		var got uint16
		switch e.Field {
		case "SND.UNA":
			got = ep.SndUna
		case "SND.NXT":
			got = ep.SndNxt
		case "RCV.NXT":
			got = ep.RcvNxt
		case "ISS":
			got = ep.ISS
		case "IRS":
			got = ep.IRS
		}
		if uint32(got) != e.Value {
			return fmt.Sprintf("%s.%s is %d, not %d", e.Side, e.Field, got, e.Value)
		}
	case ExpectNetEmpty:
		if s.Net.Len() != 0 {
			return "the network holds " + netSummary(s)
		}
	case ExpectNetCount:
		if s.Net.Len() != int(e.Value) {
			return fmt.Sprintf("the network holds %d segments, not %d: %s", s.Net.Len(), e.Value, netSummary(s))
		}
	case ExpectNetHas:
		for _, g := range s.Net.Segments() {
			if segMatches(e.Seg, g) {
				return ""
			}
		}
		return fmt.Sprintf("no %v in flight: the network holds %s", e.Seg, netSummary(s))
	}
	return ""
}

// summary is a one-line description of a state: both endpoints and the
// network.
func summary(s *model.State) string {
	return fmt.Sprintf("A %v, B %v, net %s", s.E[model.A].State, s.E[model.B].State, netSummary(s))
}

func netSummary(s *model.State) string {
	segs := s.Net.Segments()
	if len(segs) == 0 {
		return "empty"
	}
	parts := make([]string, len(segs))
	for i, g := range segs {
		parts[i] = g.Src.String() + g.String()
	}
	return strings.Join(parts, " ")
}
