package model

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// only793 reports whether a transition used a rule the rfc793 variant
// has and rfc9293 (with RFC 5961) has not: SYN-RECEIVED accepting
// SEG.ACK = SND.UNA (erratum 3301), an in-window SYN answered by a reset,
// or a RST accepted in the window but off RCV.NXT.
func only793(from *State, a Action) bool {
	if a.Kind != Deliver || a.From < SynReceived {
		return false
	}
	p := &from.E[a.Side]
	switch a.Rule {
	case RuleSYNReset:
		return true
	case RuleSynRcvdAck, RuleAckTooNew:
		return a.From == SynReceived && a.Seg.Has(FlagACK) && a.Seg.Ack == p.SndUna
	case RuleRSTReset:
		return a.Seg.Seq != p.RcvNxt
	}
	return false
}

// TestRFC793Variant backs docs/MODEL.md §14: the rfc793 variant reaches
// its own rules at the defaults (W = 3, stride 3), none of them with W = 1
// and stride 100 (so its graph equals rfc9293's there), nor with the named
// old duplicates, and does reach them with a window of 2, or with fast
// ISNs and a second incarnation or an old SYN.
func TestRFC793Variant(t *testing.T) {
	cases := []struct {
		name  string
		set   func(c *Config)
		wants bool
	}{
		{"defaults (W = 3, stride 3)", func(c *Config) {}, true},
		{"W = 1, stride 100", func(c *Config) { c.Window, c.ISNStride = 1, 100 }, false},
		{"window 2, stride 100", func(c *Config) { c.Window, c.ISNStride = 2, 100 }, true},
		{"named old duplicates, monotone, W = 1, stride 100", func(c *Config) {
			c.Window, c.ISNStride = 1, 100
			c.Opens, c.NetBound = 1, 3
			c.OldDups, _ = ParseOldDups("A:syn,B:synack", *c)
		}, false},
		{"fast isn, one incarnation", func(c *Config) {
			c.Opens, c.Attempts, c.ISN, c.ISNSpace, c.ISSBase, c.Window = 1, 1, ISNFast, 8, [2]int{1, 5}, 1
		}, false},
		{"fast isn, old SYN", func(c *Config) {
			c.Opens, c.Attempts, c.ISN, c.ISNSpace, c.ISSBase, c.Window = 1, 1, ISNFast, 8, [2]int{1, 5}, 1
			c.OldDups, _ = ParseOldDups("A:syn", *c)
		}, true},
		{"fast isn, two incarnations", func(c *Config) {
			c.Opens, c.Attempts, c.ISN, c.ISNSpace, c.ISSBase, c.Window = 2, 2, ISNFast, 8, [2]int{1, 5}, 1
		}, true},
	}
	for _, tc := range cases {
		c, err := Variant("rfc793")
		if err != nil {
			t.Fatal(err)
		}
		tc.set(&c)
		if testing.Short() && !tc.wants {
			c.Opens = 1
		}
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := explore.Run[State, Action](context.Background(), m, explore.Options[State, Action]{
			Constraint: InBounds,
			ActionInvariants: []explore.ActionInvariant[State, Action]{{Name: "no 793-only rule",
				Holds: func(from *State, a Action, to *State) bool { return !only793(from, a) }}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(r.Violations) > 0; got != tc.wants {
			t.Errorf("%s: a 793-only rule fires: %v, want %v", tc.name, got, tc.wants)
		}
		for _, v := range r.Violations {
			t.Logf("%s: %v after %d steps", tc.name, v.Trace.Steps[len(v.Trace.Steps)-1].Action, len(v.Trace.Steps))
		}
	}
}
