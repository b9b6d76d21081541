package tlatcp

import "github.com/tcpcheck/tcpcheck/explore"

// Edge classes for fairness. tcp.tla's Spec asks WF_vars(System) of System
// as a whole, not per peer or per disjunct, and WF_vars of
// "\E local, remote: CLOSE_SYN_SENT(local, remote)"; each gets one class.
const (
	ClassOther        uint8 = iota // Reset and the other user commands: no fairness
	ClassSystem                    // WF_vars(System)
	ClassCloseSynSent              // WF_vars(\E l, r: CLOSE_SYN_SENT(l, r))
)

// EdgeClass maps an action to its fairness class.
func EdgeClass(a Action) uint8 {
	switch {
	case a.Rule == RuleCloseSynSent:
		return ClassCloseSynSent
	case a.Rule.Group() == GroupSystem:
		return ClassSystem
	}
	return ClassOther
}

// Label bits of Prop, per peer p: LabelSynSent(p) is
// connstate[p] = "SYN-SENT", LabelSettled(p) is
// connstate[p] \in {"ESTABLISHED", "LISTEN", "CLOSED"}.
func LabelSynSent(p Peer) int { return 2 * int(p) }

// LabelSettled is the bit of Prop's right-hand side for peer p.
func LabelSettled(p Peer) int { return 2*int(p) + 1 }

// Labels are the state predicates of Prop, indexed by LabelSynSent and
// LabelSettled.
func Labels() []func(s *State) bool {
	ls := make([]func(s *State) bool, 4)
	for _, p := range [2]Peer{A, B} {
		ls[LabelSynSent(p)] = func(s *State) bool { return s.Conn[p] == SynSent }
		ls[LabelSettled(p)] = func(s *State) bool {
			c := s.Conn[p]
			return c == Established || c == Listen || c == Closed
		}
	}
	return ls
}

// Options is MCtcp.cfg for the engine: the invariants TypeOK and Inv, the
// CONSTRAINT NoRetransmission, the ACTION_CONSTRAINT SingleActiveOpen,
// TLC's default deadlock check, and a retained graph with the classes and
// labels Prop needs. The caller chooses Workers and Store.
func Options() explore.Options[State, Action] {
	return explore.Options[State, Action]{
		Invariants:    Invariants(),
		CheckDeadlock: true,
		Constraint:    NoRetransmission,
		ActionConstraint: func(from *State, _ Action, to *State) bool {
			return SingleActiveOpen(from, to)
		},
		RetainGraph: true,
		EdgeClass:   EdgeClass,
		Labels:      Labels(),
	}
}
