package liveness

import (
	"slices"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"pgregory.net/rapid"
)

// randomCase is a small random graph with predicates and fairness, every
// state reachable from the initial ones (as in a graph explore retains).
type randomCase struct {
	g    *explore.Graph
	o    Options
	p, q []bool
}

func drawCase(t *rapid.T) randomCase { return drawSized(t, 1, 8) }

func drawSized(t *rapid.T, minN, maxN int) randomCase {
	n := rapid.IntRange(minN, maxN).Draw(t, "n")
	inits := rapid.IntRange(1, n).Draw(t, "inits")
	var edges []edge
	class := func(label string) uint8 { return uint8(rapid.IntRange(0, 3).Draw(t, label)) }
	for s := inits; s < n; s++ {
		from := rapid.IntRange(0, s-1).Draw(t, "tree")
		edges = append(edges, edge{uint32(from), uint32(s), class("class")})
	}
	for i, k := 0, rapid.IntRange(0, 2*n+2).Draw(t, "extraEdges"); i < k; i++ {
		edges = append(edges, edge{uint32(rapid.IntRange(0, n-1).Draw(t, "from")), uint32(rapid.IntRange(0, n-1).Draw(t, "to")), class("class")})
	}
	extra := map[uint32]uint64{}
	for s := 0; s < n; s++ {
		extra[uint32(s)] = uint64(rapid.IntRange(0, 15).Draw(t, "excluded")) & uint64(rapid.IntRange(0, 15).Draw(t, "excludedMask"))
	}
	rc := randomCase{g: build(n, edges, extra), o: Options{Inits: inits, Stutter: rapid.Bool().Draw(t, "stutter")}}
	for s := 0; s < n; s++ {
		rc.p = append(rc.p, rapid.IntRange(0, 2).Draw(t, "p") == 0)
		rc.q = append(rc.q, rapid.IntRange(0, 3).Draw(t, "q") == 0)
	}
	for i, k := 0, rapid.IntRange(0, 3).Draw(t, "groups"); i < k; i++ {
		rc.o.Fairness = append(rc.o.Fairness, Fairness{
			Name:    "g",
			Classes: uint64(rapid.IntRange(1, 15).Draw(t, "classes")),
			Strong:  rapid.Bool().Draw(t, "strong"),
		})
	}
	return rc
}

func (rc randomCase) preds() (Pred, Pred) {
	return func(s uint32) bool { return rc.p[s] }, func(s uint32) bool { return rc.q[s] }
}

// fairStates is the brute-force reference: the union of every set X of ¬Q
// states that is strongly connected by its inner edges (or, with
// stuttering, a single state) and fair when a walk covers all of X's inner
// edges, which is the most a cycle staying in X can take and visit.
func (rc randomCase) fairStates() []bool {
	g, n := rc.g, rc.g.N()
	stutter := rc.o.Stutter
	fair := make([]bool, n)
	for x := 1; x < 1<<n; x++ {
		in := func(s uint32) bool { return x&(1<<s) != 0 }
		ok := true
		var members []uint32
		for s := 0; s < n; s++ {
			if in(uint32(s)) {
				if rc.q[s] {
					ok = false
				}
				members = append(members, uint32(s))
			}
		}
		if !ok {
			continue
		}
		inner := func(u uint32, e uint64) bool {
			v := g.Targets[e]
			return in(v) && !(stutter && u == v)
		}
		// Strongly connected: every member reaches every member.
		for _, a := range members {
			seen := map[uint32]bool{}
			stack := []uint32{a}
			for len(stack) > 0 {
				u := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
					if v := g.Targets[e]; inner(u, e) && !seen[v] {
						seen[v] = true
						stack = append(stack, v)
					}
				}
			}
			for _, b := range members {
				if !seen[b] && !(stutter && len(members) == 1) {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		for _, f := range rc.o.Fairness {
			taken, enabled, disabled := false, false, false
			for _, u := range members {
				for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
					if inner(u, e) && f.Classes&(1<<g.Classes[e]) != 0 {
						taken = true
					}
				}
				if g.Enabled[u]&f.Classes != 0 {
					enabled = true
				} else {
					disabled = true
				}
			}
			if !(taken || (!f.Strong && disabled) || (f.Strong && !enabled)) {
				ok = false
			}
		}
		if ok {
			for _, s := range members {
				fair[s] = true
			}
		}
	}
	return fair
}

// shortestPrefix is the reference prefix length: the minimum over P∧¬Q
// states p and fair states f of dist(init, p) + dist_¬Q(p, f), or -1.
func (rc randomCase) shortestPrefix(fair []bool) int {
	g, n := rc.g, rc.g.N()
	bfs := func(srcs []uint32, ok func(uint32) bool) []int {
		d := make([]int, n)
		for i := range d {
			d[i] = -1
		}
		q := append([]uint32(nil), srcs...)
		for _, s := range srcs {
			d[s] = 0
		}
		for len(q) > 0 {
			u := q[0]
			q = q[1:]
			for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
				if v := g.Targets[e]; d[v] < 0 && ok(v) {
					d[v] = d[u] + 1
					q = append(q, v)
				}
			}
		}
		return d
	}
	var inits []uint32
	for i := 0; i < rc.o.Inits; i++ {
		inits = append(inits, uint32(i))
	}
	d0 := bfs(inits, func(uint32) bool { return true })
	best := -1
	for p := 0; p < n; p++ {
		if !rc.p[p] || rc.q[p] || d0[p] < 0 {
			continue
		}
		d1 := bfs([]uint32{uint32(p)}, func(v uint32) bool { return !rc.q[v] })
		for f := 0; f < n; f++ {
			if fair[f] && d1[f] >= 0 && (best < 0 || d0[p]+d1[f] < best) {
				best = d0[p] + d1[f]
			}
		}
	}
	return best
}

func TestLeadsToAgainstBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rc := drawCase(t)
		p, q := rc.preds()
		l, err := LeadsTo(rc.g, p, q, rc.o)
		if err != nil {
			t.Fatal(err)
		}
		want := rc.shortestPrefix(rc.fairStates())
		if (l != nil) != (want >= 0) {
			t.Fatalf("violated = %v, reference says %v", l != nil, want >= 0)
		}
		if l == nil {
			return
		}
		checkLasso(t, rc.g, p, q, rc.o, l)
		if len(l.Prefix) != want {
			t.Fatalf("prefix of %d edges, shortest is %d", len(l.Prefix), want)
		}
	})
}

// TestLeadsToLassoOnLargerGraphs checks, where brute force is out of
// reach, that every lasso is a real, fair counterexample and that strong
// fairness refinement and the cycle builder never fail internally.
func TestLeadsToLassoOnLargerGraphs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rc := drawSized(t, 8, 60)
		p, q := rc.preds()
		l, err := LeadsTo(rc.g, p, q, rc.o)
		if err != nil {
			t.Fatal(err)
		}
		if l != nil {
			checkLasso(t, rc.g, p, q, rc.o, l)
		}
	})
}

func TestPossibilityAgainstBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rc := drawCase(t)
		goal, scope := rc.preds()
		if rapid.Bool().Draw(t, "all") {
			scope = nil
		}
		var last, total int64 = -1, 0
		got, err := PossibilityProgress(rc.g, goal, scope, func(done, all int64) {
			if done < last || done > all {
				t.Fatalf("progress %d of %d after %d", done, all, last)
			}
			last, total = done, all
		})
		if err != nil {
			t.Fatal(err)
		}
		g, n := rc.g, rc.g.N()
		if last != 3*int64(n) || total != 3*int64(n) {
			t.Fatalf("progress ended at %d of %d, want the three passes over %d states done", last, total, n)
		}
		// Graphs of 2^32 edges or more count them in 64 bits: same marks.
		r32, r64 := eval(n, goal), eval(n, goal)
		backward[uint32](g, n, r32, func(int, int) {})
		backward[uint64](g, n, r64, func(int, int) {})
		if !slices.Equal(r32, r64) {
			t.Fatalf("backward reachability differs with 64-bit counts: %x against %x", r64, r32)
		}
		var want Stuck
		for s := 0; s < n; s++ {
			if scope != nil && !scope(uint32(s)) {
				continue
			}
			seen := map[uint32]bool{uint32(s): true}
			stack := []uint32{uint32(s)}
			found := false
			for len(stack) > 0 && !found {
				u := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				found = goal(u)
				for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
					if v := g.Targets[e]; !seen[v] {
						seen[v] = true
						stack = append(stack, v)
					}
				}
			}
			if !found {
				if want.Count == 0 {
					want.First = uint32(s)
				}
				want.Count++
			}
		}
		if got != want {
			t.Fatalf("Possibility = %+v, want %+v", got, want)
		}
	})
}
