package model

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// TestSmallSpaceCoincidence backs docs/MODEL.md §11: with a small N, the
// <SEQ=0> of a §3.5.2 reset can equal a RCV.NXT of 0 and reset a
// synchronized endpoint, a coincidence a 32-bit space makes negligible.
// It happens when an ISS+1 or ISS+2 of the peer is 0 mod N, and not
// otherwise.
func TestSmallSpaceCoincidence(t *testing.T) {
	zeroReset := func(from *State, a Action, to *State) bool {
		return !(a.Kind == Deliver && a.From >= SynReceived && a.Rule == RuleRSTReset &&
			a.Seg.Has(FlagRST|FlagACK) && a.Seg.Seq == 0)
	}
	for _, tc := range []struct {
		iss  [2]int
		want bool
	}{
		{[2]int{1, 5}, false}, // B draws 5, 8: RCV.NXT of A never 0
		{[2]int{1, 10}, true}, // B draws 10, 1: RCV.NXT of A may be 0
	} {
		c := DefaultConfig()
		c.ISNSpace, c.ISNStride, c.ISSBase, c.Attempts = 12, 3, tc.iss, 2
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := explore.Run[State, Action](context.Background(), m, explore.Options[State, Action]{
			Constraint:       InBounds,
			ActionInvariants: []explore.ActionInvariant[State, Action]{{Name: "no reset by SEQ=0", Holds: zeroReset}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(r.Violations) > 0; got != tc.want {
			t.Errorf("--iss %d,%d: a <SEQ=0> reset is accepted: %v, want %v", tc.iss[0], tc.iss[1], got, tc.want)
		}
	}
}
