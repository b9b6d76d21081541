package model

import "testing"

func TestFairnessClass(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		a    Action
		want uint8
	}{
		{Action{Kind: ActiveOpen, Side: A}, ClassUser},
		{Action{Kind: Abort, Side: B}, 16 + ClassUser},
		{Action{Kind: Deliver, Side: B, Seg: seg(A, FlagSYN, 100, 0)}, 16 + ClassDeliverSYN},
		{Action{Kind: Deliver, Side: A, Seg: seg(B, FlagSYN|FlagACK, 300, 101)}, ClassDeliverSYNACK},
		{Action{Kind: Deliver, Side: A, Seg: seg(B, FlagACK, 301, 101)}, ClassDeliverACK},
		{Action{Kind: Deliver, Side: A, Seg: seg(B, FlagFIN|FlagACK, 301, 101)}, ClassDeliverFIN},
		{Action{Kind: Deliver, Side: A, Seg: seg(B, FlagRST|FlagACK, 0, 101)}, ClassDeliverRST},
		{Action{Kind: Drop, Side: B}, 16 + ClassDrop},
		{Action{Kind: Retransmit, Side: A}, ClassRetransmit},
		{Action{Kind: GiveUp, Side: B}, 16 + ClassGiveUp},
		{Action{Kind: TimeWaitExpire, Side: A}, ClassTimeWait},
		{Action{Kind: FinWait2Expire, Side: B}, 16 + ClassFinWait2},
		{Action{Kind: Crash, Side: A}, ClassCrash},
	}
	for _, tc := range cases {
		if got := m.FairnessClass(tc.a); got != tc.want {
			t.Errorf("FairnessClass(%v) = %d, want %d", tc.a, got, tc.want)
		}
	}
}

func TestLabels(t *testing.T) {
	cases := []struct {
		a    Action
		want string
	}{
		{Action{Kind: Drop, Side: B, Seg: seg(B, FlagACK, 301, 102), From: CloseWait, To: CloseWait, Rule: RuleLoss},
			"lose <SEQ=301><ACK=102><CTL=ACK> from B"},
		{Action{Kind: Deliver, Side: A, Dup: true, Seg: seg(B, FlagSYN|FlagACK, 300, 101), From: SynSent, To: Established,
			Sent: seg(A, FlagACK, 101, 301), HasSent: true, Rule: RuleSynSentSynAck},
			"A rcv copy of <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)"},
		{Action{Kind: GiveUp, Side: B, From: SynReceived, To: Closed, Rule: RuleGiveUp},
			"B give up in SYN-RECEIVED -> CLOSED (§3.8.3)"},
		{Action{Kind: Retransmit, Side: A, From: FinWait1, To: FinWait1, Sent: seg(A, FlagFIN|FlagACK, 101, 301), HasSent: true, Rule: RuleRetransmit},
			"A RTO in FIN-WAIT-1 -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.8)"},
	}
	for _, tc := range cases {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("label\n got %s\nwant %s", got, tc.want)
		}
	}
	for r := RuleNone + 1; r < numRules; r++ {
		if r.String() == "" || r.String() == "rule?" {
			t.Errorf("rule %d has no name", r)
		}
		if r != RuleLoss && r.Section() == "" {
			t.Errorf("rule %v has no section", r)
		}
	}
}

func TestDrained(t *testing.T) {
	tw := timeWaitA // A: Att 1, PeerAtt 1
	cases := []struct {
		name string
		net  []Segment
		want bool
	}{
		{"empty", nil, true},
		{"own ACK", []Segment{seg(A, FlagACK, 102, 302)}, false},
		{"peer's FIN of the same attempt", []Segment{seg(B, FlagFIN|FlagACK, 301, 102)}, false},
		{"RST mirroring A's segment", []Segment{{Src: B, Flags: FlagRST, Seq: 302, Tag: Tag{A, 1}}}, false},
		{"peer's old duplicate", []Segment{{Src: B, Flags: FlagSYN, Seq: 200, Tag: Tag{B, 0}}}, false},
		{"peer's next attempt", []Segment{{Src: B, Flags: FlagSYN, Seq: 400, Tag: Tag{B, 2}}}, true},
	}
	for _, tc := range cases {
		s := State{E: [2]Endpoint{tw, closedB}}
		for _, g := range tc.net {
			s.Net.Add(g)
		}
		if got := s.Drained(A); got != tc.want {
			t.Errorf("%s: Drained(A) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBounds(t *testing.T) {
	c := DefaultConfig()
	c.NetBound = 1
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	// B is CLOSED and must answer A's SYN, but the network is full (K=1)
	// once a copy of the SYN stays in flight.
	s := State{E: [2]Endpoint{synSentA, closedB}}
	s.Net.Add(seg(A, FlagSYN, 100, 0))
	var hit, clean int
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind != Deliver {
			continue
		}
		u := tr.Next
		if tr.Action.Dup {
			if !u.HitBound() || u.BoundReason() != "net-bound" || InBounds(&u) {
				t.Errorf("duplicate delivery with a full network: bound %q", u.BoundReason())
			}
			if n := len(m.Successors(&u)); n != 0 {
				t.Errorf("a state that hit a bound has %d successors", n)
			}
			hit++
		} else {
			if u.HitBound() {
				t.Errorf("consuming delivery hit a bound:\n%v", &u)
			}
			clean++
		}
	}
	if hit != 1 || clean != 1 {
		t.Errorf("%d flagged and %d clean deliveries, want 1 and 1", hit, clean)
	}

	// The attempt bound: A has drawn its last ISS and OPENs again.
	c = DefaultConfig()
	c.Attempts, c.Opens = 1, 2
	m, err = New(c)
	if err != nil {
		t.Fatal(err)
	}
	s = State{E: [2]Endpoint{{Att: 1, Opens: 1}, closedB}}
	found := false
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind == ActiveOpen {
			found = true
			if tr.Next.BoundReason() != "attempts" {
				t.Errorf("active OPEN beyond --attempts: bound %q", tr.Next.BoundReason())
			}
		}
	}
	if !found {
		t.Errorf("no active OPEN offered")
	}
}

func TestSeqArithmetic(t *testing.T) {
	for _, n := range []int{4, 7, 12, 1024, 2048} {
		c := classicConfig()
		c.ISNSpace, c.ISNStride, c.Attempts, c.ISSBase = n, 3, 1, [2]int{0, 0}
		if n < 6 {
			c.ISN = ISNFixed
		}
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		for a := 0; a < n; a += 1 + n/64 {
			for b := 0; b < n; b += 1 + n/64 {
				if got, want := int(m.add(uint16(a), uint16(b))), (a+b)%n; got != want {
					t.Fatalf("N=%d: %d+%d = %d, want %d", n, a, b, got, want)
				}
				if got, want := int(m.sub(uint16(a), uint16(b))), ((a-b)%n+n)%n; got != want {
					t.Fatalf("N=%d: %d-%d = %d, want %d", n, a, b, got, want)
				}
				d := ((b-a)%n + n) % n
				if got, want := m.lt(uint16(a), uint16(b)), d > 0 && d < n/2; got != want {
					t.Fatalf("N=%d: %d<%d = %v, want %v", n, a, b, got, want)
				}
			}
		}
	}
}

// classicConfig is DefaultConfig with the window and ISN stride the
// defaults had before they were chosen to make every rule reachable
// (W = 1, stride 100): tests of validation advice and arithmetic were
// written against those numbers.
func classicConfig() Config {
	c := DefaultConfig()
	c.Window, c.ISNStride = 1, 100
	return c
}
