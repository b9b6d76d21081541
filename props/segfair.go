package props

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// segmentFairness is L1's fairness per segment in flight: on a fair
// behaviour every segment in flight is eventually delivered (consumed) or
// lost, so it cannot stay in flight forever while copies of it are
// delivered, nor while other segments of its kind come and go. A token is
// a segment's code (its flags, numbers, sender and incarnation tag), so
// identical copies share a token: an edge discharges it when it lowers the
// number of copies in flight.
//
// The graph keeps no states, so the network of every state is recovered
// by replaying Next along the graph's edges in BFS order (each state is
// reached from a state numbered before it, by one of its edges, which
// Result.Edges regenerates in order). The replay holds the encodings of
// two BFS levels at a time (Result.Stats.Levels), not a state per state of
// the graph.
//
// If edge is set, the replay also calls it for every edge of the graph,
// with the source state, the action and the target state. progress, if
// set, is called every 2^18 states replayed.
func segmentFairness(m *model.Model, res *explore.Result[model.State, model.Action], edge func(e uint64, s *model.State, a model.Action, t *model.State), progress func(done, total int64)) (*liveness.Tokens, error) {
	g, levels := res.Graph, res.Stats.Levels
	n := g.N()
	k := m.Config().NetBound
	var sum, widest int64
	for _, l := range levels {
		sum += l
		widest = max(widest, l)
	}
	if sum != int64(n) {
		return nil, fmt.Errorf("props: the levels count %d states, the graph has %d", sum, n)
	}
	nets := make([]uint32, n*k)
	w := m.Words()
	// cur holds the encodings of the level replayed, next those of the
	// level after it, as they are reached; seen marks the states reached.
	cur, next := make([]uint64, int(widest)*w), make([]uint64, int(widest)*w)
	seen := make([]uint64, (n+63)/64)
	if n > 0 {
		init := m.Initial()
		m.Encode(&init, cur[:w])
		seen[0] = 1
	}
	var start, end, nextEnd int // the level replayed is [start, end); the next [end, nextEnd)
	lv := -1
	for u := 0; u < n; u++ {
		if u == end {
			lv++
			start, end = end, end+int(levels[lv])
			nextEnd = end
			if lv+1 < len(levels) {
				nextEnd += int(levels[lv+1])
			}
			if lv > 0 {
				cur, next = next, cur
			}
		}
		if progress != nil && u&(1<<18-1) == 0 {
			progress(int64(u), int64(n))
		}
		if seen[u>>6]&(1<<(u&63)) == 0 {
			return nil, fmt.Errorf("props: state %d of the graph has no predecessor before it: the graph is not in BFS order", u)
		}
		x := (u - start) * w
		s := m.Decode(cur[x : x+w])
		for i := 0; i < s.Net.Len() && i < k; i++ {
			nets[u*k+i] = s.Net.Code(i)
		}
		var bad error
		res.Edges(&s, func(j int, a model.Action, t *model.State) bool {
			e, ok := res.EdgeOf(uint32(u), j)
			if !ok {
				return true
			}
			if edge != nil {
				edge(e, &s, a, t)
			}
			v := int(g.Targets[e])
			if seen[v>>6]&(1<<(v&63)) != 0 {
				return true
			}
			if v < end || v >= nextEnd {
				bad = fmt.Errorf("props: edge %d -> %d of the graph skips a BFS level", u, v)
				return false
			}
			seen[v>>6] |= 1 << (v & 63)
			y := (v - end) * w
			m.Encode(t, next[y:y+w])
			return true
		})
		if bad != nil {
			return nil, bad
		}
	}
	if progress != nil {
		progress(int64(n), int64(n))
	}
	net := func(s uint32) []uint32 { return nets[int(s)*k : int(s)*k+k] }
	return &liveness.Tokens{
		Name: "every segment in flight is delivered or lost",
		Pending: func(s uint32, dst []uint32) []uint32 {
			var prev uint32
			for _, c := range net(s) {
				if c != 0 && c != prev {
					dst = append(dst, c)
				}
				prev = c
			}
			return dst
		},
		Discharged: func(u uint32, e uint64, dst []uint32) []uint32 {
			a, b := net(u), net(g.Targets[e])
			for i, c := range a {
				if c == 0 || (i > 0 && a[i-1] == c) {
					continue
				}
				if count(b, c) < count(a, c) {
					dst = append(dst, c)
				}
			}
			return dst
		},
	}, nil
}

func count(net []uint32, c uint32) int {
	k := 0
	for _, x := range net {
		if x == c {
			k++
		}
	}
	return k
}
