package model

// Timers (§3.10.8, §3.8.3), the optional FIN-WAIT-2 timer, and crashes.
// All are untimed: enabled whenever their guard holds.
func (x *stepper) timers(e Side) {
	m, s := x.m, x.s
	c := &m.cfg
	p := &s.E[e]
	unacked := p.SndUna != p.SndNxt && p.State != Closed && p.State != Listen

	// RETRANSMISSION TIMEOUT: resend the front of the retransmission
	// queue: the SYN (SYN-SENT), the SYN,ACK (while SND.UNA = ISS in
	// other states), else the unit of data or the FIN at SND.UNA.
	if c.RTO && unacked && int(p.Retx) < c.R2 {
		t := x.begin()
		q := &t.E[e]
		g := m.front(t, e)
		q.Retx++
		m.send(t, g)
		a := Action{Kind: Retransmit, Side: e, From: p.State, To: p.State, HasSent: true, Rule: RuleRetransmit}
		a.Sent.set(g)
		x.done(&a)
	}

	// §3.8.3: after R2 retransmissions the connection is closed. The peer
	// is not told: an abrupt deletion (Errata 1).
	if c.RTO && unacked && int(p.Retx) >= c.R2 {
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		t.E[e].Abrupt, t.E[e].Aborted = true, true // the user is told the connection failed (MUST-20)
		x.done(&Action{Kind: GiveUp, Side: e, From: p.State, To: Closed, Rule: RuleGiveUp})
	}

	// §3.10.8 TIME-WAIT TIMEOUT: delete the TCB, enter CLOSED, under the
	// untimed 2MSL abstraction (docs/MODEL.md §10).
	if p.State == TimeWait && m.timeWaitMayExpire(s, e) {
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		x.done(&Action{Kind: TimeWaitExpire, Side: e, From: TimeWait, To: Closed, Rule: RuleTimeWaitExpire})
	}

	// FIN-WAIT-2 timer (BSD, Linux tcp_fin_timeout; not in RFC 9293).
	if c.FinWait2Timer && p.State == FinWait2 {
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		t.E[e].Abrupt = true
		x.done(&Action{Kind: FinWait2Expire, Side: e, From: FinWait2, To: Closed, Rule: RuleFinWait2Expire})
	}

	// Crash: the TCB is lost; the ISN clock survives unless
	// --crash-loses-clock (§3.4.1: it need not persist across reboots), and
	// with --quiet-time the endpoint keeps quiet until its segments
	// drained (§3.4.3).
	if c.Crash && p.Crashes == 0 && p.State != Closed {
		t := x.begin()
		q := &t.E[e]
		clearTCB(q, Closed)
		q.Crashes++
		q.Abrupt, q.Aborted = true, true
		q.Quiet = c.QuietTime
		x.done(&Action{Kind: Crash, Side: e, From: p.State, To: Closed, Rule: RuleCrash})
	}
}

// timeWaitMayExpire is the untimed stand-in for "2 MSL have passed"
// (§3.10.8 TIME-WAIT TIMEOUT, MUST-13; docs/MODEL.md §10): with
// the default guard, no segment of this connection (this or an earlier
// attempt, either direction) is in flight, and the peer is not in
// FIN-WAIT-1, CLOSING or LAST-ACK, where it could still retransmit its FIN
// or be waiting to give up.
func (m *Model) timeWaitMayExpire(s *State, e Side) bool {
	switch m.cfg.TWGuard {
	case TWAnyTime:
		return true
	case TWDrain:
		return s.Drained(e)
	}
	switch s.E[e.Peer()].State {
	case FinWait1, Closing, LastAck:
		return false
	}
	return s.Drained(e)
}

// TimeWaitMayExpire reports whether side e's TIME-WAIT timer may expire in
// s under the configured guard.
func (m *Model) TimeWaitMayExpire(s *State, e Side) bool {
	return s.E[e].State == TimeWait && m.timeWaitMayExpire(s, e)
}
