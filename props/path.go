package props

import (
	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// PathViolation is a property broken along a given path: Step counts
// transitions (0 is the initial state), as ladders number them.
type PathViolation struct {
	Property Property
	Step     int
}

// CheckPath checks the state and transition properties (P1-P7) along one
// path of m, such as a replayed trace, and returns the first step at which
// each is broken, in report order. L1 is about infinite runs and is not
// checked on a path.
func CheckPath(m *model.Model, t explore.Trace[model.State, model.Action]) []PathViolation {
	first := map[string]int{}
	note := func(id string, step int) {
		if _, ok := first[id]; !ok {
			first[id] = step
		}
	}
	states := stateChecks(m)
	for _, c := range states {
		if !c.Holds(&t.Init) {
			note(c.Name, 0)
		}
	}
	prev := t.Init
	for i := range t.Steps {
		st := &t.Steps[i]
		for _, c := range states {
			if !c.Holds(&st.State) {
				note(c.Name, i+1)
			}
		}
		for _, c := range transitionChecks(m) {
			if !c.Holds(&prev, st.Action, &st.State) {
				note(c.Name, i+1)
			}
		}
		prev = st.State
	}
	var out []PathViolation
	for _, p := range all {
		if step, ok := first[p.ID]; ok {
			out = append(out, PathViolation{Property: p, Step: step})
		}
	}
	return out
}
