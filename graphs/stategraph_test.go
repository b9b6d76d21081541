package graphs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// chain is a toy model: a counter from 0 that steps up to n-1 and stops.
type chain struct{ n int }

func (c chain) Init(emit func(s *int)) { s := 0; emit(&s) }
func (c chain) Next(s *int, emit func(a string, t *int)) {
	if *s+1 < c.n {
		t := *s + 1
		emit("inc", &t)
	}
	if *s > 0 && *s%2 == 0 {
		t := 0
		emit("reset", &t)
	}
}
func (c chain) Words() int                  { return 1 }
func (c chain) Encode(s *int, dst []uint64) { dst[0] = uint64(*s) }

func searchChain(t *testing.T, n int) *explore.Result[int, string] {
	t.Helper()
	r, err := explore.Run[int, string](context.Background(), chain{n}, explore.Options[int, string]{RetainGraph: true, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func chainOptions() GraphOptions[int, string] {
	return GraphOptions[int, string]{
		StateLabel:  func(s *int) string { return fmt.Sprintf("x=%d", *s) },
		ActionLabel: func(a string) string { return a },
		Bad:         func(s *int) bool { return *s == 3 },
	}
}

func TestStateGraphWhole(t *testing.T) {
	const n = 6
	r := searchChain(t, n)
	sg, err := StateGraphOf(r, "chain", chainOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Nodes) != n {
		t.Fatalf("%d nodes, want %d", len(sg.Nodes), n)
	}
	// n-1 increments plus a reset from every even state above 0.
	wantEdges := n - 1 + (n-1)/2
	if len(sg.Edges) != wantEdges {
		t.Errorf("%d edges, want %d", len(sg.Edges), wantEdges)
	}
	bad := 0
	for _, nd := range sg.Nodes {
		if nd.Bad {
			bad++
			if nd.Label != "x=3" {
				t.Errorf("bad node %q, want x=3", nd.Label)
			}
		}
		if nd.Initial != (nd.Label == "x=0") {
			t.Errorf("node %q: Initial = %v", nd.Label, nd.Initial)
		}
	}
	if bad != 1 {
		t.Errorf("%d bad nodes, want 1", bad)
	}
	src, err := sg.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "chain", src)
	if _, err := RenderSVG(src); err != nil {
		t.Fatal(err)
	}
}

func TestStateGraphLimit(t *testing.T) {
	const n = 40
	r := searchChain(t, n)
	opt := chainOptions()
	opt.Limit = 10
	_, err := StateGraphOf(r, "chain", opt)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("got %v, want a TooLargeError", err)
	}
	if tl.States != n || tl.Limit != 10 {
		t.Errorf("error says %d states, limit %d; want %d, 10", tl.States, tl.Limit, n)
	}
	for _, want := range []string{"40 states", "limit of 10", "shrink the configuration", "neighbourhood"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}

	// Around a path, the refusal counts the neighbourhood and asks for a
	// smaller k.
	tr := r.TraceTo(30)
	path := []uint32{tr.InitID}
	for _, st := range tr.Steps {
		path = append(path, st.ID)
	}
	opt.Path, opt.K = path, 2
	_, err = StateGraphOf(r, "chain", opt)
	if !errors.As(err, &tl) || !tl.Around || tl.States != len(chainAround(n, 30, 2)) {
		t.Fatalf("got %v, want a TooLargeError counting the %d states around the path", err, len(chainAround(n, 30, 2)))
	}
	if !strings.Contains(err.Error(), "smaller k") {
		t.Errorf("error %q does not suggest a smaller k", err)
	}
}

func TestStateGraphNeighbourhood(t *testing.T) {
	const n = 40
	r := searchChain(t, n)
	for _, tc := range []struct {
		m, k int // path to state m, k steps around it
	}{{5, 0}, {5, 1}, {5, 3}, {12, 2}, {39, 2}} {
		t.Run(fmt.Sprintf("m=%d,k=%d", tc.m, tc.k), func(t *testing.T) {
			tr := r.TraceTo(uint32(tc.m)) // BFS ids equal counter values in a chain
			path := []uint32{tr.InitID}
			for _, st := range tr.Steps {
				path = append(path, st.ID)
			}
			opt := chainOptions()
			opt.Path, opt.K = path, tc.k
			sg, err := StateGraphOf(r, "around", opt)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, x := range chainAround(n, tc.m, tc.k) {
				want[fmt.Sprintf("x=%d", x)] = true
			}
			got := map[string]bool{}
			onPath := 0
			for _, nd := range sg.Nodes {
				got[nd.Label] = true
				if nd.OnPath {
					onPath++
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d nodes, want %d", len(got), len(want))
			}
			for l := range want {
				if !got[l] {
					t.Errorf("missing %s", l)
				}
			}
			if onPath != tc.m+1 {
				t.Errorf("%d nodes on the path, want %d", onPath, tc.m+1)
			}
			hl := 0
			for _, e := range sg.Edges {
				if e.OnPath {
					hl++
				}
			}
			if hl != tc.m {
				t.Errorf("%d highlighted edges, want %d", hl, tc.m)
			}
		})
	}
}

func TestStateGraphNeedsGraph(t *testing.T) {
	r, err := explore.Run[int, string](context.Background(), chain{3}, explore.Options[int, string]{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StateGraphOf(r, "x", chainOptions()); err == nil || !strings.Contains(err.Error(), "RetainGraph") {
		t.Fatalf("got %v, want an error naming RetainGraph", err)
	}
}

// chainAround is the reference neighbourhood: breadth-first search over the
// chain's rules, written out again, ignoring edge directions.
func chainAround(n, m, k int) []int {
	adj := make([][]int, n)
	link := func(a, b int) { adj[a] = append(adj[a], b); adj[b] = append(adj[b], a) }
	for x := 0; x < n; x++ {
		if x+1 < n {
			link(x, x+1)
		}
		if x > 0 && x%2 == 0 {
			link(x, 0)
		}
	}
	dist := map[int]int{}
	var queue []int
	for x := 0; x <= m; x++ {
		dist[x] = 0
		queue = append(queue, x)
	}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range adj[x] {
			if _, ok := dist[y]; !ok && dist[x] < k {
				dist[y] = dist[x] + 1
				queue = append(queue, y)
			}
		}
	}
	var out []int
	for x := range dist {
		out = append(out, x)
	}
	return out
}
