package explore

import (
	"os"
	"syscall"
	"unsafe"
)

// fileWords is a growable array of words for the parent log. It starts in
// anonymous memory (allocWords); once it reaches spillAbove bytes it moves
// to a shared mapping of an unlinked file in the spill directory, and
// drop hands the pages of its finished part back to the page cache: the
// kernel writes them out and reclaims them under pressure, and they are
// read back (a page fault) only when a trace is rebuilt. At scale the
// parent log, 5 bytes a state, is then no longer the process's memory.
type fileWords struct {
	w       []uint64
	f       *os.File
	size    uintptr // bytes mapped from f
	dropped uintptr // bytes from the start whose pages were dropped
}

const pageSize = 4096

func (fw *fileWords) grow(n int, dir string, spill bool) {
	if fw.f == nil && (!spill || 8*n < spillAbove || !fw.toFile(n, dir)) {
		fw.w = growWords(fw.w, n)
		return
	}
	if n <= len(fw.w) {
		fw.w = fw.w[:n]
		return
	}
	size := (uintptr(8*n) + pageSize - 1) &^ (pageSize - 1)
	if size > fw.size {
		p := fw.addr()
		if err := fw.f.Truncate(int64(size)); err != nil {
			fw.toMemory(n)
			return
		}
		q, _, e := syscall.Syscall6(syscall.SYS_MREMAP, p, fw.size, size, mremapMayMove, 0, 0)
		if e != 0 {
			fw.toMemory(n)
			return
		}
		offHeap.Add(int64(size - fw.size))
		fw.size = size
		fw.w = words(q, int(size/8))
	}
	fw.w = fw.w[:n]
}

func (fw *fileWords) addr() uintptr {
	return uintptr(unsafeWordsAddr(fw.w))
}

// toFile moves the array to a file mapping of n words; false if the file
// cannot be made (the array then stays in memory).
func (fw *fileWords) toFile(n int, dir string) bool {
	f, err := os.CreateTemp(dir, "tcpcheck-log-*")
	if err != nil {
		return false
	}
	_ = os.Remove(f.Name())
	size := (uintptr(8*n) + pageSize - 1) &^ (pageSize - 1)
	if f.Truncate(int64(size)) != nil {
		f.Close()
		return false
	}
	p, _, e := syscall.Syscall6(syscall.SYS_MMAP, 0, size, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_SHARED, f.Fd(), 0)
	if e != 0 {
		f.Close()
		return false
	}
	w := words(p, int(size/8))
	copy(w, fw.w)
	freeWords(fw.w)
	offHeap.Add(int64(size))
	fw.w, fw.f, fw.size, fw.dropped = w[:len(fw.w)], f, size, 0
	return true
}

// toMemory moves a file-mapped array back to anonymous memory, n words,
// when the file cannot grow (a full disk).
func (fw *fileWords) toMemory(n int) {
	w := allocWords(n)
	copy(w, fw.w)
	fw.free()
	fw.w = w
}

// drop hands the pages of the first n words back to the page cache (file
// mapping only): their contents stay in the file.
func (fw *fileWords) drop(n int) {
	if fw.f == nil {
		return
	}
	end := uintptr(8*n) &^ (pageSize - 1)
	if end <= fw.dropped {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, fw.addr()+fw.dropped, end-fw.dropped, syscall.MADV_DONTNEED)
	offHeap.Add(-int64(end - fw.dropped))
	fw.dropped = end
}

func (fw *fileWords) free() {
	if fw.f == nil {
		freeWords(fw.w)
		fw.w = nil
		return
	}
	munmapRaw(fw.addr(), fw.size)
	offHeap.Add(-int64(fw.size - fw.dropped))
	fw.f.Close()
	fw.w, fw.f, fw.size, fw.dropped = nil, nil, 0, 0
}

func unsafeWordsAddr(w []uint64) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(w)) }
