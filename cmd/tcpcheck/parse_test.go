package main

import (
	"os"
	"strings"
	"testing"
)

// A flag given twice with different values would lose one silently; an
// empty file or directory name would write nowhere. Both are refused.
func TestFlagMisuse(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"explore", "--props", "P1", "--props", "P4"}, "--props P1,P4"},
		{[]string{"explore", "--window", "2", "--window=3"}, "--window given twice (2, then 3)"},
		{[]string{"explore", "--out", ""}, "--out needs a name"},
		{[]string{"explore", "--out="}, "--out needs a name"},
		{[]string{"explore", "--graph", ""}, "--graph needs a name"},
		{[]string{"replay", "-o", "", "S1"}, "--out needs a name"},
		{[]string{"graph", "--out="}, "--out needs a name"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errs := runCLI(t, tt.args...)
			if code != exitUsage || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
	// The same value twice loses nothing.
	if code, _, errs := runCLI(t, "explore", "-q", "-q", "--props", "P1", "--props", "P1", "--max-states", "10"); code == exitUsage {
		t.Errorf("a flag repeated with the same value is refused: %q", errs)
	}
}

// bench reads --workers as explore does: 0 means every core.
func TestBenchWorkersZero(t *testing.T) {
	for _, s := range []string{"0", "1,0", "all"} {
		ws, err := parseWorkers(s)
		if err != nil {
			t.Errorf("--workers %s refused: %v", s, err)
			continue
		}
		if ws[len(ws)-1] < 1 {
			t.Errorf("--workers %s gives %v", s, ws)
		}
	}
	if _, err := parseWorkers("-1"); err == nil {
		t.Error("--workers -1 accepted")
	}
}

// A file named like a built-in scenario does not pass unnoticed: replay
// says which one it used and how to pick the other.
func TestReplayShadowedFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeTestFile(t, "S1", "A close\n")
	code, out, errs := runCLI(t, "replay", "S1")
	if code != exitOK || !strings.Contains(out, "S1: RFC 9293") || !strings.Contains(errs, "give its path: ./S1") {
		t.Errorf("replay S1 with a file S1 here: exit %d, stderr %q", code, errs)
	}
	if code, out, _ := runCLI(t, "replay", "./S1"); code != exitViolated || !strings.Contains(out, "A close") {
		t.Errorf("replay ./S1: exit %d, want 1 (the file's step is not enabled)\n%s", code, out)
	}
}

// --help shows each numeric flag's range, not only the error for a bad
// value; the model's ranges are those model.Config.Validate enforces.
func TestHelpShowsRanges(t *testing.T) {
	_, out, _ := runCLI(t, "explore", "--help")
	for _, w := range []string{"(0 = all cores), 0 to 1024", "4 to 2048", "1 to 6", "0 to 7 (-1 unlimited)", "ISS draws per endpoint, 1 to 3"} {
		if !strings.Contains(out, w) {
			t.Errorf("explore --help lacks %q", w)
		}
	}
	for _, tt := range []struct {
		flag   string
		ok, no string
	}{
		{"--isn-space", "2048", "2049"},
		{"--attempts", "3", "4"},
		{"--net-bound", "6", "7"},
		{"--opens", "7", "8"},
		{"--r2", "7", "8"},
	} {
		if _, err := parseModelFlags(t, []string{tt.flag, tt.ok, "--isn", "fixed"}); err != nil {
			t.Errorf("%s %s (the top of its range in --help) refused: %v", tt.flag, tt.ok, err)
		}
		if _, err := parseModelFlags(t, []string{tt.flag, tt.no, "--isn", "fixed"}); err == nil {
			t.Errorf("%s %s (beyond its range in --help) accepted", tt.flag, tt.no)
		}
	}
}

// A counterexample names the sender of each segment in flight, --verbose
// adds the TCB variables and what each step changed, and one legend
// explains the notation.
func TestCounterexampleReadable(t *testing.T) {
	code, out, errs := runCLI(t, "explore", "-q", "-v", "--variant", "two-way-handshake", "--props", "P1")
	if code != exitViolated {
		t.Fatalf("exit %d; stderr %q", code, errs)
	}
	for _, w := range []string{"net: A: <SEQ=100><CTL=SYN> [A1]", "A: ISS=0, IRS=0, SND.UNA=0", "RCV.NXT 0 -> ", "(broken)", "docs/GLOSSARY.md", "not the\n              order they were sent"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	if n := strings.Count(out, "How to read a counterexample"); n != 1 {
		t.Errorf("legend printed %d times, want once", n)
	}
	_, out, _ = runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1")
	if strings.Contains(out, "SND.UNA=0") {
		t.Errorf("TCB variables shown without --verbose:\n%s", out)
	}
}

// Every term the legend and --help use is in docs/GLOSSARY.md, which they
// point to.
func TestGlossaryCoversLegend(t *testing.T) {
	data, err := os.ReadFile("../../docs/GLOSSARY.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range []string{"**A1, B2", "**att, peer_att", "**(broken)", "rcv copy of", "**lasso", "**fair", "**in flight, net", "**possibility, inevitability", "**collision probability", "drain-peer", "**footprint", "`/ x`"} {
		if !strings.Contains(string(data), term) {
			t.Errorf("docs/GLOSSARY.md does not explain %q", term)
		}
	}
}

// A step refused only by a bound of the model is no verdict on the trace
// (exit 3, not 1), and a bad value from the command line is not blamed on
// the trace's config line.
func TestReplayBoundsAndFlags(t *testing.T) {
	code, out, errs := runCLI(t, "replay", "S2", "--net-bound", "1")
	if code != exitIncomplete || !strings.Contains(out, "leaves the model's bounds") || !strings.Contains(out, "no verdict on the trace") {
		t.Errorf("replay S2 --net-bound 1: exit %d, want 3\n%s%s", code, out, errs)
	}
	code, _, errs = runCLI(t, "replay", "S1", "--window", "0")
	if code != exitUsage || strings.Contains(errs, "S1:3:") || !strings.Contains(errs, "command-line flags") {
		t.Errorf("replay S1 --window 0: exit %d, stderr %q; want 2, naming the flags, not line 3", code, errs)
	}
}

// Every command that prints a path of the model explains its notation
// once, and a command that prints none does not.
func TestLegendWherePathsArePrinted(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"simulate", "--seed", "1", "--runs", "2000", "--variant", "two-way-handshake"}, 1},
		{[]string{"simulate", "--seed", "1", "--runs", "20"}, 0},
		{[]string{"explore", "-q", "--reach", "A=ESTABLISHED"}, 1},
		{[]string{"explore", "-q", "--invariant", "A.retx <= 5"}, 0},
	}
	for _, tt := range tests {
		_, out, errs := runCLI(t, tt.args...)
		if n := strings.Count(out, "How to read a counterexample"); n != tt.want {
			t.Errorf("%v: legend printed %d times, want %d\n%s%s", tt.args, n, tt.want, out, errs)
		}
	}
}
