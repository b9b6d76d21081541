package model

import (
	"fmt"
	"strings"
)

// Endpoint is one TCP endpoint: its connection state, its TCB (zero when
// the state is CLOSED or LISTEN, so that a deleted TCB leaves no trace),
// the counters the bounds need, and the ghost fields the properties read.
type Endpoint struct {
	State   TCPState
	Passive bool // the TCB came from a passive OPEN (RFC 9293 MUST-11)

	// Sequence variables of §3.3.1, in Z_N.
	ISS, IRS               uint16
	SndUna, SndNxt, RcvNxt uint16

	Retx  uint8 // retransmissions of the current front of the queue
	Opens uint8 // user OPEN calls used (passive and active)

	// Ghosts, never read by the protocol rules.
	Att       uint8  // attempt number of the current ISS: incremented at every ISS draw
	PeerAtt   uint8  // attempt tag of the SYN that set IRS
	Confirmed uint16 // bit Att*4+PeerAtt set when IRS is set: monotone
	// CloseCalled: the user's last call was CLOSE or ABORT (cleared by OPEN).
	CloseCalled bool
	// Abrupt: this endpoint once deleted a TCB without telling the peer
	// for sure (ABORT other than in LISTEN, whose RST may be lost; CLOSE
	// in SYN-SENT, GiveUp, FIN-WAIT-2 timer, Crash). Sticky.
	Abrupt bool
	// Aborted: this endpoint once gave a connection up and its user knows:
	// the user called ABORT (not in LISTEN or SYN-SENT), R2 was reached
	// (give-up, §3.8.3), or the host crashed. Sticky; implies Abrupt. P7
	// asks what users see when neither end did.
	Aborted bool

	Crashes uint8 // crashes used
	Quiet   bool  // crashed and still in quiet time (§3.4.3)

	// Data (--data), docs/MODEL.md §7. Sent is a ghost.
	Sent       uint8 // SEND calls the user made on its current connection (OPEN resets it)
	Queue      uint8 // units SENT and not yet segmentized (§3.10.2: queued before ESTABLISHED)
	FinPending bool  // CLOSE called with units still queued: the FIN follows them (§3.10.4)
	Read       uint8 // units the user has RECEIVEd from the current TCB (§3.10.3); 0 without a TCB

	// Listening: the user's passive OPEN keeps a listener that outlives
	// its connections (--listener-stays); cleared by CLOSE or ABORT in
	// LISTEN, an active OPEN, and a crash.
	Listening bool
}

// Bound flags: why a state left the explored bounds.
const (
	BoundNet      uint8 = 1 << iota // an emission found the network full (--net-bound)
	BoundAttempts                   // an ISS draw found the attempts used up (--attempts)
	BoundISNSpace                   // an ISS draw found no free ISS (--isn footprint, --isn-space too small)
)

// State is the joint state of both endpoints and the network.
type State struct {
	E   [2]Endpoint
	Net Network
	// Losses counts segments dropped against --loss-budget (not kept when
	// the budget is unlimited).
	Losses uint8
	// Bound is non-zero in a state that hit a modelling bound: it has no
	// successors and must be excluded (see Model.InBounds).
	Bound uint8
}

// HitBound reports whether s left the modelling bounds: a too-small bound,
// never a protocol behaviour.
func (s *State) HitBound() bool { return s.Bound != 0 }

// BoundReason names the bound s hit, or "".
func (s *State) BoundReason() string {
	var r []string
	if s.Bound&BoundNet != 0 {
		r = append(r, "net-bound")
	}
	if s.Bound&BoundAttempts != 0 {
		r = append(r, "attempts")
	}
	if s.Bound&BoundISNSpace != 0 {
		r = append(r, "isn-space")
	}
	return strings.Join(r, ",")
}

// Drained reports whether no segment of side e's connection is in flight:
// none tagged with any attempt of e (its current one or earlier; replies
// mirrored from them included), and none tagged with the peer's attempt
// PeerAtt or an earlier one. It is the untimed stand-in for "2 MSL have
// passed" (docs/MODEL.md §10).
func (s *State) Drained(e Side) bool {
	pa := s.E[e].PeerAtt
	for i := 0; i < int(s.Net.n); i++ {
		c := s.Net.seg[i]
		side, att := Side(c>>2)&1, uint8(c&3)
		if side == e || att <= pa {
			return false
		}
	}
	return true
}

// String is a multi-line description for traces and tests.
func (s *State) String() string {
	var b strings.Builder
	for i := range s.E {
		e := &s.E[i]
		fmt.Fprintf(&b, "%v: %v", Side(i), e.State)
		if e.State != Closed && e.State != Listen {
			fmt.Fprintf(&b, " ISS=%d IRS=%d SND.UNA=%d SND.NXT=%d RCV.NXT=%d", e.ISS, e.IRS, e.SndUna, e.SndNxt, e.RcvNxt)
			if e.State == SynReceived && e.Passive {
				b.WriteString(" passive")
			}
			if e.Retx > 0 {
				fmt.Fprintf(&b, " retx=%d", e.Retx)
			}
		}
		fmt.Fprintf(&b, " opens=%d att=%d peerAtt=%d confirmed=%#x", e.Opens, e.Att, e.PeerAtt, e.Confirmed)
		if e.CloseCalled {
			b.WriteString(" closeCalled")
		}
		if e.Abrupt {
			b.WriteString(" abrupt")
		}
		if e.Aborted {
			b.WriteString(" aborted")
		}
		if e.Crashes > 0 {
			fmt.Fprintf(&b, " crashes=%d", e.Crashes)
		}
		if e.Quiet {
			b.WriteString(" quiet")
		}
		b.WriteByte('\n')
	}
	b.WriteString("net:")
	if s.Net.n == 0 {
		b.WriteString(" empty")
	}
	for i := 0; i < int(s.Net.n); i++ {
		g := s.Net.At(i)
		fmt.Fprintf(&b, " %v%v[%v]", g.Src, g, g.Tag)
	}
	if s.Losses > 0 {
		fmt.Fprintf(&b, "\nlosses=%d", s.Losses)
	}
	if s.Bound != 0 {
		fmt.Fprintf(&b, "\nbound hit: %s", s.BoundReason())
	}
	return b.String()
}
