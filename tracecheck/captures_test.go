package tracecheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tcpcheck/tcpcheck/capture"
)

// The committed captures and their verdicts: conforms, or the packet
// number of the first segment no run of the model explains.
var captureCases = []struct {
	file    string
	at      At
	variant string
	fail    uint32 // 0: conforms
}{
	{"client-close", Wire, "rfc9293", 0},
	{"client-close", AtA, "rfc9293", 0},
	{"client-close", AtB, "rfc9293", 0},
	{"server-close", Wire, "rfc9293", 0},
	{"server-close", AtA, "rfc9293", 0},
	{"refused", Wire, "rfc9293", 0},
	{"refused", AtB, "rfc9293", 0},
	// Linux aborts with RST,ACK; RFC 9293 §3.10.5 sends <SEQ=SND.NXT><CTL=RST>.
	{"abort", Wire, "rfc9293", 4},
	// Linux folds the ACK of A's FIN into its own FIN (a delayed ACK,
	// RFC 9293 §3.8.6.3); the model acknowledges a FIN at once.
	{"close-on-eof", Wire, "rfc9293", 5},
	{"close-on-eof", AtB, "rfc9293", 5},
	{"bad-synack-ack", Wire, "rfc9293", 2},
	{"bad-second-fin", Wire, "rfc9293", 10},
	{"bad-rst", Wire, "rfc9293", 8},
	{"bad-reordered-handshake", Wire, "rfc9293", 2},
}

func readCapture(t testing.TB, name string) *capture.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "capture", "testdata", name+".pcap"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cf, err := capture.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return cf
}

func TestCaptures(t *testing.T) {
	for _, tc := range captureCases {
		t.Run(tc.file+"/"+tc.at.String(), func(t *testing.T) {
			cf := readCapture(t, tc.file)
			if len(cf.Conns) != 1 {
				t.Fatalf("%d connections, want 1", len(cf.Conns))
			}
			v, err := CheckConn(cf.Conns[0], tc.variant, Options{At: tc.at})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.fail == 0 && !v.Conforms:
				t.Fatalf("does not conform at packet %d, want conforms; allowed %v", v.Mapped.Obs[v.FailAt].N, v.Allowed)
			case tc.fail != 0 && v.Conforms:
				t.Fatalf("conforms, want the first unexplained segment at packet %d", tc.fail)
			case tc.fail != 0 && v.Mapped.Obs[v.FailAt].N != tc.fail:
				t.Fatalf("first unexplained segment is packet %d, want %d", v.Mapped.Obs[v.FailAt].N, tc.fail)
			}
		})
	}
}
