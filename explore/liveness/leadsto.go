package liveness

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
)

// LeadsTo checks P ~> Q under the fairness constraints of o: every fair
// behaviour that reaches a P-state reaches a Q-state then or later. A nil
// p is true everywhere; q must be given.
//
// It returns nil if the property holds, or a lasso: a shortest path from an
// initial state through a P-state to a fair cycle (or, with Stutter, a
// state where the behaviour may fairly stutter forever) that never meets
// Q after the P-state.
//
// With Options.Withdraw, the withdrawing edges are never followed after
// the P-state: neither on the way to a cycle nor on it.
//
// The search: the ¬Q states reachable from P∧¬Q states through ¬Q are
// split into strongly connected components; a component holds a fair cycle
// iff every constraint is met inside it (a weak group taken by an inner
// edge or disabled in one of its states, a strong group taken or enabled
// in none). A component that fails only strong constraints is refined, as
// Emerson and Lei do: its states that enable a failing strong group cannot
// lie on a fair cycle, so they are removed and the rest is split again.
func LeadsTo(g *explore.Graph, p, q Pred, o Options) (*Lasso, error) {
	n, err := checkGraph(g)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return nil, fmt.Errorf("liveness: LeadsTo needs a Q predicate")
	}
	if o.Inits <= 0 || o.Inits > n {
		return nil, fmt.Errorf("liveness: Inits is %d for a graph of %d states: set it to the number of initial states (Result.Stats.Levels[0])", o.Inits, n)
	}
	gs, err := newGroups(o.Fairness)
	if err != nil {
		return nil, err
	}
	c := &checker{g: g, gs: gs, stutter: o.Stutter, inits: o.Inits, tokens: o.Tokens}
	if o.Withdraw != nil {
		c.cut = make(edgeSet, (len(g.Targets)+63)/64)
		for u := 0; u < n; u++ {
			for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
				if o.Withdraw(uint32(u), e) {
					c.cut[e>>6] |= 1 << (e & 63)
				}
			}
		}
	}
	c.p = eval(n, p)
	c.notQ = eval(n, Not(q))
	c.fair = newBitset(n)
	alive := newBitset(n)
	copy(alive, c.notQ)
	c.alive = alive
	c.t = newSCCs(g, alive)
	c.t.cut = c.cut
	c.t.groups, c.t.stutter = &gs.byClass, o.Stutter
	c.t.found = c.component
	c.t.progress = o.Progress

	// Round one: the components reachable from P∧¬Q within ¬Q.
	for s := 0; s < n; s++ {
		if c.p.has(uint32(s)) && c.notQ.has(uint32(s)) {
			if err := c.t.visit(uint32(s)); err != nil {
				return nil, err
			}
		}
	}
	// Further rounds: what strong fairness refinement left of a component.
	for len(c.again) > 0 {
		roots := c.again
		c.again = nil
		c.t.restart(roots)
		for _, s := range roots {
			if err := c.t.visit(s); err != nil {
				return nil, err
			}
		}
	}
	c.t.stack, c.t.frames = nil, frameStack{}
	if c.fair.empty() {
		return nil, nil
	}
	return c.lasso()
}

// checker carries one LeadsTo search.
type checker struct {
	g       *explore.Graph
	gs      *groups
	stutter bool
	inits   int
	tokens  *Tokens

	p, notQ bitset
	cut     edgeSet // edges that withdraw the premise (Options.Withdraw); nil: none
	alive   bitset  // states still candidates for a fair cycle
	fair    bitset  // states of fair components
	t       *sccs
	again   []uint32 // states kept for another round
}

// component judges one strongly connected component of the alive states,
// given the groups its inner edges take.
func (c *checker) component(members []uint32, taken uint64, inner bool) {
	if !c.stutter && !inner {
		return // a single state without a self-loop: no cycle
	}
	g, gs := c.g, c.gs
	var anyEnabled, anyDisabled uint64
	for _, v := range members {
		ge := gs.enabled(g.Enabled[v])
		anyEnabled |= ge
		anyDisabled |= ^ge
	}
	weakOK := (taken|anyDisabled)&gs.weak == gs.weak
	strongFail := anyEnabled &^ taken & gs.strong
	var tokensFail tokenSet
	if weakOK && strongFail == 0 && c.tokens != nil {
		tokensFail = c.failingTokens(members, c.t.rindex[members[0]])
	}
	switch {
	case weakOK && strongFail == 0 && tokensFail != nil:
		// Like a strong group: no fair cycle passes a state pending a
		// token the component never discharges.
		for _, v := range members {
			if c.pendsAny(v, tokensFail) {
				c.alive.clear(v)
			} else {
				c.again = append(c.again, v)
			}
		}
	case weakOK && strongFail == 0:
		for _, v := range members {
			c.fair.set(v)
		}
	case weakOK:
		// A weak failure cannot be cured by removing states; a strong one
		// can: no fair cycle passes a state enabling a group it never takes.
		for _, v := range members {
			if gs.enabled(g.Enabled[v])&strongFail != 0 {
				c.alive.clear(v)
			} else {
				c.again = append(c.again, v)
			}
		}
	}
}
