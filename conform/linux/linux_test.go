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
// root with /dev/net/tun; once against rfc9293 with the documented
// deviations, once against the linux profile, which must explain all but
// the few its known file lists. .ci/run runs the full suites through the
// CLI.
func TestSuite(t *testing.T) {
	if err := Available(); err != nil {
		t.Skipf("Linux conformance suite skipped: %v", err)
	}
	for _, c := range []struct{ variant, known string }{
		{"rfc9293", "../testdata/linux.known"},
		{"linux", "../testdata/linux-profile.known"},
	} {
		t.Run(c.variant, func(t *testing.T) {
			o := conform.Options{Variant: c.variant, Known: c.known, Depth: 3}
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
		})
	}
}
