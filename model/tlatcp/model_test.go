package tlatcp

import (
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

func queue(ms ...Msg) Queue {
	var q Queue
	for _, m := range ms {
		q.push(m)
	}
	return q
}

func successors(m *Model, s State) []string {
	var out []string
	m.Next(&s, func(a Action, t *State) { out = append(out, a.String()+" => "+t.String()) })
	return out
}

// Each case is read off tcp.tla by hand: which disjuncts of Next are
// enabled and where they lead.
func TestNext(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		s    State
		want []string
	}{
		{
			name: "MCInit with node A",
			s:    State{TCB: [2]bool{true, true}, Conn: [2]Conn{SynSent, Listen}, Net: [2]Queue{{}, queue(SYN)}},
			want: []string{
				`Listen(B,A): rcv "SYN" -> SYN-RECEIVED, snd "SYN,ACK" => connstate A=SYN-SENT B=SYN-RECEIVED; tcb A=true B=true; network A=<<"SYN,ACK">> B=<<>>`,
				`Note3(A,B): -> TIME-WAIT, snd "RST" => connstate A=TIME-WAIT B=LISTEN; tcb A=true B=true; network A=<<>> B=<<"SYN", "RST">>`,
				`Note3(B,A): -> TIME-WAIT, snd "RST" => connstate A=SYN-SENT B=TIME-WAIT; tcb A=true B=true; network A=<<"RST">> B=<<"SYN">>`,
				`CLOSE_SYN_SENT(A,B): -> CLOSED => connstate A=CLOSED B=LISTEN; tcb A=false B=true; network A=<<>> B=<<"SYN">>`,
				`CLOSE_LISTEN(B,A): -> CLOSED => connstate A=SYN-SENT B=CLOSED; tcb A=true B=false; network A=<<>> B=<<"SYN">>`,
				`SEND(B,A): -> SYN-SENT, snd "SYN" => connstate A=SYN-SENT B=SYN-SENT; tcb A=true B=true; network A=<<"SYN">> B=<<"SYN">>`,
			},
		},
		{
			name: "Note2 and FinWait1 both take a leading FIN; RST goes to LISTEN or CLOSED",
			s:    State{TCB: [2]bool{true, false}, Conn: [2]Conn{FinWait1, Closed}, Net: [2]Queue{queue(FIN, ACKofFIN), queue(RST)}},
			want: []string{
				`FinWait1(A,B): rcv "FIN" -> CLOSING, snd "ACKofFIN" => connstate A=CLOSING B=CLOSED; tcb A=true B=false; network A=<<"ACKofFIN">> B=<<"RST", "ACKofFIN">>`,
				`Note2(A,B): rcv "FIN" rcv "ACKofFIN" -> TIME-WAIT, snd "ACKofFIN" => connstate A=TIME-WAIT B=CLOSED; tcb A=true B=false; network A=<<>> B=<<"RST", "ACKofFIN">>`,
				`Note3(A,B): -> TIME-WAIT, snd "RST" => connstate A=TIME-WAIT B=CLOSED; tcb A=true B=false; network A=<<"FIN", "ACKofFIN">> B=<<"RST", "RST">>`,
				`Note3(B,A): rcv "RST" -> LISTEN => connstate A=FIN-WAIT-1 B=LISTEN; tcb A=true B=false; network A=<<"FIN", "ACKofFIN">> B=<<>>`,
				`Note3(B,A): rcv "RST" -> CLOSED => connstate A=FIN-WAIT-1 B=CLOSED; tcb A=true B=false; network A=<<"FIN", "ACKofFIN">> B=<<>>`,
				`ACTIVE_OPEN(B,A): -> SYN-SENT, snd "SYN" => connstate A=FIN-WAIT-1 B=SYN-SENT; tcb A=true B=true; network A=<<"FIN", "ACKofFIN", "SYN">> B=<<"RST">>`,
				`PASSIVE_OPEN(B,A): -> LISTEN => connstate A=FIN-WAIT-1 B=LISTEN; tcb A=true B=true; network A=<<"FIN", "ACKofFIN">> B=<<"RST">>`,
			},
		},
		{
			name: "TimeWait needs the TCB; without it only a RST in the inbox moves",
			s:    State{Conn: [2]Conn{TimeWait, TimeWait}, Net: [2]Queue{queue(RST), {}}},
			want: []string{
				`Note3(A,B): rcv "RST" -> LISTEN => connstate A=LISTEN B=TIME-WAIT; tcb A=false B=false; network A=<<>> B=<<>>`,
				`Note3(A,B): rcv "RST" -> CLOSED => connstate A=CLOSED B=TIME-WAIT; tcb A=false B=false; network A=<<>> B=<<>>`,
			},
		},
		{
			name: "a head the state has no rule for blocks the inbox",
			s:    State{TCB: [2]bool{true, true}, Conn: [2]Conn{SynReceived, Established}, Net: [2]Queue{queue(SYNACK, ACK), {}}},
			want: []string{
				`Note3(A,B): -> TIME-WAIT, snd "RST" => connstate A=TIME-WAIT B=ESTABLISHED; tcb A=true B=true; network A=<<"SYN,ACK", "ACK">> B=<<"RST">>`,
				`Note3(B,A): -> TIME-WAIT, snd "RST" => connstate A=SYN-RECEIVED B=TIME-WAIT; tcb A=true B=true; network A=<<"SYN,ACK", "ACK", "RST">> B=<<>>`,
				`CLOSE_SYN_RECEIVED(A,B): -> FIN-WAIT-1, snd "FIN" => connstate A=FIN-WAIT-1 B=ESTABLISHED; tcb A=true B=true; network A=<<"SYN,ACK", "ACK">> B=<<"FIN">>`,
				`CLOSE_ESTABLISHED(B,A): -> FIN-WAIT-1, snd "FIN" => connstate A=SYN-RECEIVED B=FIN-WAIT-1; tcb A=true B=true; network A=<<"SYN,ACK", "ACK", "FIN">> B=<<>>`,
			},
		},
		{
			name: "broken SYN-RECEIVED takes RST into ESTABLISHED",
			cfg:  Config{BrokenSynRcvdRST: true},
			s:    State{Conn: [2]Conn{SynReceived, Closed}, Net: [2]Queue{queue(RST), {}}},
			want: []string{
				`SynReceived(A,B): rcv "RST" -> ESTABLISHED => connstate A=ESTABLISHED B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>`,
				`Note3(A,B): rcv "RST" -> LISTEN => connstate A=LISTEN B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>`,
				`Note3(A,B): rcv "RST" -> CLOSED => connstate A=CLOSED B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>`,
				`CLOSE_SYN_RECEIVED(A,B): -> FIN-WAIT-1, snd "FIN" => connstate A=FIN-WAIT-1 B=CLOSED; tcb A=false B=false; network A=<<"RST">> B=<<"FIN">>`,
				`ACTIVE_OPEN(B,A): -> SYN-SENT, snd "SYN" => connstate A=SYN-RECEIVED B=SYN-SENT; tcb A=false B=true; network A=<<"RST", "SYN">> B=<<>>`,
				`PASSIVE_OPEN(B,A): -> LISTEN => connstate A=SYN-RECEIVED B=LISTEN; tcb A=false B=true; network A=<<"RST">> B=<<>>`,
			},
		},
		{
			name: "broken SYN-SENT does not send ACK",
			cfg:  Config{BrokenSynSentNoACK: true},
			s:    State{Conn: [2]Conn{SynSent, Closed}, Net: [2]Queue{queue(SYNACK), {}}},
			want: []string{
				`SynSent(A,B): rcv "SYN,ACK" -> ESTABLISHED => connstate A=ESTABLISHED B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>`,
				`CLOSE_SYN_SENT(A,B): -> CLOSED => connstate A=CLOSED B=CLOSED; tcb A=false B=false; network A=<<"SYN,ACK">> B=<<>>`,
				`ACTIVE_OPEN(B,A): -> SYN-SENT, snd "SYN" => connstate A=SYN-SENT B=SYN-SENT; tcb A=false B=true; network A=<<"SYN,ACK", "SYN">> B=<<>>`,
				`PASSIVE_OPEN(B,A): -> LISTEN => connstate A=SYN-SENT B=LISTEN; tcb A=false B=true; network A=<<"SYN,ACK">> B=<<>>`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := successors(New(tt.cfg), tt.s)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("successors:\n%s\nwant:\n%s", join(got), join(tt.want))
			}
		})
	}
}

func join(ss []string) string {
	out := ""
	for _, s := range ss {
		out += "  " + s + "\n"
	}
	return out
}

func TestTypeOK(t *testing.T) {
	ok := State{Conn: [2]Conn{TimeWait, Listen}, Net: [2]Queue{queue(FIN, ACKofFIN), {}}}
	tests := []struct {
		name string
		mod  func(s *State)
		want bool
	}{
		{"well-formed", func(*State) {}, true},
		{"connstate outside States", func(s *State) { s.Conn[B] = numConns }, false},
		{"message outside the six", func(s *State) { s.Net[A].Msgs[1] = numMsgs }, false},
		{"gap inside the sequence", func(s *State) { s.Net[A].Msgs[0] = None }, false},
		{"junk after the sequence", func(s *State) { s.Net[B].Msgs[3] = SYN }, false},
		{"length beyond the inbox", func(s *State) { s.Net[B].Len = Cap + 1 }, false},
	}
	for _, tt := range tests {
		s := ok
		tt.mod(&s)
		if got := TypeOK(&s); got != tt.want {
			t.Errorf("%s: TypeOK = %t, want %t", tt.name, got, tt.want)
		}
	}
}

func TestInv(t *testing.T) {
	tests := []struct {
		s    State
		want bool
	}{
		{State{Conn: [2]Conn{Established, Established}}, true},
		{State{Conn: [2]Conn{Established, SynReceived}}, false},
		{State{Conn: [2]Conn{Established, SynReceived}, Net: [2]Queue{{}, queue(ACK)}}, true},
		{State{Conn: [2]Conn{Closed, Listen}}, true},
	}
	for _, tt := range tests {
		if got := Inv(&tt.s); got != tt.want {
			t.Errorf("Inv(%v) = %t, want %t", &tt.s, got, tt.want)
		}
	}
}

func TestNoRetransmission(t *testing.T) {
	tests := []struct {
		q    Queue
		want bool
	}{
		{queue(), true},
		{queue(SYN, RST, SYN), true},
		{queue(SYN, RST, RST), false},
		{queue(FIN, FIN), false},
	}
	for _, tt := range tests {
		s := State{Net: [2]Queue{{}, tt.q}}
		if got := NoRetransmission(&s); got != tt.want {
			t.Errorf("NoRetransmission(%v) = %t, want %t", &tt.q, got, tt.want)
		}
	}
}

// genState draws any well-formed state.
func genState(t *rapid.T) State {
	var s State
	for p := range 2 {
		s.TCB[p] = rapid.Bool().Draw(t, "tcb")
		s.Conn[p] = Conn(rapid.IntRange(0, int(numConns)-1).Draw(t, "conn"))
		n := rapid.IntRange(0, Cap).Draw(t, "len")
		for range n {
			s.Net[p].push(Msg(rapid.IntRange(1, int(numMsgs)-1).Draw(t, "msg")))
		}
	}
	return s
}

// The encoding is the identity of a state for both stores: it must be
// injective on well-formed states, which decode checks by inverting it.
func TestEncodeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genState(t)
		if !TypeOK(&s) {
			t.Fatalf("generator made an ill-typed state %v", &s)
		}
		if got := decode(s.encode()); got != s {
			t.Fatalf("decode(encode(%v)) = %v", &s, &got)
		}
	})
}

// Successors of well-formed states are well-formed, and Next is
// deterministic, as the engine requires.
func TestNextWellFormedAndDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genState(t)
		for p := range 2 {
			if s.Net[p].Len == Cap {
				s.Net[p].Len--
				s.Net[p].Msgs[Cap-1] = None
			}
		}
		m := New(Config{})
		first := successors(m, s)
		if again := successors(m, s); !reflect.DeepEqual(first, again) {
			t.Fatalf("Next is not deterministic on %v", &s)
		}
		m.Next(&s, func(a Action, u *State) {
			if !TypeOK(u) {
				t.Fatalf("%v from %v gives ill-typed %v", a, &s, u)
			}
			if *u == s {
				t.Fatalf("%v from %v stutters", a, &s)
			}
		})
	})
}

func TestLabel(t *testing.T) {
	s := State{TCB: [2]bool{true, false}, Conn: [2]Conn{SynSent, Closed}, Net: [2]Queue{queue(SYNACK, RST), {}}}
	want := "A SYN-SENT+ <<\"SYN,ACK\", \"RST\">>\nB CLOSED <<>>"
	if got := s.Label(); got != want {
		t.Errorf("Label() = %q, want %q", got, want)
	}
}

func TestActionShort(t *testing.T) {
	tests := []struct {
		a    Action
		want string
	}{
		{Action{Rule: RuleSynSentSYNACK, Local: A, To: Established, Snd: ACK}, "A SynSent ?SYN,ACK !ACK"},
		{Action{Rule: RuleNote2, Local: B, To: TimeWait, Snd: ACKofFIN}, "B Note2 ?FIN ?ACKofFIN !ACKofFIN"},
		{Action{Rule: RuleCloseListen, Local: B, To: Closed}, "B CLOSE_LISTEN"},
	}
	for _, tt := range tests {
		if got := tt.a.Short(); got != tt.want {
			t.Errorf("Short() = %q, want %q", got, tt.want)
		}
	}
}

// On any well-formed state, not only reachable ones, the pair-judged
// SingleActiveOpen excludes exactly the steps of the three open commands.
func TestSingleActiveOpenOnAnyState(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genState(t)
		for p := range 2 {
			if s.Net[p].Len == Cap {
				s.Net[p].Len--
				s.Net[p].Msgs[Cap-1] = None
			}
		}
		New(Config{}).Next(&s, func(a Action, u *State) {
			open := a.Rule == RuleActiveOpen || a.Rule == RulePassiveOpen || a.Rule == RuleSend
			if SingleActiveOpen(&s, u) == open {
				t.Fatalf("SingleActiveOpen = %t for %v from %v", !open, a, &s)
			}
		})
	})
}
