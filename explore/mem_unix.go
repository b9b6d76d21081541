//go:build unix

package explore

import (
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE on Linux; elsewhere madvise fails and the
// error is ignored.
const madvHugepage = 14

// allocWords returns n zeroed words outside the Go heap, so that the
// collector neither scans nor counts them, and so that large tables can be
// backed by huge pages (fewer TLB misses on random probes).
func allocWords(n int) []uint64 {
	if n == 0 {
		return nil
	}
	b, err := syscall.Mmap(-1, 0, 8*n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]uint64, n)
	}
	offHeap.Add(int64(len(b)))
	if len(b) >= 2<<20 {
		_ = syscall.Madvise(b, madvHugepage)
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n)
}

// freeWords releases memory from allocWords.
func freeWords(w []uint64) {
	if len(w) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&w[0])), 8*len(w))
	// Munmap refuses memory it did not map (the make fallback), which
	// the collector owns (and counts).
	if syscall.Munmap(b) == nil {
		offHeap.Add(-int64(len(b)))
	}
}
