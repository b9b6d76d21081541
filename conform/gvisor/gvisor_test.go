package gvisor

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/conform"
)

// TestSuite runs the default conformance suite, the timer tests included,
// against gVisor's netstack and fails on any deviation not listed in
// testdata/gvisor.known, or on a test that timed out.
func TestSuite(t *testing.T) {
	o := conform.Options{Variant: "rfc9293", Known: "../testdata/gvisor.known", Depth: 6, Scenarios: true, Timers: true, Walks: 10, WalkLen: 6, Seed: 1}
	if testing.Short() {
		o.Depth, o.Walks, o.Scenarios = 3, 0, false
	}
	var out, errb bytes.Buffer
	code := conform.Execute(context.Background(), &Driver{}, o, &out, &errb)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	t.Log(lines[len(lines)-1])
	if code != conform.ExitOK || strings.Contains(out.String(), "TIMEOUT") {
		t.Fatalf("exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
}

// TestDeviationFound: without the known list, gVisor's documented
// deviations are reported as new and the exit code is 1, so the suite can
// fail.
func TestDeviationFound(t *testing.T) {
	o := conform.Options{Variant: "rfc9293", Depth: 3}
	var out bytes.Buffer
	if code := conform.Execute(context.Background(), &Driver{}, o, &out, os.Stderr); code != conform.ExitNew {
		t.Fatalf("exit %d, want %d:\n%s", code, conform.ExitNew, out.String())
	}
	if !strings.Contains(out.String(), "DIFFER") {
		t.Fatalf("no DIFFER line:\n%s", out.String())
	}
}

// TestRepeatable: the same seed gives the same tests and the same
// verdicts on the same stack.
func TestRepeatable(t *testing.T) {
	o := conform.Options{Variant: "rfc9293", Depth: 2, Walks: 5, WalkLen: 6, Seed: 3}
	verdicts := func() []string {
		tests, _, err := conform.Tests(o)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := (&conform.Runner{Driver: &Driver{}}).Run(context.Background(), tests)
		if err != nil {
			t.Fatal(err)
		}
		var v []string
		for i := range rs {
			s := rs[i].Test.Name + " " + string(rs[i].Verdict)
			if d := rs[i].Diff(); d != nil {
				s += " " + d.Signature()
			}
			v = append(v, s)
		}
		return v
	}
	a, b := verdicts(), verdicts()
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("two runs differ:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
}
