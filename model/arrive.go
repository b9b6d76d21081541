package model

// SEGMENT ARRIVES, RFC 9293 §3.10.7: one step function per state, as the
// RFC's text is organised. Each works on the successor t, from which the
// segment is already consumed (deliver derives the copied delivery from
// it), and fills in the action *a.

func (m *Model) arrive(t *State, r Side, g code, iss uint16, a *Action) {
	// Field by field: a composite literal would be built aside and copied,
	// and the copy's wide loads stall on the narrow stores just made.
	from := t.E[r].State
	*a = Action{}
	a.Kind, a.Side, a.From = Deliver, r, from
	a.Seg.set(g)
	switch from {
	case Closed:
		m.arriveClosed(t, r, g, a)
	case Listen:
		m.arriveListen(t, r, g, a, iss)
	case SynSent:
		m.arriveSynSent(t, r, g, a)
	case TimeWait:
		if m.reopens(&t.E[r], g) {
			m.reopen(t, r, g, a, iss)
			break
		}
		if m.cfg.Stack == StackBSD && g.flags() == FlagSYN {
			// FreeBSD tcp_twcheck: a segment without ACK is dropped.
			a.Rule = RuleTimeWaitSynDrop
			break
		}
		if m.cfg.Stack == StackLinux {
			m.arriveTimeWaitLinux(t, r, g, a)
			break
		}
		m.arriveSynchronized(t, r, g, a)
	default:
		m.arriveSynchronized(t, r, g, a)
	}
	a.To = t.E[r].State
}

// sendAs sends g from the acting endpoint and records it in the action.
func (m *Model) sendAs(t *State, a *Action, g code) {
	m.send(t, g)
	a.Sent.set(g)
	a.HasSent = true
}

// §3.10.7.1 CLOSED.
func (m *Model) arriveClosed(t *State, r Side, g code, a *Action) {
	if t.E[r].Quiet {
		// §3.4.3: a crashed endpoint emits nothing during quiet time.
		a.Rule = RuleQuietDrop
		return
	}
	if g.flags()&FlagRST != 0 {
		// An incoming segment containing a RST is discarded.
		a.Rule = RuleClosedRST
		return
	}
	// Otherwise a reset is sent in response (§3.5.2 format).
	a.Rule = RuleClosedReply
	m.sendAs(t, a, m.resetFor(r, g))
}

// §3.10.7.2 LISTEN.
func (m *Model) arriveListen(t *State, r Side, g code, a *Action, iss uint16) {
	switch {
	case g.flags()&FlagRST != 0:
		// First, check for a RST: ignore it.
		a.Rule = RuleListenRST
	case g.flags()&FlagACK != 0:
		// Second, check for an ACK: <SEQ=SEG.ACK><CTL=RST>.
		a.Rule = RuleListenACK
		m.sendAs(t, a, m.resetFor(r, g))
	case g.flags()&FlagSYN != 0:
		// Third, check for a SYN: IRS <- SEG.SEQ, RCV.NXT <- SEG.SEQ+1,
		// select an ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>,
		// SND.NXT <- ISS+1, SND.UNA <- ISS, enter SYN-RECEIVED.
		a.Rule = RuleListenSYN
		if int(t.E[r].Att) >= m.cfg.Attempts {
			// The attempt bound is reached: flag the state (docs/MODEL.md).
			t.Bound |= BoundAttempts
			return
		}
		m.synReceived(t, r, g, a, iss)
	default:
		// Fourth, other text or control: drop.
		a.Rule = RuleListenOther
	}
}

// synReceived completes LISTEN's SYN step with the given ISS.
func (m *Model) synReceived(t *State, r Side, g code, a *Action, iss uint16) {
	p := &t.E[r]
	p.Att++
	m.setIRS(p, g)
	p.ISS, p.SndUna, p.SndNxt = iss, iss, m.add(iss, 1)
	p.Passive = true
	p.Retx = 0
	// A listener that stays (--listener-stays) spawns a connection its
	// user has not closed, whatever the user's last call did to an earlier
	// one (as reopen does). Without it LISTEN means the user's last call
	// was a passive OPEN, so this changes nothing.
	p.CloseCalled = false
	p.State = SynReceived
	if m.cfg.TwoWayHandshake {
		// Broken variant: the SYN alone synchronizes the listener.
		p.State = Established
		a.Rule = RuleTwoWayHandshake
	}
	m.sendAs(t, a, m.own(t, r, FlagSYN|FlagACK, iss, p.RcvNxt))
}

// setIRS takes the peer's SYN g: IRS <- SEG.SEQ, RCV.NXT <- SEG.SEQ+1
// (§3.10.7.2, §3.10.7.3), and records the ghost pair it confirms.
func (m *Model) setIRS(p *Endpoint, g code) {
	p.IRS, p.RcvNxt = g.seq(), m.add(g.seq(), 1)
	p.PeerAtt = g.att()
	confirm(p)
}

// §3.10.7.3 SYN-SENT.
func (m *Model) arriveSynSent(t *State, r Side, g code, a *Action) {
	p := &t.E[r]
	// First, check the ACK bit: SEG.ACK =< ISS or SEG.ACK > SND.NXT is
	// unacceptable: send <SEQ=SEG.ACK><CTL=RST> unless RST is set, drop.
	if g.flags()&FlagACK != 0 && !(m.lt(p.ISS, g.ack()) && m.le(g.ack(), p.SndNxt)) {
		if m.cfg.AnySynAck && g.has(FlagSYN|FlagACK) && g.flags()&FlagRST == 0 {
			// Broken variant: any SYN,ACK synchronizes. SND.UNA is
			// set to SND.NXT: the endpoint believes its SYN acked.
			m.setIRS(p, g)
			p.SndUna = p.SndNxt
			p.Retx = 0
			p.State = Established
			a.Rule = RuleAnySynAck
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		a.Rule = RuleSynSentBadAck
		if g.flags()&FlagRST == 0 {
			m.sendAs(t, a, m.resetFor(r, g))
		}
		return
	}
	// Second, check the RST bit: with an acceptable ACK the connection is
	// reset (CLOSED); without an ACK, drop.
	if g.flags()&FlagRST != 0 {
		if g.flags()&FlagACK != 0 {
			a.Rule = RuleSynSentRST
			clearTCB(p, Closed)
		} else {
			a.Rule = RuleSynSentRSTDrop
		}
		return
	}
	// Fourth, check the SYN bit.
	if g.flags()&FlagSYN != 0 {
		m.setIRS(p, g)
		if g.flags()&FlagACK != 0 {
			if p.SndUna != g.ack() {
				p.Retx = 0
			}
			p.SndUna = g.ack()
		}
		if m.lt(p.ISS, p.SndUna) {
			// Our SYN has been ACKed: ESTABLISHED, send
			// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
			p.State = Established
			a.Rule = RuleSynSentSynAck
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		// Simultaneous open: SYN-RECEIVED, send
		// <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
		p.State = SynReceived
		p.Passive = false
		a.Rule = RuleSynSentSyn
		m.sendAs(t, a, m.own(t, r, FlagSYN|FlagACK, p.ISS, p.RcvNxt))
		return
	}
	// Fifth, neither SYN nor RST: drop.
	a.Rule = RuleSynSentOther
}

// §3.10.7.4 SYN-RECEIVED and the synchronized states.
func (m *Model) arriveSynchronized(t *State, r Side, g code, a *Action) {
	p := &t.E[r]
	c := &m.cfg

	if c.Stack != StackRFC && m.stackFirst(t, r, g, a) {
		return
	}

	trimmed := false
	if c.TrimSYN && g.flags()&FlagSYN != 0 && m.add(g.seq(), 1) == p.RcvNxt &&
		(c.Stack != StackLinux || p.State == SynReceived && !p.Passive && g.flags() == FlagSYN|FlagACK && g.ack() == p.SndNxt) {
		// TrimSYN: the SYN was already received; trim it off the
		// front of the segment (BSD tcp_input, RFC 9293 Appendix A.2).
		g = (g &^ (code(FlagSYN) << 27)).withSeq(p.RcvNxt)
		trimmed = true
	}
	if trimmed && c.Stack != StackRFC {
		// Linux and FreeBSD answer what is left with an ACK (the
		// crossing SYN,ACK of a simultaneous open: L6, B13).
		defer func() {
			if !a.HasSent && t.E[r].State != Closed && t.E[r].State != Listen {
				a.Rule = RuleTrimmedSynAck
				m.sendAs(t, a, m.ackSeg(t, r))
			}
		}()
	}

	// Linux tcp_sequence: a segment whose end reaches RCV.NXT is
	// acceptable (L19; Linux trims a SYN only in the SYN-RECEIVED of a
	// simultaneous open, L6). A request socket checks the window as Table
	// 6 does (tcp_in_window).
	old := c.Stack == StackLinux && !trimmed && g.flags()&FlagRST == 0 && g.len() > 0 &&
		m.add(g.seq(), g.len()) == p.RcvNxt && !(p.State == SynReceived && p.Passive)

	// First, check the sequence number (Table 6). An unacceptable segment
	// gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> unless it is a RST.
	if !old && !m.acceptable(p, g) {
		a.Rule = RuleUnacceptable
		if g.flags()&FlagRST == 0 {
			m.sendAs(t, a, m.ackSeg(t, r))
		}
		return
	}

	// Second, check the RST bit.
	if g.flags()&FlagRST != 0 {
		if c.RFC5961 && g.seq() != p.RcvNxt {
			// RFC 5961 §3.2: in window but not exact: challenge ACK.
			a.Rule = RuleRSTChallenge
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		if p.State == TimeWait && c.RFC1337 {
			// RFC 1337 §3 fix F1: ignore RST in TIME-WAIT.
			a.Rule = RuleRSTTimeWaitIgnored
			return
		}
		a.Rule = RuleRSTReset
		if p.State == SynReceived && p.Passive {
			// A passive SYN-RECEIVED returns to LISTEN.
			clearTCB(p, Listen)
		} else {
			// Active SYN-RECEIVED: refused; all others: reset.
			clearTCB(p, Closed)
		}
		return
	}

	// Fourth, check the SYN bit.
	if g.flags()&FlagSYN != 0 {
		if p.State == SynReceived && p.Passive && c.Rules == RFC9293 {
			// Passive SYN-RECEIVED returns to LISTEN.
			a.Rule = RuleSYNToListen
			clearTCB(p, Listen)
			return
		}
		if c.RFC5961 {
			// RFC 5961 §4: challenge ACK, drop.
			a.Rule = RuleSYNChallenge
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		// RFC 793 behaviour: an in-window SYN is an error: reset, CLOSED.
		a.Rule = RuleSYNReset
		m.sendAs(t, a, m.resetFor(r, g))
		clearTCB(p, Closed)
		return
	}

	// Fifth, check the ACK field.
	if g.flags()&FlagACK == 0 {
		a.Rule = RuleNoACK
		return
	}
	if p.State == SynReceived {
		ok := m.ackAcceptable(p, g.ack())
		if c.Rules == RFC793 || c.Stack == StackLinux {
			// RFC 793 before erratum 3301: SND.UNA =< SEG.ACK =< SND.NXT.
			// Linux tcp_ack rejects only an ACK below SND.UNA or above
			// SND.NXT in the SYN-RECEIVED of a simultaneous open (L22;
			// a passive one checks SEG.ACK = SND.NXT first, L16).
			ok = m.le(p.SndUna, g.ack()) && m.le(g.ack(), p.SndNxt)
		}
		if !ok {
			// Not acceptable: <SEQ=SEG.ACK><CTL=RST>.
			a.Rule = RuleSynRcvdBadAck
			m.sendAs(t, a, m.resetFor(r, g))
			return
		}
		// Enter ESTABLISHED and continue with ESTABLISHED's processing.
		p.State = Established
		a.Rule = RuleSynRcvdAck
		if p.FinPending && c.Stack == StackLinux {
			// A CLOSE that waited for ESTABLISHED (L17): FIN-WAIT-1,
			// and the FIN goes out now unless units are queued before
			// it (tcp_rcv_state_process calls tcp_shutdown).
			p.State = FinWait1
			if p.Queue == 0 {
				a.Rule = RuleCloseDeferred
				m.sendAs(t, a, m.own(t, r, FlagFIN|FlagACK, p.SndNxt, p.RcvNxt))
				p.SndNxt = m.add(p.SndNxt, 1)
				p.FinPending = false
				if g.len() > 0 && !trimmed {
					// One reply a step: the rest of the segment
					// is dropped (docs/PROFILES.md L17).
					return
				}
			}
		}
	} else {
		a.Rule = RuleAck
	}
	if m.lt(p.SndNxt, g.ack()) {
		// Acks something not yet sent: send an ACK, drop.
		a.Rule = RuleAckTooNew
		m.sendAs(t, a, m.ackSeg(t, r))
		return
	}
	if c.Stack == StackLinux && m.lt(g.ack(), p.SndUna) && p.State != TimeWait {
		// Linux tcp_ack: an ACK below SND.UNA draws a challenge ACK and
		// the segment is dropped (RFC 5961 §5.2; L15).
		a.Rule = RuleOldAckChallenge
		m.sendAs(t, a, m.ackSeg(t, r))
		return
	}
	if m.lt(p.SndUna, g.ack()) {
		p.SndUna = g.ack()
		p.Retx = 0
	}
	finAcked := p.SndUna == p.SndNxt && !p.FinPending
	switch p.State {
	case FinWait1:
		// If our FIN is now acknowledged, FIN-WAIT-2 and continue.
		if finAcked {
			p.State = FinWait2
			a.Rule = RuleAckFinWait1
		}
	case Closing:
		// If the ACK acknowledges our FIN, TIME-WAIT and go on to the FIN
		// check; otherwise ignore the segment.
		if !finAcked {
			a.Rule = RuleAckIgnored
			return
		}
		a.Rule = RuleAckClosing
		m.enterTimeWait(p)
		if p.State == Closed {
			return // no-time-wait: the TCB is gone
		}
		if c.Stack == StackLinux {
			// tcp_rcv_state_process: tcp_time_wait, then the segment
			// is consumed; a FIN in it is not acknowledged (L18).
			return
		}
	case LastAck:
		// If our FIN is now acknowledged, delete the TCB, CLOSED.
		if finAcked {
			a.Rule = RuleAckLastAck
			clearTCB(p, Closed)
			return
		}
	}

	if c.Stack == StackLinux {
		if old {
			// tcp_data_queue: nothing new in it: a duplicate ACK (L19).
			a.Rule = RuleOldSegment
			m.sendAs(t, a, m.ackSeg(t, r))
			return
		}
		switch p.State {
		case CloseWait, Closing, LastAck:
			if g.len() > 0 {
				// Step 7 skips a segment at or beyond RCV.NXT once
				// the peer's FIN is in (only another incarnation
				// sends one): nothing is sent (L18).
				a.Rule = RuleAfterFinIgnored
				return
			}
		}
	}

	// Seventh, process the segment text (--data; a unit never shares
	// its segment with a FIN).
	if g.flags()&FlagData != 0 {
		m.arriveData(t, r, g, a)
		return
	}

	// Eighth, check the FIN bit.
	if g.flags()&FlagFIN == 0 {
		return
	}
	if g.seq() != p.RcvNxt {
		// An in-window FIN beyond RCV.NXT is held for later (SHLD-31);
		// with nothing before it ever arriving, holding is dropping.
		a.Rule = RuleFinHeld
		return
	}
	a.Rule = RuleFin
	if p.State == Established || p.State == FinWait1 || p.State == FinWait2 {
		p.RcvNxt = m.add(p.RcvNxt, 1)
	}
	if c.ThreeSegmentClose && p.State == Established {
		// Broken variant: the receiver closes its own direction at
		// once, answering <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>;
		// whatever its user still had to send is lost.
		a.Rule = RuleFinAndClose
		m.sendAs(t, a, m.own(t, r, FlagFIN|FlagACK, p.SndNxt, p.RcvNxt))
		p.SndNxt = m.add(p.SndNxt, 1)
		p.Queue = 0
		p.State = LastAck
		return
	}
	// Acknowledge the FIN before a possible TCB deletion (no-time-wait).
	m.sendAs(t, a, m.ackSeg(t, r))
	switch p.State {
	case Established:
		p.State = CloseWait
	case FinWait1:
		// Our FIN not acked (else we would be in FIN-WAIT-2): CLOSING.
		p.State = Closing
	case FinWait2:
		m.enterTimeWait(p)
	default:
		// CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: remain. The peer's
		// FIN was already counted, so RCV.NXT stays (docs/MODEL.md).
	}
}

// enterTimeWait enters TIME-WAIT and turns off the other timers (§3.10.7.4,
// fifth step CLOSING and eighth step FIN-WAIT-1/2); the no-time-wait
// variant goes to CLOSED instead.
func (m *Model) enterTimeWait(p *Endpoint) {
	if m.cfg.NoTimeWait {
		clearTCB(p, Closed)
		return
	}
	p.State = TimeWait
	p.Retx = 0
}

// arriveTimeWaitLinux is TIME-WAIT as Linux's tcp_timewait_state_process
// handles it (tcp_rfc1337 as --rfc1337; a SYN that reopens is taken
// before): a segment at RCV.NXT without SYN, FIN or data is dropped
// silently, a RST there ends TIME-WAIT, any other RST is dropped, and
// everything else is answered by <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
// (docs/PROFILES.md L8, L20, L21).
func (m *Model) arriveTimeWaitLinux(t *State, r Side, g code, a *Action) {
	p := &t.E[r]
	rst := g.flags()&FlagRST != 0
	if g.seq() == p.RcvNxt && (g.len() == 0 || rst) {
		switch {
		case !rst:
			a.Rule = RuleTimeWaitAckDrop
		case m.cfg.RFC1337:
			a.Rule = RuleRSTTimeWaitIgnored
		default:
			// TIME-WAIT assassination (RFC 1337), as in §3.10.7.4.
			a.Rule = RuleRSTReset
			clearTCB(p, Closed)
		}
		return
	}
	if rst {
		a.Rule = RuleRSTTimeWaitDrop
		return
	}
	a.Rule = RuleTimeWaitAck
	m.sendAs(t, a, m.ackSeg(t, r))
}

// rateLimited reports whether a's reply is one a rate limit may omit
// (--challenge-ack-limit, RFC 5961 §7): a challenge ACK; under the linux
// profile also the ACK to an unacceptable segment or to an ACK of
// something not yet sent (tcp_oow_rate_limited), a TIME-WAIT ACK
// (tcp_timewait_check_oow_rate_limit) and the SYN,ACK repeated to a
// retransmitted SYN (tcp_check_req). docs/PROFILES.md L9, B12.
func (m *Model) rateLimited(a *Action) bool {
	if !m.cfg.ChallengeACKLimit || !a.HasSent {
		return false
	}
	switch a.Rule {
	case RuleRSTChallenge, RuleSYNChallenge, RuleOldAckChallenge:
		return true
	case RuleUnacceptable, RuleAckTooNew, RuleTimeWaitAck, RuleSynRcvdDupSyn:
		return m.cfg.Stack == StackLinux
	}
	return false
}

// unsend takes back the one reply a recorded (rateLimited replies only:
// the endpoint's own state is as if it had been sent) and names the
// step by rule ack-rate-limited.
func (m *Model) unsend(t *State, a *Action) {
	if t.Bound&BoundNet != 0 {
		t.Bound &^= BoundNet // the reply did not fit: nothing was added
	} else {
		c := uint32(a.Sent.code())
		for j := 0; j < int(t.Net.n); j++ {
			if t.Net.seg[j] == c {
				t.Net.removeAt(j)
				break
			}
		}
	}
	a.Rule = RuleRateLimited
	a.HasSent = false
	a.Sent = Action{}.Sent
}
