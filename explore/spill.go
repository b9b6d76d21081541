package explore

import (
	"os"
	"sync/atomic"
	"unsafe"
)

// spillAbove is the size in bytes from which a level's frontier and
// candidates are kept in a spill file rather than in memory. Tests lower
// it to exercise the files on small models.
var spillAbove = 16 << 20

// spill is an unnamed temporary file the search writes large blocks to
// and reads them back from, each once and in order: the frontier of a
// level, and the candidates (encoding, parent, ordinal) of the level being
// expanded, which are only needed again when the level is numbered. Their
// pages then live in the kernel's page cache, which the kernel writes out
// and reclaims under memory pressure, instead of in the process: the
// process keeps only the visited set, the parent log and the candidates'
// fingerprints. The file is unlinked as soon as it is created, so that
// nothing is left behind however the process ends.
type spill struct {
	f   *os.File
	end atomic.Int64 // bytes reserved by put since the last reset
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "tcpcheck-spill-*")
	if err != nil {
		return nil, err
	}
	_ = os.Remove(f.Name()) // where an open file cannot be removed, it stays until the search ends
	return &spill{f: f}, nil
}

// put appends b at an offset of its own (workers put concurrently) and
// returns the offset.
func (s *spill) put(b []byte) (int64, error) {
	n := int64(len(b))
	off := s.end.Add(n) - n
	if n == 0 {
		return off, nil
	}
	_, err := s.f.WriteAt(b, off)
	return off, err
}

func (s *spill) writeAt(b []byte, off int64) error {
	if len(b) == 0 {
		return nil
	}
	_, err := s.f.WriteAt(b, off)
	return err
}

func (s *spill) readAt(b []byte, off int64) error {
	if len(b) == 0 {
		return nil
	}
	_, err := s.f.ReadAt(b, off)
	return err
}

// reset reuses the file from its start.
func (s *spill) reset() { s.end.Store(0) }

func (s *spill) close() {
	name := s.f.Name()
	s.f.Close()
	_ = os.Remove(name)
}

// asBytes views a slice of fixed-size values as its bytes.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(z)))
}
