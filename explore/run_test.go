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
