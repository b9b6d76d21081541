package props

import "github.com/tcpcheck/tcpcheck/model"

// The data properties (--data). With --data 0 no unit is ever sent and
// both hold trivially.

// noDataLoss is D1, judged on the step, on what the users have read:
// when neither endpoint has deleted a TCB abruptly, (a) no user's SEND is
// refused before that user called CLOSE (the unit can never reach the
// peer), and (b) a user told "connection closing" by RECEIVE (the end of
// the stream) has read every unit the peer's user SENT on that
// connection (RFC 9293 §3.6: "the user who CLOSEs may continue to RECEIVE
// until he is told that the remote side has CLOSED also"; §3.10.2,
// §3.10.3). Units are read in sequence order, so (b) is also "in order".
func noDataLoss(m *model.Model) func(from *model.State, a model.Action, to *model.State) bool {
	return func(from *model.State, a model.Action, to *model.State) bool {
		if from.E[model.A].Abrupt || from.E[model.B].Abrupt {
			return true
		}
		switch {
		case a.Kind == model.Send && a.Rule == model.RuleSendRefused:
			return from.E[a.Side].CloseCalled
		case a.Kind == model.Receive && a.Rule == model.RuleReceiveClosing:
			r := &from.E[a.Side]
			p := &from.E[a.Side.Peer()]
			if p.Att != r.PeerAtt {
				return true // the peer has moved on to a new connection: its Sent counts that one
			}
			return int(r.Read) >= int(p.Sent)
		}
		return true
	}
}

// noOldData is D2, judged on the step: a unit of data an endpoint accepts
// (delivers to its user) belongs to the peer's incarnation that endpoint
// is synchronized with: its segment carries the peer's side and the
// attempt tag of the SYN that set IRS (RFC 9293 §3.4.1, §3.6.1; RFC 1337
// hazard H1).
func noOldData(from *model.State, a model.Action, _ *model.State) bool {
	if a.Kind != model.Deliver || a.Rule != model.RuleData {
		return true
	}
	p := &from.E[a.Side]
	return a.Seg.Tag.Side == a.Side.Peer() && a.Seg.Tag.Att == p.PeerAtt
}
