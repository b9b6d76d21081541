package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/props"
)

// searchFlags are the flags of every command that runs a search.
type searchFlags struct {
	workers   int
	store     string
	maxStates int64
	maxDepth  int
	memory    memoryFlag
	timeout   time.Duration
	quiet     bool
	spillDir  string
}

func (f *searchFlags) register(fs *pflag.FlagSet) {
	fs.VarP(newInt(&f.workers, 0, 0, 1024, " (0 = all cores)"), "workers", "w", "worker goroutines (0 = all cores)")
	fs.Var(newChoice(&f.store, "auto", storeNames...), "store", storeHelp)
	fs.Var(&countValue{&f.maxStates}, "max-states", "stop after this many distinct states, e.g. 10M (0 = no limit)")
	fs.Var(newInt(&f.maxDepth, 0, 0, 1<<30, " (0 = no limit)"), "max-depth", "stop after this many BFS levels (0 = no limit)")
	f.memory.register(fs)
	fs.Var(&durationValue{&f.timeout}, "timeout", "stop after this long, e.g. 10m (0 = no limit)")
	fs.StringVar(&f.spillDir, "spill-dir", "", "put the temporary files of large levels and of --store disk in `DIR` (default: the system's temporary directory, $TMPDIR or /tmp)")
	boolFlag(fs, &f.quiet, "quiet", "q", "no progress on stderr")
}

func (f *searchFlags) storeKind() explore.StoreKind {
	return storeKind(f.store, f.maxStates, f.memory.budget())
}

// exploreFlags are the flags of `tcpcheck explore`.
type exploreFlags struct {
	searchFlags
	model       string
	props       string
	cont        bool
	out         string
	force       bool
	graph       string
	graphLimit  int
	graphAround int
	format      string
	coverage    bool
	verbose     bool
	checkpoint  string
	ckptEvery   time.Duration
	resume      string
}

func runExplore(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("explore", exploreUsage+queryHelp, e)
	var f exploreFlags
	fs.Var(newChoice(&f.model, "tcp", "tcp", "tla-examples"), "model", "model: tcp (RFC 9293) or tla-examples (the TLA+ Examples tcp.tla, for the cross-check with TLC)")
	fs.StringVar(&f.props, "props", "", "properties to check, by ID or name, comma-separated (default all; see 'tcpcheck list properties')")
	f.searchFlags.register(fs)
	f.cont = true
	boolFlag(fs, &f.cont, "continue", "", "keep searching after a violation, to give every property its verdict and one shortest counterexample; --continue=false stops at the level of the first violation, as TLC does")
	fs.StringVarP(&f.out, "out", "o", "", "write each counterexample to `DIR`: ladder diagram and state path (DOT and SVG), sequence diagram (Mermaid .mmd, PlantUML .puml), and the trace as text")
	boolFlag(fs, &f.force, "force", "", "with --out: write into a directory that holds files tcpcheck did not write")
	fs.StringVar(&f.graph, "graph", "", "write the reachable state graph to `FILE` (.dot; an .svg is written next to it)")
	fs.Var(newInt(&f.graphLimit, 300, 1, 1_000_000, ""), "graph-limit", "most states --graph draws (SVG layout takes seconds for hundreds of states, minutes for thousands)")
	fs.Var(newInt(&f.graphAround, 0, 0, 1000, ""), "graph-around", "with --graph: draw only the states within this many steps of the first counterexample (0 = the whole graph)")
	fs.Var(newChoice(&f.format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	boolFlag(fs, &f.verbose, "verbose", "v", "show each endpoint's ISS, IRS, SND.UNA, SND.NXT, RCV.NXT, retx (retransmissions), att and peer_att (its own and its peer's attempt numbers) at the start of a counterexample, and after each step those that changed")
	fs.StringVar(&f.checkpoint, "checkpoint", "", "write the search to `DIR` at level barriers (and when it is stopped), so that --resume DIR can continue it; not with L1 (choose --props)")
	f.ckptEvery = 10 * time.Minute
	fs.Var(&durationValue{&f.ckptEvery}, "checkpoint-every", "with --checkpoint: at most one checkpoint this often, e.g. 30m (0 = at every level)")
	fs.StringVar(&f.resume, "resume", "", "continue the search checkpointed in `DIR`, with the same model flags and --props; the result is that of an uninterrupted search")
	boolFlag(fs, &f.coverage, "coverage", "", "count the transitions that fired each rule of the model (RFC clause) and list the rules that never fired, with the flag each needs")
	qf := addQueryFlags(fs)
	mf := addModelFlags(fs)
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		hint := ""
		if _, err := props.Lookup([]string{fs.Arg(0)}); err == nil {
			hint = fmt.Sprintf(" (did you mean --props %s?)", fs.Arg(0))
		}
		return fail(e, fs.Name(), usagef("unexpected argument %q: explore takes only flags%s", fs.Arg(0), hint))
	}
	if fs.Changed("graph-limit") && f.graph == "" {
		return fail(e, fs.Name(), usagef("--graph-limit %d needs --graph FILE", f.graphLimit))
	}
	if f.graphAround > 0 && f.graph == "" {
		return fail(e, fs.Name(), usagef("--graph-around %d needs --graph FILE", f.graphAround))
	}
	if f.coverage && f.model != "tcp" {
		return fail(e, fs.Name(), usagef("--coverage applies to --model tcp only"))
	}
	if f.graphAround > 0 && f.model != "tcp" {
		return fail(e, fs.Name(), usagef("--graph-around %d applies to --model tcp only", f.graphAround))
	}
	if f.model != "tcp" && (f.checkpoint != "" || f.resume != "") {
		return fail(e, fs.Name(), usagef("--checkpoint and --resume apply to --model tcp only"))
	}
	// Every value is checked before anything is created on disk.
	var (
		tcp tcpRun
		err error
	)
	if f.model == "tcp" {
		if tcp, err = newTCPRun(&f, mf); err != nil {
			return fail(e, fs.Name(), err)
		}
	}
	if err := qf.check(fs, &f, tcp.cfg); err != nil {
		return fail(e, fs.Name(), err)
	}
	if err := prepareOutDir(f.out, f.force, commandLine("explore", args)); err != nil {
		return fail(e, fs.Name(), err)
	}
	if err := checkOutFile(f.graph); err != nil {
		return fail(e, fs.Name(), err)
	}

	var res *exploreResult
	prog := newProgress(e, f.quiet)
	switch f.model {
	case "tla-examples":
		var changed []string
		fs.Visit(func(fl *pflag.Flag) {
			if mf.isParam(fl.Name) || fl.Name == "old-dups" {
				changed = append(changed, "--"+fl.Name)
			}
		})
		if len(changed) > 0 {
			return fail(e, fs.Name(), usagef("%s: model parameters apply to --model tcp only; tla-examples is MCtcp as published (choose a broken copy with --variant)", strings.Join(changed, ", ")))
		}
		variant := "mctcp"
		if fs.Changed("variant") {
			variant = mf.variant
		}
		res, err = exploreTLA(ctx, &f, variant, prog)
	case "tcp":
		if qf.active() {
			res, err = exploreQueries(ctx, &f, tcp, qf, prog)
			break
		}
		fallthrough
	default:
		res, err = exploreTCP(ctx, &f, tcp, prog)
	}
	prog.done()
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	if ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "interrupted: printing what was found so far\n")
	}
	if res.Stats.StopReason == "max memory" {
		res.Notes = append(res.Notes, memoryNote(f.memory.budget()))
	}
	res.ExitCode = exitCodeOf(res.Verdict)
	if len(res.Errors) > 0 {
		res.ExitCode = exitUsage
	}
	if f.format == "json" {
		if code := writeJSON(e, fs.Name(), res); code != exitOK {
			return code
		}
	} else if qf.active() {
		printQueries(e.stdout, res)
	} else {
		printExplore(e.stdout, res, f.verbose)
	}
	for _, msg := range res.Errors {
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), msg)
	}
	return res.ExitCode
}

// exitCodeOf maps a verdict to the exit code of the process.
func exitCodeOf(verdict string) int {
	switch verdict {
	case "violated":
		return exitViolated
	case "incomplete":
		return exitIncomplete
	}
	return exitOK
}

// newResult fills the fields every explore result has.
func newResult(modelName string, s explore.Stats) *exploreResult {
	return &exploreResult{
		Schema:     schemaExplore,
		Version:    version,
		Model:      modelName,
		Config:     []param{},
		Stats:      statsOf(s),
		Properties: []propertyJSON{},
		Notes:      []string{},
		TLC:        []string{},
		Files:      []string{},
		Errors:     []string{},
	}
}
