package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// TestStepViolations replays the shortest counterexamples of a variant
// that breaks several properties: StepViolations must find each property
// broken on the last step of its counterexample and on no earlier step
// (else the search would have found a shorter one).
func TestStepViolations(t *testing.T) {
	c, err := model.Variant("two-way-handshake")
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), m, Options{Workers: 1, Continue: true, Store: explore.Exact})
	if err != nil {
		t.Fatal(err)
	}
	init := m.Initial()
	if bad := StateViolations(m, &init); len(bad) > 0 {
		t.Errorf("the initial state breaks %v", bad)
	}
	checked := 0
	for _, o := range rep.Outcomes {
		if o.Verdict != explore.Violated || o.Property.Kind == Liveness || o.Trace == nil {
			continue
		}
		checked++
		cur := o.Trace.Init
		for i, st := range o.Trace.Steps {
			found := false
			for _, p := range StepViolations(m, &cur, st.Action, &st.State) {
				found = found || p.ID == o.Property.ID
			}
			if last := i == len(o.Trace.Steps)-1; found != last {
				t.Errorf("%s: step %d of %d (%v): broken %v", o.Property.ID, i+1, len(o.Trace.Steps), st.Action, found)
			}
			cur = st.State
		}
	}
	if checked < 3 {
		t.Errorf("only %d safety counterexamples to check: pick a variant that breaks more", checked)
	}
}
