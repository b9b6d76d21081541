package explore

import (
	"context"
	"testing"
)

// counter is a toy model: a pair of counters mod n, each step increments one.
type counter struct{ n uint8 }

type pair struct{ a, b uint8 }

func (c counter) Init(emit func(*pair)) { emit(&pair{}) }
func (c counter) Next(s *pair, emit func(int, *pair)) {
	emit(0, &pair{(s.a + 1) % c.n, s.b})
	emit(1, &pair{s.a, (s.b + 1) % c.n})
}
func (c counter) Words() int                   { return 1 }
func (c counter) Encode(s *pair, dst []uint64) { dst[0] = uint64(s.a)<<8 | uint64(s.b) }

func TestCounterSpace(t *testing.T) {
	r, err := Run[pair, int](context.Background(), counter{5}, Options[pair, int]{
		Invariants: []Invariant[pair]{{Name: "NotFourFour", Holds: func(s *pair) bool { return !(s.a == 4 && s.b == 4) }}},
		Continue:   true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stats.Distinct != 25 || r.Stats.Depth != 9 {
		t.Fatalf("distinct %d depth %d, want 25 and 9", r.Stats.Distinct, r.Stats.Depth)
	}
	if r.Verdict != Violated || len(r.Violations) != 1 || len(r.Violations[0].Trace.Steps) != 8 {
		t.Fatalf("verdict %v, violations %+v", r.Verdict, r.Violations)
	}
}

// gate is a toy model for TLC's counting rules: from 0 the only move is to
// 1, which the action constraint forbids; 2 has no move at all.
type gate struct{}

func (gate) Init(emit func(*pair)) { emit(&pair{0, 0}); emit(&pair{2, 0}) }
func (gate) Next(s *pair, emit func(int, *pair)) {
	if s.a == 0 {
		emit(0, &pair{1, 0})
	}
}
func (gate) Words() int                   { return 1 }
func (gate) Encode(s *pair, dst []uint64) { dst[0] = uint64(s.a) }

func TestConstraintExcludedCountAsTLC(t *testing.T) {
	for _, run := range []struct {
		name string
		f    func(context.Context, Model[pair, int], Options[pair, int]) (*Result[pair, int], error)
	}{{"engine", Run[pair, int]}, {"reference", referenceRun[pair, int]}} {
		r, err := run.f(context.Background(), gate{}, Options[pair, int]{
			CheckDeadlock:    true,
			Continue:         true,
			ActionConstraint: func(from *pair, _ int, to *pair) bool { return to.a != 1 },
		})
		if err != nil {
			t.Fatal(err)
		}
		// Generated: two initial states plus the excluded successor.
		if r.Stats.Distinct != 2 || r.Stats.Generated != 3 || r.Stats.Transitions != 0 {
			t.Errorf("%s: distinct %d generated %d transitions %d, want 2, 3, 0", run.name, r.Stats.Distinct, r.Stats.Generated, r.Stats.Transitions)
		}
		// Only state 2 is deadlocked: 0 has a move, even if it may not take it.
		if len(r.Violations) != 1 || r.Violations[0].Trace.Init.a != 2 {
			t.Errorf("%s: violations %+v, want one deadlock in state 2", run.name, r.Violations)
		}
	}
}

// A search that stops after its first violation, with a level left to
// expand, says so; one that goes on to the end does not.
func TestStopFirstViolation(t *testing.T) {
	for _, cont := range []bool{false, true} {
		r, err := Run[pair, int](context.Background(), counter{5}, Options[pair, int]{
			Invariants: []Invariant[pair]{{Name: "Not", Holds: func(s *pair) bool { return !(s.a == 2 && s.b == 2) }}},
			Continue:   cont,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := StopFirstViolation
		if cont {
			want = ""
		}
		if r.Verdict != Violated || r.Stats.StopReason != want {
			t.Errorf("Continue %t: verdict %v, stop reason %q; want violated, %q", cont, r.Verdict, r.Stats.StopReason, want)
		}
	}
}
