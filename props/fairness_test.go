package props

import (
	"context"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// TestFairnessAssumptionsNeeded weakens L1's fairness one assumption at a
// time on a configuration where L1 holds, and expects a fair lasso for
// each assumption that matters.
func TestFairnessAssumptionsNeeded(t *testing.T) {
	c, err := model.Variant("rfc1337")
	if err != nil {
		t.Fatal(err)
	}
	c.FinWait2Timer, c.R2, c.Opens = true, 2, 1
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	full := fairness()
	without := func(drop func(liveness.Fairness) bool) []liveness.Fairness {
		var fs []liveness.Fairness
		for _, f := range full {
			if !drop(f) {
				fs = append(fs, f)
			}
		}
		return fs
	}
	weakDelivery := func() []liveness.Fairness {
		fs := append([]liveness.Fairness(nil), full...)
		for i := range fs {
			if strings.HasPrefix(fs[i].Name, "deliver") {
				fs[i].Strong = false
			}
		}
		return fs
	}
	// One weak group for every delivery, the brief's first idea.
	anyDelivery := func() []liveness.Fairness {
		fs := without(func(f liveness.Fairness) bool { return strings.HasPrefix(f.Name, "deliver") })
		var all uint64
		for _, f := range full {
			if strings.HasPrefix(f.Name, "deliver") {
				all |= f.Classes
			}
		}
		return append(fs, liveness.Fairness{Name: "some delivery", Classes: all})
	}
	// The model's own classes, where a delivery that keeps a copy counts
	// as delivering.
	modelClasses := func() assumptions {
		var fs []liveness.Fairness
		for e := uint(0); e < 2; e++ {
			for k := model.ClassDeliverSYN; k <= model.ClassDeliverRST; k++ {
				fs = append(fs, liveness.Fairness{Name: "deliver", Classes: 1 << (e*16 + uint(k)), Strong: true})
			}
			for _, k := range []uint8{model.ClassRetransmit, model.ClassGiveUp, model.ClassFinWait2} {
				fs = append(fs, liveness.Fairness{Name: "timer", Classes: 1 << (e*16 + uint(k))})
			}
			fs = append(fs, liveness.Fairness{Name: "2MSL", Classes: 1 << (e*16 + uint(model.ClassTimeWait)), Strong: true})
		}
		return assumptions{class: m.FairnessClass, groups: fs}
	}

	tests := []struct {
		name  string
		fair  assumptions
		holds bool
	}{
		{"all assumptions", assumptions{class: edgeClass, groups: full, perSegment: true}, true},
		{"no retransmission fairness", assumptions{class: edgeClass, groups: without(func(f liveness.Fairness) bool { return strings.HasPrefix(f.Name, "RTO") }), perSegment: true}, false},
		{"no 2MSL fairness", assumptions{class: edgeClass, groups: without(func(f liveness.Fairness) bool { return strings.HasPrefix(f.Name, "2MSL") }), perSegment: true}, false},
		{"no FIN-WAIT-2 timer fairness", assumptions{class: edgeClass, groups: without(func(f liveness.Fairness) bool { return strings.HasPrefix(f.Name, "FIN-WAIT-2") }), perSegment: true}, false},
		// Per kind and direction, weak is as good as strong here: a kind
		// of segment in flight leaves the network only by a consuming
		// delivery or a budgeted loss, so it cannot be enabled on and off
		// around a cycle. Only free losses (old duplicates) could.
		{"weak delivery fairness per kind", assumptions{class: edgeClass, groups: weakDelivery(), perSegment: true}, true},
		// Without per-segment fairness, the fairness per kind of segment
		// is what keeps endless exchanges out.
		{"weak fairness on some delivery, no per-segment fairness", assumptions{class: edgeClass, groups: anyDelivery()}, false},
		// With it, losses being budgeted, a segment that stays in flight
		// must be delivered: per-kind delivery fairness adds nothing.
		{"per-segment fairness, no delivery fairness per kind", assumptions{class: edgeClass, perSegment: true,
			groups: without(func(f liveness.Fairness) bool { return strings.HasPrefix(f.Name, "deliver") })}, true},
		{"duplicating deliveries count, no per-segment fairness", modelClasses(), false},
	}
	ps, err := Lookup([]string{"L1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		r, err := check(context.Background(), m, Options{Props: ps}, tt.fair)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		o := r.Outcomes[0]
		if got := o.Verdict == explore.Holds; got != tt.holds {
			t.Errorf("%s: L1 %v (%s), want holds=%v", tt.name, o.Verdict, o.Note, tt.holds)
			continue
		}
		if o.Lasso != nil {
			checkLassoWith(t, m, tt.name, o.Lasso, tt.fair)
		}
	}
}

// TestPerSegmentFairnessNeeded: with fairness per kind of segment only, a
// copy of an ACK delivered to A, then to B, forever keeps both TIME-WAITs
// from draining (two segments in flight, one of them never delivered);
// with fairness per segment in flight L1 holds. Needs three segments in
// flight.
func TestPerSegmentFairnessNeeded(t *testing.T) {
	if testing.Short() {
		t.Skip("a search at --net-bound 3")
	}
	c, err := model.Variant("rfc1337")
	if err != nil {
		t.Fatal(err)
	}
	c.Abort, c.R2, c.NetBound, c.Opens = false, 2, 3, 1
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := Lookup([]string{"L1"})
	for _, per := range []bool{false, true} {
		r, err := check(context.Background(), m, Options{Props: ps}, assumptions{class: edgeClass, groups: fairness(), perSegment: per})
		if err != nil {
			t.Fatal(err)
		}
		o := r.Outcomes[0]
		if got := o.Verdict == explore.Holds; got != per {
			t.Errorf("per-segment fairness %v: L1 %v (%s), want holds=%v", per, o.Verdict, o.Note, per)
		}
		if o.Lasso != nil {
			checkLassoWith(t, m, "L1", o.Lasso, assumptions{class: edgeClass, groups: fairness(), perSegment: per})
		}
	}
}
