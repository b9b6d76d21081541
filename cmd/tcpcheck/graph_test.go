package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/graphs"
)

func TestGraph(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "diagram")
	code, out, errs := runCLI(t, append([]string{"graph", "-q", "--out", dir}, small...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %q", code, errs)
	}
	for _, w := range []string{"Figure 5 edges the search took", "never took", "does not show", "CLOSED"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	for _, f := range []string{"diagram.dot", "diagram.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}

	code, out, _ = runCLI(t, append([]string{"graph", "-q", "--format", "json"}, small...)...)
	if code != exitOK {
		t.Fatalf("json: exit %d", code)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var d struct {
		Schema   string     `json:"schema"`
		Version  string     `json:"version"`
		Variant  string     `json:"variant"`
		Config   []docParam `json:"config"`
		Complete *bool      `json:"complete"`
		ExitCode *int       `json:"exit_code"`
		Stats    *docStats  `json:"stats"`
		Edges    []docEdge  `json:"edges"`
		Matched  []docEdge  `json:"matched"`
		Missing  []docEdge  `json:"missing"`
		Extra    []docEdge  `json:"extra"`
		Files    []string   `json:"files"`
		Errors   []string   `json:"errors"`
	}
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("output does not decode as docs/JSON.md says: %v", err)
	}
	if d.Schema != schemaGraph || d.Complete == nil || !*d.Complete || d.ExitCode == nil || d.Stats == nil ||
		len(d.Edges) == 0 || len(d.Matched) == 0 || d.Missing == nil || d.Extra == nil || d.Files == nil || d.Errors == nil {
		t.Errorf("graph JSON incomplete: %+v", d)
	}
	if len(d.Matched)+len(d.Missing) != len(graphs.Figure5) {
		t.Errorf("matched %d + missing %d edges of Figure 5, want its %d", len(d.Matched), len(d.Missing), len(graphs.Figure5))
	}
	for _, e := range d.Edges {
		if e.From == "" || e.To == "" || e.Trigger == "" || e.Count <= 0 {
			t.Errorf("edge incomplete: %+v", e)
		}
	}

	code, out, _ = runCLI(t, "graph", "-q", "--max-states", "20")
	if code != exitIncomplete || !strings.Contains(out, "partial") {
		t.Errorf("budget: exit %d, want %d, and a partial diagram:\n%s", code, exitIncomplete, out)
	}
	code, _, errs = runCLI(t, "graph", "--isn", "sometimes")
	if code != exitUsage || !strings.Contains(errs, "--isn") {
		t.Errorf("bad flag: exit %d, stderr %q", code, errs)
	}
}

type docEdge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Trigger  string `json:"trigger"`
	Event    string `json:"event"`
	Response string `json:"response"`
	Count    int    `json:"count"`
}

func TestBench(t *testing.T) {
	code, out, errs := runCLI(t, append([]string{"bench", "-q", "--runs", "1", "--workers", "1,2", "--variant", "rfc9293"}, small...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %q", code, errs)
	}
	for _, w := range []string{"states/s", "bytes/state", "2 workers against 1", "cpu-ns/state"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = runCLI(t, append([]string{"bench", "-q", "--runs", "2", "--workers", "1", "--format", "json", "--variant", "rfc9293"}, small...)...)
	if code != exitOK {
		t.Fatalf("json: exit %d", code)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var d struct {
		Schema    string     `json:"schema"`
		Version   string     `json:"version"`
		GoVersion string     `json:"go_version"`
		CPUs      int        `json:"cpus"`
		Variant   string     `json:"variant"`
		Config    []docParam `json:"config"`
		Runs      int        `json:"runs"`
		ExitCode  *int       `json:"exit_code"`
		Results   []struct {
			Workers              int        `json:"workers"`
			Median               docStats   `json:"median"`
			TransitionsPerSecond float64    `json:"transitions_per_second"`
			CPUNsPerState        float64    `json:"cpu_ns_per_state"`
			AllRuns              []docStats `json:"all_runs"`
		} `json:"results"`
		Speedup *float64 `json:"speedup"`
	}
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("output does not decode as docs/JSON.md says: %v", err)
	}
	if d.Schema != schemaBench || d.Runs != 2 || len(d.Results) != 1 || len(d.Results[0].AllRuns) != 2 || d.Speedup == nil || d.CPUs < 1 {
		t.Errorf("bench JSON incomplete: %+v", d)
	}
	for _, bad := range [][]string{{"--workers", "-1"}, {"--workers", "one"}, {"--runs", "0"}} {
		code, _, errs := runCLI(t, append([]string{"bench", "-q"}, bad...)...)
		if code != exitUsage || !strings.Contains(errs, bad[0]) {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
}
