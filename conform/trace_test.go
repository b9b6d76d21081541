package conform

import (
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// agreeing runs t against the model itself: every step agrees with the
// first allowed outcome.
func agreeing(t *testing.T, tt Test) Result {
	m, err := model.New(tt.Config)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Initial()
	r := Result{Test: tt, Verdict: Agree}
	for _, st := range tt.Steps {
		tr := Successors(m, &s, st)
		if len(tr) == 0 {
			t.Fatalf("%s: %v not enabled", tt.Name, st)
		}
		r.Steps = append(r.Steps, StepResult{Step: st, From: s, Allowed: tr, Match: 0})
		s = advance(tr[0], st)
	}
	return r
}

// TestTracesReplay: the trace written for a test replays in the model, for
// the coverage tests, the scenarios, the timer tests and some walks, long ones included
// (they stop where the network is full and say so).
func TestTracesReplay(t *testing.T) {
	m, err := model.New(ConformConfig(model.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	tests := Coverage(m, 3)
	sc, _ := Scenarios(model.DefaultConfig())
	tests = append(tests, sc...)
	tests = append(tests, Walks(m, 1, 5, 10)...)
	gen, check := timerModels(t, 2)
	tests = append(tests, TimerTests(gen, check, 6)...)
	cut := 0
	for _, tt := range tests {
		r := agreeing(t, tt)
		text, err := TraceText(&r)
		if err != nil {
			t.Fatalf("%s: %v", tt.Name, err)
		}
		if strings.Contains(text, "do not fit") {
			cut++
		}
		tr, err := scenario.Parse(tt.Name, strings.NewReader(text))
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.Name, err, text)
		}
		rep, err := scenario.Replay(tr)
		if err != nil || !rep.OK() {
			t.Fatalf("%s does not replay: %v %v\n%s", tt.Name, err, rep.Failure, text)
		}
	}
	if cut == 0 {
		t.Error("no test was long enough to need cutting; the test checks nothing of that")
	}
}
