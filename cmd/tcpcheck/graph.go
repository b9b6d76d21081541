package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
)

// graphJSON is the document of `tcpcheck graph --format json`
// (docs/JSON.md).
type graphJSON struct {
	Schema   string            `json:"schema"`
	Version  string            `json:"version"`
	Variant  string            `json:"variant"`
	Config   []param           `json:"config"`
	Complete bool              `json:"complete"`
	ExitCode int               `json:"exit_code"`
	Stats    statsJSON         `json:"stats"`
	Edges    []diagramEdgeJSON `json:"edges"`
	Matched  []diagramEdgeJSON `json:"matched"`
	Missing  []diagramEdgeJSON `json:"missing"`
	Extra    []diagramEdgeJSON `json:"extra"`
	Files    []string          `json:"files"`
	Errors   []string          `json:"errors"`
}

const schemaGraph = "tcpcheck/graph/v1"

type diagramEdgeJSON struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Trigger  string `json:"trigger"`
	Event    string `json:"event"`
	Response string `json:"response"`
	Count    int    `json:"count"`
}

func runGraph(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("graph", graphUsage, e)
	var (
		sf     searchFlags
		out    string
		force  bool
		format string
	)
	sf.register(fs)
	fs.StringVarP(&out, "out", "o", "", "write the rebuilt diagram to `DIR` as diagram.dot and diagram.svg")
	boolFlag(fs, &force, "force", "", "with --out: write into a directory that holds files tcpcheck did not write")
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	mf := addModelFlags(fs)
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: graph takes only flags", fs.Arg(0)))
	}
	cfg, m, err := mf.build()
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	if err := prepareOutDir(out, force, commandLine("graph", args)); err != nil {
		return fail(e, fs.Name(), err)
	}

	// The search of graphs.RebuildDiagram, with the budgets and progress
	// of the command line.
	var obs graphs.DiagramObserver
	prog := newProgress(e, sf.quiet)
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers: sf.workers, Store: sf.storeKind(),
		MaxStates: sf.maxStates, MaxDepth: sf.maxDepth, MaxMemory: sf.memory.budget(), Timeout: sf.timeout,
		Progress:      prog.update,
		MemoryWarning: prog.memoryWarning,
		Constraint:    model.InBounds,
		ActionConstraint: func(from *model.State, a model.Action, to *model.State) bool {
			obs.Observe(from, a, to)
			return true
		},
	})
	prog.done()
	if err != nil {
		return fail(e, fs.Name(), usagef("%v", err))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "interrupted: printing what was found so far\n")
	}
	if r.Stats.StopReason == "max memory" {
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), memoryNote(sf.memory.budget()))
	}
	complete := r.Stats.StopReason == ""
	title := fmt.Sprintf("TCP endpoint state diagram rebuilt from %s states (variant %s)", humanCount(r.Stats.Distinct), mf.variant)
	if !complete {
		title += ", partial: " + r.Stats.StopReason
	}
	d := obs.Diagram(title)
	cmp := graphs.Compare(d, graphs.Figure5)

	doc := graphJSON{
		Schema: schemaGraph, Version: version, Variant: mf.variant, Config: describeConfig(cfg),
		Complete: complete, Stats: statsOf(r.Stats),
		Edges: []diagramEdgeJSON{}, Matched: []diagramEdgeJSON{}, Missing: []diagramEdgeJSON{}, Extra: []diagramEdgeJSON{},
		Files: []string{}, Errors: []string{},
	}
	for _, x := range d.Edges() {
		doc.Edges = append(doc.Edges, diagramEdgeJSON{x.From, x.To, x.Trigger, x.Event, x.Response, x.Count})
	}
	for _, x := range cmp.Matched {
		doc.Matched = append(doc.Matched, diagramEdgeJSON{x.From, x.To, x.Trigger, x.Event, x.Response, 0})
	}
	for _, x := range cmp.Missing {
		doc.Missing = append(doc.Missing, diagramEdgeJSON{x.From, x.To, x.Trigger, x.Event, x.Response, 0})
	}
	for _, x := range cmp.Extra {
		doc.Extra = append(doc.Extra, diagramEdgeJSON{x.From, x.To, x.Trigger, x.Event, x.Response, x.Count})
	}
	if out != "" {
		src, err := d.WriteDOT(graphs.Figure5)
		if err == nil {
			err = writeDOTSVG(&doc.Files, out, "diagram", src)
		}
		if err != nil {
			doc.Errors = append(doc.Errors, "--out: "+err.Error())
		}
	}
	doc.ExitCode = exitOK
	if !complete {
		doc.ExitCode = exitIncomplete
	}
	if len(doc.Errors) > 0 {
		doc.ExitCode = exitUsage
	}
	if format == "json" {
		if code := writeJSON(e, fs.Name(), doc); code != exitOK {
			return code
		}
	} else {
		printGraph(e.stdout, &doc, cmp, r.Stats.Elapsed)
	}
	for _, msg := range doc.Errors {
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), msg)
	}
	return doc.ExitCode
}

func printGraph(w io.Writer, doc *graphJSON, cmp graphs.Comparison, elapsed time.Duration) {
	s := doc.Stats
	fmt.Fprintf(w, "endpoint state diagram rebuilt from %s distinct states and %s transitions (variant %s, %s)\n",
		humanCount(s.Distinct), humanCount(s.Transitions), doc.Variant, elapsed.Round(time.Millisecond))
	if !doc.Complete {
		fmt.Fprintf(w, "  partial: the search stopped early (%s); edges may be missing\n", s.StopReason)
	}
	fmt.Fprintf(w, "%d distinct endpoint state changes\n\n", len(doc.Edges))
	fmt.Fprint(w, cmp.Text())
	for _, f := range doc.Files {
		fmt.Fprintf(w, "wrote %s\n", f)
	}
}
