package conform

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

func TestWireRoundTrip(t *testing.T) {
	for _, w := range []Wire{
		{Src: TesterAddr, Dst: StackAddr, SrcPort: TesterPort, DstPort: StackPort, Seq: 0x6b000064, Ctl: wireSYN, Window: 65535},
		{Src: StackAddr, Dst: TesterAddr, SrcPort: StackPort, DstPort: TesterPort, Seq: 7, Ack: 0xffffffff, Ctl: wireRST | wireACK, Options: []byte{2, 4, 5, 0xb4}},
	} {
		b := w.Marshal()
		if csum(0, b[:20]) != 0 {
			t.Errorf("%v: bad IPv4 header checksum", w)
		}
		got, err := Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != w.String() || got.SrcPort != w.SrcPort || got.Window != w.Window || !bytes.Equal(got.Options, w.Options) {
			t.Errorf("round trip: got %+v, want %+v", got, w)
		}
	}
	if _, err := Unmarshal([]byte{0x60, 0, 0, 0}); err == nil {
		t.Error("an IPv6 header decoded as IPv4")
	}
}

// TestNumbering: model numbers map to real ones and back, per attempt, and
// a segment "ahead" of the window lies beyond the real window too.
func TestNumbering(t *testing.T) {
	nb := &numbering{n: 1024, anchor: map[uint8][2]uint32{1: {300, 0xfffffff0}}, window: 29200}
	for _, v := range []uint16{200, 300, 301, 302, 401} {
		r := nb.stack(v, 1)
		if back := nb.stackModel(r, 1); back != v {
			t.Errorf("stack %d -> %#x -> %d", v, r, back)
		}
	}
	if got := nb.stack(316, 1); got != 0 {
		t.Errorf("316 maps to %#x, want 0 (wrapped)", got)
	}
	var s model.State
	s.E[StackSide] = model.Endpoint{State: model.Established, RcvNxt: 101, IRS: 100, ISS: 300, SndUna: 301, SndNxt: 301, Att: 1}
	w := nb.wire(Step{Call: model.Deliver, Seg: model.Segment{Src: TesterSide, Flags: model.FlagACK, Seq: 201, Ack: 301}, SeqClass: "ahead", AckClass: "nxt"}, &s)
	if d := w.Seq - nb.tester(101); d <= nb.window {
		t.Errorf("ahead segment %d past RCV.NXT, inside the real window %d", d, nb.window)
	}
}

func TestKnown(t *testing.T) {
	text := "# comment\n\nlinux | SYN-RECEIVED | ACK * | snd <SEQ=*><CTL=RST>, SYN-RECEIVED | checks the ACK first | tcp_check_req\n"
	ks, err := ParseKnown("k", strings.NewReader(text))
	if err != nil || len(ks) != 1 || ks[0].Line != 3 {
		t.Fatalf("ParseKnown: %v %+v", err, ks)
	}
	if !sigMatch(ks[0].Signature, "SYN-RECEIVED | ACK seq=old ack=una | snd <SEQ=300><CTL=RST>, SYN-RECEIVED") {
		t.Error("pattern does not match")
	}
	if sigMatch(ks[0].Signature, "ESTABLISHED | ACK seq=old ack=una | snd <SEQ=300><CTL=RST>, SYN-RECEIVED") {
		t.Error("pattern matches another state")
	}
	for _, bad := range []string{"linux | a | b | c | | ref\n", "linux | a | b\n"} {
		if _, err := ParseKnown("k", strings.NewReader(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestCoverageDeterministic: the same model gives the same tests, every
// test starts from CLOSED with a drivable step, and every key a test
// claims is reached by a step of it under the model.
func TestCoverageDeterministic(t *testing.T) {
	m, err := model.New(ConformConfig(model.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := Coverage(m, 4), Coverage(m, 4)
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d and %d tests", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !isPrefix(a[i].Steps, b[i].Steps) || len(a[i].Steps) != len(b[i].Steps) {
			t.Fatalf("test %d differs between runs", i)
		}
		s := m.Initial()
		seen := map[Key]bool{}
		for _, st := range a[i].Steps {
			tr := Successors(m, &s, st)
			if len(tr) == 0 {
				t.Fatalf("%s: step %v not enabled", a[i].Name, st)
			}
			seen[Key{s.E[StackSide].State, st.Class(), tr[0].Action.Rule}] = true
			s = advance(tr[0], st)
		}
		for _, k := range a[i].Covers {
			if !seen[k] {
				t.Errorf("%s claims %v but does not reach it", a[i].Name, k)
			}
		}
	}
	w1, w2 := Walks(m, 7, 3, 5), Walks(m, 7, 3, 5)
	for i := range w1 {
		if len(w1[i].Steps) != len(w2[i].Steps) || !isPrefix(w1[i].Steps, w2[i].Steps) {
			t.Fatal("the same seed gave different walks")
		}
	}
}

func TestUndrivable(t *testing.T) {
	if _, _, err := Tests(Options{Variant: "fixed-isn", Depth: 2}); err == nil || !strings.Contains(err.Error(), "cannot be driven") {
		t.Errorf("fixed-isn: %v", err)
	}
	if _, _, err := Tests(Options{Variant: "nonsense", Depth: 2}); err == nil {
		t.Error("unknown variant accepted")
	}
}
