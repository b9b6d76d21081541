package model

import (
	"testing"

	"pgregory.net/rapid"
)

// TestCodeAgreesWithSegment: the hot path's packed codes (mkCode, set,
// Segment.code and the accessors) say exactly what pack and unpack say,
// for every segment the model can send.
func TestCodeAgreesWithSegment(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := Flags(rapid.IntRange(1, 15).Draw(t, "flags"))
		g := Segment{
			Src:   Side(rapid.IntRange(0, 1).Draw(t, "src")),
			Flags: f,
			Seq:   uint16(rapid.IntRange(0, maxSpace-1).Draw(t, "seq")),
			Tag:   Tag{Side(rapid.IntRange(0, 1).Draw(t, "tagSide")), uint8(rapid.IntRange(0, maxAttMax).Draw(t, "att"))},
		}
		ack := uint16(rapid.IntRange(0, maxSpace-1).Draw(t, "ack"))
		if f&FlagACK != 0 {
			g.Ack = ack
		}
		want := g.pack()
		c := mkCode(g.Src, g.Flags, g.Seq, ack, tagCode(g.Tag.Side, g.Tag.Att))
		if uint32(c) != want {
			t.Fatalf("mkCode(%+v) = %#x, pack = %#x", g, uint32(c), want)
		}
		if got := g.code(); uint32(got) != want {
			t.Fatalf("(%+v).code() = %#x, pack = %#x", g, uint32(got), want)
		}
		var back Segment
		back.set(c)
		if back != unpack(want) || back != g {
			t.Fatalf("set(%#x) = %+v, want %+v", uint32(c), back, g)
		}
		if c.src() != g.Src || c.flags() != g.Flags || c.seq() != g.Seq || c.ack() != g.Ack || c.att() != g.Tag.Att || c.len() != g.Len() {
			t.Fatalf("accessors of %#x disagree with %+v", uint32(c), g)
		}
		if c.has(FlagSYN|FlagACK) != g.Has(FlagSYN|FlagACK) {
			t.Fatalf("has(SYN,ACK) of %#x disagrees with %+v", uint32(c), g)
		}
		v := uint16(rapid.IntRange(0, maxSpace-1).Draw(t, "v"))
		h := g
		h.Seq = v
		if got := c.withSeq(v); uint32(got) != h.pack() {
			t.Fatalf("withSeq(%d) of %+v = %#x, want %#x", v, g, uint32(got), h.pack())
		}
	})
}
