package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/scenario"
)

func TestReplayBuiltins(t *testing.T) {
	names := scenario.Builtin()
	if len(names) < 14 {
		t.Fatalf("%d built-in scenarios, want at least S1-S14: %v", len(names), names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCLI(t, "replay", name)
			if code != exitOK {
				t.Errorf("exit %d, want 0\n%s%s", code, out, errs)
			}
			if !strings.Contains(out, "are a behaviour of the model") {
				t.Errorf("report does not conclude:\n%s", out)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.trace")
	if err := os.WriteFile(bad, []byte("config isn-space=1024\nB open passive\nA frobnicate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s1, err := scenario.Source("S1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout []string
		stderr []string
	}{
		{"builtin", []string{"S1"}, "", exitOK, []string{"S1", "are a behaviour of the model"}, nil},
		{"lower case", []string{"s1"}, "", exitOK, []string{"are a behaviour of the model"}, nil},
		{"stdin", []string{"-"}, s1, exitOK, []string{"are a behaviour of the model"}, nil},
		{"flag overrides the trace", []string{"S14", "--rfc1337"}, "", exitViolated, []string{"FAIL", "enabled here"}, nil},
		{"malformed", []string{bad}, "", exitUsage, nil, []string{"bad.trace", ":3:"}},
		{"unknown", []string{"S99"}, "", exitUsage, nil, []string{`"S99"`, "S1"}},
		{"none", nil, "", exitUsage, nil, []string{"no trace given", "S14"}},
		{"two", []string{"S1", "S2"}, "", exitUsage, nil, []string{"too many arguments"}},
		{"bad flag value", []string{"S1", "--window", "0"}, "", exitUsage, nil, []string{"window"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{stdin: strings.NewReader(tt.stdin), stdout: &out, stderr: &errb}
			code := dispatch(context.Background(), e, append([]string{"replay"}, tt.args...))
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out.String(), errb.String())
			}
			for _, w := range tt.stdout {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
		})
	}
}

type docReplay struct {
	Schema   string     `json:"schema"`
	Version  string     `json:"version"`
	Trace    string     `json:"trace"`
	Title    string     `json:"title"`
	Config   []docParam `json:"config"`
	OK       *bool      `json:"ok"`
	ExitCode *int       `json:"exit_code"`
	Steps    []struct {
		Index  int       `json:"index"`
		Number int       `json:"number"`
		Line   int       `json:"line"`
		Step   string    `json:"step"`
		Reject bool      `json:"reject"`
		OK     bool      `json:"ok"`
		Taken  bool      `json:"taken"`
		Action string    `json:"action"`
		State  *docState `json:"state"`
	} `json:"steps"`
	Failure *struct {
		Index   int      `json:"index"`
		Line    int      `json:"line"`
		Column  int      `json:"column"`
		Step    string   `json:"step"`
		Reason  string   `json:"reason"`
		State   docState `json:"state"`
		Enabled []string `json:"enabled"`
	} `json:"failure"`
	Broken []struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Reference string `json:"reference"`
		Step      int    `json:"step"`
	} `json:"broken"`
	Files  []string `json:"files"`
	Errors []string `json:"errors"`
}

func TestReplayJSONAndOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pics")
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"S3", "--out", dir}, exitOK},
		{[]string{"S14", "--rfc1337"}, exitViolated},
	} {
		code, out, errs := runCLI(t, append([]string{"replay", "--format", "json"}, tt.args...)...)
		if code != tt.code {
			t.Fatalf("%v: exit %d, want %d; stderr %q", tt.args, code, tt.code, errs)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		var d docReplay
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("%v: output does not decode as docs/JSON.md says: %v", tt.args, err)
		}
		if d.Schema != schemaReplay || d.OK == nil || d.ExitCode == nil || *d.ExitCode != code || d.Steps == nil || d.Files == nil || d.Errors == nil || d.Config == nil {
			t.Errorf("%v: required fields missing: %+v", tt.args, d)
		}
		if *d.OK != (code == exitOK) || (d.Failure == nil) != *d.OK {
			t.Errorf("%v: ok %v with failure %v", tt.args, *d.OK, d.Failure)
		}
		if d.Failure != nil && (d.Failure.Line == 0 || d.Failure.Reason == "" || len(d.Failure.Enabled) == 0) {
			t.Errorf("%v: failure without line, reason or enabled actions: %+v", tt.args, d.Failure)
		}
		for _, s := range d.Steps {
			if s.OK && s.State == nil {
				t.Errorf("%v: step %d ok but no state", tt.args, s.Index)
			}
		}
	}
	for _, name := range []string{"S3-ladder.dot", "S3-ladder.svg", "S3-path.dot", "S3-path.svg"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("--out did not write %s: %v", name, err)
		}
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"list"}, exitOK, []string{"VARIANTS", "two-way-handshake", "PROPERTIES", "NoStaleConnection", "SCENARIOS", "S14"}},
		{[]string{"list", "properties"}, exitOK, []string{"P1", "L1", "RFC 9293", "tla-examples", "Prop"}},
		{[]string{"list", "variant"}, exitOK, []string{"rfc1337"}},
		{[]string{"list", "scenarios"}, exitOK, []string{"S1", "Figures 6 and 12"}},
		{[]string{"list", "bogus"}, exitUsage, []string{`"bogus"`, "variants, properties, scenarios"}},
		{[]string{"list", "a", "b"}, exitUsage, []string{"too many arguments"}},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out+errs, w) {
				t.Errorf("%v: output lacks %q", tt.args, w)
			}
		}
	}

	code, out, _ := runCLI(t, "list", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var d struct {
		Schema   string `json:"schema"`
		Variants []struct {
			Model, Name, Summary, Why string
		} `json:"variants"`
		Properties []struct {
			Model, ID, Name, Kind, Meaning, Reference string
		} `json:"properties"`
		Scenarios []struct {
			Name, Title string
		} `json:"scenarios"`
	}
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	if d.Schema != schemaList || len(d.Variants) == 0 || len(d.Properties) == 0 || len(d.Scenarios) == 0 {
		t.Errorf("list JSON incomplete: %+v", d)
	}
	for _, v := range d.Variants {
		if v.Name == "" || v.Summary == "" || (v.Model != "tcp" && v.Model != "tla-examples") {
			t.Errorf("variant without name or summary: %+v", v)
		}
	}
}
