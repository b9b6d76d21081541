package explore

import (
	"runtime"
	"testing"
	"unsafe"
)

func addrOf[T any](s []T) uintptr { return uintptr(unsafe.Pointer(&s[0])) }

// TestGraphOutsideHeap: a graph retained by Run lives in memory the
// engine maps itself (counted in offHeap, outside the Go heap), and is
// released once unreachable.
func TestGraphOutsideHeap(t *testing.T) {
	g := newGraph()
	g.setStates(1 << 20)
	g.setEdges(1 << 22)
	g.setOffsets(1<<20 + 1)
	if tracked(addrOf(g.Targets)) == 0 || tracked(addrOf(g.Labels)) == 0 || tracked(addrOf(g.Offsets)) == 0 {
		t.Fatal("the graph's arrays are not in the engine's own mappings")
	}
	addr := addrOf(g.Targets)
	g = nil
	for i := 0; i < 10 && tracked(addr) != 0; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if tracked(addr) != 0 {
		t.Error("the arrays of an unreachable graph were not released")
	}
}
