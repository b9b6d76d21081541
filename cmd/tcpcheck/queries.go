package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/query"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// queryFlags are explore's --reach and --invariant: the user's own
// questions in the language of docs/QUERIES.md, each checked during the
// search as an ordinary invariant, so each answer is a shortest trace.
type queryFlags struct {
	reach, invariant []string
	queries          []userQuery
}

// userQuery is one --reach or --invariant, parsed and compiled.
type userQuery struct {
	id    string // R1, R2, ... for --reach; I1, I2, ... for --invariant
	kind  string // "reach" or "invariant"
	src   string
	holds func(*model.State) bool
}

func addQueryFlags(fs *pflag.FlagSet) *queryFlags {
	qf := &queryFlags{}
	fs.StringArrayVar(&qf.reach, "reach", nil, "find a shortest path to a state where `EXPR` holds, e.g. 'A=CLOSING && B=TIME-WAIT' (repeatable; docs/QUERIES.md); exit 0 reachable, 1 unreachable after a complete search, 3 undecided")
	fs.StringArrayVar(&qf.invariant, "invariant", nil, "check that `EXPR` holds in every reachable state, e.g. 'A.SND.UNA <= A.SND.NXT' (repeatable); exit 1 with a shortest counterexample when violated")
	return qf
}

func (qf *queryFlags) active() bool { return len(qf.reach)+len(qf.invariant) > 0 }

// check parses the queries and binds them to the configuration's sequence
// space, and refuses flags that do not go with them. It runs before the
// search, so a mistake costs nothing.
func (qf *queryFlags) check(fs *pflag.FlagSet, f *exploreFlags, cfg model.Config) error {
	if !qf.active() {
		return nil
	}
	switch {
	case f.model != "tcp":
		return usagef("--reach and --invariant apply to --model tcp only")
	case fs.Changed("props"):
		return usagef("--props with --reach or --invariant: a query run checks only the queries; check the properties in a run of their own")
	case f.coverage:
		return usagef("--coverage with --reach or --invariant: rule coverage is reported by a property run; leave out one or the other")
	case f.graphAround > 0:
		return usagef("--graph-around %d draws around a property's counterexample; with --reach or --invariant leave it out (--graph draws the whole graph)", f.graphAround)
	}
	add := func(flag, kind, prefix string, srcs []string) error {
		for i, src := range srcs {
			q, err := query.Parse(src)
			if err == nil {
				var h func(*model.State) bool
				if h, err = q.Compile(cfg.ISNSpace); err == nil {
					qf.queries = append(qf.queries, userQuery{id: fmt.Sprintf("%s%d", prefix, i+1), kind: kind, src: src, holds: h})
					continue
				}
			}
			var qe *query.Error
			if errors.As(err, &qe) {
				return usagef("--%s %q: %v\n%s\nThe language is summarised in 'tcpcheck explore --help' and described in docs/QUERIES.md; e.g. --reach 'A=CLOSING && B=TIME-WAIT'", flag, src, qe, qe.Caret())
			}
			return usagef("--%s %q: %v", flag, src, err)
		}
		return nil
	}
	if err := add("reach", "reach", "R", qf.reach); err != nil {
		return err
	}
	return add("invariant", "invariant", "I", qf.invariant)
}

// exploreQueries searches the configuration once, checking every query.
func exploreQueries(ctx context.Context, f *exploreFlags, run tcpRun, qf *queryFlags, prog *progress) (*exploreResult, error) {
	var bound atomic.Int64
	opt := explore.Options[model.State, model.Action]{
		Workers:   f.workers,
		Store:     f.storeKind(),
		MaxStates: f.maxStates,
		MaxDepth:  f.maxDepth,
		MaxMemory: f.memory.budget(),
		Timeout:   f.timeout,
		// One query is answered at the level where it is found; several
		// need the search to go on, unless --continue=false.
		Continue:      f.cont && len(qf.queries) > 1,
		Progress:      prog.update,
		MemoryWarning: prog.memoryWarning,
		Constraint: func(s *model.State) bool {
			if s.Bound == 0 {
				return true
			}
			bound.Add(1)
			return false
		},
	}
	for _, u := range qf.queries {
		h := u.holds
		inv := explore.Invariant[model.State]{Name: u.id, Holds: h}
		if u.kind == "reach" {
			// A witness is a counterexample to "never EXPR".
			inv.Holds = func(s *model.State) bool { return !h(s) }
		}
		opt.Invariants = append(opt.Invariants, inv)
	}
	r, err := explore.Run[model.State, model.Action](ctx, run.m, opt)
	if err != nil {
		return nil, usagef("%v", err)
	}
	res := newResult("tcp", r.Stats)
	res.Variant = run.variant
	res.Config = describeConfig(run.cfg)
	found := map[string]*explore.Violation[model.State, model.Action]{}
	for i := range r.Violations {
		found[r.Violations[i].Property] = &r.Violations[i]
	}
	stop := r.Stats.StopReason
	var answered []string
	for _, u := range qf.queries {
		if found[u.id] != nil {
			answered = append(answered, u.id)
		}
	}
	okAll, undecided := true, false
	for _, u := range qf.queries {
		p := propertyJSON{ID: u.id, Name: u.src, Kind: u.kind, Reference: "--" + u.kind, Files: []string{}}
		if u.kind == "reach" {
			p.Meaning = "some reachable state satisfies " + u.src
		} else {
			p.Meaning = "every reachable state satisfies " + u.src
		}
		v := found[u.id]
		switch {
		case v != nil && u.kind == "reach":
			p.Verdict = "reachable"
		case v != nil:
			p.Verdict, okAll = "violated", false
		case stop == "" && u.kind == "reach":
			p.Verdict, okAll = "unreachable", false
			p.Note = "no reachable state satisfies the query"
		case stop == "":
			p.Verdict = "holds"
		default:
			p.Verdict, undecided = "incomplete", true
			p.Note = "incomplete: " + stop
			if stop == explore.StopFirstViolation {
				p.Note = "not decided: the search stopped at the level of the first answer (" + strings.Join(answered, ", ") + "); rerun without --continue=false"
			}
		}
		if v != nil {
			t := v.Trace
			c := &cexJSON{Kind: "trace", Init: tcpState(&t.Init), Steps: []stepJSON{}, CycleStart: -1, Fairness: []string{}}
			for _, st := range t.Steps {
				c.Steps = append(c.Steps, tcpStep(st))
			}
			p.Counterexample, p.Depth = c, len(t.Steps)
			if f.out != "" {
				if err := writeQueryTrace(f.out, &p, t, run.cfg); err != nil {
					res.Errors = append(res.Errors, "--out: "+err.Error())
				}
				res.Files = append(res.Files, p.Files...)
			}
		}
		res.Properties = append(res.Properties, p)
	}
	switch {
	case !okAll:
		res.Verdict = "violated"
	case undecided:
		res.Verdict = "incomplete"
	default:
		res.Verdict = "holds"
	}
	if n := bound.Load(); n > 0 && needsBoundNote(res.Properties) {
		res.Notes = append(res.Notes, fmt.Sprintf("%d successors hit a modelling bound (--net-bound, --attempts or --isn-space) and were excluded: \"unreachable\" and \"holds\" are answers within these bounds", n))
	}
	if stop != "" && stop != explore.StopFirstViolation {
		res.Notes = append(res.Notes, "search stopped early: "+stop)
	}
	if f.out != "" && len(res.Files) == 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("--out %s: no query has a trace to write", f.out))
	}
	if f.graph != "" {
		err := writeGraph(f.graph, &res.Files, func(limit int) ([]byte, error) {
			return tcpStateGraph(ctx, run.m, fmt.Sprintf("reachable states of variant %s", run.variant), r.Stats.Distinct, limit, f.workers)
		}, f.graphLimit)
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
	}
	return res, nil
}

// needsBoundNote: the bounds matter to an answer that rests on the whole
// space having been searched.
func needsBoundNote(ps []propertyJSON) bool {
	for _, p := range ps {
		if p.Verdict == "unreachable" || p.Verdict == "holds" {
			return true
		}
	}
	return false
}

// queryTitle is the headline of a query's trace.
func queryTitle(p *propertyJSON) string {
	if p.Kind == "reach" {
		return fmt.Sprintf("%s reachable in %d %s: %s", p.ID, p.Depth, plural(p.Depth, "step"), p.Name)
	}
	return fmt.Sprintf("%s violated at step %d: %s", p.ID, p.Depth, p.Name)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// writeQueryTrace writes a query's trace as a counterexample is written:
// ID-ladder.dot/.svg, ID-path.dot/.svg, ID.mmd, ID.puml, ID.txt and
// ID.trace, which `tcpcheck replay` replays.
func writeQueryTrace(dir string, p *propertyJSON, t explore.Trace[model.State, model.Action], cfg model.Config) error {
	title := queryTitle(p)
	broken := -1
	if p.Kind == "invariant" {
		broken = len(t.Steps)
	}
	ladder, err := graphs.LadderFromTrace(title, t, broken, -1)
	if err != nil {
		return fmt.Errorf("%s ladder: %v", p.ID, err)
	}
	if err := writeLadder(&p.Files, dir, p.ID, ladder); err != nil {
		return err
	}
	var src []byte
	if src, err = graphs.PathFromTrace(title, t, broken, -1).WriteDOT(); err != nil {
		return fmt.Errorf("%s state path: %v", p.ID, err)
	}
	if err := writeDOTSVG(&p.Files, dir, p.ID+"-path", src); err != nil {
		return err
	}
	var b strings.Builder
	printQueryTrace(&b, *p)
	if err := writeFile(&p.Files, dir, p.ID+".txt", []byte(b.String())); err != nil {
		return err
	}
	tr, err := scenario.FromPath(p.ID, title+" (found by tcpcheck explore --"+p.Kind+")", cfg, t)
	if err != nil {
		return fmt.Errorf("%s trace: %v", p.ID, err)
	}
	return writeFile(&p.Files, dir, p.ID+".trace", []byte(tr.Format()))
}

// printQueries is the text report of a query run.
func printQueries(w io.Writer, r *exploreResult) {
	if len(r.Config) > 0 {
		var kv []string
		for _, p := range r.Config {
			kv = append(kv, p.Name+"="+p.Value)
		}
		fmt.Fprintf(w, "model %s, variant %s\n  %s\n", r.Model, r.Variant, wrap(strings.Join(kv, " "), 76, "\n  "))
	}
	s := r.Stats
	fmt.Fprintf(w, "searched %s distinct states (%s generated), depth %d, in %s\n",
		humanCount(s.Distinct), humanCount(s.Generated), s.Depth, s.elapsed().Round(time.Millisecond))
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tVERDICT\tDEPTH\tQUERY")
	for _, p := range r.Properties {
		depth := "-"
		if p.Counterexample != nil {
			depth = fmt.Sprint(p.Depth)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Kind, p.Verdict, depth, p.Name)
	}
	tw.Flush()
	for _, p := range r.Properties {
		if p.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", p.ID, p.Note)
		}
	}
	for _, p := range r.Properties {
		if p.Counterexample != nil {
			fmt.Fprintln(w)
			printQueryTrace(w, p)
			for _, f := range p.Files {
				fmt.Fprintf(w, "  wrote %s\n", f)
			}
		}
	}
	for _, p := range r.Properties {
		if p.Counterexample != nil {
			fmt.Fprint(w, "\n"+traceLegend(false))
			break
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	shown := map[string]bool{}
	for _, p := range r.Properties {
		for _, f := range p.Files {
			shown[f] = true
		}
	}
	for _, f := range r.Files {
		if !shown[f] {
			fmt.Fprintf(w, "wrote %s\n", f)
		}
	}
	var parts []string
	for _, p := range r.Properties {
		parts = append(parts, p.ID+" "+p.Verdict)
	}
	fmt.Fprintf(w, "\nverdict: %s (exit %d)\n", strings.Join(parts, ", "), exitCodeOf(r.Verdict))
}

// printQueryTrace writes a query's trace one step a line, then the last
// state in full (every TCB field), so that the reader can check the query
// against it.
func printQueryTrace(w io.Writer, p propertyJSON) {
	c := p.Counterexample
	what := "shortest witness"
	if p.Kind == "invariant" {
		what = "shortest counterexample"
	}
	fmt.Fprintf(w, "%s %s (%s): %s, %d %s\n", p.ID, p.Verdict, p.Name, what, p.Depth, plural(p.Depth, "step"))
	fmt.Fprintf(w, "  %3d  init\n       %s\n", 0, summary(c.Init))
	for i, st := range c.Steps {
		fmt.Fprintf(w, "  %3d  %s\n       %s\n", i+1, st.Action, summary(st.State))
	}
	final := c.Init
	if n := len(c.Steps); n > 0 {
		final = c.Steps[n-1].State
	}
	verb := "holds"
	if p.Kind == "invariant" {
		verb = "fails"
	}
	fmt.Fprintf(w, "  the query %s in the last state:\n", verb)
	for _, e := range final.Endpoints {
		fmt.Fprintf(w, "       %s: %s  SND.UNA=%d SND.NXT=%d RCV.NXT=%d ISS=%d IRS=%d retx=%d opens=%d attempt=%d peer_attempt=%d\n",
			e.Side, e.State, e.SndUna, e.SndNxt, e.RcvNxt, e.ISS, e.IRS, e.Retx, e.Opens, e.Att, e.PeerAtt)
	}
	net := "empty"
	if len(final.Network) > 0 {
		net = strings.Join(final.Network, " ")
	}
	fmt.Fprintf(w, "       network (%d in flight): %s\n", len(final.Network), net)
}

// queryHelp is appended to explore's help text.
const queryHelp = `
Queries (--reach, --invariant): ask your own question instead of checking
the properties. Each query is checked on every state during the search, so
its answer is a shortest trace, printed and drawn (--out) like a
counterexample. --reach EXPR (R1, R2, ...) finds a shortest witness: a
path to a state where EXPR holds. --invariant EXPR (I1, I2, ...) finds a
shortest counterexample: a path to a state where EXPR fails.
  Exit codes: 0 every --reach query is reachable and every --invariant
  holds; 1 an --invariant is violated or a --reach query is unreachable
  after a complete search; 3 some query is undecided (a budget stopped the
  search); 2 bad usage, such as a query that does not parse.
  EXPR is a condition on one state:
    A=ESTABLISHED  B != LISTEN        state of an endpoint (A alone is A.state)
    A.SND.UNA A.SND.NXT A.RCV.NXT A.ISS A.IRS   sequence numbers (modulo
        --isn-space; < is RFC 9293's modular order; a - b is the forward
        distance from b to a)
    A.retx A.opens A.attempt A.peer_attempt A.crashes   numbers
    A.passive A.synchronized A.closed_by_user A.abrupt A.quiet A.drained
        conditions
    inflight()  inflight(A)  inflight(A, SYN)  inflight(B, "SYN,ACK")
        segments in flight: all, sent by A, sent by A with exactly these
        control bits
    stale(A)    segments in flight of an attempt of A that is over
    losses()    segments lost so far
    = != < <= > >=   + -   !   &&   ||   ( )
  Examples:
    tcpcheck explore --reach 'A=CLOSING && B=TIME-WAIT'
    tcpcheck explore --reach 'A=TIME-WAIT && B=TIME-WAIT' --out witness/
    tcpcheck explore --invariant 'A.SND.UNA <= A.SND.NXT'
    tcpcheck explore --invariant 'inflight(A, SYN) <= 1' --variant rfc1337
    tcpcheck explore --reach 'A=ESTABLISHED && stale(B) > 0' --format json
`
