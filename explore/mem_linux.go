package explore

import (
	"sync"
	"syscall"
	"unsafe"
)

// On Linux the engine maps its large arrays (visited table, parent log)
// itself, aligned to huge pages, and grows them with mremap: the pages are
// moved rather than copied, and because old and new addresses are both
// aligned, the huge pages move whole instead of being split into small
// pages, whose TLB misses would slow every probe of a large table.

const (
	hugePage      = 2 << 20
	madvHugepage  = 14
	mremapMayMove = 1
	mremapFixed   = 2
)

// mappings records the arrays this file mapped (address: bytes), so that
// the arrays of the make fallback are never passed to munmap.
var mappings struct {
	sync.Mutex
	m map[uintptr]uintptr
}

func mmapRaw(n uintptr) (uintptr, syscall.Errno) {
	p, _, e := syscall.Syscall6(syscall.SYS_MMAP, 0, n, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_ANON|syscall.MAP_PRIVATE, ^uintptr(0), 0)
	return p, e
}

func munmapRaw(p, n uintptr) {
	if n > 0 {
		syscall.Syscall(syscall.SYS_MUNMAP, p, n, 0)
	}
}

// mapAligned maps n bytes, at an address aligned to a huge page when n is
// at least one.
func mapAligned(n uintptr) (uintptr, syscall.Errno) {
	if n < hugePage {
		return mmapRaw(n)
	}
	p, e := mmapRaw(n + hugePage)
	if e != 0 {
		return 0, e
	}
	a := (p + hugePage - 1) &^ (hugePage - 1)
	munmapRaw(p, a-p)
	munmapRaw(a+n, p+n+hugePage-(a+n))
	return a, 0
}

// words turns the address of a mapping (outside the Go heap: nothing of
// the collector's can move or die under it) into a slice.
func words(p uintptr, n int) []uint64 {
	ptr := *(*unsafe.Pointer)(unsafe.Pointer(&p))
	return unsafe.Slice((*uint64)(ptr), n)
}

func adviseHuge(p, n uintptr) {
	if n >= hugePage {
		syscall.Syscall(syscall.SYS_MADVISE, p, n, madvHugepage)
	}
}

func track(p, n uintptr) {
	mappings.Lock()
	if mappings.m == nil {
		mappings.m = map[uintptr]uintptr{}
	}
	if n == 0 {
		delete(mappings.m, p)
	} else {
		mappings.m[p] = n
	}
	mappings.Unlock()
}

func tracked(p uintptr) uintptr {
	mappings.Lock()
	defer mappings.Unlock()
	return mappings.m[p]
}

// allocWords returns n zeroed words outside the Go heap, so that the
// collector neither scans nor counts them, backed by huge pages where the
// system grants them (fewer TLB misses on random probes).
func allocWords(n int) []uint64 {
	if n == 0 {
		return nil
	}
	size := uintptr(8 * n)
	p, e := mapAligned(size)
	if e != 0 {
		return make([]uint64, n)
	}
	adviseHuge(p, size)
	track(p, size)
	offHeap.Add(int64(size))
	return words(p, n)
}

// freeWords releases memory from allocWords or growWords.
func freeWords(w []uint64) {
	if len(w) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(&w[0]))
	if n := tracked(p); n > 0 {
		munmapRaw(p, n)
		track(p, 0)
		offHeap.Add(-int64(n))
	}
}

// growWords resizes words from allocWords to n words, keeping their
// contents, and returns the new slice (the old one is no longer valid).
// The pages are moved by mremap to a new aligned place, not copied: a
// table or log that grows needs no second copy of itself, neither in time
// nor in memory.
func growWords(w []uint64, n int) []uint64 {
	if len(w) == 0 {
		return allocWords(n)
	}
	if n <= len(w) {
		return w[:n]
	}
	p := uintptr(unsafe.Pointer(&w[0]))
	old := tracked(p)
	if old == 0 {
		return copyGrow(w, n)
	}
	size := uintptr(8 * n)
	dst, e := mapAligned(size)
	if e != 0 {
		return copyGrow(w, n)
	}
	q, _, e := syscall.Syscall6(syscall.SYS_MREMAP, p, old, size, mremapMayMove|mremapFixed, dst, 0)
	if e != 0 {
		munmapRaw(dst, size)
		return copyGrow(w, n)
	}
	track(p, 0)
	track(q, size)
	offHeap.Add(int64(size) - int64(old))
	adviseHuge(q, size)
	return words(q, n)
}
