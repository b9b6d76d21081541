package conform

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tcpcheck/tcpcheck/model"
)

// Stack is one fresh instance of a TCP implementation under test, reached
// through a link on which the tester is the only other host. Its methods
// are called from one goroutine.
type Stack interface {
	// Listen is a passive OPEN on StackPort.
	Listen() error
	// Connect is an active OPEN from StackPort to TesterAddr:TesterPort.
	Connect() error
	// Close is CLOSE: the listener is closed; a connection is shut down
	// for writing (a FIN), keeping the socket so that ABORT stays possible.
	Close() error
	// Abort is ABORT: SO_LINGER 0 and close.
	Abort() error
	// Inject hands an IPv4 packet to the stack as if it came from the
	// tester.
	Inject(pkt []byte) error
	// Read returns the next packet the stack sent on the link, waiting at
	// most wait; nil when none came.
	Read(wait time.Duration) ([]byte, error)
	// State is the state of the stack's TCB for the tester's connection:
	// that connection's socket if there is one, else LISTEN if a listener
	// is open, else CLOSED. It also accepts a connection the listener has
	// completed and closes the listener then, so that, as in the model,
	// one TCB serves the connection.
	State() (model.TCPState, error)
	// Stop frees the instance and everything it made.
	Stop() error
}

// Driver makes stacks.
type Driver interface {
	Name() string
	New() (Stack, error)
	// Settle is how long the stack must stay silent for "no reply".
	Settle() time.Duration
}

// Waiter is a Stack whose timers a test can wait for.
type Waiter interface {
	// UseTimers is called before the first step of a test that waits:
	// the stack's timers must then run at the pace the driver's Retries
	// and WaitLimit describe (Linux: a route without the large rto_min).
	UseTimers() error
	// Wait lets at most d of the stack's time pass, stopping early once
	// its next timer has fired when it can tell, and returns the time
	// that passed. When B is in FIN-WAIT-2, the socket is first released
	// (closed), as the stacks run their FIN-WAIT-2 timer only for a
	// connection no process holds.
	Wait(d time.Duration) (time.Duration, error)
}

// TimedDriver is a Driver whose stacks are Waiters.
type TimedDriver interface {
	Driver
	// Retries is how many times the stack sends a SYN, SYN,ACK or FIN
	// again before it gives up: the model's R2 in the timer tests.
	Retries() int
	// WaitLimit is how long a WAIT step lets pass for the stack's next
	// timer before it takes silence as the stack's answer.
	WaitLimit() time.Duration
	// FakeClock reports whether waiting costs no real time.
	FakeClock() bool
}

// Verdict of a test.
type Verdict string

const (
	Agree   Verdict = "AGREE"
	Differ  Verdict = "DIFFER"    // a reply or state the model does not allow
	Known   Verdict = "KNOWN"     // a difference listed in the --known file
	Timeout Verdict = "TIMEOUT"   // the stack could not be driven in time: no verdict
	Skipped Verdict = "NOTDRIVEN" // the model allows nothing drivable
)

// Observed is what the stack did after one step.
type Observed struct {
	Sent  []Wire
	State model.TCPState
}

// StepResult is one step of a test as run.
type StepResult struct {
	Step     Step
	From     model.State // the model state before the step
	Allowed  []model.Transition
	Match    int // index into Allowed, -1 when none matched
	Observed Observed
	// Model is the observed reply in the model's numbers (for messages and
	// the --known file).
	Model []model.Segment
}

// Packet is one packet that crossed the link, for the pcap file.
type Packet struct {
	At       time.Duration // since the test began
	FromTest bool          // sent by the tester
	Data     []byte
}

// Result is one test as run.
type Result struct {
	Test     Test
	Verdict  Verdict
	Steps    []StepResult
	Note     string // why a test timed out or was not driven
	Packets  []Packet
	Seconds  float64
	KnownRef *KnownEntry
	// Rederived marks a test made by Rederive.
	Rederived bool
}

// Diff is the differing step, or nil; a test that timed out has none.
func (r *Result) Diff() *StepResult {
	if len(r.Steps) == 0 || r.Verdict != Differ && r.Verdict != Known {
		return nil
	}
	last := &r.Steps[len(r.Steps)-1]
	if last.Match < 0 {
		return last
	}
	return nil
}

// Signature identifies a difference for the --known file: the state, the
// input and what the stack did, in the model's numbers.
func (sr *StepResult) Signature() string {
	return sr.From.E[StackSide].State.String() + " | " + sr.Step.Class() + " | " + observedText(sr)
}

func observedText(sr *StepResult) string {
	var parts []string
	for _, g := range sr.Model {
		parts = append(parts, "snd "+g.String())
	}
	if len(parts) == 0 {
		parts = append(parts, "snd none")
	}
	return strings.Join(parts, ", ") + ", " + sr.Observed.State.String()
}

// AllowedText lists the model's allowed outcomes of a step.
func (sr *StepResult) AllowedText() []string {
	var out []string
	for _, tr := range sr.Allowed {
		s := "snd none"
		if tr.Action.HasSent {
			s = "snd " + tr.Action.Sent.String()
		}
		out = append(out, s+", "+tr.Action.To.String()+" ("+tr.Action.Rule.String()+")")
	}
	return out
}

// Base sequence numbers of the real spaces: the tester's numbers are its
// model numbers plus testerBase; the stack's before it drew any ISS are
// pseudoBase plus the model's.
const (
	testerBase = 0x6b000000
	pseudoBase = 0x40000000
)

// numbering maps the model's sequence numbers to the real ones: the
// tester's space by a fixed offset, the stack's by an anchor per attempt
// (its real ISS against the model's), learnt from its SYN.
type numbering struct {
	n      uint32
	anchor map[uint8][2]uint32 // attempt -> {model ISS, real ISS}
	window uint32              // the stack's last advertised window
}

func (nb *numbering) signed(d uint32) int32 {
	d %= nb.n
	if d >= nb.n/2 {
		return int32(d) - int32(nb.n)
	}
	return int32(d)
}

func (nb *numbering) tester(v uint16) uint32 { return testerBase + uint32(v) }

func (nb *numbering) stack(v uint16, att uint8) uint32 {
	a, ok := nb.anchor[att]
	if !ok {
		return pseudoBase + uint32(v)
	}
	return a[1] + uint32(nb.signed(uint32(v)+nb.n-a[0]))
}

// stackModel maps a real number of the stack's space back to the model's.
func (nb *numbering) stackModel(v uint32, att uint8) uint16 {
	a, ok := nb.anchor[att]
	if !ok {
		a = [2]uint32{0, pseudoBase}
	}
	d := int64(int32(v - a[1]))
	return uint16(((int64(a[0])+d)%int64(nb.n) + int64(nb.n)) % int64(nb.n))
}

func (nb *numbering) testerModel(v uint32) uint16 {
	d := int64(int32(v - testerBase))
	return uint16((d%int64(nb.n) + int64(nb.n)) % int64(nb.n))
}

// wire builds the real segment of a tester step in state s.
func (nb *numbering) wire(st Step, s *model.State) Wire {
	g := st.Seg
	w := Wire{Src: TesterAddr, Dst: StackAddr, SrcPort: TesterPort, DstPort: StackPort, Ctl: ctlOf(g.Flags), Window: 65535}
	w.Seq = nb.tester(g.Seq)
	if st.SeqClass == "ahead" && !(g.Flags == model.FlagSYN && s.E[StackSide].State == model.TimeWait) {
		// Beyond the real window, not only the model's. (A SYN to
		// TIME-WAIT needs only to lie above RCV.NXT to reopen, and its
		// number becomes the new IRS: not widened.)
		w.Seq += nb.window
	}
	if g.Flags&model.FlagACK != 0 {
		w.Ack = nb.stack(g.Ack, s.E[StackSide].Att)
	}
	return w
}

// expect is the real segment the model's reply g would be, with the
// stack's attempt att.
func (nb *numbering) expect(g model.Segment, att uint8) Wire {
	w := Wire{Src: StackAddr, Dst: TesterAddr, SrcPort: StackPort, DstPort: TesterPort, Ctl: ctlOf(g.Flags)}
	w.Seq = nb.stack(g.Seq, att)
	if g.Flags == model.FlagRST|model.FlagACK && g.Seq == 0 {
		w.Seq = 0 // §3.5.2: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
	}
	if g.Flags&model.FlagACK != 0 {
		w.Ack = nb.tester(g.Ack)
	}
	return w
}

func (nb *numbering) toModel(w Wire, att uint8) model.Segment {
	g := model.Segment{Src: StackSide, Flags: w.Flags(), Seq: nb.stackModel(w.Seq, att)}
	if w.Flags() == model.FlagRST|model.FlagACK && w.Seq == 0 {
		g.Seq = 0
	}
	if w.Ctl&wireACK != 0 {
		g.Ack = nb.testerModel(w.Ack)
	}
	return g
}

func sameSeg(a, b Wire) bool {
	return a.Flags() == b.Flags() && a.Seq == b.Seq && (a.Ctl&wireACK == 0 || a.Ack == b.Ack) && a.DataLen == 0
}

// Runner runs tests against a driver.
type Runner struct {
	Driver Driver
	// Log, if set, is told about each test as it ends.
	Log func(r *Result)
}

// Run runs every test in order, in the calling goroutine, and stops at the
// first error of the driver itself (not of a test).
func (rn *Runner) Run(ctx context.Context, tests []Test) ([]Result, error) {
	var out []Result
	for _, t := range tests {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r, err := rn.one(ctx, t)
		if errors.Is(err, context.Canceled) {
			// Interrupted in a wait: the test has no verdict.
			return out, err
		}
		if err != nil {
			return out, fmt.Errorf("%s: %w", t.Name, err)
		}
		out = append(out, r)
		if rn.Log != nil {
			rn.Log(&out[len(out)-1])
		}
	}
	return out, nil
}

// maxBurst is the most segments the stack may send without a pause of
// the settle time: a stack that keeps sending ends the test as TIMEOUT.
const maxBurst = 100

// errFlood marks a stack that did not stop sending.
var errFlood = fmt.Errorf("the stack sent more than %d segments without pausing", maxBurst)

// budget is how long a test may take before it ends as TIMEOUT: 30 s, and
// for each wait in real time the driver's WaitLimit.
func (rn *Runner) budget(t Test) time.Duration {
	b := 30 * time.Second
	if td, ok := rn.Driver.(TimedDriver); ok && !td.FakeClock() {
		for _, st := range t.Steps {
			if st.IsWait() {
				b += td.WaitLimit()
			}
		}
	}
	return b
}

func (rn *Runner) one(ctx context.Context, t Test) (res Result, _ error) {
	res = Result{Test: t, Verdict: Agree}
	start := time.Now()
	defer func() { res.Seconds = time.Since(start).Seconds() }()
	budget := rn.budget(t)
	m, err := model.New(t.Config)
	if err != nil {
		return res, err
	}
	st, err := rn.Driver.New()
	if err != nil {
		return res, err
	}
	defer st.Stop()
	if k, ok := st.(interface{ KeepListener() }); ok && t.Config.ListenerStays {
		// The model's listener outlives its connections: so must the
		// stack's (a listening socket stays open after accept).
		k.KeepListener()
	}
	nb := &numbering{n: uint32(t.Config.ISNSpace), anchor: map[uint8][2]uint32{}, window: 65535}
	settle := rn.Driver.Settle()
	s := m.Initial()
	collect := func(wait time.Duration) ([]Wire, error) {
		var ws []Wire
		for {
			b, err := st.Read(wait)
			if err != nil {
				return ws, err
			}
			if b == nil {
				return ws, nil
			}
			res.Packets = append(res.Packets, Packet{At: time.Since(start), Data: b})
			w, err := Unmarshal(b)
			if err != nil || w.SrcPort != StackPort || w.DstPort != TesterPort {
				continue // not the connection's (none expected on this link)
			}
			ws = append(ws, w)
			if w.Ctl&wireRST == 0 {
				// A RST advertises no window (0): keep the last real one.
				nb.window = max(uint32(w.Window), 1)
			}
			if len(ws) > maxBurst {
				return ws, errFlood
			}
		}
	}
	var waiter Waiter
	for _, step := range t.Steps {
		if !step.IsWait() {
			continue
		}
		w, ok := st.(Waiter)
		if _, ok2 := rn.Driver.(TimedDriver); !ok || !ok2 {
			res.Verdict = Timeout
			res.Note = "the stack's timers cannot be waited for"
			return res, nil
		}
		if err := w.UseTimers(); err != nil {
			res.Verdict = Timeout
			res.Note = fmt.Sprintf("setting the stack's timers up: %v", err)
			return res, nil
		}
		waiter = w
		break
	}
	for _, step := range t.Steps {
		sr := StepResult{Step: step, From: s, Match: -1}
		if el := time.Since(start); el > budget {
			res.Verdict = Timeout
			res.Note = fmt.Sprintf("step %v: the test has run %.0f s, longer than its %.0f s", step, el.Seconds(), budget.Seconds())
			return res, nil
		}
		for _, tr := range Successors(m, &s, step) {
			if usable(tr) {
				sr.Allowed = append(sr.Allowed, tr)
			}
		}
		if len(sr.Allowed) == 0 {
			res.Verdict = Skipped
			res.Note = fmt.Sprintf("step %v: the model allows nothing within its bounds", step)
			return res, nil
		}
		var opErr error
		var obs []Wire
		if step.IsWait() {
			var more []Wire
			more, opErr = rn.wait(ctx, st, waiter, collect)
			if errors.Is(opErr, context.Canceled) {
				return res, opErr
			}
			obs = append(obs, more...)
		} else if step.IsCall() {
			switch step.Call {
			case model.PassiveOpen:
				opErr = st.Listen()
			case model.ActiveOpen:
				opErr = st.Connect()
			case model.Close:
				opErr = st.Close()
			case model.Abort:
				opErr = st.Abort()
			}
		} else {
			w := nb.wire(step, &s)
			b := w.Marshal()
			res.Packets = append(res.Packets, Packet{At: time.Since(start), FromTest: true, Data: b})
			opErr = st.Inject(b)
		}
		if opErr != nil {
			res.Verdict = Timeout
			res.Note = fmt.Sprintf("step %v: %v", step, opErr)
			res.Steps = append(res.Steps, sr)
			return res, nil
		}
		var state model.TCPState
		var after model.State
		// Look, then look longer before calling it a difference: a slow
		// stack is not a wrong one.
		for round, wait := 0, settle; round < 3; round, wait = round+1, wait*3 {
			more, err := collect(wait)
			if errors.Is(err, errFlood) {
				res.Verdict = Timeout
				res.Note = fmt.Sprintf("step %v: %v", step, err)
				res.Steps = append(res.Steps, sr)
				return res, nil
			}
			if err != nil {
				return res, err
			}
			obs = append(obs, more...)
			state, err = st.State()
			if err != nil {
				res.Verdict = Timeout
				res.Note = fmt.Sprintf("step %v: reading the state: %v", step, err)
				res.Steps = append(res.Steps, sr)
				return res, nil
			}
			if sr.Match = match(m, nb, sr.Allowed, obs, state, &after); sr.Match >= 0 {
				break
			}
			if alt, i := matchAfterRetransmissions(m, nb, s, step, obs, state, &after); i >= 0 {
				sr.Allowed, sr.Match = alt, i
				break
			}
		}
		sr.Observed = Observed{Sent: obs, State: state}
		att := s.E[StackSide].Att
		if sr.Match >= 0 {
			att = sr.Allowed[sr.Match].Next.E[StackSide].Att
		}
		for _, w := range obs {
			sr.Model = append(sr.Model, nb.toModel(w, att))
		}
		res.Steps = append(res.Steps, sr)
		if sr.Match < 0 {
			res.Verdict = Differ
			return res, nil
		}
		s = advance(model.Transition{Action: sr.Allowed[sr.Match].Action, Next: after}, step)
	}
	return res, nil
}

// wait lets the stack's time pass until it sends something or its state
// changes (its next timer fired), or the driver's WaitLimit passed.
func (rn *Runner) wait(ctx context.Context, st Stack, w Waiter, collect func(time.Duration) ([]Wire, error)) ([]Wire, error) {
	before, err := st.State()
	if err != nil {
		return nil, err
	}
	limit := rn.Driver.(TimedDriver).WaitLimit()
	settle := rn.Driver.Settle()
	var obs []Wire
	for waited := time.Duration(0); waited < limit; {
		if err := ctx.Err(); err != nil {
			return obs, err
		}
		d, err := w.Wait(limit - waited)
		if err != nil {
			return obs, err
		}
		waited += d
		more, err := collect(settle)
		if err != nil {
			return obs, err
		}
		obs = append(obs, more...)
		now, err := st.State()
		if err != nil {
			return obs, err
		}
		if len(obs) > 0 || now != before {
			break
		}
	}
	return obs, nil
}

// match finds the allowed transition that the observation is: the same
// reply (or none) and the same state. The stack's retransmission timer may
// fire at any moment, as in the model (§3.10.8): segments beyond the reply
// that are retransmissions the model allows from the successor are taken
// as such, and the successor becomes the state after them (in *next). A
// transition that draws a new ISS for the stack learns its real ISS from
// the observed SYN.
func match(m *model.Model, nb *numbering, allowed []model.Transition, obs []Wire, state model.TCPState, next *model.State) int {
	for i, tr := range allowed {
		a := tr.Action
		if a.To != state {
			continue
		}
		rest := obs
		if a.HasSent {
			if len(obs) == 0 {
				continue
			}
			att := tr.Next.E[StackSide].Att
			learnt := false
			if _, ok := nb.anchor[att]; !ok && a.Sent.Flags&model.FlagSYN != 0 && obs[0].Ctl&wireSYN != 0 {
				nb.anchor[att] = [2]uint32{uint32(tr.Next.E[StackSide].ISS), obs[0].Seq}
				learnt = true
			}
			if !sameSeg(nb.expect(a.Sent, att), obs[0]) {
				if learnt {
					delete(nb.anchor, att)
				}
				continue
			}
			rest = obs[1:]
		}
		s := tr.Next
		ok := true
		for _, w := range rest {
			if !retransmission(m, nb, &s, w) {
				ok = false
				break
			}
		}
		if ok {
			*next = s
			return i
		}
	}
	return -1
}

// matchAfterRetransmissions is match when B's retransmission timer fired
// before the step took effect (§3.10.8: at any moment): the observation
// starts with retransmissions the model allows in s, and the step's
// outcome, from the state after them, follows. It returns the outcomes
// allowed there and the index of the matching one, or -1.
func matchAfterRetransmissions(m *model.Model, nb *numbering, s model.State, step Step, obs []Wire, state model.TCPState, next *model.State) ([]model.Transition, int) {
	pre := s
	for k := 0; k < len(obs) && retransmission(m, nb, &pre, obs[k]); k++ {
		var alt []model.Transition
		for _, tr := range Successors(m, &pre, step) {
			if usable(tr) {
				alt = append(alt, tr)
			}
		}
		if i := match(m, nb, alt, obs[k+1:], state, next); i >= 0 {
			return alt, i
		}
	}
	return nil, -1
}

// retransmission reports whether w is a retransmission the model allows
// the stack in *s, and if so takes that step in *s.
func retransmission(m *model.Model, nb *numbering, s *model.State, w Wire) bool {
	for _, tr := range m.Successors(s) {
		a := tr.Action
		if a.Side == StackSide && a.Kind == model.Retransmit && tr.Next.Bound == 0 && sameSeg(nb.expect(a.Sent, tr.Next.E[StackSide].Att), w) {
			*s = tr.Next
			return true
		}
	}
	return false
}
