package props

import (
	"context"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// small is a variant with one OPEN per endpoint: a few thousand states.
func small(t *testing.T, name string) *model.Model {
	t.Helper()
	c, err := model.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	c.Opens = 1
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func verdicts(r *Report) string {
	var s []string
	for _, o := range r.Outcomes {
		s = append(s, o.Property.ID+"="+o.Verdict.String())
	}
	return strings.Join(s, " ")
}

func TestCheckSelection(t *testing.T) {
	m := small(t, "rfc9293")
	ps, err := Lookup([]string{"P4", "P1"})
	if err != nil {
		t.Fatal(err)
	}
	ps = append(ps, ps[1]) // a repeat is reported once
	r, err := Check(context.Background(), m, Options{Props: ps, Continue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := verdicts(r), "P1=holds P4=violated"; got != want {
		t.Errorf("verdicts %s, want %s", got, want)
	}
	if r.Verdict != explore.Violated {
		t.Errorf("report verdict %v, want violated", r.Verdict)
	}
	if _, ok := r.Outcome("L1"); ok {
		t.Error("L1 reported though not selected")
	}
	o, _ := r.Outcome("P4")
	if o.Trace == nil || o.Depth != len(o.Trace.Steps) || o.Depth == 0 {
		t.Errorf("P4 outcome without a consistent trace: depth %d", o.Depth)
	}
}

func TestCheckStopsAtFirstViolation(t *testing.T) {
	m := small(t, "two-way-handshake")
	r, err := Check(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != explore.Violated {
		t.Fatalf("verdict %v, want violated", r.Verdict)
	}
	o, _ := r.Outcome("P1")
	if o.Verdict != explore.Violated {
		t.Errorf("P1 %v, want violated (the shortest counterexample of all)", o.Verdict)
	}
	for _, id := range []string{"P3", "P6", "L1"} {
		o, _ := r.Outcome(id)
		if o.Verdict != explore.Incomplete || !strings.Contains(o.Note, "Continue") {
			t.Errorf("%s: %v %q, want incomplete with a note on Continue", id, o.Verdict, o.Note)
		}
	}
}

func TestCheckBudget(t *testing.T) {
	m := small(t, "rfc1337")
	r, err := Check(context.Background(), m, Options{MaxStates: 100, Continue: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != explore.Incomplete {
		t.Fatalf("verdict %v, want incomplete: %s", r.Verdict, verdicts(r))
	}
	for _, o := range r.Outcomes {
		if o.Verdict != explore.Incomplete || o.Note == "" {
			t.Errorf("%s: %v %q, want incomplete with a note", o.Property.ID, o.Verdict, o.Note)
		}
	}
}

func TestCheckHolds(t *testing.T) {
	c, err := model.Variant("rfc1337")
	if err != nil {
		t.Fatal(err)
	}
	c.Opens, c.Abort, c.R2 = 1, false, 2
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != explore.Holds {
		t.Fatalf("verdict %v, want holds: %s", r.Verdict, verdicts(r))
	}
	if len(r.Outcomes) != len(All()) {
		t.Errorf("%d outcomes, want %d", len(r.Outcomes), len(All()))
	}
}

func TestCheckRejectsUnknownProperty(t *testing.T) {
	m := small(t, "rfc9293")
	_, err := Check(context.Background(), m, Options{Props: []Property{{ID: "P9"}}})
	if err == nil || !strings.Contains(err.Error(), "P9") {
		t.Errorf("error %v, want one naming P9", err)
	}
}

func TestCheckCancelled(t *testing.T) {
	m := small(t, "rfc9293")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := Check(ctx, m, Options{Continue: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict == explore.Holds {
		t.Errorf("a cancelled check holds: %s", verdicts(r))
	}
}
