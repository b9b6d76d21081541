//go:build !linux

package explore

// fileWords is the parent log's array; only on Linux does it move to a
// file mapping (logfile_linux.go).
type fileWords struct{ w []uint64 }

func (fw *fileWords) grow(n int, _ string, _ bool) { fw.w = growWords(fw.w, n) }
func (fw *fileWords) drop(int)                     {}
func (fw *fileWords) free()                        { freeWords(fw.w); fw.w = nil }
