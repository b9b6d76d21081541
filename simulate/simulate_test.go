package simulate

import (
	"context"
	"reflect"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

func newModel(t *testing.T, variant string) *model.Model {
	t.Helper()
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

// TestRunsAreBehaviours: every step of every run is a successor the model
// offers, within the bounds, and no run is longer than the depth.
func TestRunsAreBehaviours(t *testing.T) {
	m := newModel(t, "two-way-handshake")
	rep, err := Simulate(context.Background(), m, Options{Seed: 7, Depth: 40, Runs: 30, Continue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs) != 30 {
		t.Fatalf("%d runs, want 30", len(rep.Runs))
	}
	ends := map[End]int{}
	for _, r := range rep.Runs {
		ends[r.End]++
		if len(r.Trace.Steps) > 40 {
			t.Errorf("run %d has %d steps, above the depth 40", r.Number, len(r.Trace.Steps))
		}
		cur := r.Trace.Init
		if cur != m.Initial() {
			t.Fatalf("run %d does not start in the initial state", r.Number)
		}
		for i, st := range r.Trace.Steps {
			ok := false
			for _, x := range m.Successors(&cur) {
				if x.Action == st.Action && x.Next == st.State && model.InBounds(&x.Next) {
					ok = true
					break
				}
			}
			if !ok {
				t.Fatalf("run %d step %d (%v) is not a successor of the state before it", r.Number, i+1, st.Action)
			}
			cur = st.State
		}
		if r.End == EndStuck && len(m.Successors(&cur)) != 0 {
			t.Errorf("run %d ends stuck with actions enabled", r.Number)
		}
		if r.End == EndViolation {
			from := r.Trace.Init
			if n := len(r.Trace.Steps); n > 1 {
				from = r.Trace.Steps[n-2].State
			}
			last := r.Trace.Steps[len(r.Trace.Steps)-1]
			if got := props.StepViolations(m, &from, last.Action, &last.State); !reflect.DeepEqual(got, r.Violated) {
				t.Errorf("run %d: violated %v, the checks say %v", r.Number, r.Violated, got)
			}
		}
	}
	if ends[EndViolation] == 0 || ends[EndViolation] != rep.Violations {
		t.Errorf("ends %v, %d violations: the two-way handshake breaks P1 on many paths", ends, rep.Violations)
	}
}

func TestDeterministic(t *testing.T) {
	m := newModel(t, "rfc9293")
	o := Options{Seed: 42, Depth: 60, Runs: 5, Continue: true}
	a, _ := Simulate(context.Background(), m, o)
	b, _ := Simulate(context.Background(), m, o)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different runs")
	}
	o.Seed = 43
	c, _ := Simulate(context.Background(), m, o)
	if reflect.DeepEqual(a.Runs, c.Runs) {
		t.Error("seeds 42 and 43 gave the same runs")
	}
	// Run k does not depend on the runs before it.
	one, _ := Simulate(context.Background(), m, Options{Seed: 42, Depth: 60, Runs: 1})
	if !reflect.DeepEqual(one.Runs[0].Trace, a.Runs[0].Trace) {
		t.Error("run 1 differs when fewer runs are taken")
	}
}

// TestFindsAndStops: the two-way handshake breaks P1 on short paths; the
// simulation stops at the first run that shows it. With the RFC 1337 fix,
// P4 never breaks.
func TestFindsAndStops(t *testing.T) {
	sel, _ := props.Lookup([]string{"P1"})
	rep, err := Simulate(context.Background(), newModel(t, "two-way-handshake"), Options{Seed: 1, Depth: 50, Runs: 200, Props: sel})
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Runs[len(rep.Runs)-1]
	if rep.Violations != 1 || last.End != EndViolation || len(last.Violated) != 1 || last.Violated[0].ID != "P1" {
		t.Fatalf("%d violations, last run ends %v with %v; want the simulation to stop at a P1 violation", rep.Violations, last.End, last.Violated)
	}
	sel, _ = props.Lookup([]string{"P4"})
	rep, err = Simulate(context.Background(), newModel(t, "rfc1337"), Options{Seed: 1, Depth: 50, Runs: 100, Props: sel})
	if err != nil || rep.Violations != 0 {
		t.Errorf("rfc1337: %v, %d violations of P4", err, rep.Violations)
	}
}

func TestBadOptions(t *testing.T) {
	m := newModel(t, "rfc9293")
	sel, _ := props.Lookup([]string{"L1"})
	for _, o := range []Options{{Depth: 0, Runs: 1}, {Depth: 1, Runs: 0}, {Depth: 5, Runs: 1, Props: sel},
		{Depth: 5, Runs: 1, Shard: 3, Shards: 2}, {Depth: 5, Runs: 1, Shard: 0, Shards: 2}, {Depth: 5, Runs: 1, Shard: 1}} {
		if _, err := Simulate(context.Background(), m, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestShardsMergeToTheWhole: the runs of n shards, merged, are the runs of
// one unsharded simulation, with and without --continue, for a simulation
// that stops at a violation and for one that takes every run.
func TestShardsMergeToTheWhole(t *testing.T) {
	p1, _ := props.Lookup([]string{"P1"})
	for _, tc := range []struct {
		variant  string
		runs     int
		cont     bool
		wantViol bool
	}{
		{"two-way-handshake", 200, false, true},
		{"two-way-handshake", 40, true, true},
		{"rfc9293", 30, false, false},
	} {
		m := newModel(t, tc.variant)
		o := Options{Seed: 5, Depth: 40, Runs: tc.runs, Props: p1, Continue: tc.cont}
		whole, err := Simulate(context.Background(), m, o)
		if err != nil {
			t.Fatal(err)
		}
		if (whole.Violations > 0) != tc.wantViol {
			t.Fatalf("%s: %d violations; the test needs a simulation with violations %v", tc.variant, whole.Violations, tc.wantViol)
		}
		for n := 1; n <= 4; n++ {
			var parts [][]Run
			for i := 1; i <= n; i++ {
				oi := o
				oi.Shard, oi.Shards = i, n
				rep, err := Simulate(context.Background(), m, oi)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rep.Runs {
					if (r.Number-1)%n != i-1 {
						t.Fatalf("shard %d/%d took run %d", i, n, r.Number)
					}
				}
				parts = append(parts, rep.Runs)
			}
			got, err := Merge(parts, o.Runs, o.Continue, func(r Run) int { return r.Number }, func(r Run) bool { return r.End == EndViolation })
			if err != nil {
				t.Fatalf("%s, %d shards: %v", tc.variant, n, err)
			}
			if !reflect.DeepEqual(got, whole.Runs) {
				t.Errorf("%s, continue %v, %d shards: merged %d runs differ from the %d of one simulation", tc.variant, tc.cont, n, len(got), len(whole.Runs))
			}
			if n > 1 {
				if _, err := Merge(parts[1:], o.Runs, o.Continue, func(r Run) int { return r.Number }, func(r Run) bool { return r.End == EndViolation }); err == nil {
					t.Errorf("%s: %d of %d shards merged without an error", tc.variant, n-1, n)
				}
			}
		}
	}
}
