package vdiff

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// small is a configuration that keeps each search well under a second.
func small(t *testing.T, variant string, edit func(c *model.Config)) Side {
	t.Helper()
	c, err := model.Variant(variant)
	if err != nil {
		t.Fatal(err)
	}
	c.Opens, c.Attempts, c.LossBudget = 1, 2, 1
	if edit != nil {
		edit(&c)
	}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return Side{Name: variant, Model: m}
}

func TestSameConfigurationHasNoDifference(t *testing.T) {
	a := small(t, "rfc9293", nil)
	b := small(t, "rfc9293", nil)
	rep, err := Compare(context.Background(), a, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.OnlyA) != 0 || len(rep.OnlyB) != 0 || !rep.Complete {
		t.Fatalf("identical configurations differ: only A %v, only B %v", rep.OnlyA, rep.OnlyB)
	}
	if rep.Common == 0 || rep.Common != rep.LabelsA {
		t.Fatalf("common %d, labels %d", rep.Common, rep.LabelsA)
	}
}

// The RFC 1337 fix changes what a RST does in TIME-WAIT and nothing a
// property names directly: the diff must show both sides of it, each with
// a witness that ends in the transition it names.
func TestRFC1337DiffersInTimeWait(t *testing.T) {
	a := small(t, "rfc9293", nil)
	b := small(t, "rfc1337", func(c *model.Config) { c.AbortInTimeWait = true })
	rep, err := Compare(context.Background(), a, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	has := func(es []Entry, rule model.Rule, from model.TCPState) bool {
		for _, e := range es {
			if e.Label.Rule == rule && e.Label.From == from {
				return true
			}
		}
		return false
	}
	if !has(rep.OnlyA, model.RuleRSTReset, model.TimeWait) {
		t.Errorf("rfc9293 alone should reset TIME-WAIT on a RST; only in rfc9293: %v", labels(rep.OnlyA))
	}
	if !has(rep.OnlyB, model.RuleRSTTimeWaitIgnored, model.TimeWait) {
		t.Errorf("rfc1337 alone should ignore a RST in TIME-WAIT; only in rfc1337: %v", labels(rep.OnlyB))
	}
	for _, es := range [][]Entry{rep.OnlyA, rep.OnlyB} {
		for _, e := range es {
			if !e.Found {
				t.Errorf("%v: no witness", e.Label)
				continue
			}
			last := e.Witness.Steps[len(e.Witness.Steps)-1].Action
			if labelOf(last) != e.Label {
				t.Errorf("witness of %v ends with %v", e.Label, last)
			}
		}
	}
}

// A witness is shortest: no transition with the label occurs earlier in it.
func TestWitnessIsShortest(t *testing.T) {
	a := small(t, "rfc9293", nil)
	b := small(t, "two-way-handshake", nil)
	rep, err := Compare(context.Background(), a, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.OnlyB) == 0 {
		t.Fatal("two-way-handshake adds no transition")
	}
	for _, e := range append(rep.OnlyA, rep.OnlyB...) {
		for _, st := range e.Witness.Steps[:len(e.Witness.Steps)-1] {
			if labelOf(st.Action) == e.Label {
				t.Errorf("%v occurs before the end of its witness", e.Label)
			}
		}
	}
}

func TestKeyRoundTrip(t *testing.T) {
	for _, l := range []Label{
		{},
		{Side: model.B, From: model.TimeWait, Kind: model.Deliver, Seg: model.FlagRST | model.FlagACK, Rule: model.RuleRSTReset, To: model.Closed},
		{Side: model.A, From: model.SynSent, Kind: model.Deliver, Seg: model.FlagSYN, Rule: model.RuleSynSentSyn, To: model.SynReceived, Reply: true, Sent: model.FlagSYN | model.FlagACK},
	} {
		if got := labelOfKey(l.key()); got != l {
			t.Errorf("round trip of %v gave %v", l, got)
		}
	}
}

func labels(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Label.String())
	}
	return out
}

// The linux profile's own rules show up as transitions the RFC never
// takes, and the RFC's ABORT with a bare RST as one Linux never takes.
func TestLinuxProfileDiffers(t *testing.T) {
	a := small(t, "rfc9293", nil)
	b := small(t, "linux", nil)
	rep, err := Compare(context.Background(), a, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := func(es []Entry) map[model.Rule]bool {
		m := map[model.Rule]bool{}
		for _, e := range es {
			m[e.Label.Rule] = true
		}
		return m
	}
	onlyLinux := rules(rep.OnlyB)
	for _, r := range []model.Rule{model.RuleSynRcvdDupSyn, model.RuleRSTAfterFin, model.RuleOldSegment, model.RuleTimeWaitAck, model.RuleRateLimited} {
		if !onlyLinux[r] {
			t.Errorf("linux alone should fire %v; only in linux: %v", r, labels(rep.OnlyB))
		}
	}
	bareRST := false
	for _, e := range rep.OnlyA {
		if e.Label.Rule == model.RuleAbortReset && e.Label.Sent == model.FlagRST {
			bareRST = true
		}
	}
	if !bareRST {
		t.Errorf("rfc9293 alone should ABORT with a bare RST; only in rfc9293: %v", labels(rep.OnlyA))
	}
}
