package model

import "testing"

// TestInjectMatchesDelivery: injecting a segment that is in flight gives
// the same action and the same successor (up to the network) as Next's
// consuming delivery of it, over every state of a small search.
func TestInjectMatchesDelivery(t *testing.T) {
	for _, v := range []string{"rfc9293", "linux", "bsd"} {
		t.Run(v, func(t *testing.T) {
			c, err := Variant(v)
			if err != nil {
				t.Fatal(err)
			}
			c.Opens = 1
			injectMatchesDelivery(t, c)
		})
	}
}

func injectMatchesDelivery(t *testing.T, c Config) {
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[State]bool{}
	queue := []State{m.Initial()}
	checked := 0
	for len(queue) > 0 && checked < 3000 {
		s := queue[0]
		queue = queue[1:]
		for _, tr := range m.Successors(&s) {
			if tr.Next.Bound != 0 {
				continue
			}
			if tr.Action.Kind == Deliver && !tr.Action.Dup {
				// Take the segment out of the network first: then the
				// successors must be equal, network included.
				s2 := s
				for i := 0; i < s2.Net.Len(); i++ {
					if s2.Net.At(i) == tr.Action.Seg {
						s2.Net.removeAt(i)
						break
					}
				}
				got := m.Inject(&s2, tr.Action.Seg)
				found := false
				for _, x := range got {
					if x.Action == tr.Action && x.Next == tr.Next {
						found = true
					}
				}
				if !found {
					t.Fatalf("state\n%v\ndelivery %v -> %+v: Inject gives %+v", &s, tr.Action, tr.Next, got)
				}
				checked++
			}
			if !seen[tr.Next] {
				seen[tr.Next] = true
				queue = append(queue, tr.Next)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no delivery checked")
	}
}

// TestInjectForged: a segment that is not in flight is processed too: an
// out-of-window ACK at an ESTABLISHED endpoint is answered with an ACK
// (§3.10.7.4 first step), and the network keeps only that reply.
func TestInjectForged(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var s State
	s.E[B] = Endpoint{State: Established, ISS: 300, IRS: 100, SndUna: 301, SndNxt: 301, RcvNxt: 101, Opens: 1, Att: 1, PeerAtt: 1}
	g := Segment{Src: A, Flags: FlagACK, Seq: 500, Ack: 301, Tag: Tag{A, 1}}
	got := m.Inject(&s, g)
	if len(got) != 1 {
		t.Fatalf("got %d successors, want 1", len(got))
	}
	a := got[0].Action
	want := Segment{Src: B, Flags: FlagACK, Seq: 301, Ack: 101, Tag: Tag{B, 1}}
	if a.Rule != RuleUnacceptable || !a.HasSent || a.Sent != want || a.To != Established {
		t.Fatalf("got %v", a)
	}
	if segs := got[0].Next.Net.Segments(); len(segs) != 1 || segs[0] != want {
		t.Fatalf("network %v, want only %v", segs, want)
	}
	// A SYN at a listener draws one ISS under monotone: one successor.
	var l State
	l.E[B] = Endpoint{State: Listen, Passive: true, Opens: 1}
	got = m.Inject(&l, Segment{Src: A, Flags: FlagSYN, Seq: 100, Tag: Tag{A, 1}})
	if len(got) != 1 || got[0].Next.E[B].State != SynReceived || got[0].Next.E[B].ISS != 300 {
		t.Fatalf("SYN at LISTEN: %v", got)
	}
}
