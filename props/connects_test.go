package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// TestL2FailsAtTimeWait is issue 10's L2 finding: under RFC 1337 a client
// reconnecting to a server whose previous connection is in TIME-WAIT
// gives up. The counterexample must show exactly that: the server closed
// first and is in TIME-WAIT, the client's SYN draws an ACK, the client's
// RST is ignored (RFC 1337), and the client gives up with no OPEN left;
// then TIME-WAIT ends, too late. With TIME-WAIT reuse (MAY-2) L2 holds.
func TestL2FailsAtTimeWait(t *testing.T) {
	cfg := variant("rfc1337", listenerStays, noAbort, r2(2))()
	m, err := model.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := Lookup([]string{"L2"})
	rep, err := Check(context.Background(), m, Options{Props: ps})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := rep.Outcome("L2")
	if o.Verdict != explore.Violated || o.Lasso == nil {
		t.Fatalf("L2 %v (%s), want violated with a lasso", o.Verdict, o.Note)
	}
	checkCounterexample(t, m, "rfc1337 listener", o)
	steps := o.Lasso.Trace().Steps
	ignored, gaveUp := -1, -1
	for i, st := range steps {
		a := st.Action
		switch {
		case a.Rule == model.RuleRSTTimeWaitIgnored && a.Side == model.B && i >= o.Lasso.PStep:
			ignored = i
		case a.Kind == model.GiveUp && a.Side == model.A && a.From == model.SynSent:
			gaveUp = i
		}
	}
	if ignored < 0 || gaveUp < ignored {
		t.Errorf("the lasso has no RST ignored in TIME-WAIT (step %d) followed by A's give-up in SYN-SENT (step %d)", ignored+1, gaveUp+1)
	}
	if len(o.Lasso.Cycle) != 0 || o.Lasso.Trace().Steps[len(steps)-1].State.E[model.A].Opens != uint8(cfg.Opens) {
		t.Errorf("the lasso does not end with A stopped, its OPENs used up")
	}

	cfg.TWReuse = model.TWReuseAbove
	m, err = model.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = Check(context.Background(), m, Options{Props: ps})
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := rep.Outcome("L2"); o.Verdict != explore.Holds || o.Vacuous {
		t.Errorf("with TIME-WAIT reuse L2 %v (vacuous %v: %s), want holds", o.Verdict, o.Vacuous, o.Note)
	}
}

// TestSlowClockP3IsAssassination: under the overtaking ISN clock (--isn
// slow) rfc9293 fails P3 because TIME-WAIT is assassinated, not because
// TIME-WAIT is too short: a RST answering a copy of the last ACK ends
// TIME-WAIT, the new incarnation lands on the old numbers, and a second
// copy of that RST resets it. rfc1337, which ignores the RST in TIME-WAIT,
// holds P3 in the same configuration.
func TestSlowClockP3IsAssassination(t *testing.T) {
	ps, _ := Lookup([]string{"P3"})
	run := func(v string) Outcome {
		m, err := model.New(variant(v, slowClock)())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Check(context.Background(), m, Options{Props: ps})
		if err != nil {
			t.Fatal(err)
		}
		o, _ := rep.Outcome("P3")
		if o.Trace != nil {
			checkCounterexample(t, m, v, o)
		}
		return o
	}
	o := run("rfc9293")
	if o.Verdict != explore.Violated || o.Trace == nil {
		t.Fatalf("rfc9293: P3 %v, want violated", o.Verdict)
	}
	steps := o.Trace.Steps
	last := steps[len(steps)-1].Action
	if last.Kind != model.Deliver || last.Seg.Flags&model.FlagRST == 0 || last.From != model.SynReceived || last.Seg.Tag.Att >= steps[len(steps)-1].State.E[last.Side].Att {
		t.Errorf("rfc9293: P3 breaks at %v, not at an old RST resetting the new SYN-RECEIVED", last)
	}
	killed := -1
	for i, st := range steps {
		a := st.Action
		if rstInTimeWait(a) && a.Seg == last.Seg {
			killed = i
		}
	}
	if killed < 0 {
		t.Errorf("rfc9293: no copy of the final RST ends TIME-WAIT earlier in the counterexample: not assassination")
	}
	if o := run("rfc1337"); o.Verdict != explore.Holds {
		t.Errorf("rfc1337: P3 %v, want holds (RFC 1337 keeps TIME-WAIT)", o.Verdict)
	}
}

// TestSlowClockK3Phantom is the one verdict of the matrix that changes one
// bound up: under rfc1337 with the overtaking clock P4 holds at K = 2 and
// fails at K = 3, because three old segments of A's first connection
// complete a phantom connection at B while A is in TIME-WAIT, and A's RST
// later resets that phantom's LAST-ACK (docs/MODEL.md §16, "At K = 3").
func TestSlowClockK3Phantom(t *testing.T) {
	cfg := variant("rfc1337", slowClock)()
	cfg.NetBound = 3
	m, err := model.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := Lookup([]string{"P4"})
	rep, err := Check(context.Background(), m, Options{Props: ps})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := rep.Outcome("P4")
	if o.Verdict != explore.Violated || o.Trace == nil {
		t.Fatalf("P4 %v at K = 3, want violated", o.Verdict)
	}
	checkCounterexample(t, m, "rfc1337 slow K=3", o)
	steps := o.Trace.Steps
	if a := steps[len(steps)-1].Action; !rstInLastAck(a) {
		t.Errorf("P4 breaks at %v, not at a RST in LAST-ACK", a)
	}
	phantom := false
	for _, st := range steps {
		a := st.Action
		if a.Kind == model.Deliver && a.Side == model.B && a.From == model.SynReceived && a.To == model.Established &&
			a.Seg.Tag.Side == model.A && st.State.E[model.A].State == model.TimeWait {
			phantom = true
		}
	}
	if !phantom {
		t.Errorf("no step completes B's handshake with a segment of A while A is in TIME-WAIT: not the phantom connection")
	}
}
