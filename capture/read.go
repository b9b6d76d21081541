// Package capture reads TCP segments from pcap and pcapng files, groups
// them into connections by 4-tuple, and maps each connection's sequence
// numbers into the small sequence space of tcpcheck's model (mapping.go).
//
// Reading is pure Go (github.com/gopacket/gopacket's pcapgo reader and
// layers decoders): no libpcap, no cgo. A broken or hostile file gives an
// error or a note, never a panic, and memory grows with the number of TCP
// segments only (32 bytes each), never with the size of their payload.
package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/ip4defrag"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// TCP header flags as they appear in the header's flag byte.
const (
	FIN uint8 = 1 << iota
	SYN
	RST
	PSH
	ACK
	URG
	ECE
	CWR
)

// Option bits: which TCP options a segment carried (the model has none).
const (
	OptMSS uint8 = 1 << iota
	OptWindowScale
	OptSACKPermitted
	OptSACK
	OptTimestamps
	OptOther
)

// Segment is one captured TCP segment, kept small: a million of them fit
// in 32 MB. Payload bytes are not kept, only their number.
type Segment struct {
	N      uint32 // packet number in the file, from 1 (as Wireshark counts)
	Time   int64  // capture time, Unix nanoseconds
	Seq    uint32
	Ack    uint32
	Win    uint16
	Len    uint16 // payload bytes (from the IP length, not the captured bytes)
	Flags  uint8  // the TCP flag byte
	FromB  bool   // sent by the connection's B (else by A)
	Opts   uint8  // Opt* bits
	BadSum bool   // the TCP checksum is wrong (or could not be checked: see Conn.Unverified)
}

// Has reports whether all the flags f are set.
func (s *Segment) Has(f uint8) bool { return s.Flags&f == f }

// FlagString is the flags in the RFC's order ("SYN,ACK"), PSH, URG, ECE
// and CWR last.
func FlagString(f uint8) string {
	out := ""
	for _, x := range []struct {
		f uint8
		n string
	}{{SYN, "SYN"}, {RST, "RST"}, {FIN, "FIN"}, {ACK, "ACK"}, {PSH, "PSH"}, {URG, "URG"}, {ECE, "ECE"}, {CWR, "CWR"}} {
		if f&x.f != 0 {
			if out != "" {
				out += ","
			}
			out += x.n
		}
	}
	if out == "" {
		out = "none"
	}
	return out
}

// Conn is the segments of one 4-tuple, in capture order. A is the sender
// of the first SYN without ACK (the active opener), or of the first
// segment if there is none.
type Conn struct {
	A, B     netip.AddrPort
	Segments []Segment
}

// String is "A-B" in the form --conn accepts.
func (c *Conn) String() string { return c.A.String() + "-" + c.B.String() }

// File is what Read found in a capture.
type File struct {
	Format   string // "pcap" or "pcapng"
	Packets  int    // packets read
	Conns    []*Conn
	Notes    []string // packets skipped and why, a truncated end
	Checksum struct {
		Bad, Unverified int // segments with a wrong TCP checksum; segments too short to check
	}
}

// MaxSegments bounds the TCP segments Read keeps, so that memory stays
// bounded (32 bytes a segment) whatever the file.
const MaxSegments = 20_000_000

// ErrNotCapture is returned for a file that is neither pcap nor pcapng.
var ErrNotCapture = errors.New("not a pcap or pcapng capture")

// Read reads a whole capture. Damage after the file header (a truncated
// last packet, a malformed block) ends the reading with a note, keeping
// what was read; a file that does not start as a capture is an error.
func Read(r io.Reader) (*File, error) {
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, 1<<16)
	magic, err := br.Peek(4)
	if err != nil {
		return nil, fmt.Errorf("%w: the file is %d bytes long, shorter than any capture header", ErrNotCapture, len(magic))
	}
	f := &File{}
	var src packetSource
	switch binary.LittleEndian.Uint32(magic) {
	case 0x0A0D0D0A:
		f.Format = "pcapng"
		ng, err := pcapgo.NewNgReader(br, pcapgo.NgReaderOptions{SkipUnknownVersion: true})
		if err != nil {
			return nil, fmt.Errorf("%w: a pcapng section header that cannot be read: %v", ErrNotCapture, err)
		}
		src = ngSource{ng}
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		f.Format = "pcap"
		pr, err := pcapgo.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: a pcap file header that cannot be read: %v", ErrNotCapture, err)
		}
		src = pcapSource{pr}
	default:
		if magic[0] == 0x1f && magic[1] == 0x8b {
			f.Format = "pcap"
			pr, err := pcapgo.NewReader(br) // pcapgo reads gzip-compressed pcap
			if err != nil {
				return nil, fmt.Errorf("%w: a gzip file that does not hold a pcap capture: %v", ErrNotCapture, err)
			}
			src = pcapSource{pr}
			break
		}
		return nil, fmt.Errorf("%w: it starts with bytes % x; tcpcheck reads pcap and pcapng (tcpdump -w, Wireshark, dumpcap)", ErrNotCapture, magic)
	}
	rd := newReader(f)
	want := int64(24) // pcap: where the next packet record starts
	plain := f.Format == "pcap" && magic[0] != 0x1f
	for {
		data, ci, link, err := src.next()
		if err == io.EOF {
			if plain && cr.n != want {
				// pcapgo reports a record whose data is missing as a
				// clean end: the byte count tells.
				f.Notes = append(f.Notes, fmt.Sprintf("the capture is cut short inside packet %d: checked the %d packets before it", f.Packets+1, f.Packets))
			}
			break
		}
		want += 16 + int64(ci.CaptureLength)
		if err != nil {
			f.Notes = append(f.Notes, fmt.Sprintf("the capture is damaged after packet %d (%v): checked the %d packets before it", f.Packets, err, f.Packets))
			break
		}
		f.Packets++
		if err := rd.packet(data, ci, link); err != nil {
			return nil, err
		}
	}
	rd.finish()
	return f, nil
}

// countReader counts the bytes read from the file.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type packetSource interface {
	next() ([]byte, gopacket.CaptureInfo, layers.LinkType, error)
}

type pcapSource struct{ r *pcapgo.Reader }

func (s pcapSource) next() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	d, ci, err := s.r.ZeroCopyReadPacketData()
	return d, ci, s.r.LinkType(), err
}

type ngSource struct{ r *pcapgo.NgReader }

func (s ngSource) next() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	d, ci, err := s.r.ZeroCopyReadPacketData()
	if err != nil {
		return nil, ci, 0, err
	}
	lt := layers.LinkTypeEthernet
	if ifc, e := s.r.Interface(ci.InterfaceIndex); e == nil {
		lt = ifc.LinkType
	}
	return d, ci, lt, nil
}

// connKey is a 4-tuple with its two ends in a fixed order.
type connKey struct{ lo, hi netip.AddrPort }

func keyOf(a, b netip.AddrPort) connKey {
	if b.Addr().Less(a.Addr()) || (b.Addr() == a.Addr() && b.Port() < a.Port()) {
		a, b = b, a
	}
	return connKey{a, b}
}

type pending struct {
	key   connKey
	conn  *Conn
	first netip.AddrPort // sender of the first segment
	// segs are the segments with FromB meaning "not sent by first"
	// until finish knows A and B.
	segs []Segment
}

type reader struct {
	f      *File
	conns  map[connKey]*pending
	order  []*pending
	defrag *ip4defrag.IPv4Defragmenter
	total  int
	frags  int
	skip   map[string]int
	ip4    layers.IPv4
	ip6    layers.IPv6
	tcp    layers.TCP
}

func newReader(f *File) *reader {
	return &reader{f: f, conns: map[connKey]*pending{}, defrag: ip4defrag.NewIPv4Defragmenter(), skip: map[string]int{}}
}

// packet decodes one packet. Packets that are not TCP, or cannot be
// decoded, are counted by reason; the only error is too many segments.
func (rd *reader) packet(data []byte, ci gopacket.CaptureInfo, link layers.LinkType) error {
	ip, ok := rd.network(data, link)
	if !ok {
		return nil
	}
	var src, dst netip.Addr
	var payload []byte
	var ipLen int // bytes of TCP header and payload, from the IP header
	var sum func([]byte) bool
	switch ip[0] >> 4 {
	case 4:
		if err := rd.ip4.DecodeFromBytes(ip, gopacket.NilDecodeFeedback); err != nil {
			rd.skip["IPv4 header that cannot be decoded"]++
			return nil
		}
		if rd.ip4.Protocol != layers.IPProtocolTCP {
			rd.skip["not TCP"]++
			return nil
		}
		if rd.ip4.Flags&layers.IPv4MoreFragments != 0 || rd.ip4.FragOffset != 0 {
			// The defragmenter keeps the fragment: give it its own copy,
			// not the reused decoder and packet buffer.
			frag := rd.ip4
			frag.Contents = nil
			frag.Payload = append([]byte(nil), rd.ip4.Payload...)
			frag.SrcIP = append([]byte(nil), rd.ip4.SrcIP...)
			frag.DstIP = append([]byte(nil), rd.ip4.DstIP...)
			rd.frags++
			if rd.frags%1024 == 0 {
				// Bounded memory: datagrams not complete within a minute never will be.
				rd.defrag.DiscardOlderThan(ci.Timestamp.Add(-time.Minute))
			}
			whole, err := rd.defrag.DefragIPv4WithTimestamp(&frag, ci.Timestamp)
			if err != nil {
				rd.skip["IPv4 fragment that cannot be reassembled"]++
				return nil
			}
			if whole == nil {
				rd.skip["IPv4 fragment (reassembled with the rest of its datagram)"]++
				return nil
			}
			rd.ip4 = *whole
		}
		src, _ = netip.AddrFromSlice(rd.ip4.SrcIP.To4())
		dst, _ = netip.AddrFromSlice(rd.ip4.DstIP.To4())
		payload = rd.ip4.Payload
		ipLen = int(rd.ip4.Length) - int(rd.ip4.IHL)*4
		s, d := src.As4(), dst.As4()
		sum = func(seg []byte) bool { return tcpSumOK(s[:], d[:], seg) }
	case 6:
		if err := rd.ip6.DecodeFromBytes(ip, gopacket.NilDecodeFeedback); err != nil {
			rd.skip["IPv6 header that cannot be decoded"]++
			return nil
		}
		switch rd.ip6.NextHeader {
		case layers.IPProtocolTCP:
		case layers.IPProtocolIPv6Fragment:
			rd.skip["IPv6 fragment (not reassembled)"]++
			return nil
		case layers.IPProtocolIPv6HopByHop, layers.IPProtocolIPv6Routing, layers.IPProtocolIPv6Destination:
			rd.skip["IPv6 with extension headers (not decoded)"]++
			return nil
		default:
			rd.skip["not TCP"]++
			return nil
		}
		src, _ = netip.AddrFromSlice(rd.ip6.SrcIP)
		dst, _ = netip.AddrFromSlice(rd.ip6.DstIP)
		payload = rd.ip6.Payload
		ipLen = int(rd.ip6.Length)
		s, d := src.As16(), dst.As16()
		sum = func(seg []byte) bool { return tcpSumOK(s[:], d[:], seg) }
	default:
		rd.skip["not IP"]++
		return nil
	}
	if err := rd.tcp.DecodeFromBytes(payload, gopacket.NilDecodeFeedback); err != nil {
		rd.skip["TCP header cut short by the capture's snapshot length, or malformed"]++
		return nil
	}
	hdr := int(rd.tcp.DataOffset) * 4
	if ipLen == 0 || ipLen < hdr { // TSO captures may carry a zero IP length
		ipLen = len(payload)
	}
	plen := ipLen - hdr
	if plen > 65535 {
		plen = 65535
	}
	if rd.total >= MaxSegments {
		return fmt.Errorf("the capture holds more than %d TCP segments, more than tcpcheck keeps: cut it with editcap or tcpdump -r FILE -w OUT 'port N'", MaxSegments)
	}
	rd.total++
	seg := Segment{
		N:     uint32(rd.f.Packets),
		Time:  ci.Timestamp.UnixNano(),
		Seq:   rd.tcp.Seq,
		Ack:   rd.tcp.Ack,
		Win:   rd.tcp.Window,
		Len:   uint16(plen),
		Flags: flagByte(&rd.tcp),
	}
	for _, o := range rd.tcp.Options {
		switch o.OptionType {
		case layers.TCPOptionKindEndList, layers.TCPOptionKindNop:
		case layers.TCPOptionKindMSS:
			seg.Opts |= OptMSS
		case layers.TCPOptionKindWindowScale:
			seg.Opts |= OptWindowScale
		case layers.TCPOptionKindSACKPermitted:
			seg.Opts |= OptSACKPermitted
		case layers.TCPOptionKindSACK:
			seg.Opts |= OptSACK
		case layers.TCPOptionKindTimestamps:
			seg.Opts |= OptTimestamps
		default:
			seg.Opts |= OptOther
		}
	}
	if len(payload) >= ipLen {
		seg.BadSum = !sum(payload[:ipLen])
		if seg.BadSum {
			rd.f.Checksum.Bad++
		}
	} else {
		rd.f.Checksum.Unverified++
	}
	from := netip.AddrPortFrom(src, uint16(rd.tcp.SrcPort))
	to := netip.AddrPortFrom(dst, uint16(rd.tcp.DstPort))
	k := keyOf(from, to)
	p := rd.conns[k]
	if p == nil {
		p = &pending{key: k, first: from, conn: &Conn{}}
		rd.conns[k] = p
		rd.order = append(rd.order, p)
	}
	seg.FromB = from != p.first
	p.segs = append(p.segs, seg)
	return nil
}

// network strips the link layer and returns the IP packet.
func (rd *reader) network(data []byte, link layers.LinkType) ([]byte, bool) {
	var etherType uint16
	switch link {
	case layers.LinkTypeEthernet:
		if len(data) < 14 {
			rd.skip["Ethernet frame cut short"]++
			return nil, false
		}
		etherType, data = binary.BigEndian.Uint16(data[12:14]), data[14:]
		for (etherType == 0x8100 || etherType == 0x88a8) && len(data) >= 4 { // VLAN tags
			etherType, data = binary.BigEndian.Uint16(data[2:4]), data[4:]
		}
	case layers.LinkTypeLinuxSLL:
		if len(data) < 16 {
			rd.skip["Linux cooked header cut short"]++
			return nil, false
		}
		etherType, data = binary.BigEndian.Uint16(data[14:16]), data[16:]
	case 276: // LINKTYPE_LINUX_SLL2
		if len(data) < 20 {
			rd.skip["Linux cooked v2 header cut short"]++
			return nil, false
		}
		etherType, data = binary.BigEndian.Uint16(data[0:2]), data[20:]
	case layers.LinkTypeNull, layers.LinkTypeLoop: // BSD loopback: a 4-byte address family
		if len(data) < 4 {
			rd.skip["loopback header cut short"]++
			return nil, false
		}
		data = data[4:]
	case layers.LinkTypeRaw, 12, layers.LinkTypeIPv4, layers.LinkTypeIPv6: // raw IP (12 is LINKTYPE_RAW on OpenBSD)
	default:
		rd.skip[fmt.Sprintf("link type %d (%v), which tcpcheck does not decode: use Ethernet, raw IP or Linux cooked capture", link, link)]++
		return nil, false
	}
	if etherType != 0 && etherType != 0x0800 && etherType != 0x86dd {
		rd.skip["not IP"]++
		return nil, false
	}
	if len(data) == 0 {
		rd.skip["empty packet"]++
		return nil, false
	}
	return data, true
}

func flagByte(t *layers.TCP) uint8 {
	var f uint8
	for _, x := range []struct {
		on bool
		f  uint8
	}{{t.FIN, FIN}, {t.SYN, SYN}, {t.RST, RST}, {t.PSH, PSH}, {t.ACK, ACK}, {t.URG, URG}, {t.ECE, ECE}, {t.CWR, CWR}} {
		if x.on {
			f |= x.f
		}
	}
	return f
}

// tcpSumOK checks the TCP checksum of seg (header and payload) under the
// pseudo-header of src and dst (RFC 9293 §3.1).
func tcpSumOK(src, dst, seg []byte) bool {
	var s uint32
	add := func(b []byte) {
		for len(b) >= 2 {
			s += uint32(b[0])<<8 | uint32(b[1])
			b = b[2:]
		}
		if len(b) == 1 {
			s += uint32(b[0]) << 8
		}
	}
	add(src)
	add(dst)
	s += 6 + uint32(len(seg))>>16 + uint32(len(seg))&0xffff
	add(seg)
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return s == 0xffff
}

// finish decides A and B of every connection and writes the notes.
func (rd *reader) finish() {
	for _, p := range rd.order {
		k := p.key
		other := k.hi
		if other == p.first {
			other = k.lo
		}
		// A is the sender of the first SYN without ACK, else of the
		// first segment.
		swap := false
		for _, s := range p.segs {
			if s.Flags&(SYN|ACK) == SYN {
				swap = s.FromB
				break
			}
		}
		c := p.conn
		c.A, c.B = p.first, other
		if swap {
			c.A, c.B = other, p.first
			for i := range p.segs {
				p.segs[i].FromB = !p.segs[i].FromB
			}
		}
		c.Segments = p.segs
		rd.f.Conns = append(rd.f.Conns, c)
		p.segs = nil
	}
	reasons := make([]string, 0, len(rd.skip))
	for r := range rd.skip {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		rd.f.Notes = append(rd.f.Notes, fmt.Sprintf("%d packets skipped: %s", rd.skip[r], r))
	}
	if n := rd.f.Checksum.Bad; n > 0 {
		rd.f.Notes = append(rd.f.Notes, fmt.Sprintf("%d TCP segments have a wrong checksum: checked as captured (a capture on the sending host often shows this when the NIC computes checksums)", n))
	}
}

// Duration is the time between the first and last segment of c.
func (c *Conn) Duration() time.Duration {
	if len(c.Segments) < 2 {
		return 0
	}
	return time.Duration(c.Segments[len(c.Segments)-1].Time - c.Segments[0].Time)
}
