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
// reached from a state numbered before it, by the successor whose position
// in Next's order the edge records).
//
// If edge is set, the replay also calls it for every edge of the graph,
// with the source state, the action and the target state.
func segmentFairness(m *model.Model, g *explore.Graph, edge func(e uint64, s *model.State, a model.Action, t *model.State)) (*liveness.Tokens, error) {
	n := g.N()
	k := m.Config().NetBound
	nets := make([]uint32, n*k)
	open := map[uint32]model.State{}
	seen := make([]bool, n)
	if n > 0 {
		open[0] = m.Initial()
		seen[0] = true
	}
	for u := 0; u < n; u++ {
		s, ok := open[uint32(u)]
		if !ok {
			return nil, fmt.Errorf("props: state %d of the graph has no predecessor before it: the graph is not in BFS order", u)
		}
		delete(open, uint32(u))
		for i := 0; i < s.Net.Len() && i < k; i++ {
			nets[u*k+i] = s.Net.Code(i)
		}
		lo, hi := g.Offsets[u], g.Offsets[u+1]
		ord := 0
		m.Next(&s, func(a model.Action, t *model.State) {
			for e := lo; e < hi; e++ {
				if int(g.Ordinals[e]) == ord {
					if edge != nil {
						edge(e, &s, a, t)
					}
					if v := g.Targets[e]; !seen[v] {
						seen[v] = true
						open[v] = *t
					}
				}
			}
			ord++
		})
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
