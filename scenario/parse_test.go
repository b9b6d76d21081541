package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSteps(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Step // Pos and Text are checked separately
	}{
		{"passive open", "B open passive => B LISTEN",
			Step{Verb: OpenPassive, Side: B, Expect: []Expectation{{Kind: ExpectState, Side: B, State: "LISTEN"}}}},
		{"active open sends", "A open active => A SYN-SENT snd <SEQ=100><CTL=SYN>",
			Step{Verb: OpenActive, Side: A, Expect: []Expectation{
				{Kind: ExpectState, Side: A, State: "SYN-SENT"},
				{Kind: ExpectSent, Side: A, Seg: SegPattern{HasSeq: true, Seq: 100, HasCtl: true, Flags: SYN}}}}},
		{"rcv with commas", "B rcv <SEQ=100><CTL=SYN> => SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK>",
			Step{Verb: Rcv, Side: B, Seg: SegPattern{HasSeq: true, Seq: 100, HasCtl: true, Flags: SYN}, Expect: []Expectation{
				{Kind: ExpectState, Side: B, State: "SYN-RECEIVED"},
				{Kind: ExpectSent, Side: B, Seg: SegPattern{HasSeq: true, Seq: 300, HasAck: true, Ack: 101, HasCtl: true, Flags: SYN | ACK}}}}},
		{"rcv-dup, fields in any order", "A rcv-dup <CTL=ACK,SYN><ACK=101><SEQ=300>",
			Step{Verb: RcvDup, Side: A, Seg: SegPattern{HasSeq: true, Seq: 300, HasAck: true, Ack: 101, HasCtl: true, Flags: SYN | ACK}}},
		{"lose, glued arrow", "B lose <SEQ=101><ACK=301><CTL=ACK>=>net empty",
			Step{Verb: Lose, Side: B, Seg: SegPattern{HasSeq: true, Seq: 101, HasAck: true, Ack: 301, HasCtl: true, Flags: ACK},
				Expect: []Expectation{{Kind: ExpectNetEmpty, Side: B}}}},
		{"tagged segment", "A rcv <SEQ=1><CTL=RST><TAG=B2>",
			Step{Verb: Rcv, Side: A, Seg: SegPattern{HasSeq: true, Seq: 1, HasCtl: true, Flags: RST, HasTag: true, TagSide: B, TagAtt: 2}}},
		{"wildcard segment", "A rcv <CTL=SYN,ACK>",
			Step{Verb: Rcv, Side: A, Seg: SegPattern{HasCtl: true, Flags: SYN | ACK}}},
		{"reject mark", "! A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> => A ESTABLISHED",
			Step{Reject: true, Verb: Rcv, Side: A, Seg: SegPattern{HasSeq: true, Seq: 300, HasAck: true, Ack: 101, HasCtl: true, Flags: SYN | ACK},
				Expect: []Expectation{{Kind: ExpectState, Side: A, State: "ESTABLISHED"}}}},
		{"reject glued", "!B timeout retransmit",
			Step{Reject: true, Verb: Retransmit, Side: B}},
		{"reject word", "reject A timeout time-wait",
			Step{Reject: true, Verb: TimeWaitExpire, Side: A}},
		{"timers", "B timeout give-up => B CLOSED, snd none",
			Step{Verb: GiveUp, Side: B, Expect: []Expectation{{Kind: ExpectState, Side: B, State: "CLOSED"}, {Kind: ExpectSilent, Side: B}}}},
		{"fin-wait-2 timer", "A timeout fin-wait-2",
			Step{Verb: FinWait2Expire, Side: A}},
		{"fields", "A close => RCV.NXT=301, B.SND.NXT=302, iss=100",
			Step{Verb: Close, Side: A, Expect: []Expectation{
				{Kind: ExpectField, Side: A, Field: "RCV.NXT", Value: 301},
				{Kind: ExpectField, Side: B, Field: "SND.NXT", Value: 302},
				{Kind: ExpectField, Side: A, Field: "ISS", Value: 100}}}},
		{"expect line", "expect A CLOSED, B time-wait, net=2, net has <CTL=FIN,ACK>, A.IRS=300 # comment",
			Step{Verb: Check, Expect: []Expectation{
				{Kind: ExpectState, Side: A, State: "CLOSED"},
				{Kind: ExpectState, Side: B, State: "TIME-WAIT"},
				{Kind: ExpectNetCount, Side: A, Value: 2},
				{Kind: ExpectNetHas, Side: A, Seg: SegPattern{HasCtl: true, Flags: FIN | ACK}},
				{Kind: ExpectField, Side: A, Field: "IRS", Value: 300}}}},
		{"crash and abort", "A crash => A CLOSED", Step{Verb: Crash, Side: A, Expect: []Expectation{{Kind: ExpectState, Side: A, State: "CLOSED"}}}},
		{"abort", "A abort", Step{Verb: Abort, Side: A}},
		{"byte order mark", "\uFEFFA abort\r\n", Step{Verb: Abort, Side: A}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Parse("t", strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if len(tr.Steps) != 1 {
				t.Fatalf("got %d steps, want 1", len(tr.Steps))
			}
			got := clearPos(tr).Steps[0]
			got.Text, got.Comments = "", nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTraceShape(t *testing.T) {
	in := `# S0: a title
# more comment

config variant=rfc9293 isn-space=1024
config iss-a=100 old-dups=B<SEQ=1><CTL=RST>
B open passive    => B LISTEN  # trailing comment
  A open active
expect A SYN-SENT
`
	tr, err := Parse("shape", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Name != "shape" || tr.Title != "S0: a title" {
		t.Errorf("name, title = %q, %q", tr.Name, tr.Title)
	}
	wantCfg := []Setting{
		{Pos{4, 8}, "variant", "rfc9293"},
		{Pos{4, 24}, "isn-space", "1024"},
		{Pos{5, 8}, "iss-a", "100"},
		{Pos{5, 18}, "old-dups", "B<SEQ=1><CTL=RST>"},
	}
	if !reflect.DeepEqual(tr.Config, wantCfg) {
		t.Errorf("config = %+v, want %+v", tr.Config, wantCfg)
	}
	wantPos := []Pos{{6, 1}, {7, 3}, {8, 1}}
	wantText := []string{"B open passive", "A open active", "expect"}
	if len(tr.Steps) != len(wantPos) {
		t.Fatalf("got %d steps, want %d", len(tr.Steps), len(wantPos))
	}
	for i, st := range tr.Steps {
		if st.Pos != wantPos[i] || st.Text != wantText[i] {
			t.Errorf("step %d at %v %q, want %v %q", i+1, st.Pos, st.Text, wantPos[i], wantText[i])
		}
	}
	if p := tr.Steps[0].Expect[0].Pos; p != (Pos{6, 22}) {
		t.Errorf("expectation at %v, want 6:22", p)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  Pos
		want string // substring of the message
	}{
		{"", Pos{1, 1}, "no steps"},
		{"# only a comment\n", Pos{1, 1}, "no steps"},
		{"C open active", Pos{1, 1}, `"C": want A or B`},
		{"A open", Pos{1, 7}, "open needs active or passive"},
		{"A open sideways", Pos{1, 8}, `got "sideways"`},
		{"A jump", Pos{1, 3}, `unknown verb "jump"`},
		{"A rcv", Pos{1, 6}, "rcv needs a segment"},
		{"A rcv SYN", Pos{1, 7}, "rcv needs a segment"},
		{"A rcv <SEQ=100", Pos{1, 7}, "no closing '>'"},
		{"A rcv <SEQ=100><CTL=SYN", Pos{1, 16}, "no closing '>'"},
		{"A rcv <SEQ=1x0>", Pos{1, 7}, `"1x0" is not a number`},
		{"A rcv <SEQ=70000>", Pos{1, 7}, "from 0 to 65535"},
		{"A rcv <SEQ=1><CTL=SYN,PSH>", Pos{1, 14}, `unknown control bit "PSH"`},
		{"A rcv <SEQ=1><CTL=SYN,SYN>", Pos{1, 14}, "SYN given twice"},
		{"A rcv <SEQ=1><SEQ=2>", Pos{1, 14}, "SEQ given twice"},
		{"A rcv <SEQ=1><DATA=3>", Pos{1, 14}, `unknown segment field "DATA"`},
		{"A rcv <SEQ>", Pos{1, 7}, "is not <KEY=VALUE>"},
		{"A rcv <TAG=C1>", Pos{1, 7}, "not a side and an attempt number"},
		{"A rcv <TAG=A>", Pos{1, 7}, "not a side and an attempt number"},
		{"A rcv <TAG=A1><TAG=A1>", Pos{1, 15}, "TAG given twice"},
		{"old-dup A <SEQ=1><CTL=SYN><TAG=A0>", Pos{1, 11}, "drop its TAG"},
		{"A rcv <SEQ=1><ACK=5><CTL=SYN>", Pos{1, 7}, "no ACK bit"},
		{"A timeout", Pos{1, 10}, "timeout needs a timer"},
		{"A timeout keepalive", Pos{1, 11}, `got "keepalive"`},
		{"A close B CLOSED", Pos{1, 9}, "expectations go after =>"},
		{"A close =>", Pos{1, 11}, "at least one expectation"},
		{"A close => C", Pos{1, 12}, "unknown expectation"},
		{"A close => A", Pos{1, 13}, "A needs a state"},
		{"A close => A OPEN", Pos{1, 14}, `got "OPEN"`},
		{"A close => snd", Pos{1, 15}, "snd needs a segment"},
		{"A close => snd SYN", Pos{1, 16}, "snd needs a segment"},
		{"A close => net full", Pos{1, 16}, "net needs empty or has"},
		{"A close => net has", Pos{1, 19}, "net has needs a segment"},
		{"A close => net=x", Pos{1, 12}, `value "x" of net`},
		{"A close => RCV.WND=1", Pos{1, 12}, `unknown field "RCV.WND"`},
		{"B open passive => =>", Pos{1, 19}, "a step has one '=>'; found a second one"},
		{"A close => A CLOSED => snd <CTL=RST>", Pos{1, 21}, "a step has one '=>'"},
		{"expect => A CLOSED", Pos{1, 8}, "an expect line takes no '=>'"},
		{"A close => =5", Pos{1, 12}, `"=5" has no field before '='`},
		{"A close => <SEQ=1>", Pos{1, 12}, "needs a clause before it"},
		{"expect", Pos{1, 7}, "expect needs at least one clause"},
		{"expect CLOSED", Pos{1, 8}, "needs a side on an expect line"},
		{"expect RCV.NXT=3", Pos{1, 8}, "needs a side on an expect line"},
		{"expect snd <SEQ=1>", Pos{1, 8}, "put it after =>"},
		{"! expect A CLOSED", Pos{1, 3}, "cannot be rejected"},
		{"!", Pos{1, 2}, "needs a step after it"},
		{"A close\nconfig window=2", Pos{2, 1}, "config after the first step"},
		{"config", Pos{1, 7}, "config needs key=value"},
		{"config window", Pos{1, 8}, `"window" is not key=value`},
		{"config =2", Pos{1, 8}, "is not key=value"},
		{"old-dup", Pos{1, 8}, "needs the sending side"},
		{"old-dup A", Pos{1, 10}, "needs a segment after A"},
		{"old-dup A <CTL=SYN>", Pos{1, 11}, "give its SEQ and CTL"},
		{"old-dup A <SEQ=1><CTL=SYN,ACK>", Pos{1, 11}, "needs its <ACK=n>"},
		{"old-dup A <SEQ=1><CTL=SYN> B", Pos{1, 28}, "one segment a line"},
		{"A close\nold-dup A <SEQ=1><CTL=SYN>", Pos{2, 1}, "old-dup after the first step"},
		{"A close\n\n  B frobnicate", Pos{3, 5}, `unknown verb "frobnicate"`},
		{"# — unicode\nA rcv <SEQ=1>  <SEQ=2\n", Pos{2, 16}, "no closing '>'"},
	}
	for _, tt := range tests {
		_, err := Parse("bad.trace", strings.NewReader(tt.in))
		var perr *Error
		if !errors.As(err, &perr) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.in, err)
			continue
		}
		if perr.Pos != tt.pos || !strings.Contains(perr.Msg, tt.want) {
			t.Errorf("Parse(%q):\n got %v\nwant at %v a message with %q", tt.in, err, tt.pos, tt.want)
		}
		if !strings.HasPrefix(err.Error(), "bad.trace:") {
			t.Errorf("error %q does not start with the trace name", err)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	big := strings.Repeat("# padding\n", MaxTraceBytes/10+1)
	_, err := Parse("big", strings.NewReader(big))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Parse of %d bytes = %v, want a size error", len(big), err)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	in := `# title
config a=1 b=2
old-dup B <SEQ=7><ACK=9><CTL=FIN,ACK>
B open passive => LISTEN
!A rcv <ctl=syn,ack><seq=300>, => A ESTABLISHED RCV.NXT=301
A timeout retransmit => snd none, net=1
expect A.ISS=100 B CLOSED net has <SEQ=3>
`
	tr, err := Parse("rt", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	out := tr.Format()
	tr2, err := Parse("rt", strings.NewReader(out))
	if err != nil {
		t.Fatalf("reparse of\n%s: %v", out, err)
	}
	if !reflect.DeepEqual(clearPos(tr), clearPos(tr2)) {
		t.Errorf("round trip changed the trace:\n%s\nbecame\n%s", in, out)
	}
	if !strings.Contains(out, "! A rcv <SEQ=300><CTL=SYN,ACK> => A ESTABLISHED, A.RCV.NXT=301") {
		t.Errorf("canonical form not as documented:\n%s", out)
	}
}

// clearPos zeroes positions and step texts, which legitimately differ
// between two spellings of the same trace.
func clearPos(t *Trace) *Trace {
	c := *t
	c.Config = append([]Setting(nil), t.Config...)
	for i := range c.Config {
		c.Config[i].Pos = Pos{}
	}
	c.OldDups = append([]OldDup(nil), t.OldDups...)
	for i := range c.OldDups {
		c.OldDups[i].Pos, c.OldDups[i].Seg.Pos = Pos{}, Pos{}
	}
	c.Steps = append([]Step(nil), t.Steps...)
	for i := range c.Steps {
		st := &c.Steps[i]
		st.Pos, st.Text, st.Seg.Pos = Pos{}, "", Pos{}
		st.Expect = append([]Expectation(nil), st.Expect...)
		for j := range st.Expect {
			st.Expect[j].Pos, st.Expect[j].Seg.Pos = Pos{}, Pos{}
		}
	}
	return &c
}
