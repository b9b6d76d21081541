package liveness

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
)

// Stuck is the outcome of Possibility: the states of the scope from which
// no goal state can be reached.
type Stuck struct {
	Count int    // how many scope states cannot reach the goal; 0 means the property holds
	First uint32 // the lowest-index one (the shallowest, in explore's BFS order); valid if Count > 0
}

// Possibility checks AG EF goal restricted to scope: from every state where
// scope holds (every state, if scope is nil), some path leads to a goal
// state. It reverses the edges by a counting sort and runs one backward
// breadth-first search from all goal states at once: O(states + edges).
//
// Because explore numbers states in BFS order, Result.TraceTo(First) is a
// shortest path to a stuck state among the shallowest ones.
func Possibility(g *explore.Graph, goal, scope Pred) (Stuck, error) {
	return PossibilityProgress(g, goal, scope, nil)
}

// PossibilityProgress is Possibility calling progress, if set, every 2^18
// states of its three passes over the graph (counting the reversed edges,
// filling them in, the backward search), with the states done of 3N: on a
// graph of a hundred million states each pass takes a while.
func PossibilityProgress(g *explore.Graph, goal, scope Pred, progress func(done, total int64)) (Stuck, error) {
	n, err := checkGraph(g)
	if err != nil {
		return Stuck{}, err
	}
	if goal == nil {
		return Stuck{}, fmt.Errorf("liveness: Possibility needs a goal predicate")
	}
	reach := eval(n, goal)
	total := 3 * int64(n)
	tick := func(pass, v int) {
		if progress != nil && v&(1<<18-1) == 0 {
			progress(int64(pass)*int64(n)+int64(v), total)
		}
	}

	if uint64(len(g.Targets)) < 1<<32 {
		backward[uint32](g, n, reach, tick)
	} else {
		backward[uint64](g, n, reach, tick)
	}
	if progress != nil {
		progress(total, total)
	}
	var st Stuck
	for v := 0; v < n; v++ {
		if reach.has(uint32(v)) || (scope != nil && !scope(uint32(v))) {
			continue
		}
		if st.Count == 0 {
			st.First = uint32(v)
		}
		st.Count++
	}
	return st, nil
}

// backward marks in reach every state from which a state already in reach
// can be reached. T holds edge counts: uint32 whenever the graph has fewer
// than 2^32 edges, 4 bytes a state less than uint64.
func backward[T uint32 | uint64](g *explore.Graph, n int, reach bitset, tick func(pass, v int)) {
	// Reverse only the edges whose source is not a goal state: the others
	// cannot mark anything new. Counting sort: rev[t] first counts the
	// edges into t, then, as a running sum, ends t's slice of src; filling
	// src backwards moves it to the start.
	rev := make([]T, n+1)
	for v := 0; v < n; v++ {
		tick(0, v)
		if reach.has(uint32(v)) {
			continue
		}
		for _, t := range g.Targets[g.Offsets[v]:g.Offsets[v+1]] {
			rev[t]++
		}
	}
	for i := 1; i <= n; i++ {
		rev[i] += rev[i-1]
	}
	src := make([]uint32, rev[n])
	for v := n - 1; v >= 0; v-- {
		tick(1, n-1-v)
		if reach.has(uint32(v)) {
			continue
		}
		for _, t := range g.Targets[g.Offsets[v]:g.Offsets[v+1]] {
			rev[t]--
			src[rev[t]] = uint32(v)
		}
	}

	queue := make([]uint32, 0, n)
	for v := 0; v < n; v++ {
		if reach.has(uint32(v)) {
			queue = append(queue, uint32(v))
		}
	}
	for head := 0; head < len(queue); head++ {
		tick(2, head)
		t := queue[head]
		for _, u := range src[rev[t]:rev[t+1]] {
			if !reach.has(u) {
				reach.set(u)
				queue = append(queue, u)
			}
		}
	}

}
