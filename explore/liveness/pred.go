package liveness

import "github.com/tcpcheck/tcpcheck/explore"

// Pred is a state predicate over graph indices.
type Pred func(s uint32) bool

// Label is the predicate "bit of Graph.Labels is set", for predicates that
// explore evaluated during the search (Options.Labels).
func Label(g *explore.Graph, bit int) Pred {
	m := uint32(1) << uint(bit)
	return func(s uint32) bool { return g.Labels[s]&m != 0 }
}

// Not negates p.
func Not(p Pred) Pred { return func(s uint32) bool { return !p(s) } }

// And holds where every one of ps holds.
func And(ps ...Pred) Pred {
	return func(s uint32) bool {
		for _, p := range ps {
			if !p(s) {
				return false
			}
		}
		return true
	}
}

// eval evaluates p once per state, so that the searches read one bit
// instead of calling p per edge. A nil p is true everywhere.
func eval(n int, p Pred) bitset {
	b := newBitset(n)
	for s := 0; s < n; s++ {
		if p == nil || p(uint32(s)) {
			b.set(uint32(s))
		}
	}
	return b
}
