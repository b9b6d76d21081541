package liveness_test

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
)

// A sender retransmits (class 1) until its segment gets through (class 2,
// into the goal state 2). Without fairness it may retransmit forever; weak
// fairness on delivery rules that out.
func ExampleLeadsTo() {
	g := &explore.Graph{
		// 0 -send-> 1; 1 -retransmit-> 1; 1 -deliver-> 2
		Offsets: []uint64{0, 1, 3, 3},
		Targets: []uint32{1, 1, 2},
		Classes: []uint8{0, 1, 2},
		Labels:  []uint32{0, 0, 1},
		Enabled: []uint64{1 << 0, 1<<1 | 1<<2, 0},
	}
	sending := func(s uint32) bool { return s == 0 }
	delivered := liveness.Label(g, 0)

	l, _ := liveness.LeadsTo(g, sending, delivered, liveness.Options{Inits: 1})
	fmt.Println("no fairness: prefix", l.Prefix, "cycle", l.Cycle)

	fair := []liveness.Fairness{{Name: "deliver", Classes: 1 << 2}}
	l, _ = liveness.LeadsTo(g, sending, delivered, liveness.Options{Inits: 1, Fairness: fair})
	fmt.Println("weak fairness on delivery: counterexample", l != nil)

	st, _ := liveness.Possibility(g, delivered, nil)
	fmt.Println("states that cannot reach the goal:", st.Count)
	// Output:
	// no fairness: prefix [0] cycle [1]
	// weak fairness on delivery: counterexample false
	// states that cannot reach the goal: 0
}
