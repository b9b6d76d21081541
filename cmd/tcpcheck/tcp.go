package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// tcpRun is a checked request to explore the RFC 9293 model.
type tcpRun struct {
	variant string
	cfg     model.Config
	m       *model.Model
	sel     []props.Property // nil: all
}

// newTCPRun validates the configuration and the property list.
func newTCPRun(f *exploreFlags, mf *modelFlags) (tcpRun, error) {
	r := tcpRun{variant: mf.variant}
	var err error
	if r.cfg, r.m, err = mf.build(); err != nil {
		return r, err
	}
	if f.props != "" || mf.fs.Changed("props") {
		if r.sel, err = props.Lookup(strings.Split(f.props, ",")); err != nil {
			return r, usagef("--props: %v", err)
		}
	}
	if f.checkpoint != "" || f.resume != "" {
		live := r.sel == nil
		for _, p := range r.sel {
			live = live || p.Kind == props.Liveness
		}
		if live {
			return r, usagef("--checkpoint and --resume cannot keep the graph that L1 and L2 need: choose the other properties, e.g. --props P1,P1s,P2,P3,P4,P5,P6,P7")
		}
	}
	return r, nil
}

// exploreTCP checks the selected properties of the RFC 9293 model.
func exploreTCP(ctx context.Context, f *exploreFlags, run tcpRun, prog *progress) (*exploreResult, error) {
	cfg, m, sel := run.cfg, run.m, run.sel
	var cov *props.Coverage
	if f.coverage {
		cov = new(props.Coverage)
	}
	rep, err := props.Check(ctx, m, props.Options{
		Coverage:         cov,
		Props:            sel,
		Workers:          f.workers,
		Store:            f.storeKind(),
		MaxStates:        f.maxStates,
		MaxDepth:         f.maxDepth,
		MaxMemory:        f.memory.budget(),
		Timeout:          f.timeout,
		Continue:         f.cont,
		Progress:         prog.update,
		MemoryWarning:    prog.memoryWarning,
		Checkpoint:       f.checkpoint,
		CheckpointEvery:  f.ckptEvery,
		CheckpointTag:    checkpointTag(cfg, sel, f.cont),
		Resume:           f.resume,
		SpillDir:         f.spillDir,
		LivenessProgress: prog.stage,
	})
	if err != nil {
		return nil, usagef("%v", err)
	}
	res := newResult("tcp", rep.Stats)
	res.Variant = run.variant
	res.Config = describeConfig(cfg)
	res.Verdict = rep.Verdict.String()
	if cov != nil {
		res.Coverage = coverageOf(cov)
	}
	for _, n := range rep.Notes {
		res.Notes = append(res.Notes, cliWords(n))
	}
	for _, o := range rep.Outcomes {
		res.Properties = append(res.Properties, outcomeJSON(o))
	}
	if f.out != "" {
		for i, o := range rep.Outcomes {
			if err := writeCounterexample(f.out, &res.Properties[i], o, cfg); err != nil {
				res.Errors = append(res.Errors, "--out: "+err.Error())
			}
			res.Files = append(res.Files, res.Properties[i].Files...)
		}
		if len(res.Files) == 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("--out %s: no property is violated, so there is no counterexample to write", f.out))
		}
	}
	if f.graph != "" {
		var path []uint32
		if f.graphAround > 0 {
			for _, o := range rep.Outcomes {
				if t, _, ok := traceOf(o); ok {
					if o.Lasso == nil { // a lasso's steps carry ids, its Init does not
						path = append(path, t.InitID)
					}
					for _, st := range t.Steps {
						path = append(path, st.ID)
					}
					break
				}
			}
		}
		err := writeGraph(f.graph, &res.Files, func(limit int) ([]byte, error) {
			if f.graphAround > 0 {
				if len(path) == 0 {
					return nil, fmt.Errorf("--graph-around %d draws the states around a counterexample, and no property is violated: leave it out to draw the whole graph", f.graphAround)
				}
				return tcpNeighbourhood(ctx, m, f, path)
			}
			title := fmt.Sprintf("reachable states of variant %s", run.variant)
			return tcpStateGraph(ctx, m, title, rep.Stats.Distinct, limit, f.workers)
		}, f.graphLimit)
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
	}
	return res, nil
}

// tcpStateGraph searches again, keeping the graph, but no further than one
// state beyond the limit: a graph too large to draw costs no more than
// the limit to find out. total is the state count of the main search, so
// that a refusal can name the real size.
func tcpStateGraph(ctx context.Context, m *model.Model, title string, total int64, limit, workers int) ([]byte, error) {
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers:     workers,
		Store:       explore.Exact,
		Constraint:  model.InBounds,
		RetainGraph: true,
		MaxStates:   int64(limit) + 1,
	})
	if err != nil {
		return nil, err
	}
	if r.Stats.StopReason != "" && r.Stats.Distinct <= int64(limit) {
		return nil, fmt.Errorf("the search stopped early (%s): the graph would be partial", r.Stats.StopReason)
	}
	if r.Stats.Distinct > int64(limit) {
		return nil, &graphs.TooLargeError{States: int(max(total, r.Stats.Distinct)), Limit: limit}
	}
	sg, err := graphs.StateGraphOf(r, title, graphs.GraphOptions[model.State, model.Action]{
		Limit:       limit,
		StateLabel:  graphs.StateLabel,
		ActionLabel: graphs.ActionLabel,
	})
	if err != nil {
		return nil, err
	}
	return sg.WriteDOT()
}

// tcpNeighbourhood draws the states within --graph-around steps of a
// counterexample. It searches the whole space again, keeping the graph;
// states are numbered as in the first search (explore numbers them in BFS
// order whatever the workers), so the counterexample's ids hold.
func tcpNeighbourhood(ctx context.Context, m *model.Model, f *exploreFlags, path []uint32) ([]byte, error) {
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers:     f.workers,
		Store:       explore.Exact,
		Constraint:  model.InBounds,
		RetainGraph: true,
		MaxStates:   f.maxStates,
		MaxMemory:   f.memory.budget(),
		Timeout:     f.timeout,
	})
	if err != nil {
		return nil, err
	}
	sg, err := graphs.StateGraphOf(r, fmt.Sprintf("states within %d steps of the counterexample", f.graphAround), graphs.GraphOptions[model.State, model.Action]{
		Limit:       f.graphLimit,
		Path:        path,
		K:           f.graphAround,
		StateLabel:  graphs.StateLabel,
		ActionLabel: graphs.ActionLabel,
	})
	if err != nil {
		return nil, err
	}
	return sg.WriteDOT()
}

// outcomeJSON converts a props outcome.
func outcomeJSON(o props.Outcome) propertyJSON {
	p := o.Property
	out := propertyJSON{
		ID: p.ID, Name: p.Name, Kind: p.Kind.String(), Meaning: p.Meaning, Reference: p.Reference,
		Verdict: o.Verdict.String(), Depth: o.Depth, Note: cliWords(o.Note), Files: []string{},
	}
	t, cycleStart, ok := traceOf(o)
	if !ok {
		return out
	}
	c := &cexJSON{Kind: "trace", Init: tcpState(&t.Init), Steps: []stepJSON{}, CycleStart: cycleStart, Fairness: []string{}}
	if o.Lasso != nil {
		c.Kind = "lasso"
		c.Fairness = append(c.Fairness, o.Lasso.Fairness...)
	}
	for _, st := range t.Steps {
		c.Steps = append(c.Steps, tcpStep(st))
	}
	out.Counterexample = c
	out.Depth = len(c.Steps)
	return out
}

// cliWords turns the API words of a props note into the flag a user types.
func cliWords(note string) string {
	return strings.ReplaceAll(note, "use Continue", "rerun without --continue=false")
}

func tcpStep(st explore.Step[model.State, model.Action]) stepJSON {
	a := st.Action
	return stepJSON{
		Action:  a.String(),
		Kind:    a.Kind.String(),
		Side:    a.Side.String(),
		Section: a.Rule.Section(),
		State:   tcpState(&st.State),
	}
}

func tcpState(s *model.State) stateJSON {
	out := stateJSON{Network: []string{}, Text: s.String()}
	for i, e := range s.E {
		out.Endpoints = append(out.Endpoints, endpointJSON{
			Side: model.Side(i).String(), State: e.State.String(), Passive: e.Passive,
			ISS: e.ISS, IRS: e.IRS, SndUna: e.SndUna, SndNxt: e.SndNxt, RcvNxt: e.RcvNxt,
			Retx: e.Retx, Opens: e.Opens, Att: e.Att, PeerAtt: e.PeerAtt,
		})
	}
	for _, g := range s.Net.Segments() {
		out.Network = append(out.Network, g.Tag.String()+" "+g.String())
		out.sent = append(out.sent, fmt.Sprintf("%v: %v [%v]", g.Src, g, g.Tag))
	}
	return out
}

// traceOf is the counterexample of an outcome as one trace, with the step
// where the cycle starts (-1 for none).
func traceOf(o props.Outcome) (t explore.Trace[model.State, model.Action], cycleStart int, ok bool) {
	switch {
	case o.Lasso != nil:
		t.Init = o.Lasso.Init
		t.Steps = append(append(t.Steps, o.Lasso.Prefix...), o.Lasso.Cycle...)
		return t, len(o.Lasso.Prefix), true
	case o.Trace != nil:
		return *o.Trace, -1, true
	}
	return t, -1, false
}

// writeCounterexample writes the pictures and the text of one
// counterexample into dir: ID-ladder.dot/.svg, ID-path.dot/.svg, ID.mmd
// and ID.puml (sequence diagrams), ID.txt,
// and ID.trace, which `tcpcheck replay` replays step by step.
func writeCounterexample(dir string, p *propertyJSON, o props.Outcome, cfg model.Config) error {
	t, _, ok := traceOf(o)
	if !ok {
		return nil
	}
	ladder, err := graphs.OutcomeLadder(o)
	if err != nil {
		return fmt.Errorf("%s ladder: %v", p.ID, err)
	}
	if err := writeLadder(&p.Files, dir, p.ID, ladder); err != nil {
		return err
	}
	path, err := graphs.OutcomePath(o)
	if err != nil {
		return fmt.Errorf("%s state path: %v", p.ID, err)
	}
	src, err := path.WriteDOT()
	if err != nil {
		return fmt.Errorf("%s state path: %v", p.ID, err)
	}
	if err := writeDOTSVG(&p.Files, dir, p.ID+"-path", src); err != nil {
		return err
	}
	var b strings.Builder
	printCex(&b, *p, true)
	if err := writeFile(&p.Files, dir, p.ID+".txt", []byte(b.String())); err != nil {
		return err
	}
	tr, err := scenario.FromPath(p.ID, fmt.Sprintf("%s %s: counterexample found by tcpcheck explore", p.ID, p.Name), cfg, t)
	if err != nil {
		return fmt.Errorf("%s trace: %v", p.ID, err)
	}
	return writeFile(&p.Files, dir, p.ID+".trace", []byte(tr.Format()))
}

// writeDOTSVG writes dir/name.dot and dir/name.svg.
func writeDOTSVG(files *[]string, dir, name string, src []byte) error {
	svg, err := graphs.RenderSVG(src)
	if err != nil {
		return fmt.Errorf("%s: rendering SVG: %v", name, err)
	}
	if err := writeFile(files, dir, name+".dot", src); err != nil {
		return err
	}
	return writeFile(files, dir, name+".svg", svg)
}
