package tlatcp

// Config selects the model: MCtcp as published, or a deliberately broken
// copy used to show that a check can fail.
type Config struct {
	// BrokenSynRcvdRST makes SynReceived take "RST" into ESTABLISHED
	// instead of LISTEN.
	BrokenSynRcvdRST bool
	// BrokenSynSentNoACK makes SynSent take "SYN,ACK" into ESTABLISHED
	// without sending "ACK", leaving the peer in SYN-RECEIVED: Inv fails.
	BrokenSynSentNoACK bool
}

// Model is tcp.tla under MCtcp's MCInit, as an explore.Model[State, Action].
type Model struct {
	cfg Config
}

// New returns the model for cfg.
func New(cfg Config) *Model { return &Model{cfg: cfg} }

// Config is the configuration the model was built with.
func (m *Model) Config() Config { return m.cfg }

// Init is MCtcp's MCInit, one state per choice of node: node is in
// SYN-SENT with an empty inbox, the other peer is in LISTEN with node's
// "SYN" waiting, and both have a TCB.
func (m *Model) Init(emit func(s *State)) {
	for _, node := range [2]Peer{A, B} {
		var s State
		s.TCB = [2]bool{true, true}
		s.Conn[node] = SynSent
		s.Conn[node.Other()] = Listen
		s.Net[node.Other()].push(SYN)
		emit(&s)
	}
}

// groups lists Next's disjuncts in the order of tcp.tla: System, Reset,
// User. Each is "\E local, remote \in Peers" over its rules; the bindings
// with local = remote are disabled by every rule's first conjunct.
var groups = [3][2]Rule{
	{RuleSynSentSYN, RuleNote2},
	{RuleNote3Send, RuleNote3RecvClosed},
	{RuleActiveOpen, RuleSend},
}

// Next emits the successors of s in tcp.tla's order: for each group, for
// local = A then B, each disjunct in the order the spec writes it.
func (m *Model) Next(s *State, emit func(a Action, t *State)) {
	var t State
	for _, g := range groups {
		for _, local := range [2]Peer{A, B} {
			for r := g[0]; r <= g[1]; r++ {
				if a, ok := m.apply(s, r, local, &t); ok {
					emit(a, &t)
				}
			}
		}
	}
}

// apply takes rule r for local from s into t, if its guard holds.
func (m *Model) apply(s *State, r Rule, local Peer, t *State) (Action, bool) {
	d := &rules[r]
	remote := local.Other()
	if d.from != numConns && s.Conn[local] != d.from {
		return Action{}, false
	}
	if (d.tcb == need || d.tcb == needDel) && !s.TCB[local] {
		return Action{}, false
	}
	if !s.Net[local].HasPrefix(d.rcv...) {
		return Action{}, false
	}
	*t = *s
	to, snd := d.to, d.snd
	if r == RuleSynReceivedRST && m.cfg.BrokenSynRcvdRST {
		to = Established
	}
	if r == RuleSynSentSYNACK && m.cfg.BrokenSynSentNoACK {
		snd = None
	}
	if len(d.rcv) > 0 {
		t.Net[local].drop(len(d.rcv))
	}
	if snd != None {
		t.Net[remote].push(snd)
	}
	t.Conn[local] = to
	switch d.tcb {
	case create:
		t.TCB[local] = true
	case del, needDel:
		t.TCB[local] = false
	}
	return Action{Rule: r, Local: local, To: to, Snd: snd}, true
}

// Words is the length of the encoding: one word holds both peers.
func (m *Model) Words() int { return 1 }

// Encode writes the canonical encoding of s.
func (m *Model) Encode(s *State, dst []uint64) { dst[0] = s.encode() }
