package model

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

var _ explore.Model[State, Action] = (*Model)(nil)

func explorePrint(t *testing.T, name string, c Config) *explore.Result[State, Action] {
	t.Helper()
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var bound atomic.Int64
	r, err := explore.Run[State, Action](context.Background(), m, explore.Options[State, Action]{
		Constraint: func(s *State) bool {
			if s.Bound != 0 {
				bound.Add(1)
				return false
			}
			return true
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: distinct %d transitions %d depth %d bound-hit %d in %v (%d workers, %.1f B/state)", name, r.Stats.Distinct, r.Stats.Transitions, r.Stats.Depth, bound.Load(), r.Stats.Elapsed, r.Stats.Workers, r.Stats.BytesPerState)
	return r
}

// TestCounts measures the named variants; set TCPCHECK_COUNTS=1 to run it
// (it takes minutes).
func TestCounts(t *testing.T) {
	if os.Getenv("TCPCHECK_COUNTS") == "" {
		t.Skip("set TCPCHECK_COUNTS=1 to measure the variants")
	}
	for _, v := range Variants() {
		if v.Name == "big" {
			continue
		}
		c, err := Variant(v.Name)
		if err != nil {
			t.Fatal(err)
		}
		explorePrint(t, v.Name, c)
	}
}

// TestMeasure explores the variant named by TCPCHECK_VARIANT with
// overrides from TCPCHECK_K, TCPCHECK_OPENS, TCPCHECK_LOSS, TCPCHECK_R2,
// TCPCHECK_ATT; for tuning only.
func TestMeasure(t *testing.T) {
	name := os.Getenv("TCPCHECK_VARIANT")
	if name == "" {
		t.Skip("set TCPCHECK_VARIANT to measure")
	}
	c, err := Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	for env, p := range map[string]*int{"TCPCHECK_K": &c.NetBound, "TCPCHECK_OPENS": &c.Opens, "TCPCHECK_LOSS": &c.LossBudget, "TCPCHECK_R2": &c.R2, "TCPCHECK_ATT": &c.Attempts} {
		if v := os.Getenv(env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			*p = n
		}
	}
	if os.Getenv("TCPCHECK_NODUP") != "" {
		c.Dup = false
	}
	explorePrint(t, name, c)
}

// TestExhaustiveValid explores small configurations completely and checks
// that every reachable state is valid, decodes from its encoding, and
// keeps P5 in the baseline.
func TestExhaustiveValid(t *testing.T) {
	cfgs := map[string]func(*Config){
		"rfc9293 opens=1":       func(c *Config) { c.Opens = 1 },
		"both-active crash fw2": func(c *Config) { c.Opens, c.Roles, c.Crash, c.FinWait2Timer = 1, BothActive, true, true },
		"fast isn W=2 old dups": func(c *Config) {
			c.Opens, c.ISN, c.ISNSpace, c.Window, c.Attempts, c.ISSBase = 1, ISNFast, 8, 2, 1, [2]int{1, 5}
		},
		"793 any roles, no rto": func(c *Config) { c.Opens, c.Rules, c.RFC5961, c.Roles, c.RTO = 1, RFC793, false, AnyRole, false },
		"footprint, old syn": func(c *Config) {
			c.Opens, c.ISN, c.ISNSpace, c.NetBound, c.Attempts, c.ISSBase = 1, ISNFootprint, 8, 2, 1, [2]int{1, 5}
		},
	}
	if testing.Short() {
		delete(cfgs, "fast isn W=2 old dups")
		delete(cfgs, "footprint, old syn")
	}
	for name, set := range cfgs {
		t.Run(name, func(t *testing.T) {
			c := DefaultConfig()
			set(&c)
			if c.ISN == ISNFast || c.ISN == ISNFootprint {
				dups, err := ParseOldDups("A:syn,B:synack", c)
				if err != nil {
					t.Fatal(err)
				}
				c.OldDups = dups[:1]
				if c.NetBound >= 3 {
					c.OldDups = dups
				}
			}
			m, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			enc := make([]uint64, m.Words())
			r, err := explore.Run[State, Action](context.Background(), m, explore.Options[State, Action]{
				Workers:    1,
				Constraint: InBounds,
				Invariants: []explore.Invariant[State]{
					{Name: "Valid", Holds: func(s *State) bool { return m.Valid(s) == nil }},
					{Name: "RoundTrip", Holds: func(s *State) bool { m.Encode(s, enc); return m.Decode(enc) == *s }},
					{Name: "P5", Holds: func(s *State) bool { return !baseline(c) || sane(m, s) == nil }},
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range r.Violations {
				last := v.Trace.Last()
				t.Errorf("%s violated after %d steps:\n%v\n(valid: %v)", v.Property, len(v.Trace.Steps), &last, m.Valid(&last))
			}
			t.Logf("%d states, %d transitions, depth %d", r.Stats.Distinct, r.Stats.Transitions, r.Stats.Depth)
			if r.Stats.Distinct < 100 {
				t.Errorf("only %d states: the configuration explores nothing", r.Stats.Distinct)
			}
		})
	}
}
