package liveness

import (
	"context"
	"sync"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// benchStates is the size of the benchmark graph: a few million states, as
// a TCP configuration with liveness gives.
const benchStates = 1 << 21

// scatter is a synthetic model for benchmarks: state s has four successors
// spread pseudo-randomly over [0, n) (edge classes 0..3), so the reachable
// graph is one giant strongly connected component, the hardest case for a
// fair-cycle search. One more successor falls outside the state constraint,
// of class 5 in even states and 6 in odd ones: it keeps the class enabled
// without an edge.
type scatter struct{ n uint32 }

func (scatter) Init(emit func(*uint32)) { var s uint32; emit(&s) }

func (m scatter) Next(s *uint32, emit func(uint8, *uint32)) {
	x := uint64(*s)*0x9E3779B97F4A7C15 + 1
	for k := uint8(0); k < 4; k++ {
		x ^= x >> 29
		x *= 0xBF58476D1CE4E5B9
		t := uint32((x >> 32) % uint64(m.n))
		emit(k, &t)
	}
	out := m.n + *s
	emit(5+uint8(*s%2), &out)
}

func (scatter) Words() int                     { return 1 }
func (scatter) Encode(s *uint32, dst []uint64) { dst[0] = uint64(*s) }

// torus is the local counterpart of scatter: a w×w torus with a move in
// each direction (classes 0..3), so that BFS numbering keeps neighbours
// close, as in real models; plus the same excluded successor.
type torus struct{ w uint32 }

func (torus) Init(emit func(*uint32)) { var s uint32; emit(&s) }

func (m torus) Next(s *uint32, emit func(uint8, *uint32)) {
	x, y := *s/m.w, *s%m.w
	for k, t := range [4]uint32{
		(x+1)%m.w*m.w + y, (x+m.w-1)%m.w*m.w + y,
		x*m.w + (y+1)%m.w, x*m.w + (y+m.w-1)%m.w,
	} {
		emit(uint8(k), &t)
	}
	out := m.w*m.w + *s
	emit(5+uint8(*s%2), &out)
}

func (torus) Words() int                     { return 1 }
func (torus) Encode(s *uint32, dst []uint64) { dst[0] = uint64(*s) }

// benchModels are the two graph shapes, each of about benchStates states.
var benchModels = []struct {
	name string
	m    explore.Model[uint32, uint8]
	n    uint32
}{
	{"random", scatter{n: benchStates}, benchStates},
	{"torus", torus{w: 1448}, 1448 * 1448},
}

func benchOptions(n uint32, retain bool) explore.Options[uint32, uint8] {
	return explore.Options[uint32, uint8]{
		Constraint:  func(s *uint32) bool { return *s < n },
		RetainGraph: retain,
		EdgeClass:   func(a uint8) uint8 { return a },
		Labels: []func(*uint32) bool{
			func(s *uint32) bool { return *s%7 == 0 },      // P
			func(s *uint32) bool { return *s%100003 == 1 }, // Q: rare
			func(s *uint32) bool { return *s%2 == 0 },      // where strong fairness applies
		},
	}
}

var (
	benchMu      sync.Mutex
	benchResults = map[string]*explore.Result[uint32, uint8]{}
)

// benchResult explores a benchmark model once per process and keeps its
// graph.
func benchResult(b *testing.B, i int) *explore.Result[uint32, uint8] {
	benchMu.Lock()
	defer benchMu.Unlock()
	bm := benchModels[i]
	if r := benchResults[bm.name]; r != nil {
		return r
	}
	r, err := explore.Run(context.Background(), bm.m, benchOptions(bm.n, true))
	if err != nil {
		b.Fatal(err)
	}
	benchResults[bm.name] = r
	return r
}

func perState(b *testing.B, g *explore.Graph) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(g.N()), "ns/state")
	b.ReportMetric(ns/float64(len(g.Targets)), "ns/edge")
	b.ReportMetric(float64(g.N()), "states")
}

// BenchmarkSafety is the search that liveness is compared with: the same
// graph explored with and without retaining it.
func BenchmarkSafety(b *testing.B) {
	for _, bm := range benchModels {
		for _, retain := range []bool{false, true} {
			name := bm.name + "/plain"
			if retain {
				name = bm.name + "/retain"
			}
			b.Run(name, func(b *testing.B) {
				var g *explore.Graph
				var distinct int64
				for b.Loop() {
					r, err := explore.Run(context.Background(), bm.m, benchOptions(bm.n, retain))
					if err != nil {
						b.Fatal(err)
					}
					distinct = r.Stats.Distinct
					g = r.Graph
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(ns/float64(distinct), "ns/state")
				if g != nil {
					b.ReportMetric(ns/float64(len(g.Targets)), "ns/edge")
				}
			})
		}
	}
}

func BenchmarkPossibility(b *testing.B) {
	for i, bm := range benchModels {
		b.Run(bm.name, func(b *testing.B) {
			g := benchResult(b, i).Graph
			for b.Loop() {
				st, err := Possibility(g, Label(g, 1), nil)
				if err != nil || st.Count != 0 {
					b.Fatal(err, st)
				}
			}
			perState(b, g)
		})
	}
}

func BenchmarkLeadsTo(b *testing.B) {
	cases := []struct {
		name     string
		fairness []Fairness
		holds    bool
	}{
		// Classes 5 and 6 together are enabled everywhere and never
		// taken: the giant component is unfair, so the search must cover
		// all of it.
		{name: "holds-weak", fairness: []Fairness{{Name: "excluded", Classes: 1<<5 | 1<<6}}, holds: true},
		// Strong fairness on class 5 removes the even states; what is
		// left, the odd states, always enables class 6: two rounds.
		{name: "holds-strong", fairness: []Fairness{{Name: "even", Classes: 1 << 5, Strong: true}, {Name: "odd", Classes: 1 << 6}}, holds: true},
		// Fair: the lasso is built (prefix search and cycle).
		{name: "violated", fairness: []Fairness{{Name: "c0", Classes: 1 << 0}, {Name: "c3", Classes: 1 << 3, Strong: true}}},
	}
	for i, bm := range benchModels {
		for _, tc := range cases {
			b.Run(bm.name+"/"+tc.name, func(b *testing.B) {
				r := benchResult(b, i)
				g := r.Graph
				o := Options{Inits: Inits(r), Fairness: tc.fairness}
				for b.Loop() {
					l, err := LeadsTo(g, Label(g, 0), Label(g, 1), o)
					if err != nil || (l == nil) != tc.holds {
						b.Fatal(err, l)
					}
				}
				perState(b, g)
			})
		}
	}
}
