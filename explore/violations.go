package explore

import "sort"

// Violation kinds, in the order they are reported within one trace length.
const (
	kindInvariant = iota
	kindAction
	kindDeadlock
)

var kindNames = [...]string{"invariant", "action", "deadlock"}

// finding is a violation before its trace is rebuilt: the violating state
// (invariant, deadlock) or the violating transition from state id by its
// ord-th successor, whose index is to (action).
type finding struct {
	kind int
	prop int
	id   uint32
	ord  uint16
	to   uint32
}

// less orders findings of one level canonically: lowest state index, then
// lowest ordinal, so that the counterexample does not depend on workers.
func (f finding) less(g finding) bool {
	if f.id != g.id {
		return f.id < g.id
	}
	return f.ord < g.ord
}

// report turns findings into violations with traces, sorted by trace
// length, then kind, then the property's position in the options.
func (r *Result[S, A]) report(opt *Options[S, A], fs []finding) {
	type keyed struct {
		v          Violation[S, A]
		kind, prop int
	}
	var all []keyed
	for _, v := range r.Violations {
		all = append(all, keyed{v: v, kind: -1})
	}
	for _, f := range fs {
		v := Violation[S, A]{Kind: kindNames[f.kind]}
		switch f.kind {
		case kindInvariant:
			v.Property = opt.Invariants[f.prop].Name
			v.Trace = r.TraceTo(f.id)
		case kindAction:
			v.Property = opt.ActionInvariants[f.prop].Name
			v.Trace = r.TraceTo(f.id)
			from := v.Trace.Last()
			a, s := r.Follow(&from, f.ord)
			v.Trace.Steps = append(v.Trace.Steps, Step[S, A]{Action: a, State: s, ID: f.to})
		default:
			v.Property = DeadlockProperty
			v.Trace = r.TraceTo(f.id)
		}
		all = append(all, keyed{v: v, kind: f.kind, prop: f.prop})
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if la, lb := len(a.v.Trace.Steps), len(b.v.Trace.Steps); la != lb {
			return la < lb
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.prop < b.prop
	})
	r.Violations = r.Violations[:0]
	for _, k := range all {
		r.Violations = append(r.Violations, k.v)
	}
}
