package capture

import (
	"errors"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

var mc = MapConfig{Space: 1024, ISS: [2]int{100, 300}, Stride: 100, MaxIncarnations: 3}

func conn(segs ...Segment) *Conn {
	for i := range segs {
		segs[i].N = uint32(i + 1)
	}
	return &Conn{Segments: segs}
}

func TestMapRelative(t *testing.T) {
	a, b := uint32(0xffff_fffe), uint32(7) // A's numbers wrap past 2^32
	c := conn(
		Segment{Flags: SYN, Seq: a},
		Segment{FromB: true, Flags: SYN | ACK, Seq: b, Ack: a + 1},
		Segment{Flags: ACK, Seq: a + 1, Ack: b + 1},
		Segment{Flags: ACK | PSH, Seq: a + 1, Ack: b + 1, Len: 1000},
		Segment{FromB: true, Flags: ACK, Seq: b + 1, Ack: a + 1001},
		Segment{FromB: true, Flags: ACK, Seq: b + 1, Ack: a + 1003},   // acknowledges beyond anything sent
		Segment{Flags: FIN | ACK, Seq: a + 1001, Ack: b + 1},          // FIN after the data
		Segment{FromB: true, Flags: ACK, Seq: b + 1, Ack: a + 1002},   // acknowledges the FIN
		Segment{FromB: true, Flags: RST | ACK, Seq: 0, Ack: a + 1002}, // SEQ 0 reply
		Segment{Flags: FIN | ACK, Seq: a + 1002, Ack: b + 1},          // a second FIN one above
	)
	m, err := Map(c, mc)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Segment{
		{Src: model.A, Flags: model.FlagSYN, Seq: 100},
		{Src: model.B, Flags: model.FlagSYN | model.FlagACK, Seq: 300, Ack: 101},
		{Src: model.A, Flags: model.FlagACK, Seq: 101, Ack: 301},
		{Src: model.A, Flags: model.FlagACK, Seq: 101, Ack: 301},
		{Src: model.B, Flags: model.FlagACK, Seq: 301, Ack: 101},
		{Src: model.B, Flags: model.FlagACK, Seq: 301, Ack: 103},
		{Src: model.A, Flags: model.FlagFIN | model.FlagACK, Seq: 101, Ack: 301},
		{Src: model.B, Flags: model.FlagACK, Seq: 301, Ack: 102},
		{Src: model.B, Flags: model.FlagRST | model.FlagACK, Seq: 0, Ack: 102},
		{Src: model.A, Flags: model.FlagFIN | model.FlagACK, Seq: 102, Ack: 301},
	}
	if len(m.Obs) != len(want) {
		t.Fatalf("%d observations, want %d", len(m.Obs), len(want))
	}
	for i, o := range m.Obs {
		if o.Seg != want[i] {
			t.Errorf("packet %d: %v%v, want %v%v", o.N, o.Seg.Src, o.Seg, want[i].Src, want[i])
		}
	}
}

func TestMapMidStream(t *testing.T) {
	_, err := Map(conn(Segment{Flags: ACK, Seq: 5, Ack: 9}, Segment{FromB: true, Flags: ACK, Seq: 9, Ack: 5}), mc)
	if !errors.Is(err, ErrNoSYN) {
		t.Fatalf("%v, want ErrNoSYN", err)
	}
	m, err := Map(conn(Segment{Flags: ACK, Seq: 5, Ack: 9}, Segment{Flags: SYN, Seq: 1000}), mc)
	if err != nil || m.Skipped != 1 || len(m.Obs) != 1 || m.Obs[0].N != 2 {
		t.Fatalf("%+v, %v: want the segment before the SYN skipped", m, err)
	}
}

func TestMapIncarnations(t *testing.T) {
	var segs []Segment
	for i := uint32(0); i < 4; i++ {
		segs = append(segs, Segment{Flags: SYN, Seq: 1000 * i}, Segment{Flags: SYN, Seq: 1000 * i}) // each retransmitted once
	}
	_, err := Map(conn(segs[:6]...), mc)
	if err != nil {
		t.Fatalf("three incarnations: %v", err)
	}
	m, _ := Map(conn(segs[:6]...), mc)
	if m.Incarnations != [2]int{3, 0} || m.Obs[4].Seg.Seq != 300 {
		t.Errorf("incarnations %v, third SYN at %d: want 3, at 300", m.Incarnations, m.Obs[4].Seg.Seq)
	}
	if _, err := Map(conn(segs...), mc); !errors.Is(err, ErrIncarnations) {
		t.Fatalf("four incarnations: %v, want ErrIncarnations", err)
	}
}
