package explore

import (
	"runtime"
	"unsafe"
)

// graphMem holds the arrays of a retained graph outside the Go heap, as
// logMem does the parent log. On a large search the graph is the largest
// thing the process holds (about 5 bytes a transition and 20 a state: 8
// GB for the K=4 search), and in the Go heap each of its arrays would,
// while growing by append, be copied with old and new side by side and
// leave the old one as garbage until the collector ran: up to three times
// its size. Here an array grows by growWords (mremap on Linux: the pages
// move, nothing is copied) and is returned to the system when its Graph
// is no longer reachable.
type graphMem struct{ off, tgt, cls, lab, en []uint64 }

func (m *graphMem) free() {
	for _, w := range [][]uint64{m.off, m.tgt, m.cls, m.lab, m.en} {
		freeWords(w)
	}
}

// newGraph returns an empty graph whose arrays live outside the Go heap.
func newGraph() *Graph {
	g := &Graph{mem: &graphMem{}}
	runtime.AddCleanup(g, (*graphMem).free, g.mem)
	g.Offsets = resizeIn(&g.mem.off, g.Offsets, 1)
	return g
}

// resizeIn sets the length of s, an array kept in *back (words from
// allocWords or growWords, or nil), to n elements, keeping its contents.
// When it must grow it takes an eighth more than asked, so that a graph
// growing level by level is remapped a few dozen times, not once per
// level of a long search; the slack is address space until written.
func resizeIn[T any](back *[]uint64, s []T, n int) []T {
	if n <= cap(s) {
		return s[:n]
	}
	var z T
	size := int(unsafe.Sizeof(z))
	c := max(n, cap(s)+cap(s)/8, 4096/size)
	*back = growWords(*back, (c*size+7)/8)
	return unsafe.Slice((*T)(unsafe.Pointer(&(*back)[0])), len(*back)*8/size)[:n]
}

// growth is what resizeIn allocates to take a slice of the given length
// and capacity to add more elements of size bytes: nothing is copied, so
// only the new part counts.
func growth(length, capacity, add int, size uint64) uint64 {
	n := length + add
	if n <= capacity {
		return 0
	}
	return uint64(max(n, capacity+capacity/8)-capacity) * size
}

// setStates sets the number of states of g to n (Labels and Enabled; the
// Offsets are set as edges are added).
func (g *Graph) setStates(n int) {
	g.Labels = resizeIn(&g.mem.lab, g.Labels, n)
	g.Enabled = resizeIn(&g.mem.en, g.Enabled, n)
}

// setEdges sets the number of edges of g to m.
func (g *Graph) setEdges(m int) {
	g.Targets = resizeIn(&g.mem.tgt, g.Targets, m)
	g.Classes = resizeIn(&g.mem.cls, g.Classes, m)
}

// setOffsets sets the length of Offsets to n.
func (g *Graph) setOffsets(n int) {
	g.Offsets = resizeIn(&g.mem.off, g.Offsets, n)
}

// skip records that edge e is the k-th successor of its state that passed
// the constraints, not the (e - Offsets[u])-th (see Graph.skips).
func (g *Graph) skip(e uint64, k uint32) {
	if g.skips == nil {
		g.skips = map[uint64]uint32{}
	}
	g.skips[e] = k
}

// rank is the position of edge e of state u among u's successors that
// passed the constraints.
func (g *Graph) rank(u uint32, e uint64) int {
	if k, ok := g.skips[e]; ok {
		return int(k)
	}
	return int(e - g.Offsets[u])
}
