package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// smallDiff keeps each search of a diff test well under a second.
var smallDiff = []string{"--opens", "1", "--attempts", "2", "-q"}

func TestDiffUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"diff"}, "--variant given 0 times"},
		{[]string{"diff", "--variant", "rfc9293"}, "--variant given 1 times"},
		{[]string{"diff", "--variant", "rfc9293", "--variant", "rfc1337", "--variant", "rfc793"}, "--variant given 3 times"},
		{[]string{"diff", "--variant", "rfc9293", "--variant", "nosuch"}, `variant "nosuch" is unknown`},
		{[]string{"diff", "--variant", "rfc9293", "--variant", "rfc1337", "extra"}, `unexpected argument "extra"`},
		{[]string{"diff", "--variant", "rfc9293", "--variant", "rfc1337", "--window", "0"}, "window"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errs := runCLI(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q lacks %q", errs, tt.want)
			}
		})
	}
}

func TestDiffSameIsZero(t *testing.T) {
	code, out, errs := runCLI(t, append([]string{"diff", "--variant", "rfc9293", "--variant", "rfc9293"}, smallDiff...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %q", code, errs)
	}
	if !strings.Contains(out, "only in rfc9293: 0; only in rfc9293: 0") {
		t.Errorf("output:\n%s", out)
	}
}

func TestDiffRFC1337(t *testing.T) {
	code, out, errs := runCLI(t, append([]string{"diff", "--variant", "rfc9293", "--variant", "rfc1337"}, smallDiff...)...)
	if code != exitViolated {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	for _, want := range []string{
		"Only in rfc9293 (rfc1337 never takes them):",
		"in TIME-WAIT: rcv RST -> CLOSED (rst-reset, §3.10.7.4)",
		"Only in rfc1337 (rfc9293 never takes them):",
		"in TIME-WAIT: rcv RST -> TIME-WAIT (rst-time-wait-ignored, RFC 1337 §3)",
		"shortest witness",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDiffJSON(t *testing.T) {
	code, out, errs := runCLI(t, append([]string{"diff", "--variant", "rfc9293", "--variant", "two-way-handshake", "--format", "json"}, smallDiff...)...)
	if code != exitViolated {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	var d diffJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Schema != schemaDiff || d.ExitCode != exitViolated || !d.Complete {
		t.Errorf("header %+v", d)
	}
	if d.Sides[1].Variant != "two-way-handshake" || len(d.Sides[1].Only) == 0 {
		t.Fatalf("two-way-handshake side: %+v", d.Sides[1])
	}
	for _, e := range d.Sides[1].Only {
		if len(e.Witness) == 0 || !strings.HasPrefix(e.Witness[len(e.Witness)-1], e.Transition[:1]) {
			t.Errorf("%s: witness %v", e.Transition, e.Witness)
		}
	}
}
