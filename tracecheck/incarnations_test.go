package tracecheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/internal/pcaptest"
)

// Two recorded connections on the same 4-tuple, one after the other, are
// two incarnations of one connection: the check must end A's TIME-WAIT
// and let B listen again between them, as hidden steps. ABORT in
// TIME-WAIT is off by default (§3.10.5 allows it, but no sockets API
// reaches a connection in TIME-WAIT), so in both variants the 2MSL timer
// must expire.
func TestTwoIncarnations(t *testing.T) {
	for _, tc := range []struct{ variant, end string }{
		{"rfc9293", "A 2MSL expires in TIME-WAIT -> CLOSED"},
		{"rfc1337", "A 2MSL expires in TIME-WAIT -> CLOSED"},
	} {
		t.Run(tc.variant, func(t *testing.T) { twoIncarnations(t, tc.variant, tc.end) })
	}
}

func twoIncarnations(t *testing.T, variant, end string) {
	var all []pcaptest.Packet
	for i, name := range []string{"client-close", "server-close"} {
		b, err := os.ReadFile(filepath.Join("..", "capture", "testdata", name+".pcap"))
		if err != nil {
			t.Fatal(err)
		}
		ps, err := pcaptest.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			p.Time = p.Time.Add(time.Duration(i) * time.Hour)
			all = append(all, p)
		}
	}
	f, err := capture.Read(bytes.NewReader(pcaptest.Write(all)))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Conns) != 1 {
		t.Fatalf("%d connections, want 1 with two incarnations", len(f.Conns))
	}
	v, err := CheckConn(f.Conns[0], variant, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Mapped.Incarnations != [2]int{2, 2} {
		t.Errorf("incarnations %v, want [2 2]", v.Mapped.Incarnations)
	}
	if !v.Conforms {
		t.Fatalf("does not conform at packet %d; allowed %v", v.Mapped.Obs[v.FailAt].N, v.Allowed)
	}
	var steps []string
	for _, s := range Assumed(v.Run) {
		steps = append(steps, s.Act.String())
	}
	all2 := strings.Join(steps, "\n")
	for _, want := range []string{end, "B passive OPEN in CLOSED -> LISTEN"} {
		if !strings.Contains(all2, want) {
			t.Errorf("hidden steps lack %q:\n%s", want, all2)
		}
	}
}
