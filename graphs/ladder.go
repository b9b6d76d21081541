package graphs

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/emicklei/dot"
)

// EventKind says what happens on a lifeline in one step of a ladder.
type EventKind uint8

const (
	// Call is a user call (OPEN, CLOSE, ABORT) on Side's lifeline.
	Call EventKind = iota
	// Timer is a timer firing (retransmission, give-up, 2MSL) on Side.
	Timer
	// Send is Side emitting segment ID, labelled Text.
	Send
	// Receive is Side taking segment ID from the network. A segment may be
	// received more than once (duplication).
	Receive
	// Loss is segment ID leaving the network undelivered; its arrow ends
	// in a cross.
	Loss
	// Mark is a free note on Side's lifeline, such as a crash.
	Mark
)

// LadderEvent is one thing that happens in a step.
type LadderEvent struct {
	Kind EventKind
	Side int    // 0 is the left lifeline, 1 the right one
	ID   int    // the segment, for Send, Receive and Loss
	Text string // call, timer or note name; the segment label for Send
	// Old, on a Send, marks a segment of an old incarnation from the
	// start (sent before the run began); it is drawn red throughout.
	Old bool
	// Age, on a Receive or Loss, is the segment's age at that arrival, so
	// that one send can arrive fresh and, as a duplicate, late; on a Send
	// still in flight when the trace ends, its age by then.
	Age Age
}

// Age says how a segment relates to its sender's attempts when it
// arrives, which decides its colour.
type Age uint8

const (
	// Fresh: the attempt that sent it is still open (blue).
	Fresh Age = iota
	// Late: the sender has closed that attempt and not opened another
	// (orange), like the RST of an ABORT or a delayed duplicate.
	Late
	// Stale: an old incarnation; the sender has drawn a new ISS since, or
	// the segment predates the run (red).
	Stale
)

// LadderStep is one row of a ladder: what happened, and both endpoint
// states after it.
type LadderStep struct {
	Events []LadderEvent
	State  [2]string
}

// Ladder is a time-sequence diagram of two endpoints in the form of RFC
// 9293 Figures 6-13: two lifelines, time running down, each endpoint's
// state at the sides, and an arrow per segment from its send to its
// receipt.
type Ladder struct {
	Title     string
	Lifelines [2]string
	Initial   [2]string // states before the first step
	// Earlier are Send events from before the picture begins (segments
	// already in the network initially); they are drawn above the first
	// row.
	Earlier []LadderEvent
	Steps   []LadderStep
	// Broken is the state in which a property is found broken, as a
	// number of steps (0 is the initial state, len(Steps) the last), or
	// -1.
	Broken int
	// CycleStart, for a liveness lasso, is the state where the cycle
	// begins, as a number of steps: the steps after it repeat forever and
	// lead back to it. CycleStart == len(Steps) means the run stays in
	// its last state forever. -1 means no cycle.
	CycleStart int
}

// Colours used by every picture.
const (
	colCurrent = "#1f4e9a"
	colOld     = "#c0392b"
	colLate    = "#d35400"
	colBroken  = "#c0392b"
	colCycle   = "#7d3c98"
	colChanged = "#fff2a8"
	colMuted   = "#888888"
	colLine    = "#555555"
)

// Geometry of a ladder, in inches.
const (
	rowH    = 0.55
	xStep   = -0.4
	xStateA = 0.7
	xMarkA  = 2.2
	xLifeA  = 3.3
	xLifeB  = 9.7
	xMarkB  = 10.8
	xStateB = 12.3
	xCycle  = 13.6
	labelAt = 0.33 // where along its arrow a segment's label sits
)

// segment is what the ladder knows of one segment while laying out.
type segment struct {
	side       int
	row        float64
	label      string
	old        bool      // of an old incarnation from the start
	ageAtEnd   Age       // in flight at the end: its age by then
	receipts   []float64 // rows of its receipts
	receiptAge []Age     // its age at each receipt
	lostAt     float64
	lost       bool
	lostAge    Age
	sentPoint  string
}

// inFlight reports whether the segment is still in the network when the
// trace ends.
func (sg *segment) inFlight() bool { return !sg.lost && len(sg.receipts) == 0 }

// when says when the segment was sent, for tooltips (digits only, so no
// escaping is needed).
func (sg *segment) when() string {
	if sg.row <= 0 {
		return "in the network before step 1"
	}
	return fmt.Sprintf("sent at step %d", int(sg.row))
}

// Validate reports the first inconsistency in l: a side other than 0 or
// 1, a segment sent twice, or received or lost without having been sent.
func (l *Ladder) Validate() error {
	sent := map[int]bool{}
	check := func(where string, e LadderEvent) error {
		if e.Side != 0 && e.Side != 1 {
			return fmt.Errorf("graphs: ladder %s: side %d, want 0 (left) or 1 (right)", where, e.Side)
		}
		switch e.Kind {
		case Send:
			if sent[e.ID] {
				return fmt.Errorf("graphs: ladder %s: segment %d sent twice; give each send its own id", where, e.ID)
			}
			sent[e.ID] = true
		case Receive, Loss:
			if !sent[e.ID] {
				return fmt.Errorf("graphs: ladder %s: segment %d was never sent; add its Send to an earlier step or to Earlier", where, e.ID)
			}
		}
		return nil
	}
	for _, e := range l.Earlier {
		if e.Kind != Send {
			return fmt.Errorf("graphs: ladder: Earlier holds a %v event; it may hold only sends", e.Kind)
		}
		if err := check("before the first step", e); err != nil {
			return err
		}
	}
	for i, st := range l.Steps {
		for _, e := range st.Events {
			if err := check(fmt.Sprintf("step %d", i+1), e); err != nil {
				return err
			}
		}
	}
	if l.Broken > len(l.Steps) || l.CycleStart > len(l.Steps) {
		return fmt.Errorf("graphs: ladder: Broken %d or CycleStart %d is beyond the %d steps", l.Broken, l.CycleStart, len(l.Steps))
	}
	return nil
}

func (k EventKind) String() string {
	switch k {
	case Call:
		return "call"
	case Timer:
		return "timer"
	case Send:
		return "send"
	case Receive:
		return "receive"
	case Loss:
		return "loss"
	default:
		return "mark"
	}
}

// WriteDOT returns the ladder as DOT. Node positions are fixed (neato
// with pinned nodes), because a ladder is a drawing with a fixed geometry,
// not a graph to be laid out.
func (l *Ladder) WriteDOT() ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	// The house style, laid out by neato so that the pinned positions
	// (pos with !) hold, with larger node text.
	g := newGraph("ladder", "")
	g.Attr("layout", "neato")
	g.Attr("outputorder", "edgesfirst")
	g.Attr("fontsize", "16")
	g.Attr("label", html(titleMarkup(l.Title)))
	g.NodeInitializer(func(n dot.Node) {
		n.Attr("fontname", "Helvetica")
		n.Attr("fontsize", "11")
	})

	seq := 0
	node := func(kind string, x, y float64) dot.Node {
		seq++
		n := g.Node(fmt.Sprintf("%s%04d", kind, seq))
		n.Attr("pos", inches(x)+","+inches(y)+"!")
		return n
	}
	point := func(x, y float64) dot.Node {
		return node("p", x, y).Attr("shape", "point").Attr("width", "0.06").Attr("color", colLine)
	}
	plain := func(x, y float64, markup string) dot.Node {
		return node("t", x, y).Attr("shape", "plaintext").Attr("label", html(markup)).Attr("margin", "0.02")
	}
	life := [2]float64{xLifeA, xLifeB}
	stateX := [2]float64{xStateA, xStateB}
	markX := [2]float64{xMarkA, xMarkB}
	y := func(row float64) float64 { return -row * rowH }

	// Header: lifeline names.
	top := -0.9
	if len(l.Earlier) > 0 {
		top = -1.4 - 0.3*float64(len(l.Earlier))
	}
	var prev [2]dot.Node
	for s := 0; s < 2; s++ {
		plain(life[s], y(top), font(escapeHTML(l.Lifelines[s]), "", 13, true))
		prev[s] = point(life[s], y(top+0.45))
	}

	// Rows: 0 is the initial state, step i is row i+1.
	n := len(l.Steps)
	points := make([][2]dot.Node, n+1)
	lifeline := func(s int, to dot.Node) {
		g.Edge(prev[s], to).Attr("dir", "none").Attr("color", colLine).Attr("penwidth", "2")
		prev[s] = to
	}
	for row := 0; row <= n; row++ {
		states := l.Initial
		before := l.Initial
		stepLabel := ""
		colour := ""
		switch {
		case row == l.Broken:
			colour = colBroken
		case l.CycleStart >= 0 && row >= l.CycleStart:
			colour = colCycle
		}
		if row > 0 {
			states = l.Steps[row-1].State
			if row > 1 {
				before = l.Steps[row-2].State
			}
			stepLabel = itoa(row) + "."
		}
		if stepLabel != "" {
			plain(xStep, y(float64(row)), font(stepLabel, colour, 11, row == l.Broken))
		}
		for s := 0; s < 2; s++ {
			changed := row > 0 && states[s] != before[s]
			plain(stateX[s], y(float64(row)), font(escapeHTML(states[s]), colour, 11, changed))
			points[row][s] = point(life[s], y(float64(row)))
			lifeline(s, points[row][s])
		}
	}
	for s := 0; s < 2; s++ {
		lifeline(s, point(life[s], y(float64(n)+1.2)))
	}

	// Segments, in the order they were sent.
	segs := map[int]*segment{}
	var order []int
	addSend := func(e LadderEvent, row float64, from dot.Node) {
		segs[e.ID] = &segment{side: e.Side, row: row, label: e.Text, old: e.Old, ageAtEnd: e.Age, sentPoint: from.ID()}
		order = append(order, e.ID)
	}
	earlierRow := -1.0
	for i, e := range l.Earlier {
		p := point(life[e.Side], y(earlierRow+float64(i)*0.3))
		p.Attr("color", colOld).Attr("width", "0.1")
		addSend(e, earlierRow+float64(i)*0.3, p)
	}
	for i, st := range l.Steps {
		row := float64(i + 1)
		for _, e := range st.Events {
			switch e.Kind {
			case Send:
				addSend(e, row, points[i+1][e.Side])
			case Receive:
				sg := segs[e.ID]
				sg.receipts = append(sg.receipts, row)
				sg.receiptAge = append(sg.receiptAge, e.Age)
			case Loss:
				segs[e.ID].lost, segs[e.ID].lostAt, segs[e.ID].lostAge = true, row, e.Age
			case Call, Timer, Mark:
				m := plain(markX[e.Side], y(row), escapeHTML(e.Text))
				switch e.Kind {
				case Call:
					m.Attr("shape", "box").Attr("style", "rounded,filled").Attr("fillcolor", "#e8eef8").Attr("color", colCurrent)
				case Timer:
					m.Attr("label", html(escapeHTML("timer: "+e.Text))).Attr("shape", "box").Attr("style", "dashed,rounded").Attr("color", colLine)
				default:
					m.Attr("shape", "box").Attr("style", "filled").Attr("fillcolor", "#f6d5d1").Attr("color", colOld)
				}
				m.Attr("margin", "0.1,0.03").Attr("height", "0.25")
			}
		}
	}
	// In-flight segments end below the last row, staggered so that their
	// heads do not coincide. They are meant to be seen whole: no other
	// label is put on their lines, and their own labels sit under their
	// heads, clear of every line.
	type line struct {
		id             int
		xa, ya, xb, yb float64
	}
	var flying []line
	for _, id := range order {
		sg := segs[id]
		if !sg.inFlight() {
			continue
		}
		x0, x1 := life[sg.side], life[1-sg.side]
		xe := x0 + math.Min(0.4+0.12*float64(len(flying)), 0.8)*(x1-x0)
		flying = append(flying, line{id, x0, y(sg.row), xe, y(float64(n) + 0.9)})
	}
	crossesFlight := func(id int, bx0, bx1, by float64) bool {
		for _, f := range flying {
			if f.id == id {
				continue
			}
			for k := 0; k <= 64; k++ {
				t := float64(k) / 64
				px, py := f.xa+t*(f.xb-f.xa), f.ya+t*(f.yb-f.ya)
				if px > bx0-0.05 && px < bx1+0.05 && math.Abs(py-by) < 0.13 {
					return true
				}
			}
		}
		return false
	}
	anyOld, anyLate := false, false
	var boxes boxList
	labelBox := func(x, yy, half float64, markup, colour string) {
		boxes = append(boxes, box{x - half, x + half, yy})
		t := plain(x, yy, font(markup, colour, 10, false))
		t.Attr("shape", "box").Attr("style", "filled").Attr("color", "white").Attr("fillcolor", "white").Attr("height", "0.2").Attr("width", "0.1")
	}
	// halfWidth estimates half a label's width generously (wider fonts
	// than Helvetica stand in for it on many machines) from the advance
	// at 10pt.
	halfWidth := func(text string) float64 { return 0.09*float64(utf8.RuneCountInString(text))/2 + 0.1 }
	flown := 0
	legendY := y(float64(n) + 1.8)
	for _, id := range order {
		sg := segs[id]
		from, _ := g.FindNodeById(sg.sentPoint)
		x0, y0 := life[sg.side], y(sg.row)
		x1 := life[1-sg.side]
		colourOf := func(age Age) string {
			switch {
			case sg.old || age == Stale:
				anyOld = true
				return colOld
			case age == Late:
				anyLate = true
				return colLate
			}
			return colCurrent
		}
		// label puts the segment's label on the line from (xa, ya) to
		// (xb, yb), preferably at fraction f of it, elsewhere along it if
		// that spot is taken by an earlier label or would hide a segment
		// in flight; labels stay between the lifelines.
		label := func(xa, ya, xb, yb, f float64, extra, colour string) {
			half := halfWidth(sg.label) + 0.045*float64(utf8.RuneCountInString(extra))
			at := func(f float64) (float64, float64) {
				x := math.Min(math.Max(xa+f*(xb-xa), xLifeA+half), xLifeB-half)
				return x, ya + f*(yb-ya)
			}
			x, yy := at(f)
			found := false
			for _, strict := range []bool{true, false} {
				for _, d := range []float64{0, -0.12, 0.12, -0.22, 0.22, 0.32, -0.32, 0.45} {
					g := f + d
					if g < 0.08 || g > 0.92 {
						continue
					}
					cx, cy := at(g)
					if !boxes.overlaps(cx-half, cx+half, cy) && (!strict || !crossesFlight(id, cx-half, cx+half, cy)) {
						x, yy, found = cx, cy, true
						break
					}
				}
				if found {
					break
				}
			}
			labelBox(x, yy, half, escapeHTML(sg.label)+extra, colour)
		}
		arrow := func(to dot.Node, colour string) dot.Edge {
			return g.Edge(from, to).Attr("color", colour).Attr("penwidth", "1.4").Attr("arrowsize", "0.8")
		}
		for k, r := range sg.receipts {
			colour := colourOf(sg.receiptAge[k])
			arrow(points[int(r)][1-sg.side], colour).Attr("tooltip", sg.when()+fmt.Sprintf(", received at step %d", int(r)))
			yr := y(r)
			if k == 0 {
				label(x0, y0, x1, yr, labelAt, "", colour)
			} else {
				// Later copies get a short tag near their arrival, so that
				// the labels of one send do not pile up.
				label(x0, y0, x1, yr, 0.8, escapeHTML(fmt.Sprintf(" (copy %d)", k+1)), colour)
			}
		}
		switch {
		case sg.lost:
			colour := colourOf(sg.lostAge)
			xl, yl := x0+0.6*(x1-x0), y(sg.lostAt)
			cross := plain(xl, yl, font("X", colBroken, 16, true))
			arrow(cross, colour).Attr("arrowhead", "none").Attr("tooltip", sg.when()+fmt.Sprintf(", lost at step %d", int(sg.lostAt)))
			if len(sg.receipts) == 0 {
				label(x0, y0, xl, yl, 0.5, "", colour)
			}
		case sg.inFlight():
			colour := colourOf(sg.ageAtEnd)
			f := flying[flown]
			flown++
			end := point(f.xb, f.yb)
			end.Attr("style", "invis")
			arrow(end, colour).Attr("style", "dashed").Attr("arrowhead", "open").Attr("tooltip", sg.when()+", still in flight at the end")
			// Under its own head, one row of labels per segment in
			// flight, so that no label covers a line.
			half := halfWidth(sg.label + " (in flight)")
			yy := f.yb - 0.3*float64(flown)
			x := math.Min(math.Max(f.xb, xLifeA+half), xLifeB-half)
			labelBox(x, yy, half, escapeHTML(sg.label+" (in flight)"), colour)
			legendY = math.Min(legendY, yy-0.4)
		}
	}

	// The cycle of a lasso: a bracket from its last step back to its first.
	switch {
	case l.CycleStart >= 0 && l.CycleStart < n:
		a := point(xCycle, y(float64(l.CycleStart)))
		b := point(xCycle, y(float64(n)))
		g.Edge(b, a).Attr("color", colCycle).Attr("penwidth", "2")
		mid := (float64(l.CycleStart) + float64(n)) / 2
		txt := fmt.Sprintf("cycle: steps\n%d to %d\nrepeat forever", l.CycleStart+1, n)
		plain(xCycle+0.9, y(mid), font(escapeHTML(txt), colCycle, 10, false))
	case l.CycleStart == n:
		plain(xCycle+0.5, y(float64(n)), font(escapeHTML("stays here\nforever"), colCycle, 10, false))
	}

	// Legend.
	// Colours are told as they are decided: at each arrival.
	legend := escapeHTML("blue: arrives while the attempt it belongs to is open")
	if anyLate {
		legend += escapeHTML(";  orange: arrives after that attempt closed")
	}
	if anyOld {
		legend += escapeHTML(";  red: of an old incarnation (sent before the run, or a newer ISS has been drawn since)")
	}
	// A RST answering a segment belongs to that segment's attempt.
	legend += "<BR/>" + escapeHTML("X: segment lost;  dashed: still in flight at the end;  bold: state changed")
	plain((xStateA+xStateB)/2, legendY, font(legend, colMuted, 10, false))
	return source(g), nil
}

// titleMarkup sets the first line of a title in bold and the rest, which
// explains it, in smaller type.
func titleMarkup(title string) string {
	head, rest, more := strings.Cut(title, "\n")
	m := font(escapeHTML(head), "", 16, true)
	if more {
		m += "<BR/>" + font(escapeHTML(rest), "", 12, false)
	}
	return m
}

// box is the extent of a placed segment label: x range and centre height.
type box struct{ x0, x1, y float64 }

type boxList []box

// overlaps reports whether a label spanning [x0, x1] at height y would
// touch one already placed (labels are about 0.2 inch tall).
func (bs boxList) overlaps(x0, x1, y float64) bool {
	for _, b := range bs {
		if math.Abs(b.y-y) < 0.22 && x0 < b.x1 && b.x0 < x1 {
			return true
		}
	}
	return false
}
