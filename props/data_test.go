package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// TestNoDataLossJudgesWhatWasRead checks D1's step predicate: the end of
// the stream may be told only after the user has read every unit the
// peer's user sent on that connection.
func TestNoDataLossJudgesWhatWasRead(t *testing.T) {
	c := model.DefaultConfig()
	c.Data, c.Opens, c.ISNStride = 2, 1, 5
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	d1 := noDataLoss(m)
	eof := model.Action{Kind: model.Receive, Side: model.B, From: model.CloseWait, To: model.CloseWait, Rule: model.RuleReceiveClosing}
	read := eof
	read.Rule = model.RuleReceive
	state := func(sent, readB uint8, peerAtt uint8, abrupt bool) *model.State {
		var s model.State
		s.E[model.A] = model.Endpoint{State: model.FinWait2, Att: 1, Sent: sent, Abrupt: abrupt}
		s.E[model.B] = model.Endpoint{State: model.CloseWait, Att: 1, PeerAtt: peerAtt, Read: readB}
		return &s
	}
	tests := []struct {
		name string
		from *model.State
		a    model.Action
		want bool
	}{
		{"everything read", state(2, 2, 1, false), eof, true},
		{"one unit unread", state(2, 1, 1, false), eof, false},
		{"nothing sent", state(0, 0, 1, false), eof, true},
		{"reading a unit is no end of stream", state(2, 1, 1, false), read, true},
		{"the peer aborted", state(2, 0, 1, true), eof, true},
		{"the peer is on another connection", state(2, 0, 0, false), eof, true},
	}
	for _, tt := range tests {
		if got := d1(tt.from, tt.a, tt.from); got != tt.want {
			t.Errorf("%s: D1 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestHalfDuplexRSTCost checks what the half-duplex close costs: with it
// P7 fails, on a reset that the half-duplex rule sent; without it, P7
// holds on the same configuration.
func TestHalfDuplexRSTCost(t *testing.T) {
	p7, err := Lookup([]string{"P7"})
	if err != nil {
		t.Fatal(err)
	}
	for _, on := range []bool{false, true} {
		c := model.DefaultConfig()
		c.Data, c.Opens, c.ISNStride, c.HalfDuplexRST = 1, 1, 4, on
		m, err := model.New(c)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Check(context.Background(), m, Options{Props: p7})
		if err != nil {
			t.Fatal(err)
		}
		o := rep.Outcomes[0]
		if !on {
			if o.Verdict != explore.Holds {
				t.Errorf("without --half-duplex-rst P7 is %v, want it to hold", o.Verdict)
			}
			continue
		}
		if o.Verdict != explore.Violated || o.Trace == nil {
			t.Fatalf("with --half-duplex-rst P7 is %v, want it violated", o.Verdict)
		}
		half := false
		for _, st := range o.Trace.Steps {
			r := st.Action.Rule
			half = half || r == model.RuleDataAfterCloseReset || r == model.RuleCloseUnreadReset
		}
		if !half {
			t.Errorf("P7's counterexample has no half-duplex reset:\n%v", o.Trace)
		}
	}
}
