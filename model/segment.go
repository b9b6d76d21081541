package model

import "strconv"

// Segment is a TCP segment. Ack is meaningful only when the ACK flag is
// set (it is zero otherwise, so that equal segments are equal values). A
// segment carries at most one unit of data, marked by FlagData.
type Segment struct {
	Src   Side
	Flags Flags
	Seq   uint16
	Ack   uint16
	Tag   Tag
}

// Len is SEG.LEN: SYN, FIN and a unit of data each occupy one sequence
// number (§3.4).
func (g Segment) Len() uint16 {
	var n uint16
	if g.Flags&FlagSYN != 0 {
		n++
	}
	if g.Flags&FlagFIN != 0 {
		n++
	}
	if g.Flags&FlagData != 0 {
		n++
	}
	return n
}

// Has reports whether all bits of f are set.
func (g Segment) Has(f Flags) bool { return g.Flags&f == f }

// String is the RFC notation of the figures of §3.5:
// "<SEQ=100><ACK=301><CTL=SYN,ACK>".
func (g Segment) String() string {
	s := "<SEQ=" + itoa(int(g.Seq)) + ">"
	if g.Flags&FlagACK != 0 {
		s += "<ACK=" + itoa(int(g.Ack)) + ">"
	}
	s += "<CTL=" + g.Flags.String() + ">"
	if g.Flags&FlagData != 0 {
		s += "<DATA>"
	}
	return s
}

func itoa(i int) string { return strconv.Itoa(i) }

// Packed layout of a segment in 32 bits, most significant first, so that
// the canonical order of the network is the numeric order of the codes:
//
//	src:1 flags:4 data:1 seq:11 ack:12 tagSide:1 tagAtt:2
//
// Control flags are never all zero, so a valid code is never 0 (0 marks an
// empty slot).
const (
	seqBits   = 11
	maxSpace  = 1 << seqBits // largest --isn-space
	maxAttMax = 3            // largest --attempts (2 bits of tag)
)

func (g Segment) pack() uint32 {
	ack := g.Ack
	if g.Flags&FlagACK == 0 {
		ack = 0
	}
	return uint32(g.Src)<<31 | uint32(g.Flags&15)<<27 | uint32(g.Flags>>4&1)<<26 | uint32(g.Seq&(maxSpace-1))<<15 |
		uint32(ack&(maxSpace-1))<<3 | uint32(g.Tag.Side&1)<<2 | uint32(g.Tag.Att&3)
}

func unpack(c uint32) Segment {
	return Segment{
		Src:   Side(c >> 31),
		Flags: Flags(c>>27)&15 | Flags(c>>26&1)<<4,
		Seq:   uint16(c>>15) & (maxSpace - 1),
		Ack:   uint16(c>>3) & (maxSpace - 1),
		Tag:   Tag{Side: Side(c>>2) & 1, Att: uint8(c & 3)},
	}
}

// code is a packed segment (the layout above) on the hot path. Next passes
// codes rather than Segments: a Segment has five fields, one too many for
// the compiler to keep it in registers, so each copy goes through memory
// and its wide load stalls on the narrow stores that just built it.
type code uint32

func (c code) src() Side             { return Side(c >> 31) }
func (c code) flags() Flags          { return Flags(c>>27)&15 | Flags(c>>26&1)<<4 }
func (c code) seq() uint16           { return uint16(c>>15) & (maxSpace - 1) }
func (c code) ack() uint16           { return uint16(c>>3) & (maxSpace - 1) }
func (c code) att() uint8            { return uint8(c & 3) }
func (c code) tag() code             { return c & 7 }
func (c code) has(f Flags) bool      { return c.flags()&f == f }
func (c code) len() uint16           { return uint16(c>>27&1) + uint16(c>>28&1) + uint16(c>>26&1) } // FIN, SYN and data bits
func (c code) withSeq(v uint16) code { return c&^((maxSpace-1)<<15) | code(v&(maxSpace-1))<<15 }

// mkCode is the code of <src, f, seq, ack> with the tag bits of tag, as
// pack would give.
func mkCode(src Side, f Flags, seq, ack uint16, tag code) code {
	if f&FlagACK == 0 {
		ack = 0
	}
	return code(uint32(src)<<31|uint32(f&15)<<27|uint32(f>>4&1)<<26|uint32(seq&(maxSpace-1))<<15|uint32(ack&(maxSpace-1))<<3) | tag&7
}

// tagCode is the tag bits of Tag{side, att}.
func tagCode(side Side, att uint8) code { return code(side&1)<<2 | code(att&3) }

// set writes unpack(c) into g field by field (see code).
func (g *Segment) set(c code) {
	g.Src = c.src()
	g.Flags = c.flags()
	g.Seq = c.seq()
	g.Ack = c.ack()
	g.Tag.Side = Side(c>>2) & 1
	g.Tag.Att = c.att()
}

// code is pack(*g), reading g field by field (see code).
func (g *Segment) code() code {
	return mkCode(g.Src, g.Flags, g.Seq, g.Ack, tagCode(g.Tag.Side, g.Tag.Att))
}
