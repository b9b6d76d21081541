package model

import "testing"

// mk builds an endpoint with its TCB; snd and rcv are offsets from ISS and
// IRS. A SYN-SENT endpoint has no IRS: pass rcv < 0.
func mk(st TCPState, passive bool, iss uint16, una, nxt uint16, irs uint16, rcv int) Endpoint {
	p := Endpoint{State: st, Passive: passive, ISS: iss, SndUna: iss + una, SndNxt: iss + nxt, Att: 1, Opens: 1}
	if rcv >= 0 {
		p.IRS, p.RcvNxt, p.PeerAtt = irs, irs+uint16(rcv), 1
		confirm(&p)
	}
	return p
}

func seg(src Side, f Flags, seq, ack uint16) Segment {
	return Segment{Src: src, Flags: f, Seq: seq, Ack: ack, Tag: Tag{src, 1}}
}

var (
	listenB    = Endpoint{State: Listen, Passive: true, Opens: 1}
	closedA    = Endpoint{}
	closedB    = Endpoint{}
	synSentA   = mk(SynSent, false, 100, 0, 1, 0, -1)
	estA       = mk(Established, false, 100, 1, 1, 300, 1)
	synRcvdB   = mk(SynReceived, true, 300, 0, 1, 100, 1)
	synRcvdA   = mk(SynReceived, false, 100, 0, 1, 300, 1)
	timeWaitA  = mk(TimeWait, false, 100, 2, 2, 300, 2)
	estB       = mk(Established, false, 300, 1, 1, 100, 1)
	lastAckB   = mk(LastAck, true, 300, 1, 2, 100, 2)
	finWait1A  = mk(FinWait1, false, 100, 1, 2, 300, 1)
	defaultCfg = func(c *Config) {}
)

func TestMustReject(t *testing.T) {
	to := func(st TCPState) func(Transition) bool {
		return func(tr Transition) bool { return tr.Action.To == st }
	}
	notTo := func(st TCPState) func(Transition) bool {
		return func(tr Transition) bool { return tr.Action.To != st }
	}
	sends := func(tr Transition) bool { return tr.Action.HasSent }
	cases := []struct {
		name      string
		cfg       func(*Config)
		a, b      Endpoint
		net       []Segment // in flight; the first is the one delivered
		forbidden func(Transition) bool
		timers    bool // look at timer transitions instead of the delivery
	}{
		{"SYN-SENT->EST with ack=ISS", defaultCfg, synSentA, listenB, []Segment{seg(B, FlagSYN|FlagACK, 300, 100)}, to(Established), false},
		{"SYN-SENT->EST with ack=ISS+2", defaultCfg, synSentA, listenB, []Segment{seg(B, FlagSYN|FlagACK, 300, 102)}, to(Established), false},
		{"SYN-SENT->EST with ack=ISS-10", defaultCfg, synSentA, listenB, []Segment{seg(B, FlagSYN|FlagACK, 300, 90)}, to(Established), false},
		{"LISTEN changes state on RST", defaultCfg, closedA, listenB, []Segment{seg(A, FlagRST, 100, 0)}, notTo(Listen), false},
		{"LISTEN changes state on RST,ACK", defaultCfg, closedA, listenB, []Segment{seg(A, FlagRST|FlagACK, 0, 301)}, notTo(Listen), false},
		{"LISTEN reaches EST on SYN", defaultCfg, synSentA, listenB, []Segment{seg(A, FlagSYN, 100, 0)}, to(Established), false},
		{"valid RST takes passive SYN-RECEIVED to CLOSED", defaultCfg, closedA, synRcvdB, []Segment{seg(A, FlagRST, 101, 0)}, to(Closed), false},
		{"valid RST takes active SYN-RECEIVED to LISTEN", defaultCfg, synRcvdA, closedB, []Segment{seg(B, FlagRST, 301, 0)}, to(Listen), false},
		{"EST closes on out-of-window RST", defaultCfg, estA, closedB, []Segment{seg(B, FlagRST, 305, 0)}, to(Closed), false},
		{"EST closes on old RST (793 rules)", func(c *Config) { c.Rules, c.RFC5961 = RFC793, false }, estA, closedB, []Segment{seg(B, FlagRST, 300, 0)}, to(Closed), false},
		{"EST closes on in-window RST != RCV.NXT (5961, W=2)", func(c *Config) { c.Window = 2 }, estA, closedB, []Segment{seg(B, FlagRST, 302, 0)}, to(Closed), false},
		{"SYN-SENT accepts RST without ACK", defaultCfg, synSentA, closedB, []Segment{seg(B, FlagRST, 0, 0)}, to(Closed), false},
		{"SYN-SENT accepts RST with a bad ACK", defaultCfg, synSentA, closedB, []Segment{seg(B, FlagRST|FlagACK, 0, 100)}, to(Closed), false},
		{"FIN processed in LISTEN", defaultCfg, closedA, listenB, []Segment{seg(A, FlagFIN|FlagACK, 101, 301)}, notTo(Listen), false},
		{"FIN processed in LISTEN (no ACK)", defaultCfg, closedA, listenB, []Segment{seg(A, FlagFIN, 101, 0)}, notTo(Listen), false},
		{"FIN processed in SYN-SENT", defaultCfg, synSentA, estB, []Segment{seg(B, FlagFIN|FlagACK, 301, 101)}, func(tr Transition) bool {
			return tr.Action.To != SynSent || tr.Next.E[A].RcvNxt != 0
		}, false},
		{"CLOSED answers a RST", defaultCfg, closedA, closedB, []Segment{seg(B, FlagRST, 5, 0)}, sends, false},
		{"CLOSED answers a RST,ACK", defaultCfg, closedA, closedB, []Segment{seg(B, FlagRST|FlagACK, 0, 5)}, sends, false},
		{"bare SYN takes SYN-SENT to EST", func(c *Config) { c.Roles = BothActive }, synSentA, closedB, []Segment{seg(B, FlagSYN, 300, 0)}, to(Established), false},
		{"SEG.ACK=ISS completes SYN-RECEIVED", defaultCfg, closedA, synRcvdB, []Segment{seg(A, FlagACK, 101, 300)}, to(Established), false},
		{"TWExpire with the peer's FIN in flight", defaultCfg, timeWaitA, closedB, []Segment{seg(B, FlagFIN|FlagACK, 301, 102)}, nil, true},
		{"TWExpire with its own ACK in flight", defaultCfg, timeWaitA, lastAckB, []Segment{seg(A, FlagACK, 102, 302)}, nil, true},
		{"TWExpire with an old duplicate in flight", defaultCfg, timeWaitA, closedB, []Segment{{Src: B, Flags: FlagSYN, Seq: 200, Tag: Tag{B, 0}}}, nil, true},
		{"TWExpire with the peer in LAST-ACK", defaultCfg, timeWaitA, lastAckB, nil, nil, true},
		{"TWExpire with the peer in FIN-WAIT-1", defaultCfg, timeWaitA, mk(FinWait1, false, 300, 1, 2, 100, 2), nil, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			c.NetBound = 4
			tc.cfg(&c)
			m, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			s := State{E: [2]Endpoint{tc.a, tc.b}}
			for _, g := range tc.net {
				s.Net.Add(g)
			}
			if err := m.Valid(&s); err != nil {
				t.Fatalf("test state is not valid: %v\n%v", err, &s)
			}
			delivered := 0
			for _, tr := range m.Successors(&s) {
				if tc.timers {
					if tr.Action.Kind == TimeWaitExpire {
						t.Errorf("forbidden: %v\nin\n%v", tr.Action, &s)
					}
					continue
				}
				if tr.Action.Kind != Deliver || tr.Action.Seg != tc.net[0] {
					continue
				}
				delivered++
				if tc.forbidden(tr) {
					t.Errorf("forbidden: %v\nin\n%v", tr.Action, &s)
				}
			}
			if !tc.timers && delivered == 0 {
				t.Fatalf("%v is never delivered in\n%v", tc.net[0], &s)
			}
		})
	}
}

// TestMustRejectControls shows the rejections above are not vacuous: the
// neighbouring allowed transitions do exist.
func TestMustRejectControls(t *testing.T) {
	cases := []struct {
		name string
		cfg  func(*Config)
		a, b Endpoint
		net  []Segment
		kind ActionKind
		want TCPState
	}{
		{"SYN-SENT->EST with ack=ISS+1", defaultCfg, synSentA, synRcvdB, []Segment{seg(B, FlagSYN|FlagACK, 300, 101)}, Deliver, Established},
		{"valid RST takes passive SYN-RECEIVED to LISTEN", defaultCfg, closedA, synRcvdB, []Segment{seg(A, FlagRST, 101, 0)}, Deliver, Listen},
		{"valid RST takes active SYN-RECEIVED to CLOSED", defaultCfg, synRcvdA, closedB, []Segment{seg(B, FlagRST, 301, 0)}, Deliver, Closed},
		{"EST closes on RST at RCV.NXT", defaultCfg, estA, closedB, []Segment{seg(B, FlagRST, 301, 0)}, Deliver, Closed},
		{"EST closes on in-window RST (793 rules, W=2)", func(c *Config) { c.Rules, c.RFC5961, c.Window = RFC793, false, 2 }, estA, closedB, []Segment{seg(B, FlagRST, 302, 0)}, Deliver, Closed},
		{"SYN-SENT accepts RST with an acceptable ACK", defaultCfg, synSentA, closedB, []Segment{seg(B, FlagRST|FlagACK, 0, 101)}, Deliver, Closed},
		{"SYN-SENT takes a bare SYN to SYN-RECEIVED", func(c *Config) { c.Roles = BothActive }, synSentA, closedB, []Segment{seg(B, FlagSYN, 300, 0)}, Deliver, SynReceived},
		{"SEG.ACK=ISS completes SYN-RECEIVED under 793 rules", func(c *Config) { c.Rules, c.RFC5961 = RFC793, false }, closedA, synRcvdB, []Segment{seg(A, FlagACK, 101, 300)}, Deliver, Established},
		{"SEG.ACK=ISS+1 completes SYN-RECEIVED", defaultCfg, closedA, synRcvdB, []Segment{seg(A, FlagACK, 101, 301)}, Deliver, Established},
		{"TWExpire when drained and the peer CLOSED", defaultCfg, timeWaitA, closedB, nil, TimeWaitExpire, Closed},
		{"Note 2: FIN-WAIT-1 straight to TIME-WAIT", defaultCfg, finWait1A, mk(LastAck, true, 300, 1, 2, 100, 2), []Segment{seg(B, FlagFIN|FlagACK, 301, 102)}, Deliver, TimeWait},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			c.NetBound = 4
			tc.cfg(&c)
			m, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			s := State{E: [2]Endpoint{tc.a, tc.b}}
			for _, g := range tc.net {
				s.Net.Add(g)
			}
			for _, tr := range m.Successors(&s) {
				if tr.Action.Kind == tc.kind && tr.Action.To == tc.want && (tc.kind != Deliver || tr.Action.Seg == tc.net[0]) {
					return
				}
			}
			t.Errorf("no %v to %v in\n%v", tc.kind, tc.want, &s)
		})
	}
}
