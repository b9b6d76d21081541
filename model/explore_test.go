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
