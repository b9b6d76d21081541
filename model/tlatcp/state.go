package tlatcp

import (
	"fmt"
	"strings"
)

// Peer is A or B, the two elements of MCtcp's Peers.
type Peer uint8

const (
	A Peer = iota
	B
)

// Other is the remote peer; with two peers, tcp.tla's "local # remote"
// leaves exactly one choice.
func (p Peer) Other() Peer { return 1 - p }

func (p Peer) String() string {
	if p == A {
		return "A"
	}
	return "B"
}

// Conn is a value of tcp.tla's States.
type Conn uint8

const (
	Closed Conn = iota
	Listen
	SynSent
	SynReceived
	Established
	FinWait1
	FinWait2
	Closing
	CloseWait
	LastAck
	TimeWait
	numConns
)

var connNames = [numConns]string{"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSING", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT"}

func (c Conn) String() string {
	if c < numConns {
		return connNames[c]
	}
	return fmt.Sprintf("Conn(%d)", uint8(c))
}

// Msg is one of tcp.tla's six message strings. The zero value marks an
// unused slot of an inbox, so that encodings stay canonical.
type Msg uint8

const (
	None Msg = iota
	SYN
	SYNACK
	ACK
	RST
	FIN
	ACKofFIN
	numMsgs
)

var msgNames = [numMsgs]string{"", "SYN", "SYN,ACK", "ACK", "RST", "FIN", "ACKofFIN"}

func (m Msg) String() string {
	if m > None && m < numMsgs {
		return msgNames[m]
	}
	return fmt.Sprintf("Msg(%d)", uint8(m))
}

// Cap is the capacity of an inbox. Under MCtcp (NoRetransmission and
// SingleActiveOpen) no kept state holds more than MaxKeptLen messages in an
// inbox, and a successor appends at most one, so Cap leaves room for every
// generated successor, constraint-excluded ones included, with a margin.
// A run that would overflow panics rather than truncate (see push).
const Cap = 8

// MaxKeptLen is the longest inbox in any state MCtcp keeps; TestInboxBound
// measures it, so a change of the model that breaks the margin fails there.
const MaxKeptLen = 4

// Queue is a FIFO inbox: Msgs[:Len] in arrival order, the rest None.
type Queue struct {
	Len  uint8
	Msgs [Cap]Msg
}

// Head is the first message, or None.
func (q *Queue) Head() Msg { return q.Msgs[0] }

// HasPrefix is tcp.tla's IsPrefix(ms, network[p]).
func (q *Queue) HasPrefix(ms ...Msg) bool {
	if len(ms) > int(q.Len) {
		return false
	}
	for i, m := range ms {
		if q.Msgs[i] != m {
			return false
		}
	}
	return true
}

// push is Append. Overflow means Cap is too small for the configuration
// at hand: stop loudly instead of exploring a wrong model.
func (q *Queue) push(m Msg) {
	if int(q.Len) == Cap {
		panic(fmt.Sprintf("tlatcp: inbox holds %d messages and cannot take %q: raise Cap in model/tlatcp/state.go", Cap, m))
	}
	q.Msgs[q.Len] = m
	q.Len++
}

// drop removes the first n messages (Tail for n = 1, SubSeq(q, 3, Len(q))
// for n = 2).
func (q *Queue) drop(n int) {
	copy(q.Msgs[:], q.Msgs[n:q.Len])
	for i := int(q.Len) - n; i < int(q.Len); i++ {
		q.Msgs[i] = None
	}
	q.Len -= uint8(n)
}

func (q *Queue) String() string {
	parts := make([]string, q.Len)
	for i := range parts {
		parts[i] = fmt.Sprintf("%q", q.Msgs[i].String())
	}
	return "<<" + strings.Join(parts, ", ") + ">>"
}

// State is one valuation of tcp.tla's variables tcb, connstate and network.
// network[p] is what p has yet to receive.
type State struct {
	TCB  [2]bool
	Conn [2]Conn
	Net  [2]Queue
}

func (s *State) String() string {
	return fmt.Sprintf("connstate A=%s B=%s; tcb A=%t B=%t; network A=%s B=%s",
		s.Conn[A], s.Conn[B], s.TCB[A], s.TCB[B], s.Net[A].String(), s.Net[B].String())
}

// bits per peer in the encoding: tcb, connstate, then 3 bits per slot.
const peerBits = 1 + 4 + 3*Cap

// Encode packs the state into one word: the per-peer fields fit in 29 bits.
// Len is implied by the first None slot, so it is not stored.
func (s *State) encode() uint64 {
	var w uint64
	for p := range 2 {
		var v uint64
		if s.TCB[p] {
			v = 1
		}
		v |= uint64(s.Conn[p]&15) << 1
		for i, m := range s.Net[p].Msgs {
			v |= uint64(m&7) << (5 + 3*i)
		}
		w |= v << (peerBits * p)
	}
	return w
}

// decode is encode's inverse, for tests and tools.
func decode(w uint64) State {
	var s State
	for p := range 2 {
		v := w >> (peerBits * p)
		s.TCB[p] = v&1 == 1
		s.Conn[p] = Conn(v >> 1 & 15)
		for i := range Cap {
			m := Msg(v >> (5 + 3*i) & 7)
			s.Net[p].Msgs[i] = m
			if m != None {
				s.Net[p].Len = uint8(i + 1)
			}
		}
	}
	return s
}

// Both peers must fit in one word.
var _ [64 - 2*peerBits]struct{}

// Label is a compact two-line form of s for the nodes of a drawn state
// graph: per peer its connstate, a "+" if it holds a TCB, and its inbox.
func (s *State) Label() string {
	line := func(p Peer) string {
		tcb := ""
		if s.TCB[p] {
			tcb = "+"
		}
		return fmt.Sprintf("%s %s%s %s", p, s.Conn[p], tcb, s.Net[p].String())
	}
	return line(A) + "\n" + line(B)
}
