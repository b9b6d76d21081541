package explore

import (
	"runtime/metrics"
	"sync/atomic"
)

// offHeap is the memory this process holds outside the Go heap through
// allocWords (the visited tables), which the runtime's figures miss.
var offHeap atomic.Int64

var memSamples = []metrics.Sample{
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
}

// ProcessMemory is the memory the process holds now: what the Go runtime
// has mapped and not returned to the system (heap, including garbage not
// yet collected, stacks, runtime structures) plus the tables kept outside
// the Go heap. It is what --memory budgets and what Stats.PeakMemory
// reports; it does not stop the world and costs about a microsecond.
func ProcessMemory() uint64 {
	s := make([]metrics.Sample, len(memSamples))
	copy(s, memSamples)
	metrics.Read(s)
	var held uint64
	if s[0].Value.Kind() == metrics.KindUint64 && s[1].Value.Kind() == metrics.KindUint64 {
		held = s[0].Value.Uint64() - s[1].Value.Uint64()
	}
	return held + uint64(max(offHeap.Load(), 0))
}

// copyGrow is growWords by allocation and copy.
func copyGrow(w []uint64, n int) []uint64 {
	g := allocWords(n)
	copy(g, w)
	freeWords(w)
	return g
}
