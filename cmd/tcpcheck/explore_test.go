package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// small is a configuration of a few hundred states.
var small = []string{"--opens", "1", "--attempts", "1", "--loss-budget", "0", "--dup=false", "--abort=false"}

func TestExploreExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"tla holds", []string{"--model", "tla-examples"}, exitOK, "verdict: holds"},
		{"rfc1337 holds", append([]string{"--variant", "rfc1337", "--continue", "--props", "P1,P2,P5"}, small...), exitOK, "verdict: holds"},
		{"two-way handshake breaks P1", []string{"--variant", "two-way-handshake", "--props", "P1"}, exitViolated, "verdict: violated (P1)"},
		{"budget", []string{"--props", "P5", "--max-states", "50"}, exitIncomplete, "verdict: incomplete"},
		{"tla Prop lasso", []string{"--model", "tla-examples", "--variant", "no-fair-close-syn-sent"}, exitViolated, "lasso"},
		{"tla Inv", []string{"--model", "tla-examples", "--variant", "broken-synsent-no-ack", "--props", "Inv"}, exitViolated, "verdict: violated (Inv)"},
		{"depth budget", []string{"--model", "tla-examples", "--max-depth", "3"}, exitIncomplete, "stopped early: max depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"explore", "-q"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if errs != "" {
				t.Errorf("stderr not empty under -q: %q", errs)
			}
		})
	}
}

// Every bad value gives exit 2 and one message that names the flag, the
// value, and what would work.
func TestExploreBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--workers", "-1"}, []string{"--workers", `"-1"`, "from 0 to"}},
		{[]string{"--workers", "many"}, []string{"--workers", `"many"`, "whole number"}},
		{[]string{"--store", "tape"}, []string{"--store", `"tape"`, "auto, fingerprint, fingerprint96, fingerprint128, exact, disk"}},
		{[]string{"--format", "xml"}, []string{"--format", `"xml"`, "text, json"}},
		{[]string{"--model", "promela"}, []string{"--model", `"promela"`, "tcp, tla-examples"}},
		{[]string{"--max-states", "lots"}, []string{"--max-states", `"lots"`, "10M"}},
		{[]string{"--memory", "big"}, []string{"--memory", `"big"`, "4GiB"}},
		{[]string{"--timeout", "soon"}, []string{"--timeout", `"soon"`, "30s"}},
		{[]string{"--isn-space", "3"}, []string{"--isn-space 3", "use 4 to"}},
		{[]string{"--window", "0"}, []string{"--window 0", "use 1 to"}},
		{[]string{"--rto=false", "--r2", "5"}, []string{"--r2 5", "--rto=false"}},
		{[]string{"--isn", "fixed", "--isn-stride", "50"}, []string{"--isn-stride 50", "--isn fixed"}},
		{[]string{"--opens", "x"}, []string{"--opens", `"x"`, "whole number"}},
		{[]string{"--dup=maybe"}, []string{"--dup", `"maybe"`, "true or false"}},
		{[]string{"--rules", "rfc1"}, []string{"--rules", `"rfc1"`, "rfc9293, rfc793"}},
		{[]string{"--isn", "random"}, []string{"--isn", `"random"`, "monotone"}},
		{[]string{"--iss", "100"}, []string{"--iss", `"100"`, "100,300"}},
		{[]string{"--variant", "rfc9999"}, []string{"--variant", `"rfc9999"`, "rfc9293"}},
		{[]string{"--props", "P9"}, []string{"--props", `"P9"`, "P1 (NoStaleConnection)"}},
		{[]string{"--props", ","}, []string{"--props", "empty"}},
		{[]string{"--rules", "rfc793", "--rfc5961"}, []string{"--rfc5961", "--rules rfc793"}},
		{[]string{"--wrokers", "2"}, []string{"unknown flag: --wrokers", "did you mean --workers?"}},
		{[]string{"P1"}, []string{`unexpected argument "P1"`, "--props P1"}},
		{[]string{"--out", file}, []string{"--out " + file, "is a file"}},
		{[]string{"--out", "/proc/no/such/dir"}, []string{"--out /proc/no/such/dir", "cannot be created"}},
		{[]string{"--graph", "/no/such/dir/g.dot"}, []string{"--graph", "does not exist"}},
		{[]string{"--graph-limit", "5"}, []string{"--graph-limit 5", "needs --graph"}},
		{[]string{"--graph-around", "2"}, []string{"--graph-around 2", "needs --graph"}},
		{[]string{"--graph-around", "-1"}, []string{"--graph-around", `"-1"`, "from 0 to"}},
		{[]string{"--model", "tla-examples", "--opens", "3"}, []string{"--opens", "--model tcp only"}},
		{[]string{"--model", "tla-examples", "--variant", "rfc1337"}, []string{"--variant", `"rfc1337"`, "mctcp"}},
		{[]string{"--model", "tla-examples", "--props", "P1"}, []string{"--props", `"P1"`, "TypeOK, Inv, Deadlock, Prop"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"explore", "-q"}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, errs)
			}
			if out != "" {
				t.Errorf("stdout not empty on bad usage: %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message %q does not say %q", errs, w)
				}
			}
			if n := strings.Count(errs, "\n"); n > 2 {
				t.Errorf("message has %d lines, want one plus the --help hint: %q", n, errs)
			}
		})
	}
}

// A bad value is refused before anything is created on disk.
func TestBadInputCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cex")
	code, _, errs := runCLI(t, "explore", "-q", "--out", dir, "--window", "0")
	if code != exitUsage || !strings.Contains(errs, "--window 0") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("--out %s was created although the configuration was refused", dir)
	}
}

// An explicit flag overrides the variant; the rest keeps the variant's
// values.
func TestVariantThenFlags(t *testing.T) {
	code, out, errs := runCLI(t, "explore", "-q", "--format", "json", "--variant", "rfc1337", "--window", "2", "--props", "P5", "--max-states", "10")
	if code != exitIncomplete {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitIncomplete, errs)
	}
	doc := decodeExplore(t, out)
	got := map[string]string{}
	for _, p := range doc.Config {
		got[p.Name] = p.Value
	}
	if doc.Variant != "rfc1337" || got["rfc1337"] != "true" || got["window"] != "2" {
		t.Errorf("variant %q, rfc1337=%q, window=%q; want rfc1337, true, 2", doc.Variant, got["rfc1337"], got["window"])
	}
}

func TestExploreOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cex")
	code, out, errs := runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1", "--out", dir)
	if code != exitViolated {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitViolated, errs)
	}
	for _, name := range []string{"P1-ladder.dot", "P1-ladder.svg", "P1-path.dot", "P1-path.svg", "P1.txt", "P1.trace"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s not written: %v", name, err)
			continue
		}
		switch filepath.Ext(name) {
		case ".dot":
			if !strings.Contains(string(data), "digraph") {
				t.Errorf("%s is not DOT: %.80q", name, data)
			}
		case ".svg":
			if !strings.Contains(string(data), "<svg") {
				t.Errorf("%s is not SVG: %.80q", name, data)
			}
		}
		if !strings.Contains(out, filepath.Join(dir, name)) {
			t.Errorf("report does not name %s", name)
		}
	}
	// The counterexample written as a trace replays to its end.
	code, out, errs = runCLI(t, "replay", filepath.Join(dir, "P1.trace"))
	if code != exitOK {
		t.Errorf("replay of the counterexample: exit %d\n%s%s", code, out, errs)
	}
	// ... and the replay names the property it breaks, and where.
	if !regexp.MustCompile(`P1 NoStaleConnection violated at step [0-9]+ \(`).MatchString(out) {
		t.Errorf("replay of the P1 counterexample does not say P1 is violated:\n%s", out)
	}
}

// --graph draws the reachable graph within the node limit; above it, the
// results are still printed, then the problem, with exit 2.
func TestExploreGraph(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "states.dot")
	args := append([]string{"explore", "-q", "--props", "P5", "--rto=false", "--graph", file}, small...)
	code, out, errs := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %q", code, errs)
	}
	for _, f := range []string{file, filepath.Join(dir, "states.svg")} {
		if _, err := os.Stat(f); err != nil || !strings.Contains(out, f) {
			t.Errorf("%s not written or not reported: %v", f, err)
		}
	}

	// Around a counterexample: the path and its neighbours only.
	around := filepath.Join(dir, "around.dot")
	code, out, errs = runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1", "--graph", around, "--graph-around", "1")
	if code != exitViolated {
		t.Fatalf("--graph-around: exit %d, want %d; stderr %q", code, exitViolated, errs)
	}
	src, err := os.ReadFile(around)
	if err != nil || !strings.Contains(string(src), "within 1 step") {
		t.Errorf("neighbourhood not drawn: %v\n%.300s", err, src)
	}
	code, _, errs = runCLI(t, append([]string{"explore", "-q", "--variant", "rfc1337", "--props", "P5", "--graph", around, "--graph-around", "1"}, small...)...)
	if code != exitUsage || !strings.Contains(errs, "no property is violated") {
		t.Errorf("--graph-around without a counterexample: exit %d, stderr %q", code, errs)
	}

	code, out, errs = runCLI(t, "explore", "-q", "--model", "tla-examples", "--graph", file, "--graph-limit", "10")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(out, "verdict: holds") {
		t.Errorf("results not printed:\n%s", out)
	}
	if !strings.Contains(errs, "1182 states, above --graph-limit 10") {
		t.Errorf("message %q does not give the size and the limit", errs)
	}
}

// A cancelled search (Ctrl-C) prints what it found and exits 3.
func TestExploreCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code := dispatch(ctx, e, []string{"explore", "-q", "--model", "tla-examples"})
	if code != exitIncomplete {
		t.Errorf("exit %d, want %d", code, exitIncomplete)
	}
	if !strings.Contains(out.String(), "verdict: incomplete") || !strings.Contains(out.String(), "cancelled") {
		t.Errorf("report does not say the search was cancelled:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("stderr %q does not say interrupted", errb.String())
	}
}

// By default every property gets its verdict; --continue=false stops at the
// level of the first violation and says which properties it left
// undecided.
func TestContinue(t *testing.T) {
	args := append([]string{"explore", "-q", "--format", "json", "--rto=false"}, small...)
	count := func(d docExplore) (violated, undecided int) {
		for _, p := range d.Properties {
			switch p.Verdict {
			case "violated":
				violated++
			case "incomplete":
				undecided++
				if !strings.Contains(p.Note, "--continue=false") {
					t.Errorf("%s: note %q does not name --continue=false", p.ID, p.Note)
				}
			}
		}
		return violated, undecided
	}
	code, out, _ := runCLI(t, args...)
	if code != exitViolated {
		t.Fatalf("exit %d, want %d", code, exitViolated)
	}
	if v, u := count(decodeExplore(t, out)); v < 2 || u != 0 {
		t.Errorf("default: %d violated, %d undecided; want every property decided, several violated", v, u)
	}
	code, out, _ = runCLI(t, append(args, "--continue=false")...)
	if code != exitViolated {
		t.Fatalf("--continue=false: exit %d, want %d", code, exitViolated)
	}
	if v, u := count(decodeExplore(t, out)); v < 1 || u == 0 {
		t.Errorf("--continue=false: %d violated, %d undecided; want a stop at the first violation", v, u)
	}
}
