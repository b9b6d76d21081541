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

// MCtcp.cfg leaves TLC's deadlock check on and TLC reports no deadlock.
// The engine judges deadlock as TLC does, before the constraints: the 55
// states with two CLOSED peers that SingleActiveOpen forbids to open again
// still have successors, so none of them is a deadlock.
func TestNoDeadlockAsTLC(t *testing.T) {
	r := run(t, Config{}, nil)
	if r.Verdict != explore.Holds {
		t.Fatalf("verdict %v, violations %v", r.Verdict, r.Violations)
	}
	stuck := 0
	for id := range r.Stats.Distinct {
		s := r.TraceTo(uint32(id)).Last()
		if s.Conn == [2]Conn{Closed, Closed} && r.Graph.Offsets[id+1] == r.Graph.Offsets[id] {
			stuck++
		}
	}
	if stuck == 0 {
		t.Fatal("no state has all its successors excluded by the constraints: the test no longer shows TLC's deadlock rule")
	}
}
