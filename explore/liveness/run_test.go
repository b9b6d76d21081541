package liveness

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// ring is a toy model: a counter that ticks round 0..3 and may finish from
// 3 only. Finishing is enabled intermittently, which is where weak and
// strong fairness part.
type ring struct{}

type ringState struct {
	X    uint8
	Done bool
}

type ringAction uint8

const (
	tick ringAction = iota
	finish
)

func (ring) Init(emit func(*ringState)) { emit(&ringState{}) }

func (ring) Next(s *ringState, emit func(ringAction, *ringState)) {
	if s.Done {
		return
	}
	emit(tick, &ringState{X: (s.X + 1) % 4})
	if s.X == 3 {
		emit(finish, &ringState{X: s.X, Done: true})
	}
}

func (ring) Words() int { return 1 }

func (ring) Encode(s *ringState, dst []uint64) {
	dst[0] = uint64(s.X)
	if s.Done {
		dst[0] |= 1 << 8
	}
}

func runRing(t *testing.T) *explore.Result[ringState, ringAction] {
	t.Helper()
	r, err := explore.Run[ringState, ringAction](context.Background(), ring{}, explore.Options[ringState, ringAction]{
		Workers:     1,
		Store:       explore.Exact,
		RetainGraph: true,
		EdgeClass:   func(a ringAction) uint8 { return uint8(a) },
		Labels: []func(*ringState) bool{
			func(s *ringState) bool { return s.X == 0 && !s.Done },
			func(s *ringState) bool { return s.Done },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Graph == nil || r.Graph.N() != 5 {
		t.Fatalf("ring: want a retained graph of 5 states, got %+v", r.Graph)
	}
	return r
}

func TestLeadsToOnExplore(t *testing.T) {
	r := runRing(t)
	g := r.Graph
	p, q := Label(g, 0), Label(g, 1)
	finishes := Fairness{Name: "finish", Classes: 1 << finish}
	ticks := Fairness{Name: "tick", Classes: 1 << tick}
	tests := []struct {
		name     string
		fairness []Fairness
		stutter  bool
		violated bool
		cycle    int
		cause    Cause
	}{
		{name: "no fairness: ticking forever", violated: true, cycle: 4},
		{name: "weak fairness: finish is disabled at 0..2", fairness: []Fairness{finishes}, violated: true, cycle: 4, cause: Disabled},
		{name: "stuttering where only unfair ticks are enabled", fairness: []Fairness{finishes}, stutter: true, violated: true, cycle: 0, cause: Disabled},
		{name: "stuttering with fair ticks", fairness: []Fairness{finishes, ticks}, stutter: true, violated: true, cycle: 4, cause: Disabled},
		{name: "strong fairness: finish must happen", fairness: []Fairness{{Name: "finish", Classes: 1 << finish, Strong: true}, ticks}, stutter: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Inits: Inits(r), Fairness: tc.fairness, Stutter: tc.stutter}
			l, err := LeadsTo(g, p, q, o)
			if err != nil {
				t.Fatal(err)
			}
			if (l != nil) != tc.violated {
				t.Fatalf("violated = %v, want %v", l != nil, tc.violated)
			}
			if l == nil {
				return
			}
			checkLasso(t, g, p, q, o, l)
			if len(tc.fairness) > 0 && l.Why[0].Cause != tc.cause {
				t.Errorf("reason %v, want cause %d", l.Why[0], tc.cause)
			}
			init, prefix, cycle := Trace(r, l)
			if init != (ringState{}) || len(prefix) != 0 {
				t.Errorf("prefix from %+v of %d steps, want the initial state and none", init, len(prefix))
			}
			if len(cycle) != tc.cycle {
				t.Fatalf("cycle of %d steps, want %d", len(cycle), tc.cycle)
			}
			for i, st := range cycle {
				want := ringState{X: uint8(i+1) % 4}
				if st.Action != tick || st.State != want || st.ID != g.Targets[l.Cycle[i]] {
					t.Errorf("cycle step %d: %v to %+v (id %d), want tick to %+v", i, st.Action, st.State, st.ID, want)
				}
			}
		})
	}
}

func TestPossibilityOnExplore(t *testing.T) {
	r := runRing(t)
	g := r.Graph
	done := Label(g, 1)
	tests := []struct {
		name  string
		goal  Pred
		scope Pred
		want  Stuck
	}{
		{name: "every state can finish", goal: done, want: Stuck{}},
		{name: "the finished state cannot tick", goal: Label(g, 0), want: Stuck{Count: 1, First: 4}},
		{name: "scope excludes the finished state", goal: Label(g, 0), scope: Not(done), want: Stuck{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Possibility(g, tc.goal, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Possibility = %+v, want %+v", got, tc.want)
			}
			if got.Count > 0 {
				if last := r.TraceTo(got.First).Last(); !last.Done {
					t.Errorf("stuck state %+v, want the finished one", last)
				}
			}
		})
	}
}
