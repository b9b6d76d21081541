package tlatcp

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// BenchmarkMCtcp is the whole MCtcp run with the graph retained, as
// `tcpcheck explore --model tla-examples` does it.
func BenchmarkMCtcp(b *testing.B) {
	for _, store := range []explore.StoreKind{explore.Exact, explore.Fingerprint} {
		b.Run(store.String(), func(b *testing.B) {
			opt := Options()
			opt.Store = store
			var r *explore.Result[State, Action]
			for b.Loop() {
				var err error
				r, err = explore.Run[State, Action](context.Background(), New(Config{}), opt)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Stats.Distinct), "states")
			b.ReportMetric(r.Stats.BytesPerState, "B/state")
		})
	}
}
