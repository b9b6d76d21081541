package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Pos is a position in a trace file; both numbers count from 1.
type Pos struct {
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Trace is a parsed trace file: the model configuration it runs under and
// its steps, in order. It is pure text made structured; nothing in it has
// been checked against the model yet.
type Trace struct {
	Name  string // file or built-in name, used in messages
	Title string // the text of the first comment line, if any
	// Notes are the other comment lines before the first step; replay
	// prints them under the title.
	Notes   []string
	Config  []Setting // the "config" lines, in order
	OldDups []OldDup  // the "old-dup" lines: segments in flight at the start
	Steps   []Step
}

// OldDup is a segment of an earlier incarnation (attempt 0) of From that
// is in flight in the initial state, as RFC 9293 Figures 8 and 11 assume.
type OldDup struct {
	Pos  Pos
	From Side
	Seg  SegPattern // fully given: SEQ, CTL, and ACK when the ACK bit is set
}

// Setting is one key=value pair of a "config" line. Keys are the names of
// the tcpcheck command's model flags (isn-space, window, ...).
type Setting struct {
	Pos        Pos
	Key, Value string
}

// Side is an endpoint, A or B.
type Side uint8

const (
	A Side = iota
	B
)

func (s Side) String() string {
	if s == B {
		return "B"
	}
	return "A"
}

// Verb is what a step does.
type Verb uint8

const (
	// Check is an "expect" line: no transition, only expectations on the
	// current state.
	Check Verb = iota
	OpenActive
	OpenPassive
	Close
	Abort
	Crash
	Rcv    // deliver a segment and consume it
	RcvDup // deliver a copy of a segment, leaving it in the network
	Lose   // drop a segment from the network
	Retransmit
	GiveUp
	TimeWaitExpire
	FinWait2Expire
	Send       // the user's SEND (--data)
	SendQueued // the TCP sends a unit or FIN that SEND or CLOSE queued
	Receive    // the user's RECEIVE (--data): a unit, or "connection closing"
)

var verbText = [...]string{
	Check:          "expect",
	OpenActive:     "open active",
	OpenPassive:    "open passive",
	Close:          "close",
	Abort:          "abort",
	Crash:          "crash",
	Rcv:            "rcv",
	RcvDup:         "rcv-dup",
	Lose:           "lose",
	Retransmit:     "timeout retransmit",
	GiveUp:         "timeout give-up",
	TimeWaitExpire: "timeout time-wait",
	FinWait2Expire: "timeout fin-wait-2",
	Send:           "send",
	SendQueued:     "send-queued",
	Receive:        "receive",
}

func (v Verb) String() string {
	if int(v) < len(verbText) {
		return verbText[v]
	}
	return "verb(" + strconv.Itoa(int(v)) + ")"
}

// HasSegment reports whether the verb takes a segment argument.
func (v Verb) HasSegment() bool { return v == Rcv || v == RcvDup || v == Lose }

// Step is one line of a trace that does something or checks something.
type Step struct {
	Pos    Pos
	Text   string // the step as written, without expectations or comment
	Reject bool   // the step must NOT be a behaviour of the model
	Verb   Verb
	Side   Side       // the acting endpoint; for rcv, rcv-dup and lose the receiver
	Seg    SegPattern // for rcv, rcv-dup and lose
	Expect []Expectation
	// Comments are the comment lines just before the step and the comment
	// at the end of its line: they say why the step happens, and replay
	// prints them with it.
	Comments []string
}

// Flags is a set of TCP control bits, as written in <CTL=...>.
type Flags uint8

const (
	SYN Flags = 1 << iota
	ACK
	FIN
	RST
	DATA // not a control bit: the segment carries a unit of data, written <DATA>
)

var flagNames = []struct {
	f    Flags
	name string
}{{SYN, "SYN"}, {RST, "RST"}, {FIN, "FIN"}, {ACK, "ACK"}}

// String lists the bits in the order of the RFC's figures, ACK last:
// "SYN,ACK", "FIN,ACK", "RST,ACK".
func (f Flags) String() string {
	var parts []string
	for _, n := range flagNames {
		if f&n.f != 0 {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, ",")
}

// SegPattern is a segment in RFC notation. A field left out matches any
// value: "<CTL=SYN,ACK>" matches every SYN,ACK. The control bits, when
// given, must match exactly.
type SegPattern struct {
	Pos    Pos
	HasSeq bool
	Seq    uint32
	HasAck bool
	Ack    uint32
	HasCtl bool
	Flags  Flags
	// HasTag: <TAG=A1> names the incarnation that sent the segment (the
	// model's ghost tag: sender and attempt). Not RFC notation; written
	// only where two segments in flight differ in nothing else.
	HasTag  bool
	TagSide Side
	TagAtt  uint8
}

// String writes the pattern back in RFC notation.
func (p SegPattern) String() string {
	var b strings.Builder
	if p.HasSeq {
		fmt.Fprintf(&b, "<SEQ=%d>", p.Seq)
	}
	if p.HasAck {
		fmt.Fprintf(&b, "<ACK=%d>", p.Ack)
	}
	if p.HasCtl {
		fmt.Fprintf(&b, "<CTL=%s>", p.Flags)
		if p.Flags&DATA != 0 {
			b.WriteString("<DATA>")
		}
	}
	if p.HasTag {
		fmt.Fprintf(&b, "<TAG=%s%d>", p.TagSide, p.TagAtt)
	}
	return b.String()
}

// ExpectKind says what an expectation checks.
type ExpectKind uint8

const (
	ExpectState    ExpectKind = iota // SIDE STATE
	ExpectSent                       // snd SEG: the step emitted a matching segment
	ExpectSilent                     // snd none: the step emitted nothing
	ExpectField                      // [SIDE.]FIELD=VALUE on a TCB variable
	ExpectNetEmpty                   // net empty
	ExpectNetCount                   // net=N segments in flight
	ExpectNetHas                     // net has SEG: some segment in flight matches
)

// Expectation is one clause after "=>" or on an "expect" line.
type Expectation struct {
	Pos   Pos
	Kind  ExpectKind
	Side  Side
	State string     // ExpectState: an RFC 9293 state name, e.g. "SYN-SENT"
	Seg   SegPattern // ExpectSent, ExpectNetHas
	Field string     // ExpectField: SND.UNA, SND.NXT, RCV.NXT, ISS or IRS
	Value uint32     // ExpectField, ExpectNetCount
}

func (e Expectation) String() string {
	switch e.Kind {
	case ExpectState:
		return e.Side.String() + " " + e.State
	case ExpectSent:
		return "snd " + e.Seg.String()
	case ExpectSilent:
		return "snd none"
	case ExpectField:
		return fmt.Sprintf("%s.%s=%d", e.Side, e.Field, e.Value)
	case ExpectNetEmpty:
		return "net empty"
	case ExpectNetCount:
		return fmt.Sprintf("net=%d", e.Value)
	case ExpectNetHas:
		return "net has " + e.Seg.String()
	}
	return "?"
}
