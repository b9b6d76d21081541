package conform

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tcpcheck/tcpcheck/model"
)

// The link's two addresses: the stack under test and the tester that plays
// its peer and the network. Both lie in 10.11.0.0/24, which exists only
// inside the stack's private network (gVisor's in-process stack, or the
// Linux network namespace tcpcheck creates).
var (
	StackAddr  = [4]byte{10, 11, 0, 1}
	TesterAddr = [4]byte{10, 11, 0, 2}
)

// The connection's ports: the stack listens on, or connects from,
// StackPort; the tester uses TesterPort.
const (
	StackPort  = 5000
	TesterPort = 6000
)

// TCP header control bits on the wire (RFC 9293 §3.1).
const (
	wireFIN = 0x01
	wireSYN = 0x02
	wireRST = 0x04
	wirePSH = 0x08
	wireACK = 0x10
)

// Wire is one TCP segment as it crossed the link, with real 32-bit
// sequence numbers. Segments carry no data and no options from the tester;
// the stack's options are kept only to be written to the pcap file.
type Wire struct {
	Src, Dst         [4]byte
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	Ctl              uint8 // the header's flag byte
	Window           uint16
	Options          []byte
	DataLen          int // payload bytes (the stack never should send any)
}

// Flags are the control bits the model knows (PSH and the ECN bits are
// ignored: no data, ECN off).
func (w Wire) Flags() model.Flags {
	var f model.Flags
	if w.Ctl&wireFIN != 0 {
		f |= model.FlagFIN
	}
	if w.Ctl&wireSYN != 0 {
		f |= model.FlagSYN
	}
	if w.Ctl&wireRST != 0 {
		f |= model.FlagRST
	}
	if w.Ctl&wireACK != 0 {
		f |= model.FlagACK
	}
	return f
}

func ctlOf(f model.Flags) uint8 {
	var c uint8
	if f&model.FlagFIN != 0 {
		c |= wireFIN
	}
	if f&model.FlagSYN != 0 {
		c |= wireSYN
	}
	if f&model.FlagRST != 0 {
		c |= wireRST
	}
	if f&model.FlagACK != 0 {
		c |= wireACK
	}
	return c
}

// String is the RFC notation with real numbers: <SEQ=..><ACK=..><CTL=..>.
func (w Wire) String() string {
	s := fmt.Sprintf("<SEQ=%d>", w.Seq)
	if w.Ctl&wireACK != 0 {
		s += fmt.Sprintf("<ACK=%d>", w.Ack)
	}
	s += "<CTL=" + w.Flags().String() + ">"
	if w.DataLen > 0 {
		s += fmt.Sprintf("<DATA=%d bytes>", w.DataLen)
	}
	return s
}

// Marshal encodes w as an IPv4 packet (RFC 791) carrying the TCP segment,
// with both checksums.
func (w Wire) Marshal() []byte {
	opt := w.Options
	for len(opt)%4 != 0 {
		opt = append(append([]byte(nil), opt...), 0)
	}
	thl := 20 + len(opt)
	b := make([]byte, 20+thl)
	b[0] = 0x45
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
	b[6] = 0x40 // DF
	b[8] = 64
	b[9] = 6
	copy(b[12:16], w.Src[:])
	copy(b[16:20], w.Dst[:])
	binary.BigEndian.PutUint16(b[10:], csum(0, b[:20]))
	t := b[20:]
	binary.BigEndian.PutUint16(t[0:], w.SrcPort)
	binary.BigEndian.PutUint16(t[2:], w.DstPort)
	binary.BigEndian.PutUint32(t[4:], w.Seq)
	binary.BigEndian.PutUint32(t[8:], w.Ack)
	t[12] = uint8(thl/4) << 4
	t[13] = w.Ctl
	binary.BigEndian.PutUint16(t[14:], w.Window)
	copy(t[20:], opt)
	// Pseudo-header: addresses, protocol, TCP length.
	var ph [12]byte
	copy(ph[0:4], w.Src[:])
	copy(ph[4:8], w.Dst[:])
	ph[9] = 6
	binary.BigEndian.PutUint16(ph[10:], uint16(thl))
	binary.BigEndian.PutUint16(t[16:], csum(sum(0, ph[:]), t))
	return b
}

// Unmarshal decodes an IPv4 packet carrying TCP. Other packets (IPv6,
// other protocols) are an error the caller skips.
func Unmarshal(b []byte) (Wire, error) {
	var w Wire
	if len(b) < 20 || b[0]>>4 != 4 {
		return w, errors.New("not an IPv4 packet")
	}
	ihl := int(b[0]&15) * 4
	total := int(binary.BigEndian.Uint16(b[2:]))
	if total > len(b) || total < ihl+20 || b[9] != 6 {
		return w, errors.New("not a TCP segment")
	}
	copy(w.Src[:], b[12:16])
	copy(w.Dst[:], b[16:20])
	t := b[ihl:total]
	w.SrcPort = binary.BigEndian.Uint16(t[0:])
	w.DstPort = binary.BigEndian.Uint16(t[2:])
	w.Seq = binary.BigEndian.Uint32(t[4:])
	w.Ack = binary.BigEndian.Uint32(t[8:])
	thl := int(t[12]>>4) * 4
	if thl < 20 || thl > len(t) {
		return w, errors.New("bad TCP header length")
	}
	w.Ctl = t[13]
	w.Window = binary.BigEndian.Uint16(t[14:])
	w.Options = append([]byte(nil), t[20:thl]...)
	w.DataLen = len(t) - thl
	return w, nil
}

func sum(s uint32, b []byte) uint32 {
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	return s
}

func csum(s uint32, b []byte) uint16 {
	s = sum(s, b)
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
