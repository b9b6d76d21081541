package props

import (
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

type step = explore.Step[model.State, model.Action]

// tb is what the checks need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// replay checks that steps form a real path of m from s and returns the
// states visited, s included.
func replay(t tb, m *model.Model, what string, s model.State, steps []step) []model.State {
	t.Helper()
	states := []model.State{s}
	for i, st := range steps {
		ok := false
		for _, tr := range m.Successors(&s) {
			if tr.Action == st.Action && tr.Next == st.State {
				ok = true
				break
			}
		}
		if !ok {
			t.Fatalf("%s: step %d (%v) is not a transition of the model", what, i+1, st.Action)
		}
		s = st.State
		states = append(states, s)
	}
	return states
}

// checkCounterexample replays an outcome's counterexample in the model and
// checks that it shows what it claims: the property holds all along and
// breaks at the last step.
func checkCounterexample(t tb, m *model.Model, row string, o Outcome) {
	t.Helper()
	id := o.Property.ID
	what := row + ": " + id
	if o.Trace == nil && o.Lasso == nil {
		t.Errorf("%s: violated without a counterexample", what)
		return
	}
	if o.Trace != nil {
		if o.Trace.Init != m.Initial() {
			t.Errorf("%s: trace starts from a state that is not initial", what)
			return
		}
		states := replay(t, m, what, o.Trace.Init, o.Trace.Steps)
		last := len(states) - 1
		if tr := transitionPredicate(m, id); tr != nil {
			for i, st := range o.Trace.Steps {
				if ok := tr(&states[i], st.Action, &states[i+1]); ok != (i < last-1) {
					t.Errorf("%s: step %d (%v) judged %v", what, i+1, st.Action, ok)
				}
			}
		}
		if sp := statePredicate(m, id); sp != nil {
			for i := range states {
				if ok := sp(&states[i]); ok != (i < last) {
					t.Errorf("%s: state %d judged %v", what, i, ok)
				}
			}
		}
		if id == "L1" && o.Lasso == nil {
			s := &states[last]
			if !bothClosing(s) || goal(s) {
				t.Errorf("%s: the stuck state is not after both CLOSEs, or is a goal state", what)
			}
		}
	}
	if o.Lasso != nil {
		checkLasso(t, m, what, o.Lasso)
	}
}

func transitionPredicate(m *model.Model, id string) func(*model.State, model.Action, *model.State) bool {
	for _, c := range transitionChecks(m) {
		if c.Name == id {
			return c.Holds
		}
	}
	return nil
}

func statePredicate(m *model.Model, id string) func(*model.State) bool {
	for _, c := range stateChecks(m) {
		if c.Name == id {
			return c.Holds
		}
	}
	return nil
}

// checkLasso replays a lasso and checks the premise, the avoidance of the
// goal and the fairness of the cycle, recomputing enabledness from the
// model rather than trusting the retained graph.
func checkLasso(t tb, m *model.Model, what string, l *Lasso) {
	t.Helper()
	fair := assumptions{class: edgeClass, groups: fairness(), perSegment: true}
	if strings.HasSuffix(what, "L2") {
		fair.groups, fair.l2 = l2Fairness(), true
	}
	checkLassoWith(t, m, what, l, fair)
}

func checkLassoWith(t tb, m *model.Model, what string, l *Lasso, fair assumptions) {
	t.Helper()
	if l.Init != m.Initial() {
		t.Fatalf("%s: lasso starts from a state that is not initial", what)
	}
	pre := replay(t, m, what+" prefix", l.Init, l.Prefix)
	loop := pre[len(pre)-1]
	cyc := replay(t, m, what+" cycle", loop, l.Cycle)
	if flat := l.Trace(); len(flat.Steps) != len(l.Prefix)+len(l.Cycle) || l.CycleStart() != len(l.Prefix) {
		t.Errorf("%s: the flattened lasso has %d steps, cycle at %d", what, len(flat.Steps), l.CycleStart())
	}
	if len(l.Cycle) > 0 && cyc[len(cyc)-1] != loop {
		t.Errorf("%s: the cycle does not return to its first state", what)
	}
	after := append(append([]model.State(nil), pre[l.PStep:]...), cyc...)
	if fair.l2 {
		// L2: the premise holds at the P-state; from there no state
		// connects A and no step withdraws the premise.
		if !ready(m.Config().Opens)(&pre[l.PStep]) {
			t.Errorf("%s: the premise does not hold after %d steps", what, l.PStep)
		}
		steps := append(append([]step(nil), l.Prefix[l.PStep:]...), l.Cycle...)
		after := append(append([]model.State(nil), pre[l.PStep:]...), cyc[1:]...)
		for i := range after {
			if connectsGoal(&after[i]) {
				t.Errorf("%s: state %d after the premise connects A", what, i)
			}
			if i > 0 && withdraws(m.Config())(&after[i-1], steps[i-1].Action) {
				t.Errorf("%s: step %d after the premise (%v) withdraws it", what, i, steps[i-1].Action)
			}
		}
	} else {
		for i := range after {
			if !bothClosing(&after[i]) || goal(&after[i]) {
				t.Errorf("%s: state %d after the premise leaves the premise or reaches the goal", what, i)
			}
		}
	}
	fs := fair.groups
	enabled := func(s *model.State) uint64 {
		var c uint64
		m.Next(s, func(a model.Action, _ *model.State) { c |= 1 << fair.class(a) })
		return c
	}
	if fair.perSegment {
		// Every segment in flight somewhere on the cycle leaves the
		// network (a consuming delivery or a loss) on one of its steps;
		// a behaviour that stutters has nothing in flight.
		states := append([]model.State{loop}, cyc...)
		for _, st := range states {
			for i := 0; i < st.Net.Len(); i++ {
				g := st.Net.At(i)
				left := false
				for j := range l.Cycle {
					left = left || states[j+1].Net.Count(g) < states[j].Net.Count(g)
				}
				if !left {
					t.Errorf("%s: segment %v stays in flight around the cycle", what, g)
				}
			}
		}
	}
	if len(l.Cycle) == 0 {
		en := enabled(&loop)
		for _, f := range fs {
			if en&f.Classes != 0 {
				t.Errorf("%s: stutters in a state where %v is enabled", what, f)
			}
		}
		return
	}
	var taken, everywhere, somewhere uint64
	everywhere = ^uint64(0)
	for i, st := range l.Cycle {
		taken |= 1 << fair.class(st.Action)
		en := enabled(&cyc[i])
		everywhere &= en
		somewhere |= en
	}
	for _, f := range fs {
		switch {
		case taken&f.Classes != 0:
		case !f.Strong && everywhere&f.Classes == 0:
		case f.Strong && somewhere&f.Classes == 0:
		default:
			t.Errorf("%s: the cycle is unfair to %v", what, f)
		}
	}
}
