package explore

import (
	"context"
	"reflect"
	"testing"
)

// TestCanonicalCounterexamples checks, on a graph small enough to work
// out by hand, that the reported state is the lowest-numbered one of its
// level and that its parent is its first generation.
//
//	0 -> 1, 2      1 -> 3, 4 (4 is a dead end)
//	2 -> 3, 5      3 -> 0       5 is a dead end
func TestCanonicalCounterexamples(t *testing.T) {
	g := &graphModel{inits: []uint32{0}, adj: [][]uint32{{1, 2}, {3, 4}, {3, 5}, {0}, {}, {}}}
	opt := Options[node, int]{
		Invariants: []Invariant[node]{{Name: "NotDeep", Holds: func(s *node) bool { return s.n < 3 }}},
		ActionInvariants: []ActionInvariant[node, int]{
			{Name: "NoSecondEdge", Holds: func(_ *node, a int, to *node) bool { return a != 1 || to.n < 3 }},
		},
		CheckDeadlock: true,
		Continue:      true,
	}
	type want struct {
		property string
		nodes    []uint32 // the trace, initial state first
		ids      []uint32
	}
	wants := []want{
		// Level 3 holds 3, 4, 5 as states 3, 4, 5; node 3 is reached first from 1.
		{"NotDeep", []uint32{0, 1, 3}, []uint32{0, 1, 3}},
		// Edges with action 1 into nodes >= 3: 1->4 (from state 1) and 2->5 (from state 2).
		{"NoSecondEdge", []uint32{0, 1, 4}, []uint32{0, 1, 4}},
		{DeadlockProperty, []uint32{0, 1, 4}, []uint32{0, 1, 4}},
	}
	for _, store := range []StoreKind{Exact, Fingerprint, Fingerprint96, Fingerprint128} {
		for _, w := range []int{1, 2, 8} {
			opt.Workers, opt.Store = w, store
			r, err := Run[node, int](context.Background(), g, opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Stats.Distinct != 6 || !reflect.DeepEqual(r.Stats.Levels, []int64{1, 2, 3}) {
				t.Fatalf("%d workers: distinct %d levels %v", w, r.Stats.Distinct, r.Stats.Levels)
			}
			if len(r.Violations) != len(wants) {
				t.Fatalf("%d workers: %d violations, want %d", w, len(r.Violations), len(wants))
			}
			for i, v := range r.Violations {
				nodes, ids := []uint32{v.Trace.Init.n}, []uint32{v.Trace.InitID}
				for _, s := range v.Trace.Steps {
					nodes, ids = append(nodes, s.State.n), append(ids, s.ID)
				}
				if v.Property != wants[i].property || !reflect.DeepEqual(nodes, wants[i].nodes) || !reflect.DeepEqual(ids, wants[i].ids) {
					t.Errorf("%v, %d workers: violation %d is %s via %v (ids %v), want %+v", store, w, i, v.Property, nodes, ids, wants[i])
				}
			}
		}
	}
}

// TestWideFanOut covers ordinals that do not fit the parent log's byte.
func TestWideFanOut(t *testing.T) {
	g := &graphModel{inits: []uint32{0}, adj: make([][]uint32, 302)}
	for i := uint32(1); i <= 300; i++ {
		g.adj[0] = append(g.adj[0], i)
	}
	g.adj[299] = []uint32{301}
	for _, w := range []int{1, 2} {
		r, err := Run[node, int](context.Background(), g, Options[node, int]{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		// State 301 (the last) is node 301, reached through action 298 (node 299).
		tr := r.TraceTo(301)
		if len(tr.Steps) != 2 || tr.Steps[0].Action != 298 || tr.Steps[0].State.n != 299 || tr.Steps[1].State.n != 301 {
			t.Fatalf("%d workers: trace %+v", w, tr)
		}
	}
}

// TestGrowthKeepsIndices runs a search large enough for the table to grow
// several times, in graph mode (where each slot carries a state index),
// and compares it with the reference search.
func TestGrowthKeepsIndices(t *testing.T) {
	m := lattice{k: 4, n: 9}
	opt := Options[cell, uint8]{
		RetainGraph: true,
		EdgeClass:   func(a uint8) uint8 { return a % 4 },
		Labels:      []func(*cell) bool{func(s *cell) bool { return s.c[0] == 3 }},
		ActionInvariants: []ActionInvariant[cell, uint8]{{Name: "NotCorner", Holds: func(_ *cell, _ uint8, to *cell) bool {
			return to.c != [6]uint8{4, 4, 4, 4}
		}}},
		Continue: true,
	}
	ref, err := referenceRun[cell, uint8](context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Violations) != 1 || len(ref.Violations[0].Trace.Steps) != 16 {
		t.Fatalf("reference violations %+v, want one 16-step trace to the corner", ref.Violations)
	}
	for _, store := range []StoreKind{Fingerprint, Exact, Fingerprint96, Fingerprint128} {
		for _, w := range []int{1, 2, 3} {
			opt.Workers, opt.Store = w, store
			r, err := Run[cell, uint8](context.Background(), m, opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Stats.Distinct != 6561 || !reflect.DeepEqual(plainGraph(r.Graph), plainGraph(ref.Graph)) || !reflect.DeepEqual(r.Violations, ref.Violations) || !reflect.DeepEqual(r.parent, ref.parent) {
				t.Fatalf("%v, %d workers: distinct %d, graph equal %v, violations %+v want %+v", store, w, r.Stats.Distinct,
					reflect.DeepEqual(plainGraph(r.Graph), plainGraph(ref.Graph)), r.Violations, ref.Violations)
			}
		}
	}
}
