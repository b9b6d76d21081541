package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
	"github.com/tcpcheck/tcpcheck/simulate"
)

const simulateUsage = `
Take random runs through the model, checking the safety properties on every
step, and print each run step by step like a counterexample. A run starts in
the initial state and takes, at each step, one of the enabled actions within
the bounds, chosen at random, until a property breaks, no action is enabled,
or --depth steps are taken. The runs are a function of --seed and the model
flags: the same command gives the same runs on every machine, so a run that
breaks a property can be taken again, and --out writes it as a trace that
'tcpcheck replay' replays.

A simulation finds behaviours, never proofs: a property no run breaks may
still fail ('tcpcheck explore' searches every state). It is for looking at
long, typical behaviours, and for configurations too large to search.

Printed in full (and drawn with --out): every run that breaks a property,
and the run when --runs is 1. Other runs are one line of the run table
(up to 50 runs; beyond, a count per way of ending).

Usage:
  tcpcheck simulate [flags]

Examples:
  tcpcheck simulate                                  # one run, seed 1, the default RFC 9293 configuration
  tcpcheck simulate --seed 7 --depth 200 --opens 5   # a longer life: more OPEN calls per endpoint
  tcpcheck simulate --runs 1000 --props P4           # look for P4 (TIME-WAIT assassination) in 1000 runs
  tcpcheck simulate --variant two-way-handshake --runs 100 --out sim/
  tcpcheck simulate --runs 500 --continue --format json > runs.json

Many jobs: --shard i/n takes only runs i, i+n, i+2n, ... of the --runs
runs, the same runs the whole simulation takes; n jobs with --shard 1/n to
n/n (on other cores, or other machines) and --format json, then
'tcpcheck simulate --merge' of their outputs, give exactly the report of
one unsharded command (docs/SCALE.md).

  tcpcheck simulate --runs 1000 --shard 2/4 --format json > shard-2.json
  tcpcheck simulate --merge shard-1.json shard-2.json shard-3.json shard-4.json

Exit codes: 0 no run broke a checked property, 1 a run broke one (it is
printed, and written by --out), 2 bad usage, 3 interrupted (Ctrl-C) before
a violation.
`

// simulateJSON is the document of `tcpcheck simulate --format json`
// (docs/JSON.md).
type simulateJSON struct {
	Schema     string        `json:"schema"`
	Version    string        `json:"version"`
	Model      string        `json:"model"`
	Variant    string        `json:"variant"`
	Config     []param       `json:"config"`
	Seed       uint64        `json:"seed"`
	Depth      int           `json:"depth"`
	RunsAsked  int           `json:"runs_asked"`
	Continue   bool          `json:"continue"`
	Shard      string        `json:"shard"` // "i/n" with --shard, else
	Props      []string      `json:"props"`
	Steps      int           `json:"steps"`
	Violations int           `json:"violations"`
	Verdict    string        `json:"verdict"` // violated | no violation | incomplete
	ExitCode   int           `json:"exit_code"`
	Runs       []simRunJSON  `json:"runs"`
	Files      []string      `json:"files"`
	Notes      []string      `json:"notes"`
	Errors     []string      `json:"errors"`
	full       []*simRunJSON // printed step by step
}

const schemaSimulate = "tcpcheck/simulate/v1"

type simRunJSON struct {
	Run      int      `json:"run"`
	Steps    int      `json:"steps"`
	End      string   `json:"end"`      // depth reached | no action enabled | every next step leaves the bounds | property violated | interrupted
	Violated []string `json:"violated"` // property IDs broken by the last step
	Last     string   `json:"last"`     // the endpoints' states and the network after the last step
	// Trace is the run step by step, for the runs printed in full; null
	// for the others.
	Trace *cexJSON `json:"trace"`
	Files []string `json:"files"`
}

func runSimulate(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("simulate", simulateUsage, e)
	var (
		seed        uint64
		depth, runs int
		propList    string
		cont, force bool
		out, format string
		shard       shardValue
		merge       bool
	)
	fs.Var(&seedValue{&seed}, "seed", "seed of the random choices, 0 to 18446744073709551615 (default 1)")
	seed = 1
	fs.Var(newInt(&depth, 100, 1, 1_000_000, ""), "depth", "most steps in a run, 1 to 1000000")
	fs.Var(newInt(&runs, 1, 1, 1_000_000, ""), "runs", "number of runs, 1 to 1000000")
	fs.StringVar(&propList, "props", "", "safety properties to check on every step, by ID or name, comma-separated (default all but L1, which no finite run can check)")
	boolFlag(fs, &cont, "continue", "", "keep taking runs after one breaks a property (default: stop at the first)")
	fs.StringVarP(&out, "out", "o", "", "write each run printed in full to `DIR`: ladder diagram and state path (DOT and SVG), sequence diagram (Mermaid .mmd, PlantUML .puml), the text, and runK.trace for 'tcpcheck replay'")
	boolFlag(fs, &force, "force", "", "with --out: write into a directory that holds files tcpcheck did not write")
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	fs.Var(&shard, "shard", "take only shard `i/n` of the runs: runs i, i+n, i+2n, ... (1 <= i <= n <= 1000000); --merge joins the shards' JSON")
	boolFlag(fs, &merge, "merge", "", "join the --format json outputs of the shards 1/n ... n/n of one simulation, given as arguments, into the report of the unsharded simulation (only --format may go with it)")
	mf := addModelFlags(fs)
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if merge {
		return mergeSimulate(e, fs, format, args)
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: simulate takes only flags", fs.Arg(0)))
	}
	cfg, m, err := mf.build()
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	var sel []props.Property
	if fs.Changed("props") {
		if sel, err = props.Lookup(strings.Split(propList, ",")); err != nil {
			return fail(e, fs.Name(), usagef("--props: %v", err))
		}
	}
	opt := simulate.Options{Seed: seed, Depth: depth, Runs: runs, Props: sel, Continue: cont, Shard: shard.i, Shards: shard.n}
	// Bad options are found before anything is written.
	if _, err := simulate.Simulate(ctx, m, simulate.Options{Seed: seed, Depth: 1, Runs: 1, Props: sel}); err != nil {
		return fail(e, fs.Name(), usagef("--props: %v", err))
	}
	if err := prepareOutDir(out, force, commandLine("simulate", args)); err != nil {
		return fail(e, fs.Name(), err)
	}
	rep, err := simulate.Simulate(ctx, m, opt)
	if err != nil {
		return fail(e, fs.Name(), usagef("%v", err))
	}
	res := &simulateJSON{
		Schema: schemaSimulate, Version: version, Model: "tcp", Variant: mf.variant,
		Config: describeConfig(cfg), Seed: seed, Depth: depth, RunsAsked: runs, Continue: cont, Props: []string{},
		Steps: rep.Steps, Violations: rep.Violations, Runs: []simRunJSON{},
		Files: []string{}, Notes: []string{}, Errors: []string{},
	}
	if sel == nil {
		sel = props.All()
	}
	for _, p := range sel {
		if p.Kind != props.Liveness {
			res.Props = append(res.Props, p.ID)
		}
	}
	if fs.Changed("shard") {
		res.Shard = shard.String()
	}
	for _, r := range rep.Runs {
		j := simRunJSON{Run: r.Number, Steps: len(r.Trace.Steps), End: r.End.String(), Violated: []string{}, Files: []string{}}
		last := r.Trace.Last()
		j.Last = summary(tcpState(&last))
		for _, p := range r.Violated {
			j.Violated = append(j.Violated, p.ID)
		}
		res.Runs = append(res.Runs, j)
	}
	for i, r := range rep.Runs {
		if r.End != simulate.EndViolation && runs > 1 {
			continue
		}
		j := &res.Runs[i]
		c := &cexJSON{Kind: "trace", Init: tcpState(&r.Trace.Init), Steps: []stepJSON{}, CycleStart: -1, Fairness: []string{}}
		for _, st := range r.Trace.Steps {
			c.Steps = append(c.Steps, tcpStep(st))
		}
		j.Trace = c
		res.full = append(res.full, j)
		if out != "" {
			if err := writeRun(out, j, r, seed, cfg); err != nil {
				res.Errors = append(res.Errors, "--out: "+err.Error())
			}
			res.Files = append(res.Files, j.Files...)
		}
	}
	return finishSimulate(e, fs.Name(), res, ctx.Err() != nil, out, format, args)
}

// finishSimulate gives the verdict and writes the report, of one
// simulation or of merged shards.
func finishSimulate(e *env, name string, res *simulateJSON, interrupted bool, out, format string, args []string) int {
	switch {
	case res.Violations > 0:
		res.Verdict, res.ExitCode = "violated", exitViolated
	case interrupted:
		res.Verdict, res.ExitCode = "incomplete", exitIncomplete
		res.Notes = append(res.Notes, "interrupted: the runs so far are shown")
	default:
		res.Verdict, res.ExitCode = "no violation", exitOK
		res.Notes = append(res.Notes, fmt.Sprintf("no run broke %s; a simulation samples behaviours and proves nothing: 'tcpcheck explore' searches every state", strings.Join(res.Props, ", ")))
	}
	if out != "" && len(res.full) == 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("--out %s: no run is printed in full, so none is drawn (runs are drawn when --runs is 1 or when they break a property)", out))
	}
	if len(res.Errors) > 0 {
		res.ExitCode = exitUsage
	}
	if format == "json" {
		if code := writeJSON(e, name, res); code != exitOK {
			return code
		}
	} else {
		printSimulate(e.stdout, res, args)
	}
	for _, msg := range res.Errors {
		fmt.Fprintf(e.stderr, "%s: %s\n", name, msg)
	}
	return res.ExitCode
}

// mergeSimulate is --merge: the JSON reports of the shards of one
// simulation, read from the files named, joined into the report of the
// whole (simulate.Merge says why that is exact).
func mergeSimulate(e *env, fs *pflag.FlagSet, format string, args []string) int {
	var other []string
	fs.Visit(func(f *pflag.Flag) {
		if f.Name != "merge" && f.Name != "format" {
			other = append(other, "--"+f.Name)
		}
	})
	if len(other) > 0 {
		return fail(e, fs.Name(), usagef("--merge takes the shards' JSON files and --format only, not %s: the shards' files carry the simulation's settings", strings.Join(other, ", ")))
	}
	if fs.NArg() == 0 {
		return fail(e, fs.Name(), usagef("--merge needs the JSON files of the shards, e.g. tcpcheck simulate --merge shard-1.json shard-2.json"))
	}
	var docs []*simulateJSON
	seen := map[string]string{}
	n := 0
	for _, file := range fs.Args() {
		b, err := os.ReadFile(file)
		if err != nil {
			return fail(e, fs.Name(), usagef("--merge: %v", err))
		}
		d := &simulateJSON{}
		if err := json.Unmarshal(b, d); err != nil || d.Schema != schemaSimulate {
			return fail(e, fs.Name(), usagef("--merge: %s is not the output of 'tcpcheck simulate --format json' (schema %s)", file, schemaSimulate))
		}
		var i, k int
		if _, err := fmt.Sscanf(d.Shard, "%d/%d", &i, &k); err != nil {
			i, k = 1, 1
		}
		if prev, dup := seen[d.Shard]; dup {
			return fail(e, fs.Name(), usagef("--merge: %s and %s are both shard %d/%d", prev, file, i, k))
		}
		seen[d.Shard] = file
		if n == 0 {
			n = k
		}
		if d.Verdict == "incomplete" {
			return fail(e, fs.Name(), usagef("--merge: %s (shard %d/%d) was interrupted: run that shard again", file, i, k))
		}
		if len(docs) > 0 {
			f := docs[0]
			same := f.Model == d.Model && f.Variant == d.Variant && reflect.DeepEqual(f.Config, d.Config) &&
				f.Seed == d.Seed && f.Depth == d.Depth && reflect.DeepEqual(f.Props, d.Props) &&
				f.RunsAsked == d.RunsAsked && f.Continue == d.Continue && k == n
			if !same {
				return fail(e, fs.Name(), usagef("--merge: %s and %s are not shards of one simulation: the model, --seed, --depth, --runs, --props, --continue and the n of --shard i/n must be the same", fs.Arg(0), file))
			}
		}
		docs = append(docs, d)
	}
	var parts [][]simRunJSON
	for _, d := range docs {
		parts = append(parts, d.Runs)
	}
	f := docs[0]
	runs, err := simulate.Merge(parts, f.RunsAsked, f.Continue,
		func(r simRunJSON) int { return r.Run },
		func(r simRunJSON) bool { return len(r.Violated) > 0 })
	if err != nil {
		return fail(e, fs.Name(), usagef("--merge: %v (%d of %d shards given)", err, len(docs), n))
	}
	res := &simulateJSON{
		Schema: schemaSimulate, Version: version, Model: f.Model, Variant: f.Variant,
		Config: f.Config, Seed: f.Seed, Depth: f.Depth, RunsAsked: f.RunsAsked, Continue: f.Continue,
		Props: f.Props, Runs: runs, Files: []string{}, Notes: []string{}, Errors: []string{},
	}
	for i := range res.Runs {
		j := &res.Runs[i]
		res.Steps += j.Steps
		if len(j.Violated) > 0 {
			res.Violations++
		}
		if j.Trace != nil {
			res.full = append(res.full, j)
			res.Files = append(res.Files, j.Files...)
		}
	}
	return finishSimulate(e, fs.Name(), res, false, "", format, args)
}

// shardValue is a --shard i/n.
type shardValue struct{ i, n int }

func (s *shardValue) String() string {
	if s.n == 0 {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", s.i, s.n)
}
func (s *shardValue) Type() string { return "i/n" }
func (s *shardValue) Set(x string) error {
	a, b, ok := strings.Cut(strings.TrimSpace(x), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 1_000_000 || i < 1 || i > n {
		return fmt.Errorf("want i/n with 1 <= i <= n <= 1000000, e.g. 1/4 for the first of four shards")
	}
	s.i, s.n = i, n
	return nil
}

// runTitle is the headline of a run printed in full.
func runTitle(j *simRunJSON, seed uint64) string {
	head := fmt.Sprintf("simulate --seed %d, run %d", seed, j.Run)
	if len(j.Violated) > 0 {
		return fmt.Sprintf("%s: %s violated at step %d", head, strings.Join(j.Violated, ", "), j.Steps)
	}
	return fmt.Sprintf("%s: %d random %s (%s)", head, j.Steps, plural(j.Steps, "step"), j.End)
}

// writeRun writes a run as a counterexample is written, as runK-*.
func writeRun(dir string, j *simRunJSON, r simulate.Run, seed uint64, cfg model.Config) error {
	name := "run" + strconv.Itoa(r.Number)
	title := runTitle(j, seed)
	broken := -1
	if r.End == simulate.EndViolation {
		broken = len(r.Trace.Steps)
	}
	ladder, err := graphs.LadderFromTrace(title, r.Trace, broken, -1)
	if err != nil {
		return fmt.Errorf("%s ladder: %v", name, err)
	}
	if err := writeLadder(&j.Files, dir, name, ladder); err != nil {
		return err
	}
	var src []byte
	if src, err = graphs.PathFromTrace(title, r.Trace, broken, -1).WriteDOT(); err != nil {
		return fmt.Errorf("%s state path: %v", name, err)
	}
	if err := writeDOTSVG(&j.Files, dir, name+"-path", src); err != nil {
		return err
	}
	var b strings.Builder
	printRun(&b, j, seed)
	if err := writeFile(&j.Files, dir, name+".txt", []byte(b.String())); err != nil {
		return err
	}
	tr, err := scenario.FromPath(name, title, cfg, r.Trace)
	if err != nil {
		return fmt.Errorf("%s trace: %v", name, err)
	}
	return writeFile(&j.Files, dir, name+".trace", []byte(tr.Format()))
}

// printSimulate is the text report.
func printSimulate(w io.Writer, r *simulateJSON, args []string) {
	var kv []string
	for _, p := range r.Config {
		kv = append(kv, p.Name+"="+p.Value)
	}
	fmt.Fprintf(w, "model %s, variant %s\n  %s\n", r.Model, r.Variant, wrap(strings.Join(kv, " "), 76, "\n  "))
	fmt.Fprintf(w, "simulate: seed %d, %d %s of at most %d steps, %s steps in all, checking %s\n",
		r.Seed, len(r.Runs), plural(len(r.Runs), "run"), r.Depth, humanCount(int64(r.Steps)), strings.Join(r.Props, ", "))
	if len(r.Runs) > 1 && len(r.Runs) <= 50 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RUN\tSTEPS\tEND\tLAST STATE")
		for _, j := range r.Runs {
			end := j.End
			if len(j.Violated) > 0 {
				end += " (" + strings.Join(j.Violated, ", ") + ")"
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", j.Run, j.Steps, end, j.Last)
		}
		tw.Flush()
	} else if len(r.Runs) > 50 {
		ends := map[string]int{}
		var order []string
		for _, j := range r.Runs {
			if ends[j.End] == 0 {
				order = append(order, j.End)
			}
			ends[j.End]++
		}
		var parts []string
		for _, e := range order {
			parts = append(parts, fmt.Sprintf("%s %d", e, ends[e]))
		}
		fmt.Fprintf(w, "  runs ended: %s\n", strings.Join(parts, ", "))
	}
	for _, j := range r.full {
		fmt.Fprintln(w)
		printRun(w, j, r.Seed)
		for _, f := range j.Files {
			fmt.Fprintf(w, "  wrote %s\n", f)
		}
	}
	if len(r.full) > 0 {
		fmt.Fprint(w, "\n"+traceLegend(false))
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	switch r.Verdict {
	case "violated":
		var which []string
		for _, j := range r.full {
			which = append(which, fmt.Sprintf("%s in run %d", strings.Join(j.Violated, ", "), j.Run))
		}
		fmt.Fprintf(w, "\nverdict: violated (%s); the same command takes the same runs again:\n  %s\n", strings.Join(which, "; "), shellLine("simulate", args))
	default:
		fmt.Fprintf(w, "\nverdict: %s\n", r.Verdict)
	}
}

// printRun writes a run step by step.
func printRun(w io.Writer, j *simRunJSON, seed uint64) {
	c := j.Trace
	fmt.Fprintf(w, "%s\n", runTitle(j, seed))
	fmt.Fprintf(w, "  %3d  init\n       %s\n", 0, summary(c.Init))
	for i, st := range c.Steps {
		fmt.Fprintf(w, "  %3d  %s\n       %s\n", i+1, st.Action, summary(st.State))
	}
	if len(j.Violated) == 0 {
		fmt.Fprintf(w, "  the run ends: %s\n", j.End)
		return
	}
	for _, id := range j.Violated {
		ps, _ := props.Lookup([]string{id})
		fmt.Fprintf(w, "  %s %s (%s): %s\n", id, ps[0].Name, ps[0].Reference, ps[0].Meaning)
	}
}

// shellLine is the command as a shell would take it back, each argument
// quoted when it needs to be.
func shellLine(cmd string, args []string) string {
	words := []string{"tcpcheck", cmd}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`!&|;<>()*?[]#~{}") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		words = append(words, a)
	}
	return strings.Join(words, " ")
}

// seedValue is a --seed: any 64-bit unsigned number.
type seedValue struct{ v *uint64 }

func (s *seedValue) String() string { return strconv.FormatUint(*s.v, 10) }
func (s *seedValue) Type() string   { return "uint" }
func (s *seedValue) Set(x string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(x), 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number from 0 to 18446744073709551615")
	}
	*s.v = n
	return nil
}
