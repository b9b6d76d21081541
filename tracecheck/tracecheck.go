// Package tracecheck decides whether a captured connection is a run of
// the model: it searches for a run whose segments, seen at the capture
// point, are exactly the captured ones in their order, with everything the
// capture cannot see (user calls, timer expiries, losses, deliveries on
// the far side) as hidden steps between them.
//
// The search is a breadth-first search over sets of model states, one
// observation at a time: the frontier is every state the model can be in
// just after the segments seen so far. Before each observation the
// frontier is closed under hidden steps; the observation then keeps only
// the transitions that show exactly that segment. States are compared
// whole, so the frontier holds each state once however many runs reach
// it. docs/CAPTURE.md gives the rules.
package tracecheck

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/model"
)

// At is where the capture was taken.
type At uint8

const (
	// Wire: between the endpoints. Every segment sent is seen when sent
	// (and may be lost afterwards); arrivals are not seen.
	Wire At = iota
	// AtA: at endpoint A. A's segments are seen when sent, B's when they
	// arrive at A (so they were not lost).
	AtA
	// AtB: at endpoint B, the mirror of AtA.
	AtB
)

func (a At) String() string {
	switch a {
	case AtA:
		return "A"
	case AtB:
		return "B"
	}
	return "wire"
}

// ParseAt reads "A", "B" or "wire".
func ParseAt(s string) (At, error) {
	switch strings.ToLower(s) {
	case "a":
		return AtA, nil
	case "b":
		return AtB, nil
	case "wire":
		return Wire, nil
	}
	return 0, fmt.Errorf("--at %q is unknown: use A (captured at the active opener), B (at the passive opener) or wire (between them)", s)
}

// Config is the model configuration the check uses for a variant: the
// variant's rules with bounds wide enough for a real connection: the
// largest network, unlimited losses, the most retransmissions, and as
// many incarnations and OPEN calls as the capture shows (one more OPEN).
func Config(variant string, m *capture.Mapped, bothOpen bool) (model.Config, error) {
	c, err := model.Variant(variant)
	if err != nil {
		return c, err
	}
	inc := max(m.Incarnations[0], m.Incarnations[1], 1)
	c.NetBound = model.MaxNetBound
	c.LossBudget = -1
	c.R2 = 7
	c.Attempts = min(inc, 3)
	c.Opens = min(inc+1, 7)
	c.ISNSpace = MapConfig.Space
	c.ISSBase = MapConfig.ISS
	c.ISNStride = MapConfig.Stride
	c.Roles = model.ClientServer
	if bothOpen {
		c.Roles = model.AnyRole
	}
	if c.ISN != model.ISNMonotone && c.ISN != model.ISNFixed {
		// A capture's ISS are placed at the monotone positions; a policy
		// that draws any ISS would only multiply the frontier.
		c.ISN = model.ISNMonotone
	}
	c.OldDups = nil
	return c, nil
}

// MapConfig is where captures are placed in the model's space: the ISS of
// the RFC's figures, 100 apart per incarnation.
var MapConfig = capture.MapConfig{Space: 1024, ISS: [2]int{100, 300}, Stride: 100, MaxIncarnations: 3}

// Options tune the search.
type Options struct {
	At At
	// MaxStates bounds the states held while closing one frontier under
	// hidden steps (0: DefaultMaxStates). Reaching it stops the check.
	MaxStates int
	// Complete skips the lean search (see Check).
	Complete bool
}

// DefaultMaxStates is the default Options.MaxStates.
const DefaultMaxStates = 1 << 20

// ErrTooManyStates is returned when a frontier outgrows Options.MaxStates.
var ErrTooManyStates = errors.New("frontier too large")

// Step is one step of an explaining run.
type Step struct {
	Obs  int          // the observation this step shows, or -1 for a hidden step
	Act  model.Action // the model's transition (zero for a data step)
	Data bool         // a data or ACK-only segment the model has no step for (see docs/CAPTURE.md)
	// Pending: the capture shows a segment the watched endpoint sent in
	// an earlier step (a reply shown after its trigger's arrival).
	Pending bool
	DataOf  model.Segment
	After   [2]model.TCPState
}

// Result is the verdict on one connection.
type Result struct {
	Conforms bool
	// FailAt is the index in the observations of the first segment no
	// run explains (when !Conforms).
	FailAt int
	// Bound is set when at FailAt some run was cut by a bound of the
	// model (network size, attempts): the capture may be beyond the
	// model rather than wrong.
	Bound bool
	// Allowed lists what the model allowed at FailAt, in the capture
	// point's terms ("A sends <SEQ=...>", "A receives <...>").
	Allowed []string
	// AllowedSent is the segments among Allowed that the model sends.
	AllowedSent []model.Segment
	// Run is one explaining run: up to FailAt (exclusive) when the
	// capture does not conform.
	Run []Step
	// Lean is set when the lean search (see Check) found the run.
	Lean bool
	// Expanded counts states expanded; Peak is the largest closed
	// frontier; Frontier the states left after the last observation.
	Expanded, Peak, Frontier int
}

// Assumed is the hidden causes of run: user calls, timers, losses and
// crashes, whether they showed a segment or not. Deliveries are left out.
func Assumed(run []Step) []Step {
	var out []Step
	for _, s := range run {
		if s.Data || s.Pending {
			continue
		}
		switch s.Act.Kind {
		case model.Deliver:
			continue
		}
		out = append(out, s)
	}
	return out
}

const maxPend = 4

// node is a search state: the model's state and the segments the observed
// endpoint has sent but the capture has not shown yet (at A or B a reply
// is sent as its trigger arrives, and shown after it).
type node struct {
	s    model.State
	pend [maxPend]model.Segment
	np   uint8
}

// hist is a run, as a list from its last step back (shared between runs).
type hist struct {
	prev *hist
	step Step
}

type checker struct {
	m     *model.Model
	cfg   model.Config
	n     uint16
	at    At
	obs   []capture.Obs
	max   int
	lean  bool
	full  bool // record every step in the runs (see record)
	next  map[node]*hist
	order []node // next's keys in insertion order (a deterministic frontier)
	// Reused from one observation to the next.
	seen  map[node]struct{}
	queue []node
	qh    []*hist
	bound bool
	res   *Result
}

// Check searches the model m for a run that shows exactly obs. It first
// searches lean: without hidden losses, hidden retransmissions and
// duplicated deliveries, which real connections seldom need and which
// make most of the frontier. A run found so is a run of the model, so
// "conforms" is sound; only if the lean search fails does the complete
// search run, and only it can say "does not conform".
func Check(m *model.Model, obs []capture.Obs, opt Options) (*Result, error) {
	if !opt.Complete {
		r, err := check(m, obs, opt, true)
		if err != nil || r.Conforms {
			return r, err
		}
		full, err := check(m, obs, opt, false)
		if full != nil {
			full.Expanded += r.Expanded
			full.Peak = max(full.Peak, r.Peak)
			if !full.Conforms && full.FailAt == r.FailAt {
				// Show the lean run: it needs no losses or duplicates
				// and reads as the capture does.
				full.Run = r.Run
			}
		}
		return full, err
	}
	return check(m, obs, opt, false)
}

func check(m *model.Model, obs []capture.Obs, opt Options, lean bool) (*Result, error) {
	c := &checker{m: m, cfg: m.Config(), at: opt.At, obs: obs, max: opt.MaxStates, lean: lean, res: &Result{Lean: lean}}
	c.n = uint16(c.cfg.ISNSpace)
	if c.max <= 0 {
		c.max = DefaultMaxStates
	}
	frontier := []node{{s: m.Initial()}}
	hists := []*hist{nil}
	// The run is kept whole only for its user calls, timers and losses;
	// its other steps are recorded only over the last observations, by
	// searching them again from a snapshot of the frontier, so that
	// memory does not grow with the capture (see record).
	var snaps [2]snapshot
	end := len(obs)
	for i := range obs {
		if i%snapEvery == 0 {
			snaps[0] = snaps[1]
			snaps[1] = snapshot{i, append([]node(nil), frontier...), append([]*hist(nil), hists...)}
		}
		if err := c.step(i, frontier, hists); err != nil {
			return nil, err
		}
		if len(c.next) == 0 {
			c.res.FailAt = i
			c.res.Bound = c.bound
			c.res.Allowed = c.allowed(frontier)
			end = i
			break
		}
		frontier = frontier[:0]
		hists = hists[:0]
		for _, n := range c.order {
			frontier = append(frontier, n)
			hists = append(hists, c.next[n])
		}
	}
	c.res.Conforms = end == len(obs)
	c.res.Frontier = len(frontier)
	sn := snaps[1]
	if end-sn.at < LadderRows && snaps[0].front != nil {
		sn = snaps[0]
	}
	h, err := c.record(sn, end)
	if err != nil {
		return nil, err
	}
	c.res.Run = runOf(h)
	return c.res, nil
}

// snapEvery is how often the frontier is kept for record; LadderRows is
// how many observations before the end the recorded run covers at least.
const (
	snapEvery  = 64
	LadderRows = 40
)

// snapshot is the frontier before observation at.
type snapshot struct {
	at    int
	front []node
	hists []*hist
}

// record searches observations [sn.at, end) again from sn, keeping every
// step, and returns the run of the first node reached.
func (c *checker) record(sn snapshot, end int) (*hist, error) {
	if sn.front == nil {
		return nil, nil
	}
	expanded, peak := c.res.Expanded, c.res.Peak
	defer func() { c.res.Expanded, c.res.Peak, c.full = expanded, peak, false }()
	c.full = true
	frontier, hists := sn.front, sn.hists
	for i := sn.at; i < end; i++ {
		if err := c.step(i, frontier, hists); err != nil {
			return nil, err
		}
		frontier, hists = nil, nil
		// Runs that delivered what was sent come first, so that the
		// recorded run reads as the capture does (no segment left
		// waiting in the network without need).
		order := append([]node(nil), c.order...)
		sort.SliceStable(order, func(a, b int) bool { return order[a].s.Net.Len() < order[b].s.Net.Len() })
		for _, n := range order {
			frontier = append(frontier, n)
			hists = append(hists, c.next[n])
		}
		if len(frontier) == 0 {
			return nil, fmt.Errorf("tracecheck: internal error: observation %d explained once but not when recorded", i)
		}
	}
	return hists[0], nil
}

// keep extends the run h by st if the run is being recorded in full or
// st is one of the steps always kept: a user call, a timer, a loss.
func (c *checker) keep(h *hist, st Step) *hist {
	if c.full || (!st.Data && !st.Pending && st.Act.Kind != model.Deliver) {
		return &hist{h, st}
	}
	return h
}

func runOf(h *hist) []Step {
	var out []Step
	for ; h != nil; h = h.prev {
		out = append(out, h.step)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// watched is the endpoint at the capture point, or -1 on the wire.
func (c *checker) watched() int {
	switch c.at {
	case AtA:
		return 0
	case AtB:
		return 1
	}
	return -1
}

// events gives the segments transition a shows at the capture point: an
// arrival at the watched endpoint, then a segment sent (seen on the wire
// or sent by the watched endpoint).
func (c *checker) events(a *model.Action) (arr, snd *model.Segment) {
	w := c.watched()
	if a.Kind == model.Deliver && w >= 0 && int(a.Side) == w {
		arr = &a.Seg
	}
	if a.HasSent && (w < 0 || int(a.Sent.Src) == w) {
		snd = &a.Sent
	}
	return arr, snd
}

// same compares segments as the capture shows them: no tag.
func same(a, b *model.Segment) bool {
	if a.Src != b.Src || a.Flags != b.Flags || a.Seq != b.Seq {
		return false
	}
	return a.Flags&model.FlagACK == 0 || a.Ack == b.Ack
}

// isArrival reports whether observation o is an arrival at the watched
// endpoint (rather than a segment sent).
func (c *checker) isArrival(o *capture.Obs) bool {
	w := c.watched()
	return w >= 0 && int(o.Seg.Src) != w
}

// blocked reports whether a takes a segment out of the network that the
// capture has not shown yet (a pending segment of the watched endpoint).
func blocked(n *node, a *model.Action) bool {
	if n.np == 0 || (a.Kind != model.Deliver && a.Kind != model.Drop) {
		return false
	}
	k := 0
	for i := 0; i < int(n.np); i++ {
		if n.pend[i] == a.Seg {
			k++
		}
	}
	return k > 0 && n.s.Net.Count(a.Seg) <= k
}

func (c *checker) add(n node, h *hist) {
	if _, ok := c.next[n]; ok {
		return
	}
	c.next[n] = h
	c.order = append(c.order, n)
}

// step closes the frontier under hidden steps and keeps, in c.next, the
// nodes reached by showing observation i.
func (c *checker) step(i int, frontier []node, hists []*hist) error {
	o := &c.obs[i]
	arrival := c.isArrival(o)
	if c.next == nil {
		c.next, c.seen = map[node]*hist{}, map[node]struct{}{}
	}
	clear(c.next)
	clear(c.seen)
	c.order = c.order[:0]
	c.bound = false
	seen := c.seen
	queue := append(c.queue[:0], frontier...)
	qh := append(c.qh[:0], hists...)
	defer func() {
		clear(qh) // drop the runs for the collector
		c.queue, c.qh = queue[:0], qh[:0]
	}()
	for _, n := range queue {
		seen[n] = struct{}{}
	}
	for qi := 0; qi < len(queue); qi++ {
		n, h := queue[qi], qh[qi]
		c.res.Expanded++
		// A pending segment of the watched endpoint shows first.
		if n.np > 0 && !arrival && same(&n.pend[0], &o.Seg) {
			nn := n
			copy(nn.pend[:], nn.pend[1:])
			nn.np--
			nn.pend[nn.np] = model.Segment{}
			c.add(nn, c.keep(h, Step{Obs: i, Pending: true, DataOf: o.Seg, After: states(&nn.s)}))
		}
		var err error
		c.m.Next(&n.s, func(a model.Action, t *model.State) {
			if err != nil {
				return
			}
			if t.Bound != 0 {
				c.bound = true
				return
			}
			if blocked(&n, &a) || (c.lean && a.Dup) {
				return
			}
			arr, snd := c.events(&a)
			if arr == nil && snd == nil {
				if c.lean && (a.Kind == model.Drop || a.Kind == model.Retransmit) {
					return
				}
				nn := node{s: *t, pend: n.pend, np: n.np}
				if _, ok := seen[nn]; ok {
					return
				}
				if len(queue) >= c.max {
					err = fmt.Errorf("%w: more than %d states before packet %d (--max-states)", ErrTooManyStates, c.max, o.N)
					return
				}
				seen[nn] = struct{}{}
				queue = append(queue, nn)
				if a.Kind == model.Deliver {
					// Hidden deliveries are not kept in the run: the
					// report and the ladders show the capture's arrows,
					// and a long capture has one per segment.
					qh = append(qh, h)
				} else {
					qh = append(qh, &hist{h, Step{Obs: -1, Act: a, After: states(t)}})
				}
				return
			}
			first := arr
			if first == nil {
				first = snd
				if n.np > 0 { // the watched endpoint's earlier segments show first
					return
				}
			}
			if (arr != nil) != arrival || !same(first, &o.Seg) {
				return
			}
			nn := node{s: *t, pend: n.pend, np: n.np}
			if arr != nil && snd != nil {
				if nn.np >= maxPend {
					c.bound = true
					return
				}
				nn.pend[nn.np] = *snd
				nn.np++
			}
			c.add(nn, c.keep(h, Step{Obs: i, Act: a, After: states(t)}))
		})
		if err != nil {
			return err
		}
		if o.Seg.Flags == model.FlagACK {
			c.data(i, o, &n, h, arrival)
		}
	}
	c.res.Peak = max(c.res.Peak, len(queue))
	return nil
}

func states(s *model.State) [2]model.TCPState { return [2]model.TCPState{s.E[0].State, s.E[1].State} }

// Sequence arithmetic in Z_N (RFC 9293 §3.4).
func (c *checker) sub(a, b uint16) uint16 {
	return uint16((uint32(a) + uint32(c.n) - uint32(b)) % uint32(c.n))
}
func (c *checker) lt(a, b uint16) bool {
	d := c.sub(b, a)
	return d > 0 && d < c.n/2
}
func (c *checker) le(a, b uint16) bool { return a == b || c.lt(a, b) }

// data is the step for a segment with only ACK set, data or not, that the
// model has no transition for: data transfer and its acknowledgments. The
// sender must be synchronized, its SEQ in [SND.UNA, SND.NXT] (new data
// only before its FIN) and its ACK in (IRS, RCV.NXT]; the segment then
// joins the network as an ACK (once: a second equal ACK adds nothing the
// first does not) and is delivered by the model's rules. At the receiver's
// capture point it must be delivered at once.
func (c *checker) data(i int, o *capture.Obs, n *node, h *hist, arrival bool) {
	g := o.Seg
	x := g.Src
	p := &n.s.E[x]
	g.Tag = model.Tag{Side: x, Att: p.Att}
	if !arrival {
		if n.np > 0 || !p.State.Synchronized() {
			return
		}
		if !c.le(p.SndUna, g.Seq) || !c.le(g.Seq, p.SndNxt) || !c.lt(p.IRS, g.Ack) || !c.le(g.Ack, p.RcvNxt) {
			return
		}
		if o.Data > 0 && g.Seq == p.SndNxt && p.State != model.Established && p.State != model.CloseWait {
			return // new data after this side's FIN
		}
		nn := *n
		if nn.s.Net.Count(g) == 0 && nn.s.Net.Len() < c.cfg.NetBound {
			nn.s.Net.Add(g)
		}
		c.add(nn, c.keep(h, Step{Obs: i, Data: true, DataOf: g, After: states(&nn.s)}))
		return
	}
	// An arrival at the watched endpoint: put it in flight and deliver it.
	t := n.s
	if t.Net.Count(g) == 0 {
		if t.Net.Len() >= c.cfg.NetBound {
			return
		}
		t.Net.Add(g)
	}
	c.m.Next(&t, func(a model.Action, u *model.State) {
		if a.Kind != model.Deliver || a.Seg != g || u.Bound != 0 || (c.lean && a.Dup) {
			return
		}
		_, snd := c.events(&a)
		nn := node{s: *u, pend: n.pend, np: n.np}
		if snd != nil {
			if nn.np >= maxPend {
				return
			}
			nn.pend[nn.np] = *snd
			nn.np++
		}
		c.add(nn, c.keep(h, Step{Obs: i, Act: a, Data: true, DataOf: g, After: states(u)}))
	})
}

// allowed lists what the model could show next from the frontier, at
// most 12 entries.
// sent records a segment the model may send next, without its tag.
func (c *checker) sent(g model.Segment) {
	g.Tag = model.Tag{}
	for _, x := range c.res.AllowedSent {
		if x == g {
			return
		}
	}
	if len(c.res.AllowedSent) < 64 {
		c.res.AllowedSent = append(c.res.AllowedSent, g)
	}
}

func (c *checker) allowed(frontier []node) []string {
	set := map[string]bool{}
	var out []string
	put := func(s string) {
		if !set[s] && len(out) < 12 {
			set[s] = true
			out = append(out, s)
		}
	}
	seen := map[node]bool{}
	queue := append([]node(nil), frontier...)
	for qi := 0; qi < len(queue) && qi < c.max; qi++ {
		n := queue[qi]
		if n.np > 0 {
			put(n.pend[0].Src.String() + " sends " + n.pend[0].String())
			c.sent(n.pend[0])
		}
		c.m.Next(&n.s, func(a model.Action, t *model.State) {
			if t.Bound != 0 || blocked(&n, &a) {
				return
			}
			arr, snd := c.events(&a)
			switch {
			case arr != nil:
				put(a.Side.String() + " receives " + arr.String())
			case snd != nil:
				if n.np == 0 {
					put(snd.Src.String() + " sends " + snd.String())
					c.sent(*snd)
				}
			default:
				nn := node{s: *t, pend: n.pend, np: n.np}
				if !seen[nn] {
					seen[nn] = true
					queue = append(queue, nn)
				}
			}
		})
		for x := model.A; x <= model.B; x++ {
			p := &n.s.E[x]
			if p.State.Synchronized() && c.watched() != int(x.Peer()) {
				put(fmt.Sprintf("%v sends data or an ACK with SEQ %d..%d, ACK %d..%d", x, p.SndUna, p.SndNxt, (p.IRS+1)%c.n, p.RcvNxt))
			}
		}
	}
	return out
}
