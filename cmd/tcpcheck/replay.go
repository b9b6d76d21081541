package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// replayJSON is the document of `tcpcheck replay --format json`
// (docs/JSON.md).
type replayJSON struct {
	Schema   string           `json:"schema"`
	Version  string           `json:"version"`
	Trace    string           `json:"trace"` // built-in name or file
	Title    string           `json:"title"`
	Config   []param          `json:"config"`
	OK       bool             `json:"ok"`
	ExitCode int              `json:"exit_code"`
	Steps    []replayStepJSON `json:"steps"`
	Failure  *failureJSON     `json:"failure"`
	Broken   []brokenJSON     `json:"broken"`
	Files    []string         `json:"files"`
	Errors   []string         `json:"errors"`
}

const schemaReplay = "tcpcheck/replay/v1"

// brokenJSON is a property broken along the replayed steps.
type brokenJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
	Step      int    `json:"step"`
}

type replayStepJSON struct {
	Index  int        `json:"index"`
	Number int        `json:"number"`
	Line   int        `json:"line"`
	Step   string     `json:"step"`
	Reject bool       `json:"reject"`
	OK     bool       `json:"ok"`
	Taken  bool       `json:"taken"`
	Action string     `json:"action"`
	State  *stateJSON `json:"state"`
}

type failureJSON struct {
	Index   int       `json:"index"`
	Line    int       `json:"line"`
	Column  int       `json:"column"`
	Step    string    `json:"step"`
	Reason  string    `json:"reason"`
	State   stateJSON `json:"state"`
	Enabled []string  `json:"enabled"`
}

func runReplay(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("replay", replayUsage, e)
	var (
		out, format string
		force       bool
	)
	fs.StringVarP(&out, "out", "o", "", "write the ladder diagram and state path of the replayed steps to `DIR` (DOT and SVG) and the sequence diagram (Mermaid .mmd, PlantUML .puml)")
	boolFlag(fs, &force, "force", "", "with --out: write into a directory that holds files tcpcheck did not write")
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	mf := addModelFlags(fs)
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return fail(e, fs.Name(), usagef("no trace given: name a built-in scenario (%s) or a trace file, or - for standard input", strings.Join(scenario.Builtin(), ", ")))
	case fs.NArg() > 1:
		return fail(e, fs.Name(), usagef("too many arguments %q: replay takes one trace", fs.Args()))
	}
	name := fs.Arg(0)
	var (
		t   *scenario.Trace
		err error
	)
	if name == "-" {
		t, err = scenario.Parse("stdin", e.stdin)
	} else {
		t, err = scenario.Load(name)
		if err == nil && isBuiltin(name) {
			if _, serr := os.Stat(name); serr == nil {
				fmt.Fprintf(e.stderr, "replay: note: %s is the built-in scenario %s, not the file %s here; to replay the file, give its path: ./%s\n", name, t.Name, name, name)
			}
		}
	}
	if err != nil {
		return fail(e, fs.Name(), &usageError{err.Error()})
	}
	// Flags given on the command line override the trace's config lines.
	if s := mf.settings(); len(s) > 0 {
		t = t.WithSettings(s...)
	}
	rep, err := scenario.Replay(t)
	if err != nil {
		return fail(e, fs.Name(), &usageError{err.Error()})
	}
	if err := prepareOutDir(out, force, commandLine("replay", args)); err != nil {
		return fail(e, fs.Name(), err)
	}

	doc := replayJSON{
		Schema: schemaReplay, Version: version, Trace: t.Name, Title: t.Title,
		Config: describeConfig(rep.Config), OK: rep.OK(),
		Steps: []replayStepJSON{}, Broken: []brokenJSON{}, Files: []string{}, Errors: []string{},
	}
	// The steps that replayed are a path of the model: check the
	// properties along it, as a search would.
	if m, err := model.New(rep.Config); err == nil {
		for _, v := range props.CheckPath(m, rep.Path) {
			doc.Broken = append(doc.Broken, brokenJSON{v.Property.ID, v.Property.Name, v.Property.Reference, v.Step})
		}
	}
	for _, r := range rep.Results {
		s := replayStepJSON{Index: r.Index, Number: r.Number, Line: r.Step.Pos.Line, Step: r.Step.Action(), Reject: r.Step.Reject, OK: r.OK, Taken: r.Taken}
		if r.Taken {
			s.Action = r.Action.String()
		}
		if r.OK {
			st := tcpState(&r.State)
			s.State = &st
		}
		doc.Steps = append(doc.Steps, s)
	}
	if f := rep.Failure; f != nil {
		doc.Failure = &failureJSON{
			Index: f.Index, Line: f.Pos.Line, Column: f.Pos.Col, Step: f.Step, Reason: f.Reason,
			State: tcpState(&f.State), Enabled: append([]string{}, f.Enabled...),
		}
	}
	if out != "" {
		if err := writeReplayPictures(out, rep, &doc.Files); err != nil {
			doc.Errors = append(doc.Errors, "--out: "+err.Error())
		}
	}
	doc.ExitCode = exitOK
	switch {
	case rep.Failure != nil && rep.Failure.Bound():
		doc.ExitCode = exitIncomplete // the model's bound, not a verdict
	case !doc.OK:
		doc.ExitCode = exitViolated
	}
	if len(doc.Errors) > 0 {
		doc.ExitCode = exitUsage
	}
	if format == "json" {
		if code := writeJSON(e, fs.Name(), doc); code != exitOK {
			return code
		}
	} else {
		printReplay(e.stdout, rep, &doc)
	}
	for _, msg := range doc.Errors {
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), msg)
	}
	return doc.ExitCode
}

func printReplay(w io.Writer, rep *scenario.Report, doc *replayJSON) {
	if err := rep.WriteText(w); err != nil {
		fmt.Fprintf(w, "%v\n", err)
	}
	if f := rep.Failure; f != nil && f.Bound() {
		fmt.Fprintf(w, "stopped early: the trace goes beyond this configuration's bounds, which is no verdict on the trace\n")
	}
	for _, b := range doc.Broken {
		fmt.Fprintf(w, "%s %s violated at step %d (%s)\n", b.ID, b.Name, b.Step, b.Reference)
	}
	if len(rep.Path.Steps) > 0 {
		if len(doc.Broken) == 0 {
			fmt.Fprintf(w, "the safety properties (P1-P7, D1, D2) hold along the %s replayed\n", nounCount(len(rep.Path.Steps), "step"))
		}
		fmt.Fprintf(w, "(L1 is about endless runs and is checked by explore, not along a finite trace)\n")
	}
	for _, f := range doc.Files {
		fmt.Fprintf(w, "wrote %s\n", f)
	}
}

// writeReplayPictures draws the steps that replayed as a ladder and a
// state path.
func writeReplayPictures(dir string, rep *scenario.Report, files *[]string) error {
	name := safeName(rep.Trace.Name)
	title := rep.Trace.Name
	if rep.Trace.Title != "" {
		title = rep.Trace.Title
	}
	if f := rep.Failure; f != nil {
		title += fmt.Sprintf("\nstops being a behaviour of the model after step %d (line %d): %s", f.Number-1, f.Pos.Line, f.Reason)
	}
	if len(rep.Path.Steps) == 0 {
		return errors.New("no step replayed: nothing to draw")
	}
	// The failure is told in the title; no step is drawn broken.
	ladder, err := graphs.LadderFromTrace(title, rep.Path, -1, -1)
	if err != nil {
		return err
	}
	if err := writeLadder(files, dir, name, ladder); err != nil {
		return err
	}
	src, err := graphs.PathFromTrace(title, rep.Path, -1, -1).WriteDOT()
	if err != nil {
		return err
	}
	return writeDOTSVG(files, dir, name+"-path", src)
}

// isBuiltin reports whether name is a built-in scenario's, as
// scenario.Load matches them (ignoring case).
func isBuiltin(name string) bool {
	for _, b := range scenario.Builtin() {
		if strings.EqualFold(b, name) {
			return true
		}
	}
	return false
}

// safeName turns a trace name (perhaps a path) into a file name.
func safeName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(s, ".trace")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "trace"
	}
	return b.String()
}
