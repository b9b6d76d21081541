package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestConformFlags: bad input exits 2 with a message naming the value;
// a small gVisor run exits 0 and prints the summary line.
func TestConformFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"conform"}, 2, "--stack is required"},
		{[]string{"conform", "--stack", "bsd"}, 2, `--stack "bsd" is unknown: use gvisor or linux`},
		{[]string{"conform", "--stack", "gvisor", "--depth", "9"}, 2, "--depth 9 is out of range"},
		{[]string{"conform", "--stack", "gvisor", "--variant", "fixed-isn"}, 2, "cannot be driven"},
		{[]string{"conform", "--stack", "gvisor", "--known", "/nonexistent/k"}, 2, "--known /nonexistent/k"},
		{[]string{"conform", "--stack", "gvisor", "--depth", "1", "--walks", "0", "--scenarios=false"}, 0, "gvisor against rfc9293: "},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &out, &errb)
		if code != tc.code || !strings.Contains(out.String()+errb.String(), tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\nstdout: %s\nstderr: %s", tc.args, code, tc.code, tc.want, out.String(), errb.String())
		}
	}
}

// TestConformJSON decodes `conform --format json` into the fields
// docs/JSON.md documents.
func TestConformJSON(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"conform", "--stack", "gvisor", "--depth", "2", "--walks", "1", "--scenarios=false", "--format", "json"}, strings.NewReader(""), &out, &errb)
	var doc struct {
		Schema   string `json:"schema"`
		ExitCode *int   `json:"exit_code"`
		Summary  struct {
			Stack, Variant                  string
			Tests, Agreed, Known, New, Keys int
			Reached                         int
			Seconds                         float64
		} `json:"summary"`
		Seed  *int64 `json:"seed"`
		Walks *int   `json:"walks"`
		Tests []struct {
			Name, Origin, Verdict string
			Steps                 []struct {
				Step, State, Input, Observed string
				Sent                         []string
				Agrees                       *bool
			}
			Seconds *float64
		} `json:"tests"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s\n%s", code, err, out.String(), errb.String())
	}
	if doc.Schema != "tcpcheck/conform/v1" || doc.ExitCode == nil || *doc.ExitCode != code || doc.Seed == nil || doc.Walks == nil {
		t.Fatalf("header: %+v (exit %d)", doc, code)
	}
	if doc.Summary.Stack != "gvisor" || doc.Summary.Tests != len(doc.Tests) || doc.Summary.Tests == 0 || doc.Summary.Agreed+doc.Summary.Known+doc.Summary.New > doc.Summary.Tests {
		t.Fatalf("summary: %+v with %d tests", doc.Summary, len(doc.Tests))
	}
	for _, tt := range doc.Tests {
		if tt.Name == "" || tt.Verdict == "" || len(tt.Steps) == 0 || tt.Seconds == nil {
			t.Fatalf("test: %+v", tt)
		}
		for _, st := range tt.Steps {
			if st.Step == "" || st.State == "" || st.Input == "" || st.Observed == "" || st.Sent == nil || st.Agrees == nil {
				t.Fatalf("%s: step %+v", tt.Name, st)
			}
		}
	}
}
