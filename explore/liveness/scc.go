package liveness

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
)

// sccs finds the strongly connected components of the subgraph induced by
// the states in alive, with Pearce's space-efficient variant of Tarjan's
// algorithm made iterative: one uint32 per state (rindex) and explicit
// stacks, never a per-state allocation.
//
// rindex[v] is 0 while v is unvisited, its DFS index (counting up from 1)
// while v is on a stack, and its component number (counting down from
// 2^32-1, never reused across calls) once its component is complete. The
// two ranges cannot meet while fewer than 2^31 states are live, which
// checkGraph guarantees, and complete fails cleanly if numbers ever run out.
type sccs struct {
	g      *explore.Graph
	alive  bitset
	cut    edgeSet // edges not followed (LeadsTo's withdrawing edges)
	rindex []uint32
	index  uint32
	next   uint32   // the next component number
	stack  []uint32 // finished states whose component is not complete
	frames frameStack

	// groups maps an edge class to the fairness groups it takes; with
	// stutter, self-loops take none.
	groups  *[256]uint64
	stutter bool

	// found is called once per component with its members (valid only
	// during the call), the groups its inner edges take and whether it
	// has an inner edge at all (a self-loop, for one state).
	found func(members []uint32, taken uint64, inner bool)

	visited  int64
	progress func(visited, states int64)
}

// frame is one level of the depth-first search: the state, the next of its
// edges to look at, and what the inner edges seen so far below it take.
//
// An edge v -> w stays inside v's component exactly when w is live
// (visited, component not complete) once the edge has been followed: a
// live state's component root is still on the depth-first path, so it
// reaches v and w reaches it. A state that finishes without being a root
// is in its parent's component, so its frame merges into the parent's and
// the root's frame ends up with the whole component's inner edges. This
// spares a second pass over the edges of every component.
type frame struct {
	edge  uint64
	taken uint64
	v     uint32
	root  bool
	inner bool
}

func newSCCs(g *explore.Graph, alive bitset) *sccs {
	return &sccs{g: g, alive: alive, rindex: make([]uint32, g.N()), index: 1, next: ^uint32(0)}
}

// visit runs the search from root if root is alive and unvisited.
func (t *sccs) visit(root uint32) error {
	if !t.alive.has(root) || t.rindex[root] != 0 {
		return nil
	}
	g, rindex := t.g, t.rindex
	t.push(root)
	for !t.frames.empty() {
		f := t.frames.top()
		v := f.v
		end := g.Offsets[v+1]
		descended := false
		for ; f.edge < end; f.edge++ {
			w := g.Targets[f.edge]
			if !t.alive.has(w) || t.cut.has(f.edge) {
				continue
			}
			if rindex[w] == 0 {
				t.push(w)
				descended = true
				break
			}
			if rindex[w] > t.next {
				continue // in a completed component
			}
			f.inner = true
			if w != v || !t.stutter {
				f.taken |= t.groups[g.Classes[f.edge]]
			}
			if rindex[w] < rindex[v] {
				rindex[v] = rindex[w]
				f.root = false
			}
		}
		if descended {
			continue
		}
		done := *f
		t.frames.pop()
		if done.root {
			if err := t.complete(v, done.taken, done.inner); err != nil {
				return err
			}
		} else {
			t.stack = grow(t.stack, v)
		}
		if !t.frames.empty() {
			// Back in the parent, whose current edge led to v.
			p := t.frames.top()
			if !done.root {
				p.taken |= done.taken | t.groups[g.Classes[p.edge]]
				p.inner = true
				if rindex[v] < rindex[p.v] {
					rindex[p.v] = rindex[v]
					p.root = false
				}
			}
			p.edge++
		}
	}
	return nil
}

func (t *sccs) push(v uint32) {
	if t.visited++; t.visited&(1<<18-1) == 0 && t.progress != nil {
		t.progress(t.visited, int64(len(t.rindex)))
	}
	t.rindex[v] = t.index
	t.index++
	t.frames.push(frame{edge: t.g.Offsets[v], v: v, root: true})
}

// complete pops the component rooted at v, numbers it and reports it. Its
// members are v and the states above it on the stack, which are passed to
// found in place before being popped.
func (t *sccs) complete(v uint32, taken uint64, inner bool) error {
	if t.next <= uint32(t.g.N())+1 {
		return fmt.Errorf("liveness: out of component numbers on a graph of %d states", t.g.N())
	}
	id := t.next
	t.next--
	rv := t.rindex[v]
	k := len(t.stack)
	for k > 0 && t.rindex[t.stack[k-1]] >= rv {
		k--
	}
	t.stack = grow(t.stack, v)
	members := t.stack[k:]
	for _, w := range members {
		t.rindex[w] = id
	}
	t.index -= uint32(len(members))
	t.found(members, taken, inner)
	t.stack = t.stack[:k]
	return nil
}

// restart makes the given states unvisited again for another round on a
// smaller alive set.
func (t *sccs) restart(states []uint32) {
	for _, v := range states {
		t.rindex[v] = 0
	}
	t.index = 1
}
