package tracecheck

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/tcpcheck/tcpcheck/capture"
)

// fuzzCheck checks every small connection of f with a small state
// bound: it must give a verdict or an error, never panic.
func fuzzCheck(t *testing.T, f *capture.File, maxSegs int) {
	for _, c := range f.Conns {
		if len(c.Segments) > maxSegs {
			continue
		}
		for _, at := range []At{Wire, AtB} {
			v, err := CheckConn(c, "rfc9293", Options{At: at, MaxStates: 500})
			if err != nil {
				continue
			}
			if !v.Conforms && (v.FailAt < 0 || v.FailAt >= len(v.Mapped.Obs)) {
				t.Fatalf("fail index %d out of %d observations", v.FailAt, len(v.Mapped.Obs))
			}
			TextLadder(v, 8)
			if _, err := Ladder(v, "fuzz", 8); err != nil {
				t.Fatalf("ladder: %v", err)
			}
		}
	}
}

// FuzzRead feeds arbitrary bytes to the reader, the mapping and the
// search. Seeds: the committed captures (and testdata/fuzz/FuzzRead).
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "capture", "testdata", "*.pcap"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := capture.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, c := range cf.Conns {
			capture.Map(c, MapConfig)
		}
		fuzzCheck(t, cf, 6)
	})
}

// FuzzMap builds a connection from arbitrary bytes, 12 bytes a segment
// (sender and flags, SEQ and ACK as offsets from two ISS, payload
// length), and maps and checks it.
func FuzzMap(f *testing.F) {
	f.Add([]byte{
		0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // A SYN
		1, 0x12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, // B SYN,ACK
		0, 0x10, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, // A ACK
		0, 0x11, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, // A FIN,ACK
	})
	f.Add([]byte{0, 2, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		const isA, isB = 0xfffffff0, 77
		c := &capture.Conn{}
		for i := 0; i+12 <= len(data) && i < 12*16; i += 12 {
			b := data[i:]
			s := capture.Segment{N: uint32(i/12 + 1), FromB: b[0]&1 == 1, Flags: b[1]}
			own, peer := uint32(isA), uint32(isB)
			if s.FromB {
				own, peer = peer, own
			}
			s.Seq = own + binary.BigEndian.Uint32(b[2:])
			s.Ack = peer + binary.BigEndian.Uint32(b[6:])
			s.Len = binary.BigEndian.Uint16(b[10:])
			c.Segments = append(c.Segments, s)
		}
		fuzzCheck(t, &capture.File{Conns: []*capture.Conn{c}}, 16)
	})
}
