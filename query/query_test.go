package query

import (
	"os"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// sample is a joint state with something in every field a query reads: A
// in FIN-WAIT-1 with its FIN unacknowledged and retransmitted once, B in
// CLOSE-WAIT, A's FIN and an old SYN of A in flight.
func sample() model.State {
	var s model.State
	s.E[model.A] = model.Endpoint{State: model.FinWait1, ISS: 100, IRS: 300, SndUna: 101, SndNxt: 102, RcvNxt: 301, Retx: 1, Opens: 1, Att: 1, PeerAtt: 1, CloseCalled: true}
	s.E[model.B] = model.Endpoint{State: model.CloseWait, Passive: true, ISS: 300, IRS: 100, SndUna: 301, SndNxt: 301, RcvNxt: 102, Opens: 1, Att: 1, PeerAtt: 1}
	s.Net.Add(model.Segment{Src: model.A, Flags: model.FlagFIN | model.FlagACK, Seq: 101, Ack: 301, Tag: model.Tag{Side: model.A, Att: 1}})
	s.Net.Add(model.Segment{Src: model.A, Flags: model.FlagSYN, Seq: 1020, Tag: model.Tag{Side: model.A, Att: 0}})
	s.Losses = 1
	return s
}

func TestEval(t *testing.T) {
	s := sample()
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"A=FIN-WAIT-1", true},
		{"A = fin-wait-1 && B == CLOSE-WAIT", true},
		{"A.state = FIN_WAIT_1", true},
		{"A=FIN-WAIT-2", false},
		{"A != B", true},
		{"B = CLOSE-WAIT || A = CLOSED", true},
		{"!(A = FIN-WAIT-1)", false},
		{"A.SND.UNA = 101 && A.SND.NXT = 102 && A.RCV.NXT = 301", true},
		{"A.ISS = B.IRS && B.ISS = A.IRS", true},
		{"A.SND.NXT - A.SND.UNA = 1", true},
		{"A.SND.UNA - A.SND.NXT = 1023", true}, // a forward distance, modulo 1024
		{"A.SND.UNA < A.SND.NXT", true},
		{"A.SND.NXT <= A.SND.NXT && A.SND.NXT >= A.SND.UNA", true},
		{"A.SND.UNA > A.SND.NXT", false},
		{"A.ISS + 1 = A.SND.UNA", true},
		{"A.ISS - 101 = 1023", true},   // wraps around the space
		{"A.ISS + 1000 < A.ISS", true}, // 1000 ahead is 24 behind
		{"A.ISS + 1000 > A.ISS", false},
		{"A.ISS + 10 > A.ISS", true},                     // ordinary modular order
		{"A.ISS - 10 < A.ISS && A.ISS - 10 < 100", true}, // a number compares as a sequence number
		{"A.retx = 1 && B.retx = 0", true},
		{"A.opens + B.opens = 2", true},
		{"A.attempt = 1 && A.peer_attempt = 1 && A.peerattempt - 1 = 0", true},
		{"A.crashes = 0", true},
		{"B.passive && !A.passive", true},
		{"B.passive = true && A.passive = false", true},
		{"A.synchronized && B.synchronized", true},
		{"A.closed_by_user && !B.closed_by_user", true},
		{"A.abrupt || A.quiet", false},
		{"A.drained", false},
		{"inflight() = 2 && inflight = 2", true},
		{"inflight(A) = 2 && inflight(B) = 0", true},
		{"inflight(A, SYN) = 1", true},
		{"inflight(A, \"FIN,ACK\") = 1 && inflight(A, FIN) = 0", true},
		{"inflight(A, \"ACK, FIN\") = 1", true},
		{"stale(A) = 1 && stale(B) = 0", true},
		{"losses() = 1 && losses = 1", true},
		{"-1 < 0 && 3 - 5 = -2", true},
		{"true && !false", true},
		{"(A = FIN-WAIT-1) = (B = CLOSE-WAIT)", true},
	} {
		f, err := parseCompile(c.q, 1024)
		if err != nil {
			t.Errorf("%q: %v", c.q, err)
			continue
		}
		if got := f(&s); got != c.want {
			t.Errorf("%q = %t, want %t", c.q, got, c.want)
		}
	}
}

func parseCompile(src string, n int) (func(*model.State) bool, error) {
	q, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return q.Compile(n)
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		q    string
		col  int
		want string // a fragment of the message
	}{
		{"", 1, "empty query"},
		{"A.SND.UNX > 3", 1, "did you mean A.SND.UNA?"},
		{"A=TIME-WIAT", 3, "did you mean TIME-WAIT?"},
		{"C.ISS = 1", 1, "A or B"},
		{"A = CLOSED &", 12, "write && for \"and\""},
		{"A = CLOSED | B = CLOSED", 12, "write || for \"or\""},
		{"A = CLOSED and B = CLOSED", 12, "unexpected \"and\""},
		{"(A = CLOSED", 12, "expected ) to close the ( at column 1"},
		{"A = CLOSED)", 11, "unmatched )"},
		{"A", 1, "A.state is a connection state, not a condition"},
		{"A.ISS", 1, "is a sequence number, not a condition: compare it"},
		{"A && B = CLOSED", 1, "not a condition that && can join"},
		{"!A.retx", 2, "not a condition that ! can negate"},
		{"A < CLOSED", 3, "connection states have no order"},
		{"A = 3", 3, "cannot compare A.state (a connection state) with 3 (a number)"},
		{"A.ISS + B.ISS = 0", 7, "adding two sequence numbers means nothing"},
		{"1 - A.ISS = 0", 3, "write A.ISS - 1 the other way round"},
		{"A + 1 = 2", 1, "+ and - work on numbers"},
		{"1 < 2 < 3", 7, "comparisons do not chain"},
		{"A = ", 5, "ends too early"},
		{"inflight(A, SYNACK) > 0", 13, "not a list of control bits"},
		{"inflight(C) > 0", 10, "first argument is the sending endpoint"},
		{"inflight(A, SYN, ACK) > 0", 1, "takes 0 to 2 arguments, not 3"},
		{"inflite(A) > 0", 1, "did you mean inflight?"},
		{"stale > 0", 1, "stale needs an endpoint"},
		{"SYN > 0", 1, "is a control bit"},
		{"A = \"CLOSED", 5, "unterminated string"},
		{"A.ISS = 12abc", 9, "is not a number"},
		{"A.ISS = 99999999999", 9, "too large"},
		{"A.ISS =< 3", 7, "write <="},
		{"A = CLOSED; B = LISTEN", 11, "unexpected character ';'"},
		{"A.retx == 1 B = CLOSED", 13, "join conditions with && or ||"},
		{"é = CLOSED", 1, "unexpected character 'é'"},
		{"A = SYN-SENT-X", 5, "unknown state \"SYN-SENT-X\" (did you mean SYN-SENT?)"},
		{"A = FIN-WAIT", 5, "did you mean FIN-WAIT-1?"},
	} {
		_, err := Parse(c.q)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: error %v, want an *Error", c.q, err)
			continue
		}
		if e.Column() != c.col || !strings.Contains(e.Msg, c.want) {
			t.Errorf("%q: %v; want column %d and %q", c.q, err, c.col, c.want)
		}
	}
}

func TestColumnCountsCharacters(t *testing.T) {
	e := &Error{Src: "éé x", Pos: 5}
	if e.Column() != 4 {
		t.Errorf("column %d, want 4", e.Column())
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		q    string
		n    int
		col  int
		want string
	}{
		{"A.ISS = 2000", 1024, 9, "outside the sequence space 0..1023 (--isn-space 1024)"},
		{"2000 != B.IRS", 1024, 1, "outside the sequence space"},
	} {
		_, err := parseCompile(c.q, c.n)
		e, ok := err.(*Error)
		if !ok || e.Column() != c.col || !strings.Contains(e.Msg, c.want) {
			t.Errorf("%q: %v; want column %d and %q", c.q, err, c.col, c.want)
		}
	}
	// A number beyond the space is fine where it is a count or an offset.
	if _, err := parseCompile("A.ISS + 2000 = A.ISS + 976 && A.retx < 2000", 1024); err != nil {
		t.Errorf("offset beyond the space: %v", err)
	}
}

func TestCaret(t *testing.T) {
	_, err := Parse("A=CLOSED && B.SND.UNX = 1")
	want := "  A=CLOSED && B.SND.UNX = 1\n              ^"
	if got := err.(*Error).Caret(); got != want {
		t.Errorf("caret:\n%s\nwant\n%s", got, want)
	}
}

func TestCanonical(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"A=CLOSING && B=TIME-WAIT", "((A.state = CLOSING) && (B.state = TIME-WAIT))"},
		{"a.snd.nxt-a.snd.una>1", "((A.SND.NXT - A.SND.UNA) > 1)"},
		{"!A.passive || inflight(B, \"ack,syn\") >= -1", "(!A.passive || (inflight(B, \"SYN,ACK\") >= (-1)))"},
		{"losses = 0 && inflight = stale(B)", "((losses() = 0) && (inflight() = stale(B)))"},
		{"A = FIN-WAIT-1 && A.ISS - 1 = 99", "((A.state = FIN-WAIT-1) && ((A.ISS - 1) = 99))"},
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if got := q.String(); got != c.want {
			t.Errorf("%q: canonical %q, want %q", c.q, got, c.want)
		}
		q2, err := Parse(q.String())
		if err != nil || q2.String() != q.String() {
			t.Errorf("%q: the canonical form does not parse to itself: %v %v", c.q, q2, err)
		}
	}
}

// TestPrecedence: && binds tighter than ||, comparison tighter than both.
func TestPrecedence(t *testing.T) {
	s := sample()
	f := MustCompile("A = CLOSED && B = LISTEN || A = FIN-WAIT-1", 1024) // (false && false) || true
	if !f(&s) {
		t.Error("&& must bind tighter than ||")
	}
	f = MustCompile("A = CLOSED && (B = LISTEN || A = FIN-WAIT-1)", 1024)
	if f(&s) {
		t.Error("parentheses must group")
	}
}

func TestNoAllocs(t *testing.T) {
	s := sample()
	f := MustCompile("A=FIN-WAIT-1 && inflight(A, SYN) > 0 && A.SND.NXT - A.SND.UNA = 1 && stale(A) = 1", 1024)
	if n := testing.AllocsPerRun(100, func() { f(&s) }); n != 0 {
		t.Errorf("a query allocates %v times per evaluation, want 0", n)
	}
}

// TestDocumented: every field and function of the language is in
// docs/QUERIES.md, so the reference cannot fall behind the code.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/QUERIES.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if !strings.Contains(string(doc), "`A."+f.name+"`") {
			t.Errorf("field A.%s is not in docs/QUERIES.md", f.name)
		}
	}
	for fn := range functions {
		if !strings.Contains(string(doc), "`"+fn+"(") {
			t.Errorf("function %s is not in docs/QUERIES.md", fn)
		}
	}
}
