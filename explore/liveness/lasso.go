package liveness

import "fmt"

// Lasso is a counterexample to P ~> Q: a path from an initial state that
// passes a P-state and then reaches Loop without meeting Q, and a cycle
// from Loop back to Loop, inside ¬Q, that is fair. An empty Cycle means the
// behaviour stutters in Loop forever (only with Options.Stutter).
//
// Paths are edge indices into Graph.Targets, ready for
// (*explore.Result).Path; Trace turns the whole lasso into steps.
type Lasso struct {
	Init   uint32   // the initial state the prefix starts from
	Prefix []uint64 // edges from Init to Loop (shortest)
	PStep  int      // the P-state is the one after PStep prefix edges (0: Init)
	Loop   uint32   // the first state of the cycle
	Cycle  []uint64 // edges from Loop back to Loop; empty: stutter in Loop
	Why    []Reason // per fairness constraint, in Options order: why the cycle is fair
}

// Cause says how a cycle meets a fairness constraint.
type Cause uint8

const (
	// Taken: the cycle takes an edge of the group.
	Taken Cause = iota
	// Disabled: the group is disabled in a state of the cycle (weak).
	Disabled
	// NeverEnabled: no state of the cycle enables the group (strong).
	NeverEnabled
)

// Reason is the fairness argument for one constraint.
type Reason struct {
	Fairness Fairness
	Cause    Cause
	// Step locates the evidence on the cycle: for Taken, the index in
	// Cycle of the edge taking the group; for Disabled, the state after
	// Step cycle edges (0: Loop).
	Step  int
	State uint32 // Disabled: the state where the group is disabled
	Edge  uint64 // Taken: the edge
}

func (r Reason) String() string {
	switch r.Cause {
	case Taken:
		return fmt.Sprintf("%s: taken by cycle step %d", r.Fairness, r.Step+1)
	case Disabled:
		if r.Step == 0 {
			return fmt.Sprintf("%s: disabled where the cycle starts (state id %d)", r.Fairness, r.State)
		}
		return fmt.Sprintf("%s: disabled after cycle step %d (state id %d)", r.Fairness, r.Step, r.State)
	default:
		return fmt.Sprintf("%s: never enabled on the cycle", r.Fairness)
	}
}

const (
	unseen = ^uint32(0)     // not reached by a path search
	isRoot = ^uint32(0) - 1 // a source of a path search
)

// lasso builds the counterexample once fair components are known.
func (c *checker) lasso() (*Lasso, error) {
	l, err := c.prefix()
	if err != nil || l == nil {
		return l, err
	}
	if err := c.cycle(l); err != nil {
		return nil, err
	}
	return l, c.explain(l)
}

// prefix finds a shortest path from an initial state to a state of a fair
// component that passes a P∧¬Q state and stays in ¬Q from there: a
// breadth-first search in the product of the graph with two phases,
// before the P-state (any edge) and after it (¬Q only). It returns nil if
// no fair component is reachable that way.
func (c *checker) prefix() (*Lasso, error) {
	g := c.g
	n := g.N()
	par := [2][]uint32{make([]uint32, n), make([]uint32, n)}
	for i := range par[0] {
		par[0][i], par[1][i] = unseen, unseen
	}
	const after = 1 << 31 // phase bit in queue entries
	queue := make([]uint32, 0, 1024)
	target := unseen
	reach1 := func(s, from uint32) {
		if par[1][s] != unseen {
			return
		}
		par[1][s] = from
		queue = grow(queue, s|after)
		if c.fair.has(s) && target == unseen {
			target = s
		}
	}
	reach0 := func(s, from uint32) {
		if par[0][s] != unseen {
			return
		}
		par[0][s] = from
		queue = grow(queue, s)
		if c.p.has(s) && c.notQ.has(s) {
			reach1(s, s) // the switch: parent is the state itself
		}
	}
	for i := 0; i < c.inits && target == unseen; i++ {
		reach0(uint32(i), isRoot)
	}
	for head := 0; head < len(queue) && target == unseen; head++ {
		u := queue[head] &^ after
		if queue[head]&after == 0 {
			for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
				reach0(g.Targets[e], u)
			}
			continue
		}
		for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
			if w := g.Targets[e]; c.notQ.has(w) && !c.cut.has(e) {
				reach1(w, u)
			}
		}
	}
	if target == unseen {
		return nil, nil
	}
	// Walk back through the two phases.
	var states []uint32
	pAt := -1
	s, phase := target, 1
	for {
		states = append(states, s)
		u := par[phase][s]
		if phase == 1 && u == s {
			pAt = len(states) - 1
			states = states[:len(states)-1]
			phase = 0
			continue
		}
		if u == isRoot {
			break
		}
		s = u
	}
	l := &Lasso{Init: states[len(states)-1], Loop: target}
	for i := len(states) - 1; i > 0; i-- {
		edge := c.edge
		if i <= pAt {
			edge = c.keptEdge // after the P-state: no withdrawing edge
		}
		e, ok := edge(states[i], states[i-1])
		if !ok {
			return nil, fmt.Errorf("liveness: internal error: no edge %d -> %d", states[i], states[i-1])
		}
		l.Prefix = append(l.Prefix, e)
	}
	l.PStep = len(states) - 1 - pAt
	return l, nil
}

// edge returns the first edge u -> v.
func (c *checker) edge(u, v uint32) (uint64, bool) {
	g := c.g
	for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
		if g.Targets[e] == v {
			return e, true
		}
	}
	return 0, false
}

// keptEdge returns the first edge u -> v that does not withdraw the
// premise.
func (c *checker) keptEdge(u, v uint32) (uint64, bool) {
	g := c.g
	for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
		if g.Targets[e] == v && !c.cut.has(e) {
			return e, true
		}
	}
	return 0, false
}

// explain checks the cycle against every constraint and records why it is
// fair. A constraint that the cycle does not meet is a bug in the search,
// reported as an error rather than a wrong counterexample.
func (c *checker) explain(l *Lasso) error {
	g, gs := c.g, c.gs
	l.Why = make([]Reason, len(gs.list))
	states := []uint32{l.Loop}
	for _, e := range l.Cycle[:max(len(l.Cycle)-1, 0)] {
		states = append(states, g.Targets[e])
	}
	var bad uint64
	for i, f := range gs.list {
		r := Reason{Fairness: f, Step: -1}
		bit := uint64(1) << i
		for k, e := range l.Cycle {
			if c.groupsOf(e)&bit != 0 {
				r.Cause, r.Step, r.Edge = Taken, k, e
				break
			}
		}
		if r.Step < 0 {
			for k, s := range states {
				en := gs.enabled(g.Enabled[s])&bit != 0
				if !f.Strong && !en {
					r.Cause, r.Step, r.State = Disabled, k, s
					break
				}
				if f.Strong && en {
					bad |= bit
					break
				}
			}
			if f.Strong && bad&bit == 0 {
				r.Cause, r.Step = NeverEnabled, 0
			}
		}
		if r.Step < 0 {
			bad |= bit
		}
		l.Why[i] = r
	}
	if c.tokens != nil {
		if open := c.cycleTokens(l.Loop, l.Cycle); len(open) > 0 {
			return fmt.Errorf("liveness: internal error: the cycle found leaves %d tokens pending (%s)", len(open), c.tokens.Name)
		}
	}
	if bad != 0 {
		return fmt.Errorf("liveness: internal error: the cycle found breaks %s", gs.names(bad))
	}
	return nil
}

func (c *checker) selfLoop(e uint64) bool {
	return e >= c.g.Offsets[c.g.Targets[e]] && e < c.g.Offsets[c.g.Targets[e]+1]
}

// groupsOf returns the groups an edge takes (none for a stutter step).
func (c *checker) groupsOf(e uint64) uint64 {
	if c.stutter && c.selfLoop(e) {
		return 0
	}
	return c.gs.byClass[c.g.Classes[e]]
}
