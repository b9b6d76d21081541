package model

// Data (--data N, docs/MODEL.md §7): each user may SEND up to N units on a
// connection. A unit occupies one sequence number and travels alone in a
// segment <SEQ=n><ACK=m><CTL=ACK><DATA>; the FIN follows the last unit.
// The TCP accepts a unit in order (RCV.NXT passes it); the user reads it
// later with RECEIVE, one unit a call, which Endpoint.Read counts.

// MaxData is the largest --data.
const MaxData = 3

// closingStates are the states a TCB reaches only after its FIN was
// formed (or, with FinPending, promised): SEND is refused there (§3.10.2
// "connection closing").
func closingState(st TCPState) bool {
	switch st {
	case FinWait1, FinWait2, Closing, LastAck, TimeWait:
		return true
	}
	return false
}

// finSent reports whether p's FIN occupies SND.NXT-1.
func finSent(p *Endpoint) bool { return closingState(p.State) && !p.FinPending }

// unitsOut is the number of data units p has segmentized: sequence
// numbers after the SYN and before the FIN.
func (m *Model) unitsOut(p *Endpoint) uint16 {
	n := m.sub(p.SndNxt, p.ISS) - 1
	if finSent(p) {
		n--
	}
	return n
}

// unitsIn is the number of data units p has accepted from its peer.
func (m *Model) unitsIn(p *Endpoint) uint16 {
	n := m.sub(p.RcvNxt, p.IRS) - 1
	switch p.State {
	case CloseWait, Closing, LastAck, TimeWait:
		n-- // the peer's FIN
	}
	return n
}

// UnitsIn is the number of data units e's TCB has accepted from the peer
// (0 without a TCB).
func (m *Model) UnitsIn(s *State, e Side) int {
	p := &s.E[e]
	if p.State == Closed || p.State == Listen || p.State == SynSent {
		return 0
	}
	return int(m.unitsIn(p))
}

// unread is the number of units p has accepted and its user not yet
// read.
func (m *Model) unread(p *Endpoint) uint16 {
	switch p.State {
	case Closed, Listen, SynSent:
		return 0
	}
	return m.unitsIn(p) - uint16(p.Read)
}

// Unread is the number of units e's TCB has accepted and e's user has not
// RECEIVEd (0 without a TCB).
func (m *Model) Unread(s *State, e Side) int { return int(m.unread(&s.E[e])) }

// finReceived: the peer's FIN is counted in RCV.NXT.
func finReceived(st TCPState) bool {
	switch st {
	case CloseWait, Closing, LastAck, TimeWait:
		return true
	}
	return false
}

// dataSeg is <SEQ=seq><ACK=RCV.NXT><CTL=ACK><DATA> from e.
func (m *Model) dataSeg(t *State, e Side, seq uint16) code {
	return m.own(t, e, FlagACK|FlagData, seq, t.E[e].RcvNxt)
}

// mayOutput: the peer has acknowledged our SYN (§3.10.2: data queued
// before ESTABLISHED goes out once it is entered) and the state still
// sends: ESTABLISHED, CLOSE-WAIT, or a closing state whose FIN waits.
func mayOutput(p *Endpoint) bool {
	if p.SndUna == p.ISS {
		return false
	}
	switch p.State {
	case Established, CloseWait:
		return true
	case FinWait1, Closing, LastAck:
		return p.FinPending
	}
	return false
}

// dataCalls emits the user's SEND and the TCP's output of what SEND
// queued.
func (x *stepper) dataCalls(e Side) {
	m, s := x.m, x.s
	p := &s.E[e]

	// §3.10.2 SEND.
	if int(p.Sent) < m.cfg.Data && !p.Quiet {
		switch p.State {
		case SynSent, SynReceived:
			if p.FinPending {
				break // a CLOSE is queued (L17): "connection closing"
			}
			// Queue the data for transmission after entering ESTABLISHED.
			t := x.begin()
			q := &t.E[e]
			q.Sent++
			q.Queue++
			x.done(&Action{Kind: Send, Side: e, From: p.State, To: p.State, Rule: RuleSendQueue})
		case Established, CloseWait:
			t := x.begin()
			q := &t.E[e]
			q.Sent++
			a := Action{Kind: Send, Side: e, From: p.State, To: p.State, Rule: RuleSendQueue}
			if q.Queue == 0 {
				// Segmentize at once: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK><DATA>.
				g := m.dataSeg(t, e, q.SndNxt)
				q.SndNxt = m.add(q.SndNxt, 1)
				m.send(t, g)
				a.Rule, a.HasSent = RuleSend, true
				a.Sent.set(g)
			} else {
				q.Queue++
			}
			x.done(&a)
		case FinWait1, FinWait2, Closing, LastAck, TimeWait:
			// "error: connection closing". A user who called CLOSE
			// knows; one who did not (only a broken variant gets here
			// without CLOSE) loses the unit.
			if !p.CloseCalled {
				t := x.begin()
				t.E[e].Sent++
				x.done(&Action{Kind: Send, Side: e, From: p.State, To: p.State, Rule: RuleSendRefused})
			}
		}
	}

	// Segmentize the front of the queue, then the FIN that waited for it
	// (§3.10.4: CLOSE is queued until all preceding SENDs are
	// segmentized).
	if (p.Queue > 0 || p.FinPending) && mayOutput(p) {
		t := x.begin()
		q := &t.E[e]
		var g code
		if q.Queue > 0 {
			g = m.dataSeg(t, e, q.SndNxt)
			q.Queue--
		} else {
			g = m.own(t, e, FlagFIN|FlagACK, q.SndNxt, q.RcvNxt)
			q.FinPending = false
		}
		q.SndNxt = m.add(q.SndNxt, 1)
		m.send(t, g)
		a := Action{Kind: Output, Side: e, From: p.State, To: p.State, HasSent: true, Rule: RuleOutput}
		a.Sent.set(g)
		x.done(&a)
	}

	// §3.10.3 RECEIVE: the user reads the oldest unit its TCP accepted,
	// in any synchronized state (CLOSING, LAST-ACK, TIME-WAIT included:
	// docs/MODEL.md §14). With nothing to read, a RECEIVE before the
	// peer's FIN waits, which is the same as calling it later: not a
	// transition; after the FIN it returns "connection closing", the end
	// of the stream: a transition that changes nothing, so that D1 can
	// judge what the user was told. Under the half-duplex close (MAY-1)
	// a user who called CLOSE cannot read any more.
	if p.State.Synchronized() && !(m.cfg.HalfDuplexRST && p.CloseCalled) {
		if m.unread(p) > 0 {
			t := x.begin()
			t.E[e].Read++
			x.done(&Action{Kind: Receive, Side: e, From: p.State, To: p.State, Rule: RuleReceive})
		} else if finReceived(p.State) {
			x.begin()
			x.done(&Action{Kind: Receive, Side: e, From: p.State, To: p.State, Rule: RuleReceiveClosing})
		}
	}
}

// front is the segment a retransmission resends: the SYN or SYN,ACK while
// SND.UNA = ISS, else the unit or FIN at SND.UNA (§3.10.8: the front of
// the retransmission queue).
func (m *Model) front(t *State, e Side) code {
	q := &t.E[e]
	switch {
	case q.SndUna == q.ISS && q.State == SynSent:
		return m.own(t, e, FlagSYN, q.ISS, 0)
	case q.SndUna == q.ISS:
		return m.own(t, e, FlagSYN|FlagACK, q.ISS, q.RcvNxt)
	case m.sub(q.SndUna, q.ISS)-1 < m.unitsOut(q):
		return m.dataSeg(t, e, q.SndUna)
	}
	return m.own(t, e, FlagFIN|FlagACK, m.sub(q.SndNxt, 1), q.RcvNxt)
}

// arriveData is the seventh step of §3.10.7.4, "process the segment
// text", for an acceptable data segment whose ACK field was processed.
func (m *Model) arriveData(t *State, r Side, g code, a *Action) {
	p := &t.E[r]
	switch p.State {
	case Established, FinWait1, FinWait2:
		if m.cfg.HalfDuplexRST && p.State != Established {
			// §3.6.1 half-duplex close: new data after CLOSE (the
			// segment is acceptable and not below RCV.NXT) is answered
			// by a reset, and the TCB deleted, to show that data was
			// lost (SHLD-3); Linux tcp_rcv_state_process returns 1 and
			// its caller sends tcp_v4_send_reset. Abrupt: the reset
			// may be lost.
			a.Rule = RuleDataAfterCloseReset
			m.sendAs(t, a, m.resetFor(r, g))
			clearTCB(p, Closed)
			p.Abrupt = true
			return
		}
		if g.seq() != p.RcvNxt {
			// In the window beyond RCV.NXT: the model keeps no
			// out-of-order queue, so holding is dropping; the ACK tells
			// the sender what is still missing.
			a.Rule = RuleDataHeld
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		// Deliver to the user, advance RCV.NXT, send
		// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
		p.RcvNxt = m.add(p.RcvNxt, 1)
		a.Rule = RuleData
		m.sendAs(t, a, m.ackSeg(t, r))
	default:
		// CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: a FIN has been
		// received; ignore the segment text.
		a.Rule = RuleDataIgnored
	}
}

// reopens reports whether a TIME-WAIT endpoint p takes g as a new
// connection request (MAY-2, §3.6.1): --time-wait-reuse is on and g is a
// SYN without ACK or RST above RCV.NXT, the check Linux and FreeBSD make
// to tell a new SYN from an old one. Linux hands the SYN to the listener
// and without one answers it with an ACK (tcp_v4_rcv, TCP_TW_SYN).
func (m *Model) reopens(p *Endpoint, g code) bool {
	return m.cfg.TWReuse != TWReuseOff && p.State == TimeWait &&
		g.flags() == FlagSYN && m.lt(p.RcvNxt, g.seq()) &&
		(m.cfg.Stack != StackLinux || p.Listening)
}

// reopen is TIME-WAIT accepting a new SYN (MAY-2): the old TCB gives way
// to a new incarnation in SYN-RECEIVED, as LISTEN would create it, with
// the ISS --time-wait-reuse says. Condition (2), returning to TIME-WAIT if
// the SYN was an old duplicate, is not modelled: Linux and FreeBSD do not
// implement it either (docs/PROFILES.md L7, B6).
func (m *Model) reopen(t *State, r Side, g code, a *Action, clockISS uint16) {
	p := &t.E[r]
	a.Rule = RuleTimeWaitReopen
	if int(p.Att) >= m.cfg.Attempts {
		t.Bound |= BoundAttempts
		return
	}
	var iss uint16
	switch m.cfg.TWReuse {
	case TWReuseAbove:
		iss = m.add(p.SndNxt, m.w+1)
		if k, ok := m.clockAbove(t, r, iss); !ok {
			t.Bound |= BoundAttempts
			return
		} else if k > 0 {
			// The clock moves past the reuse ISS: the ISS is rounded up
			// to the clock's first draw at or above SND.NXT+W+1 and the
			// draws it skips are spent, so no later draw repeats it
			// (docs/MODEL.md §8).
			iss = m.clockISS(t, r, k)
			p.Att = uint8(k - 1)
		}
	case TWReuseClock:
		iss = clockISS
	default: // TWReuseSameISS
		iss = p.ISS
	}
	p.Att++
	m.setIRS(p, g)
	p.ISS, p.SndUna, p.SndNxt = iss, iss, m.add(iss, 1)
	p.Passive = true
	p.Retx = 0
	p.Queue, p.FinPending, p.Sent, p.Read = 0, false, 0, 0
	p.CloseCalled = false
	p.State = SynReceived
	m.sendAs(t, a, m.own(t, r, FlagSYN|FlagACK, iss, p.RcvNxt))
}

// clockAbove returns the first attempt k after e's current one whose
// clock draw lies at or above v in the order that starts at e's SND.NXT
// (v itself above SND.NXT), with ok false if the attempts run out first.
// Only the clock-driven ISN policies have draws to round up to; the
// others give k = 0 (keep v).
func (m *Model) clockAbove(s *State, e Side, v uint16) (k int, ok bool) {
	c := &m.cfg
	if c.ISN != ISNMonotone && c.ISN != ISNSlow {
		return 0, true
	}
	p := &s.E[e]
	for k = int(p.Att) + 1; k <= c.Attempts; k++ {
		d := m.sub(m.clockISS(s, e, k), p.SndNxt)
		if d >= m.sub(v, p.SndNxt) && d < m.n/2 {
			return k, true
		}
	}
	return 0, false
}

// stackFirst applies the rules by which Linux and FreeBSD handle a
// segment before RFC 9293's first check (docs/PROFILES.md); it reports
// whether the segment was handled.
func (m *Model) stackFirst(t *State, r Side, g code, a *Action) bool {
	p := &t.E[r]
	c := &m.cfg
	if p.State == SynReceived && p.Passive && g.flags() == FlagSYN &&
		(c.Stack == StackBSD || g.seq() == p.IRS) {
		// The half-open connection answers a retransmitted SYN with
		// its SYN,ACK again (L2, B2).
		a.Rule = RuleSynRcvdDupSyn
		m.sendAs(t, a, m.own(t, r, FlagSYN|FlagACK, p.ISS, p.RcvNxt))
		return true
	}
	if c.Stack == StackLinux && p.State == SynReceived && p.Passive {
		// Linux tcp_check_req, in its order.
		if g.flags()&(FlagACK|FlagRST) == FlagACK && g.ack() != p.SndNxt {
			// The ACK field first: <SEQ=SEG.ACK><CTL=RST>; the
			// half-open connection stays (L16). A RST,ACK goes on to
			// the window check (observed on 6.18: an in-window one
			// drops the half-open connection).
			a.Rule = RuleSynRcvdAckFirst
			m.sendAs(t, a, m.resetFor(r, g))
			return true
		}
		if !m.acceptable(p, g) {
			return false // as §3.10.7.4: an ACK unless RST
		}
		if g.flags()&FlagRST != 0 {
			// A request socket takes any in-window RST (L4).
			a.Rule = RuleSynRcvdRSTInWindow
			clearTCB(p, Listen)
			return true
		}
		if g.flags()&FlagSYN != 0 {
			// Any other in-window SYN is answered by a reset and the
			// half-open connection dropped; the listener stays (L3).
			a.Rule = RuleSYNToListenReset
			m.sendAs(t, a, m.resetFor(r, g))
			clearTCB(p, Listen)
			return true
		}
		return false
	}
	if c.Stack == StackLinux && g.flags()&FlagRST != 0 && g.seq() == m.sub(p.RcvNxt, 1) {
		switch p.State {
		case CloseWait, Closing, LastAck:
			// A RST at RCV.NXT-1, the number of the peer's FIN (L5).
			a.Rule = RuleRSTAfterFin
			clearTCB(p, Closed)
			return true
		}
	}
	return false
}
