package conform

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// TestRederive: when a chained coverage test stops at a known deviation,
// the keys of its later steps are found again by tests that do not take
// the deviating input in that state.
func TestRederive(t *testing.T) {
	m, err := model.New(ConformConfig(model.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	var tt *Test
	tests := Coverage(m, 3)
	for i := range tests {
		if len(tests[i].Covers) >= 3 {
			tt = &tests[i]
			break
		}
	}
	if tt == nil {
		t.Fatal("no chained test with three keys")
	}
	// The test agrees up to its second-to-last step's input, which is a
	// known deviation: its last key is lost.
	r := agreeing(t, *tt)
	cut := len(r.Steps) - 2
	r.Steps = r.Steps[:cut+1]
	r.Steps[cut].Match = -1
	r.Verdict = Known
	d := r.Steps[cut]
	lost := tt.Covers[len(tt.Covers)-1]
	for _, k := range reachedKeys(&r) {
		if k == lost {
			t.Fatalf("%v counted as reached before re-deriving", k)
		}
	}
	more := Rederive(m, 3, []Result{r}, 1)
	found := false
	for _, nt := range more {
		for _, k := range nt.Covers {
			found = found || k == lost
		}
		s := m.Initial()
		for _, st := range nt.Steps {
			if s.E[StackSide].State == d.From.E[StackSide].State && st.Class() == d.Step.Class() {
				t.Errorf("%s takes the deviating input %s in %v again", nt.Name, st.Class(), s.E[StackSide].State)
			}
			s = advance(Successors(m, &s, st)[0], st)
		}
	}
	if !found {
		t.Errorf("the lost key %v is in no re-derived test (%d tests)", lost, len(more))
	}
}
