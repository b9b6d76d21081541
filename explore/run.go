package explore

import "fmt"

// Result is what a search found. It stays usable after Run returns: traces
// are rebuilt on demand by replaying the model from the parent log.
type Result[S, A any] struct {
	Verdict    Verdict
	Stats      Stats
	Violations []Violation[S, A]
	Graph      *Graph // nil unless Options.RetainGraph

	model   Model[S, A]
	inits   []S
	parent  []uint32 // per state: parent index, or ^0 for an initial state
	ordinal []uint16 // per state: position among the parent's successors (or among Init's)
}

const noParent = ^uint32(0)

// TraceTo returns a shortest path from an initial state to state id.
func (r *Result[S, A]) TraceTo(id uint32) Trace[S, A] {
	var chain []uint32
	for x := id; r.parent[x] != noParent; x = r.parent[x] {
		chain = append(chain, x)
	}
	root := id
	if len(chain) > 0 {
		root = r.parent[chain[len(chain)-1]]
	}
	t := Trace[S, A]{Init: r.inits[r.ordinal[root]], InitID: root}
	cur := t.Init
	for i := len(chain) - 1; i >= 0; i-- {
		a, s := r.Follow(&cur, r.ordinal[chain[i]])
		t.Steps = append(t.Steps, Step[S, A]{Action: a, State: s, ID: chain[i]})
		cur = s
	}
	return t
}

// Follow returns the ord-th successor of s in Next's order, with its
// action. It panics if s has fewer successors: that means the model is not
// deterministic.
func (r *Result[S, A]) Follow(s *S, ord uint16) (A, S) {
	var (
		a     A
		t     S
		n     int
		found bool
	)
	r.model.Next(s, func(x A, y *S) {
		if n == int(ord) {
			a, t, found = x, *y, true
		}
		n++
	})
	if !found {
		panic(fmt.Sprintf("explore: state has %d successors, want ordinal %d: model is not deterministic", n, ord))
	}
	return a, t
}

// Path follows retained-graph edges (indices into Graph.Targets) from
// state from, which must be the source of the first edge; it returns the
// steps taken.
func (r *Result[S, A]) Path(from uint32, edges []uint64) []Step[S, A] {
	cur := r.TraceTo(from).Last()
	steps := make([]Step[S, A], 0, len(edges))
	for _, e := range edges {
		a, s := r.Follow(&cur, r.Graph.Ordinals[e])
		steps = append(steps, Step[S, A]{Action: a, State: s, ID: r.Graph.Targets[e]})
		cur = s
	}
	return steps
}
