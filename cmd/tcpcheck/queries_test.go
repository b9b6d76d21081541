package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/query"
	"github.com/tcpcheck/tcpcheck/scenario"
)

func TestQueryExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"--reach", "A=CLOSING && B=TIME-WAIT"}, exitOK, []string{"R1 reach reachable", "shortest witness", "verdict: R1 reachable (exit 0)"}},
		// Under the default roles A only opens actively: A never listens.
		{[]string{"--reach", "A=LISTEN"}, exitViolated, []string{"R1 reach unreachable", "R1: no reachable state satisfies the query", "within these bounds"}},
		{[]string{"--reach", "A=LISTEN", "--roles", "any"}, exitOK, []string{"R1 reach reachable 1"}},
		{[]string{"--invariant", "inflight() <= 1"}, exitViolated, []string{"I1 invariant violated", "shortest counterexample, 2 steps", "the query fails in the last state", "network (2 in flight)"}},
		{[]string{"--invariant", "A.SND.UNA <= A.SND.NXT"}, exitOK, []string{"I1 invariant holds"}},
		{[]string{"--invariant", "A.SND.UNA <= A.SND.NXT", "--max-states", "100"}, exitIncomplete, []string{"I1 invariant incomplete", "incomplete: max states"}},
		{[]string{"--reach", "A=CLOSED"}, exitOK, []string{"R1 reach reachable 0", "shortest witness, 0 steps"}},
		{[]string{"--reach", "A=TIME-WAIT", "--reach", "A=LISTEN", "--invariant", "A.retx <= 1"}, exitViolated, []string{"R1 reach reachable", "R2 reach unreachable", "I1 invariant holds", "verdict: R1 reachable, R2 unreachable, I1 holds (exit 1)"}},
		// Without --continue the first answer ends the search.
		{[]string{"--reach", "A=SYN-SENT", "--reach", "A=TIME-WAIT", "--continue=false"}, exitIncomplete, []string{"R2 reach incomplete", "stopped at the level of the first answer (R1)"}},
	} {
		code, out, errs := runCLI(t, append([]string{"explore", "-q", "-w", "1"}, c.args...)...)
		if code != c.code {
			t.Errorf("%q: exit %d, want %d\n%s%s", c.args, code, c.code, out, errs)
			continue
		}
		flat := strings.Join(strings.Fields(out), " ") // table columns vary in width
		for _, w := range c.want {
			if !strings.Contains(flat, w) {
				t.Errorf("%q: output lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

func TestQueryBadUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--reach", "A=CLOSING && B.SND.UNX=3"}, []string{`--reach "A=CLOSING && B.SND.UNX=3": column 14: unknown field "B.SND.UNX" (did you mean B.SND.UNA?)`, "\n  A=CLOSING && B.SND.UNX=3\n               ^\n"}},
		{[]string{"--invariant", "A.ISS = 5000"}, []string{"column 9: 5000 is outside the sequence space 0..1023 (--isn-space 1024)"}},
		{[]string{"--invariant", "A.ISS = 50", "--isn-space", "16", "--attempts", "2", "--isn-stride", "4", "--iss", "1,6"}, []string{"50 is outside the sequence space 0..15"}},
		{[]string{"--reach", "A=CLOSED", "--props", "P1"}, []string{"--props with --reach or --invariant"}},
		{[]string{"--reach", "A=CLOSED", "--model", "tla-examples"}, []string{"apply to --model tcp only"}},
		{[]string{"--reach", "A=CLOSED", "--graph", "g.dot", "--graph-around", "1"}, []string{"--graph-around 1"}},
	} {
		code, out, errs := runCLI(t, append([]string{"explore", "-q"}, c.args...)...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit 2 and nothing on stdout", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%q: stderr lacks %q:\n%s", c.args, w, errs)
			}
		}
	}
}

// TestQueryWitness: the witness written by --out replays step by step, its
// last state satisfies the query, and no shorter one exists: a search cut
// one level short of it cannot decide.
func TestQueryWitness(t *testing.T) {
	const q = "A=CLOSING && B=TIME-WAIT"
	dir := filepath.Join(t.TempDir(), "w")
	code, out, errs := runCLI(t, "explore", "-q", "--reach", q, "--out", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var res exploreResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	p := res.Properties[0]
	if p.ID != "R1" || p.Kind != "reach" || p.Verdict != "reachable" || p.Counterexample == nil || len(p.Counterexample.Steps) != p.Depth || res.Verdict != "holds" {
		t.Fatalf("JSON: %+v, verdict %s", p, res.Verdict)
	}
	for _, name := range []string{"R1-ladder.dot", "R1-ladder.svg", "R1-path.dot", "R1-path.svg", "R1.mmd", "R1.puml", "R1.txt", "R1.trace"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	tr, err := scenario.Load(filepath.Join(dir, "R1.trace"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scenario.Replay(tr)
	if err != nil || rep.Failure != nil {
		t.Fatalf("the witness does not replay: %v %+v", err, rep.Failure)
	}
	last := rep.Path.Last()
	if len(rep.Path.Steps) != p.Depth || !query.MustCompile(q, model.DefaultConfig().ISNSpace)(&last) {
		t.Errorf("the replayed witness has %d steps and ends in\n%v\nwhere %q does not hold", len(rep.Path.Steps), last.String(), q)
	}
	// A witness of n steps is at BFS level n+1: with n levels there is none.
	code, out, _ = runCLI(t, "explore", "-q", "--reach", q, "--max-depth", strconv.Itoa(p.Depth))
	if code != exitIncomplete || !strings.Contains(out, "R1  reach  incomplete") {
		t.Errorf("a search of %d levels: exit %d, want 3 (no shorter witness)\n%s", p.Depth, code, out)
	}
	mmd, _ := os.ReadFile(filepath.Join(dir, "R1.mmd"))
	if !strings.HasPrefix(string(mmd), "sequenceDiagram\n") || !strings.Contains(string(mmd), "R1 reachable in") {
		t.Errorf("R1.mmd:\n%s", mmd)
	}
}

// TestOutSequenceDiagrams: counterexamples and replays come with Mermaid
// and PlantUML text.
func TestOutSequenceDiagrams(t *testing.T) {
	dir, dir2 := t.TempDir(), t.TempDir()
	if code, out, errs := runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1", "--out", dir); code != exitViolated {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "replay", "S1", "--out", dir2); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for name, want := range map[string]string{
		"P1.mmd":  "sequenceDiagram\n",
		"P1.puml": "@startuml\n",
		"S1.mmd":  "A->>B: 2. #60;SEQ=100#62;#60;CTL=SYN#62;",
		"S1.puml": "A -> B : 2. &#60;SEQ=100&#62;&#60;CTL=SYN&#62;",
	} {
		d := dir
		if strings.HasPrefix(name, "S1") {
			d = dir2
		}
		data, err := os.ReadFile(filepath.Join(d, name))
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s: %v, want it to contain %q:\n%s", name, err, want, data)
		}
	}
}

// TestQueryGraph: --graph draws the whole reachable graph in a query run
// too.
func TestQueryGraph(t *testing.T) {
	file := filepath.Join(t.TempDir(), "g.dot")
	code, out, errs := runCLI(t, "explore", "-q", "--reach", "A=ESTABLISHED", "--graph", file,
		"--opens", "1", "--attempts", "1", "--dup=false", "--loss-budget", "0", "--abort=false", "--rto=false")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(data), "digraph") || !strings.Contains(out, "wrote "+file) {
		t.Errorf("graph %v, report:\n%s", err, out)
	}
}
