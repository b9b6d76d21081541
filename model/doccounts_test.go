package model

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// applyArgs sets the flags the count table of docs/MODEL.md uses.
func applyArgs(t *testing.T, args []string) Config {
	t.Helper()
	c, err := Variant(args[0])
	if err != nil {
		t.Fatal(err)
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return n
	}
	for i := 1; i < len(args); i++ {
		val := func() string { i++; return args[i] }
		switch args[i] {
		case "--opens":
			c.Opens = atoi(val())
		case "--attempts":
			c.Attempts = atoi(val())
		case "--net-bound":
			c.NetBound = atoi(val())
		case "--loss-budget":
			c.LossBudget = atoi(val())
		case "--isn-space":
			c.ISNSpace = atoi(val())
		case "--window":
			c.Window = atoi(val())
		case "--isn":
			v := val()
			for p := ISNMonotone; p <= ISNSlow; p++ {
				if p.String() == v {
					c.ISN = p
				}
			}
		case "--iss":
			a, b, _ := strings.Cut(val(), ",")
			c.ISSBase = [2]int{atoi(a), atoi(b)}
		case "--roles":
			v := val()
			for r := ClientServer; r <= AnyRole; r++ {
				if r.String() == v {
					c.Roles = r
				}
			}
		case "--crash":
			c.Crash = true
		case "--crash-loses-clock":
			c.CrashLosesClock = true
		case "--fin-wait-2-timer":
			c.FinWait2Timer = true
		case "--isn-stride":
			c.ISNStride = atoi(val())
		case "--data":
			c.Data = atoi(val())
		case "--half-duplex-rst":
			c.HalfDuplexRST = true
		case "--old-dups":
			v := val()
			d, err := ParseOldDups(v, c)
			if err != nil {
				t.Fatal(err)
			}
			c.OldDups = d
		default:
			t.Fatalf("flag %q not known to this test", args[i])
		}
	}
	return c
}

// TestDocumentedCounts re-measures the count table of docs/MODEL.md, so
// that the document and the model cannot drift apart. Under -short only
// the rows below 50,000 states are measured.
func TestDocumentedCounts(t *testing.T) {
	doc, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Skip("docs/MODEL.md not found:", err)
	}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)`[^|]*\\| ([0-9,]+) \\| ([0-9,]+) \\| ([0-9]+) \\| *([0-9,]*) *\\|")
	num := func(s string) int64 {
		n, _ := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
		return n
	}
	rows := row.FindAllStringSubmatch(string(doc), -1)
	if len(rows) < 5 {
		t.Fatalf("found %d count rows in docs/MODEL.md", len(rows))
	}
	for _, r := range rows {
		name, distinct, trans, depth := r[1], num(r[2]), num(r[3]), num(r[4])
		hits := int64(-1) // the column may be left empty
		if r[5] != "" {
			hits = num(r[5])
		}
		args := strings.Fields(strings.ReplaceAll(name, " (defaults)", ""))
		if args[0] == "big" || distinct > 1_000_000 || testing.Short() && distinct > 50_000 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			c := applyArgs(t, args)
			m, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			res, err := explore.Run[State, Action](context.Background(), m, explore.Options[State, Action]{Constraint: InBounds})
			if err != nil {
				t.Fatal(err)
			}
			if res.Stats.Distinct != distinct || res.Stats.Transitions != trans || int64(res.Stats.Depth) != depth {
				t.Errorf("measured %d states, %d transitions, depth %d; docs/MODEL.md says %d, %d, %d",
					res.Stats.Distinct, res.Stats.Transitions, res.Stats.Depth, distinct, trans, depth)
			}
			// Bound hits: successors generated but rejected by InBounds
			// (one initial state, never flagged).
			if got := res.Stats.Generated - 1 - res.Stats.Transitions; hits >= 0 && got != hits {
				t.Errorf("measured %d bound hits; docs/MODEL.md says %d", got, hits)
			}
		})
	}
}
