// Package vdiff compares two model configurations by what they do, not by
// their verdicts: the transitions (endpoint, state, event, rule, outcome)
// one reaches and the other never does, each with a shortest witness. It
// answers "what changes if my stack does X?" for changes no property
// names.
package vdiff

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// Side is one of the two configurations compared.
type Side struct {
	Name  string // how the report names it, e.g. the variant
	Model *model.Model
}

// Options bound the searches. Each configuration is searched twice: once
// to collect its labels, once more (only if it has labels the other
// lacks) to find their shortest witnesses.
type Options struct {
	Workers   int
	Store     explore.StoreKind
	MaxStates int64
	MaxDepth  int
	MaxMemory uint64
	Timeout   time.Duration // per search
	// Progress, if set, is told which search is running.
	Progress func(what string)
}

// Entry is a label only one side reaches, with a shortest trace ending in
// a transition that carries it.
type Entry struct {
	Label   Label
	Witness explore.Trace[model.State, model.Action]
	// Found is false only when the witness search stopped before reaching
	// the label.
	Found bool
}

// Report is the comparison.
type Report struct {
	A, B         string
	StatsA       explore.Stats
	StatsB       explore.Stats
	LabelsA      int // distinct labels reached by A
	LabelsB      int
	Common       int
	OnlyA, OnlyB []Entry
	// Complete is false when a search stopped early: a label missing from
	// a partial search may only be beyond its budget.
	Complete bool
}

// Compare searches both configurations and reports the labels each has
// alone.
func Compare(ctx context.Context, a, b Side, opt Options) (*Report, error) {
	rep := &Report{A: a.Name, B: b.Name, Complete: true}
	la, sa, err := collect(ctx, a, opt)
	if err != nil {
		return nil, err
	}
	lb, sb, err := collect(ctx, b, opt)
	if err != nil {
		return nil, err
	}
	rep.StatsA, rep.StatsB = sa, sb
	rep.LabelsA, rep.LabelsB = len(la), len(lb)
	var onlyA, onlyB []Label
	for k := range la {
		if lb[k] {
			rep.Common++
		} else {
			onlyA = append(onlyA, labelOfKey(k))
		}
	}
	for k := range lb {
		if !la[k] {
			onlyB = append(onlyB, labelOfKey(k))
		}
	}
	if rep.OnlyA, sa, err = witnesses(ctx, a, onlyA, opt); err != nil {
		return nil, err
	}
	if rep.OnlyB, sb, err = witnesses(ctx, b, onlyB, opt); err != nil {
		return nil, err
	}
	for _, s := range []explore.Stats{rep.StatsA, rep.StatsB, sa, sb} {
		if s.StopReason != "" {
			rep.Complete = false
		}
	}
	return rep, nil
}

// Labels returns the set of labels m reaches (for tests and coverage-like
// uses).
func Labels(ctx context.Context, m *model.Model, opt Options) ([]Label, explore.Stats, error) {
	set, st, err := collect(ctx, Side{Model: m}, opt)
	if err != nil {
		return nil, st, err
	}
	out := make([]Label, 0, len(set))
	for k := range set {
		out = append(out, labelOfKey(k))
	}
	slices.SortFunc(out, cmpLabel)
	return out, st, nil
}

func cmpLabel(x, y Label) int {
	switch {
	case x.less(y):
		return -1
	case y.less(x):
		return 1
	}
	return 0
}

func (o Options) explore() explore.Options[model.State, model.Action] {
	return explore.Options[model.State, model.Action]{
		Workers:    o.Workers,
		Store:      o.Store,
		MaxStates:  o.MaxStates,
		MaxDepth:   o.MaxDepth,
		MaxMemory:  o.MaxMemory,
		Timeout:    o.Timeout,
		Constraint: model.InBounds,
	}
}

// collect runs one search and gathers the labels of its transitions
// (those into states within the bounds: a bound is not a behaviour).
func collect(ctx context.Context, s Side, opt Options) (map[uint64]bool, explore.Stats, error) {
	if opt.Progress != nil {
		opt.Progress("searching " + s.Name)
	}
	var seen sync.Map // read-mostly: a label is stored once and looked up millions of times
	o := opt.explore()
	o.ActionInvariants = []explore.ActionInvariant[model.State, model.Action]{{
		Name: "label",
		Holds: func(_ *model.State, a model.Action, _ *model.State) bool {
			k := labelOf(a).key()
			if _, ok := seen.Load(k); !ok {
				seen.Store(k, struct{}{})
			}
			return true
		},
	}}
	r, err := explore.Run[model.State, model.Action](ctx, s.Model, o)
	if err != nil {
		return nil, explore.Stats{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	set := map[uint64]bool{}
	seen.Range(func(k, _ any) bool {
		set[k.(uint64)] = true
		return true
	})
	return set, r.Stats, nil
}

// witnesses searches again with one action check per label, each failing
// on the transitions that carry it: the engine's shortest counterexamples
// are then the shortest witnesses.
func witnesses(ctx context.Context, s Side, labels []Label, opt Options) ([]Entry, explore.Stats, error) {
	if len(labels) == 0 {
		return nil, explore.Stats{}, nil
	}
	if opt.Progress != nil {
		opt.Progress("finding witnesses in " + s.Name)
	}
	slices.SortFunc(labels, cmpLabel)
	o := opt.explore()
	o.Continue = true
	for i, l := range labels {
		k := l.key()
		o.ActionInvariants = append(o.ActionInvariants, explore.ActionInvariant[model.State, model.Action]{
			Name:  fmt.Sprint(i),
			Holds: func(_ *model.State, a model.Action, _ *model.State) bool { return labelOf(a).key() != k },
		})
	}
	r, err := explore.Run[model.State, model.Action](ctx, s.Model, o)
	if err != nil {
		return nil, explore.Stats{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	byName := map[string]explore.Trace[model.State, model.Action]{}
	for _, v := range r.Violations {
		byName[v.Property] = v.Trace
	}
	out := make([]Entry, 0, len(labels))
	for i, l := range labels {
		t, ok := byName[fmt.Sprint(i)]
		if !ok {
			// Only a search stopped early can miss a label the first
			// search saw; the entry is kept, without a witness.
			out = append(out, Entry{Label: l})
			continue
		}
		out = append(out, Entry{Label: l, Witness: t, Found: true})
	}
	return out, r.Stats, nil
}
