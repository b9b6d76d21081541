package props

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// TestSegmentFairnessReplay checks the replay behind per-segment fairness
// against states rebuilt independently from the parent log (TraceTo):
// every state's pending tokens are the codes of its network, and every
// edge is reported once, from its source state to its target state.
func TestSegmentFairnessReplay(t *testing.T) {
	for _, tc := range []struct {
		variant string
		net     int
		opens   int
	}{
		{"rfc9293", 2, 1},
		{"rfc1337", 2, 1},
	} {
		c, err := model.Variant(tc.variant)
		if err != nil {
			t.Fatal(err)
		}
		c.NetBound, c.Opens = tc.net, tc.opens
		m, err := model.New(c)
		if err != nil {
			t.Fatal(err)
		}
		res, err := explore.Run[model.State, model.Action](context.Background(), m, explore.Options[model.State, model.Action]{
			Workers: 2, Store: explore.Exact, Constraint: model.InBounds, RetainGraph: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		g := res.Graph
		n := g.N()
		if n > 200000 {
			t.Fatalf("%+v: %d states, too many for this test", tc, n)
		}
		w := m.Words()
		encode := func(s *model.State) []uint64 {
			e := make([]uint64, w)
			m.Encode(s, e)
			return e
		}
		states := make([][]uint64, n)
		for u := range states {
			s := res.TraceTo(uint32(u)).Last()
			states[u] = encode(&s)
		}
		calls := make([]int, len(g.Targets))
		var last, total int64
		tk, err := segmentFairness(m, res, func(e uint64, s *model.State, _ model.Action, t *model.State) {
			calls[e]++
			u := sourceOf(g, e)
			if !slices.Equal(encode(s), states[u]) || !slices.Equal(encode(t), states[g.Targets[e]]) {
				panic("edge replayed between the wrong states")
			}
		}, func(done, all int64) {
			if done < last {
				panic("progress went back")
			}
			last, total = done, all
		})
		if err != nil {
			t.Fatal(err)
		}
		if last != int64(n) || total != int64(n) {
			t.Errorf("%+v: progress ended at %d of %d, want %d of %d", tc, last, total, n, n)
		}
		for e, k := range calls {
			if k != 1 {
				t.Fatalf("%+v: edge %d replayed %d times", tc, e, k)
			}
		}
		for u := 0; u < n; u++ {
			s := res.TraceTo(uint32(u)).Last()
			var want []uint32
			var prev uint32
			for i := 0; i < s.Net.Len(); i++ {
				if c := s.Net.Code(i); c != 0 && c != prev {
					want = append(want, c)
				}
				prev = s.Net.Code(i)
			}
			if got := tk.Pending(uint32(u), nil); !slices.Equal(got, want) {
				t.Fatalf("%+v: state %d pends %v, its network holds %v", tc, u, got, want)
			}
		}
		// Levels that do not match the graph are refused, not misread.
		good := res.Stats.Levels
		res.Stats.Levels = slices.Clone(good)
		res.Stats.Levels[len(good)-1]++
		if _, err := segmentFairness(m, res, nil, nil); err == nil || !strings.Contains(err.Error(), "levels count") {
			t.Errorf("%+v: levels %v for %d states: error %v", tc, res.Stats.Levels, n, err)
		}
		res.Stats.Levels = good
	}
}

func sourceOf(g *explore.Graph, e uint64) uint32 {
	u, _ := slices.BinarySearchFunc(g.Offsets[1:], e, func(off, e uint64) int {
		if off <= e {
			return -1
		}
		return 1
	})
	return uint32(u)
}
