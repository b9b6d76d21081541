package props

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// Options selects the properties and bounds the search.
type Options struct {
	Props     []Property // nil means all
	Workers   int
	Store     explore.StoreKind
	MaxStates int64
	MaxDepth  int
	MaxMemory uint64
	Timeout   time.Duration
	// Continue collects one shortest counterexample per property instead
	// of stopping at the level of the first violation. L1 needs the whole
	// graph, so without Continue it is checked only if no safety property
	// fails.
	Continue bool
	Progress func(explore.Progress)
	// LivenessProgress, if set, is called as L1 is checked on the graph
	// after the search: the step, and units done of total (0: unknown).
	LivenessProgress func(step string, done, total int64)
	// Coverage, if set, counts the transitions per rule of the model.
	Coverage *Coverage
	// Checkpoint, CheckpointEvery, CheckpointTag and Resume are those of
	// explore.Options (not with L1, whose graph a checkpoint does not
	// keep). The notes counting successors beyond the bounds, and P6's
	// terminal pairs, cover only the part of the search run since the
	// resume.
	Checkpoint      string
	SpillDir        string // explore.Options.SpillDir
	CheckpointEvery time.Duration
	CheckpointTag   string
	Resume          string
	// MemoryWarning is explore.Options.MemoryWarning.
	MemoryWarning func(explore.MemoryForecast)
}

// Lasso is a liveness counterexample: a path from an initial state to a
// cycle the behaviour can follow forever under the fairness assumptions,
// never reaching the goal.
type Lasso struct {
	Init   model.State
	Prefix []explore.Step[model.State, model.Action] // ends in the first state of the cycle
	// PStep: the premise first holds after PStep prefix steps (0: Init).
	PStep int
	// Cycle returns to the last state of Prefix. Empty means the behaviour
	// stays there forever: no fair action is enabled in it.
	Cycle []explore.Step[model.State, model.Action]
	// Fairness says, per fairness constraint, why the cycle is fair.
	Fairness []string
}

// Outcome is the verdict on one property.
type Outcome struct {
	Property Property
	Verdict  explore.Verdict
	Trace    *explore.Trace[model.State, model.Action] // shortest safety counterexample, or L1's path to a stuck state
	Lasso    *Lasso                                    // L1's fair cycle avoiding the goal
	Depth    int                                       // steps of the counterexample (prefix plus cycle for a lasso)
	Note     string
	// Vacuous: the property holds because its premise never does (L2
	// without a listener that stays).
	Vacuous bool
}

// Report is the result of Check.
type Report struct {
	Outcomes []Outcome
	Stats    explore.Stats
	Verdict  explore.Verdict
	Notes    []string
	// Liveness is the time spent on L1 after the search (graph passes).
	Liveness time.Duration
}

// Outcome returns the outcome of the property with the given ID.
func (r *Report) Outcome(id string) (Outcome, bool) {
	for _, o := range r.Outcomes {
		if o.Property.ID == id {
			return o, true
		}
	}
	return Outcome{}, false
}

// Check explores m once, checking every selected safety property during
// the search, then L1 on the retained graph. The error is for bad options
// only; a search cut short gives Incomplete verdicts.
func Check(ctx context.Context, m *model.Model, o Options) (*Report, error) {
	return check(ctx, m, o, assumptions{class: edgeClass, groups: fairness(), perSegment: true})
}

// assumptions are L1's fairness: the edge class of each action and the
// fairness constraints over those classes. Tests swap them to show that
// each assumption is needed.
type assumptions struct {
	class  func(model.Action) uint8
	groups []liveness.Fairness
	// perSegment adds fairness per segment in flight (segmentFairness).
	perSegment bool
	// l2: the groups are L2's (checkLassoWith judges L2's premise).
	l2 bool
}

func check(ctx context.Context, m *model.Model, o Options, fair assumptions) (*Report, error) {
	var ids []string
	for _, p := range o.Props {
		if p.ID == "" {
			return nil, fmt.Errorf("property %q has no ID: take properties from All or Lookup", p.Name)
		}
		ids = append(ids, p.ID)
	}
	// Lookup puts the selection in report order without repeats.
	sel, err := Lookup(ids)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, p := range sel {
		want[p.ID] = true
	}
	cfg := m.Config()

	var boundNet, boundAtt, boundISN atomic.Int64
	opt := explore.Options[model.State, model.Action]{
		Workers:         o.Workers,
		Store:           o.Store,
		MaxStates:       o.MaxStates,
		MaxDepth:        o.MaxDepth,
		MaxMemory:       o.MaxMemory,
		Checkpoint:      o.Checkpoint,
		SpillDir:        o.SpillDir,
		CheckpointEvery: o.CheckpointEvery,
		CheckpointTag:   o.CheckpointTag,
		Resume:          o.Resume,
		Timeout:         o.Timeout,
		Continue:        o.Continue,
		Progress:        o.Progress,
		MemoryWarning:   o.MemoryWarning,
		Constraint: func(s *model.State) bool {
			if s.Bound == 0 {
				return true
			}
			if s.Bound&model.BoundNet != 0 {
				boundNet.Add(1)
			}
			if s.Bound&model.BoundAttempts != 0 {
				boundAtt.Add(1)
			}
			if s.Bound&model.BoundISNSpace != 0 {
				boundISN.Add(1)
			}
			return false
		},
	}
	if cov := o.Coverage; cov != nil {
		// Every generated transition passes here, bound hits included.
		opt.ActionConstraint = func(_ *model.State, a model.Action, t *model.State) bool {
			cov.count(a, t)
			return true
		}
	}
	var pairs terminalPairs
	for _, c := range stateChecks(m) {
		if c.Name == "P6" {
			c.Holds = pairs.wrap(c.Holds)
		}
		if want[c.Name] {
			opt.Invariants = append(opt.Invariants, c)
		}
	}
	for _, c := range transitionChecks(m) {
		if want[c.Name] {
			opt.ActionInvariants = append(opt.ActionInvariants, c)
		}
	}
	if want["P6"] {
		// A true deadlock is quiescent too; the deadlock check reports it
		// under P6 as well, in case users could not act.
		opt.CheckDeadlock = true
		opt.Terminal = terminalOK
	}
	if want["L1"] || want["L2"] {
		opt.RetainGraph = true
		opt.EdgeClass = fair.class
		opt.Labels = livenessLabels(m, want["L1"])
	}

	res, err := explore.Run[model.State, model.Action](ctx, m, opt)
	if err != nil {
		return nil, err
	}
	rep := &Report{Stats: res.Stats}
	if n := boundNet.Load(); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d successors would exceed --net-bound %d and were excluded: raise --net-bound to see beyond it", n, cfg.NetBound))
	}
	if n := boundAtt.Load(); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d successors would draw more than --attempts %d ISNs and were excluded: raise --attempts to see beyond it", n, cfg.Attempts))
	}
	if n := boundISN.Load(); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d successors found no free ISS in --isn-space %d and were excluded: raise --isn-space to see beyond it", n, cfg.ISNSpace))
	}

	found := map[string]*explore.Violation[model.State, model.Action]{}
	for i := range res.Violations {
		v := &res.Violations[i]
		id := v.Property
		if id == explore.DeadlockProperty {
			id = "P6"
		}
		if found[id] == nil {
			found[id] = v
		}
	}
	// A search stops early for a budget, or (without Continue) after the
	// level of its first violation with states left to see.
	stoppedEarly := res.Stats.StopReason == explore.StopFirstViolation
	budget := res.Stats.StopReason != "" && !stoppedEarly
	var first []string
	for id := range found {
		first = append(first, id)
	}
	sort.Strings(first)
	if budget {
		rep.Notes = append(rep.Notes, "search stopped early: "+res.Stats.StopReason)
	}

	var tokens *liveness.Tokens // per-segment fairness, shared by L1 and L2
	var cut []uint64            // L2's withdrawing edges, found by the same replay
	replayed := false
	// replay runs the per-segment replay once, when a liveness check first
	// needs it: L1 asks after its possibility pass, so that the replay's
	// networks (K words a state) and that pass's reversed edges are never
	// held together.
	replay := func() (*liveness.Tokens, []uint64, error) {
		if replayed || !fair.perSegment && !want["L2"] {
			return tokens, cut, nil
		}
		replayed = true
		debug.FreeOSMemory()
		var edge func(uint64, *model.State, model.Action, *model.State)
		if want["L2"] {
			cut = make([]uint64, (len(res.Graph.Targets)+63)/64)
			w := withdraws(cfg)
			edge = func(e uint64, s *model.State, a model.Action, _ *model.State) {
				if w(s, a) {
					cut[e>>6] |= 1 << (e & 63)
				}
			}
		}
		var prog func(int64, int64)
		if o.LivenessProgress != nil {
			prog = func(done, total int64) {
				o.LivenessProgress("replaying the graph for per-segment fairness, states", done, total)
			}
		}
		tk, err := segmentFairness(m, res, edge, prog)
		if err != nil {
			return nil, nil, err
		}
		debug.FreeOSMemory() // the replay's two levels of states
		if fair.perSegment {
			tokens = tk
		}
		return tokens, cut, nil
	}
	for _, p := range sel {
		out := Outcome{Property: p}
		switch {
		case p.Kind == Liveness:
			switch {
			case budget:
				out.Verdict = explore.Incomplete
				out.Note = "incomplete: " + res.Stats.StopReason + " (" + p.ID + " needs the whole graph)"
			case stoppedEarly:
				out.Verdict = explore.Incomplete
				out.Note = "not checked: the search stopped at the first violation (" + strings.Join(first, ", ") + "); use Continue"
			default:
				start := time.Now()
				// The liveness steps allocate arrays of a few bytes a state
				// (or a transition) each, garbage once the step is done: give
				// it back before the next step, which the collector, paced
				// by the live heap alone, would not do in time on a graph of
				// a hundred million states (the graph itself lives outside
				// the Go heap, where the pacer does not see it).
				debug.FreeOSMemory()
				if p.ID == "L1" {
					err = checkL1(res, &out, fair.groups, func() (*liveness.Tokens, error) {
						tk, _, err := replay()
						return tk, err
					}, o.LivenessProgress)
				} else {
					err = checkL2(res, m, &out, replay, o.LivenessProgress)
				}
				if err != nil {
					return nil, err
				}
				rep.Liveness += time.Since(start)
			}
		case found[p.ID] != nil:
			v := found[p.ID]
			t := v.Trace
			out.Verdict = explore.Violated
			out.Trace = &t
			out.Depth = len(t.Steps)
			if p.ID == "P6" {
				if l := pairs.String(); l != "" {
					out.Note = "unacceptable terminal pairs A/B: " + l
				}
			}
		case budget:
			out.Verdict = explore.Incomplete
			out.Note = "incomplete: " + res.Stats.StopReason
		case stoppedEarly:
			out.Verdict = explore.Incomplete
			out.Note = "not checked to the end: the search stopped at the first violation (" + strings.Join(first, ", ") + "); use Continue"
		default:
			out.Verdict = explore.Holds
		}
		rep.Outcomes = append(rep.Outcomes, out)
	}
	rep.Verdict = explore.Holds
	for _, out := range rep.Outcomes {
		switch {
		case out.Verdict == explore.Violated:
			rep.Verdict = explore.Violated
		case out.Verdict == explore.Incomplete && rep.Verdict == explore.Holds:
			rep.Verdict = explore.Incomplete
		}
	}
	return rep, nil
}

// stateChecks are the state invariants, named by property ID.
func stateChecks(m *model.Model) []explore.Invariant[model.State] {
	return []explore.Invariant[model.State]{
		{Name: "P2", Holds: agreement},
		{Name: "P5", Holds: sanity(uint16(m.Config().ISNSpace), m.Config().Data)},
		{Name: "P6", Holds: terminalStates(m)},
	}
}

// transitionChecks are the action invariants, named by property ID.
func transitionChecks(m *model.Model) []explore.ActionInvariant[model.State, model.Action] {
	return []explore.ActionInvariant[model.State, model.Action]{
		{Name: "P1", Holds: noStaleConnection},
		{Name: "P1s", Holds: noStaleSYN},
		{Name: "P3", Holds: noCrossIncarnation},
		{Name: "P4", Holds: timeWaitProtects},
		{Name: "P7", Holds: gracefulClose},
		{Name: "D1", Holds: noDataLoss(m)},
		{Name: "D2", Holds: noOldData},
	}
}

// Trace flattens the lasso into one path, the cycle once after the prefix,
// for code that draws traces; the cycle starts after CycleStart steps.
func (l *Lasso) Trace() explore.Trace[model.State, model.Action] {
	steps := make([]explore.Step[model.State, model.Action], 0, len(l.Prefix)+len(l.Cycle))
	steps = append(append(steps, l.Prefix...), l.Cycle...)
	return explore.Trace[model.State, model.Action]{Init: l.Init, Steps: steps}
}

// CycleStart is the number of steps before the cycle.
func (l *Lasso) CycleStart() int { return len(l.Prefix) }
