package explore

import (
	"context"
	"fmt"
	"time"
)

// Result is what a search found. It stays usable after Run returns: traces
// are rebuilt on demand by replaying the model from the parent log.
type Result[S, A any] struct {
	Verdict    Verdict
	Stats      Stats
	Violations []Violation[S, A]
	Graph      *Graph // nil unless Options.RetainGraph

	model   Model[S, A]
	inits   []S
	parent  []uint32 // per state: parent index, or ^0 for an initial state
	ordinal []uint16 // per state: position among the parent's successors (or among Init's)
}

const noParent = ^uint32(0)

// TraceTo returns a shortest path from an initial state to state id.
func (r *Result[S, A]) TraceTo(id uint32) Trace[S, A] {
	var chain []uint32
	for x := id; r.parent[x] != noParent; x = r.parent[x] {
		chain = append(chain, x)
	}
	root := id
	if len(chain) > 0 {
		root = r.parent[chain[len(chain)-1]]
	}
	t := Trace[S, A]{Init: r.inits[r.ordinal[root]], InitID: root}
	cur := t.Init
	for i := len(chain) - 1; i >= 0; i-- {
		a, s := r.Follow(&cur, r.ordinal[chain[i]])
		t.Steps = append(t.Steps, Step[S, A]{Action: a, State: s, ID: chain[i]})
		cur = s
	}
	return t
}

// Follow returns the ord-th successor of s in Next's order, with its
// action. It panics if s has fewer successors: that means the model is not
// deterministic.
func (r *Result[S, A]) Follow(s *S, ord uint16) (A, S) {
	var (
		a     A
		t     S
		n     int
		found bool
	)
	r.model.Next(s, func(x A, y *S) {
		if n == int(ord) {
			a, t, found = x, *y, true
		}
		n++
	})
	if !found {
		panic(fmt.Sprintf("explore: state has %d successors, want ordinal %d: model is not deterministic", n, ord))
	}
	return a, t
}

// Path follows retained-graph edges (indices into Graph.Targets) from
// state from, which must be the source of the first edge; it returns the
// steps taken.
func (r *Result[S, A]) Path(from uint32, edges []uint64) []Step[S, A] {
	cur := r.TraceTo(from).Last()
	steps := make([]Step[S, A], 0, len(edges))
	for _, e := range edges {
		a, s := r.Follow(&cur, r.Graph.Ordinals[e])
		steps = append(steps, Step[S, A]{Action: a, State: s, ID: r.Graph.Targets[e]})
		cur = s
	}
	return steps
}

// Run explores every state reachable in m under opt. The error is non-nil
// only for bad options; budgets and cancellation give Verdict Incomplete.
//
// This first version is a plain sequential search with an exact map; the
// parallel engine replaces it behind the same signature.
func Run[S, A any](ctx context.Context, m Model[S, A], opt Options[S, A]) (*Result[S, A], error) {
	if opt.Workers < 0 {
		return nil, fmt.Errorf("explore: Workers %d is negative: use 0 for all cores", opt.Workers)
	}
	start := time.Now()
	r := &Result[S, A]{model: m}
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
	var states []S
	violated := map[string]bool{}
	report := func(name, kind string, id uint32) {
		if violated[name] {
			return
		}
		violated[name] = true
		r.Violations = append(r.Violations, Violation[S, A]{Property: name, Kind: kind, Trace: r.TraceTo(id)})
	}
	add := func(s *S, parent uint32, ord uint16) (uint32, bool) {
		k := key(s)
		if id, ok := seen[k]; ok {
			return id, false
		}
		id := uint32(len(states))
		seen[k] = id
		states = append(states, *s)
		r.parent = append(r.parent, parent)
		r.ordinal = append(r.ordinal, ord)
		return id, true
	}
	checkState := func(id uint32) {
		for _, inv := range opt.Invariants {
			if !inv.Holds(&states[id]) {
				report(inv.Name, "invariant", id)
			}
		}
	}
	m.Init(func(s *S) {
		r.Stats.Generated++
		if opt.Constraint != nil && !opt.Constraint(s) {
			return
		}
		ord := uint16(len(r.inits))
		r.inits = append(r.inits, *s)
		if id, fresh := add(s, noParent, ord); fresh {
			checkState(id)
		}
	})
	var g *Graph
	if opt.RetainGraph {
		g = &Graph{Offsets: []uint64{0}}
	}
	level := []uint32{}
	for i := range states {
		level = append(level, uint32(i))
	}
	depth := 0
	stop := func(reason string) bool {
		if r.Stats.StopReason == "" {
			r.Stats.StopReason = reason
		}
		return true
	}
	stopped := false
	for len(level) > 0 && !stopped {
		depth++
		r.Stats.Levels = append(r.Stats.Levels, int64(len(level)))
		if len(r.Violations) > 0 && !opt.Continue {
			break
		}
		if opt.MaxDepth > 0 && depth > opt.MaxDepth {
			depth--
			r.Stats.Levels = r.Stats.Levels[:len(r.Stats.Levels)-1]
			stopped = stop("max depth")
			break
		}
		var next []uint32
		for _, id := range level {
			if err := ctx.Err(); err != nil {
				stopped = stop("cancelled")
				break
			}
			if opt.Timeout > 0 && time.Since(start) > opt.Timeout {
				stopped = stop("timeout")
				break
			}
			from := states[id]
			n, ordn := 0, 0
			var enabled uint64
			m.Next(&from, func(a A, t *S) {
				ord := uint16(ordn)
				ordn++
				if opt.ActionConstraint != nil && !opt.ActionConstraint(&from, a, t) {
					return
				}
				r.Stats.Generated++
				n++
				if opt.EdgeClass != nil && g != nil {
					enabled |= 1 << (opt.EdgeClass(a) & 63)
				}
				if opt.Constraint != nil && !opt.Constraint(t) {
					return
				}
				tid, fresh := add(t, id, ord)
				r.Stats.Transitions++
				if fresh {
					next = append(next, tid)
					checkState(tid)
				}
				for _, inv := range opt.ActionInvariants {
					if !inv.Holds(&from, a, t) {
						report(inv.Name, "action", tid)
					}
				}
			})
			if opt.CheckDeadlock && n == 0 && (opt.Terminal == nil || !opt.Terminal(&from)) {
				report(DeadlockProperty, "deadlock", id)
			}
		}
		if opt.MaxStates > 0 && int64(len(states)) >= opt.MaxStates && len(next) > 0 {
			stopped = stop("max states")
		}
		level = next
	}
	r.Stats.Distinct = int64(len(states))
	r.Stats.Depth = len(r.Stats.Levels)
	r.Stats.Elapsed = time.Since(start)
	r.Stats.Workers = 1
	r.Stats.Store = Exact
	if s := r.Stats.Elapsed.Seconds(); s > 0 {
		r.Stats.StatesPerSecond = float64(r.Stats.Distinct) / s
	}
	if g != nil {
		r.Graph = buildGraph(m, opt, states, seen, key)
	}
	switch {
	case len(r.Violations) > 0:
		r.Verdict = Violated
	case stopped:
		r.Verdict = Incomplete
	default:
		r.Verdict = Holds
	}
	return r, nil
}

// buildGraph re-expands every kept state to record the edges between kept
// states (reference version).
func buildGraph[S, A any](m Model[S, A], opt Options[S, A], states []S, seen map[string]uint32, key func(*S) string) *Graph {
	g := &Graph{Offsets: make([]uint64, 1, len(states)+1)}
	for i := range states {
		from := states[i]
		var enabled uint64
		ordn := 0
		m.Next(&from, func(a A, t *S) {
			ord := uint16(ordn)
			ordn++
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
			tid, ok := seen[key(t)]
			if !ok {
				return // beyond a budget
			}
			g.Targets = append(g.Targets, tid)
			g.Classes = append(g.Classes, c)
			g.Ordinals = append(g.Ordinals, ord)
		})
		g.Offsets = append(g.Offsets, uint64(len(g.Targets)))
		var lab uint32
		for j, f := range opt.Labels {
			if f(&from) {
				lab |= 1 << j
			}
		}
		g.Labels = append(g.Labels, lab)
		g.Enabled = append(g.Enabled, enabled)
	}
	return g
}
