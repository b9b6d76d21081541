package model

import (
	"strings"
	"testing"
)

// walk applies the steps, each given by its exact label, and returns the
// final state. It fails if a label is not among the successors or is
// ambiguous.
func walk(t *testing.T, m *Model, s State, labels []string) State {
	t.Helper()
	for i, want := range labels {
		var found []Transition
		var all []string
		for _, tr := range m.Successors(&s) {
			all = append(all, tr.Action.String())
			if tr.Action.String() == want {
				found = append(found, tr)
			}
		}
		if len(found) != 1 {
			t.Fatalf("step %d: %d successors labelled\n  %s\nstate:\n%v\nsuccessors:\n  %s", i+1, len(found), want, &s, strings.Join(all, "\n  "))
		}
		s = found[0].Next
		if s.HitBound() {
			t.Fatalf("step %d hit a bound: %s", i+1, s.BoundReason())
		}
	}
	return s
}

func TestScenarioS1(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	s := walk(t, m, m.Initial(), []string{
		"B passive OPEN in CLOSED -> LISTEN (§3.10.1)",
		"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
		"B rcv <SEQ=100><CTL=SYN> in LISTEN -> SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK> (§3.10.7.2)",
		"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)",
		"B rcv <SEQ=101><ACK=301><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
	})
	want := [2]Endpoint{}
	for i, e := range []struct{ iss, irs uint16 }{{100, 300}, {300, 100}} {
		got := s.E[i]
		if got.ISS != e.iss || got.IRS != e.irs || got.SndUna != e.iss+1 || got.SndNxt != e.iss+1 || got.RcvNxt != e.irs+1 {
			t.Errorf("%v after the handshake: %+v, want ISS=%d IRS=%d SND.UNA=SND.NXT=%d RCV.NXT=%d", Side(i), got, e.iss, e.irs, e.iss+1, e.irs+1)
		}
		if !got.Confirms(1, 1) {
			t.Errorf("%v has not confirmed <1,1>: %#x", Side(i), got.Confirmed)
		}
	}
	_ = want
	s = walk(t, m, s, []string{
		"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
		"B rcv <SEQ=101><ACK=301><CTL=FIN,ACK> in ESTABLISHED -> CLOSE-WAIT, snd <SEQ=301><ACK=102><CTL=ACK> (§3.10.7.4)",
		"A rcv <SEQ=301><ACK=102><CTL=ACK> in FIN-WAIT-1 -> FIN-WAIT-2 (§3.10.7.4)",
		"B CLOSE in CLOSE-WAIT -> LAST-ACK, snd <SEQ=301><ACK=102><CTL=FIN,ACK> (§3.10.4)",
		"A rcv <SEQ=301><ACK=102><CTL=FIN,ACK> in FIN-WAIT-2 -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
	})
	if m.TimeWaitMayExpire(&s, A) {
		t.Errorf("TIME-WAIT may expire with the last ACK in flight:\n%v", &s)
	}
	s = walk(t, m, s, []string{
		"B rcv <SEQ=102><ACK=302><CTL=ACK> in LAST-ACK -> CLOSED (§3.10.7.4)",
		"A 2MSL expires in TIME-WAIT -> CLOSED (§3.10.8)",
	})
	if s.E[A].State != Closed || s.E[B].State != Closed || s.Net.Len() != 0 {
		t.Errorf("S1 does not end with both CLOSED and an empty network:\n%v", &s)
	}
}

func TestScenarioS3(t *testing.T) {
	c := classicConfig()
	c.OldDups = []Segment{{Src: A, Flags: FlagSYN, Seq: 90, Tag: Tag{A, 0}}}
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	s := walk(t, m, m.Initial(), []string{
		"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
		"B passive OPEN in CLOSED -> LISTEN (§3.10.1)",
		"B rcv <SEQ=90><CTL=SYN> in LISTEN -> SYN-RECEIVED, snd <SEQ=300><ACK=91><CTL=SYN,ACK> (§3.10.7.2)",
		"A rcv <SEQ=300><ACK=91><CTL=SYN,ACK> in SYN-SENT -> SYN-SENT, snd <SEQ=91><CTL=RST> (§3.10.7.3)",
		"B rcv <SEQ=91><CTL=RST> in SYN-RECEIVED -> LISTEN (§3.10.7.4)",
		"B rcv <SEQ=100><CTL=SYN> in LISTEN -> SYN-RECEIVED, snd <SEQ=400><ACK=101><CTL=SYN,ACK> (§3.10.7.2)",
		"A rcv <SEQ=400><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=401><CTL=ACK> (§3.10.7.3)",
		"B rcv <SEQ=101><ACK=401><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
	})
	if s.E[B].Att != 2 || s.E[B].PeerAtt != 1 || s.E[A].PeerAtt != 2 {
		t.Errorf("S3 ghosts: B att %d peerAtt %d, A peerAtt %d; want 2, 1, 2", s.E[B].Att, s.E[B].PeerAtt, s.E[A].PeerAtt)
	}
	if !s.E[B].Confirms(1, 0) || !s.E[B].Confirms(2, 1) || !s.E[A].Confirms(1, 2) {
		t.Errorf("S3 confirmations: A %#x B %#x", s.E[A].Confirmed, s.E[B].Confirmed)
	}
}

var s1Handshake = []string{
	"B passive OPEN in CLOSED -> LISTEN (§3.10.1)",
	"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
	"B rcv <SEQ=100><CTL=SYN> in LISTEN -> SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK> (§3.10.7.2)",
	"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)",
	"B rcv <SEQ=101><ACK=301><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
}

// TestScenarios replays more of the brief's section D label by label.
func TestScenarios(t *testing.T) {
	// S14 keeps a copy of step 3's SYN,ACK in flight through S1.
	s14 := append([]string(nil), s1Handshake...)
	s14[3] = "A rcv copy of <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)"
	s14 = append(s14,
		"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
		"B rcv <SEQ=101><ACK=301><CTL=FIN,ACK> in ESTABLISHED -> CLOSE-WAIT, snd <SEQ=301><ACK=102><CTL=ACK> (§3.10.7.4)",
		"A rcv <SEQ=301><ACK=102><CTL=ACK> in FIN-WAIT-1 -> FIN-WAIT-2 (§3.10.7.4)",
		"B CLOSE in CLOSE-WAIT -> LAST-ACK, snd <SEQ=301><ACK=102><CTL=FIN,ACK> (§3.10.4)",
		"A rcv <SEQ=301><ACK=102><CTL=FIN,ACK> in FIN-WAIT-2 -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
		"B rcv <SEQ=102><ACK=302><CTL=ACK> in LAST-ACK -> CLOSED (§3.10.7.4)",
		"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in TIME-WAIT -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
		"B rcv <SEQ=102><ACK=302><CTL=ACK> in CLOSED -> CLOSED, snd <SEQ=302><CTL=RST> (§3.10.7.1)",
	)
	cases := []struct {
		name    string
		variant string
		set     func(*Config)
		steps   []string
		want    [2]TCPState
	}{
		{"S2 simultaneous open (Fig. 7)", "rfc9293", func(c *Config) { c.Roles = BothActive }, []string{
			"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
			"B active OPEN in CLOSED -> SYN-SENT, snd <SEQ=300><CTL=SYN> (§3.10.1)",
			"A rcv <SEQ=300><CTL=SYN> in SYN-SENT -> SYN-RECEIVED, snd <SEQ=100><ACK=301><CTL=SYN,ACK> (§3.10.7.3)",
			"B rcv <SEQ=100><CTL=SYN> in SYN-SENT -> SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK> (§3.10.7.3)",
			"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-RECEIVED -> SYN-RECEIVED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.4)",
			"B rcv <SEQ=100><ACK=301><CTL=SYN,ACK> in SYN-RECEIVED -> SYN-RECEIVED, snd <SEQ=301><ACK=101><CTL=ACK> (§3.10.7.4)",
			"A rcv <SEQ=301><ACK=101><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
			"B rcv <SEQ=101><ACK=301><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
		}, [2]TCPState{Established, Established}},
		{"S7 simultaneous close (Fig. 13)", "rfc9293", func(c *Config) {}, append(append([]string(nil), s1Handshake...),
			"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
			"B CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=301><ACK=101><CTL=FIN,ACK> (§3.10.4)",
			"A rcv <SEQ=301><ACK=101><CTL=FIN,ACK> in FIN-WAIT-1 -> CLOSING, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
			"B rcv <SEQ=101><ACK=301><CTL=FIN,ACK> in FIN-WAIT-1 -> CLOSING, snd <SEQ=302><ACK=102><CTL=ACK> (§3.10.7.4)",
			"A rcv <SEQ=302><ACK=102><CTL=ACK> in CLOSING -> TIME-WAIT (§3.10.7.4)",
			"B rcv <SEQ=102><ACK=302><CTL=ACK> in CLOSING -> TIME-WAIT (§3.10.7.4)",
			"A 2MSL expires in TIME-WAIT -> CLOSED (§3.10.8)",
			"B 2MSL expires in TIME-WAIT -> CLOSED (§3.10.8)",
		), [2]TCPState{Closed, Closed}},
		{"S8 Note 2: FIN-WAIT-1 straight to TIME-WAIT", "rfc9293", func(c *Config) {}, append(append([]string(nil), s1Handshake...),
			"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
			"B rcv <SEQ=101><ACK=301><CTL=FIN,ACK> in ESTABLISHED -> CLOSE-WAIT, snd <SEQ=301><ACK=102><CTL=ACK> (§3.10.7.4)",
			"lose <SEQ=301><ACK=102><CTL=ACK> from B",
			"B CLOSE in CLOSE-WAIT -> LAST-ACK, snd <SEQ=301><ACK=102><CTL=FIN,ACK> (§3.10.4)",
			"A rcv <SEQ=301><ACK=102><CTL=FIN,ACK> in FIN-WAIT-1 -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
		), [2]TCPState{TimeWait, LastAck}},
		{"S11 connection refused", "rfc9293", func(c *Config) {}, []string{
			"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
			"B rcv <SEQ=100><CTL=SYN> in CLOSED -> CLOSED, snd <SEQ=0><ACK=101><CTL=RST,ACK> (§3.10.7.1)",
			"A rcv <SEQ=0><ACK=101><CTL=RST,ACK> in SYN-SENT -> CLOSED (§3.10.7.3)",
		}, [2]TCPState{Closed, Closed}},
		{"S14 TIME-WAIT assassination (RFC 1337 Fig. 1)", "rfc9293", func(c *Config) { c.NetBound = 3 }, append(append([]string(nil), s14...),
			"A rcv <SEQ=302><CTL=RST> in TIME-WAIT -> CLOSED (§3.10.7.4)",
		), [2]TCPState{Closed, Closed}},
		{"S14 under the RFC 1337 fix", "rfc1337", func(c *Config) { c.NetBound = 3 }, append(append([]string(nil), s14...),
			"A rcv <SEQ=302><CTL=RST> in TIME-WAIT -> TIME-WAIT (RFC 1337 §3)",
		), [2]TCPState{TimeWait, Closed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Variant(tc.variant)
			if err != nil {
				t.Fatal(err)
			}
			tc.set(&c)
			m, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			s := walk(t, m, m.Initial(), tc.steps)
			if got := [2]TCPState{s.E[A].State, s.E[B].State}; got != tc.want {
				t.Errorf("ends in %v, want %v:\n%v", got, tc.want, &s)
			}
		})
	}
}

// TestTrimSYN: with TrimSYN (trace key trim-syn) Figure 7 holds literally: each SYN,ACK
// takes SYN-RECEIVED to ESTABLISHED (without it, see S2).
func TestTrimSYN(t *testing.T) {
	c := DefaultConfig()
	c.Roles, c.TrimSYN = BothActive, true
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	s := walk(t, m, m.Initial(), []string{
		"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
		"B active OPEN in CLOSED -> SYN-SENT, snd <SEQ=300><CTL=SYN> (§3.10.1)",
		"A rcv <SEQ=300><CTL=SYN> in SYN-SENT -> SYN-RECEIVED, snd <SEQ=100><ACK=301><CTL=SYN,ACK> (§3.10.7.3)",
		"B rcv <SEQ=100><CTL=SYN> in SYN-SENT -> SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK> (§3.10.7.3)",
		"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
		"B rcv <SEQ=100><ACK=301><CTL=SYN,ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
	})
	if s.Net.Len() != 0 || s.E[A].SndUna != 101 || s.E[B].SndUna != 301 {
		t.Errorf("after Figure 7:\n%v", &s)
	}
}
