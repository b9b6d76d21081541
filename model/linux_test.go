package model

import "testing"

// TestLinuxRules drives the linux profile's segment rules one segment at a
// time (docs/PROFILES.md L16-L22, L9): B's TCB in a given state, a segment
// from A injected, and the rule, reply and next state the kernel shows.
func TestLinuxRules(t *testing.T) {
	m, err := New(func() Config { c, _ := Variant("linux"); c.ChallengeACKLimit = false; return c }())
	if err != nil {
		t.Fatal(err)
	}
	// B: ISS 300, IRS 100; SND.NXT, RCV.NXT by state.
	tcb := func(st TCPState, passive bool, una, nxt, rcv uint16) State {
		var s State
		s.E[A] = Endpoint{State: Established, ISS: 100, IRS: 300, SndUna: 101, SndNxt: 101, RcvNxt: 301, Att: 1, PeerAtt: 1}
		s.E[B] = Endpoint{State: st, Passive: passive, ISS: 300, IRS: 100, SndUna: una, SndNxt: nxt, RcvNxt: rcv, Att: 1, PeerAtt: 1}
		return s
	}
	seg := func(f Flags, seq, ack uint16) Segment {
		return Segment{Src: A, Flags: f, Seq: seq, Ack: ack, Tag: Tag{Side: A, Att: 1}}
	}
	for _, c := range []struct {
		name  string
		s     State
		g     Segment
		rule  Rule
		reply Flags // 0: nothing sent
		to    TCPState
	}{
		{"L16 bad ACK first", tcb(SynReceived, true, 300, 301, 101), seg(FlagACK, 150, 300), RuleSynRcvdAckFirst, FlagRST, SynReceived},
		{"L3 SYN,ACK in window", tcb(SynReceived, true, 300, 301, 101), seg(FlagSYN|FlagACK, 102, 301), RuleSYNToListenReset, FlagRST, Listen},
		{"L22 ACK of nothing", tcb(SynReceived, false, 300, 301, 101), seg(FlagACK, 101, 300), RuleSynRcvdAck, 0, Established},
		{"L19 old FIN", tcb(FinWait1, false, 301, 302, 101), seg(FlagFIN|FlagACK, 100, 302), RuleOldSegment, FlagACK, FinWait2},
		{"L18 FIN after FIN", tcb(CloseWait, false, 301, 301, 102), seg(FlagFIN|FlagACK, 102, 301), RuleAfterFinIgnored, 0, CloseWait},
		{"L18 CLOSING ends", tcb(Closing, false, 301, 302, 102), seg(FlagFIN|FlagACK, 102, 302), RuleAckClosing, 0, TimeWait},
		{"L20 exact ACK ahead", tcb(TimeWait, false, 302, 302, 102), seg(FlagACK, 102, 400), RuleTimeWaitAckDrop, 0, TimeWait},
		{"L21 exact FIN", tcb(TimeWait, false, 302, 302, 102), seg(FlagFIN|FlagACK, 102, 302), RuleTimeWaitAck, FlagACK, TimeWait},
		{"L21 SYN, no listener", tcb(TimeWait, false, 302, 302, 102), seg(FlagSYN, 200, 0), RuleTimeWaitAck, FlagACK, TimeWait},
		{"L8 inexact RST", tcb(TimeWait, false, 302, 302, 102), seg(FlagRST, 103, 0), RuleRSTTimeWaitDrop, 0, TimeWait},
		{"L6 not outside SYN-RECEIVED", tcb(FinWait1, false, 301, 302, 101), seg(FlagSYN|FlagACK, 100, 302), RuleSYNChallenge, FlagACK, FinWait1},
	} {
		got := m.Inject(&c.s, c.g)
		if len(got) != 1 {
			t.Errorf("%s: %d successors, want 1", c.name, len(got))
			continue
		}
		a, next := got[0].Action, got[0].Next
		var reply Flags
		if a.HasSent {
			reply = a.Sent.Flags
		}
		if a.Rule != c.rule || reply != c.reply || next.E[B].State != c.to {
			t.Errorf("%s: rule %v, reply %v, -> %v; want %v, %v, -> %v", c.name, a.Rule, reply, next.E[B].State, c.rule, c.reply, c.to)
		}
	}
}

// TestLinuxCloseDeferred: CLOSE in the SYN-RECEIVED of a simultaneous open
// sends nothing; the ACK that completes the handshake sends the FIN (L17).
func TestLinuxCloseDeferred(t *testing.T) {
	m, err := New(func() Config { c, _ := Variant("linux"); c.Roles = AnyRole; return c }())
	if err != nil {
		t.Fatal(err)
	}
	var s State
	s.E[B] = Endpoint{State: SynReceived, ISS: 300, IRS: 100, SndUna: 300, SndNxt: 301, RcvNxt: 101, Att: 1, PeerAtt: 1, Opens: 1}
	var closed *State
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind == Close && tr.Action.Side == B {
			if tr.Action.Rule != RuleCloseDeferred || tr.Action.HasSent || tr.Next.E[B].State != SynReceived {
				t.Fatalf("CLOSE: %v", tr.Action)
			}
			closed = &tr.Next
		}
	}
	if closed == nil {
		t.Fatal("no CLOSE in SYN-RECEIVED")
	}
	got := m.Inject(closed, Segment{Src: A, Flags: FlagACK, Seq: 101, Ack: 301, Tag: Tag{Side: A, Att: 1}})
	if len(got) != 1 || got[0].Action.Rule != RuleCloseDeferred || got[0].Action.Sent.Flags != FlagFIN|FlagACK || got[0].Next.E[B].State != FinWait1 {
		t.Fatalf("the completing ACK: %+v", got)
	}
}

// TestRateLimitOmits: with --challenge-ack-limit a challenge ACK has a
// second outcome without the reply; without the flag it has none.
func TestRateLimitOmits(t *testing.T) {
	for _, limit := range []bool{false, true} {
		c := DefaultConfig()
		c.ChallengeACKLimit = limit
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		var s State
		s.E[B] = Endpoint{State: Established, ISS: 300, IRS: 100, SndUna: 301, SndNxt: 301, RcvNxt: 101, Att: 1, PeerAtt: 1}
		got := m.Inject(&s, Segment{Src: A, Flags: FlagRST, Seq: 102, Tag: Tag{Side: A, Att: 1}})
		want := 1
		if limit {
			want = 2
		}
		if len(got) != want || got[0].Action.Rule != RuleRSTChallenge {
			t.Fatalf("limit %v: %+v", limit, got)
		}
		if limit && (got[1].Action.Rule != RuleRateLimited || got[1].Action.HasSent || got[1].Next.Net.Len() != 0) {
			t.Fatalf("omission: %+v", got[1])
		}
	}
}

// TestRateLimitWithoutDup: the omission is a delivery of its own, there
// with --dup=false too (docs/MODEL.md §5).
func TestRateLimitWithoutDup(t *testing.T) {
	c := DefaultConfig()
	c.ChallengeACKLimit = true
	c.Dup = false
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var s State
	s.E[B] = Endpoint{State: Established, ISS: 300, IRS: 100, SndUna: 301, SndNxt: 301, RcvNxt: 101, Att: 1, PeerAtt: 1}
	rst := Segment{Src: A, Flags: FlagRST, Seq: 102, Tag: Tag{Side: A, Att: 1}}
	m.send(&s, rst.code())
	var rules []Rule
	m.Next(&s, func(a Action, _ *State) {
		if a.Kind == Deliver {
			rules = append(rules, a.Rule)
		}
	})
	if len(rules) != 2 || rules[0] != RuleRSTChallenge || rules[1] != RuleRateLimited {
		t.Fatalf("deliveries of an in-window RST without --dup: %v, want rst-challenge then ack-rate-limited", rules)
	}
}
