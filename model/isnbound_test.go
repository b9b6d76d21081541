package model

import "testing"

// TestFootprintExhausted: under --isn footprint with a small N, the
// segments in flight can cover every ISS. Real ISN spaces never run out,
// so an OPEN or a SYN at a listener must then be flagged as a bound hit
// (docs/MODEL.md §11), not silently disabled: a silently missing
// transition could strand a SYN in flight and show up as a liveness or
// deadlock "bug".
func TestFootprintExhausted(t *testing.T) {
	c := DefaultConfig()
	c.ISN, c.ISNSpace, c.Opens, c.Attempts, c.ISSBase, c.Roles, c.NetBound = ISNFootprint, 8, 2, 2, [2]int{1, 5}, AnyRole, 3
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	// A's old SYN at 1 rules out ISS 7,0,1,2; its SYN at 5 rules out
	// 3,4,5,6. Nothing is left for A's second active OPEN.
	full := func() State {
		s := State{E: [2]Endpoint{{Opens: 1, Att: 1, Abrupt: true}, {}}}
		s.Net.Add(Segment{Src: A, Flags: FlagSYN, Seq: 1, Tag: Tag{A, 0}})
		s.Net.Add(Segment{Src: A, Flags: FlagSYN, Seq: 5, Tag: Tag{A, 1}})
		return s
	}
	s := full()
	opens := 0
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind == ActiveOpen && tr.Action.Side == A {
			opens++
			if tr.Next.BoundReason() != "isn-space" {
				t.Errorf("active OPEN with no free ISS: bound %q, want isn-space", tr.Next.BoundReason())
			}
		}
	}
	if opens != 1 {
		t.Errorf("%d active OPENs of A offered, want 1 (flagged)", opens)
	}

	// The same at a listener: an old SYN,ACK of B at 3 and B's SYN,ACK at 7
	// leave B nothing for the SYN arriving from A.
	s = State{E: [2]Endpoint{{Opens: 1, Att: 1}, {State: Listen, Passive: true, Opens: 1, Att: 1}}}
	s.Net.Add(Segment{Src: B, Flags: FlagSYN | FlagACK, Seq: 3, Ack: 0, Tag: Tag{B, 0}})
	s.Net.Add(Segment{Src: B, Flags: FlagSYN | FlagACK, Seq: 7, Ack: 2, Tag: Tag{B, 1}})
	s.Net.Add(Segment{Src: A, Flags: FlagSYN, Seq: 1, Tag: Tag{A, 1}})
	n := 0
	m.issChoices(&s, B, func(uint16) { n++ })
	if n != 0 {
		t.Fatalf("test state leaves %d ISS choices to B", n)
	}
	delivered := 0
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind == Deliver && tr.Action.Side == B && tr.Action.Seg.Flags == FlagSYN {
			delivered++
			if tr.Next.BoundReason() != "isn-space" {
				t.Errorf("SYN at LISTEN with no free ISS: bound %q, want isn-space", tr.Next.BoundReason())
			}
		}
	}
	if delivered != 2 {
		t.Errorf("%d deliveries of the SYN offered, want 2 (consumed and copied, both flagged)", delivered)
	}
}
