// Package pcaptest builds and edits small Ethernet/IPv4/TCP captures for
// tests: synthetic connections, and hand edits of recorded ones (change a
// field, swap, insert or drop packets) with the checksums put right.
package pcaptest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// TCP flag bits, as in the header.
const (
	FIN uint8 = 1 << iota
	SYN
	RST
	PSH
	ACK
)

// Packet is one Ethernet frame of a capture.
type Packet struct {
	Time  time.Time
	Frame []byte
}

// Read returns the frames of a pcap file.
func Read(b []byte) ([]Packet, error) {
	r, err := pcapgo.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out []Packet
	for {
		d, ci, err := r.ReadPacketData()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Packet{ci.Timestamp, append([]byte(nil), d...)})
	}
}

// Write encodes frames as a pcap file with link type Ethernet.
func Write(ps []Packet) []byte {
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	w.WriteFileHeader(65535, layers.LinkTypeEthernet)
	for _, p := range ps {
		w.WritePacket(gopacket.CaptureInfo{Timestamp: p.Time, CaptureLength: len(p.Frame), Length: len(p.Frame)}, p.Frame)
	}
	return buf.Bytes()
}

// TCP is a view of the TCP header of a frame (Ethernet, IPv4 without
// options' surprises): its fields can be read and set in place.
type TCP struct{ f []byte }

// TCPOf returns the TCP view of an Ethernet/IPv4/TCP frame.
func TCPOf(f []byte) (TCP, error) {
	if len(f) < 14+20+20 || f[12] != 8 || f[13] != 0 || f[14+9] != 6 {
		return TCP{}, fmt.Errorf("pcaptest: not an Ethernet/IPv4/TCP frame")
	}
	return TCP{f}, nil
}

func (t TCP) hdr() []byte { ihl := int(t.f[14]&15) * 4; return t.f[14+ihl:] }

// Seq, Ack and Flags read the fields.
func (t TCP) Seq() uint32  { return binary.BigEndian.Uint32(t.hdr()[4:]) }
func (t TCP) Ack() uint32  { return binary.BigEndian.Uint32(t.hdr()[8:]) }
func (t TCP) Flags() uint8 { return t.hdr()[13] }

// SetSeq, SetAck and SetFlags write the fields and fix the checksum.
func (t TCP) SetSeq(v uint32)  { binary.BigEndian.PutUint32(t.hdr()[4:], v); t.Fix() }
func (t TCP) SetAck(v uint32)  { binary.BigEndian.PutUint32(t.hdr()[8:], v); t.Fix() }
func (t TCP) SetFlags(v uint8) { t.hdr()[13] = v; t.Fix() }

// Fix recomputes the IPv4 header and TCP checksums.
func (t TCP) Fix() {
	ip := t.f[14:]
	ihl := int(ip[0]&15) * 4
	tot := int(binary.BigEndian.Uint16(ip[2:]))
	ip[10], ip[11] = 0, 0
	binary.BigEndian.PutUint16(ip[10:], ^fold(sum(ip[:ihl], 0)))
	seg := ip[ihl:tot]
	seg[16], seg[17] = 0, 0
	s := sum(ip[12:20], 6+uint32(len(seg)))
	binary.BigEndian.PutUint16(seg[16:], ^fold(sum(seg, s)))
}

func sum(b []byte, s uint32) uint32 {
	for len(b) >= 2 {
		s += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

func fold(s uint32) uint16 {
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}

// Seg describes a segment to build.
type Seg struct {
	FromB    bool
	Flags    uint8
	Seq, Ack uint32
	Data     int // payload bytes (zeros)
}

// Frame builds the Ethernet/IPv4/TCP frame of s between 10.0.0.1:40000
// (A) and 10.0.0.2:80 (B), with correct checksums.
func Frame(s Seg) []byte {
	a, b := [4]byte{10, 0, 0, 1}, [4]byte{10, 0, 0, 2}
	sp, dp := uint16(40000), uint16(80)
	if s.FromB {
		a, b, sp, dp = b, a, dp, sp
	}
	f := make([]byte, 14+20+20+s.Data)
	f[12], f[13] = 8, 0
	ip := f[14:]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(20+20+s.Data))
	ip[8], ip[9] = 64, 6
	copy(ip[12:], a[:])
	copy(ip[16:], b[:])
	t := ip[20:]
	binary.BigEndian.PutUint16(t[0:], sp)
	binary.BigEndian.PutUint16(t[2:], dp)
	binary.BigEndian.PutUint32(t[4:], s.Seq)
	binary.BigEndian.PutUint32(t[8:], s.Ack)
	t[12] = 5 << 4
	t[13] = s.Flags
	binary.BigEndian.PutUint16(t[14:], 65535)
	TCP{f}.Fix()
	return f
}

// Build writes segs as a pcap, one millisecond apart.
func Build(segs []Seg) []byte {
	ps := make([]Packet, len(segs))
	t0 := time.Unix(1_700_000_000, 0)
	for i, s := range segs {
		ps[i] = Packet{t0.Add(time.Duration(i) * time.Millisecond), Frame(s)}
	}
	return Write(ps)
}

// Bulk is a whole connection from ISS a and b: the handshake, n data
// segments of 100 bytes from A each acknowledged by B, A's close and B's.
// It has 3 + 2n + 4 segments.
func Bulk(a, b uint32, n int) []Seg {
	s := []Seg{
		{Flags: SYN, Seq: a},
		{FromB: true, Flags: SYN | ACK, Seq: b, Ack: a + 1},
		{Flags: ACK, Seq: a + 1, Ack: b + 1},
	}
	x := a + 1
	for i := 0; i < n; i++ {
		s = append(s, Seg{Flags: ACK | PSH, Seq: x, Ack: b + 1, Data: 100})
		x += 100
		s = append(s, Seg{FromB: true, Flags: ACK, Seq: b + 1, Ack: x})
	}
	return append(s,
		Seg{Flags: FIN | ACK, Seq: x, Ack: b + 1},
		Seg{FromB: true, Flags: ACK, Seq: b + 1, Ack: x + 1},
		Seg{FromB: true, Flags: FIN | ACK, Seq: b + 1, Ack: x + 1},
		Seg{Flags: ACK, Seq: x + 1, Ack: b + 2},
	)
}
