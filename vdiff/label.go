package vdiff

import (
	"github.com/tcpcheck/tcpcheck/model"
)

// Label is what a transition does, stripped of the numbers that make two
// runs incomparable (sequence numbers, attempt tags, the rest of the
// state): which endpoint acted, in which state, on which event, by which
// rule, into which state, answering with which control bits.
type Label struct {
	Side  model.Side
	From  model.TCPState
	Kind  model.ActionKind
	Seg   model.Flags // control bits of the segment delivered or lost (0 for a user call or a timer)
	Rule  model.Rule
	To    model.TCPState
	Sent  model.Flags // control bits of the segment sent in reply, 0 if none
	Reply bool        // a segment was sent
}

// labelOf is the one place that turns a model action into a label: when
// the model names its rules more finely, only this changes.
func labelOf(a model.Action) Label {
	l := Label{Side: a.Side, Kind: a.Kind, Rule: a.Rule}
	switch a.Kind {
	case model.Deliver:
		l.Seg = a.Seg.Flags
	case model.Drop:
		// A loss is the network's doing: only the segment's kind and its
		// sender matter, not the endpoints' states.
		l.Seg = a.Seg.Flags
		return l
	}
	l.From, l.To = a.From, a.To
	if a.HasSent {
		l.Reply, l.Sent = true, a.Sent.Flags
	}
	return l
}

// key packs a label into a word for the concurrent set.
func (l Label) key() uint64 {
	k := uint64(l.Side)
	k = k<<8 | uint64(l.From)
	k = k<<8 | uint64(l.Kind)
	k = k<<8 | uint64(l.Seg)
	k = k<<8 | uint64(l.Rule)
	k = k<<8 | uint64(l.To)
	k = k<<8 | uint64(l.Sent)
	if l.Reply {
		k = k<<1 | 1
	} else {
		k <<= 1
	}
	return k
}

func labelOfKey(k uint64) Label {
	var l Label
	l.Reply = k&1 != 0
	k >>= 1
	l.Sent = model.Flags(k & 0xFF)
	k >>= 8
	l.To = model.TCPState(k & 0xFF)
	k >>= 8
	l.Rule = model.Rule(k & 0xFF)
	k >>= 8
	l.Seg = model.Flags(k & 0xFF)
	k >>= 8
	l.Kind = model.ActionKind(k & 0xFF)
	k >>= 8
	l.From = model.TCPState(k & 0xFF)
	k >>= 8
	l.Side = model.Side(k & 0xFF)
	return l
}

// String is the label in the words of the RFC, e.g.
// "B in SYN-RECEIVED: rcv SYN -> SYN-RECEIVED, snd SYN,ACK (syn-received-dup-syn, §3.10.7.4)".
func (l Label) String() string {
	var s string
	if l.Kind == model.Drop {
		s = "lose " + l.Seg.String() + " from " + l.Side.String()
	} else {
		s = l.Side.String() + " in " + l.From.String() + ": " + l.Kind.String()
		if l.Kind == model.Deliver {
			s += " " + l.Seg.String()
		}
		s += " -> " + l.To.String()
		if l.Reply {
			s += ", snd " + l.Sent.String()
		}
	}
	s += " (" + l.Rule.String()
	if sec := l.Rule.Section(); sec != "" {
		s += ", " + sec
	}
	return s + ")"
}

// less orders labels for a stable report: by side, then state, event,
// rule, outcome.
func (l Label) less(m Label) bool { return l.key() < m.key() }
