package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/tcpcheck/tcpcheck/props"
)

// coverageJSON is --coverage's report: per rule of the model, how many
// transitions fired it, and which rules never fired with the flag each
// one needs.
type coverageJSON struct {
	Rules   []ruleCountJSON `json:"rules"`
	Unfired []string        `json:"unfired"` // names of the rules no transition within the bounds fired
}

type ruleCountJSON struct {
	Name        string `json:"name"`    // stable rule identifier, e.g. "rst-challenge"
	Section     string `json:"section"` // RFC section or reference
	Clause      string `json:"clause"`  // the text the rule implements (MUST/SHLD/MAY number where RFC 9293 has one)
	Transitions int64  `json:"transitions"`
	BoundHits   int64  `json:"bound_hits"` // transitions that fired it but left the modelling bounds
	Gate        string `json:"gate,omitempty"`
}

func coverageOf(c *props.Coverage) *coverageJSON {
	out := &coverageJSON{Rules: []ruleCountJSON{}, Unfired: []string{}}
	for _, r := range c.Counts() {
		out.Rules = append(out.Rules, ruleCountJSON{Name: r.Name, Section: r.Section, Clause: r.Clause,
			Transitions: r.Transitions, BoundHits: r.BoundHits, Gate: r.Gate})
		if r.Transitions == 0 {
			out.Unfired = append(out.Unfired, r.Name)
		}
	}
	return out
}

// printCoverage writes the coverage table, then the rules that never
// fired with the flag that enables each.
func printCoverage(w io.Writer, c *coverageJSON) {
	if c == nil {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "rule coverage: transitions within the bounds that fired each rule (bound hits: transitions that left them)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSECTION\tTRANSITIONS\tBOUND HITS\tCLAUSE")
	for _, r := range c.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", r.Name, r.Section, r.Transitions, r.BoundHits, r.Clause)
	}
	tw.Flush()
	if len(c.Unfired) == 0 {
		fmt.Fprintln(w, "every rule fired")
		return
	}
	fmt.Fprintf(w, "%d rules never fired:\n", len(c.Unfired))
	for _, r := range c.Rules {
		if r.Transitions != 0 {
			continue
		}
		why := "not reached in this configuration"
		if r.Gate != "" {
			why = "needs " + r.Gate
		}
		fmt.Fprintf(w, "  %s (%s): %s\n", r.Name, r.Section, why)
	}
}
