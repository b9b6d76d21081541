package graphs

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update,
// and checks that got renders.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	checkRenders(t, got)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graphs -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./graphs -update and review the diff", path)
	}
}

// want is a step of a scripted run: the action Next must offer.
type want struct {
	kind model.ActionKind
	side model.Side
	seg  string // the delivered segment, for deliveries
	dup  bool
}

// drive follows a script through the model's successors and returns the
// trace; it fails when a scripted step is not offered.
func drive(t testing.TB, m *model.Model, script []want) Trace {
	tr := Trace{Init: m.Initial()}
	cur := m.Initial()
	for i, w := range script {
		found := false
		for _, x := range m.Successors(&cur) {
			a := x.Action
			if a.Kind == w.kind && a.Side == w.side && a.Dup == w.dup && (w.seg == "" || a.Seg.String() == w.seg) {
				tr.Steps = append(tr.Steps, explore.Step[model.State, model.Action]{Action: a, State: x.Next})
				cur = x.Next
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("step %d: the model offers no %v by %v of %q from\n%v", i+1, w.kind, w.side, w.seg, cur.String())
		}
	}
	return tr
}

// s1 is scenario S1 of the protocol brief (RFC 9293 Figures 6 and 12):
// handshake, then A closes first.
var s1 = []want{
	{model.PassiveOpen, model.B, "", false},
	{model.ActiveOpen, model.A, "", false},
	{model.Deliver, model.B, "<SEQ=100><CTL=SYN>", false},
	{model.Deliver, model.A, "<SEQ=300><ACK=101><CTL=SYN,ACK>", false},
	{model.Deliver, model.B, "<SEQ=101><ACK=301><CTL=ACK>", false},
	{model.Close, model.A, "", false},
	{model.Deliver, model.B, "<SEQ=101><ACK=301><CTL=FIN,ACK>", false},
	{model.Deliver, model.A, "<SEQ=301><ACK=102><CTL=ACK>", false},
	{model.Close, model.B, "", false},
	{model.Deliver, model.A, "<SEQ=301><ACK=102><CTL=FIN,ACK>", false},
	{model.Deliver, model.B, "<SEQ=102><ACK=302><CTL=ACK>", false},
	{model.TimeWaitExpire, model.A, "", false},
}

func newModel(t testing.TB, variant string) *model.Model {
	c, err := model.Variant(variant)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestS1Golden(t *testing.T) {
	tr := drive(t, newModel(t, "rfc9293"), s1)
	if got := tr.Last().E; got[0].State != model.Closed || got[1].State != model.Closed {
		t.Fatalf("S1 ends in %v/%v, want CLOSED/CLOSED", got[0].State, got[1].State)
	}
	l, err := LadderFromTrace("S1: open and close (RFC 9293 Figures 6 and 12)", tr, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	src, err := l.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "s1", src)
	golden(t, "s1_ladder.dot", src)
	p, err := PathFromTrace("S1 as a state path", tr, -1, -1).WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "s1_path", p)
	golden(t, "s1_path.dot", p)
}

// check runs the properties ids on a variant and returns their outcomes.
func check(t testing.TB, variant string, ids ...string) []props.Outcome {
	sel, err := props.Lookup(ids)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := props.Check(context.Background(), newModel(t, variant), props.Options{Props: sel, Workers: 1, Store: explore.Exact})
	if err != nil {
		t.Fatal(err)
	}
	return rep.Outcomes
}

func TestTwoWayHandshakeGolden(t *testing.T) {
	o := check(t, "two-way-handshake", "P1")[0]
	if o.Verdict != explore.Violated {
		t.Fatalf("two-way-handshake: P1 %v, want violated", o.Verdict)
	}
	l, err := OutcomeLadder(o)
	if err != nil {
		t.Fatal(err)
	}
	n := len(l.Steps)
	if l.Broken != n || !strings.Contains(l.Title, fmt.Sprintf("P1 NoStaleConnection violated at step %d", n)) {
		t.Errorf("title %q, Broken %d: want the property and step %d named", l.Title, l.Broken, n)
	}
	last := l.Steps[n-1].State
	if last[0] != "ESTABLISHED" && last[1] != "ESTABLISHED" {
		t.Errorf("the violation ends in %v: P1 breaks on entering ESTABLISHED", last)
	}
	src, err := l.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "two_way", src)
	golden(t, "two_way_ladder.dot", src)
	p, err := OutcomePath(o)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := p.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "two_way_path", ps)
	golden(t, "two_way_path.dot", ps)
}

func TestOutputIsDeterministic(t *testing.T) {
	tr := drive(t, newModel(t, "rfc9293"), s1)
	var first []byte
	for i := 0; i < 3; i++ {
		l, err := LadderFromTrace("S1", tr, -1, -1)
		if err != nil {
			t.Fatal(err)
		}
		src, err := l.WriteDOT()
		if err != nil {
			t.Fatal(err)
		}
		svg, err := RenderSVG(src)
		if err != nil {
			t.Fatal(err)
		}
		out := append(src, svg...)
		if i > 0 && !bytes.Equal(out, first) {
			t.Fatal("the same trace gave different DOT or SVG bytes")
		}
		first = out
	}
}

// TestLadderMatchesSegments walks the model at random and checks that
// every receipt and loss in the ladder points at an earlier send of the
// very segment the action took, from the endpoint that sent it.
func TestLadderMatchesSegments(t *testing.T) {
	c, _ := model.Variant("rfc9293")
	c.OldDups = []model.Segment{{Src: model.A, Flags: model.FlagSYN, Seq: 0, Tag: model.Tag{Side: model.A}}}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		tr := Trace{Init: m.Initial()}
		cur := m.Initial()
		for i := 0; i < 25; i++ {
			succ := m.Successors(&cur)
			if len(succ) == 0 {
				break
			}
			x := succ[rapid.IntRange(0, len(succ)-1).Draw(rt, "choice")]
			tr.Steps = append(tr.Steps, explore.Step[model.State, model.Action]{Action: x.Action, State: x.Next})
			cur = x.Next
		}
		l, err := LadderFromTrace("walk", tr, -1, -1)
		if err != nil {
			rt.Fatal(err)
		}
		if err := l.Validate(); err != nil {
			rt.Fatal(err)
		}
		type sent struct {
			text string
			side int
		}
		sends := map[int]sent{}
		for _, e := range l.Earlier {
			sends[e.ID] = sent{e.Text, e.Side}
		}
		for i, st := range l.Steps {
			a := tr.Steps[i].Action
			for _, e := range st.Events {
				switch e.Kind {
				case Receive, Loss:
					s := sends[e.ID]
					if s.text != a.Seg.String() || s.side != int(a.Seg.Src) {
						rt.Fatalf("step %d takes %v from %v but its arrow starts at %q from side %d", i+1, a.Seg, a.Seg.Src, s.text, s.side)
					}
				case Send:
					sends[e.ID] = sent{e.Text, e.Side}
				}
			}
		}
		src, err := l.WriteDOT()
		if err != nil {
			rt.Fatal(err)
		}
		if _, err := PathFromTrace("walk", tr, -1, -1).WriteDOT(); err != nil {
			rt.Fatal(err)
		}
		_ = src
	})
}

func TestLadderRejectsForeignTrace(t *testing.T) {
	tr := drive(t, newModel(t, "rfc9293"), s1)
	// Deliver a segment nobody sent.
	bad := tr.Steps[4]
	bad.Action.Seg.Seq = 999
	tr.Steps[4] = bad
	if _, err := LadderFromTrace("x", tr, -1, -1); err == nil {
		t.Fatal("a delivery of a segment never sent was accepted")
	}
}
