package explore

import (
	"context"
	"fmt"
	"sort"
)

// BenchResult is the outcome of several runs with one number of workers.
type BenchResult struct {
	Workers int
	Runs    []Stats // in the order they ran
	Median  Stats   // the run with the median elapsed time
}

// Bench runs the same search runs times for each worker count, for
// `tcpcheck bench` and the figures in docs/PERFORMANCE.md. The machine may
// be shared and noisy: compare medians, and ratios between worker counts
// measured in the same call, rather than single runs.
func Bench[S, A any](ctx context.Context, m Model[S, A], opt Options[S, A], workers []int, runs int) ([]BenchResult, error) {
	if runs < 1 {
		return nil, fmt.Errorf("explore: %d benchmark runs: use at least 1", runs)
	}
	var out []BenchResult
	for _, w := range workers {
		o := opt
		o.Workers = w
		br := BenchResult{Workers: w}
		for i := 0; i < runs; i++ {
			r, err := Run(ctx, m, o)
			if err != nil {
				return out, err
			}
			br.Runs = append(br.Runs, r.Stats)
			if ctx.Err() != nil {
				break
			}
		}
		sorted := append([]Stats(nil), br.Runs...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].Elapsed < sorted[j].Elapsed })
		br.Median = sorted[len(sorted)/2]
		out = append(out, br)
	}
	return out, nil
}
