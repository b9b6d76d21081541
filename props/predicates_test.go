package props

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// ep builds an endpoint with a TCB: ISS and IRS given, and the offsets of
// SND.UNA, SND.NXT and RCV.NXT from them.
func ep(st model.TCPState, iss, irs, una, nxt, rcv uint16) model.Endpoint {
	return model.Endpoint{State: st, ISS: iss, IRS: irs, SndUna: iss + una, SndNxt: iss + nxt, RcvNxt: irs + rcv, Att: 1, PeerAtt: 1}
}

func pair(a, b model.Endpoint, net ...model.Segment) model.State {
	var s model.State
	s.E[model.A], s.E[model.B] = a, b
	for _, g := range net {
		s.Net.Add(g)
	}
	return s
}

func closed() model.Endpoint { return model.Endpoint{State: model.Closed, Att: 1} }

func TestConnected(t *testing.T) {
	tests := []struct {
		p    model.Endpoint
		want bool
	}{
		{closed(), false},
		{ep(model.SynReceived, 300, 100, 0, 1, 1), false},
		{ep(model.Established, 300, 100, 1, 1, 1), true},
		{ep(model.Established, 300, 100, 0, 1, 1), true}, // two-way handshake
		{ep(model.FinWait1, 300, 100, 0, 2, 1), false},   // CLOSE in SYN-RECEIVED
		{ep(model.FinWait1, 300, 100, 1, 2, 1), true},
		{ep(model.Closing, 300, 100, 0, 2, 2), false},
		{ep(model.TimeWait, 300, 100, 2, 2, 2), true},
	}
	for _, tt := range tests {
		if got := connected(&tt.p); got != tt.want {
			t.Errorf("connected(%v una=%d) = %v, want %v", tt.p.State, tt.p.SndUna-tt.p.ISS, got, tt.want)
		}
	}
}

func TestHandshakeProperties(t *testing.T) {
	synSent := ep(model.SynSent, 100, 0, 0, 1, 0)
	synSent.IRS, synSent.RcvNxt, synSent.PeerAtt = 0, 0, 0
	est := ep(model.Established, 100, 300, 1, 1, 1)
	peerConfirmed := ep(model.SynReceived, 300, 100, 0, 1, 1)
	peerConfirmed.Confirmed = 1 << (1*4 + 1)
	peerOther := peerConfirmed
	peerOther.Confirmed = 1 << (1*4 + 0) // confirmed an older attempt of A
	deadPeer := model.Endpoint{State: model.Listen, Att: 1, Confirmed: 1 << (1*4 + 0)}
	a := model.Action{Kind: model.Deliver, Side: model.A}
	tests := []struct {
		name     string
		from, to model.State
		p1, p1s  bool
	}{
		{"peer confirmed my SYN", pair(synSent, peerConfirmed), pair(est, peerConfirmed), true, true},
		{"peer's live attempt, my SYN unconfirmed", pair(synSent, peerOther), pair(est, peerOther), false, true},
		{"peer attempt over, my SYN unconfirmed", pair(synSent, deadPeer), pair(est, deadPeer), false, false},
		{"already connected", pair(est, deadPeer), pair(est, deadPeer), true, true},
	}
	for _, tt := range tests {
		if got := noStaleConnection(&tt.from, a, &tt.to); got != tt.p1 {
			t.Errorf("%s: P1 = %v, want %v", tt.name, got, tt.p1)
		}
		if got := noStaleSYN(&tt.from, a, &tt.to); got != tt.p1s {
			t.Errorf("%s: P1s = %v, want %v", tt.name, got, tt.p1s)
		}
	}
}

func TestAgreement(t *testing.T) {
	a := ep(model.Established, 100, 300, 1, 1, 1)
	b := ep(model.Established, 300, 100, 1, 1, 1)
	otherAtt := b
	otherAtt.Att = 2
	otherISS := b
	otherISS.ISS, otherISS.SndUna, otherISS.SndNxt = 400, 401, 401
	unacked := ep(model.FinWait1, 400, 100, 0, 2, 1)
	unacked.Att = 2
	tests := []struct {
		name string
		s    model.State
		want bool
	}{
		{"agree", pair(a, b), true},
		{"B on another attempt", pair(a, otherAtt), false},
		{"B with another ISS", pair(a, otherISS), false},
		{"B never completed its handshake", pair(a, unacked), true},
		{"A closed", pair(closed(), b), true},
	}
	for _, tt := range tests {
		if got := agreement(&tt.s); got != tt.want {
			t.Errorf("%s: P2 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNoCrossIncarnation(t *testing.T) {
	// B is ESTABLISHED with A's attempt 2; a FIN arrives.
	b := ep(model.Established, 300, 100, 1, 1, 1)
	b.PeerAtt, b.Att = 2, 2
	b.Confirmed = 1<<(2*4+2) | 1<<(1*4+2)
	closeWait := b
	closeWait.State, closeWait.RcvNxt = model.CloseWait, b.RcvNxt+1
	fin := func(side model.Side, att uint8, flags model.Flags) model.Action {
		return model.Action{Kind: model.Deliver, Side: model.B, Seg: model.Segment{Src: model.A, Flags: flags, Tag: model.Tag{Side: side, Att: att}}}
	}
	from, to := pair(closed(), b), pair(closed(), closeWait)
	reset := pair(closed(), closed())
	listen := model.Endpoint{State: model.Listen, Passive: true}
	tests := []struct {
		name     string
		a        model.Action
		from, to model.State
		want     bool
	}{
		{"FIN of the current peer attempt", fin(model.A, 2, model.FlagFIN|model.FlagACK), from, to, true},
		{"FIN of an older peer attempt", fin(model.A, 1, model.FlagFIN|model.FlagACK), from, to, false},
		{"old duplicate of attempt 0", fin(model.A, 0, model.FlagFIN|model.FlagACK), from, to, false},
		{"SYN of a newer peer attempt", fin(model.A, 3, model.FlagSYN), from, reset, true},
		{"RST mirrored from B's current attempt", fin(model.B, 2, model.FlagRST), from, reset, true},
		{"RST mirrored from B's attempt 1, same peer attempt", fin(model.B, 1, model.FlagRST), from, reset, true},
		{"RST mirrored from B's attempt 0", fin(model.B, 0, model.FlagRST), from, reset, false},
		{"old segment that changes nothing", fin(model.A, 1, model.FlagACK), from, from, true},
		{"old segment at a listener", fin(model.A, 1, model.FlagSYN), pair(closed(), listen), pair(closed(), b), true},
		{"not a delivery", model.Action{Kind: model.Close, Side: model.B}, from, to, true},
	}
	for _, tt := range tests {
		if got := noCrossIncarnation(&tt.from, tt.a, &tt.to); got != tt.want {
			t.Errorf("%s: P3 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTimeWaitGuard(t *testing.T) {
	tw := ep(model.TimeWait, 100, 300, 2, 2, 2)
	tw.PeerAtt = 1
	lastAck := ep(model.LastAck, 300, 100, 1, 2, 2)
	own := model.Segment{Src: model.A, Flags: model.FlagACK, Seq: 102, Ack: 302, Tag: model.Tag{Side: model.A, Att: 1}}
	newPeer := model.Segment{Src: model.B, Flags: model.FlagSYN, Seq: 400, Tag: model.Tag{Side: model.B, Att: 2}}
	expire := model.Action{Kind: model.TimeWaitExpire, Side: model.A}
	tests := []struct {
		name     string
		a        model.Action
		from, to model.State
		want     bool
	}{
		{"drained, peer closed", expire, pair(tw, closed()), pair(closed(), closed()), true},
		{"a newer peer attempt in flight", expire, pair(tw, closed(), newPeer), pair(closed(), closed(), newPeer), true},
		{"own segment in flight", expire, pair(tw, closed(), own), pair(closed(), closed(), own), false},
		{"peer may still retransmit its FIN", expire, pair(tw, lastAck), pair(closed(), lastAck), false},
		{"not an expiry", model.Action{Kind: model.Crash, Side: model.A}, pair(tw, closed(), own), pair(closed(), closed(), own), true},
	}
	for _, tt := range tests {
		if got := timeWaitGuard(&tt.from, tt.a, &tt.to); got != tt.want {
			t.Errorf("%s: guard = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTimeWaitProtects(t *testing.T) {
	tw := ep(model.TimeWait, 100, 300, 2, 2, 2)
	lastAck := ep(model.LastAck, 300, 100, 1, 2, 2)
	est := ep(model.Established, 300, 103, 1, 1, 1)
	est.PeerAtt = 2
	estAfter := est
	estAfter.RcvNxt++
	abrupt := closed()
	abrupt.Abrupt = true
	rst := func(side model.Side, from model.TCPState) model.Action {
		// a reset mirrored from the receiver's own current attempt
		return model.Action{Kind: model.Deliver, Side: side, From: from, To: model.Closed, Rule: model.RuleRSTReset,
			Seg: model.Segment{Flags: model.FlagRST, Tag: model.Tag{Side: side, Att: 1}}}
	}
	oldFin := model.Action{Kind: model.Deliver, Side: model.B, From: model.Established, To: model.CloseWait,
		Seg: model.Segment{Src: model.A, Flags: model.FlagFIN | model.FlagACK, Tag: model.Tag{Side: model.A, Att: 1}}}
	newFin := oldFin
	newFin.Seg.Tag.Att = 2
	tests := []struct {
		name     string
		a        model.Action
		from, to model.State
		want     bool
	}{
		{"TIME-WAIT assassinated", rst(model.A, model.TimeWait), pair(tw, closed()), pair(closed(), closed()), false},
		{"LAST-ACK reset (V2)", rst(model.B, model.LastAck), pair(closed(), lastAck), pair(closed(), closed()), false},
		{"LAST-ACK reset after an abrupt deletion", rst(model.B, model.LastAck), pair(abrupt, lastAck), pair(abrupt, closed()), true},
		{"ESTABLISHED reset is P7's", rst(model.B, model.Established), pair(closed(), est), pair(closed(), closed()), true},
		{"old incarnation's FIN accepted", oldFin, pair(closed(), est), pair(closed(), estAfter), false},
		{"current incarnation's FIN", newFin, pair(closed(), est), pair(closed(), estAfter), true},
		{"old FIN that changes nothing", oldFin, pair(closed(), est), pair(closed(), est), true},
	}
	for _, tt := range tests {
		if got := timeWaitProtects(&tt.from, tt.a, &tt.to); got != tt.want {
			t.Errorf("%s: P4 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSanity(t *testing.T) {
	const n = 1024
	good := []model.Endpoint{
		closed(),
		ep(model.SynSent, 100, 0, 0, 1, 0),
		ep(model.SynReceived, 300, 100, 0, 1, 1),
		ep(model.Established, 100, 300, 1, 1, 1),
		ep(model.FinWait1, 100, 300, 0, 2, 1),
		ep(model.FinWait1, 100, 300, 1, 2, 1),
		ep(model.FinWait2, 100, 300, 2, 2, 1),
		ep(model.CloseWait, 100, 300, 1, 1, 2),
		ep(model.Closing, 100, 300, 1, 2, 2),
		ep(model.LastAck, 100, 300, 1, 2, 2),
		ep(model.TimeWait, 100, 300, 2, 2, 2),
		ep(model.TimeWait, 1023, 1022, 2, 2, 2), // wraps around N
	}
	for _, p := range good {
		p.SndUna, p.SndNxt, p.RcvNxt = p.SndUna%n, p.SndNxt%n, p.RcvNxt%n
		if !tcbSane(&p, n, 0) {
			t.Errorf("sane %v TCB %+v judged insane", p.State, p)
		}
	}
	leftover := closed()
	leftover.ISS = 100
	bad := []model.Endpoint{
		leftover,
		ep(model.SynSent, 100, 0, 1, 1, 0),
		ep(model.Established, 100, 300, 0, 1, 1), // SYN never acknowledged
		ep(model.Established, 100, 300, 1, 2, 1), // FIN sent
		ep(model.FinWait1, 100, 300, 2, 2, 1),    // FIN acked
		ep(model.FinWait2, 100, 300, 1, 2, 1),    // FIN not acked
		ep(model.CloseWait, 100, 300, 1, 1, 1),   // no FIN received
		ep(model.TimeWait, 100, 300, 2, 2, 1),
		ep(model.LastAck, 100, 300, 2, 2, 2),
		ep(model.Established, 100, 300, 3, 1, 1), // SND.UNA beyond SND.NXT
		ep(model.FinWait1, 100, 300, 0, 3, 1),    // SND.NXT beyond ISS+2
	}
	for _, p := range bad {
		if tcbSane(&p, n, 0) {
			t.Errorf("insane %v TCB %+v judged sane", p.State, p)
		}
	}
	s := pair(good[3], bad[2])
	if sanity(n, 0)(&s) {
		t.Error("P5 misses an insane B")
	}
}

func TestTerminalStates(t *testing.T) {
	est := ep(model.Established, 100, 300, 1, 1, 1)
	fw2 := ep(model.FinWait2, 100, 300, 2, 2, 1)
	cw := ep(model.CloseWait, 300, 100, 1, 1, 2)
	abrupt := closed()
	abrupt.Abrupt = true
	listen := model.Endpoint{State: model.Listen, Passive: true}
	synSent := ep(model.SynSent, 100, 0, 0, 1, 0)
	syn := model.Segment{Src: model.A, Flags: model.FlagSYN, Seq: 100, Tag: model.Tag{Side: model.A, Att: 1}}
	tests := []struct {
		name string
		s    model.State
		want bool
	}{
		{"both closed", pair(closed(), listen), true},
		{"both established", pair(est, est), true},
		{"FIN-WAIT-2 and CLOSE-WAIT", pair(fw2, cw), true},
		{"CLOSE-WAIT and FIN-WAIT-2", pair(cw, fw2), true},
		{"half-open after an abrupt deletion", pair(abrupt, est), true},
		{"half-open without one", pair(closed(), est), false},
		{"half-open, the TCB holder was abrupt", pair(est, closed()), false},
		{"SYN-SENT", pair(synSent, listen), false},
		{"segments in flight", pair(closed(), closed(), syn), false},
	}
	for _, tt := range tests {
		if got := terminalOK(&tt.s); got != tt.want {
			t.Errorf("%s: terminalOK = %v, want %v", tt.name, got, tt.want)
		}
	}

	// Quiescence depends on the timers the configuration has.
	withRTO, err := model.New(model.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	c := model.DefaultConfig()
	c.RTO = false
	noRTO, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	lost := pair(synSent, listen)
	if !terminalStates(withRTO)(&lost) {
		t.Error("P6 flags SYN-SENT with its retransmission timer still enabled")
	}
	if terminalStates(noRTO)(&lost) {
		t.Error("P6 accepts SYN-SENT waiting forever for a lost SYN without RTO")
	}
	if !terminalStates(noRTO)(&tests[0].s) {
		t.Error("P6 flags two closed endpoints")
	}
}

func TestGracefulClose(t *testing.T) {
	est := ep(model.Established, 100, 300, 1, 1, 1)
	synRcvd := ep(model.SynReceived, 300, 100, 0, 1, 1)
	abrupt := closed()
	abrupt.Abrupt = true
	aborted := abrupt
	aborted.Aborted = true
	rst := model.Action{Kind: model.Deliver, Side: model.A, From: model.Established, Rule: model.RuleRSTReset}
	lastAck := ep(model.LastAck, 100, 300, 1, 2, 2)
	tests := []struct {
		name string
		a    model.Action
		from model.State
		want bool
	}{
		{"reset of an established endpoint", rst, pair(est, closed()), false},
		{"RFC 793 reset by a SYN", model.Action{Kind: model.Deliver, Side: model.A, From: model.Established, Rule: model.RuleSYNReset}, pair(est, closed()), false},
		{"after a give-up or FIN-WAIT-2 timer (not excused)", rst, pair(est, abrupt), false},
		{"after the peer's ABORT", rst, pair(est, aborted), true},
		{"a reset in LAST-ACK tells nobody (P4's)", model.Action{Kind: model.Deliver, Side: model.A, From: model.LastAck, Rule: model.RuleRSTReset}, pair(lastAck, closed()), true},
		{"Fig. 8: SYN-RECEIVED back to LISTEN", model.Action{Kind: model.Deliver, Side: model.B, From: model.SynReceived, Rule: model.RuleRSTReset}, pair(closed(), synRcvd), true},
		{"an ACK closing LAST-ACK", model.Action{Kind: model.Deliver, Side: model.A, Rule: model.RuleAck}, pair(est, closed()), true},
	}
	for _, tt := range tests {
		to := tt.from
		if got := gracefulClose(&tt.from, tt.a, &to); got != tt.want {
			t.Errorf("%s: P7 = %v, want %v", tt.name, got, tt.want)
		}
	}
}
