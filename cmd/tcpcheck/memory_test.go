package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

func TestMemoryFlag(t *testing.T) {
	def, _ := explore.DefaultMemoryBudget()
	for _, tc := range []struct {
		in   string
		want uint64
		bad  bool
	}{
		{"auto", def, false}, {"0", 0, false}, {"4GiB", 4 << 30, false}, {"512MiB", 512 << 20, false},
		{"lots", 0, true}, {"-1G", 0, true},
	} {
		var m memoryFlag
		err := m.Set(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("--memory %s: error %v", tc.in, err)
			continue
		}
		if !tc.bad && m.budget() != tc.want {
			t.Errorf("--memory %s: budget %d, want %d", tc.in, m.budget(), tc.want)
		}
	}
	var unset memoryFlag
	if unset.budget() != def || (def == 0) != (unset.budget() == 0) {
		t.Errorf("no --memory: budget %d, want the machine's default %d", unset.budget(), def)
	}
	_, out, _ := runCLI(t, "explore", "--help")
	if !strings.Contains(out, "(default auto") {
		t.Errorf("explore --help does not show the default memory budget:\n%s", out)
	}
}

// TestMemoryBudgetStopsCleanly: a search that reaches --memory ends with
// exit 3 and a note when nothing is violated, and with exit 1 and the
// counterexamples found so far when something is (issue 15, bug 2).
func TestMemoryBudgetStopsCleanly(t *testing.T) {
	code, out, errs := runCLI(t, "explore", "--props", "P5", "--memory", "1MiB", "-q")
	if code != exitIncomplete || !strings.Contains(out, "memory budget of 1.0 MiB (--memory) was reached") {
		t.Fatalf("exit %d (want 3); stdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	// P1 fails at depth 4 with a fixed ISN; the whole search needs far more
	// than the budget (over 5 M states).
	budget := explore.ProcessMemory() + 64<<20
	code, out, errs = runCLI(t, "explore", "--variant", "fixed-isn", "--old-dups", "A:syn", "--net-bound", "3",
		"--loss-budget", "0", "--roles", "any", "--props", "P1", "--memory", fmt.Sprint(budget), "--format", "json", "-q")
	if code != exitViolated {
		t.Fatalf("exit %d, want 1; stderr %s", code, errs)
	}
	var doc exploreResult
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Stats.StopReason != "max memory" || doc.Properties[0].Verdict != "violated" || doc.Properties[0].Counterexample == nil {
		t.Fatalf("stop %q, P1 %s: want max memory and a counterexample", doc.Stats.StopReason, doc.Properties[0].Verdict)
	}
	if doc.Stats.PeakMemory > budget+budget/8 {
		t.Errorf("peak %d bytes, budget %d", doc.Stats.PeakMemory, budget)
	}
}
