package main

import (
	"bytes"
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
