package tlatcp

import "github.com/tcpcheck/tcpcheck/explore"

// TypeOK is tcp.tla's TypeOK made meaningful for a typed encoding. Go's
// types already give tcb its BOOLEAN domain; what they do not give is that
// connstate is one of the eleven States, that each inbox is a sequence over
// the six messages (no None before Len, only None after it) and that Len
// fits the inbox. A state breaking it could not be encoded faithfully.
func TypeOK(s *State) bool {
	for p := range 2 {
		if s.Conn[p] >= numConns {
			return false
		}
		q := &s.Net[p]
		if q.Len > Cap {
			return false
		}
		for i, m := range q.Msgs {
			if (i < int(q.Len)) != (m > None && m < numMsgs) {
				return false
			}
		}
	}
	return true
}

// Inv is tcp.tla's Inv: among the peers whose inbox is empty, one is
// ESTABLISHED iff the other is. With two peers it only bites when both
// inboxes are empty.
func Inv(s *State) bool {
	for l := range 2 {
		for r := range 2 {
			if s.Net[l].Len != 0 || s.Net[r].Len != 0 {
				continue
			}
			if (s.Conn[l] == Established) != (s.Conn[r] == Established) {
				return false
			}
		}
	}
	return true
}

// NoRetransmission is MCtcp's state constraint: no inbox holds the same
// message twice in a row.
func NoRetransmission(s *State) bool {
	for p := range 2 {
		q := &s.Net[p]
		for i := 1; i < int(q.Len); i++ {
			if q.Msgs[i-1] == q.Msgs[i] {
				return false
			}
		}
	}
	return true
}

// SingleActiveOpen is MCtcp's action constraint, judged as TLC judges it:
// on the pair of states, not on the label of the action that produced it.
// It is false iff (from, to) is a step of ACTIVE_OPEN, PASSIVE_OPEN or SEND
// for some local and remote.
func SingleActiveOpen(from, to *State) bool {
	for _, local := range [2]Peer{A, B} {
		for _, r := range [3]Rule{RuleActiveOpen, RulePassiveOpen, RuleSend} {
			if isStep(from, to, r, local) {
				return false
			}
		}
	}
	return true
}

// isStep reports whether (from, to) satisfies the user command r of the
// unbroken spec taken by local. These three rules are deterministic, so
// it suffices to compute their one successor and compare.
func isStep(from, to *State, r Rule, local Peer) bool {
	var t State
	_, ok := (&Model{}).apply(from, r, local, &t)
	return ok && t == *to
}

// Invariants are the invariants of MCtcp.cfg, in its order.
func Invariants() []explore.Invariant[State] {
	return []explore.Invariant[State]{
		{Name: "TypeOK", Holds: TypeOK},
		{Name: "Inv", Holds: Inv},
	}
}
