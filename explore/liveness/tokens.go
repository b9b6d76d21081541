package liveness

// Tokens are obligations under strong fairness, one per token: a fair
// behaviour in which a token is pending infinitely often discharges it
// infinitely often; on a cycle, every token pending in one of its states
// is discharged by one of its edges. Where a Fairness names a group of
// actions by edge class, a token names one thing the caller tracks per
// state, of which there may be many more than 64 (for a fair-lossy
// channel: each message in flight is eventually delivered or lost).
type Tokens struct {
	// Pending appends to dst the tokens pending in state s.
	Pending func(s uint32, dst []uint32) []uint32
	// Discharged appends to dst the tokens that edge e, from state u,
	// discharges.
	Discharged func(u uint32, e uint64, dst []uint32) []uint32
	// Name describes the token set in explanations, e.g. "every segment in
	// flight is delivered or lost".
	Name string
}

// tokenSet is a small set of tokens; components rarely pend more than a
// few hundred distinct tokens.
type tokenSet map[uint32]bool

// failingTokens returns the tokens pending in some member of the component
// with the given id that no inner edge discharges.
func (c *checker) failingTokens(members []uint32, id uint32) tokenSet {
	tk := c.tokens
	pend := tokenSet{}
	var buf []uint32
	for _, v := range members {
		buf = tk.Pending(v, buf[:0])
		for _, t := range buf {
			pend[t] = true
		}
	}
	if len(pend) == 0 {
		return nil
	}
	g := c.g
	for _, v := range members {
		for e := g.Offsets[v]; e < g.Offsets[v+1]; e++ {
			if c.t.rindex[g.Targets[e]] != id {
				continue
			}
			buf = tk.Discharged(v, e, buf[:0])
			for _, t := range buf {
				delete(pend, t)
			}
		}
		if len(pend) == 0 {
			return nil
		}
	}
	return pend
}

// pendsAny reports whether state s pends a token of set.
func (c *checker) pendsAny(s uint32, set tokenSet) bool {
	for _, t := range c.tokens.Pending(s, nil) {
		if set[t] {
			return true
		}
	}
	return false
}

// cycleTokens returns the tokens pending in the states of a cycle (Loop
// and the targets of its edges) that none of its edges discharges.
func (c *checker) cycleTokens(start uint32, cycle []uint64) tokenSet {
	pend := tokenSet{}
	var buf []uint32
	add := func(s uint32) {
		buf = c.tokens.Pending(s, buf[:0])
		for _, t := range buf {
			pend[t] = true
		}
	}
	add(start)
	for _, e := range cycle {
		add(c.g.Targets[e])
	}
	u := start
	for _, e := range cycle {
		buf = c.tokens.Discharged(u, e, buf[:0])
		for _, t := range buf {
			delete(pend, t)
		}
		u = c.g.Targets[e]
	}
	return pend
}
