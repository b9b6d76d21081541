package props

import "github.com/tcpcheck/tcpcheck/model"

// StepViolations evaluates the safety properties on one step of a path,
// as the search does: the transition properties on (from, a, to), the
// state properties on to. It returns the properties the step breaks, in
// the order of All. L1 and L2 need the whole state graph and are never listed.
// It lets a path built by hand (tcpcheck serve) be judged by the same
// checks as the search, with no copy of them.
func StepViolations(m *model.Model, from *model.State, a model.Action, to *model.State) []Property {
	bad := map[string]bool{}
	for _, c := range stateChecks(m) {
		if !c.Holds(to) {
			bad[c.Name] = true
		}
	}
	for _, c := range transitionChecks(m) {
		if !c.Holds(from, a, to) {
			bad[c.Name] = true
		}
	}
	return pick(bad)
}

// StateViolations is StepViolations for the initial state: the state
// properties it breaks.
func StateViolations(m *model.Model, s *model.State) []Property {
	bad := map[string]bool{}
	for _, c := range stateChecks(m) {
		if !c.Holds(s) {
			bad[c.Name] = true
		}
	}
	return pick(bad)
}

func pick(bad map[string]bool) []Property {
	var out []Property
	for _, p := range all {
		if bad[p.ID] {
			out = append(out, p)
		}
	}
	return out
}
