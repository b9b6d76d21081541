//go:build linux

package tracecheck

import (
	"bytes"
	"errors"
	"sort"
	"testing"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/internal/record"
	"golang.org/x/sys/unix"
)

// TestLiveRecording records each scenario afresh in a private network
// namespace and checks the capture: the committed captures are not the
// only evidence, and a kernel that behaves differently shows up here.
func TestLiveRecording(t *testing.T) {
	if err := record.Available(); err != nil {
		t.Skip(err)
	}
	want := map[string]uint32{"client-close": 0, "server-close": 0, "refused": 0, "abort": 4, "close-on-eof": 5}
	names := make([]string, 0, len(record.Scenarios))
	for n := range record.Scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			b, err := record.Run(record.Scenarios[n])
			if errors.Is(err, unix.EPERM) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			cf, err := capture.Read(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(cf.Conns) != 1 {
				t.Fatalf("%d connections", len(cf.Conns))
			}
			v, err := CheckConn(cf.Conns[0], "rfc9293", Options{})
			if err != nil {
				t.Fatal(err)
			}
			fail, ok := want[n]
			if !ok {
				t.Fatalf("scenario %s has no expected verdict here", n)
			}
			if n == "close-on-eof" && len(cf.Conns[0].Segments) == 7 {
				fail = 0 // this time B acknowledged the FIN on its own
			}
			got := uint32(0)
			if !v.Conforms {
				got = v.Mapped.Obs[v.FailAt].N
			}
			if got != fail {
				t.Errorf("first unexplained packet %d, want %d (0: conforms); allowed there: %v", got, fail, v.Allowed)
			}
		})
	}
}
