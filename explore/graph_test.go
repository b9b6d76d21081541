package explore

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// graphModel is a random finite graph as a model: a state is a node, the
// successors are its out-edges in order (repeats and self-loops allowed),
// and the action is the edge's position in the adjacency list.
type graphModel struct {
	inits []uint32
	adj   [][]uint32
}

type node struct{ n uint32 }

func (g *graphModel) Init(emit func(*node)) {
	for _, i := range g.inits {
		emit(&node{i})
	}
}

func (g *graphModel) Next(s *node, emit func(int, *node)) {
	for i, t := range g.adj[s.n] {
		emit(i, &node{t})
	}
}

// Two words, so that the exact store compares more than one.
func (g *graphModel) Words() int { return 2 }
func (g *graphModel) Encode(s *node, dst []uint64) {
	dst[0] = uint64(s.n)
	dst[1] = uint64(s.n) * 0x9E3779B97F4A7C15
}

// decodingGraph is graphModel with a Decoder, so that the engine keeps
// its frontier and candidates as encodings.
type decodingGraph struct{ *graphModel }

func (g decodingGraph) Decode(src []uint64) node { return node{uint32(src[0])} }

func drawGraph(t *rapid.T) *graphModel {
	n := rapid.IntRange(1, 60).Draw(t, "nodes")
	g := &graphModel{adj: make([][]uint32, n)}
	node := rapid.Uint32Range(0, uint32(n-1))
	g.inits = rapid.SliceOfN(node, 0, 4).Draw(t, "inits")
	for i := range g.adj {
		g.adj[i] = rapid.SliceOfN(node, 0, 4).Draw(t, fmt.Sprintf("adj%d", i))
	}
	return g
}

// drawOptions picks random checks, constraints and budgets over node ids.
func drawOptions(t *rapid.T, n int) Options[node, int] {
	set := func(label string) map[uint32]bool {
		m := map[uint32]bool{}
		for _, x := range rapid.SliceOfN(rapid.Uint32Range(0, uint32(n-1)), 0, 3).Draw(t, label) {
			m[x] = true
		}
		return m
	}
	bad, bad2, excluded, terminal, lab := set("bad"), set("bad2"), set("excluded"), set("terminal"), set("label")
	var opt Options[node, int]
	if rapid.Bool().Draw(t, "invariants") {
		opt.Invariants = []Invariant[node]{
			{Name: "NotBad", Holds: func(s *node) bool { return !bad[s.n] }},
			{Name: "NotBad2", Holds: func(s *node) bool { return !bad2[s.n] }},
		}
	}
	if rapid.Bool().Draw(t, "actionInvariant") {
		k := rapid.IntRange(1, 7).Draw(t, "k")
		opt.ActionInvariants = []ActionInvariant[node, int]{
			{Name: "NoJump", Holds: func(from *node, a int, to *node) bool { return (from.n+to.n+uint32(a))%uint32(k) != 0 }},
		}
	}
	if rapid.Bool().Draw(t, "constraint") {
		opt.Constraint = func(s *node) bool { return !excluded[s.n] }
	}
	if rapid.Bool().Draw(t, "actionConstraint") {
		opt.ActionConstraint = func(from *node, a int, to *node) bool { return (from.n+uint32(a))%5 != 1 }
	}
	if rapid.Bool().Draw(t, "deadlock") {
		opt.CheckDeadlock = true
		opt.Terminal = func(s *node) bool { return terminal[s.n] }
	}
	opt.Continue = rapid.Bool().Draw(t, "continue")
	if rapid.Bool().Draw(t, "graph") {
		opt.RetainGraph = true
		opt.EdgeClass = func(a int) uint8 { return uint8(a % 3) }
		opt.Labels = []func(*node) bool{func(s *node) bool { return lab[s.n] }, func(s *node) bool { return s.n%2 == 0 }}
	}
	switch rapid.IntRange(0, 3).Draw(t, "budget") {
	case 1:
		opt.MaxStates = int64(rapid.IntRange(1, n).Draw(t, "maxStates"))
	case 2:
		opt.MaxDepth = rapid.IntRange(1, 6).Draw(t, "maxDepth")
	}
	return opt
}

// summary is everything that must not depend on the engine or the number
// of workers.
type summary struct {
	Verdict    Verdict
	Distinct   int64
	Generated  int64
	Trans      int64
	Depth      int
	Levels     []int64
	Stop       string
	Violations []Violation[node, int]
	Parent     []uint32
	Ordinal    []uint16
	Graph      *Graph
}

func summarize(r *Result[node, int]) summary {
	ords := make([]uint16, len(r.parent))
	for i := range ords {
		ords[i] = r.ordAt(uint32(i))
	}
	return summary{r.Verdict, r.Stats.Distinct, r.Stats.Generated, r.Stats.Transitions, r.Stats.Depth,
		r.Stats.Levels, r.Stats.StopReason, r.Violations, slices.Clone(r.parent), ords, plainGraph(r.Graph)} // the log is freed with r
}

// plainGraph copies g's arrays into the Go heap, empty ones as nil, so
// that graphs built by Run (outside the heap) and by the reference
// search (by append) compare by content.
func plainGraph(g *Graph) *Graph {
	if g == nil {
		return nil
	}
	return &Graph{Offsets: clone(g.Offsets), Targets: clone(g.Targets), Classes: clone(g.Classes),
		Labels: clone(g.Labels), Enabled: clone(g.Enabled), skips: maps.Clone(g.skips)}
}

func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func TestRunMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawGraph(t)
		opt := drawOptions(t, len(g.adj))
		ref, err := referenceRun[node, int](context.Background(), g, opt)
		if err != nil {
			t.Fatal(err)
		}
		want := summarize(ref)
		for _, m := range []Model[node, int]{g, decodingGraph{g}} {
			_, dec := m.(Decoder[node])
			for _, store := range []StoreKind{Exact, Fingerprint, Fingerprint96, Fingerprint128, Disk} {
				for _, w := range []int{1, 2, 8} {
					o := opt
					o.Workers, o.Store = w, store
					o.DiskTable = 1 // the disk store's file at every level
					r, err := Run[node, int](context.Background(), m, o)
					if err != nil {
						t.Fatal(err)
					}
					if got := summarize(r); !reflect.DeepEqual(got, want) {
						t.Fatalf("%v store, %d workers, decoder %v:\n got %+v\nwant %+v", store, w, dec, got, want)
					}
				}
			}
		}
	})
}

// bfs is an independent shortest-distance computation over the graph
// honouring the constraints: the numbering must put every state at its
// distance, and no budget may be set.
func bfs(g *graphModel, opt Options[node, int]) map[uint32]int {
	dist := map[uint32]int{}
	var q []uint32
	for _, i := range g.inits {
		if _, ok := dist[i]; !ok && (opt.Constraint == nil || opt.Constraint(&node{i})) {
			dist[i] = 1
			q = append(q, i)
		}
	}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for a, v := range g.adj[u] {
			if opt.ActionConstraint != nil && !opt.ActionConstraint(&node{u}, a, &node{v}) {
				continue
			}
			if opt.Constraint != nil && !opt.Constraint(&node{v}) {
				continue
			}
			if _, ok := dist[v]; !ok {
				dist[v] = dist[u] + 1
				q = append(q, v)
			}
		}
	}
	return dist
}

func TestDepthsAndTracesAreShortest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawGraph(t)
		opt := drawOptions(t, len(g.adj))
		opt.MaxStates, opt.MaxDepth = 0, 0
		opt.Continue = true
		opt.Workers = rapid.IntRange(1, 4).Draw(t, "workers")
		r, err := Run[node, int](context.Background(), g, opt)
		if err != nil {
			t.Fatal(err)
		}
		dist := bfs(g, opt)
		if int(r.Stats.Distinct) != len(dist) {
			t.Fatalf("distinct %d, want %d", r.Stats.Distinct, len(dist))
		}
		id := uint32(0)
		for lvl, n := range r.Stats.Levels {
			for i := int64(0); i < n; i++ {
				tr := r.TraceTo(id)
				last := tr.Last()
				if d, ok := dist[last.n]; !ok || d != lvl+1 || len(tr.Steps) != lvl {
					t.Fatalf("state %d (node %d) on level %d, trace of %d steps, distance %d", id, last.n, lvl+1, len(tr.Steps), d)
				}
				checkPath(t, g, tr)
				id++
			}
		}
		for _, v := range r.Violations {
			checkPath(t, g, v.Trace)
			last := v.Trace.Last()
			switch v.Kind {
			case "invariant":
				// No state violating it is closer than the one reported.
				for n, d := range dist {
					if !opt.Invariants[propIndex(opt, v.Property)].Holds(&node{n}) && d < len(v.Trace.Steps)+1 {
						t.Fatalf("%s: node %d violates it at distance %d, trace has %d steps", v.Property, n, d, len(v.Trace.Steps))
					}
				}
			case "deadlock":
				if d := dist[last.n]; d != len(v.Trace.Steps)+1 {
					t.Fatalf("deadlock trace of %d steps to a state at distance %d", len(v.Trace.Steps), d)
				}
			case "action":
				if len(v.Trace.Steps) == 0 || opt.ActionInvariants[0].Holds(stepFrom(v.Trace), v.Trace.Steps[len(v.Trace.Steps)-1].Action, &last) {
					t.Fatalf("action trace does not end in a violating step: %+v", v.Trace)
				}
			}
		}
	})
}

func propIndex(opt Options[node, int], name string) int {
	for i, inv := range opt.Invariants {
		if inv.Name == name {
			return i
		}
	}
	return -1
}

func stepFrom(tr Trace[node, int]) *node {
	if len(tr.Steps) < 2 {
		return &tr.Init
	}
	return &tr.Steps[len(tr.Steps)-2].State
}

// checkPath fails unless the trace starts in an initial state and each
// step is an edge of the graph.
func checkPath(t *rapid.T, g *graphModel, tr Trace[node, int]) {
	ok := false
	for _, i := range g.inits {
		ok = ok || i == tr.Init.n
	}
	if !ok {
		t.Fatalf("trace starts in %d, not an initial state", tr.Init.n)
	}
	cur := tr.Init.n
	for _, s := range tr.Steps {
		if s.Action >= len(g.adj[cur]) || g.adj[cur][s.Action] != s.State.n {
			t.Fatalf("step %d -[%d]-> %d is not an edge", cur, s.Action, s.State.n)
		}
		cur = s.State.n
	}
}

// TestFollowEdgeReplaysEveryEdge: the graph keeps no step per edge, so
// FollowEdge regenerates it; on random graphs, constraints and budgets
// (which leave some successors unnumbered, see Graph.skips), every edge
// must replay to its own target by an action that leads there, and
// EdgeOf must map the successors Edges reports back to the edges.
func TestFollowEdgeReplaysEveryEdge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawGraph(t)
		opt := drawOptions(t, len(g.adj))
		opt.RetainGraph = true
		opt.Workers = rapid.IntRange(1, 3).Draw(t, "workers")
		r, err := Run[node, int](context.Background(), g, opt)
		if err != nil {
			t.Fatal(err)
		}
		gr := r.Graph
		for u := 0; u < gr.N(); u++ {
			s := r.TraceTo(uint32(u)).Last()
			seen := map[uint64]bool{}
			r.Edges(&s, func(k int, a int, to *node) bool {
				if e, ok := r.EdgeOf(uint32(u), k); ok {
					if seen[e] {
						t.Fatalf("state %d: edge %d is two successors", u, e)
					}
					seen[e] = true
					if want := r.TraceTo(gr.Targets[e]).Last(); *to != want {
						t.Fatalf("state %d, successor %d: %v, edge %d goes to %v", u, k, *to, e, want)
					}
				}
				return true
			})
			if len(seen) != int(gr.Offsets[u+1]-gr.Offsets[u]) {
				t.Fatalf("state %d: %d successors map to edges, it has %d", u, len(seen), gr.Offsets[u+1]-gr.Offsets[u])
			}
			for e := gr.Offsets[u]; e < gr.Offsets[u+1]; e++ {
				a, to := r.FollowEdge(&s, uint32(u), e)
				if want := r.TraceTo(gr.Targets[e]).Last(); to != want || g.adj[s.n][a] != to.n {
					t.Fatalf("edge %d from state %d (%v): action %d to %v, want %v", e, u, s, a, to, want)
				}
			}
		}
	})
}
