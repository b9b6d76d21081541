//go:build linux

package linux

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/conform"
)

// TestSuite runs a short conformance suite (coverage to depth 3) against
// the running kernel, in a private network namespace, when it can: as
// root with /dev/net/tun. .ci/run runs the full suite through the CLI.
func TestSuite(t *testing.T) {
	if err := Available(); err != nil {
		t.Skipf("Linux conformance suite skipped: %v", err)
	}
	o := conform.Options{Variant: "rfc9293", Known: "../testdata/linux.known", Depth: 3}
	var out, errb bytes.Buffer
	code, err := Run(0, func(d conform.Driver) int {
		return conform.Execute(context.Background(), d, o, &out, &errb)
	})
	if err != nil {
		t.Skipf("Linux conformance suite skipped: %v", err)
	}
	// The device lived in the run's namespaces only.
	if _, err := os.Stat("/sys/class/net/" + tunName); err == nil {
		t.Errorf("%s exists outside the namespace after the run", tunName)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	t.Log(lines[len(lines)-1])
	if code != conform.ExitOK || strings.Contains(out.String(), "TIMEOUT") {
		t.Fatalf("exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
}
