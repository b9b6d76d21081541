package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// benchJSON is the document of `tcpcheck bench --format json`
// (docs/JSON.md).
type benchJSON struct {
	Schema    string            `json:"schema"`
	Version   string            `json:"version"`
	GoVersion string            `json:"go_version"`
	CPUs      int               `json:"cpus"`
	Variant   string            `json:"variant"`
	Config    []param           `json:"config"`
	Runs      int               `json:"runs"`
	ExitCode  int               `json:"exit_code"`
	Results   []benchResultJSON `json:"results"`
	Speedup   float64           `json:"speedup"`
}

const schemaBench = "tcpcheck/bench/v1"

type benchResultJSON struct {
	Workers              int         `json:"workers"`
	Median               statsJSON   `json:"median"`
	TransitionsPerSecond float64     `json:"transitions_per_second"`
	CPUNsPerState        float64     `json:"cpu_ns_per_state"`
	AllRuns              []statsJSON `json:"all_runs"`
}

func runBench(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("bench", benchUsage, e)
	var (
		store, format, workersList string
		runs                       int
		quiet                      bool
		memory                     memoryFlag
	)
	fs.StringVar(&workersList, "workers", "1,all", "worker counts to compare, 1 to 1024, comma-separated; all or 0 = every core")
	fs.Var(newInt(&runs, 3, 1, 100, ""), "runs", "runs per worker count; the median is reported")
	fs.Var(newChoice(&store, "auto", storeNames...), "store", storeHelp)
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	memory.register(fs)
	boolFlag(fs, &quiet, "quiet", "q", "no progress on stderr")
	mf := addModelFlags(fs)
	fs.Lookup("variant").DefValue = "big"
	mf.variant = "big"
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: bench takes only flags", fs.Arg(0)))
	}
	workers, err := parseWorkers(workersList)
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	cfg, m, err := mf.build()
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	prog := newProgress(e, quiet)
	opt := explore.Options[model.State, model.Action]{
		Store: storeKind(store, 0, memory.budget()), Constraint: model.InBounds, Progress: prog.update,
		MaxMemory: memory.budget(), MemoryWarning: prog.memoryWarning,
	}
	if !quiet {
		fmt.Fprintf(e.stderr, "bench: variant %s, workers %v, %d runs each\n", mf.variant, workers, runs)
	}
	// One call per worker count, so that the CPU time of each is known.
	var (
		res []explore.BenchResult
		cpu []time.Duration
	)
	for _, w := range workers {
		before := cpuTime()
		r, err := explore.Bench[model.State, model.Action](ctx, m, opt, []int{w}, runs)
		if err != nil {
			prog.done()
			return fail(e, fs.Name(), usagef("%v", err))
		}
		res = append(res, r...)
		cpu = append(cpu, cpuTime()-before)
		if ctx.Err() != nil {
			break
		}
	}
	prog.done()
	doc := benchJSON{
		Schema: schemaBench, Version: version, GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
		Variant: mf.variant, Config: describeConfig(cfg), Runs: runs, Results: []benchResultJSON{},
	}
	for i, r := range res {
		b := benchResultJSON{Workers: r.Workers, Median: statsOf(r.Median), AllRuns: []statsJSON{}}
		var states int64
		for _, s := range r.Runs {
			states += s.Distinct
			b.AllRuns = append(b.AllRuns, statsOf(s))
		}
		if states > 0 {
			b.CPUNsPerState = float64(cpu[i].Nanoseconds()) / float64(states)
		}
		if s := r.Median.Elapsed.Seconds(); s > 0 {
			b.TransitionsPerSecond = float64(r.Median.Transitions) / s
		}
		doc.Results = append(doc.Results, b)
	}
	if n := len(doc.Results); n > 1 && doc.Results[0].Median.StatesPerSecond > 0 {
		doc.Speedup = doc.Results[n-1].Median.StatesPerSecond / doc.Results[0].Median.StatesPerSecond
	}
	doc.ExitCode = exitOK
	for _, r := range res {
		if r.Median.StopReason != "" {
			doc.ExitCode = exitIncomplete
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "interrupted: printing what was measured so far\n")
		doc.ExitCode = exitIncomplete
	}
	if format == "json" {
		if code := writeJSON(e, fs.Name(), doc); code != exitOK {
			return code
		}
	} else {
		printBench(e.stdout, &doc)
	}
	return doc.ExitCode
}

// parseWorkers reads "1,all" or "1,2,4".
func parseWorkers(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "all" || f == "0" { // 0 means all cores, as for explore
			out = append(out, runtime.GOMAXPROCS(0))
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 1024 {
			return nil, usagef("--workers %q: want worker counts from 1 to 1024, or all (or 0) for every core, comma-separated, e.g. 1,all", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func printBench(w io.Writer, d *benchJSON) {
	fmt.Fprintf(w, "tcpcheck %s, %s, %d CPUs; variant %s, median of %d runs\n\n", d.Version, d.GoVersion, d.CPUs, d.Variant, d.Runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workers\tstates\ttransitions\tdepth\ttime\tstates/s\ttransitions/s\tcpu-ns/state\tbytes/state\tpeak memory\t")
	for _, r := range d.Results {
		s := r.Median
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%.0f\t%.1f\t%s\t\n", r.Workers, humanCount(s.Distinct), humanCount(s.Transitions), s.Depth,
			s.elapsed().Round(time.Millisecond), humanRate(s.StatesPerSecond), humanRate(r.TransitionsPerSecond), r.CPUNsPerState, s.BytesPerState, humanBytes(s.PeakMemory))
	}
	tw.Flush()
	if d.Speedup > 0 {
		last := d.Results[len(d.Results)-1].Workers
		fmt.Fprintf(w, "\n%d workers against %d: %.2fx the states per second (wall time; on a shared machine compare cpu-ns/state)\n", last, d.Results[0].Workers, d.Speedup)
	}
	for _, r := range d.Results {
		if r.Median.StopReason != "" {
			fmt.Fprintf(w, "note: %d workers stopped early (%s): figures are partial\n", r.Workers, r.Median.StopReason)
		}
	}
}
