package model

import "strings"

// ActionKind is what happened in a transition.
type ActionKind uint8

// Kinds of action, in the order Next emits them within one state (user
// calls, deliveries, losses, timers).
const (
	PassiveOpen ActionKind = iota
	ActiveOpen
	Close
	Abort
	Deliver
	Drop
	Retransmit
	GiveUp
	TimeWaitExpire
	FinWait2Expire
	Crash
	numKinds
)

var kindNames = [numKinds]string{
	"passive OPEN", "active OPEN", "CLOSE", "ABORT", "rcv", "lose",
	"RTO", "give up", "2MSL expires", "FIN-WAIT-2 timer expires", "crash",
}

func (k ActionKind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "action?"
}

// Action is one transition: who acted, what arrived or was lost, what was
// sent, the state change and the rule that fired. It is a small value; the
// label is built only by String.
type Action struct {
	Kind    ActionKind
	Side    Side    // the endpoint that acted (the receiver of a delivery, the sender of a lost segment)
	Seg     Segment // delivered or dropped
	Dup     bool    // a copy was delivered, the original stays in flight
	Sent    Segment
	HasSent bool
	From    TCPState
	To      TCPState
	Rule    Rule
	// Padding to 32 bytes: Action is passed by value once per successor,
	// and the compiler copies a 24-byte struct with two overlapping 16-byte
	// moves, whose second copy stalls on store forwarding. It costs about
	// 5% of Next.
	_ [8]byte
}

// String is the label in RFC notation, e.g.
// "A rcv <SEQ=300><ACK=101><CTL=SYN,ACK> in SYN-SENT -> ESTABLISHED, snd <SEQ=101><ACK=301><CTL=ACK> (§3.10.7.3)".
func (a Action) String() string {
	var b strings.Builder
	if a.Kind == Drop {
		b.WriteString("lose ")
		b.WriteString(a.Seg.String())
		b.WriteString(" from ")
		b.WriteString(a.Seg.Src.String())
		return b.String()
	}
	b.WriteString(a.Side.String())
	b.WriteByte(' ')
	b.WriteString(a.Kind.String())
	if a.Kind == Deliver {
		if a.Dup {
			b.WriteString(" copy of")
		}
		b.WriteByte(' ')
		b.WriteString(a.Seg.String())
	}
	b.WriteString(" in ")
	b.WriteString(a.From.String())
	b.WriteString(" -> ")
	b.WriteString(a.To.String())
	if a.HasSent {
		b.WriteString(", snd ")
		b.WriteString(a.Sent.String())
	}
	if sec := a.Rule.Section(); sec != "" {
		b.WriteString(" (")
		b.WriteString(sec)
		b.WriteByte(')')
	}
	return b.String()
}

// Rule identifies the rule of the model that produced a transition.
type Rule uint8

// The rules. Names follow the RFC text they implement.
const (
	RuleNone Rule = iota
	RulePassiveOpen
	RuleActiveOpen
	RuleCloseListen
	RuleCloseSynSent
	RuleCloseSendFin
	RuleAbortReset
	RuleAbortSilent
	RuleClosedRST
	RuleClosedReply
	RuleQuietDrop
	RuleListenRST
	RuleListenACK
	RuleListenSYN
	RuleListenOther
	RuleSynSentBadAck
	RuleSynSentRST
	RuleSynSentRSTDrop
	RuleSynSentSynAck
	RuleSynSentSyn
	RuleSynSentOther
	RuleUnacceptable
	RuleRSTReset
	RuleRSTChallenge
	RuleRSTTimeWaitIgnored
	RuleSYNToListen
	RuleSYNChallenge
	RuleSYNReset
	RuleNoACK
	RuleSynRcvdAck
	RuleSynRcvdBadAck
	RuleAckTooNew
	RuleAck
	RuleAckIgnored
	RuleFin
	RuleFinHeld
	RuleLoss
	RuleRetransmit
	RuleGiveUp
	RuleTimeWaitExpire
	RuleFinWait2Expire
	RuleCrash
	RuleTwoWayHandshake
	RuleAnySynAck
	numRules
)

var ruleInfo = [numRules]struct{ name, section string }{
	RuleNone:               {"none", ""},
	RulePassiveOpen:        {"passive-open", "§3.10.1"},
	RuleActiveOpen:         {"active-open", "§3.10.1"},
	RuleCloseListen:        {"close-listen", "§3.10.4"},
	RuleCloseSynSent:       {"close-syn-sent", "§3.10.4"},
	RuleCloseSendFin:       {"close-send-fin", "§3.10.4"},
	RuleAbortReset:         {"abort-reset", "§3.10.5"},
	RuleAbortSilent:        {"abort-silent", "§3.10.5"},
	RuleClosedRST:          {"closed-rst", "§3.10.7.1"},
	RuleClosedReply:        {"closed-reply", "§3.10.7.1"},
	RuleQuietDrop:          {"quiet-drop", "§3.4.3"},
	RuleListenRST:          {"listen-rst", "§3.10.7.2"},
	RuleListenACK:          {"listen-ack", "§3.10.7.2"},
	RuleListenSYN:          {"listen-syn", "§3.10.7.2"},
	RuleListenOther:        {"listen-other", "§3.10.7.2"},
	RuleSynSentBadAck:      {"syn-sent-bad-ack", "§3.10.7.3"},
	RuleSynSentRST:         {"syn-sent-rst", "§3.10.7.3"},
	RuleSynSentRSTDrop:     {"syn-sent-rst-drop", "§3.10.7.3"},
	RuleSynSentSynAck:      {"syn-sent-syn-ack", "§3.10.7.3"},
	RuleSynSentSyn:         {"syn-sent-syn", "§3.10.7.3"},
	RuleSynSentOther:       {"syn-sent-other", "§3.10.7.3"},
	RuleUnacceptable:       {"unacceptable", "§3.10.7.4"},
	RuleRSTReset:           {"rst-reset", "§3.10.7.4"},
	RuleRSTChallenge:       {"rst-challenge", "§3.10.7.4"},
	RuleRSTTimeWaitIgnored: {"rst-time-wait-ignored", "RFC 1337 §3"},
	RuleSYNToListen:        {"syn-to-listen", "§3.10.7.4"},
	RuleSYNChallenge:       {"syn-challenge", "§3.10.7.4"},
	RuleSYNReset:           {"syn-reset", "§3.10.7.4"},
	RuleNoACK:              {"no-ack", "§3.10.7.4"},
	RuleSynRcvdAck:         {"syn-received-ack", "§3.10.7.4"},
	RuleSynRcvdBadAck:      {"syn-received-bad-ack", "§3.10.7.4"},
	RuleAckTooNew:          {"ack-too-new", "§3.10.7.4"},
	RuleAck:                {"ack", "§3.10.7.4"},
	RuleAckIgnored:         {"ack-ignored", "§3.10.7.4"},
	RuleFin:                {"fin", "§3.10.7.4"},
	RuleFinHeld:            {"fin-held", "§3.10.7.4"},
	RuleLoss:               {"loss", ""},
	RuleRetransmit:         {"retransmit", "§3.10.8"},
	RuleGiveUp:             {"give-up", "§3.8.3"},
	RuleTimeWaitExpire:     {"time-wait-expire", "§3.10.8"},
	RuleFinWait2Expire:     {"fin-wait-2-expire", "tcp_fin_timeout"},
	RuleCrash:              {"crash", "§3.4.1"},
	RuleTwoWayHandshake:    {"two-way-handshake", "broken"},
	RuleAnySynAck:          {"any-syn-ack", "broken"},
}

// Section is the RFC section of the rule ("§3.10.7.3"), or a short
// reference when the rule is not RFC 9293's.
func (r Rule) Section() string {
	if r < numRules {
		return ruleInfo[r].section
	}
	return ""
}

// String is a short stable name of the rule ("syn-sent-syn-ack").
func (r Rule) String() string {
	if r < numRules {
		return ruleInfo[r].name
	}
	return "rule?"
}
