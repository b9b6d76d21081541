package explore

import (
	"unsafe"

	"github.com/zeebo/xxh3"
)

// fingerprint hashes a canonical encoding. xxh3 is fixed-seed, so the same
// state has the same fingerprint in every process (reproducible collision
// figures and, later, disk or distributed stores). 0 marks an empty slot,
// so it is mapped to 1.
func fingerprint(enc []uint64) uint64 {
	if len(enc) == 0 {
		return 1
	}
	h := xxh3.Hash(unsafe.Slice((*byte)(unsafe.Pointer(&enc[0])), 8*len(enc)))
	if h == 0 {
		h = 1
	}
	return h
}

// fingerprint128 is the 128-bit hash of an encoding, as a fingerprint
// (low half, never 0) and a key word compared on a match (high half).
func fingerprint128(enc []uint64) (uint64, uint64) {
	if len(enc) == 0 {
		return 1, 0
	}
	h := xxh3.Hash128(unsafe.Slice((*byte)(unsafe.Pointer(&enc[0])), 8*len(enc)))
	if h.Lo == 0 {
		h.Lo = 1
	}
	return h.Lo, h.Hi
}
