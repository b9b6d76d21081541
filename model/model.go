package model

import (
	"fmt"
	"sync"
)

// Model is a validated configuration ready to explore. It implements
// explore.Model[State, Action] and is safe for concurrent use.
type Model struct {
	cfg     Config
	n, w    uint16 // N and W
	k       uint8  // network bound
	encNet  int    // words of the encoding before the data word: 2 + netWords
	init    State
	scratch sync.Pool
}

// New validates c and builds the model.
func New(c Config) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.OldDups = append([]Segment(nil), c.OldDups...)
	m := &Model{cfg: c, n: uint16(c.ISNSpace), w: uint16(c.Window), k: uint8(c.NetBound)}
	m.encNet = 2 + m.netWords()
	for _, g := range c.OldDups {
		m.init.Net.Add(g)
	}
	m.scratch.New = func() any { return new(State) }
	return m, nil
}

// Config returns the configuration (a copy).
func (m *Model) Config() Config {
	c := m.cfg
	c.OldDups = append([]Segment(nil), c.OldDups...)
	return c
}

// Init emits the single initial state: both endpoints CLOSED, the old
// duplicates (if any) in flight.
func (m *Model) Init(emit func(s *State)) {
	s := m.init
	emit(&s)
}

// Initial returns the initial state.
func (m *Model) Initial() State { return m.init }

// Words is the length of the canonical encoding: one word per endpoint and
// one per two network slots.
func (m *Model) Words() int { return m.words() }

// Encode writes the canonical encoding of s.
func (m *Model) Encode(s *State, dst []uint64) { m.encode(s, dst) }

// InBounds is the constraint to give the engine: false for a state that hit
// a modelling bound (Options.Constraint), so that a too-small bound shows
// up as excluded states, never as a protocol violation.
func InBounds(s *State) bool { return s.Bound == 0 }

// Transition is one successor with the action leading to it.
type Transition struct {
	Action Action
	Next   State
}

// Successors lists the successors of s in Next's order (allocates; for
// tests and replay).
func (m *Model) Successors(s *State) []Transition {
	var out []Transition
	m.Next(s, func(a Action, t *State) { out = append(out, Transition{a, *t}) })
	return out
}

// Next emits every successor of s in a fixed order: user calls (A, then
// B), deliveries in network order (consume, then keep a copy), losses in
// network order, timers (A, then B). A state that hit a bound has none.
// emit must not modify *t: the next successor may be built from it.
func (m *Model) Next(s *State, emit func(a Action, t *State)) {
	if s.Bound != 0 {
		return
	}
	t := m.scratch.Get().(*State)
	x := stepper{m: m, s: s, t: t, emit: emit}
	for e := A; e <= B; e++ {
		x.userCalls(e)
		if m.cfg.Data > 0 {
			x.dataCalls(e)
		}
	}
	x.deliveries()
	x.losses()
	for e := A; e <= B; e++ {
		x.timers(e)
	}
	m.scratch.Put(t)
}

// stepper carries one expansion: the source state, the scratch successor
// and the callback.
type stepper struct {
	m    *Model
	s    *State
	t    *State
	emit func(a Action, t *State)
}

// begin resets the scratch successor to the source state.
func (x *stepper) begin() *State {
	*x.t = *x.s
	return x.t
}

// done finishes the successor and hands it to the engine.
func (x *stepper) done(a *Action) {
	t := x.t
	if x.m.cfg.ListenerStays {
		listenAgain(t, a)
	}
	// §3.4.3: quiet time ends once the crashed endpoint's segments drained.
	if t.E[A].Quiet || t.E[B].Quiet {
		endQuiet(t)
	}
	x.emit(*a, t)
}

// listenAgain puts a listening endpoint whose TCB was just deleted back in
// LISTEN (--listener-stays): the connection is gone, the listener stays. A
// crash loses the listener too.
func listenAgain(t *State, a *Action) {
	for e := A; e <= B; e++ {
		p := &t.E[e]
		if !p.Listening || p.State != Closed {
			continue
		}
		if a.Kind == Crash && a.Side == e {
			p.Listening = false
			continue
		}
		p.State, p.Passive = Listen, true
		if a.Side == e && a.To == Closed {
			a.To = Listen
		}
	}
}

// endQuiet ends the quiet time of a crashed endpoint once no segment of
// its old connection can reach a new one, in the untimed sense of
// docs/MODEL.md §10: nothing is in flight, and the peer holds no TCB (the
// only TCB it could hold is one of the crashed connection: half-open, it
// would go on sending segments numbered in the old space). This assumes
// quiet time outlasts the peer's half-open connection; docs/MODEL.md §9
// says what a weaker reading gives.
func endQuiet(t *State) {
	if t.Net.n != 0 {
		return
	}
	for e := A; e <= B; e++ {
		if p := &t.E[e.Peer()]; t.E[e].Quiet && (p.State == Closed || p.State == Listen) {
			t.E[e].Quiet = false
		}
	}
}

// send puts c in flight, or flags the state if the network is full.
func (m *Model) send(t *State, c code) {
	if t.Net.n >= m.k {
		t.Bound |= BoundNet
		return
	}
	t.Net.add(uint32(c))
}

// own is a segment sent by e with its own tag.
func (m *Model) own(t *State, e Side, f Flags, seq, ack uint16) code {
	return mkCode(e, f, seq, ack, tagCode(e, t.E[e].Att))
}

// ackSeg is <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> from e.
func (m *Model) ackSeg(t *State, e Side) code {
	p := &t.E[e]
	return m.own(t, e, FlagACK, p.SndNxt, p.RcvNxt)
}

// resetFor is the reset of §3.5.2 answering g: <SEQ=SEG.ACK><CTL=RST> if g
// has an ACK, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. It carries
// g's tag: it belongs to the incarnation it answers.
func (m *Model) resetFor(e Side, g code) code {
	if g.flags()&FlagACK != 0 {
		return mkCode(e, FlagRST, g.ack(), 0, g.tag())
	}
	return mkCode(e, FlagRST|FlagACK, 0, m.add(g.seq(), g.len()), g.tag())
}

// clearTCB deletes e's TCB, entering st (CLOSED, or LISTEN for a passive
// SYN-RECEIVED reset). Counters and ghosts survive.
func clearTCB(p *Endpoint, st TCPState) {
	p.State = st
	p.Passive = st == Listen
	p.ISS, p.IRS, p.SndUna, p.SndNxt, p.RcvNxt = 0, 0, 0, 0, 0
	p.Retx = 0
	p.PeerAtt = 0
	p.Queue, p.FinPending, p.Read = 0, false, 0
}

// confirm records the ghost pair <Att, PeerAtt> when IRS is set.
func confirm(p *Endpoint) { p.Confirmed |= 1 << (p.Att*4 + p.PeerAtt) }

// Confirms reports whether e recorded the pair <att, peerAtt>.
func (p *Endpoint) Confirms(att, peerAtt uint8) bool {
	return att <= maxAttMax && peerAtt <= maxAttMax && p.Confirmed&(1<<(att*4+peerAtt)) != 0
}

// issChoices calls f with every ISS e may draw for its next attempt
// (§3.4.1), in ascending order, and returns how many there were. Only
// footprint can offer none: a small N covered by the segments in flight,
// which the callers flag as a bound (BoundISNSpace).
func (m *Model) issChoices(s *State, e Side, f func(iss uint16)) int {
	c := &m.cfg
	next := s.E[e].Att + 1
	switch c.ISN {
	case ISNMonotone, ISNSlow:
		f(m.clockISS(s, e, int(next)))
	case ISNFixed:
		f(uint16(c.ISSBase[e]))
	case ISNFast:
		for v := 0; v < c.ISNSpace; v++ {
			f(uint16(v))
		}
		return c.ISNSpace
	case ISNFootprint:
		n := 0
		for v := uint16(0); v < m.n; v++ {
			if m.footprintFree(s, e, v) {
				f(v)
				n++
			}
		}
		return n
	}
	return 1
}

// footprintFree: [iss, iss+2] avoids e's sequence numbers in flight and the
// acks aimed at e (§3.4.3).
func (m *Model) footprintFree(s *State, e Side, iss uint16) bool {
	span := uint16(2 + m.cfg.Data) // SYN, the data, FIN
	hit := func(v uint16) bool { return m.sub(v, iss) <= span }
	for i := 0; i < int(s.Net.n); i++ {
		g := unpack(s.Net.seg[i])
		if g.Src == e {
			for d := uint16(0); d <= g.Len(); d++ {
				if hit(m.add(g.Seq, d)) {
					return false
				}
			}
		} else if g.Flags&FlagACK != 0 && hit(g.Ack) {
			return false
		}
	}
	return true
}

// clockISS is the clock-driven ISS of attempt k of e (§3.4.1, MUST-8):
// ISSBase + (k-1)·stride, stride 1 under ISNSlow. A crash that loses the
// clock (CrashLosesClock) sets it back one stride: the rebooted host draws
// again the ISS of the incarnation the crash interrupted.
func (m *Model) clockISS(s *State, e Side, k int) uint16 {
	c := &m.cfg
	stride := c.ISNStride
	if c.ISN == ISNSlow {
		stride = 1
	}
	k--
	if c.CrashLosesClock {
		k -= int(s.E[e].Crashes)
	}
	v := (c.ISSBase[e] + k*stride) % c.ISNSpace
	if v < 0 {
		v += c.ISNSpace
	}
	return uint16(v)
}

// oldISS is the ISS of attempt 0 under the ISN policy: where old
// duplicates of an earlier incarnation lie.
func (c Config) oldISS(e Side) uint16 {
	v := c.ISSBase[e]
	switch c.ISN {
	case ISNMonotone:
		v -= c.ISNStride
	case ISNSlow:
		v--
	}
	v %= c.ISNSpace
	if v < 0 {
		v += c.ISNSpace
	}
	return uint16(v)
}

func (m *Model) String() string { return fmt.Sprintf("tcp model %+v", m.cfg) }
