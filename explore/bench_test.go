package explore

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLattice explores the 58^4 lattice (11.3 M states, 90 M
// transitions): the size the performance targets are stated for.
//
//	go test -run XXX -bench Lattice -benchtime 1x -count 5 ./explore/
func BenchmarkLattice(b *testing.B) {
	m := lattice{k: 4, n: 58}
	if testing.Short() {
		m.n = 30
	}
	for _, store := range []StoreKind{Fingerprint, Exact} {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/workers=%d", store, w), func(b *testing.B) {
				benchRun(b, m, Options[cell, uint8]{Workers: w, Store: store})
			})
		}
	}
}

func benchRun[S, A any](b *testing.B, m Model[S, A], opt Options[S, A]) {
	var st Stats
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		r, err := Run(context.Background(), m, opt)
		if err != nil {
			b.Fatal(err)
		}
		st = r.Stats
	}
	cpu := (cpuTime() - cpu0).Seconds() / float64(b.N)
	sec := b.Elapsed().Seconds() / float64(b.N)
	// On a shared machine wall time depends on the neighbours; CPU time
	// per state shows what the engine itself costs, and its ratio between
	// worker counts the parallel overhead.
	b.ReportMetric(cpu/float64(st.Distinct)*1e9, "cpu-ns/state")
	b.ReportMetric(float64(st.Distinct)/sec, "states/s")
	b.ReportMetric(float64(st.Generated)/sec, "transitions/s")
	b.ReportMetric(st.BytesPerState, "B/state")
	b.ReportMetric(float64(st.PeakMemory)/float64(st.Distinct), "peakB/state")
}

// cpuTime is the CPU time (user and system) used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSpinControl is a control for the worker-scaling figures: a
// trivially parallel loop split over 1 and 2 goroutines. On a machine
// shared with other jobs, its ratio is the best the engine could show at
// that moment.
//
//	go test -run XXX -bench 'SpinControl|Lattice/fingerprint' -benchtime 1x -count 3 ./explore/
func BenchmarkSpinControl(b *testing.B) {
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			var sink [2]uint64
			for i := 0; i < b.N; i++ {
				done := make(chan struct{})
				for k := 0; k < g; k++ {
					go func() {
						x := uint64(k)
						for j := 0; j < 400_000_000/g; j++ {
							x = x*6364136223846793005 + 1442695040888963407
						}
						sink[k] = x
						done <- struct{}{}
					}()
				}
				for k := 0; k < g; k++ {
					<-done
				}
			}
			b.ReportMetric(sec(b)/4e8*1e9, "ns/step")
		})
	}
}

func sec(b *testing.B) float64 { return b.Elapsed().Seconds() / float64(b.N) }
