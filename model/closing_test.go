package model

import "testing"

// TestClosingAckOfFinThenFin: in CLOSING, an ACK of our FIN enters
// TIME-WAIT and, unlike an ACK that does not ("otherwise, ignore the
// segment"), processing goes on to the eighth step (§3.10.7.4): a FIN at
// RCV.NXT, which only another incarnation of the peer can send, is then
// acknowledged in TIME-WAIT. RCV.NXT does not move (docs/MODEL.md §14).
func TestClosingAckOfFinThenFin(t *testing.T) {
	closingA := mk(Closing, false, 100, 1, 2, 300, 2)
	other := Segment{Src: B, Flags: FlagFIN | FlagACK, Seq: 302, Ack: 102, Tag: Tag{B, 2}}
	cases := []struct {
		name     string
		set      func(*Config)
		g        Segment
		to       TCPState
		sent     bool
		wantSent Segment
	}{
		{"FIN acking our FIN", defaultCfg, other, TimeWait, true, seg(A, FlagACK, 102, 302)},
		{"FIN not acking our FIN", defaultCfg, Segment{Src: B, Flags: FlagFIN | FlagACK, Seq: 302, Ack: 101, Tag: Tag{B, 2}}, Closing, false, Segment{}},
		{"pure ACK of our FIN", defaultCfg, seg(B, FlagACK, 302, 102), TimeWait, false, Segment{}},
		{"FIN acking our FIN, no-time-wait", func(c *Config) { c.NoTimeWait = true }, other, Closed, false, Segment{}},
	}
	for _, tc := range cases {
		c := DefaultConfig()
		tc.set(&c)
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		s := State{E: [2]Endpoint{closingA, mk(LastAck, true, 300, 1, 2, 100, 2)}}
		s.Net.Add(tc.g)
		found := false
		for _, tr := range m.Successors(&s) {
			if tr.Action.Kind != Deliver || tr.Action.Dup {
				continue
			}
			found = true
			if tr.Action.To != tc.to || tr.Action.HasSent != tc.sent || tc.sent && tr.Action.Sent != tc.wantSent {
				t.Errorf("%s: %v, want -> %v, sending %v: %v", tc.name, tr.Action, tc.to, tc.sent, tc.wantSent)
			}
			if err := m.Valid(&tr.Next); err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		if !found {
			t.Errorf("%s: no delivery", tc.name)
		}
	}
}
