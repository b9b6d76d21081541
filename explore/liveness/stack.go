package liveness

// frameBlock is the number of frames per block of a frameStack.
const frameBlock = 1 << 14

// frameStack is the depth-first path, kept in fixed blocks so that it
// grows without copying: on a graph of millions of states the path can be
// nearly as long as the graph, and append's growth would allocate several
// times its final size.
type frameStack struct {
	blocks [][]frame
	n      int
}

func (s *frameStack) push(f frame) {
	b := s.n / frameBlock
	if b == len(s.blocks) {
		s.blocks = append(s.blocks, make([]frame, frameBlock))
	}
	s.blocks[b][s.n%frameBlock] = f
	s.n++
}

// top returns the last frame; the pointer stays valid until it is popped.
func (s *frameStack) top() *frame {
	i := s.n - 1
	return &s.blocks[i/frameBlock][i%frameBlock]
}

func (s *frameStack) pop() { s.n-- }

func (s *frameStack) empty() bool { return s.n == 0 }

// grow appends v to a state stack, doubling its capacity when full (append
// grows large slices by only a quarter, copying more in total).
func grow(s []uint32, v uint32) []uint32 {
	if len(s) == cap(s) {
		t := make([]uint32, len(s), 2*cap(s)+1024)
		copy(t, s)
		s = t
	}
	return append(s, v)
}
