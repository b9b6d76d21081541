// Package simulate takes random walks through the TCP model: long runs
// that a complete search cannot afford, checking the safety properties on
// every step, as TLC's and SPIN's random simulation modes do. It finds no
// proof of anything, only behaviours; a violation it meets comes with its
// run, which replays like any counterexample.
//
// A run is a function of the model, the seed and the run's number: the
// random source is seeded from both, and successors are taken in the
// model's fixed order, so the same arguments give the same runs on every
// machine. Apart from that source the package is pure.
//
// Because runs are independent, a simulation splits into shards: shard i
// of n takes the runs i, i+n, i+2n, ... of the whole (Options.Shard), and
// Merge puts the shards' runs back together into exactly the runs one
// unsharded simulation takes. Each shard is a separate job, on another
// core or another machine (docs/SCALE.md).
package simulate

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

// Options say how many runs to take, how long, and what to check.
type Options struct {
	Seed  uint64
	Depth int // most steps in a run (at least 1)
	Runs  int // number of runs (at least 1)
	// Props are the safety properties checked on every step; nil means
	// every safety property. A liveness property cannot be checked on a
	// finite path and is refused.
	Props []props.Property
	// Continue keeps taking runs after one breaks a property; otherwise
	// the simulation stops after the first violation.
	Continue bool
	// Shard and Shards: take only the runs k of 1..Runs with
	// (k-1) mod Shards = Shard-1. Zero for both means 1 of 1, every run.
	Shard, Shards int
}

// End is why a run stopped.
type End uint8

const (
	// EndDepth: the run took Options.Depth steps.
	EndDepth End = iota
	// EndStuck: no action is enabled: the model has nothing more to do
	// (both users used their OPEN calls, the network is empty, ...).
	EndStuck
	// EndBounds: every enabled action leaves the configured bounds
	// (--net-bound, --attempts, --isn-space).
	EndBounds
	// EndViolation: the last step breaks a checked property.
	EndViolation
	// EndCancelled: the context was cancelled during the run.
	EndCancelled
)

func (e End) String() string {
	switch e {
	case EndDepth:
		return "depth reached"
	case EndStuck:
		return "no action enabled"
	case EndBounds:
		return "every next step leaves the bounds"
	case EndViolation:
		return "property violated"
	default:
		return "interrupted"
	}
}

// Run is one random walk from the initial state.
type Run struct {
	Number int // 1-based
	Trace  explore.Trace[model.State, model.Action]
	End    End
	// Violated are the properties the last step breaks (End ==
	// EndViolation), in the order of props.All.
	Violated []props.Property
}

// Report is the result of Simulate.
type Report struct {
	Runs  []Run
	Steps int // over all runs
	// Violations is the number of runs that ended in a violation.
	Violations int
}

// Simulate takes the runs. The error is for bad options only.
func Simulate(ctx context.Context, m *model.Model, o Options) (*Report, error) {
	if o.Depth < 1 || o.Runs < 1 {
		return nil, fmt.Errorf("simulate: depth %d and runs %d must both be at least 1", o.Depth, o.Runs)
	}
	if o.Shard == 0 && o.Shards == 0 {
		o.Shard, o.Shards = 1, 1
	}
	if o.Shards < 1 || o.Shard < 1 || o.Shard > o.Shards {
		return nil, fmt.Errorf("simulate: shard %d of %d: want a shard from 1 to the number of shards, which is at least 1", o.Shard, o.Shards)
	}
	check := map[string]bool{}
	sel := o.Props
	if sel == nil {
		sel = props.All()
	}
	for _, p := range sel {
		if p.Kind == props.Liveness {
			if o.Props == nil {
				continue
			}
			return nil, fmt.Errorf("%s is a liveness property: it is about infinite behaviours and needs the whole state graph, so a finite run cannot check it (tcpcheck explore does)", p.ID)
		}
		check[p.ID] = true
	}
	rep := &Report{}
	for k := o.Shard; k <= o.Runs && ctx.Err() == nil; k += o.Shards {
		r := walk(ctx, m, o.Seed, k, o.Depth, check)
		rep.Runs = append(rep.Runs, r)
		rep.Steps += len(r.Trace.Steps)
		if r.End == EndViolation {
			rep.Violations++
			if !o.Continue {
				break
			}
		}
	}
	return rep, nil
}

// walk takes run k: at each step one of the in-bounds successors, chosen
// uniformly, until a checked property breaks, nothing is enabled, or the
// depth is reached.
func walk(ctx context.Context, m *model.Model, seed uint64, k, depth int, check map[string]bool) Run {
	rng := rand.New(rand.NewPCG(seed, uint64(k)))
	r := Run{Number: k, Trace: explore.Trace[model.State, model.Action]{Init: m.Initial()}}
	cur := m.Initial()
	if bad := pick(props.StateViolations(m, &cur), check); len(bad) > 0 {
		r.End, r.Violated = EndViolation, bad
		return r
	}
	var succ []model.Transition
	for len(r.Trace.Steps) < depth {
		if len(r.Trace.Steps)%64 == 0 && ctx.Err() != nil {
			r.End = EndCancelled
			return r
		}
		succ = succ[:0]
		any := false
		m.Next(&cur, func(a model.Action, t *model.State) {
			any = true
			if model.InBounds(t) {
				succ = append(succ, model.Transition{Action: a, Next: *t})
			}
		})
		if len(succ) == 0 {
			r.End = EndStuck
			if any {
				r.End = EndBounds
			}
			return r
		}
		tr := succ[rng.IntN(len(succ))]
		r.Trace.Steps = append(r.Trace.Steps, explore.Step[model.State, model.Action]{Action: tr.Action, State: tr.Next})
		if bad := pick(props.StepViolations(m, &cur, tr.Action, &tr.Next), check); len(bad) > 0 {
			r.End, r.Violated = EndViolation, bad
			return r
		}
		cur = tr.Next
	}
	r.End = EndDepth
	return r
}

func pick(ps []props.Property, check map[string]bool) []props.Property {
	var out []props.Property
	for _, p := range ps {
		if check[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// Merge joins the runs of the shards 1/n ... n/n of one simulation of
// total runs into the runs one unsharded simulation takes: in run order
// and, unless cont, ending at the first run that broke a property. That
// is exact because a shard stops at its own first violation, which comes
// no earlier than the first of all, so every run before that one is in
// some shard. A run missing before the end (a shard left out) or given
// twice is an error. number and violated read a run's number and whether
// it broke a property; R is a Run or its JSON form.
func Merge[R any](shards [][]R, total int, cont bool, number func(R) int, violated func(R) bool) ([]R, error) {
	byNum := map[int]R{}
	for _, sh := range shards {
		for _, r := range sh {
			k := number(r)
			if k < 1 || k > total {
				return nil, fmt.Errorf("run %d is not one of the %d runs of the simulation", k, total)
			}
			if _, dup := byNum[k]; dup {
				return nil, fmt.Errorf("run %d is given twice: is a shard given twice?", k)
			}
			byNum[k] = r
		}
	}
	var out []R
	for k := 1; k <= total; k++ {
		r, ok := byNum[k]
		if !ok {
			return nil, fmt.Errorf("run %d is missing: is a shard missing or interrupted?", k)
		}
		out = append(out, r)
		if violated(r) && !cont {
			break
		}
	}
	return out, nil
}
