package conform

import (
	"fmt"
	"sort"

	"github.com/tcpcheck/tcpcheck/model"
)

// A test stops at its first difference, so the keys it was to reach after
// that step are not reached. When the difference is a known deviation,
// Rederive finds the lost keys again, by paths that avoid every input
// that drew a known deviation in a state, and makes new tests of them.
// A key whose own step is a deviation is not looked for again: it was
// reached, and did not agree.

// rederiveRounds is how many times Execute re-derives: a new test can
// itself stop at another known deviation.
const rederiveRounds = 3

type stateInput struct {
	state model.TCPState
	class string
}

// Rederive returns the tests, named NAME-rN for round n, for the keys of
// the coverage tests in rs that stopped at a known deviation and that no
// test in rs reached.
func Rederive(m *model.Model, maxDepth int, rs []Result, round int) []Test {
	avoid := map[stateInput]bool{}
	reached := map[Key]bool{}
	for i := range rs {
		r := &rs[i]
		for _, k := range reachedKeys(r) {
			reached[k] = true
		}
		if r.Verdict == Known || r.Verdict == Differ {
			d := r.Diff()
			avoid[stateInput{d.From.E[StackSide].State, d.Step.Class()}] = true
		}
	}
	lost := map[Key]bool{}
	for i := range rs {
		r := &rs[i]
		if r.Verdict != Known || r.Test.Origin != "coverage" {
			continue
		}
		for _, k := range r.Test.Covers {
			if !reached[k] && !avoid[stateInput{k.State, k.Class}] {
				lost[k] = true
			}
		}
	}
	if len(lost) == 0 {
		return nil
	}
	first, keys := search(m, maxDepth, func(s *model.State, st Step) bool {
		return avoid[stateInput{s.E[StackSide].State, st.Class()}]
	}, nil)
	var want []Key
	for _, k := range keys {
		if lost[k] {
			want = append(want, k)
		}
	}
	tests := chain(m, prefixTests(m.Config(), first, want))
	sort.SliceStable(tests, func(i, j int) bool { return lessSteps(tests[i].Steps, tests[j].Steps) })
	for i := range tests {
		tests[i].Name = fmt.Sprintf("cover-r%d-%03d", round, i+1)
		tests[i].Origin = "coverage"
	}
	return tests
}

// reachedKeys are the keys of r.Test.Covers that a step of r reached with
// the stack agreeing.
func reachedKeys(r *Result) []Key {
	var out []Key
	for _, k := range r.Test.Covers {
		for _, sr := range r.Steps {
			if sr.Match >= 0 && sr.From.E[StackSide].State == k.State && sr.Step.Class() == k.Class && sr.Allowed[sr.Match].Action.Rule == k.Rule {
				out = append(out, k)
				break
			}
		}
	}
	return out
}
