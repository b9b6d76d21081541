package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"pgregory.net/rapid"
)

// TestCounterexamplesReplay checks, on random small configurations, that
// every counterexample Check returns is a real behaviour of the model and
// shows exactly what it claims, and that the report's verdict sums up the
// outcomes.
func TestCounterexamplesReplay(t *testing.T) {
	names := []string{"rfc9293", "rfc1337", "rfc793", "two-way-handshake", "no-time-wait", "fixed-isn", "synsent-accepts-any-synack"}
	rapid.Check(t, func(rt *rapid.T) {
		c, err := model.Variant(rapid.SampledFrom(names).Draw(rt, "variant"))
		if err != nil {
			rt.Fatalf("%v", err)
		}
		c.Opens = 1
		c.Window = rapid.IntRange(1, 2).Draw(rt, "window")
		c.R2 = rapid.IntRange(0, 2).Draw(rt, "r2")
		c.RTO = rapid.Bool().Draw(rt, "rto")
		c.LossBudget = rapid.IntRange(0, 1).Draw(rt, "loss")
		c.Dup = rapid.Bool().Draw(rt, "dup")
		c.Abort = rapid.Bool().Draw(rt, "abort")
		c.FinWait2Timer = rapid.Bool().Draw(rt, "fw2")
		c.Crash = rapid.Bool().Draw(rt, "crash")
		if !c.TwoWayHandshake && rapid.Bool().Draw(rt, "simultaneous") {
			c.Roles = model.BothActive
		}
		m, err := model.New(c)
		if err != nil {
			rt.Fatalf("config %+v: %v", c, err)
		}
		r, err := Check(context.Background(), m, Options{Continue: true})
		if err != nil {
			rt.Fatalf("%v", err)
		}
		worst := explore.Holds
		for _, o := range r.Outcomes {
			switch o.Verdict {
			case explore.Violated:
				worst = explore.Violated
				checkCounterexample(rt, m, "random", o)
				want := 0
				if o.Trace != nil {
					want = len(o.Trace.Steps)
				}
				if o.Lasso != nil {
					want = len(o.Lasso.Prefix) + len(o.Lasso.Cycle)
				}
				if o.Depth != want {
					rt.Errorf("%s: depth %d, counterexample has %d steps", o.Property.ID, o.Depth, want)
				}
			case explore.Incomplete:
				rt.Errorf("%s incomplete on a finished search: %s", o.Property.ID, o.Note)
			}
		}
		if r.Verdict != worst {
			rt.Errorf("report verdict %v, outcomes say %v", r.Verdict, worst)
		}
	})
}
