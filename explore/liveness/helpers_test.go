package liveness

import (
	"sort"

	"github.com/tcpcheck/tcpcheck/explore"
)

// fataler is what checkLasso needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// edge is a hand-written edge for test graphs.
type edge struct {
	from, to uint32
	class    uint8
}

// build makes a CSR graph of n states from an edge list, keeping the
// list's order per source. Enabled is the classes of each state's edges
// plus extra[s] (standing for successors a constraint excluded).
func build(n int, edges []edge, extra map[uint32]uint64) *explore.Graph {
	sorted := append([]edge(nil), edges...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].from < sorted[j].from })
	g := &explore.Graph{Offsets: make([]uint64, n+1), Labels: make([]uint32, n), Enabled: make([]uint64, n)}
	for _, e := range sorted {
		g.Offsets[e.from+1]++
		g.Enabled[e.from] |= 1 << e.class
	}
	for i := 1; i <= n; i++ {
		g.Offsets[i] += g.Offsets[i-1]
	}
	for _, e := range sorted {
		g.Targets = append(g.Targets, e.to)
		g.Classes = append(g.Classes, e.class)
	}
	for s, m := range extra {
		g.Enabled[s] |= m
	}
	return g
}

// set is a predicate true on the listed states.
func set(states ...uint32) Pred {
	return func(s uint32) bool {
		for _, x := range states {
			if x == s {
				return true
			}
		}
		return false
	}
}

// source returns the state an edge leaves.
func source(g *explore.Graph, e uint64) uint32 {
	return uint32(sort.Search(g.N(), func(i int) bool { return g.Offsets[i+1] > e }))
}

// checkLasso verifies a lasso from first principles: a real path from an
// initial state, a P∧¬Q state on the prefix and ¬Q from there on, a cycle
// that returns to Loop inside ¬Q, and every fairness constraint honoured
// by the cycle as stated in Fairness's documentation. It also checks that
// Why tells the truth.
func checkLasso(t fataler, g *explore.Graph, p, q Pred, o Options, l *Lasso) {
	t.Helper()
	if int(l.Init) >= o.Inits {
		t.Fatalf("lasso starts in state %d, not an initial state (%d)", l.Init, o.Inits)
	}
	cur := l.Init
	var prefix []uint32 = []uint32{cur}
	for i, e := range l.Prefix {
		if source(g, e) != cur {
			t.Fatalf("prefix edge %d (%d) leaves %d, not %d", i, e, source(g, e), cur)
		}
		cur = g.Targets[e]
		prefix = append(prefix, cur)
	}
	if cur != l.Loop {
		t.Fatalf("prefix ends in %d, loop is %d", cur, l.Loop)
	}
	if l.PStep < 0 || l.PStep >= len(prefix) {
		t.Fatalf("PStep %d out of range for a prefix of %d edges", l.PStep, len(l.Prefix))
	}
	ps := prefix[l.PStep]
	if p != nil && !p(ps) {
		t.Fatalf("state %d at PStep %d does not satisfy P", ps, l.PStep)
	}
	for _, s := range prefix[l.PStep:] {
		if q(s) {
			t.Fatalf("state %d after the P-state satisfies Q", s)
		}
	}
	states := []uint32{l.Loop}
	cur = l.Loop
	for i, e := range l.Cycle {
		if source(g, e) != cur {
			t.Fatalf("cycle edge %d (%d) leaves %d, not %d", i, e, source(g, e), cur)
		}
		cur = g.Targets[e]
		if q(cur) {
			t.Fatalf("cycle state %d satisfies Q", cur)
		}
		states = append(states, cur)
	}
	if cur != l.Loop {
		t.Fatalf("cycle ends in %d, not back in %d", cur, l.Loop)
	}
	if len(l.Cycle) == 0 && !o.Stutter {
		t.Fatalf("empty cycle without stuttering")
	}
	if len(l.Why) != len(o.Fairness) {
		t.Fatalf("%d reasons for %d constraints", len(l.Why), len(o.Fairness))
	}
	for i, f := range o.Fairness {
		taken, enabled, disabled := false, false, false
		for _, e := range l.Cycle {
			if f.Classes&(1<<g.Classes[e]) != 0 && !(o.Stutter && source(g, e) == g.Targets[e]) {
				taken = true
			}
		}
		for _, s := range states {
			if g.Enabled[s]&f.Classes != 0 {
				enabled = true
			} else {
				disabled = true
			}
		}
		fair := taken || (!f.Strong && disabled) || (f.Strong && !enabled)
		if !fair {
			t.Fatalf("cycle %v from %d is unfair for %s", l.Cycle, l.Loop, f)
		}
		r := l.Why[i]
		switch r.Cause {
		case Taken:
			e := l.Cycle[r.Step]
			if e != r.Edge || f.Classes&(1<<g.Classes[e]) == 0 {
				t.Fatalf("%s: reason %v is false", f, r)
			}
		case Disabled:
			if f.Strong || states[r.Step] != r.State || g.Enabled[r.State]&f.Classes != 0 {
				t.Fatalf("%s: reason %v is false", f, r)
			}
		case NeverEnabled:
			if !f.Strong || enabled {
				t.Fatalf("%s: reason %v is false", f, r)
			}
		}
	}
}
