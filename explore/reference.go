package explore

import (
	"context"
	"fmt"
	"time"
)

// referenceRun is the plain sequential search with a Go map that Run must
// agree with exactly: the tests compare the two on random models. It is
// kept simple on purpose; speed is Run's job.
func referenceRun[S, A any](ctx context.Context, m Model[S, A], opt Options[S, A]) (*Result[S, A], error) {
	if err := checkOptions(&opt); err != nil {
		return nil, err
	}
	start := time.Now()
	r := &Result[S, A]{model: m, actC: opt.ActionConstraint, stateC: opt.Constraint}
	words := m.Words()
	seen := map[string]uint32{}
	key := func(s *S) string {
		buf := make([]uint64, words)
		m.Encode(s, buf)
		b := make([]byte, 8*words)
		for i, w := range buf {
			for j := 0; j < 8; j++ {
				b[8*i+j] = byte(w >> (8 * j))
			}
		}
		return string(b)
	}
	var (
		states   []S
		findings []finding
		reported = map[[2]int]bool{}
		g        *Graph
		stopped  bool
	)
	if opt.RetainGraph {
		g = &Graph{Offsets: []uint64{0}}
	}
	stop := func(reason string) {
		if !stopped {
			stopped = true
			r.Stats.StopReason = reason
		}
	}
	note := func(f finding) {
		k := [2]int{f.kind, f.prop}
		if !reported[k] {
			reported[k] = true
			findings = append(findings, f)
		}
	}
	// add numbers a state unless it is known or a budget forbids it.
	add := func(s *S, parent uint32, ord uint16, allow bool) (uint32, bool) {
		k := key(s)
		if id, ok := seen[k]; ok {
			return id, false
		}
		if !allow || (opt.MaxStates > 0 && int64(len(states)) >= opt.MaxStates) {
			return NoState, true
		}
		id := uint32(len(states))
		seen[k] = id
		states = append(states, *s)
		r.appendLog(parent, ord)
		for i, inv := range opt.Invariants {
			if !inv.Holds(s) {
				note(finding{kind: kindInvariant, prop: i, id: id})
			}
		}
		if g != nil {
			var lab uint32
			for j, f := range opt.Labels {
				if f(s) {
					lab |= 1 << j
				}
			}
			g.Labels = append(g.Labels, lab)
			g.Enabled = append(g.Enabled, 0)
		}
		return id, true
	}
	var level []uint32
	m.Init(func(s *S) {
		ord := uint16(len(r.inits))
		r.inits = append(r.inits, *s)
		r.Stats.Generated++
		if opt.Constraint != nil && !opt.Constraint(s) {
			return
		}
		id, fresh := add(s, noParent, ord, true)
		if id == NoState {
			stop("max states")
		} else if fresh {
			level = append(level, id)
		}
	})
	if len(level) > 0 {
		r.Stats.Levels = append(r.Stats.Levels, int64(len(level)))
	}
	expanded := 0 // states [0, expanded) have their edges in g
	for len(level) > 0 && !stopped {
		if !opt.Continue && len(findings) > 0 {
			r.Stats.StopReason = StopFirstViolation
			break
		}
		if ctx.Err() != nil {
			stop("cancelled")
			break
		}
		last := opt.MaxDepth > 0 && len(r.Stats.Levels) >= opt.MaxDepth
		var next []uint32
		for _, id := range level {
			from := states[id]
			n, ordn, passed := 0, 0, 0 // passed: successors that passed both constraints
			var first int              // the state's first edge
			if g != nil {
				first = len(g.Targets)
			}
			var enabled uint64
			m.Next(&from, func(a A, t *S) {
				ord := uint16(ordn)
				ordn++
				r.Stats.Generated++
				n++
				if opt.ActionConstraint != nil && !opt.ActionConstraint(&from, a, t) {
					return
				}
				var c uint8
				if opt.EdgeClass != nil {
					c = opt.EdgeClass(a)
					enabled |= 1 << (c & 63)
				}
				if opt.Constraint != nil && !opt.Constraint(t) {
					return
				}
				r.Stats.Transitions++
				passed++
				tid, fresh := add(t, id, ord, !last)
				if fresh {
					if tid == NoState {
						if last {
							stop("max depth")
						} else {
							stop("max states")
						}
					} else {
						next = append(next, tid)
					}
				}
				for i, inv := range opt.ActionInvariants {
					if !inv.Holds(&from, a, t) {
						note(finding{kind: kindAction, prop: i, id: id, ord: ord, to: tid})
					}
				}
				if g != nil && tid != NoState {
					if k := len(g.Targets) - first; k != passed-1 {
						g.skip(uint64(len(g.Targets)), uint32(passed-1))
					}
					g.Targets = append(g.Targets, tid)
					g.Classes = append(g.Classes, c)
				}
			})
			if opt.CheckDeadlock && n == 0 && (opt.Terminal == nil || !opt.Terminal(&from)) {
				note(finding{kind: kindDeadlock, id: id})
			}
			if g != nil {
				g.Enabled[id] = enabled
				g.Offsets = append(g.Offsets, uint64(len(g.Targets)))
				expanded++
			}
		}
		if len(next) > 0 {
			r.Stats.Levels = append(r.Stats.Levels, int64(len(next)))
		}
		level = next
	}
	if g != nil {
		for ; expanded < len(states); expanded++ {
			g.Offsets = append(g.Offsets, uint64(len(g.Targets)))
		}
		r.Graph = g
	}
	r.Stats.Distinct = int64(len(states))
	r.Stats.Depth = len(r.Stats.Levels)
	r.Stats.Elapsed = time.Since(start)
	r.Stats.Workers = 1
	r.Stats.Store = Exact
	r.report(&opt, findings)
	r.finish(stopped)
	return r, nil
}

// checkOptions rejects options that cannot be honoured.
func checkOptions[S, A any](opt *Options[S, A]) error {
	switch {
	case opt.Workers < 0:
		return fmt.Errorf("explore: Workers %d is negative: use 0 for all cores", opt.Workers)
	case opt.Store < Fingerprint || opt.Store > Fingerprint96:
		return fmt.Errorf("explore: Store %d is unknown: use Fingerprint, Fingerprint96, Fingerprint128, Exact or Disk", opt.Store)
	case opt.Store == Disk && (opt.Checkpoint != "" || opt.Resume != ""):
		return fmt.Errorf("explore: a checkpoint does not keep the disk store's file: Disk cannot be used with Checkpoint or Resume")
	case opt.MaxStates < 0:
		return fmt.Errorf("explore: MaxStates %d is negative: use 0 for no limit", opt.MaxStates)
	case opt.MaxDepth < 0:
		return fmt.Errorf("explore: MaxDepth %d is negative: use 0 for no limit", opt.MaxDepth)
	case opt.Timeout < 0:
		return fmt.Errorf("explore: Timeout %v is negative: use 0 for no limit", opt.Timeout)
	case opt.RetainGraph && (opt.Checkpoint != "" || opt.Resume != ""):
		return fmt.Errorf("explore: a checkpoint does not keep the graph: RetainGraph cannot be used with Checkpoint or Resume")
	case len(opt.Labels) > 32:
		return fmt.Errorf("explore: %d labels, at most 32 fit in Graph.Labels", len(opt.Labels))
	}
	return nil
}

// finish sets the verdict and the derived figures.
func (r *Result[S, A]) finish(stopped bool) {
	switch {
	case len(r.Violations) > 0:
		r.Verdict = Violated
	case stopped:
		r.Verdict = Incomplete
	default:
		r.Verdict = Holds
	}
	if s := r.Stats.Elapsed.Seconds(); s > 0 {
		r.Stats.StatesPerSecond = float64(r.Stats.Distinct) / s
	}
	switch r.Stats.Store {
	case Fingerprint:
		r.Stats.CollisionProbability = CollisionProbability(r.Stats.Distinct, r.Stats.Generated)
	case Fingerprint96:
		r.Stats.CollisionProbability = CollisionProbability96(r.Stats.Distinct, r.Stats.Generated)
	case Fingerprint128, Disk:
		r.Stats.CollisionProbability = CollisionProbability128(r.Stats.Distinct, r.Stats.Generated)
	}
}
