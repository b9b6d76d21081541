package model

import "testing"

// handshake is S1's opening at ISS 100 and 300.
var handshake = []string{
	"B passive OPEN in CLOSED -> LISTEN (§3.10.1)",
	"A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)",
	"B rcv <SEQ=100><CTL=SYN> in LISTEN -> SYN-RECEIVED, snd <SEQ=300><ACK=101><CTL=SYN,ACK> (§3.10.7.2)",
	"A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)",
	"B rcv <SEQ=101><ACK=301><CTL=ACK> in SYN-RECEIVED -> ESTABLISHED (§3.10.7.4)",
}

func dataModel(t *testing.T, halfDuplex bool) *Model {
	t.Helper()
	c := DefaultConfig()
	c.Data, c.Opens, c.ISNStride, c.HalfDuplexRST = 1, 1, 4, halfDuplex
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rules lists the rules of the successors of s whose action has kind k
// and side e.
func rulesOf(m *Model, s State, e Side, k ActionKind) []Rule {
	var out []Rule
	for _, tr := range m.Successors(&s) {
		if tr.Action.Kind == k && tr.Action.Side == e {
			out = append(out, tr.Action.Rule)
		}
	}
	return out
}

// TestReceive walks the half-close and checks what RECEIVE offers at each
// point: nothing before a unit or the peer's FIN, the unit once accepted
// (even after the user's CLOSE), "connection closing" only after the FIN
// and once everything is read.
func TestReceive(t *testing.T) {
	m := dataModel(t, false)
	s := walk(t, m, m.Initial(), handshake)
	if r := rulesOf(m, s, A, Receive); len(r) != 0 {
		t.Errorf("ESTABLISHED with nothing received offers RECEIVE %v", r)
	}
	s = walk(t, m, s, []string{
		"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
		"B SEND in ESTABLISHED -> ESTABLISHED, snd <SEQ=301><ACK=101><CTL=ACK><DATA> (§3.10.2)",
		"A rcv <SEQ=301><ACK=101><CTL=ACK><DATA> in FIN-WAIT-1 -> FIN-WAIT-1, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
	})
	if m.Unread(&s, A) != 1 {
		t.Fatalf("A has %d units unread, want 1", m.Unread(&s, A))
	}
	s = walk(t, m, s, []string{
		"B rcv <SEQ=102><ACK=302><CTL=ACK> in ESTABLISHED -> ESTABLISHED (§3.10.7.4)",
		"B CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=302><ACK=101><CTL=FIN,ACK> (§3.10.4)",
		"A rcv <SEQ=302><ACK=101><CTL=FIN,ACK> in FIN-WAIT-1 -> CLOSING, snd <SEQ=102><ACK=303><CTL=ACK> (§3.10.7.4)",
	})
	// CLOSING with the unit unread: RECEIVE reads it (docs/MODEL.md §14),
	// and only then says the stream ended.
	if r := rulesOf(m, s, A, Receive); len(r) != 1 || r[0] != RuleReceive {
		t.Fatalf("CLOSING with a unit unread offers %v, want [receive]", r)
	}
	s = walk(t, m, s, []string{"A RECEIVE in CLOSING -> CLOSING (§3.10.3)"})
	if r := rulesOf(m, s, A, Receive); len(r) != 1 || r[0] != RuleReceiveClosing {
		t.Fatalf("CLOSING with everything read offers %v, want [receive-closing]", r)
	}
	if s.E[A].Read != 1 {
		t.Errorf("Read = %d, want 1", s.E[A].Read)
	}
}

// TestHalfDuplexClose checks the two resets of §3.6.1 (SHLD-3) and that
// neither happens without --half-duplex-rst.
func TestHalfDuplexClose(t *testing.T) {
	unread := append(append([]string(nil), handshake...),
		"B SEND in ESTABLISHED -> ESTABLISHED, snd <SEQ=301><ACK=101><CTL=ACK><DATA> (§3.10.2)",
		"A rcv <SEQ=301><ACK=101><CTL=ACK><DATA> in ESTABLISHED -> ESTABLISHED, snd <SEQ=101><ACK=302><CTL=ACK> (§3.10.7.4)")
	afterClose := append(append([]string(nil), handshake...),
		"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
		"B SEND in ESTABLISHED -> ESTABLISHED, snd <SEQ=301><ACK=101><CTL=ACK><DATA> (§3.10.2)")
	tests := []struct {
		name string
		half bool
		path []string
		step string
	}{
		{"close with a unit unread", true, unread, "A CLOSE in ESTABLISHED -> CLOSED, snd <SEQ=101><CTL=RST> (§3.6.1)"},
		{"close with a unit unread, RFC close", false, unread, "A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=302><CTL=FIN,ACK> (§3.10.4)"},
		{"data after close", true, afterClose, "A rcv <SEQ=301><ACK=101><CTL=ACK><DATA> in FIN-WAIT-1 -> CLOSED, snd <SEQ=101><CTL=RST> (§3.6.1)"},
		{"data after close, RFC close", false, afterClose, "A rcv <SEQ=301><ACK=101><CTL=ACK><DATA> in FIN-WAIT-1 -> FIN-WAIT-1, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := dataModel(t, tt.half)
			s := walk(t, m, m.Initial(), append(tt.path, tt.step))
			p := &s.E[A]
			if tt.half && (!p.Abrupt || p.Aborted || !p.CloseCalled) {
				t.Errorf("after the half-duplex reset abrupt=%v aborted=%v closeCalled=%v, want true, false, true", p.Abrupt, p.Aborted, p.CloseCalled)
			}
			if !tt.half && p.Abrupt {
				t.Errorf("a graceful close marked abrupt")
			}
		})
	}
}
