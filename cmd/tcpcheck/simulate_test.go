package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// TestSimulateViolation: the two-way handshake breaks P1 on short paths; the
// run that shows it is printed, drawn, written as a trace that replays to
// a step breaking P1, and the same command gives the same report. The
// command is the README's.
func TestSimulateViolation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sim")
	args := []string{"simulate", "--variant", "two-way-handshake", "--runs", "200", "--out", dir}
	code, out, errs := runCLI(t, args...)
	if code != exitViolated {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, ": P1, ") || !strings.Contains(out, "violated at step") || !strings.Contains(out, "verdict: violated (P1") || !strings.Contains(out, "tcpcheck simulate --variant two-way-handshake") {
		t.Errorf("report:\n%s", out)
	}
	var trace string
	for _, line := range strings.Split(out, "\n") {
		if f, ok := strings.CutPrefix(strings.TrimSpace(line), "wrote "); ok && strings.HasSuffix(f, ".trace") {
			trace = f
		}
	}
	if trace == "" {
		t.Fatalf("no trace written:\n%s", out)
	}
	for _, ext := range []string{"-ladder.svg", "-path.svg", ".mmd", ".puml", ".txt"} {
		if _, err := os.Stat(strings.TrimSuffix(trace, ".trace") + ext); err != nil {
			t.Errorf("%s: %v", ext, err)
		}
	}
	tr, err := scenario.Load(trace)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scenario.Replay(tr)
	if err != nil || rep.Failure != nil {
		t.Fatalf("the run does not replay: %v %+v", err, rep.Failure)
	}
	n := len(rep.Path.Steps)
	from := rep.Path.Init
	if n > 1 {
		from = rep.Path.Steps[n-2].State
	}
	m, err := mustModel(tr)
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Path.Steps[n-1]
	bad := props.StepViolations(m, &from, last.Action, &last.State)
	if len(bad) == 0 || bad[0].ID != "P1" {
		t.Errorf("the replayed run's last step breaks %v, want P1", bad)
	}
	// Deterministic: the same command, the same report.
	os.RemoveAll(dir)
	_, out2, _ := runCLI(t, args...)
	if out2 != out {
		t.Errorf("the same command gave another report")
	}
}

func TestSimulate(t *testing.T) {
	// --runs 1 prints the run whatever its end; JSON carries every run.
	code, out, errs := runCLI(t, "simulate", "--variant", "rfc1337", "--fin-wait-2-timer", "--r2", "2", "--runs", "30", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var res simulateJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, r := range res.Runs {
		steps += r.Steps
		if r.Trace != nil {
			t.Errorf("run %d has a trace in JSON, but it was not printed in full", r.Run)
		}
	}
	if res.Schema != schemaSimulate || len(res.Runs) != 30 || res.Steps != steps || res.Verdict != "no violation" || strings.Join(res.Props, ",") != "P1,P1s,P2,P3,P4,P5,P6,P7,D1,D2" {
		t.Errorf("JSON: %s runs=%d steps=%d/%d verdict=%s props=%v", res.Schema, len(res.Runs), res.Steps, steps, res.Verdict, res.Props)
	}
	code, out, _ = runCLI(t, "simulate", "--depth", "3", "--seed", "9")
	if code != exitOK || !strings.Contains(out, "run 1: 3 random steps (depth reached)") || strings.Count(out, "\n    3  ") != 1 {
		t.Errorf("one short run: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"--props", "L1"}, {"--depth", "0"}, {"--seed", "-1"}, {"--runs", "x"}, {"extra"}} {
		code, _, errs := runCLI(t, append([]string{"simulate"}, bad...)...)
		if code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errs)
		}
	}
	if _, _, errs := runCLI(t, "simulate", "--props", "L1"); !strings.Contains(errs, "L1 is a liveness property") {
		t.Errorf("--props L1: %s", errs)
	}
}

func mustModel(tr *scenario.Trace) (*model.Model, error) {
	c, err := tr.ModelConfig()
	if err != nil {
		return nil, err
	}
	return model.New(c)
}

// TestSimulateShardsMerge: the JSON of --shard 1/n ... n/n, joined by
// --merge, is the JSON of the unsharded command, byte for byte, for a
// simulation that stops at a violation and for one that takes every run;
// a missing or repeated shard and a shard of another simulation are
// refused.
func TestSimulateShardsMerge(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"violated", []string{"--variant", "two-way-handshake", "--runs", "60", "--seed", "3", "--depth", "30"}, exitViolated},
		{"continue", []string{"--variant", "two-way-handshake", "--runs", "12", "--depth", "30", "--continue", "--props", "P1"}, exitViolated},
		{"holds", []string{"--runs", "9", "--depth", "25", "--props", "P2"}, exitOK},
	} {
		whole := append([]string{"simulate", "--format", "json"}, tc.args...)
		code, want, errs := runCLI(t, whole...)
		if code != tc.code {
			t.Fatalf("%s: exit %d, want %d\n%s", tc.name, code, tc.code, errs)
		}
		const n = 3
		var files []string
		for i := 1; i <= n; i++ {
			code, out, errs := runCLI(t, append(whole, "--shard", fmt.Sprintf("%d/%d", i, n))...)
			if code != exitOK && code != exitViolated {
				t.Fatalf("%s: shard %d: exit %d\n%s", tc.name, i, code, errs)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%d.json", tc.name, i))
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		code, got, errs := runCLI(t, append([]string{"simulate", "--merge", "--format", "json"}, files...)...)
		if code != tc.code || got != want {
			t.Errorf("%s: merge exit %d (want %d), and its JSON differs from the unsharded run's: %v\n%s\n--- want\n%s", tc.name, code, tc.code, got != want, errs, want)
		}
		code, text, _ := runCLI(t, append([]string{"simulate", "--merge"}, files...)...)
		if code != tc.code || !strings.Contains(text, "verdict: ") {
			t.Errorf("%s: text merge exit %d:\n%s", tc.name, code, text)
		}
		for _, bad := range [][]string{files[1:], append(files, files[0])} {
			if code, _, errs := runCLI(t, append([]string{"simulate", "--merge"}, bad...)...); code != exitUsage || errs == "" {
				t.Errorf("%s: merge of %v: exit %d, want 2 with a message", tc.name, bad, code)
			}
		}
	}
	if code, _, errs := runCLI(t, "simulate", "--merge", filepath.Join(dir, "violated-1.json"), filepath.Join(dir, "holds-2.json")); code != exitUsage || !strings.Contains(errs, "not shards of one simulation") {
		t.Errorf("merge of two simulations: exit %d: %s", code, errs)
	}
	if code, _, errs := runCLI(t, "simulate", "--shard", "3/2"); code != exitUsage || !strings.Contains(errs, "1 <= i <= n") {
		t.Errorf("--shard 3/2: exit %d: %s", code, errs)
	}
	if code, _, errs := runCLI(t, "simulate", "--merge", "--seed", "2", "x.json"); code != exitUsage || !strings.Contains(errs, "--seed") {
		t.Errorf("--merge --seed: exit %d: %s", code, errs)
	}
}
