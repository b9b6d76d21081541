package scenario

import (
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// TestBuiltinReplay replays every built-in trace: each step must name a
// transition the model enables (or, for a ! step, one it does not), and
// every expectation must hold after it. Both endpoints' states are checked
// after every step: the trace states the acting endpoint's state and what
// it sent, and the test checks that the other endpoint did not move.
func TestBuiltinReplay(t *testing.T) {
	for _, name := range Builtin() {
		t.Run(name, func(t *testing.T) {
			tr, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range tr.Steps {
				if st.Reject || st.Verb == Check || st.Verb == Lose {
					continue
				}
				var state, sent bool
				for _, e := range st.Expect {
					state = state || (e.Kind == ExpectState && e.Side == st.Side)
					sent = sent || e.Kind == ExpectSent || e.Kind == ExpectSilent
				}
				if !state || !sent {
					t.Errorf("line %d: %q must state %s's state and what it sent (snd SEG or snd none)", st.Pos.Line, st.Text, st.Side)
				}
			}
			r, err := Replay(tr)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() {
				t.Fatal(r.Failure)
			}
			if len(r.Results) != len(tr.Steps) {
				t.Errorf("%d results for %d steps", len(r.Results), len(tr.Steps))
			}
			prev := r.Path.Init
			for _, res := range r.Results {
				if !res.Taken {
					continue
				}
				still := []model.Side{model.Side(res.Step.Side).Peer()}
				if res.Step.Verb == Lose {
					still = append(still, model.Side(res.Step.Side)) // a loss moves nobody
				}
				for _, e := range still {
					if got, was := res.State.E[e].State, prev.E[e].State; got != was {
						t.Errorf("line %d: %s moved from %v to %v on %q", res.Step.Pos.Line, e, was, got, res.Step.Text)
					}
				}
				prev = res.State
			}
			if last := r.Path.Last(); last != prev {
				t.Errorf("Path ends in\n%v\nwant\n%v", &last, &prev)
			}
		})
	}
}

const handshake = `config isn-space=1024 iss-a=100 iss-b=300
B open passive
A open active
B rcv <SEQ=100><CTL=SYN>
`

// TestReplayFailures checks that a trace that is not a behaviour of the
// model, or whose expectations are wrong, stops at the right step and
// says why.
func TestReplayFailures(t *testing.T) {
	tests := []struct {
		name  string
		trace string
		step  int
		want  []string // substrings of the failure message
	}{
		{"not enabled", handshake + "B rcv <SEQ=100><CTL=SYN>\n", 4,
			[]string{"line 5, after step 3: B rcv <SEQ=100><CTL=SYN>:", "not enabled in A SYN-SENT, B SYN-RECEIVED, net B<SEQ=300><ACK=101><CTL=SYN,ACK>",
				"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED"}},
		{"wrong state", handshake + "A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> => A SYN-RECEIVED\n", 4,
			[]string{"the model does A rcv", "A is ESTABLISHED, not SYN-RECEIVED"}},
		{"wrong segment sent", "A open active => snd <SEQ=101><CTL=SYN>\n", 1,
			[]string{"it sends <SEQ=100><CTL=SYN>, not <SEQ=101><CTL=SYN>"}},
		{"sent nothing", "B open passive => snd <CTL=SYN>\n", 1,
			[]string{"it sends nothing"}},
		{"not silent", "A open active => snd none\n", 1,
			[]string{"it sends <SEQ=100><CTL=SYN>, not nothing"}},
		{"wrong field", handshake + "expect B.RCV.NXT=102\n", 4,
			[]string{"B.RCV.NXT is 101, not 102"}},
		{"net not empty", handshake + "expect net empty\n", 4,
			[]string{"the network holds B<SEQ=300><ACK=101><CTL=SYN,ACK>"}},
		{"net count", handshake + "expect net=2\n", 4,
			[]string{"holds 1 segments, not 2"}},
		{"net lacks", handshake + "expect net has <CTL=FIN,ACK>\n", 4,
			[]string{"no <CTL=FIN,ACK> in flight"}},
		{"rejected step happens", handshake + "! A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> => A ESTABLISHED\n", 4,
			[]string{"must not happen, but the model does it: A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED"}},
		{"role refused", "B open active\n", 1,
			[]string{"not enabled in A CLOSED, B CLOSED, net empty", "A active OPEN", "B passive OPEN"}},
		{"lose needs a segment to the side", handshake + "A lose <SEQ=100><CTL=SYN>\n", 4,
			[]string{"not enabled"}},
		{"timer not enabled", "A timeout time-wait\n", 1,
			[]string{"not enabled in A CLOSED"}},
		{"ambiguous draw", "config isn=fast isn-space=12 iss-a=1 iss-b=5\nA open active => A SYN-SENT\n", 1,
			[]string{"ambiguous: 12 transitions match", "add expectations to choose one"}},
		{"iss pair", "config iss=200/700\nB open passive\nA open active => snd <SEQ=200><CTL=SYN>\nB rcv <CTL=SYN> => snd <SEQ=700>\nexpect B.ISS=701\n", 4,
			[]string{"B.ISS is 700, not 701"}},
		{"expectations choose the draw", "config isn=fast isn-space=12 iss-a=1 iss-b=5\nA open active => snd <SEQ=7><CTL=SYN>\nexpect A.ISS=8\n", 2,
			[]string{"A.ISS is 7, not 8"}},
		{"attempts bound", "config attempts=1 opens=3 abort=true\nA open active\nA close\nA open active\n", 3,
			[]string{"leaves the model's bounds (attempts)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Parse("neg", strings.NewReader(tt.trace))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Replay(tr)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Fatalf("replay of\n%s\nsucceeded, want a failure at step %d", tt.trace, tt.step)
			}
			if r.Failure.Index != tt.step {
				t.Errorf("failed at step %d, want %d: %v", r.Failure.Index, tt.step, r.Failure)
			}
			msg := r.Failure.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("failure message lacks %q:\n%s", w, msg)
				}
			}
			if len(r.Results) != tt.step || r.Results[tt.step-1].OK {
				t.Errorf("results: %d, want %d with the last one failed", len(r.Results), tt.step)
			}
		})
	}
}

// TestReplayConfigErrors checks that a trace that cannot be run at all is
// refused with its line and column.
func TestReplayConfigErrors(t *testing.T) {
	tests := []struct {
		trace string
		want  string
	}{
		{"config colour=blue\nA close\n", `cfg:1:8: unknown config key "colour": use one of`},
		{"config window=wide\nA close\n", "cfg:1:8: window=wide is not a whole number"},
		{"config dup=maybe\nA close\n", "cfg:1:8: dup=maybe is not a truth value"},
		{"config roles=everyone\nA close\n", "cfg:1:8: roles=everyone is unknown: use one of client-server, both-active, any"},
		{"config rules=rfc1122\nA close\n", "cfg:1:8: rules=rfc1122 is unknown: use one of rfc9293, rfc793"},
		{"config isn-space=2 variant=rfc793\nA close\n", "cfg:1:8: the trace's model configuration is refused: --isn-space 2 is out of range"},
		{"config window=1 variant=nope\nA close\n", `cfg:1:17: variant "nope" is unknown`},
		{"config isn-space=1024\nA rcv <SEQ=1100><CTL=SYN>\n", "cfg:2:7: SEQ=1100 is outside the sequence space 0..1023"},
		{"config isn-space=1024\nA close => RCV.NXT=1024\n", "cfg:2:12: RCV.NXT=1024 is outside"},
		{"old-dup A <SEQ=1><CTL=SYN,FIN>\nA close\n", "refused: --old-dups"},
		{"config iss=100\nA close\n", "cfg:1:8: iss=100 is not two whole numbers: write iss=100/300"},
		{"config old-dups=C:syn\nA close\n", `cfg:1:8: --old-dups item "C:syn"`},
		{"config old-dups=A<SEQ=90><CTL=SYN,FIN>\nA close\n", "cfg:1:8: the trace's model configuration is refused: --old-dups: <SEQ=90><CTL=SYN,FIN> has flags SYN,FIN"},
	}
	for _, tt := range tests {
		tr, err := Parse("cfg", strings.NewReader(tt.trace))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Replay(tr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Replay(%q) = %v, want an error with %q", tt.trace, err, tt.want)
		}
	}
}

// TestBrokenVariantsFail replays scenarios under other settings: each
// broken variant removes one mechanism of TCP, and a scenario that relies
// on it stops at the step where the mechanism acts. Likewise the two
// readings of Figure 7 exclude each other.
func TestBrokenVariantsFail(t *testing.T) {
	tests := []struct {
		trace, key, value string
		step              int
		want              string
	}{
		{"S14-rfc1337", "variant", "rfc9293", 14, "must not happen, but the model does it: A rcv <SEQ=302><CTL=RST> in TIME-WAIT -> CLOSED"},
		{"S14", "variant", "rfc1337", 15, "A is TIME-WAIT, not CLOSED"},
		{"S1", "variant", "two-way-handshake", 3, "in LISTEN -> ESTABLISHED"},
		{"S1", "variant", "no-time-wait", 10, "A is CLOSED, not TIME-WAIT"},
		{"S3", "variant", "fixed-isn", 8, "it sends <SEQ=300><ACK=101><CTL=SYN,ACK>, not <SEQ=400><ACK=101><CTL=SYN,ACK>"},
		{"S3", "variant", "synsent-accepts-any-synack", 4, "must not happen, but the model does it: A rcv <SEQ=300><ACK=91><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED"},
		{"S2", "trim-syn", "true", 5, "must not happen, but the model does it: A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-RECEIVED -> ESTABLISHED"},
		{"S2-literal", "trim-syn", "false", 5, "A is SYN-RECEIVED, not ESTABLISHED"},
		{"S15", "variant", "three-segment-close", 7, "B is LAST-ACK, not CLOSE-WAIT"},
		{"S17", "half-duplex-rst", "false", 8, "must not happen, but the model does it: A CLOSE in ESTABLISHED -> FIN-WAIT-1"},
	}
	for _, tt := range tests {
		t.Run(tt.trace+"/"+tt.key+"="+tt.value, func(t *testing.T) {
			tr, err := Load(tt.trace)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Replay(tr.WithSettings(Setting{Key: tt.key, Value: tt.value}))
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Fatalf("%s replays with %s=%s, want a failure at step %d", tt.trace, tt.key, tt.value, tt.step)
			}
			if r.Failure.Index != tt.step || !strings.Contains(r.Failure.Reason, tt.want) {
				t.Errorf("failure at step %d: %s\nwant step %d with %q", r.Failure.Index, r.Failure.Reason, tt.step, tt.want)
			}
		})
	}
}

// TestWithSettings checks that settings given after a trace's own (the
// command line's flags) win, whatever the trace says.
func TestWithSettings(t *testing.T) {
	tr, err := Parse("w", strings.NewReader("config variant=rfc1337 window=2 iss-a=5\nA close\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set   []Setting
		check func(c model.Config) bool
	}{
		{nil, func(c model.Config) bool { return c.RFC1337 && c.Window == 2 && c.ISSBase[0] == 5 }},
		{[]Setting{{Key: "window", Value: "3"}}, func(c model.Config) bool { return c.RFC1337 && c.Window == 3 }},
		{[]Setting{{Key: "variant", Value: "rfc9293"}}, func(c model.Config) bool { return !c.RFC1337 && c.Window == 2 }},
		{[]Setting{{Key: "iss", Value: "200,700"}}, func(c model.Config) bool { return c.ISSBase == [2]int{200, 700} }},
		{[]Setting{{Key: "old-dups", Value: "A:syn,B<SEQ=9><CTL=RST>"}, {Key: "iss-a", Value: "300"}}, func(c model.Config) bool {
			// attempt 0 of A sits one stride below attempt 1, whatever the setting's place
			return len(c.OldDups) == 2 && int(c.OldDups[0].Seq) == 300-c.ISNStride && c.OldDups[0].Flags == model.FlagSYN &&
				c.OldDups[1].Src == model.B && c.OldDups[1].Seq == 9 && c.OldDups[1].Tag.Att == 0
		}},
	}
	for i, tt := range tests {
		c, err := tr.WithSettings(tt.set...).ModelConfig()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !tt.check(c) {
			t.Errorf("case %d: settings %v give %+v", i, tt.set, c)
		}
	}
	if len(tr.Config) != 3 {
		t.Errorf("WithSettings changed the original trace: %v", tr.Config)
	}
}
