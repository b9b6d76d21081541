//go:build unix && !linux

package explore

import (
	"syscall"
	"unsafe"
)

// allocWords returns n zeroed words outside the Go heap, so that the
// collector neither scans nor counts them. (Huge pages: see mem_linux.go.)
func allocWords(n int) []uint64 {
	if n == 0 {
		return nil
	}
	b, err := syscall.Mmap(-1, 0, 8*n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]uint64, n)
	}
	offHeap.Add(int64(len(b)))
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
