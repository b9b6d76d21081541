package explore

import (
	"fmt"
	"runtime"
	"unsafe"
)

// Result is what a search found. It stays usable after Run returns: traces
// are rebuilt on demand by replaying the model from the parent log.
type Result[S, A any] struct {
	Verdict    Verdict
	Stats      Stats
	Violations []Violation[S, A]
	Graph      *Graph // nil unless Options.RetainGraph

	model   Model[S, A]
	actC    func(from *S, a A, to *S) bool // Options.ActionConstraint: which successors are edges
	stateC  func(s *S) bool                // Options.Constraint
	inits   []S
	parent  []uint32          // per state: parent index, or ^0 for an initial state
	ordinal []uint8           // per state: position among the parent's successors (or among Init's)
	ordHigh map[uint32]uint16 // the positions that do not fit in a byte (ordinal 255)
	log     *logMem           // the memory parent and ordinal live in
	// logDir and logSpill: the parent log may move to a file there
	// (fileWords); only the engine's searches set logSpill.
	logDir   string
	logSpill bool
}

// logMem holds the parent log outside the Go heap: the collector neither
// scans it nor keeps a second copy of it as garbage when it grows, and on
// Linux it grows without being copied (growWords) and, once large, lives in
// a file mapping whose finished part is not the process's memory
// (fileWords, dropLog). It is returned to the system when its Result is no
// longer reachable.
type logMem struct{ par, ord fileWords }

// resizeLog sets the length of the parent log to n entries, keeping its
// contents.
func (r *Result[S, A]) resizeLog(n int) {
	if n > cap(r.parent) {
		if r.log == nil {
			r.log = &logMem{}
			runtime.AddCleanup(r, func(l *logMem) { l.par.free(); l.ord.free() }, r.log)
		}
		c := max(n, cap(r.parent)+cap(r.parent)/8, 4096)
		l, k := r.log, len(r.parent)
		l.par.grow((c+1)/2, r.logDir, r.logSpill)
		l.ord.grow((c+7)/8, r.logDir, r.logSpill)
		r.parent = unsafe.Slice((*uint32)(unsafe.Pointer(&l.par.w[0])), 2*len(l.par.w))[:k]
		r.ordinal = unsafe.Slice((*uint8)(unsafe.Pointer(&l.ord.w[0])), 8*len(l.ord.w))[:k]
	}
	r.parent, r.ordinal = r.parent[:n], r.ordinal[:n]
}

// dropLog hands the pages of the log written so far back to the page
// cache, where it is in a file: called at level barriers, since a level
// only appends to the log.
func (r *Result[S, A]) dropLog() {
	if l := r.log; l != nil {
		l.par.drop(len(r.parent) / 2)
		l.ord.drop(len(r.ordinal) / 8)
	}
}

// ordAt is the ordinal of state id. Ordinals are almost always below 255,
// so the parent log keeps one byte a state and a map for the rest: 5
// bytes a state instead of 6.
func (r *Result[S, A]) ordAt(id uint32) uint16 {
	if o := r.ordinal[id]; o != 0xFF {
		return uint16(o)
	}
	return r.ordHigh[id]
}

// appendLog adds state id's parent and ordinal to the parent log.
func (r *Result[S, A]) appendLog(parent uint32, ord uint16) {
	id := uint32(len(r.parent))
	r.resizeLog(int(id) + 1)
	r.parent[id] = parent
	r.setOrd(id, ord)
}

func (r *Result[S, A]) setOrd(id uint32, ord uint16) {
	if ord < 0xFF {
		r.ordinal[id] = uint8(ord)
		return
	}
	r.ordinal[id] = 0xFF
	if r.ordHigh == nil {
		r.ordHigh = map[uint32]uint16{}
	}
	r.ordHigh[id] = ord
}

const noParent = ^uint32(0)

// TraceTo returns a shortest path from an initial state to state id.
func (r *Result[S, A]) TraceTo(id uint32) Trace[S, A] {
	var chain []uint32
	for x := id; r.parent[x] != noParent; x = r.parent[x] {
		chain = append(chain, x)
	}
	root := id
	if len(chain) > 0 {
		root = r.parent[chain[len(chain)-1]]
	}
	t := Trace[S, A]{Init: r.inits[r.ordAt(root)], InitID: root}
	cur := t.Init
	for i := len(chain) - 1; i >= 0; i-- {
		a, s := r.Follow(&cur, r.ordAt(chain[i]))
		t.Steps = append(t.Steps, Step[S, A]{Action: a, State: s, ID: chain[i]})
		cur = s
	}
	return t
}

// Follow returns the ord-th successor of s in Next's order, with its
// action. It panics if s has fewer successors: that means the model is not
// deterministic.
func (r *Result[S, A]) Follow(s *S, ord uint16) (A, S) {
	var (
		a     A
		t     S
		n     int
		found bool
	)
	r.model.Next(s, func(x A, y *S) {
		if n == int(ord) {
			a, t, found = x, *y, true
		}
		n++
	})
	if !found {
		panic(fmt.Sprintf("explore: state has %d successors, want ordinal %d: model is not deterministic", n, ord))
	}
	return a, t
}

// Path follows retained-graph edges (indices into Graph.Targets) from
// state from, which must be the source of the first edge; it returns the
// steps taken.
func (r *Result[S, A]) Path(from uint32, edges []uint64) []Step[S, A] {
	cur := r.TraceTo(from).Last()
	steps := make([]Step[S, A], 0, len(edges))
	u := from
	for _, e := range edges {
		a, s := r.FollowEdge(&cur, u, e)
		u = r.Graph.Targets[e]
		steps = append(steps, Step[S, A]{Action: a, State: s, ID: u})
		cur = s
	}
	return steps
}

// FollowEdge returns the action and the target state of edge e of the
// retained graph, which leaves state u; s is u's state. The graph keeps
// no step per edge: the k-th edge of u is the k-th successor of s that
// passed both constraints (Graph.skips names the exceptions). It panics
// if e does not leave u or s has too few such successors: the model is
// then not deterministic.
func (r *Result[S, A]) FollowEdge(s *S, u uint32, e uint64) (A, S) {
	var (
		a     A
		t     S
		found bool
	)
	k := r.Graph.rank(u, e)
	r.Edges(s, func(j int, x A, y *S) bool {
		if j == k {
			a, t, found = x, *y, true
			return false
		}
		return true
	})
	if !found {
		panic(fmt.Sprintf("explore: state %d has no successor for its edge %d: model is not deterministic", u, e))
	}
	return a, t
}

// Edges calls f with every successor of s that the search made an edge of
// (those passing Options.ActionConstraint and Options.Constraint), in
// Next's order, with its position among them, until f returns false. The
// edges of state u in Graph are, in order, these successors (except those
// into states a budget left unnumbered: see EdgeOf).
func (r *Result[S, A]) Edges(s *S, f func(k int, a A, t *S) bool) {
	k, more := 0, true
	r.model.Next(s, func(a A, t *S) {
		if !more || r.actC != nil && !r.actC(s, a, t) || r.stateC != nil && !r.stateC(t) {
			return
		}
		more = f(k, a, t)
		k++
	})
}

// EdgeOf returns the edge of state u of the graph that the k-th successor
// Edges reports is, and false if it has none (a budget stopped the search
// before its target was numbered).
func (r *Result[S, A]) EdgeOf(u uint32, k int) (uint64, bool) {
	g := r.Graph
	lo, hi := g.Offsets[u], g.Offsets[u+1]
	if len(g.skips) == 0 {
		e := lo + uint64(k)
		return e, e < hi
	}
	for e := lo; e < hi; e++ {
		if g.rank(u, e) == k {
			return e, true
		}
	}
	return 0, false
}
