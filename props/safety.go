package props

import "github.com/tcpcheck/tcpcheck/model"

// connected reports whether an endpoint has completed its side of a
// handshake: it is in a synchronized state, except FIN-WAIT-1 or CLOSING
// whose SYN was never acknowledged (a CLOSE in SYN-RECEIVED leads there
// before any ACK: RFC 9293 §3.10.4). The broken two-way handshake reaches
// ESTABLISHED with SND.UNA = ISS; that counts, because the endpoint itself
// believes the connection open.
func connected(p *model.Endpoint) bool {
	if !p.State.Synchronized() {
		return false
	}
	if (p.State == model.FinWait1 || p.State == model.Closing) && p.SndUna == p.ISS {
		return false
	}
	return true
}

// confirmedByPeer is P1's condition for side e in s: the peer recorded the
// pair <peerAtt[e], att[e]>, i.e. the peer attempt whose SYN e accepted
// accepted e's current SYN.
func confirmedByPeer(s *model.State, e model.Side) bool {
	p := &s.E[e]
	return s.E[e.Peer()].Confirms(p.PeerAtt, p.Att)
}

// peerAttemptLive is P1s's relaxation: the SYN e accepted belongs to the
// peer's current attempt, and that attempt still has a TCB.
func peerAttemptLive(s *model.State, e model.Side) bool {
	q := &s.E[e.Peer()]
	return s.E[e].PeerAtt == q.Att && q.State != model.Closed && q.State != model.Listen
}

// entered reports the sides that complete a handshake in the step from→to.
func entered(from, to *model.State, e model.Side) bool {
	return !connected(&from.E[e]) && connected(&to.E[e])
}

// noStaleConnection is P1, judged after the step: every endpoint that
// completes a handshake has its current SYN confirmed by the peer attempt
// it is synchronized with (RFC 9293 §3.5: the three-way handshake exists to
// reject old duplicate SYNs, Fig. 8).
func noStaleConnection(from *model.State, _ model.Action, to *model.State) bool {
	for e := model.A; e <= model.B; e++ {
		if entered(from, to, e) && !confirmedByPeer(to, e) {
			return false
		}
	}
	return true
}

// noStaleSYN is P1s: as P1, but a handshake completed on the SYN of the
// peer's current, live attempt is allowed (a fresh two-way open).
func noStaleSYN(from *model.State, _ model.Action, to *model.State) bool {
	for e := model.A; e <= model.B; e++ {
		if entered(from, to, e) && !confirmedByPeer(to, e) && !peerAttemptLive(to, e) {
			return false
		}
	}
	return true
}

// agreement is P2: when both endpoints completed their handshakes, each
// is synchronized with the other's current attempt and holds its ISS as
// IRS. Numbers alone miss the case where a fixed ISN policy makes two
// attempts look alike (B synchronized with an attempt of A that A has
// abandoned); the attempt tags make the property sharp.
func agreement(s *model.State) bool {
	a, b := &s.E[model.A], &s.E[model.B]
	if !connected(a) || !connected(b) {
		return true
	}
	return a.PeerAtt == b.Att && b.PeerAtt == a.Att && a.IRS == b.ISS && b.IRS == a.ISS
}

// drainedAfter is the 2MSL guard of the untimed model for side e, judged
// on s with e's peer attempt as it was before e left TIME-WAIT (leaving
// clears the TCB and with it PeerAtt): no segment of e's connection (any
// attempt of e, the peer's attempt peerAtt or older) is in flight, and the
// peer is not in FIN-WAIT-1, CLOSING or LAST-ACK, where it may still
// retransmit its FIN (brief §B, Errata 5).
func drainedAfter(s *model.State, e model.Side, peerAtt uint8) bool {
	switch s.E[e.Peer()].State {
	case model.FinWait1, model.Closing, model.LastAck:
		return false
	}
	for i := 0; i < s.Net.Len(); i++ {
		g := s.Net.At(i)
		if g.Tag.Side == e || g.Tag.Att <= peerAtt {
			return false
		}
	}
	return true
}

// sanity is P5: the TCB invariants of RFC 9293 §3.3.1. Beyond SND.UNA =<
// SND.NXT =< ISS+2+D (SYN, at most D units of data, FIN), each state fixes
// how much of each sequence space was used: ESTABLISHED, CLOSE-WAIT and
// LAST-ACK have their SYN acknowledged and their FIN not, FIN-WAIT-2 and
// TIME-WAIT have their FIN acknowledged, and the states after a received
// FIN have RCV.NXT past that FIN. FIN-WAIT-1 and CLOSING may still have
// SND.UNA = ISS (CLOSE in SYN-RECEIVED). A FIN is sent once a closing
// state is entered, unless it waits for queued data (FinPending). Offsets
// are taken from ISS and IRS modulo N, so the check is independent of
// where the sequence space wraps. With D = 0 this is the data-less
// invariant: every offset is 0, 1 or 2.
func sanity(n uint16, d int) func(s *model.State) bool {
	return func(s *model.State) bool {
		for e := model.A; e <= model.B; e++ {
			if !tcbSane(&s.E[e], n, uint16(d)) {
				return false
			}
		}
		return true
	}
}

func tcbSane(p *model.Endpoint, n, d uint16) bool {
	off := func(x, base uint16) uint16 { return (x + n - base) % n }
	if p.State == model.Closed || p.State == model.Listen {
		// No TCB: nothing may survive a deletion.
		return p.ISS == 0 && p.IRS == 0 && p.SndUna == 0 && p.SndNxt == 0 && p.RcvNxt == 0
	}
	una, nxt := off(p.SndUna, p.ISS), off(p.SndNxt, p.ISS)
	if una > nxt || nxt > 2+d || nxt == 0 {
		return false
	}
	closing := false
	switch p.State {
	case model.FinWait1, model.FinWait2, model.Closing, model.LastAck, model.TimeWait:
		closing = true
	}
	finSent := closing && !p.FinPending
	fin := uint16(0)
	if finSent {
		fin = 1
	}
	if nxt < 1+fin || nxt-1-fin > d {
		return false // more units out than --data allows
	}
	finAcked := finSent && una == nxt
	synAcked := una >= 1
	rcv := off(p.RcvNxt, p.IRS)
	finIn := uint16(0)
	switch p.State {
	case model.CloseWait, model.Closing, model.LastAck, model.TimeWait:
		finIn = 1
	}
	if p.State != model.SynSent && (rcv < 1+finIn || rcv-1-finIn > d) {
		return false
	}
	switch p.State {
	case model.SynSent:
		return una == 0 && nxt == 1 && p.RcvNxt == p.IRS
	case model.SynReceived:
		return una == 0 && nxt == 1 && rcv == 1
	case model.Established, model.CloseWait:
		return synAcked && !p.FinPending
	case model.FinWait1, model.Closing:
		return !finAcked
	case model.FinWait2, model.TimeWait:
		return finAcked
	case model.LastAck:
		return synAcked && !finAcked
	}
	return false
}

// terminalOK is P6's acceptable terminal pairs: both ends without a TCB,
// (ESTABLISHED, ESTABLISHED), (FIN-WAIT-2, CLOSE-WAIT) either way round,
// and half-open pairs (one end without a TCB, the other ESTABLISHED,
// FIN-WAIT-2 or CLOSE-WAIT) when the end without a TCB deleted one
// abruptly earlier (ABORT, CLOSE in SYN-SENT, give-up, crash: Errata 1).
// In all of them the network must be empty.
func terminalOK(s *model.State) bool {
	if s.Net.Len() != 0 {
		return false
	}
	a, b := &s.E[model.A], &s.E[model.B]
	noTCB := func(p *model.Endpoint) bool { return p.State == model.Closed || p.State == model.Listen }
	waiting := func(p *model.Endpoint) bool {
		return p.State == model.Established || p.State == model.FinWait2 || p.State == model.CloseWait
	}
	switch {
	case noTCB(a) && noTCB(b):
		return true
	case a.State == model.Established && b.State == model.Established:
		return true
	case a.State == model.FinWait2 && b.State == model.CloseWait,
		a.State == model.CloseWait && b.State == model.FinWait2:
		return true
	case noTCB(a) && waiting(b):
		return a.Abrupt
	case noTCB(b) && waiting(a):
		return b.Abrupt
	}
	return false
}

// quiescent reports whether the protocol itself can do nothing more in s:
// nothing is in flight and no timer of either end is enabled, so only the
// users (OPEN, CLOSE, ABORT) or a crash can move the state. Users may
// always act in this model, so a plain deadlock check would almost never
// fire; a quiescent state is the brief's "terminal state" (network empty,
// no timer enabled).
func quiescent(m *model.Model) func(s *model.State) bool {
	return func(s *model.State) bool {
		if s.Net.Len() != 0 {
			return false
		}
		timer := false
		m.Next(s, func(a model.Action, _ *model.State) {
			switch a.Kind {
			case model.Retransmit, model.GiveUp, model.TimeWaitExpire, model.FinWait2Expire, model.Output:
				timer = true // the TCP, not a user, acts
			}
		})
		return !timer
	}
}

// terminalStates is P6 as a state invariant: every quiescent state is an
// acceptable terminal pair.
func terminalStates(m *model.Model) func(s *model.State) bool {
	q := quiescent(m)
	return func(s *model.State) bool { return !q(s) || terminalOK(s) }
}
