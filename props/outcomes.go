package props

import "github.com/tcpcheck/tcpcheck/model"

// The transition properties P3, P4 and P7 judge outcomes: what a segment
// of another incarnation does to a TCB, and what the users are told.
// Each reads the ghosts of the state *before* the step (docs/MODEL.md
// §16 lists which state each property reads).

// olderThanTCB reports whether a segment with the given tag belongs to an
// incarnation older than the TCB p of endpoint r:
//   - the peer's attempt k is older if k < PeerAtt[r]: r is synchronized
//     with a later attempt of the peer;
//   - r's own attempt k (a reset mirrored from one of r's segments) is
//     older if k < Att[r] and r's attempt k never took a SYN of the peer
//     attempt PeerAtt[r] or a later one; attempt 0 (the old duplicates of
//     --old-dups, an earlier connection of both ends) counts as having
//     taken the peer's attempt 0.
//
// A segment of the incarnation that created the TCB is not older, even if
// that incarnation is itself stale: the reply to a stale SYN clearing the
// TCB it created is Figure 8 working.
func olderThanTCB(p *model.Endpoint, r model.Side, tag model.Tag) bool {
	if tag.Side != r {
		return tag.Att < p.PeerAtt
	}
	if tag.Att >= p.Att {
		return false
	}
	if tag.Att == 0 {
		return p.PeerAtt > 0
	}
	for j := p.PeerAtt; j <= 3; j++ {
		if p.Confirms(tag.Att, j) {
			return false
		}
	}
	return true
}

// changesTCB reports whether the step changed r's state, SND.UNA or
// RCV.NXT, r being in SYN-RECEIVED or a synchronized state before it.
func changesTCB(from, to *model.State, r model.Side) bool {
	p, q := &from.E[r], &to.E[r]
	if p.State != model.SynReceived && !p.State.Synchronized() {
		return false
	}
	return p.State != q.State || p.SndUna != q.SndUna || p.RcvNxt != q.RcvNxt
}

// noCrossIncarnation is P3: no delivery of a segment of an incarnation
// older than the receiver's TCB changes the state, SND.UNA or RCV.NXT of a
// receiver in SYN-RECEIVED or a synchronized state.
func noCrossIncarnation(from *model.State, a model.Action, to *model.State) bool {
	if a.Kind != model.Deliver || !changesTCB(from, to, a.Side) {
		return true
	}
	return !olderThanTCB(&from.E[a.Side], a.Side, a.Seg.Tag)
}

// afterBothFINs are the states where both ends have sent their FIN and the
// close waits only for its last ACKs, or for 2MSL.
func afterBothFINs(st model.TCPState) bool {
	return st == model.Closing || st == model.LastAck || st == model.TimeWait
}

// resets reports whether the step reset its receiver: a RST accepted
// (§3.10.7.4 second), or RFC 793's reset on an in-window SYN.
func resets(a model.Action) bool {
	return a.Kind == model.Deliver && (a.Rule == model.RuleRSTReset || a.Rule == model.RuleSYNReset)
}

// timeWaitProtects is P4, the outcome TIME-WAIT exists for (§3.6, MUST-13;
// RFC 1337), on every delivery to r:
//
//	(a) no segment of an earlier incarnation of the peer (tag (p, k) with
//	    k < PeerAtt[r]) changes the state, SND.UNA or RCV.NXT of r in
//	    SYN-RECEIVED or a synchronized state: an old connection's segments
//	    do not reach the new one;
//	(b) no endpoint in CLOSING, LAST-ACK or TIME-WAIT is reset while
//	    neither end has deleted a TCB abruptly: a close both ends agreed on
//	    is not cut short (V2, TIME-WAIT assassination).
//
// It judges outcomes, not the model's expiry guard, so a safe reuse of a
// TIME-WAIT connection cannot fail it, and no-time-wait can.
func timeWaitProtects(from *model.State, a model.Action, to *model.State) bool {
	if a.Kind != model.Deliver {
		return true
	}
	r := a.Side
	if changesTCB(from, to, r) && a.Seg.Tag.Side != r && a.Seg.Tag.Att < from.E[r].PeerAtt {
		return false
	}
	return !(resets(a) && afterBothFINs(a.From) && !from.E[model.A].Abrupt && !from.E[model.B].Abrupt)
}

// timeWaitGuard is a self-check of the model, not a property: a 2MSL
// expiry happens only when the guard of docs/MODEL.md §10 holds after the
// step. It holds by construction under --tw-guard drain-peer; a test runs
// it on the weaker guards, where it must fail.
func timeWaitGuard(from *model.State, a model.Action, to *model.State) bool {
	if a.Kind != model.TimeWaitExpire {
		return true
	}
	return drainedAfter(to, a.Side, from.E[a.Side].PeerAtt)
}

// toldReset reports whether the delivery tells its receiver's user
// "connection reset": a reset in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 or
// CLOSE-WAIT (§3.10.7.4 second). A reset in CLOSING, LAST-ACK or TIME-WAIT
// only deletes the TCB, telling nobody; P4 judges it.
func toldReset(a model.Action) bool {
	if !resets(a) {
		return false
	}
	switch a.From {
	case model.Established, model.FinWait1, model.FinWait2, model.CloseWait:
		return true
	}
	return false
}

// gracefulClose is P7, a graceful close as the users see it: while no
// end has given a connection up (the Aborted ghosts: a user's ABORT, a
// give-up after R2 retransmissions, a crash), no user whose endpoint
// completed its handshake is told "connection reset". The FIN-WAIT-2 timer
// is not excused: a peer it leaves behind that is then reset fails P7.
func gracefulClose(from *model.State, a model.Action, _ *model.State) bool {
	if !toldReset(a) || from.E[model.A].Aborted || from.E[model.B].Aborted {
		return true
	}
	return !connected(&from.E[a.Side])
}
