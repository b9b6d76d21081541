package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tcpcheck/tcpcheck/internal/pcaptest"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCommitted(t *testing.T) {
	for _, tc := range []struct {
		file    string
		packets int
	}{
		{"client-close.pcap", 11}, {"server-close.pcap", 11}, {"refused.pcap", 2}, {"abort.pcap", 4}, {"close-on-eof.pcap", 6},
		{"bad-synack-ack.pcap", 11}, {"bad-second-fin.pcap", 12}, {"bad-rst.pcap", 12}, {"bad-reordered-handshake.pcap", 11},
	} {
		f, err := Read(bytes.NewReader(readFile(t, tc.file)))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if f.Packets != tc.packets || len(f.Conns) != 1 || len(f.Conns[0].Segments) != tc.packets {
			t.Errorf("%s: %d packets, %d connections, want %d packets in 1", tc.file, f.Packets, len(f.Conns), tc.packets)
			continue
		}
		c := f.Conns[0]
		if c.A.String() != "127.0.0.1:40000" || c.B.String() != "127.0.0.1:8080" {
			t.Errorf("%s: A %v, B %v: want the client as A", tc.file, c.A, c.B)
		}
		if f.Checksum.Bad != 0 {
			t.Errorf("%s: %d bad checksums", tc.file, f.Checksum.Bad)
		}
	}
}

// The hand-edited captures are exactly what editcap makes of edits.txt.
func TestEditsReproduce(t *testing.T) {
	edits, err := pcaptest.ParseEdits(string(readFile(t, "edits.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) < 4 {
		t.Fatalf("%d edits", len(edits))
	}
	for _, e := range edits {
		src, err := pcaptest.Read(readFile(t, e.From+".pcap"))
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.Apply(src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(pcaptest.Write(out), readFile(t, e.Name+".pcap")) {
			t.Errorf("%s.pcap differs from edits.txt applied to %s.pcap: run go run ./capture/internal/editcap", e.Name, e.From)
		}
	}
}

func TestNotCapture(t *testing.T) {
	for _, in := range []string{"", "abc", "hello, this is a text file\n", "\x7fELF\x02\x01\x01"} {
		_, err := Read(strings.NewReader(in))
		if !errors.Is(err, ErrNotCapture) {
			t.Errorf("%q: %v, want ErrNotCapture", in, err)
		}
	}
}

// A capture cut anywhere after its header reads the whole packets before
// the cut, with a note when a packet is cut.
func TestTruncated(t *testing.T) {
	full := readFile(t, "client-close.pcap")
	for n := 0; n < len(full); n++ {
		f, err := Read(bytes.NewReader(full[:n]))
		if n < 24 {
			if err == nil {
				t.Fatalf("cut at %d: no error for a partial file header", n)
			}
			continue
		}
		if err != nil {
			t.Fatalf("cut at %d: %v", n, err)
		}
		if f.Packets > 11 {
			t.Fatalf("cut at %d: %d packets", n, f.Packets)
		}
		cut := n > 24 && f.Packets < 11
		notes := strings.Join(f.Notes, "\n")
		noted := strings.Contains(notes, "damaged") || strings.Contains(notes, "cut short")
		if cut && !noted && !complete(full, n) {
			t.Fatalf("cut at %d: %d packets read and no note", n, f.Packets)
		}
	}
}

// complete reports whether full[:n] ends exactly at a packet boundary.
func complete(full []byte, n int) bool {
	off := 24
	for off < n {
		l := int(binary.LittleEndian.Uint32(full[off+8:]))
		off += 16 + l
	}
	return off == n
}

func TestNoTCP(t *testing.T) {
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	w.WriteFileHeader(65535, layers.LinkTypeEthernet)
	frame := pcaptest.Frame(pcaptest.Seg{Flags: pcaptest.SYN, Seq: 1})
	frame[14+9] = 17 // UDP
	w.WritePacket(gopacket.CaptureInfo{Timestamp: time.Unix(0, 0), CaptureLength: len(frame), Length: len(frame)}, frame)
	f, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Conns) != 0 || !strings.Contains(strings.Join(f.Notes, "\n"), "not TCP") {
		t.Errorf("%d connections, notes %q: want none, and a note", len(f.Conns), f.Notes)
	}
}

func TestChecksumError(t *testing.T) {
	frame := pcaptest.Frame(pcaptest.Seg{Flags: pcaptest.ACK | pcaptest.PSH, Seq: 1, Ack: 1, Data: 10})
	frame[len(frame)-1] ^= 0xff
	f, err := Read(bytes.NewReader(pcaptest.Write([]pcaptest.Packet{{Frame: frame}})))
	if err != nil {
		t.Fatal(err)
	}
	if f.Checksum.Bad != 1 || !f.Conns[0].Segments[0].BadSum {
		t.Errorf("bad checksums %d, want 1", f.Checksum.Bad)
	}
}

// An IPv4 datagram in two fragments is reassembled into its segment.
func TestFragments(t *testing.T) {
	whole := pcaptest.Frame(pcaptest.Seg{Flags: pcaptest.ACK | pcaptest.PSH, Seq: 7, Ack: 9, Data: 40})
	payload := whole[14+20:] // TCP header and data: 60 bytes
	frag := func(part []byte, off int, more bool) []byte {
		f := append(append([]byte(nil), whole[:14+20]...), part...)
		ip := f[14:]
		binary.BigEndian.PutUint16(ip[2:], uint16(20+len(part)))
		binary.BigEndian.PutUint16(ip[4:], 77)
		v := uint16(off / 8)
		if more {
			v |= 0x2000
		}
		binary.BigEndian.PutUint16(ip[6:], v)
		return f
	}
	ps := []pcaptest.Packet{{Frame: frag(payload[:32], 0, true)}, {Frame: frag(payload[32:], 32, false)}}
	f, err := Read(bytes.NewReader(pcaptest.Write(ps)))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Conns) != 1 || len(f.Conns[0].Segments) != 1 {
		t.Fatalf("%d connections: want the reassembled segment; notes %q", len(f.Conns), f.Notes)
	}
	s := f.Conns[0].Segments[0]
	if s.Seq != 7 || s.Ack != 9 || s.Len != 40 || s.N != 2 {
		t.Errorf("segment %+v: want SEQ 7, ACK 9, 40 bytes, packet 2", s)
	}
}

// pcapng with a Linux cooked capture interface, and IPv6.
func TestPcapngCookedIPv6(t *testing.T) {
	var buf bytes.Buffer
	w, err := pcapgo.NewNgWriter(&buf, layers.LinkTypeLinuxSLL)
	if err != nil {
		t.Fatal(err)
	}
	tcp := pcaptest.Frame(pcaptest.Seg{Flags: pcaptest.SYN, Seq: 5})[14+20:]
	ip6 := make([]byte, 40+len(tcp))
	ip6[0] = 0x60
	binary.BigEndian.PutUint16(ip6[4:], uint16(len(tcp)))
	ip6[6], ip6[7] = 6, 64
	ip6[23], ip6[39] = 1, 2 // ::1 and ::2
	copy(ip6[40:], tcp)
	sll := make([]byte, 16)
	binary.BigEndian.PutUint16(sll[14:], 0x86dd)
	frame := append(sll, ip6...)
	w.WritePacket(gopacket.CaptureInfo{Timestamp: time.Unix(1, 0), CaptureLength: len(frame), Length: len(frame)}, frame)
	w.Flush()
	f, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "pcapng" || len(f.Conns) != 1 {
		t.Fatalf("format %s, %d connections, notes %q", f.Format, len(f.Conns), f.Notes)
	}
	if c := f.Conns[0]; c.A.String() != "[::1]:40000" || c.B.String() != "[::2]:80" || c.Segments[0].Seq != 5 {
		t.Errorf("connection %v, segment %+v", c, c.Segments[0])
	}
}
