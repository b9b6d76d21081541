package liveness

import (
	"fmt"
	"sort"
)

// cycle builds a fair cycle from l.Loop inside its fair component: it
// walks to the nearest evidence for each constraint still unmet (an edge
// taking the group, or for a weak group a state disabling it), then home
// by a shortest path; strong groups enabled on the way become constraints
// to meet in turn. The component being fair, every strong group enabled in
// it is taken by one of its edges, so each round takes a new group and the
// walk ends. With Stutter, a state that enables no fair group needs no
// cycle at all.
func (c *checker) cycle(l *Lasso) error {
	g, gs := c.g, c.gs
	start := l.Loop
	if c.stutter && gs.enabled(g.Enabled[start]) == 0 && (c.tokens == nil || len(c.tokens.Pending(start, nil)) == 0) {
		return nil // stutter in Loop
	}
	id := c.t.rindex[start]
	w := newWalker(c, func(s uint32) bool { return c.fair.has(s) && c.t.rindex[s] == id })

	en := gs.enabled(g.Enabled[start])
	strongSeen := en & gs.strong
	var taken uint64
	pending := en
	cur := start
	follow := func(path []uint64) {
		for _, e := range path {
			k := c.groupsOf(e)
			taken |= k
			pending &^= k
			cur = g.Targets[e]
			en := gs.enabled(g.Enabled[cur])
			pending &^= gs.weak &^ en
			strongSeen |= en & gs.strong
			pending |= en & gs.strong &^ taken
		}
		l.Cycle = append(l.Cycle, path...)
	}
	for {
		for pending != 0 {
			p := pending
			path := w.search(cur,
				func(s uint32) bool { return gs.weak&p&^gs.enabled(g.Enabled[s]) != 0 },
				func(e uint64) bool { return c.groupsOf(e)&p != 0 })
			if path == nil {
				return errNoWitness(gs, pending)
			}
			follow(path)
		}
		if cur != start || len(l.Cycle) == 0 {
			// Home by a shortest path; from the start itself, by at least
			// one edge.
			home := w.search(cur, func(s uint32) bool { return s == start && s != cur },
				func(e uint64) bool { return g.Targets[e] == start })
			if home == nil {
				return errNoWitness(gs, 0)
			}
			follow(home)
		}
		pending = strongSeen &^ taken
		if pending == 0 && c.tokens != nil {
			// Then to an edge discharging a token still pending on the
			// cycle, and home again; new states may pend or enable more.
			if open := c.cycleTokens(start, l.Cycle); len(open) > 0 {
				var buf []uint32
				path := w.search(cur, nil, func(e uint64) bool {
					buf = c.tokens.Discharged(c.source(e), e, buf[:0])
					for _, t := range buf {
						if open[t] {
							return true
						}
					}
					return false
				})
				if path == nil {
					return fmt.Errorf("liveness: internal error: no witness for %s in a fair component", c.tokens.Name)
				}
				follow(path)
				continue
			}
		}
		if pending == 0 {
			return nil
		}
	}
}

// source returns the state an edge leaves.
func (c *checker) source(e uint64) uint32 {
	off := c.g.Offsets
	return uint32(sort.Search(len(off)-1, func(i int) bool { return off[i+1] > e }))
}

func errNoWitness(gs *groups, pending uint64) error {
	if pending == 0 {
		return fmt.Errorf("liveness: internal error: fair component is not strongly connected")
	}
	return fmt.Errorf("liveness: internal error: no witness for %s in a fair component", gs.names(pending))
}

// walker runs breadth-first searches inside one component, reusing its
// arrays across searches.
type walker struct {
	c       *checker
	in      func(uint32) bool
	par     []uint32 // per state: parent in the current search, or unseen
	touched []uint32
}

func newWalker(c *checker, in func(uint32) bool) *walker {
	par := make([]uint32, c.g.N())
	for i := range par {
		par[i] = unseen
	}
	return &walker{c: c, in: in, par: par}
}

// search explores the component from src in breadth-first order and
// returns the edges of a shortest path to the first state s (src included,
// giving an empty path) with atState(s), or through the first edge e with
// atEdge(e), whichever comes first. It returns nil if there is none; a
// visitor that never stops the search simply sees every state.
func (w *walker) search(src uint32, atState func(uint32) bool, atEdge func(uint64) bool) []uint64 {
	g := w.c.g
	defer w.reset()
	w.par[src] = isRoot
	w.touched = append(w.touched[:0], src)
	for head := 0; head < len(w.touched); head++ {
		u := w.touched[head]
		if atState != nil && atState(u) {
			return w.path(u, nil)
		}
		for e := g.Offsets[u]; e < g.Offsets[u+1]; e++ {
			v := g.Targets[e]
			if !w.in(v) || w.c.cut.has(e) {
				continue
			}
			if atEdge != nil && atEdge(e) {
				return w.path(u, []uint64{e})
			}
			if w.par[v] == unseen {
				w.par[v] = u
				w.touched = grow(w.touched, v)
			}
		}
	}
	return nil
}

// path returns the edges from the search's source to u, then tail.
func (w *walker) path(u uint32, tail []uint64) []uint64 {
	var rev []uint64
	for w.par[u] != isRoot {
		p := w.par[u]
		e, _ := w.c.keptEdge(p, u)
		rev = append(rev, e)
		u = p
	}
	out := make([]uint64, 0, len(rev)+len(tail))
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return append(out, tail...)
}

func (w *walker) reset() {
	for _, s := range w.touched {
		w.par[s] = unseen
	}
	w.touched = w.touched[:0]
}
