package capture

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
)

// MapConfig places a capture's sequence numbers in the model's space.
type MapConfig struct {
	Space  int    // N, the model's sequence space (at least 1024)
	ISS    [2]int // the model's ISS of A's and B's first incarnation
	Stride int    // distance between the ISS of successive incarnations
	// MaxIncarnations is the most incarnations (ISS draws) of one side
	// the model holds.
	MaxIncarnations int
}

// Obs is one captured segment in the model's terms.
type Obs struct {
	Index int           // index in Conn.Segments
	N     uint32        // packet number in the file
	Seg   model.Segment // Src, Flags (SYN, RST, FIN, ACK only), Seq, Ack; no tag
	Data  uint16        // payload bytes, abstracted away in Seg
	Inc   int           // incarnation of the sender (from 1), 0 if it has none
}

// Mapped is a connection in the model's sequence space.
type Mapped struct {
	Obs          []Obs
	Incarnations [2]int   // ISS draws of A and B seen
	Skipped      int      // segments before the first SYN
	Notes        []string // what the capture used that the model does not have, and how it was treated
}

// ErrNoSYN is returned for a connection with no SYN: it started before
// the capture did.
var ErrNoSYN = errors.New("no SYN")

// ErrIncarnations is returned when a side draws more ISS than the model
// holds.
var ErrIncarnations = errors.New("too many incarnations")

// incarnation is one ISS of one side and what it sent.
type incarnation struct {
	iss   uint32
	start int   // index of its first SYN
	fin   int64 // offset of its first FIN from the ISS, or -1
	end   int64 // largest offset after a data byte, 0 if no data
}

// d is the number of data bytes the incarnation sent (as far as seen).
func (in *incarnation) d() int64 {
	if in.fin >= 0 {
		return max(in.fin-1, 0)
	}
	return max(in.end-1, 0)
}

// Map maps c from its first SYN on. Each side's sequence numbers are made
// relative to the ISS of its incarnation (the SYN it opened with, as
// Wireshark's relative numbers), its data is cut out of the sequence space
// (offset 0 is the SYN, 1 every data byte sent so far and the FIN, 2 what
// follows the FIN), and the result is placed at the model's ISS of that
// incarnation.
// An offset that no segment of the side reached maps beyond, clamped to
// stay clear of the neighbouring incarnations.
func Map(c *Conn, mc MapConfig) (*Mapped, error) {
	if mc.Space < 1024 || mc.Stride < 8 {
		return nil, fmt.Errorf("capture: mapping needs a sequence space of at least 1024 and a stride of at least 8 (got %d, %d)", mc.Space, mc.Stride)
	}
	first := -1
	for i := range c.Segments {
		if c.Segments[i].Has(SYN) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, fmt.Errorf("%w: the %d segments of %v carry no SYN, so the connection opened before the capture began; tcpcheck checks a connection from its opening handshake: capture from before it opens", ErrNoSYN, len(c.Segments), c)
	}
	m := &Mapped{Skipped: first}
	segs := c.Segments[first:]

	// One pass: each side's incarnations and the data each has sent so
	// far. A value is placed by what its side had sent when the segment
	// was captured, so that acknowledging data or a FIN not yet sent maps
	// beyond what was sent.
	var incs [2][]incarnation
	side := func(s *Segment) int {
		if s.FromB {
			return 1
		}
		return 0
	}
	clamp := int64(mc.Stride/2 - 1)
	space := int64(mc.Space)
	far := func(v uint32) uint16 { return uint16(space - 128 + int64(v%64)) }
	place := func(x int, v uint32, i int) uint16 {
		k := nearest(incs[x], v, i, false)
		if k < 0 {
			return far(v)
		}
		in := &incs[x][k]
		off := int64(int32(v - in.iss))
		switch d := in.d(); {
		case off <= 0:
		case off <= d+1:
			off = 1
		default:
			off -= d
		}
		off = min(max(off, -clamp), clamp)
		base := int64(mc.ISS[x]) + int64(k)*int64(mc.Stride)
		return uint16(((base+off)%space + space) % space)
	}
	var st stats
	for i := range segs {
		s := &segs[i]
		x := side(s)
		if s.Has(SYN) && nearest(incs[x], s.Seq, i, true) < 0 {
			if len(incs[x]) >= mc.MaxIncarnations {
				who := "A"
				if x == 1 {
					who = "B"
				}
				return nil, fmt.Errorf("%w: %s opens with a new ISS in packet %d, its incarnation %d; the model holds %d (an ISS draw is an incarnation: see docs/CAPTURE.md); pick fewer with tcpdump -r FILE -w OUT", ErrIncarnations, who, s.N, len(incs[x])+1, mc.MaxIncarnations)
			}
			incs[x] = append(incs[x], incarnation{iss: s.Seq, start: i, fin: -1})
		}
		if k := nearest(incs[x], s.Seq, i, false); k >= 0 {
			in := &incs[x][k]
			off := int64(int32(s.Seq - in.iss))
			if s.Has(SYN) {
				off++ // data after a SYN starts one later
			}
			if s.Len > 0 && off >= 1 {
				in.end = max(in.end, off+int64(s.Len))
			}
			if s.Has(FIN) && in.fin < 0 && off >= 1 {
				in.fin = off + int64(s.Len)
			}
		}
		o := Obs{Index: first + i, N: s.N, Data: s.Len}
		o.Seg.Src = model.Side(x)
		o.Seg.Flags = modelFlags(s.Flags)
		switch {
		case s.Has(RST|ACK) && s.Seq == 0:
			o.Seg.Seq = 0 // the <SEQ=0><ACK=...><CTL=RST,ACK> reply of §3.5.2
		default:
			o.Seg.Seq = place(x, s.Seq, i)
		}
		if s.Has(ACK) {
			o.Seg.Ack = place(1-x, s.Ack, i)
		}
		o.Inc = nearest(incs[x], s.Seq, i, false) + 1
		m.Obs = append(m.Obs, o)
		st.add(s, x)
	}
	m.Incarnations = [2]int{len(incs[0]), len(incs[1])}
	if first > 0 {
		m.Notes = append(m.Notes, fmt.Sprintf("%d segments before the first SYN (packet %d) skipped: they belong to an earlier connection on this 4-tuple or to one already open when the capture began", first, segs[0].N))
	}
	m.Notes = append(m.Notes, st.notes()...)
	return m, nil
}

// nearest is the index of the incarnation of incs, among those opened at
// or before segment i, whose ISS is closest to v, or -1. With exact, only
// an incarnation whose ISS is v.
func nearest(incs []incarnation, v uint32, i int, exact bool) int {
	best, bestD := -1, uint32(0)
	for k := range incs {
		if incs[k].start > i {
			continue
		}
		d := v - incs[k].iss
		if int32(d) < 0 {
			d = -d
		}
		if exact && d != 0 {
			continue
		}
		if best < 0 || d <= bestD { // ties go to the later incarnation
			best, bestD = k, d
		}
	}
	return best
}

func modelFlags(f uint8) model.Flags {
	var g model.Flags
	if f&FIN != 0 {
		g |= model.FlagFIN
	}
	if f&SYN != 0 {
		g |= model.FlagSYN
	}
	if f&RST != 0 {
		g |= model.FlagRST
	}
	if f&ACK != 0 {
		g |= model.FlagACK
	}
	return g
}

// stats counts what the model does not have.
type stats struct {
	data, dataSegs [2]int
	opts           [6]int
	other          [4]int // PSH, URG, ECE, CWR
	winMin, winMax uint16
	segs           int
	noFlags        int
}

func (st *stats) add(s *Segment, x int) {
	if st.segs == 0 || s.Win < st.winMin {
		st.winMin = s.Win
	}
	st.winMax = max(st.winMax, s.Win)
	st.segs++
	if s.Len > 0 {
		st.data[x] += int(s.Len)
		st.dataSegs[x]++
	}
	for b := 0; b < 6; b++ {
		if s.Opts&(1<<b) != 0 {
			st.opts[b]++
		}
	}
	for i, f := range []uint8{PSH, URG, ECE, CWR} {
		if s.Flags&f != 0 {
			st.other[i]++
		}
	}
	if modelFlags(s.Flags) == 0 {
		st.noFlags++
	}
}

func (st *stats) notes() []string {
	var out []string
	if st.data[0]+st.data[1] > 0 {
		out = append(out, fmt.Sprintf("data: A sent %d bytes in %d segments, B %d bytes in %d: the model carries no data, so data is cut out of the sequence space and a data segment is checked as the ACK it carries (docs/CAPTURE.md)",
			st.data[0], st.dataSegs[0], st.data[1], st.dataSegs[1]))
	}
	var opts []string
	for i, n := range []string{"MSS", "window scale", "SACK permitted", "SACK", "timestamps", "other"} {
		if st.opts[i] > 0 {
			opts = append(opts, fmt.Sprintf("%s on %d", n, st.opts[i]))
		}
	}
	if len(opts) > 0 {
		out = append(out, "options ignored (the model has none): "+strings.Join(opts, ", "))
	}
	var fl []string
	for i, n := range []string{"PSH", "URG", "ECE", "CWR"} {
		if st.other[i] > 0 {
			fl = append(fl, fmt.Sprintf("%s on %d", n, st.other[i]))
		}
	}
	if len(fl) > 0 {
		out = append(out, "flags ignored (the model has SYN, ACK, FIN, RST only): "+strings.Join(fl, ", "))
	}
	if st.winMin != st.winMax {
		out = append(out, fmt.Sprintf("window changes ignored: the advertised window varied from %d to %d; the model's receive window is fixed", st.winMin, st.winMax))
	}
	if st.noFlags > 0 {
		out = append(out, fmt.Sprintf("%d segments carry none of SYN, ACK, FIN, RST: checked as such (the model never sends one)", st.noFlags))
	}
	return out
}
