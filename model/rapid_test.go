package model

import (
	"fmt"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// genConfig draws a valid configuration of any kind.
func genConfig(t *rapid.T) Config {
	c := DefaultConfig()
	c.ISN = ISNPolicy(rapid.IntRange(0, 3).Draw(t, "isn"))
	c.Attempts = rapid.IntRange(1, 3).Draw(t, "attempts")
	c.Window = rapid.IntRange(1, 2).Draw(t, "window")
	if rapid.Bool().Draw(t, "olddup") {
		c.OldDups = []Segment{{Src: A, Flags: FlagSYN, Tag: Tag{A, 0}}}
	}
	inc := c.Attempts + len(c.OldDups)
	switch c.ISN {
	case ISNMonotone:
		c.ISNStride = rapid.IntRange(3, 5).Draw(t, "stride")
		c.ISNSpace = 2*c.ISNStride*inc + rapid.IntRange(0, 4).Draw(t, "extra")
	case ISNFixed:
		c.ISNSpace = rapid.IntRange(8, 1024).Draw(t, "space")
	default:
		c.ISNSpace = rapid.IntRange(8, 12).Draw(t, "space")
	}
	c.ISSBase = [2]int{rapid.IntRange(0, c.ISNSpace-1).Draw(t, "issA"), rapid.IntRange(0, c.ISNSpace-1).Draw(t, "issB")}
	c.OldDups = append([]Segment(nil), c.OldDups...)
	for i := range c.OldDups {
		c.OldDups[i].Seq = c.oldISS(A)
	}
	c.R2 = rapid.IntRange(0, 3).Draw(t, "r2")
	c.RTO = rapid.Bool().Draw(t, "rto")
	c.Opens = rapid.IntRange(1, 3).Draw(t, "opens")
	c.NetBound = rapid.IntRange(1, MaxNetBound).Draw(t, "k")
	c.LossBudget = rapid.IntRange(-1, 2).Draw(t, "loss")
	c.Dup = rapid.Bool().Draw(t, "dup")
	c.Crash = rapid.Bool().Draw(t, "crash")
	c.QuietTime = rapid.Bool().Draw(t, "quiet")
	c.Abort = rapid.Bool().Draw(t, "abort")
	c.AbortInTimeWait = rapid.Bool().Draw(t, "abortTW")
	c.Rules = RuleSet(rapid.IntRange(0, 1).Draw(t, "rules"))
	c.RFC5961 = c.Rules == RFC9293 && rapid.Bool().Draw(t, "5961")
	c.RFC1337 = rapid.Bool().Draw(t, "1337")
	c.Roles = Roles(rapid.IntRange(0, 2).Draw(t, "roles"))
	c.FinWait2Timer = rapid.Bool().Draw(t, "fw2")
	c.TWGuard = TWGuard(rapid.IntRange(0, 2).Draw(t, "twguard"))
	c.TrimSYN = rapid.Bool().Draw(t, "trimsyn")
	switch rapid.IntRange(0, 5).Draw(t, "broken") {
	case 1:
		c.TwoWayHandshake = c.Roles != BothActive
	case 2:
		c.NoTimeWait = true
	case 3:
		c.AnySynAck = true
	}
	return c
}

// baseline reports whether c has none of the broken mechanisms, so that
// the P5 sanity conditions must hold.
func baseline(c Config) bool {
	return !c.TwoWayHandshake && !c.NoTimeWait && !c.AnySynAck && c.ISN != ISNFixed && c.Rules == RFC9293
}

// sane is the brief's P5: SND.UNA =< SND.NXT =< ISS+2; FIN-WAIT-2 and
// TIME-WAIT have their FIN acked; CLOSE-WAIT, LAST-ACK and CLOSING have
// consumed the peer's FIN.
func sane(m *Model, s *State) error {
	for i := range s.E {
		p := &s.E[i]
		if p.State == Closed || p.State == Listen {
			continue
		}
		una, nxt := m.sub(p.SndUna, p.ISS), m.sub(p.SndNxt, p.ISS)
		if una > nxt || nxt > 2 {
			return fmt.Errorf("%v: SND.UNA=ISS+%d SND.NXT=ISS+%d", Side(i), una, nxt)
		}
		switch p.State {
		case FinWait2, TimeWait:
			if una != 2 || nxt != 2 {
				return fmt.Errorf("%v in %v with its FIN unacked", Side(i), p.State)
			}
		case CloseWait, LastAck, Closing:
			if m.sub(p.RcvNxt, p.IRS) != 2 {
				return fmt.Errorf("%v in %v without the peer's FIN", Side(i), p.State)
			}
		}
	}
	return nil
}

func TestRandomWalks(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genConfig(t)
		if err := c.Validate(); err != nil {
			t.Fatalf("generated an invalid config: %v", err)
		}
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		s := m.Initial()
		steps := rapid.IntRange(0, 80).Draw(t, "steps")
		enc := make([]uint64, m.Words())
		for i := 0; i < steps; i++ {
			succ := m.Successors(&s)
			if again := m.Successors(&s); !reflect.DeepEqual(succ, again) {
				t.Fatalf("successors of\n%v\ndiffer between two calls", &s)
			}
			for _, tr := range succ {
				u := tr.Next
				if err := m.Valid(&u); err != nil {
					t.Fatalf("%v\nfrom\n%v\nleads to an invalid state: %v\n%v", tr.Action, &s, err, &u)
				}
				m.Encode(&u, enc)
				if d := m.Decode(enc); d != u {
					t.Fatalf("encoding does not round-trip:\n%v\ndecodes as\n%v", &u, &d)
				}
				if baseline(c) && u.Bound == 0 {
					if err := sane(m, &u); err != nil {
						t.Fatalf("%v\nfrom\n%v\nbreaks P5: %v", tr.Action, &s, err)
					}
				}
				_ = tr.Action.String()
			}
			if len(succ) == 0 {
				break
			}
			s = succ[rapid.IntRange(0, len(succ)-1).Draw(t, "pick")].Next
		}
	})
}

func TestCanonicalNetwork(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, err := New(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		n := rapid.IntRange(0, MaxNetBound).Draw(t, "n")
		segs := make([]Segment, n)
		for i := range segs {
			f := Flags(rapid.IntRange(1, 15).Draw(t, "flags"))
			g := Segment{Src: Side(rapid.IntRange(0, 1).Draw(t, "src")), Flags: f,
				Seq: uint16(rapid.IntRange(0, 1023).Draw(t, "seq")), Tag: Tag{Side(rapid.IntRange(0, 1).Draw(t, "tside")), uint8(rapid.IntRange(0, 3).Draw(t, "tatt"))}}
			if f&FlagACK != 0 {
				g.Ack = uint16(rapid.IntRange(0, 1023).Draw(t, "ack"))
			}
			segs[i] = g
		}
		perm := rapid.Permutation(segs).Draw(t, "perm")
		var s1, s2 State
		for i := range segs {
			s1.Net.Add(segs[i])
			s2.Net.Add(perm[i])
		}
		if s1 != s2 {
			t.Fatalf("the same multiset in two orders gives two states:\n%v\n%v", &s1, &s2)
		}
		w1, w2 := make([]uint64, 5), make([]uint64, 5)
		m.encode(&s1, w1)
		m.encode(&s2, w2)
		if !reflect.DeepEqual(w1, w2) {
			t.Fatalf("encodings differ: %x %x", w1, w2)
		}
		got := s1.Net.Segments()
		for i := range got {
			if i > 0 && got[i-1].pack() > got[i].pack() {
				t.Fatalf("Segments out of order: %v", got)
			}
			if s1.Net.Count(got[i]) != countSeg(segs, got[i]) {
				t.Fatalf("%v: %d copies, want %d", got[i], s1.Net.Count(got[i]), countSeg(segs, got[i]))
			}
		}
	})
}

func countSeg(segs []Segment, g Segment) int {
	n := 0
	for _, x := range segs {
		if x == g {
			n++
		}
	}
	return n
}
