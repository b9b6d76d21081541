package conform

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// TestLadderValid: the ladder of a difference after a reply validates and
// marks the differing row.
func TestLadderValid(t *testing.T) {
	m, err := model.New(ConformConfig(model.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	s := m.Initial()
	open := Step{Call: model.PassiveOpen}
	syn := Step{Call: model.Deliver, Seg: model.Segment{Src: TesterSide, Flags: model.FlagSYN, Seq: 100, Tag: model.Tag{Side: TesterSide, Att: 1}}, SeqClass: "new"}
	tr := Successors(m, &s, open)
	r := Result{Test: Test{Name: "t", Origin: "test"}}
	r.Steps = append(r.Steps, StepResult{Step: open, From: s, Allowed: tr, Match: 0, Observed: Observed{State: model.Listen}})
	s = advance(tr[0], open)
	tr = Successors(m, &s, syn)
	r.Steps = append(r.Steps, StepResult{Step: syn, From: s, Allowed: tr, Match: -1, Observed: Observed{State: model.SynReceived},
		Model: []model.Segment{{Src: StackSide, Flags: model.FlagRST, Seq: 7}}})
	l := Ladder(&r, "x")
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if l.Broken != 3 {
		t.Errorf("broken at %d, want 3 (open, SYN sent, SYN received)", l.Broken)
	}
	if _, err := l.WriteDOT(); err != nil {
		t.Fatal(err)
	}
}
