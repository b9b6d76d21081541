package graphs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/emicklei/dot"
)

// DiagramEdge is one endpoint state change with its cause and response,
// in the notation of RFC 9293 Figure 5: event / response.
type DiagramEdge struct {
	From, To string
	// Trigger is the kind of event, used to compare with the figure:
	// "passive OPEN", "active OPEN", "CLOSE", "ABORT", "rcv SYN",
	// "rcv SYN,ACK", "rcv ACK", "rcv FIN", "rcv RST", "timeout", ...
	Trigger string
	// Event and Response are the text drawn: "rcv SYN" / "snd SYN,ACK".
	Event, Response string
	Count           int // how many explored transitions projected onto it
}

// Diagram is an endpoint state diagram rebuilt from a search.
type Diagram struct {
	Title  string
	States []string // drawing order of the states; others are appended
	// Sink, if set, is a state drawn twice: edges the figure does not
	// show that enter it go to a second copy at the bottom, so that the
	// many resets, aborts and give-ups into CLOSED do not cross the
	// figure's own edges.
	Sink  string
	edges map[diagramKey]*DiagramEdge
}

type diagramKey struct{ from, to, event, response string }

// Add records one explored transition of one endpoint. Transitions that
// do not change the state are not recorded: Figure 5 shows only state
// changes, and the self-loops (re-ACKs, duplicates ignored) would bury
// them.
func (d *Diagram) Add(from, to, trigger, event, response string) {
	if from == to {
		return
	}
	if d.edges == nil {
		d.edges = map[diagramKey]*DiagramEdge{}
	}
	k := diagramKey{from, to, event, response}
	e := d.edges[k]
	if e == nil {
		e = &DiagramEdge{From: from, To: to, Trigger: trigger, Event: event, Response: response}
		d.edges[k] = e
	}
	e.Count++
}

// Edges returns the recorded edges in a fixed order (from, to, event,
// response).
func (d *Diagram) Edges() []DiagramEdge {
	out := make([]DiagramEdge, 0, len(d.edges))
	for _, e := range d.edges {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return lessEdge(out[i], out[j]) })
	return out
}

func lessEdge(a, b DiagramEdge) bool {
	if a.From != b.From {
		return a.From < b.From
	}
	if a.To != b.To {
		return a.To < b.To
	}
	if a.Event != b.Event {
		return a.Event < b.Event
	}
	return a.Response < b.Response
}

// FigureEdge is an edge of a reference state diagram.
type FigureEdge struct {
	From, To        string
	Trigger         string // as in DiagramEdge
	Event, Response string // as printed in the figure
}

// Figure5 is RFC 9293 Figure 5 (TCP Connection State Diagram), edge by
// edge, with the state names of §3.3.2 rather than the figure's
// abbreviations. Its "SEND" from LISTEN is an active OPEN of a listening
// connection (§3.10.2).
var Figure5 = []FigureEdge{
	{"CLOSED", "LISTEN", "passive OPEN", "passive OPEN", "create TCB"},
	{"CLOSED", "SYN-SENT", "active OPEN", "active OPEN", "create TCB, snd SYN"},
	{"LISTEN", "CLOSED", "CLOSE", "CLOSE", "delete TCB"},
	{"LISTEN", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK"},
	{"LISTEN", "SYN-SENT", "active OPEN", "SEND", "snd SYN"},
	{"SYN-RECEIVED", "LISTEN", "rcv RST", "rcv RST (note 1)", ""},
	{"SYN-SENT", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK"},
	{"SYN-SENT", "CLOSED", "CLOSE", "CLOSE", "delete TCB"},
	{"SYN-RECEIVED", "ESTABLISHED", "rcv ACK", "rcv ACK of SYN", "x"},
	{"SYN-SENT", "ESTABLISHED", "rcv SYN,ACK", "rcv SYN,ACK", "snd ACK"},
	{"SYN-RECEIVED", "FIN-WAIT-1", "CLOSE", "CLOSE", "snd FIN"},
	{"ESTABLISHED", "FIN-WAIT-1", "CLOSE", "CLOSE", "snd FIN"},
	{"ESTABLISHED", "CLOSE-WAIT", "rcv FIN", "rcv FIN", "snd ACK"},
	{"FIN-WAIT-1", "FIN-WAIT-2", "rcv ACK", "rcv ACK of FIN", "x"},
	{"FIN-WAIT-1", "CLOSING", "rcv FIN", "rcv FIN", "snd ACK"},
	{"FIN-WAIT-2", "TIME-WAIT", "rcv FIN", "rcv FIN", "snd ACK"},
	{"CLOSE-WAIT", "LAST-ACK", "CLOSE", "CLOSE", "snd FIN"},
	{"CLOSING", "TIME-WAIT", "rcv ACK", "rcv ACK of FIN", "x"},
	{"LAST-ACK", "CLOSED", "rcv ACK", "rcv ACK of FIN", "x"},
	{"TIME-WAIT", "CLOSED", "timeout", "Timeout=2MSL", "delete TCB"},
}

// Figure5States is the drawing order of the eleven states, the figure's
// top to bottom.
var Figure5States = []string{
	"CLOSED", "LISTEN", "SYN-RECEIVED", "SYN-SENT", "ESTABLISHED",
	"FIN-WAIT-1", "CLOSE-WAIT", "FIN-WAIT-2", "CLOSING", "LAST-ACK", "TIME-WAIT",
}

// Comparison says how a rebuilt diagram differs from a figure. An edge
// matches when source, target and trigger are equal.
type Comparison struct {
	Matched []FigureEdge  // figure edges the search took
	Missing []FigureEdge  // figure edges the search never took
	Extra   []DiagramEdge // edges the search took that the figure does not show
}

type matchKey struct{ from, to, trigger string }

// Compare matches the diagram's edges against fig.
func Compare(d *Diagram, fig []FigureEdge) Comparison {
	inFig := map[matchKey]bool{}
	for _, f := range fig {
		inFig[matchKey{f.From, f.To, f.Trigger}] = true
	}
	taken := map[matchKey]bool{}
	var c Comparison
	for _, e := range d.Edges() {
		k := matchKey{e.From, e.To, e.Trigger}
		taken[k] = true
		if !inFig[k] {
			c.Extra = append(c.Extra, e)
		}
	}
	for _, f := range fig {
		if taken[matchKey{f.From, f.To, f.Trigger}] {
			c.Matched = append(c.Matched, f)
		} else {
			c.Missing = append(c.Missing, f)
		}
	}
	return c
}

// Text is the comparison as a plain report, one edge a line.
func (c Comparison) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Figure 5 edges the search took: %d\n", len(c.Matched))
	fmt.Fprintf(&b, "Figure 5 edges the search never took: %d\n", len(c.Missing))
	for _, f := range c.Missing {
		fmt.Fprintf(&b, "  %s -> %s: %s / %s\n", f.From, f.To, f.Event, orX(f.Response))
	}
	fmt.Fprintf(&b, "edges the search took that Figure 5 does not show: %d\n", len(c.Extra))
	for _, e := range c.Extra {
		fmt.Fprintf(&b, "  %s -> %s: %s / %s (%d transitions)\n", e.From, e.To, e.Event, orX(e.Response), e.Count)
	}
	return b.String()
}

func orX(s string) string {
	if s == "" {
		return "x"
	}
	return s
}

// WriteDOT draws the rebuilt diagram over the figure: edges both have in
// black, edges only the search took in red, and figure edges the search
// never took in grey dashes. Parallel edges of one kind are merged into
// one arrow with a label line each, as event / response.
func (d *Diagram) WriteDOT(fig []FigureEdge) ([]byte, error) {
	c := Compare(d, fig)
	g := newGraph("diagram", "")
	g.Attr("label", html(font(escapeHTML(d.Title), "", 16, true)+"<BR/>"+
		font(escapeHTML(fmt.Sprintf("black: in the figure and taken (%d); red: taken, not in the figure (%d); grey dashed: in the figure, never taken (%d)",
			len(c.Matched), len(c.Extra), len(c.Missing))), colMuted, 10, false)))
	g.Attr("ranksep", "0.6")
	g.Attr("nodesep", "0.5")

	// States: the declared order first, then any others sorted.
	order := append([]string(nil), d.States...)
	known := map[string]bool{}
	for _, s := range order {
		known[s] = true
	}
	var others []string
	addOther := func(s string) {
		if !known[s] {
			known[s] = true
			others = append(others, s)
		}
	}
	for _, e := range d.Edges() {
		addOther(e.From)
		addOther(e.To)
	}
	for _, f := range fig {
		addOther(f.From)
		addOther(f.To)
	}
	sort.Strings(others)
	order = append(order, others...)
	nodes := map[string]dot.Node{}
	for i, s := range order {
		nodes[s] = g.Node(fmt.Sprintf("q%03d", i)).Attr("shape", "box").Attr("style", "rounded,filled").
			Attr("fillcolor", "#e8eef8").Attr("color", colCurrent).Attr("fontsize", "12").Attr("label", text(s))
	}

	var sink dot.Node
	sinkNode := func() dot.Node {
		if sink.ID() == "" {
			sub := g.Subgraph("sink", dot.ClusterOption{})
			sub.Attr("rank", "sink")
			sub.Attr("style", "invis")
			sink = sub.Node("zsink").Attr("shape", "box").Attr("style", "rounded,filled,dashed").
				Attr("fillcolor", "#f6d5d1").Attr("color", colBroken).Attr("fontsize", "12").
				Attr("label", text(d.Sink+"\n(resets, aborts, give-ups)"))
		}
		return sink
	}
	type group struct {
		from, to string
		kind     int // 0 matched, 1 extra, 2 missing
	}
	lines := map[group][]string{}
	counts := map[group]int{}
	var groups []group
	add := func(k group, line string) {
		if _, ok := lines[k]; !ok {
			groups = append(groups, k)
		}
		lines[k] = append(lines[k], line)
	}
	inFig := map[matchKey]bool{}
	for _, f := range fig {
		inFig[matchKey{f.From, f.To, f.Trigger}] = true
	}
	for _, e := range d.Edges() {
		kind := 1
		if inFig[matchKey{e.From, e.To, e.Trigger}] {
			kind = 0
		}
		add(group{e.From, e.To, kind}, e.Event+" / "+orX(e.Response))
		counts[group{e.From, e.To, kind}] += e.Count
	}
	for _, f := range c.Missing {
		add(group{f.From, f.To, 2}, f.Event+" / "+orX(f.Response))
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.from != b.from {
			return a.from < b.from
		}
		if a.to != b.to {
			return a.to < b.to
		}
		return a.kind < b.kind
	})
	for _, k := range groups {
		ls := lines[k]
		for i := range ls {
			ls[i] = escapeHTML(ls[i])
		}
		colour := []string{"#222222", colBroken, "#aaaaaa"}[k.kind]
		to := nodes[k.to]
		if k.kind == 1 && k.to == d.Sink {
			to = sinkNode()
		}
		e := g.Edge(nodes[k.from], to).
			Attr("label", html(font(strings.Join(ls, "<BR/>"), colour, 9, false))).
			Attr("color", colour)
		if c := counts[k]; c > 0 {
			e.Attr("tooltip", fmt.Sprintf("%d explored transitions", c))
		}
		switch k.kind {
		case 1:
			if k.to == d.Sink {
				break
			}
			// Extra edges (resets, give-ups) point backwards in the
			// figure's order and would drag the layout; they do not
			// rank their ends.
			e.Attr("constraint", "false")
		case 2:
			e.Attr("style", "dashed")
		}
	}
	return source(g), nil
}
