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
	Send    // the user's SEND (§3.10.2)
	Output  // the TCP segmentizes a queued unit or the FIN that waited for it
	Receive // the user's RECEIVE (§3.10.3)
	numKinds
)

var kindNames = [numKinds]string{
	"passive OPEN", "active OPEN", "CLOSE", "ABORT", "rcv", "lose",
	"RTO", "give up", "2MSL expires", "FIN-WAIT-2 timer expires", "crash",
	"SEND", "send queued", "RECEIVE",
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
