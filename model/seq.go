package model

// Sequence arithmetic in Z_N (§3.4): comparisons are modulo N and only
// meaningful between values less than N/2 apart.

// add and sub avoid division on the hot path: operands are already in
// Z_N (values below N), except for rare larger d.
func (m *Model) add(a, d uint16) uint16 {
	s := uint32(a) + uint32(d)
	if s >= uint32(m.n) {
		s -= uint32(m.n)
		if s >= uint32(m.n) {
			s %= uint32(m.n)
		}
	}
	return uint16(s)
}

func (m *Model) sub(a, b uint16) uint16 {
	if a >= b {
		return a - b
	}
	return uint16(uint32(a) + uint32(m.n) - uint32(b))
}

// lt is a < b: 0 < (b-a) mod N < N/2.
func (m *Model) lt(a, b uint16) bool {
	d := m.sub(b, a)
	return d > 0 && d < m.n/2
}

func (m *Model) le(a, b uint16) bool { return a == b || m.lt(a, b) }

// inWindow is RCV.NXT =< x < RCV.NXT+RCV.WND.
func (m *Model) inWindow(e *Endpoint, x uint16) bool { return m.sub(x, e.RcvNxt) < m.w }

// acceptable is the segment acceptability test of §3.10.7.4 Table 6 for a
// window W >= 1.
func (m *Model) acceptable(e *Endpoint, g code) bool {
	l := g.len()
	if l == 0 {
		return m.inWindow(e, g.seq())
	}
	return m.inWindow(e, g.seq()) || m.inWindow(e, m.add(g.seq(), l-1))
}

// ackAcceptable is SND.UNA < SEG.ACK =< SND.NXT (§3.4).
func (m *Model) ackAcceptable(e *Endpoint, ack uint16) bool {
	return m.lt(e.SndUna, ack) && m.le(ack, e.SndNxt)
}
