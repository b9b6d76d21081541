package graphs

import (
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

func TestFigure5Here(t *testing.T) {
	var s model.State
	s.E[0].State, s.E[1].State = model.SynSent, model.Listen
	open := model.Action{Kind: model.ActiveOpen, Side: model.A, From: model.Closed, To: model.SynSent, HasSent: true,
		Sent: model.Segment{Src: model.A, Flags: model.FlagSYN, Seq: 100}}
	src, err := Figure5Here(&s, &open)
	if err != nil {
		t.Fatal(err)
	}
	dot := string(src)
	// Both endpoints marked, the figure's edge highlighted, nothing added.
	for _, want := range []string{"<B>A</B>", "<B>B</B>", `penwidth="3.5"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	if strings.Contains(dot, "dashed") {
		t.Error("an edge of the figure was drawn again as an extra one")
	}
	// A reset out of TIME-WAIT is not in the figure: added, dashed.
	s.E[1].State = model.Closed
	rst := model.Action{Kind: model.Deliver, Side: model.B, From: model.TimeWait, To: model.Closed, Rule: model.RuleRSTReset,
		Seg: model.Segment{Src: model.A, Flags: model.FlagRST, Seq: 102}}
	src, err = Figure5Here(&s, &rst)
	if err != nil {
		t.Fatal(err)
	}
	if dot := string(src); !strings.Contains(dot, "dashed") || !strings.Contains(dot, "B: rcv RST / delete TCB") {
		t.Errorf("the reset out of TIME-WAIT is not added:\n%s", dot)
	}
	// The initial state: no edge highlighted.
	src, err = Figure5Here(&model.State{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), `penwidth="3`) {
		t.Error("an edge is highlighted before any step")
	}
	if _, err := RenderSVG(src); err != nil {
		t.Fatal(err)
	}
}
