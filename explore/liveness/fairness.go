package liveness

import (
	"fmt"
	"math/bits"
	"strings"
)

// Fairness is a fairness constraint on a group of actions, given as a mask
// of edge classes (bit c stands for class c; classes of 64 and above cannot
// be named). The group is enabled in a state if any of its classes is
// (Graph.Enabled), and taken by an edge whose class is in the mask.
//
// Weak: an infinite behaviour is fair if the group is taken infinitely
// often or is infinitely often disabled; on a cycle, if the cycle takes an
// edge of the group or passes a state where it is disabled.
// Strong: fair if taken infinitely often or only finitely often enabled;
// on a cycle, if it takes an edge of the group or no state of it enables
// the group.
type Fairness struct {
	Name    string
	Classes uint64
	Strong  bool
}

func (f Fairness) String() string {
	kind := "WF"
	if f.Strong {
		kind = "SF"
	}
	return fmt.Sprintf("%s(%s)", kind, f.Name)
}

// Options configures LeadsTo.
type Options struct {
	// Inits is the number of initial states: states 0..Inits-1 of the
	// graph (explore.Result.Stats.Levels[0]).
	Inits int
	// Fairness constraints; at most 64.
	Fairness []Fairness
	// Stutter gives TLA's semantics: a behaviour may stutter forever in any
	// state where no fair group is enabled, so a deadlock, or a state where
	// only unfair actions are enabled, ends a fair behaviour. A self-loop
	// edge is then a stuttering step and takes no group. Without Stutter
	// only real cycles count (deadlocks are the deadlock check's business)
	// and a self-loop is a cycle like any other.
	Stutter bool
	// Progress, if set, is called every 2^18 states the search visits, with
	// the states visited so far (a state may be visited again in a round
	// of strong-fairness refinement) and the states of the graph.
	Progress func(visited, states int64)
	// Tokens, if set, adds strong fairness per token (see Tokens).
	Tokens *Tokens
	// Withdraw, if set, names the edges that withdraw the premise: a
	// behaviour that takes one after its P-state satisfies P ~> Q from
	// then on, as if it had met Q. Use it for a premise that a step, not
	// a state, ends (a user call that gives the goal up, a step that
	// breaks an assumption the property makes about the environment).
	// It is called once per edge of the graph, from state u.
	Withdraw func(u uint32, e uint64) bool
}

// groups holds the fairness constraints as bit tables indexed by group
// number, so that a component is judged with a few OR operations.
type groups struct {
	list    []Fairness
	byClass [256]uint64 // per edge class: the groups it belongs to
	weak    uint64      // groups under weak fairness
	strong  uint64      // groups under strong fairness
}

func newGroups(fs []Fairness) (*groups, error) {
	if len(fs) > 64 {
		return nil, fmt.Errorf("liveness: %d fairness constraints, at most 64 are supported", len(fs))
	}
	gs := &groups{list: fs}
	for i, f := range fs {
		if f.Classes == 0 {
			return nil, fmt.Errorf("liveness: fairness constraint %q names no edge class: set at least one bit of Classes", f.Name)
		}
		if f.Strong {
			gs.strong |= 1 << i
		} else {
			gs.weak |= 1 << i
		}
		for m := f.Classes; m != 0; m &= m - 1 {
			gs.byClass[bits.TrailingZeros64(m)] |= 1 << i
		}
	}
	return gs, nil
}

// enabled returns the groups enabled by a state's Enabled mask.
func (gs *groups) enabled(classes uint64) uint64 {
	var ge uint64
	for m := classes; m != 0; m &= m - 1 {
		ge |= gs.byClass[bits.TrailingZeros64(m)]
	}
	return ge
}

// names lists the groups of mask, for error messages.
func (gs *groups) names(mask uint64) string {
	var s []string
	for m := mask; m != 0; m &= m - 1 {
		s = append(s, gs.list[bits.TrailingZeros64(m)].String())
	}
	return strings.Join(s, ", ")
}
