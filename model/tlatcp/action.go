package tlatcp

import "fmt"

// Rule is one disjunct of tcp.tla's Next, named after the TLA+ operator it
// comes from. Operators with several disjuncts (SynSent, SynReceived,
// FinWait1, Note3) have one Rule per disjunct, so that a trace says which
// branch was taken.
type Rule uint8

const (
	// System
	RuleSynSentSYN Rule = iota
	RuleSynSentSYNACK
	RuleSynReceivedRST
	RuleSynReceivedACK
	RuleListen
	RuleEstablished
	RuleFinWait1FIN
	RuleFinWait1ACKofFIN
	RuleFinWait2
	RuleClosing
	RuleLastAck
	RuleTimeWait
	RuleNote2
	// Reset
	RuleNote3Send
	RuleNote3RecvListen
	RuleNote3RecvClosed
	// User
	RuleActiveOpen
	RulePassiveOpen
	RuleCloseSynSent
	RuleCloseSynReceived
	RuleCloseListen
	RuleCloseEstablished
	RuleCloseCloseWait
	RuleSend
	numRules
)

// Group is the top-level disjunct of Next a rule belongs to.
type Group uint8

const (
	GroupSystem Group = iota
	GroupReset
	GroupUser
)

// rule describes a Rule for printing: the TLA+ operator, what it receives,
// where it leads, what it sends.
type rule struct {
	op    string
	group Group
	from  Conn // guard connstate[local] = from; numConns: no guard (Note3)
	rcv   []Msg
	to    Conn
	snd   Msg
	tcb   tcbEffect
}

// tcbEffect is what a rule does with tcb[local]: tcp.tla either leaves it
// UNCHANGED, creates the TCB, deletes it, or (TimeWait, Note3's send) needs
// it and leaves it.
type tcbEffect uint8

const (
	keep tcbEffect = iota
	create
	del
	need    // guard tcb[local], UNCHANGED tcb
	needDel // guard tcb[local], then delete (TimeWait)
)

var rules = [numRules]rule{
	RuleSynSentSYN:       {"SynSent", GroupSystem, SynSent, []Msg{SYN}, SynReceived, SYNACK, keep},
	RuleSynSentSYNACK:    {"SynSent", GroupSystem, SynSent, []Msg{SYNACK}, Established, ACK, keep},
	RuleSynReceivedRST:   {"SynReceived", GroupSystem, SynReceived, []Msg{RST}, Listen, None, keep},
	RuleSynReceivedACK:   {"SynReceived", GroupSystem, SynReceived, []Msg{ACK}, Established, None, keep},
	RuleListen:           {"Listen", GroupSystem, Listen, []Msg{SYN}, SynReceived, SYNACK, keep},
	RuleEstablished:      {"Established", GroupSystem, Established, []Msg{FIN}, CloseWait, ACKofFIN, keep},
	RuleFinWait1FIN:      {"FinWait1", GroupSystem, FinWait1, []Msg{FIN}, Closing, ACKofFIN, keep},
	RuleFinWait1ACKofFIN: {"FinWait1", GroupSystem, FinWait1, []Msg{ACKofFIN}, FinWait2, None, keep},
	RuleFinWait2:         {"FinWait2", GroupSystem, FinWait2, []Msg{FIN}, TimeWait, ACKofFIN, keep},
	RuleClosing:          {"Closing", GroupSystem, Closing, []Msg{ACKofFIN}, TimeWait, None, keep},
	RuleLastAck:          {"LastAck", GroupSystem, LastAck, []Msg{ACKofFIN}, Closed, None, keep},
	RuleTimeWait:         {"TimeWait", GroupSystem, TimeWait, nil, Closed, None, needDel},
	RuleNote2:            {"Note2", GroupSystem, FinWait1, []Msg{FIN, ACKofFIN}, TimeWait, ACKofFIN, keep},
	RuleNote3Send:        {"Note3", GroupReset, numConns, nil, TimeWait, RST, need},
	RuleNote3RecvListen:  {"Note3", GroupReset, numConns, []Msg{RST}, Listen, None, keep},
	RuleNote3RecvClosed:  {"Note3", GroupReset, numConns, []Msg{RST}, Closed, None, keep},
	RuleActiveOpen:       {"ACTIVE_OPEN", GroupUser, Closed, nil, SynSent, SYN, create},
	RulePassiveOpen:      {"PASSIVE_OPEN", GroupUser, Closed, nil, Listen, None, create},
	RuleCloseSynSent:     {"CLOSE_SYN_SENT", GroupUser, SynSent, nil, Closed, None, del},
	RuleCloseSynReceived: {"CLOSE_SYN_RECEIVED", GroupUser, SynReceived, nil, FinWait1, FIN, keep},
	RuleCloseListen:      {"CLOSE_LISTEN", GroupUser, Listen, nil, Closed, None, del},
	RuleCloseEstablished: {"CLOSE_ESTABLISHED", GroupUser, Established, nil, FinWait1, FIN, keep},
	RuleCloseCloseWait:   {"CLOSE_CLOSE_WAIT", GroupUser, CloseWait, nil, LastAck, FIN, keep},
	RuleSend:             {"SEND", GroupUser, Listen, nil, SynSent, SYN, keep},
}

// Op is the name of the TLA+ operator the rule is a disjunct of.
func (r Rule) Op() string { return rules[r].op }

// Group is the top-level disjunct of Next (System, Reset or User).
func (r Rule) Group() Group { return rules[r].group }

// Action is one transition: a rule taken by the peer Local (the remote peer
// is the other one).
type Action struct {
	Rule  Rule
	Local Peer
	// To and Snd are the state the local peer enters and the message it
	// sends (None for none). They are the rule's own except in the broken
	// variants; keeping them makes traces honest.
	To  Conn
	Snd Msg
}

// String reads like the TLA+ action with its arguments, e.g.
// `SynSent(A,B): rcv "SYN,ACK" -> ESTABLISHED, snd "ACK"`.
func (a Action) String() string {
	r := rules[a.Rule]
	s := fmt.Sprintf("%s(%s,%s):", r.op, a.Local, a.Local.Other())
	for _, m := range r.rcv {
		s += fmt.Sprintf(" rcv %q", m.String())
	}
	s += " -> " + a.To.String()
	if a.Snd != None {
		s += fmt.Sprintf(", snd %q", a.Snd.String())
	}
	return s
}

// Short is a compact edge label for drawn state graphs, e.g.
// "A SynSent ?SYN,ACK !ACK": peer, operator, messages received (?) and
// sent (!).
func (a Action) Short() string {
	r := rules[a.Rule]
	s := a.Local.String() + " " + r.op
	for _, m := range r.rcv {
		s += " ?" + m.String()
	}
	if a.Snd != None {
		s += " !" + a.Snd.String()
	}
	return s
}
