package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCLI runs tcpcheck in-process with the given arguments and returns the
// exit code and what it wrote.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code = dispatch(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestHelpEveryCommand(t *testing.T) {
	for _, c := range commands() {
		for _, form := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			t.Run(strings.Join(form, " "), func(t *testing.T) {
				code, out, errs := runCLI(t, form...)
				if code != exitOK {
					t.Fatalf("exit %d, want 0; stderr %q", code, errs)
				}
				for _, want := range []string{"Usage:", "tcpcheck " + c.name, "Example"} {
					if !strings.Contains(out, want) {
						t.Errorf("help lacks %q:\n%s", want, out)
					}
				}
			})
		}
	}
}

func TestTopLevel(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{nil, exitUsage, "", "Commands:"},
		{[]string{"--help"}, exitOK, "Exit codes:", ""},
		{[]string{"help"}, exitOK, "Commands:", ""},
		{[]string{"version"}, exitOK, "tcpcheck " + version, ""},
		{[]string{"--version"}, exitOK, "tcpcheck " + version, ""},
		{[]string{"version", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{[]string{"explor"}, exitUsage, "", `did you mean "explore"?`},
		{[]string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{[]string{"version", "--bogus"}, exitUsage, "", "unknown flag: --bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(out, tt.wantStdout) {
				t.Errorf("stdout %q lacks %q", out, tt.wantStdout)
			}
			if !strings.Contains(errs, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.wantStderr)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"workers", "store", "max-states", "max-depth", "variant"}
	tests := []struct{ in, want string }{
		{"wrokers", "workers"},
		{"max-state", "max-states"},
		{"varient", "variant"},
		{"zzzzzzzz", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
