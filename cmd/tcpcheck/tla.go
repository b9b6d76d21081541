package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model/tlatcp"
)

// The properties of the TLA+ Examples model: MCtcp.cfg's invariants and
// property, plus TLC's default deadlock check.
var tlaProps = []propListJSON{
	{ID: "TypeOK", Name: "TypeOK", Kind: "state", Meaning: "every variable stays in its type (here: inboxes within the encoding's bound)", Reference: "tcp.tla TypeOK"},
	{ID: "Inv", Name: "Inv", Kind: "state", Meaning: "when both inboxes are empty, one peer is ESTABLISHED iff the other is", Reference: "tcp.tla Inv"},
	{ID: "Deadlock", Name: "Deadlock", Kind: "terminal", Meaning: "every state has a successor (TLC's default check)", Reference: "TLC deadlock checking"},
	{ID: "Prop", Name: "Prop", Kind: "liveness", Meaning: "a peer in SYN-SENT eventually reaches ESTABLISHED, LISTEN or CLOSED, under WF(System) and WF(CLOSE_SYN_SENT)", Reference: "tcp.tla Prop"},
}

// tlaVariant is a named configuration of the TLA+ Examples model: MCtcp
// as published, or a deliberately broken copy that shows a check failing.
type tlaVariant struct {
	info variantJSON
	cfg  tlatcp.Config
	prop tlatcp.PropOptions
}

var tlaVariants = []tlaVariant{
	{info: variantJSON{Name: "mctcp", Summary: "MCtcp as published in the TLA+ Examples (the default)",
		Why: "the cross-check: TLC reports 1182 distinct states and depth 14"}},
	{info: variantJSON{Name: "broken-synrcvd-rst", Summary: "SYN-RECEIVED takes a RST into ESTABLISHED instead of LISTEN",
		Why: "a bug the abstraction cannot see: Inv still holds (docs/TLA-CROSSCHECK.md)"}, cfg: tlatcp.Config{BrokenSynRcvdRST: true}},
	{info: variantJSON{Name: "broken-synsent-no-ack", Summary: "SYN-SENT takes a SYN,ACK into ESTABLISHED without sending the ACK",
		Why: "shows Inv failing, with a shortest trace: the peer stays in SYN-RECEIVED"}, cfg: tlatcp.Config{BrokenSynSentNoACK: true}},
	{info: variantJSON{Name: "no-fair-close-syn-sent", Summary: "tcp.tla's Spec without WF(CLOSE_SYN_SENT)",
		Why: "shows Prop failing with a lasso: a peer may stay in SYN-SENT forever"}, prop: tlatcp.PropOptions{NoFairCloseSynSent: true}},
}

func lookupTLAVariant(name string) (tlaVariant, error) {
	var names []string
	for _, v := range tlaVariants {
		if v.info.Name == name {
			return v, nil
		}
		names = append(names, v.info.Name)
	}
	return tlaVariant{}, usagef("--variant %q is not a variant of --model tla-examples: use one of %s", name, strings.Join(names, ", "))
}

// tlaSelect resolves --props for the TLA+ Examples model.
func tlaSelect(list string) ([]propListJSON, error) {
	if list == "" {
		return tlaProps, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		found := false
		for _, p := range tlaProps {
			if strings.EqualFold(n, p.ID) {
				want[p.ID], found = true, true
			}
		}
		if !found {
			var ids []string
			for _, p := range tlaProps {
				ids = append(ids, p.ID)
			}
			return nil, usagef("--props: unknown property %q for --model tla-examples: valid are %s", n, strings.Join(ids, ", "))
		}
	}
	var out []propListJSON
	for _, p := range tlaProps {
		if want[p.ID] {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--props is empty: name some of TypeOK, Inv, Deadlock, Prop")
	}
	return out, nil
}

// exploreTLA runs MCtcp as MCtcp.cfg configures it and reports the figures
// the way TLC's closing lines read.
func exploreTLA(ctx context.Context, f *exploreFlags, variant string, prog *progress) (*exploreResult, error) {
	v, err := lookupTLAVariant(variant)
	if err != nil {
		return nil, err
	}
	sel, err := tlaSelect(f.props)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, p := range sel {
		want[p.ID] = true
	}
	m := tlatcp.New(v.cfg)
	opt := tlatcp.Options()
	var invs []explore.Invariant[tlatcp.State]
	for _, inv := range opt.Invariants {
		if want[inv.Name] {
			invs = append(invs, inv)
		}
	}
	opt.Invariants = invs
	opt.CheckDeadlock = want["Deadlock"]
	opt.Workers = f.workers
	opt.Store = f.storeKind()
	opt.MaxStates, opt.MaxDepth, opt.MaxMemory, opt.Timeout = f.maxStates, f.maxDepth, f.memory.budget(), f.timeout
	opt.Continue = f.cont
	opt.Progress = prog.update
	opt.MemoryWarning = prog.memoryWarning

	r, err := explore.Run[tlatcp.State, tlatcp.Action](ctx, m, opt)
	if err != nil {
		return nil, usagef("%v", err)
	}
	res := newResult("tla-examples", r.Stats)
	res.Variant = v.info.Name
	res.Config = []param{{"spec", "MCtcp"}}
	res.TLC = tlatcp.FiguresOf(r).Lines()

	found := map[string]*explore.Violation[tlatcp.State, tlatcp.Action]{}
	for i := range r.Violations {
		v := &r.Violations[i]
		if found[v.Property] == nil {
			found[v.Property] = v
		}
	}
	complete := r.Stats.StopReason == ""
	verdict := explore.Holds
	for _, p := range sel {
		out := propertyJSON{ID: p.ID, Name: p.Name, Kind: p.Kind, Meaning: p.Meaning, Reference: p.Reference, Files: []string{}}
		var pv explore.Verdict
		switch {
		case p.ID == "Prop" && complete && len(r.Violations) == 0 || p.ID == "Prop" && complete && f.cont:
			v, err := tlatcp.CheckProp(r, v.prop)
			if err != nil {
				return nil, err
			}
			if v == nil {
				pv = explore.Holds
				break
			}
			pv = explore.Violated
			c := &cexJSON{Kind: "lasso", Init: tlaState(&v.Init), Steps: []stepJSON{}, CycleStart: len(v.Prefix), Fairness: append([]string{}, v.Why...)}
			for _, st := range append(append([]explore.Step[tlatcp.State, tlatcp.Action]{}, v.Prefix...), v.Cycle...) {
				c.Steps = append(c.Steps, tlaStep(st))
			}
			out.Counterexample, out.Depth = c, len(c.Steps)
			out.Note = fmt.Sprintf("peer %s stays out of ESTABLISHED, LISTEN and CLOSED", v.Peer)
		case p.ID == "Prop" && complete:
			pv = explore.Incomplete
			out.Note = "not checked: the search stopped at the first violation (--continue=false)"
		case found[p.ID] != nil:
			pv = explore.Violated
			t := found[p.ID].Trace
			c := &cexJSON{Kind: "trace", Init: tlaState(&t.Init), Steps: []stepJSON{}, CycleStart: -1, Fairness: []string{}}
			for _, st := range t.Steps {
				c.Steps = append(c.Steps, tlaStep(st))
			}
			out.Counterexample, out.Depth = c, len(c.Steps)
		case !complete:
			pv = explore.Incomplete
			out.Note = "incomplete: " + r.Stats.StopReason
		case len(r.Violations) > 0 && !f.cont:
			pv = explore.Incomplete
			out.Note = "not checked to the end: the search stopped at the first violation (--continue=false)"
		default:
			pv = explore.Holds
		}
		out.Verdict = pv.String()
		verdict = worse(verdict, pv)
		res.Properties = append(res.Properties, out)
	}
	res.Verdict = verdict.String()
	if !complete {
		res.Notes = append(res.Notes, "search stopped early: "+r.Stats.StopReason)
	}
	if f.out != "" {
		for i := range res.Properties {
			p := &res.Properties[i]
			if p.Counterexample == nil {
				continue
			}
			var b strings.Builder
			printCex(&b, *p, false)
			if err := writeFile(&p.Files, f.out, p.ID+".txt", []byte(b.String())); err != nil {
				res.Errors = append(res.Errors, "--out: "+err.Error())
			}
			res.Files = append(res.Files, p.Files...)
		}
	}
	if f.graph != "" {
		err := writeGraph(f.graph, &res.Files, func(limit int) ([]byte, error) {
			sg, err := graphs.StateGraphOf(r, "MCtcp (TLA+ Examples tcp.tla)", graphs.GraphOptions[tlatcp.State, tlatcp.Action]{
				Limit:       limit,
				Bad:         func(s *tlatcp.State) bool { return !tlatcp.Inv(s) },
				StateLabel:  func(s *tlatcp.State) string { return s.Label() },
				ActionLabel: func(a tlatcp.Action) string { return a.Short() },
			})
			if err != nil {
				return nil, err
			}
			return sg.WriteDOT()
		}, f.graphLimit)
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
	}
	return res, nil
}

// worse combines verdicts: violated beats incomplete beats holds.
func worse(a, b explore.Verdict) explore.Verdict {
	if a == explore.Violated || b == explore.Violated {
		return explore.Violated
	}
	if a == explore.Incomplete || b == explore.Incomplete {
		return explore.Incomplete
	}
	return explore.Holds
}

func tlaStep(st explore.Step[tlatcp.State, tlatcp.Action]) stepJSON {
	return stepJSON{
		Action: st.Action.String(),
		Kind:   st.Action.Rule.Op(),
		Side:   st.Action.Local.String(),
		State:  tlaState(&st.State),
	}
}

// tlaState shows the inboxes as the network: "to A: SYN".
func tlaState(s *tlatcp.State) stateJSON {
	out := stateJSON{Network: []string{}, Text: s.String()}
	for p, q := range s.Net {
		for i := 0; i < int(q.Len); i++ {
			out.Network = append(out.Network, fmt.Sprintf("to %s: %s", tlatcp.Peer(p), q.Msgs[i]))
		}
	}
	return out
}
