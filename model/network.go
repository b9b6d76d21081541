package model

// MaxNetBound is the largest --net-bound the fixed-size network holds.
const MaxNetBound = 6

// Network is the multiset of segments in flight: packed segment codes in
// ascending order, then empty (zero) slots. Keeping the codes sorted makes
// the representation canonical, so the same multiset reached in different
// orders is the same State.
type Network struct {
	seg [MaxNetBound]uint32
	n   uint8
}

// Len is the number of segments in flight.
func (n *Network) Len() int { return int(n.n) }

// At returns the i-th segment in canonical order.
func (n *Network) At(i int) Segment { return unpack(n.seg[i]) }

// Segments lists the segments in flight in canonical order. It allocates:
// it is for tests, traces and pictures, not the hot path.
func (n *Network) Segments() []Segment {
	out := make([]Segment, n.n)
	for i := range out {
		out[i] = unpack(n.seg[i])
	}
	return out
}

// Add inserts g, keeping the order. It reports false, leaving n unchanged,
// if the network already holds MaxNetBound segments; the model itself
// enforces the smaller configured bound.
func (n *Network) Add(g Segment) bool { return n.add(g.pack()) }

func (n *Network) add(c uint32) bool {
	if int(n.n) >= MaxNetBound {
		return false
	}
	i := int(n.n)
	for i > 0 && n.seg[i-1] > c {
		n.seg[i] = n.seg[i-1]
		i--
	}
	n.seg[i] = c
	n.n++
	return true
}

// removeAt deletes the segment in slot i.
func (n *Network) removeAt(i int) {
	// A loop, not copy: the array is short and a call to memmove costs
	// more than the moves.
	last := int(n.n) - 1
	for ; i < last && i+1 < MaxNetBound; i++ {
		n.seg[i] = n.seg[i+1]
	}
	n.seg[last] = 0
	n.n--
}

// Count returns how many copies of g are in flight.
func (n *Network) Count(g Segment) int {
	c, k := g.pack(), 0
	for i := 0; i < int(n.n); i++ {
		if n.seg[i] == c {
			k++
		}
	}
	return k
}

// Code returns the packed code of the i-th segment in canonical order: a
// non-zero number that identifies the segment (flags, numbers, sender
// and tag), for code outside the model that needs a compact name for it.
func (n *Network) Code(i int) uint32 { return n.seg[i] }
