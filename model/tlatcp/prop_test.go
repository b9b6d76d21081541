package tlatcp

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

func TestPropHolds(t *testing.T) {
	for _, store := range []explore.StoreKind{explore.Exact, explore.Fingerprint} {
		for _, workers := range []int{1, 2} {
			r := run(t, Config{}, func(o *explore.Options[State, Action]) { o.Workers, o.Store = workers, store })
			v, err := CheckProp(r, PropOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if v != nil {
				t.Fatalf("workers %d, %v store: Prop fails:\n%s", workers, store, v)
			}
		}
	}
}

// Without WF on CLOSE_SYN_SENT, a peer may sit in SYN-SENT forever: the
// lasso must start in SYN-SENT at its P-step, never settle afterwards, and
// end where the peer's System steps are all disabled (a stutter) or in a
// cycle the model really has.
func TestPropFailsWithoutFairClose(t *testing.T) {
	r := run(t, Config{}, nil)
	v, err := CheckProp(r, PropOptions{NoFairCloseSynSent: true})
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Fatal("Prop holds without WF on CLOSE_SYN_SENT")
	}
	states := []State{v.Init}
	for _, st := range v.Prefix {
		states = append(states, st.State)
	}
	if states[v.PStep].Conn[v.Peer] != SynSent {
		t.Fatalf("P-state %v: peer %s is not in SYN-SENT\n%s", &states[v.PStep], v.Peer, v)
	}
	settled := func(s *State) bool {
		c := s.Conn[v.Peer]
		return c == Established || c == Listen || c == Closed
	}
	for _, s := range states[v.PStep:] {
		if settled(&s) {
			t.Fatalf("lasso settles in %v after the P-state\n%s", &s, v)
		}
	}
	// Replay the prefix and the cycle through the model: every step must
	// be one of Next's, and the cycle must close.
	m := New(Config{})
	cur := v.Init
	follow := func(st explore.Step[State, Action]) {
		found := false
		m.Next(&cur, func(a Action, u *State) { found = found || (a == st.Action && *u == st.State) })
		if !found {
			t.Fatalf("%v to %v is not a step of the model from %v", st.Action, &st.State, &cur)
		}
		cur = st.State
	}
	for _, st := range v.Prefix {
		follow(st)
	}
	loop := cur
	for _, st := range v.Cycle {
		follow(st)
		if settled(&st.State) {
			t.Fatalf("cycle settles in %v\n%s", &st.State, v)
		}
	}
	if cur != loop {
		t.Fatalf("cycle ends in %v, not back at %v", &cur, &loop)
	}
	if len(v.Cycle) == 0 {
		m.Next(&loop, func(a Action, _ *State) {
			if EdgeClass(a) == ClassSystem {
				t.Fatalf("stutters in %v where System step %v is enabled: not fair", &loop, a)
			}
		})
	}
	t.Logf("\n%s", v)
}

func TestPropViolationString(t *testing.T) {
	s1 := State{Conn: [2]Conn{SynSent, Listen}}
	s2 := State{Conn: [2]Conn{SynSent, Closed}}
	a := Action{Rule: RuleCloseListen, Local: B, To: Closed}
	back := Action{Rule: RulePassiveOpen, Local: B, To: Listen}
	tests := []struct {
		name string
		v    PropViolation
		want string
	}{
		{"stutter", PropViolation{Peer: A, Init: s1, PStep: 0,
			Prefix: []explore.Step[State, Action]{{Action: a, State: s2}}, Why: []string{"WF(System): disabled"}},
			`Prop violated for peer A: connstate[A] = "SYN-SENT" is not followed by ESTABLISHED, LISTEN or CLOSED
1: connstate A=SYN-SENT B=LISTEN; tcb A=false B=false; network A=<<>> B=<<>>   <- SYN-SENT
   CLOSE_LISTEN(B,A): -> CLOSED
2: connstate A=SYN-SENT B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>
   Stuttering from state 2 forever
   fair: WF(System): disabled
`},
		{"cycle", PropViolation{Peer: A, Init: s1, PStep: 0,
			Cycle: []explore.Step[State, Action]{{Action: a, State: s2}, {Action: back, State: s1}}},
			`Prop violated for peer A: connstate[A] = "SYN-SENT" is not followed by ESTABLISHED, LISTEN or CLOSED
1: connstate A=SYN-SENT B=LISTEN; tcb A=false B=false; network A=<<>> B=<<>>   <- SYN-SENT
   CLOSE_LISTEN(B,A): -> CLOSED
2: connstate A=SYN-SENT B=CLOSED; tcb A=false B=false; network A=<<>> B=<<>>
   PASSIVE_OPEN(B,A): -> LISTEN
   Back to state 1
`},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
	}
}
