package liveness

// bitset is one bit per state; it keeps the per-state marks of a search
// small enough for graphs of hundreds of millions of states.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) has(i uint32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) set(i uint32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) clear(i uint32)    { b[i>>6] &^= 1 << (i & 63) }

func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// edgeSet is one bit per edge of a graph (edge indices are uint64).
type edgeSet []uint64

func (b edgeSet) has(e uint64) bool { return b != nil && b[e>>6]&(1<<(e&63)) != 0 }
