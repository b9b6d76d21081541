package props

import (
	"sync/atomic"

	"github.com/tcpcheck/tcpcheck/model"
)

// Coverage counts, per rule of the model, the transitions of a search that
// fired it: what TLC's -coverage gives per expression, here per RFC clause.
// Give one to Options.Coverage; Check fills it. Counters are atomic, since
// several workers expand states at once.
type Coverage struct {
	fired [model.NumRules]atomic.Int64 // transitions within the bounds
	bound [model.NumRules]atomic.Int64 // transitions whose successor hit a bound
}

// RuleCount is one line of a coverage report.
type RuleCount struct {
	model.RuleInfo
	Transitions int64 // transitions within the bounds that fired the rule
	BoundHits   int64 // transitions that fired it but left the bounds
}

// count records one transition. A delivery that leaves a copy in flight
// counts for its rule and for model.RuleDuplicate.
func (c *Coverage) count(a model.Action, t *model.State) {
	ctr := &c.fired
	if t.Bound != 0 {
		ctr = &c.bound
	}
	if int(a.Rule) < model.NumRules {
		ctr[a.Rule].Add(1)
	}
	if a.Dup {
		ctr[model.RuleDuplicate].Add(1)
	}
}

// Counts lists every rule of the model (model.Rules order) with its counts.
func (c *Coverage) Counts() []RuleCount {
	var out []RuleCount
	for _, r := range model.Rules() {
		out = append(out, RuleCount{RuleInfo: r, Transitions: c.fired[r.Rule].Load(), BoundHits: c.bound[r.Rule].Load()})
	}
	return out
}

// Unfired lists the rules no transition within the bounds fired.
func (c *Coverage) Unfired() []RuleCount {
	var out []RuleCount
	for _, r := range c.Counts() {
		if r.Transitions == 0 {
			out = append(out, r)
		}
	}
	return out
}
