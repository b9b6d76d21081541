package tlatcp

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// A copy of SynSent that forgets its ACK leaves the peer in SYN-RECEIVED
// with both inboxes empty: Inv must fail, with the shortest trace.
func TestBrokenSynSentNoACKViolatesInv(t *testing.T) {
	r := run(t, Config{BrokenSynSentNoACK: true}, nil)
	if r.Verdict != explore.Violated || len(r.Violations) != 1 || r.Violations[0].Property != "Inv" {
		t.Fatalf("verdict %v, violations %v; want Inv violated", r.Verdict, r.Violations)
	}
	tr := r.Violations[0].Trace
	last := tr.Last()
	if Inv(&last) {
		t.Fatalf("trace ends in %v, where Inv holds", &last)
	}
	if len(tr.Steps) != 2 || tr.Steps[1].Action.Rule != RuleSynSentSYNACK || tr.Steps[1].Action.Snd != None {
		t.Fatalf("trace %v: want Listen then the broken SynSent", tr.Steps)
	}
}

// Making SYN-RECEIVED take "RST" into ESTABLISHED adds states but cannot
// break Inv: the only RST that reaches SYN-RECEIVED is a Note3 send, which
// leaves its sender in TIME-WAIT with an undeliverable "SYN,ACK", so the
// two inboxes are never empty together afterwards. The abstraction is
// blind to this bug; the test keeps that finding honest.
func TestBrokenSynRcvdRSTInvisibleToInv(t *testing.T) {
	r := run(t, Config{BrokenSynRcvdRST: true}, nil)
	if r.Verdict != explore.Holds {
		t.Fatalf("verdict %v, violations %v", r.Verdict, r.Violations)
	}
	if r.Stats.Distinct == tlcDistinct {
		t.Fatalf("broken copy has the same %d states as MCtcp: the variant is not wired in", r.Stats.Distinct)
	}
	reached := false
	m := New(Config{BrokenSynRcvdRST: true})
	for id := range r.Stats.Distinct {
		s := r.TraceTo(uint32(id)).Last()
		m.Next(&s, func(a Action, _ *State) {
			reached = reached || (a.Rule == RuleSynReceivedRST && a.To == Established)
		})
	}
	if !reached {
		t.Fatal("the broken SynReceived step is never enabled")
	}
}

// MCtcp.cfg leaves TLC's deadlock check on and TLC reports no deadlock;
// with HasSuccessor as Terminal the engine must agree, and without it the
// engine's stricter judgement must find the CLOSED pairs.
func TestDeadlockAsTLC(t *testing.T) {
	r := run(t, Config{}, nil)
	if r.Verdict != explore.Holds {
		t.Fatalf("verdict %v, violations %v", r.Verdict, r.Violations)
	}
	r = run(t, Config{}, func(o *explore.Options[State, Action]) { o.Terminal = nil })
	if r.Verdict != explore.Violated || r.Violations[0].Property != explore.DeadlockProperty {
		t.Fatalf("without Terminal: verdict %v, violations %v; want a deadlock", r.Verdict, r.Violations)
	}
	last := r.Violations[0].Trace.Last()
	if last.Conn != [2]Conn{Closed, Closed} || !HasSuccessor(&last) {
		t.Fatalf("engine deadlock in %v: want two CLOSED peers that could still open", &last)
	}
}
