package model

import "testing"

// TestTimeWaitReAck is S9 with the 2MSL restart made visible: A's last ACK
// is lost, B retransmits its FIN, A (TIME-WAIT) finds it below RCV.NXT and
// re-acknowledges it (§3.10.7.4 first step). TIME-WAIT must not expire
// while that re-ACK is in flight (the restarted timer), even under the
// drain-only guard, and may once B has it.
func TestTimeWaitReAck(t *testing.T) {
	c := DefaultConfig()
	c.TWGuard = TWDrain
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	s := walk(t, m, m.Initial(), append(append([]string(nil), s1Handshake...),
		"A CLOSE in ESTABLISHED -> FIN-WAIT-1, snd <SEQ=101><ACK=301><CTL=FIN,ACK> (§3.10.4)",
		"B rcv <SEQ=101><ACK=301><CTL=FIN,ACK> in ESTABLISHED -> CLOSE-WAIT, snd <SEQ=301><ACK=102><CTL=ACK> (§3.10.7.4)",
		"A rcv <SEQ=301><ACK=102><CTL=ACK> in FIN-WAIT-1 -> FIN-WAIT-2 (§3.10.7.4)",
		"B CLOSE in CLOSE-WAIT -> LAST-ACK, snd <SEQ=301><ACK=102><CTL=FIN,ACK> (§3.10.4)",
		"A rcv <SEQ=301><ACK=102><CTL=FIN,ACK> in FIN-WAIT-2 -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
		"lose <SEQ=102><ACK=302><CTL=ACK> from A",
	))
	if !m.TimeWaitMayExpire(&s, A) {
		t.Fatalf("drained TIME-WAIT may not expire under --tw-guard drain:\n%v", &s)
	}
	s = walk(t, m, s, []string{
		"B RTO in LAST-ACK -> LAST-ACK, snd <SEQ=301><ACK=102><CTL=FIN,ACK> (§3.10.8)",
		"A rcv <SEQ=301><ACK=102><CTL=FIN,ACK> in TIME-WAIT -> TIME-WAIT, snd <SEQ=102><ACK=302><CTL=ACK> (§3.10.7.4)",
	})
	if m.TimeWaitMayExpire(&s, A) {
		t.Errorf("TIME-WAIT may expire with its re-ACK in flight:\n%v", &s)
	}
	s = walk(t, m, s, []string{
		"B rcv <SEQ=102><ACK=302><CTL=ACK> in LAST-ACK -> CLOSED (§3.10.7.4)",
		"A 2MSL expires in TIME-WAIT -> CLOSED (§3.10.8)",
	})
	if s.E[A].State != Closed || s.E[B].State != Closed || s.Net.Len() != 0 {
		t.Errorf("S9 does not end closed and drained:\n%v", &s)
	}
}
