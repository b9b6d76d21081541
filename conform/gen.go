package conform

import (
	"fmt"
	"math/rand"
	"sort"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// The stack under test is the model's endpoint B; the tester, which plays
// A and the network, is the model's A. The tester keeps no TCB: it forges
// every segment it sends (model.Inject), and only its attempt counter
// (Att) and current ISS live in the model state, to number its SYNs.
const (
	StackSide  = model.B
	TesterSide = model.A
)

// Step is one thing the tester does: a user call on the stack, or a
// segment it injects, in the model's numbers.
type Step struct {
	Call model.ActionKind // PassiveOpen, ActiveOpen, Close or Abort; Deliver for a segment
	Seg  model.Segment    // Src = Tester
	// SeqClass and AckClass say where SEG.SEQ and SEG.ACK lie relative to
	// the stack's TCB, so that the real segment is built in the same
	// acceptability class: "exact" (RCV.NXT), "irs" (the SYN's number),
	// "old" (100 below), "ahead" (beyond the window); "una", "nxt", "old",
	// "ahead" for acks; "new" (a fresh ISS) or "any" without a TCB.
	SeqClass, AckClass string
}

// Wait is the step of letting time pass until the stack's next timer
// fires: B's retransmission timeout, its give-up, the end of TIME-WAIT or
// the FIN-WAIT-2 timer (§3.10.8). It is a step kind of the tester, not an
// action kind of the model; the model's outcomes of a wait are B's timer
// actions enabled in the state.
const Wait model.ActionKind = 255

// IsCall reports whether the step is a user call or a wait (not a
// segment).
func (st Step) IsCall() bool { return st.Call != model.Deliver }

// IsWait reports whether the step lets time pass.
func (st Step) IsWait() bool { return st.Call == Wait }

// Class names the step's input: the call, or the segment's flags with the
// classes of its numbers ("ACK seq=exact ack=nxt").
func (st Step) Class() string {
	if st.IsWait() {
		return "WAIT"
	}
	if st.IsCall() {
		return st.Call.String()
	}
	s := st.Seg.Flags.String() + " seq=" + st.SeqClass
	if st.Seg.Flags&model.FlagACK != 0 {
		s += " ack=" + st.AckClass
	}
	return s
}

func (st Step) String() string {
	if st.IsWait() {
		return "B's next timer (wait)"
	}
	if st.IsCall() {
		return "B " + st.Call.String()
	}
	return "A sends " + st.Seg.String() + " (" + st.Class() + ")"
}

// Key is what a test covers: the stack's state before a step, the step's
// input class, and the model rule that fired.
type Key struct {
	State model.TCPState
	Class string
	Rule  model.Rule
}

func (k Key) String() string { return fmt.Sprintf("%v / %s / %v", k.State, k.Class, k.Rule) }

// Test is a sequence of tester steps from a fresh stack.
type Test struct {
	Name   string // "cover-012", "S3", "walk-2"
	Origin string // "coverage", "scenario S3: title", "walk seed 1"
	Config model.Config
	Steps  []Step
	Covers []Key // the keys it was chosen for (coverage tests)
}

// Drivable says which user calls a socket API can make on the stack in a
// state: no OPEN on a listener, nothing on a passive SYN-RECEIVED (the
// embryonic connection has no socket yet), no ABORT in TIME-WAIT (the
// socket already let go of the connection), nothing on CLOSED but OPEN.
func Drivable(call model.ActionKind, e *model.Endpoint) bool {
	switch call {
	case model.PassiveOpen, model.ActiveOpen:
		return e.State == model.Closed
	case model.Close:
		if e.State == model.SynReceived {
			return !e.Passive
		}
		switch e.State {
		case model.Listen, model.SynSent, model.Established, model.CloseWait:
			return true
		}
	case model.Abort:
		switch e.State {
		case model.Closed, model.TimeWait:
			return false
		case model.SynReceived:
			return !e.Passive
		}
		return true
	}
	return false
}

// ConformConfig is the model configuration the generated tests run under:
// the variant's rules, roles any (the stack both listens and connects),
// two OPENs and two ISS draws for the stack, retransmissions tolerated.
func ConformConfig(base model.Config) model.Config {
	c := base
	c.Roles = model.AnyRole
	c.Opens = 2
	c.Attempts = 3
	c.R2 = 7
	c.NetBound = model.MaxNetBound
	c.LossBudget = 0
	c.Dup = false
	c.Crash = false
	c.OldDups = nil
	return c
}

// testerISS is the ISS of the tester's attempt k (1, 2, ...).
func testerISS(k uint8) uint16 { return 100 * uint16(k) }

// Inputs lists every step the tester can take in s: the drivable user
// calls, then one forged segment per flag combination and class.
func Inputs(m *model.Model, s *model.State) []Step {
	var out []Step
	e := &s.E[StackSide]
	for _, k := range []model.ActionKind{model.PassiveOpen, model.ActiveOpen, model.Close, model.Abort} {
		if Drivable(k, e) {
			out = append(out, Step{Call: k})
		}
	}
	t := &s.E[TesterSide]
	type num struct {
		class string
		v     uint16
	}
	var seqs []num
	hasIRS := e.State >= model.SynReceived
	n := uint16(m.Config().ISNSpace)
	sub := func(a, d uint16) uint16 { return (a + n - d%n) % n }
	add := func(a, d uint16) uint16 { return (a + d) % n }
	if hasIRS {
		seqs = []num{{"exact", e.RcvNxt}, {"irs", e.IRS}, {"old", sub(e.RcvNxt, 100)}, {"ahead", add(e.RcvNxt, 100)}}
	} else {
		k := t.Att + 1
		if k > 3 {
			k = 3
		}
		seqs = []num{{"new", testerISS(k)}}
	}
	var acks []num
	if e.State >= model.SynSent {
		acks = []num{{"una", e.SndUna}, {"nxt", e.SndNxt}, {"old", sub(e.SndUna, 100)}, {"ahead", add(e.SndNxt, 100)}}
	} else {
		acks = []num{{"any", 900}}
	}
	att := t.Att
	// The common segments first: the breadth-first search then reaches
	// a state by the ordinary path (a handshake, a close) before an
	// unusual one (a simultaneous open) of the same length.
	for _, f := range []model.Flags{model.FlagSYN | model.FlagACK, model.FlagACK, model.FlagFIN | model.FlagACK, model.FlagSYN, model.FlagRST | model.FlagACK, model.FlagRST} {
		for _, sq := range seqs {
			tag := model.Tag{Side: TesterSide, Att: att}
			if sq.class == "new" {
				tag.Att = min(att+1, 3)
			}
			if f&model.FlagACK == 0 {
				out = append(out, Step{Call: model.Deliver, Seg: model.Segment{Src: TesterSide, Flags: f, Seq: sq.v, Tag: tag}, SeqClass: sq.class})
				continue
			}
			for _, ak := range acks {
				out = append(out, Step{Call: model.Deliver, Seg: model.Segment{Src: TesterSide, Flags: f, Seq: sq.v, Ack: ak.v, Tag: tag}, SeqClass: sq.class, AckClass: ak.class})
			}
		}
	}
	return out
}

// Successors are the model's allowed outcomes of step st in s: the
// stack's user call, the arrival of the forged segment, or, for a wait,
// B's timer actions enabled in s (or, when none is, B staying as it is:
// the only outcome with RuleNone).
func Successors(m *model.Model, s *model.State, st Step) []model.Transition {
	if !st.IsCall() {
		return m.Inject(s, st.Seg)
	}
	var out []model.Transition
	for _, tr := range m.Successors(s) {
		if tr.Action.Side != StackSide {
			continue
		}
		if tr.Action.Kind == st.Call || st.IsWait() && isTimer(tr.Action.Kind) {
			out = append(out, tr)
		}
	}
	if st.IsWait() && len(out) == 0 {
		st := s.E[StackSide].State
		out = append(out, model.Transition{Action: model.Action{Kind: Wait, Side: StackSide, From: st, To: st}, Next: *s})
	}
	return out
}

func isTimer(k model.ActionKind) bool {
	switch k {
	case model.Retransmit, model.GiveUp, model.TimeWaitExpire, model.FinWait2Expire:
		return true
	}
	return false
}

// advance is the model state after transition tr for step st: the
// stack's reply has reached the tester (the network is emptied), and a
// fresh tester SYN counts as a tester attempt.
func advance(tr model.Transition, st Step) model.State {
	n := tr.Next
	n.Net = model.Network{}
	if !st.IsCall() && st.SeqClass == "new" && n.E[TesterSide].Att < st.Seg.Tag.Att {
		n.E[TesterSide].Att = st.Seg.Tag.Att
		n.E[TesterSide].ISS = st.Seg.Seq
	}
	return n
}

// usable reports whether a model transition can be the expected outcome of
// a test step: it stays within the bounds.
func usable(tr model.Transition) bool { return tr.Next.Bound == 0 }

// Coverage builds, by breadth-first search over the tester's inputs, a
// shortest path to every (state, input class, rule) the stack can be
// driven into, up to maxDepth steps, and returns the fewest tests whose
// steps cover them all: a path that is a prefix of a longer chosen one is
// dropped.
func Coverage(m *model.Model, maxDepth int) []Test {
	first, keys := search(m, maxDepth, nil, nil)
	tests := chain(m, prefixTests(m.Config(), first, keys))
	sort.SliceStable(tests, func(i, j int) bool { return lessSteps(tests[i].Steps, tests[j].Steps) })
	for i := range tests {
		tests[i].Name = fmt.Sprintf("cover-%03d", i+1)
	}
	return tests
}

// TimerTests are the tests that wait for B's timers: for each state of B
// (SYN-RECEIVED twice: passive, and in a simultaneous open) in which gen enables
// one of B's timers, the shortest path to it, up to maxDepth steps,
// followed by waits until no timer is left (up to R2 retransmissions and
// the give-up, or the end of TIME-WAIT or FIN-WAIT-2). gen is the variant
// with every timer the stacks have; the tests are judged under check
// (the variant's own timers), so a wait whose only outcome in check is no
// timer expects the stack to do nothing.
func TimerTests(gen *model.Model, check model.Config, maxDepth int) []Test {
	type where struct {
		state   model.TCPState
		passive bool
	}
	best := map[where]Test{}
	search(gen, maxDepth, nil, func(s *model.State, path []Step) {
		e := &s.E[StackSide]
		w := where{e.State, e.Passive && e.State == model.SynReceived}
		if b, ok := best[w]; ok && (len(path) > pathLen(b) || oddness(path) >= oddness(b.Steps[:pathLen(b)])) {
			return
		}
		t := Test{Origin: "timers", Config: check, Steps: append([]Step(nil), path...)}
		cur := *s
		for n := 0; n <= gen.Config().R2+1; n++ {
			wait := Step{Call: Wait}
			trs := Successors(gen, &cur, wait)
			if trs[0].Action.Kind == Wait {
				break
			}
			tr := trs[0]
			t.Covers = append(t.Covers, Key{cur.E[StackSide].State, wait.Class(), tr.Action.Rule})
			t.Steps = append(t.Steps, wait)
			cur = advance(tr, wait)
		}
		if len(t.Covers) > 0 {
			best[w] = t
		}
	})
	var tests []Test
	for _, t := range best {
		tests = append(tests, t)
	}
	sort.SliceStable(tests, func(i, j int) bool { return lessSteps(tests[i].Steps, tests[j].Steps) })
	for i := range tests {
		tests[i].Name = fmt.Sprintf("timer-%03d", i+1)
	}
	return tests
}

// pathLen is the length of a timer test's path, without its waits.
func pathLen(t Test) int {
	n := len(t.Steps)
	for n > 0 && t.Steps[n-1].IsWait() {
		n--
	}
	return n
}

// oddness ranks paths of one length: a timer test takes the plainest way
// into its state (segments at RCV.NXT acknowledging SND.NXT or SND.UNA),
// not an old or out-of-window segment that some variant happens to
// accept.
func oddness(path []Step) int {
	n := 0
	for _, st := range path {
		if st.IsCall() {
			continue
		}
		switch st.SeqClass {
		case "irs", "old", "ahead":
			n++
		}
		switch st.AckClass {
		case "old", "ahead":
			n++
		}
	}
	return n
}

// search is the breadth-first search of Coverage: the first (shortest)
// path to each key, and the keys in the order found. Inputs for which
// avoid reports true are not taken; visit, if set, is called with the
// state after every step taken, and the path to it (a state reached
// again by another path of the same length is visited again).
func search(m *model.Model, maxDepth int, avoid func(s *model.State, st Step) bool, visit func(s *model.State, path []Step)) (map[Key][]Step, []Key) {
	type node struct {
		s    model.State
		path []Step
	}
	first := map[Key][]Step{}
	var keys []Key
	seen := map[model.State]bool{}
	init := m.Initial()
	level := []node{{s: init}}
	seen[init] = true
	for d := 0; d < maxDepth && len(level) > 0; d++ {
		var next []node
		for _, nd := range level {
			for _, st := range Inputs(m, &nd.s) {
				if avoid != nil && avoid(&nd.s, st) {
					continue
				}
				for _, tr := range Successors(m, &nd.s, st) {
					if !usable(tr) {
						continue
					}
					path := append(append([]Step(nil), nd.path...), st)
					k := Key{nd.s.E[StackSide].State, st.Class(), tr.Action.Rule}
					if _, ok := first[k]; !ok {
						first[k] = path
						keys = append(keys, k)
					}
					n := advance(tr, st)
					if visit != nil {
						visit(&n, path)
					}
					ns := n
					ns.E[StackSide].Confirmed, ns.E[StackSide].PeerAtt = 0, 0
					if !seen[ns] {
						seen[ns] = true
						next = append(next, node{s: n, path: path})
					}
				}
			}
		}
		level = next
	}
	return first, keys
}

// prefixTests makes a test of each key's path, longest first, putting a
// key whose path is a prefix of a chosen test's into that test.
func prefixTests(c model.Config, first map[Key][]Step, keys []Key) []Test {
	keys = append([]Key(nil), keys...)
	sort.SliceStable(keys, func(i, j int) bool { return len(first[keys[i]]) > len(first[keys[j]]) })
	var tests []Test
	for _, k := range keys {
		p := first[k]
		placed := false
		for i := range tests {
			if isPrefix(p, tests[i].Steps) {
				tests[i].Covers = append(tests[i].Covers, k)
				placed = true
				break
			}
		}
		if !placed {
			tests = append(tests, Test{Origin: "coverage", Config: c, Steps: p, Covers: []Key{k}})
		}
	}
	return tests
}

// maxChain is how many tests chain merges into one.
const maxChain = 6

// chain merges tests that share all steps but the last, when the last
// step of one leaves the model's state as it was (an unacceptable segment
// answered by an ACK, an ignored RST): that step can come first and the
// other test go on from the same state. It divides the number of tests
// (each costs a fresh stack) by up to maxChain. A test stops at its first
// difference, so a chained step after a difference is not reached; the
// report counts the keys reached.
func chain(m *model.Model, tests []Test) []Test {
	type group struct {
		loops []int // tests whose last step is a self-loop
		other []int
	}
	groups := map[string]*group{}
	var order []string
	for i, t := range tests {
		prefix := t.Steps[:len(t.Steps)-1]
		key := fmt.Sprint(prefix)
		g := groups[key]
		if g == nil {
			g = &group{}
			groups[key] = g
			order = append(order, key)
		}
		if selfLoop(m, t.Steps) {
			g.loops = append(g.loops, i)
		} else {
			g.other = append(g.other, i)
		}
	}
	var out []Test
	for _, key := range order {
		g := groups[key]
		loops := g.loops
		ends := g.other
		for len(loops) > 0 || len(ends) > 0 {
			var t Test
			n := 0
			for len(loops) > 0 && n < maxChain-1 {
				t = appendLast(t, tests[loops[0]])
				loops = loops[1:]
				n++
			}
			if len(ends) > 0 {
				t = appendLast(t, tests[ends[0]])
				ends = ends[1:]
			}
			out = append(out, t)
		}
	}
	return out
}

// appendLast extends t by the last step of u (t takes u's prefix when it
// is empty) and u's keys.
func appendLast(t, u Test) Test {
	if len(t.Steps) == 0 {
		t = u
		t.Steps = append([]Step(nil), u.Steps...)
		t.Covers = append([]Key(nil), u.Covers...)
		return t
	}
	t.Steps = append(t.Steps, u.Steps[len(u.Steps)-1])
	t.Covers = append(t.Covers, u.Covers...)
	return t
}

// selfLoop reports whether the last step of steps leaves the model state
// unchanged.
func selfLoop(m *model.Model, steps []Step) bool {
	s := m.Initial()
	for i, st := range steps {
		tr := Successors(m, &s, st)
		if len(tr) == 0 {
			return false
		}
		n := advance(tr[0], st)
		if i == len(steps)-1 {
			return n == s
		}
		s = n
	}
	return false
}

func isPrefix(p, q []Step) bool {
	if len(p) > len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

func lessSteps(p, q []Step) bool {
	for i := 0; i < len(p) && i < len(q); i++ {
		if a, b := p[i].String(), q[i].String(); a != b {
			return a < b
		}
	}
	return len(p) < len(q)
}

// Walks are n seeded random walks of up to length steps over the tester's
// inputs: the same seed gives the same tests.
func Walks(m *model.Model, seed int64, n, length int) []Test {
	r := rand.New(rand.NewSource(seed))
	var tests []Test
	for i := 0; i < n; i++ {
		s := m.Initial()
		var steps []Step
		for len(steps) < length {
			in := Inputs(m, &s)
			var ok []Step
			for _, st := range in {
				if tr := Successors(m, &s, st); len(tr) > 0 && usable(tr[0]) {
					ok = append(ok, st)
				}
			}
			if len(ok) == 0 {
				break
			}
			st := ok[r.Intn(len(ok))]
			steps = append(steps, st)
			s = advance(Successors(m, &s, st)[0], st)
		}
		tests = append(tests, Test{Name: fmt.Sprintf("walk-%03d", i+1), Origin: fmt.Sprintf("random walk, seed %d", seed), Config: m.Config(), Steps: steps})
	}
	return tests
}

// Scenarios turns the built-in traces S1–S17 into tests: B's user calls
// and the segments delivered to B become tester steps; A's own steps are
// the tester's business and need nothing from the stack. A trace is
// followed up to its first step the stack cannot be driven through (a
// timer, a crash of B, a call no socket can make); a trace with no
// stack step before that is left out. Each test keeps its trace's
// configuration, with roles any.
func Scenarios(variant model.Config) ([]Test, []string) {
	var tests []Test
	var skipped []string
	for _, name := range scenario.Builtin() {
		tr, err := scenario.Load(name)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		rep, err := scenario.Replay(tr)
		if err != nil || !rep.OK() {
			skipped = append(skipped, name+": does not replay")
			continue
		}
		cfg, err := tr.ModelConfig()
		if err != nil {
			skipped = append(skipped, name+": "+err.Error())
			continue
		}
		if cfg.Broken() {
			// S16 shows what the three-segment close loses: no stack
			// is expected to behave so.
			skipped = append(skipped, name+": a broken variant's trace, not a behaviour to expect of a stack")
			continue
		}
		// Old duplicates in flight at the start are segments the tester
		// injects when the trace delivers them.
		cfg.OldDups = nil
		if variant.Stack != model.StackRFC {
			// A profile judges the scenario by its stack's segment rules.
			cfg.Stack, cfg.TrimSYN = variant.Stack, variant.TrimSYN
		}
		var steps []Step
		stop := ""
		for _, res := range rep.Results {
			if !res.Taken {
				continue
			}
			a := res.Action
			if a.Side != StackSide {
				if a.Kind == model.Drop || a.Kind == model.Deliver || a.Kind <= model.Abort {
					continue
				}
				continue
			}
			if a.Kind == model.Drop {
				continue
			}
			e := prevEndpoint(rep, res.Index)
			if a.Kind == model.Deliver {
				steps = append(steps, Step{Call: model.Deliver, Seg: a.Seg, SeqClass: "trace", AckClass: "trace"})
				continue
			}
			if a.Kind <= model.Abort && Drivable(a.Kind, &e) {
				steps = append(steps, Step{Call: a.Kind})
				continue
			}
			stop = fmt.Sprintf("step %d (%v) cannot be driven", res.Index, a)
			break
		}
		if len(steps) == 0 {
			skipped = append(skipped, name+": no stack step to drive")
			continue
		}
		cfg.Roles = model.AnyRole
		origin := "scenario " + name + ": " + tr.Title
		if stop != "" {
			origin += " (up to " + stop + ")"
		}
		tests = append(tests, Test{Name: name, Origin: origin, Config: cfg, Steps: steps})
	}
	_ = variant
	return tests, skipped
}

// prevEndpoint is B's endpoint before step i (from 1) of a replay.
func prevEndpoint(rep *scenario.Report, i int) model.Endpoint {
	for j := i - 2; j >= 0; j-- {
		if rep.Results[j].Taken {
			return rep.Results[j].State.E[StackSide]
		}
	}
	return model.Endpoint{}
}
