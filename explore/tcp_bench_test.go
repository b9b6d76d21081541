//go:build tcpbench

package explore_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// BenchmarkTCP explores a variant of the TCP model (TCPCHECK_VARIANT,
// default "big") with the modelling-bound constraint. It sits behind a
// build tag so that the engine's own tests never depend on the model:
//
//	go test -tags tcpbench -run XXX -bench TCP -benchtime 1x -count 3 ./explore/
//
// TCPCHECK_MAX_STATES caps the search for a quicker figure.
func BenchmarkTCP(b *testing.B) {
	name := os.Getenv("TCPCHECK_VARIANT")
	if name == "" {
		name = "big"
	}
	c, err := model.Variant(name)
	if err != nil {
		b.Fatal(err)
	}
	m, err := model.New(c)
	if err != nil {
		b.Fatal(err)
	}
	var limit int64
	if v := os.Getenv("TCPCHECK_MAX_STATES"); v != "" {
		if limit, err = strconv.ParseInt(v, 10, 64); err != nil {
			b.Fatal(err)
		}
	}
	for _, store := range []explore.StoreKind{explore.Fingerprint, explore.Exact} {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/%v/workers=%d", name, store, w), func(b *testing.B) {
				var st explore.Stats
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					r, err := explore.Run[model.State, model.Action](context.Background(), m, explore.Options[model.State, model.Action]{
						Workers: w, Store: store, Constraint: model.InBounds, MaxStates: limit,
					})
					if err != nil {
						b.Fatal(err)
					}
					st = r.Stats
				}
				cpu := (cpuTime() - cpu0).Seconds() / float64(b.N)
				sec := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(cpu/float64(st.Distinct)*1e9, "cpu-ns/state")
				b.ReportMetric(float64(st.Distinct), "states")
				b.ReportMetric(float64(st.Distinct)/sec, "states/s")
				b.ReportMetric(float64(st.Generated)/sec, "generated/s")
				b.ReportMetric(st.BytesPerState, "B/state")
				b.ReportMetric(float64(st.PeakMemory)/float64(st.Distinct), "peakB/state")
			})
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
