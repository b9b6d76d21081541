package props

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/tcpcheck/tcpcheck/model"
)

// terminalPairs collects the unacceptable terminal pairs a search meets,
// so that P6 reports all of them, not only the shortest counterexample.
// Invariants run on several workers; a failure is rare, so a mutex will do.
type terminalPairs struct {
	mu    sync.Mutex
	count map[[2]model.TCPState]int64
}

// wrap returns P6's invariant, recording each state that breaks it.
func (tp *terminalPairs) wrap(holds func(*model.State) bool) func(*model.State) bool {
	return func(s *model.State) bool {
		if holds(s) {
			return true
		}
		tp.mu.Lock()
		if tp.count == nil {
			tp.count = map[[2]model.TCPState]int64{}
		}
		tp.count[[2]model.TCPState{s.E[model.A].State, s.E[model.B].State}]++
		tp.mu.Unlock()
		return false
	}
}

// String lists the pairs, most frequent first: "SYN-SENT/LISTEN (12
// states), ESTABLISHED/CLOSED (3 states)".
func (tp *terminalPairs) String() string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	type pc struct {
		p [2]model.TCPState
		n int64
	}
	var l []pc
	for p, n := range tp.count {
		l = append(l, pc{p, n})
	}
	sort.Slice(l, func(i, j int) bool {
		if l[i].n != l[j].n {
			return l[i].n > l[j].n
		}
		if l[i].p[0] != l[j].p[0] {
			return l[i].p[0] < l[j].p[0]
		}
		return l[i].p[1] < l[j].p[1]
	})
	s := make([]string, len(l))
	for i, x := range l {
		s[i] = fmt.Sprintf("%v/%v (%d states)", x.p[0], x.p[1], x.n)
	}
	return strings.Join(s, ", ")
}
