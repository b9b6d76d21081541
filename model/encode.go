package model

// The canonical encoding: one word per endpoint, then the network codes
// two to a word. Sequence variables other than ISS and IRS are stored as
// offsets (SND.UNA-ISS, SND.NXT-ISS, RCV.NXT-IRS, each 0..3), which is
// exact because without data they never move further (§3.4: only SYN and
// FIN occupy sequence space). Layout of an endpoint word, low bit first:
//
//	state:4 passive:1 iss:12 irs:12 unaOff:2 nxtOff:2 rcvOff:2 retx:3
//	opens:3 att:2 peerAtt:2 confirmed:12 closeCalled:1 abrupt:1
//	ends:3 extra:3
//
// ends packs the sticky ghosts Abrupt, Aborted, Crashes and Quiet, of
// which only five combinations occur (Aborted implies Abrupt, a crash sets
// both): 0 none, 1 Abrupt, 2 Abrupt and Aborted, 3 crashed, 4 crashed and
// quiet. extra holds Losses in A's word and Bound in B's.

func (m *Model) words() int { return 2 + m.netWords() + m.dataWords() }

func (m *Model) netWords() int { return (m.cfg.NetBound + 1) / 2 }

// dataWords is 1 with --data: the data fields and the full sequence
// offsets of both endpoints (17 bits each, see encodeData).
func (m *Model) dataWords() int {
	if m.cfg.Data > 0 || m.cfg.ListenerStays {
		return 1
	}
	return 0
}

// encodeData packs what --data adds to an endpoint, low bit first:
//
//	unaOff:3 nxtOff:3 rcvOff:3 queue:2 sent:2 finPending:1 listening:1 read:2
//
// (17 bits: A's at bit 0, B's at bit dataShift).
// With data the offsets reach 2+Data, beyond the 2 bits of the endpoint
// word, which keeps their low bits.
func (m *Model) encodeData(e *Endpoint) uint64 {
	off := func(a, b uint16) uint64 { return uint64(m.sub(a, b) & 7) }
	return off(e.SndUna, e.ISS) | off(e.SndNxt, e.ISS)<<3 | off(e.RcvNxt, e.IRS)<<6 |
		uint64(e.Queue&3)<<9 | uint64(e.Sent&3)<<11 | b2u(e.FinPending)<<13 | b2u(e.Listening)<<14 |
		uint64(e.Read&3)<<15
}

// dataShift is where B's data fields start in the data word.
const dataShift = 20

func (m *Model) decodeData(e *Endpoint, w uint64) {
	if e.State != Closed && e.State != Listen {
		e.SndUna = m.add(e.ISS, uint16(w&7))
		e.SndNxt = m.add(e.ISS, uint16(w>>3&7))
		if e.State != SynSent {
			e.RcvNxt = m.add(e.IRS, uint16(w>>6&7))
		}
	}
	e.Queue = uint8(w>>9) & 3
	e.Sent = uint8(w>>11) & 3
	e.FinPending = w>>13&1 != 0
	e.Listening = w>>14&1 != 0
	e.Read = uint8(w>>15) & 3
}

func (m *Model) encodeEndpoint(e *Endpoint, extra uint8) uint64 {
	w := uint64(e.State&15) | b2u(e.Passive)<<4 |
		uint64(e.ISS&(maxSpace-1))<<5 | uint64(e.IRS&(maxSpace-1))<<17 |
		m.off(e.SndUna, e.ISS)&3<<29 | m.off(e.SndNxt, e.ISS)&3<<31 | m.off(e.RcvNxt, e.IRS)&3<<33 |
		uint64(e.Retx&7)<<35 | uint64(e.Opens&7)<<38 | uint64(e.Att&3)<<41 |
		uint64(e.PeerAtt&3)<<43 | uint64((e.Confirmed>>4)&0xfff)<<45 |
		b2u(e.CloseCalled)<<57 | ends(e)<<58 | uint64(extra&7)<<61
	return w
}

// off is m.sub(a, b) without a branch: the encoder runs once per
// successor, and which operand is larger is data, not a pattern.
func (m *Model) off(a, b uint16) uint64 {
	d := uint32(a) - uint32(b)
	d += uint32(m.n) & uint32(int32(d)>>31)
	return uint64(d)
}

// decodeEndpoint fills e (zero on entry) from its word and returns the
// word's extra field.
func (m *Model) decodeEndpoint(e *Endpoint, w uint64) uint8 {
	e.State = TCPState(w & 15)
	e.Passive = w>>4&1 != 0
	e.ISS = uint16(w>>5) & (maxSpace - 1)
	e.IRS = uint16(w>>17) & (maxSpace - 1)
	e.SndUna = m.add(e.ISS, uint16(w>>29&3))
	e.SndNxt = m.add(e.ISS, uint16(w>>31&3))
	e.RcvNxt = m.add(e.IRS, uint16(w>>33&3))
	e.Retx = uint8(w>>35) & 7
	e.Opens = uint8(w>>38) & 7
	e.Att = uint8(w>>41) & 3
	e.PeerAtt = uint8(w>>43) & 3
	e.Confirmed = uint16(w>>45&0xfff) << 4
	e.CloseCalled = w>>57&1 != 0
	switch w >> 58 & 7 {
	case 1:
		e.Abrupt = true
	case 2:
		e.Abrupt, e.Aborted = true, true
	case 3:
		e.Abrupt, e.Aborted, e.Crashes = true, true, 1
	case 4:
		e.Abrupt, e.Aborted, e.Crashes, e.Quiet = true, true, 1, true
	}
	return uint8(w>>61) & 7
}

// ends is the code of the sticky ghosts (see the layout above).
func ends(e *Endpoint) uint64 {
	switch {
	case e.Crashes > 0:
		return 3 + b2u(e.Quiet)
	case e.Aborted:
		return 2
	}
	return b2u(e.Abrupt)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (m *Model) encode(s *State, dst []uint64) {
	nw := m.encNet // 2 + netWords
	_ = dst[nw-1]
	dst[0] = m.encodeEndpoint(&s.E[0], s.Losses)
	dst[1] = m.encodeEndpoint(&s.E[1], s.Bound)
	// The network's codes two to a word; its slots past n are zero.
	seg := &s.Net.seg
	switch nw {
	case 5:
		dst[4] = uint64(seg[4]) | uint64(seg[5])<<32
		fallthrough
	case 4:
		dst[3] = uint64(seg[2]) | uint64(seg[3])<<32
		fallthrough
	case 3:
		dst[2] = uint64(seg[0]) | uint64(seg[1])<<32
	}
	if nw < len(dst) {
		dst[nw] = m.encodeData(&s.E[0]) | m.encodeData(&s.E[1])<<dataShift
	}
}

// Decode rebuilds a state from its encoding. It is the inverse of Encode
// on every valid state (those that satisfy Model.Valid).
func (m *Model) Decode(src []uint64) State {
	var s State
	nw := m.encNet
	_ = src[nw-1]
	s.Losses = m.decodeEndpoint(&s.E[0], src[0])
	s.Bound = m.decodeEndpoint(&s.E[1], src[1])
	if nw < len(src) {
		m.decodeData(&s.E[0], src[nw])
		m.decodeData(&s.E[1], src[nw]>>dataShift)
	}
	// Encode wrote the slots as they are: the codes in order, then
	// zeros (every code is non-zero).
	seg := &s.Net.seg
	switch nw {
	case 5:
		seg[4], seg[5] = uint32(src[4]), uint32(src[4]>>32)
		fallthrough
	case 4:
		seg[2], seg[3] = uint32(src[3]), uint32(src[3]>>32)
		fallthrough
	case 3:
		seg[0], seg[1] = uint32(src[2]), uint32(src[2]>>32)
	}
	for _, c := range seg {
		if c != 0 {
			s.Net.n++
		}
	}
	return s
}
