package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/vdiff"
)

const diffUsage = `
Compare two configurations by what they do: search both exhaustively and
list the transitions one reaches and the other never does, each with its
shortest witness, a trace from the initial state ending in that
transition. A transition is named by the endpoint that acts (A or B), its
state, the event (a user call, a segment arriving or lost, a timer), the
rule of the model that fires (with its RFC section), the state it enters
and the control bits of any segment sent in reply. Sequence numbers are
left out, so that two configurations with different ISNs still compare.

This shows what a change does even when no property's verdict changes:
"what changes if my stack does X?".

Usage:
  tcpcheck diff --variant A --variant B [flags]

Give --variant twice. Every model parameter flag applies to both sides,
overriding each variant's own value.

Examples:
  tcpcheck diff --variant rfc9293 --variant rfc1337     # what the RFC 1337 fix changes
  tcpcheck diff --variant rfc9293 --variant rfc793 --window 2
  tcpcheck diff --variant rfc9293 --variant two-way-handshake --format json
  tcpcheck diff --variant rfc9293 --variant no-time-wait --max-states 1M

Segments are written as in RFC 9293 §3.5: <SEQ=n><ACK=m><CTL=SYN,ACK>,
"rcv" is a segment arriving, "snd" the reply, "copy of" a duplicate.

Exit codes: 0 the two configurations take the same transitions, 1 they
differ, 2 bad usage, 3 a search stopped early without a difference found.
`

// diffJSON is the document of `tcpcheck diff --format json` (docs/JSON.md).
type diffJSON struct {
	Schema   string          `json:"schema"`
	Version  string          `json:"version"`
	Sides    [2]diffSideJSON `json:"sides"`
	Common   int             `json:"common"`
	Complete bool            `json:"complete"`
	ExitCode int             `json:"exit_code"`
}

type diffSideJSON struct {
	Variant     string          `json:"variant"`
	Config      []param         `json:"config"`
	Stats       statsJSON       `json:"stats"`
	Transitions int             `json:"transitions"` // distinct transition labels
	Only        []diffEntryJSON `json:"only"`        // labels the other side lacks
}

type diffEntryJSON struct {
	Transition string   `json:"transition"`
	Rule       string   `json:"rule"`
	Section    string   `json:"section"`
	Witness    []string `json:"witness"` // actions in RFC notation; empty if the search stopped before it
}

const schemaDiff = "tcpcheck/diff/v1"

func runDiff(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("diff", diffUsage, e)
	var (
		sf       searchFlags
		format   string
		variants []string
	)
	sf.register(fs)
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	mf := addModelFlagsWith(fs, func(_ *modelFlags, usage string) {
		fs.StringArrayVar(&variants, "variant", nil, "give twice: the two configurations to compare; "+usage)
	})
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: diff takes only flags, e.g. --variant rfc9293 --variant rfc1337", fs.Arg(0)))
	}
	if len(variants) != 2 {
		return fail(e, fs.Name(), usagef("--variant given %d times: give it exactly twice, e.g. --variant rfc9293 --variant rfc1337", len(variants)))
	}
	var sides [2]vdiff.Side
	var cfgs [2]model.Config
	for i, v := range variants {
		c, err := mf.configOf(v)
		if err != nil {
			return fail(e, fs.Name(), err)
		}
		m, err := model.New(c)
		if err != nil {
			return fail(e, fs.Name(), usagef("--variant %s: %v", v, err))
		}
		cfgs[i], sides[i] = c, vdiff.Side{Name: v, Model: m}
	}
	if variants[0] == variants[1] {
		// Same name, same flags: not an error, but worth saying.
		fmt.Fprintf(e.stderr, "diff: both sides are --variant %s with the same flags: nothing can differ\n", variants[0])
	}
	opt := vdiff.Options{
		Workers:   sf.workers,
		Store:     sf.storeKind(),
		MaxStates: sf.maxStates,
		MaxDepth:  sf.maxDepth,
		MaxMemory: sf.memory.budget(),
		Timeout:   sf.timeout,
	}
	if !sf.quiet {
		opt.Progress = func(what string) { fmt.Fprintf(e.stderr, "%s\n", what) }
	}
	rep, err := vdiff.Compare(ctx, sides[0], sides[1], opt)
	if err != nil {
		return fail(e, fs.Name(), usagef("%v", err))
	}
	code := exitOK
	switch {
	case len(rep.OnlyA)+len(rep.OnlyB) > 0:
		code = exitViolated
	case !rep.Complete:
		code = exitIncomplete
	}
	doc := diffJSON{Schema: schemaDiff, Version: version, Common: rep.Common, Complete: rep.Complete, ExitCode: code}
	for i := range sides {
		st, n, only := rep.StatsA, rep.LabelsA, rep.OnlyA
		if i == 1 {
			st, n, only = rep.StatsB, rep.LabelsB, rep.OnlyB
		}
		s := diffSideJSON{Variant: variants[i], Config: describeConfig(cfgs[i]), Stats: statsOf(st), Transitions: n, Only: []diffEntryJSON{}}
		for _, en := range only {
			j := diffEntryJSON{Transition: en.Label.String(), Rule: en.Label.Rule.String(), Section: en.Label.Rule.Section(), Witness: []string{}}
			for _, step := range en.Witness.Steps {
				j.Witness = append(j.Witness, step.Action.String())
			}
			s.Only = append(s.Only, j)
		}
		doc.Sides[i] = s
	}
	if format == "json" {
		if c := writeJSON(e, fs.Name(), doc); c != exitOK {
			return c
		}
		return code
	}
	printDiff(e.stdout, &doc)
	return code
}

func printDiff(w io.Writer, d *diffJSON) {
	a, b := d.Sides[0], d.Sides[1]
	for _, s := range d.Sides {
		fmt.Fprintf(w, "%s: %s distinct states, %s transitions, %d kinds of transition",
			s.Variant, humanCount(s.Stats.Distinct), humanCount(s.Stats.Transitions), s.Transitions)
		if s.Stats.StopReason != "" {
			fmt.Fprintf(w, " (stopped early: %s)", s.Stats.StopReason)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "in both: %d; only in %s: %d; only in %s: %d\n", d.Common, a.Variant, len(a.Only), b.Variant, len(b.Only))
	if !d.Complete {
		fmt.Fprintln(w, "note: a search stopped early, so a transition listed as missing may only lie beyond the budget")
	}
	for i, s := range d.Sides {
		if len(s.Only) == 0 {
			continue
		}
		other := d.Sides[1-i].Variant
		fmt.Fprintf(w, "\nOnly in %s (%s never takes them):\n", s.Variant, other)
		for i, en := range s.Only {
			fmt.Fprintf(w, "%3d. %s\n", i+1, en.Transition)
			if len(en.Witness) == 0 {
				fmt.Fprintln(w, "     (no witness: the search stopped before reaching it again)")
				continue
			}
			fmt.Fprintf(w, "     shortest witness, %s:\n", nounCount(len(en.Witness), "step"))
			for j, st := range en.Witness {
				fmt.Fprintf(w, "     %3d %s\n", j+1, st)
			}
		}
	}
}
