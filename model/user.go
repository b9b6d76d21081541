package model

// User calls, §3.10.1 (OPEN), §3.10.4 (CLOSE), §3.10.5 (ABORT). Calls that
// the RFC answers with an error ("connection already exists", "connection
// closing") change nothing and are not transitions.

func (c *Config) mayOpenPassive(e Side) bool {
	return c.Roles == AnyRole || (c.Roles == ClientServer && e == B)
}

func (c *Config) mayOpenActive(e Side) bool {
	return c.Roles != ClientServer || e == A
}

func (x *stepper) userCalls(e Side) {
	m, s := x.m, x.s
	c := &m.cfg
	p := &s.E[e]
	canOpen := int(p.Opens) < c.Opens && !p.Quiet

	// §3.10.1 passive OPEN in CLOSED: create a TCB and LISTEN.
	if p.State == Closed && canOpen && c.mayOpenPassive(e) {
		t := x.begin()
		q := &t.E[e]
		q.State, q.Passive = Listen, true
		q.Opens++
		q.CloseCalled = false
		q.Sent = 0
		q.Listening = c.ListenerStays
		x.done(&Action{Kind: PassiveOpen, Side: e, From: Closed, To: Listen, Rule: RulePassiveOpen})
	}

	// §3.10.1 active OPEN in CLOSED or LISTEN: select an ISS, send
	// <SEQ=ISS><CTL=SYN>, SND.UNA <- ISS, SND.NXT <- ISS+1, enter SYN-SENT.
	if (p.State == Closed || p.State == Listen) && canOpen && c.mayOpenActive(e) {
		open := func(iss uint16) {
			t := x.begin()
			q := &t.E[e]
			clearTCB(q, SynSent)
			q.Opens++
			q.CloseCalled = false
			q.Sent = 0
			q.Listening = false
			q.Att++
			q.ISS, q.SndUna, q.SndNxt = iss, iss, m.add(iss, 1)
			g := m.own(t, e, FlagSYN, iss, 0)
			m.send(t, g)
			a := Action{Kind: ActiveOpen, Side: e, From: p.State, To: SynSent, HasSent: true, Rule: RuleActiveOpen}
			a.Sent.set(g)
			x.done(&a)
		}
		bound := BoundAttempts
		if int(p.Att) < c.Attempts {
			bound = 0
			if m.issChoices(s, e, open) == 0 {
				bound = BoundISNSpace
			}
		}
		if bound != 0 {
			// No ISS to draw: a modelling bound, flagged (docs/MODEL.md §11).
			t := x.begin()
			t.E[e].Opens++
			t.Bound |= bound
			x.done(&Action{Kind: ActiveOpen, Side: e, From: p.State, To: p.State, Rule: RuleActiveOpen})
		}
	}

	// §3.10.4 CLOSE.
	switch p.State {
	case Listen:
		// LISTEN: delete the TCB, enter CLOSED (and close the listener).
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		t.E[e].CloseCalled = true
		t.E[e].Listening = false
		x.done(&Action{Kind: Close, Side: e, From: Listen, To: Closed, Rule: RuleCloseListen})
	case SynSent:
		// SYN-SENT: delete the TCB, enter CLOSED. The peer is not told:
		// an abrupt deletion (Errata 1).
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		t.E[e].CloseCalled, t.E[e].Abrupt = true, true
		x.done(&Action{Kind: Close, Side: e, From: SynSent, To: Closed, Rule: RuleCloseSynSent})
	case SynReceived, Established, CloseWait:
		if p.State == SynReceived && !p.Passive && c.Stack == StackLinux {
			// Linux tcp_shutdown sends no FIN in SYN-RECEIVED: the
			// CLOSE is queued until ESTABLISHED (§3.10.4 "otherwise,
			// queue"; docs/PROFILES.md L17). Once is enough.
			if !p.FinPending {
				t := x.begin()
				t.E[e].CloseCalled, t.E[e].FinPending = true, true
				x.done(&Action{Kind: Close, Side: e, From: SynReceived, To: SynReceived, Rule: RuleCloseDeferred})
			}
			break
		}
		// SYN-RECEIVED, ESTABLISHED: send FIN, enter FIN-WAIT-1.
		// CLOSE-WAIT: send FIN, enter LAST-ACK.
		if c.HalfDuplexRST && m.unread(p) > 0 {
			// §3.6.1 half-duplex close (MAY-1): received data is still
			// pending, so the TCP sends a RST to show that data was lost
			// (SHLD-3) and deletes the TCB, as Linux tcp_close does. The
			// user asked for a close, not an abort: Aborted stays, and
			// Abrupt is set because the RST may be lost.
			t := x.begin()
			q := &t.E[e]
			g := m.userReset(t, e)
			clearTCB(q, Closed)
			q.CloseCalled, q.Abrupt = true, true
			m.send(t, g)
			a := Action{Kind: Close, Side: e, From: p.State, To: Closed, HasSent: true, Rule: RuleCloseUnreadReset}
			a.Sent.set(g)
			x.done(&a)
			break
		}
		t := x.begin()
		q := &t.E[e]
		to := FinWait1
		if p.State == CloseWait {
			to = LastAck
		}
		q.State = to
		q.CloseCalled = true
		if q.Queue > 0 {
			// Units still queued: the FIN waits until they are
			// segmentized (--data, model/data.go).
			q.FinPending = true
			x.done(&Action{Kind: Close, Side: e, From: p.State, To: to, Rule: RuleCloseSendFin})
			break
		}
		g := m.own(t, e, FlagFIN|FlagACK, q.SndNxt, q.RcvNxt)
		q.SndNxt = m.add(q.SndNxt, 1)
		m.send(t, g)
		a := Action{Kind: Close, Side: e, From: p.State, To: to, HasSent: true, Rule: RuleCloseSendFin}
		a.Sent.set(g)
		x.done(&a)
	}

	// §3.10.5 ABORT.
	if !c.Abort {
		return
	}
	switch p.State {
	case Listen:
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		t.E[e].CloseCalled = true
		t.E[e].Listening = false
		x.done(&Action{Kind: Abort, Side: e, From: Listen, To: Closed, Rule: RuleAbortSilent})
	case SynReceived, Established, FinWait1, FinWait2, CloseWait:
		// Send <SEQ=SND.NXT><CTL=RST>, delete the TCB. Abrupt: the RST
		// may be lost.
		t := x.begin()
		q := &t.E[e]
		g := m.userReset(t, e)
		clearTCB(q, Closed)
		q.CloseCalled, q.Abrupt, q.Aborted = true, true, true
		m.send(t, g)
		a := Action{Kind: Abort, Side: e, From: p.State, To: Closed, HasSent: true, Rule: RuleAbortReset}
		a.Sent.set(g)
		x.done(&a)
	case SynSent, Closing, LastAck, TimeWait:
		// Delete the TCB silently.
		if p.State == TimeWait && !c.AbortInTimeWait {
			return
		}
		t := x.begin()
		clearTCB(&t.E[e], Closed)
		q := &t.E[e]
		q.CloseCalled, q.Abrupt = true, true
		// ABORT in SYN-SENT abandons an attempt nobody completed, like
		// CLOSE there; elsewhere the user gave up a connection.
		q.Aborted = q.Aborted || p.State != SynSent
		x.done(&Action{Kind: Abort, Side: e, From: p.State, To: Closed, Rule: RuleAbortSilent})
	}
}

// userReset is the RST a user call makes e send (ABORT, §3.10.5; the
// half-duplex CLOSE, §3.6.1): <SEQ=SND.NXT><CTL=RST>, or under a profile
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> (Linux tcp_send_active_reset,
// FreeBSD tcp_drop; docs/PROFILES.md L10, B10).
func (m *Model) userReset(t *State, e Side) code {
	q := &t.E[e]
	if m.cfg.Stack != StackRFC {
		return m.own(t, e, FlagRST|FlagACK, q.SndNxt, q.RcvNxt)
	}
	return m.own(t, e, FlagRST, q.SndNxt, 0)
}
