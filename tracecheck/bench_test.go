package tracecheck

import (
	"bytes"
	"testing"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/internal/pcaptest"
)

// bulkConn is one connection of 3 + 2n + 4 segments: n data segments from
// A, each acknowledged by B.
func bulkConn(tb testing.TB, a, b uint32, n int) *capture.Conn {
	tb.Helper()
	f, err := capture.Read(bytes.NewReader(pcaptest.Build(pcaptest.Bulk(a, b, n))))
	if err != nil {
		tb.Fatal(err)
	}
	if len(f.Conns) != 1 {
		tb.Fatalf("%d connections", len(f.Conns))
	}
	return f.Conns[0]
}

// BenchmarkCheck10k checks a connection of 10,007 segments (5,000 data
// segments and their ACKs) captured on the wire; docs/PERFORMANCE.md
// reports it.
func BenchmarkCheck10k(b *testing.B) {
	c := bulkConn(b, 1000, 5000, 5000)
	b.ResetTimer()
	for range b.N {
		v, err := CheckConn(c, "rfc9293", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if !v.Conforms {
			b.Fatalf("does not conform at %d", v.FailAt)
		}
		b.ReportMetric(float64(v.Expanded)/float64(len(c.Segments)), "states/segment")
		b.ReportMetric(float64(v.Peak), "peak-frontier")
	}
}
