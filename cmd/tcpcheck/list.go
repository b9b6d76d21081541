package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// listJSON is the document of `tcpcheck list --format json` (docs/JSON.md).
type listJSON struct {
	Schema     string         `json:"schema"`
	Variants   []variantJSON  `json:"variants,omitempty"`
	Properties []propListJSON `json:"properties,omitempty"`
	Scenarios  []scenarioJSON `json:"scenarios,omitempty"`
}

const schemaList = "tcpcheck/list/v1"

type variantJSON struct {
	Model   string `json:"model"` // "tcp" or "tla-examples"
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Why     string `json:"why"`
}

type propListJSON struct {
	Model     string `json:"model"` // "tcp" or "tla-examples"
	ID        string `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Meaning   string `json:"meaning"`
	Reference string `json:"reference"`
}

type scenarioJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

var listSections = []string{"variants", "properties", "scenarios"}

func runList(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("list", listUsage, e)
	var format string
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 1 {
		return fail(e, fs.Name(), usagef("too many arguments %q: list takes at most one of %s", fs.Args(), strings.Join(listSections, ", ")))
	}
	want := map[string]bool{}
	if fs.NArg() == 1 {
		name := strings.ToLower(fs.Arg(0))
		ok := false
		for _, s := range listSections {
			// "property", "variant" and "scenario" are accepted too.
			if name == s || name+"s" == s || (name == "props" && s == "properties") || (name == "property" && s == "properties") {
				want[s], ok = true, true
			}
		}
		if !ok {
			return fail(e, fs.Name(), usagef("unknown section %q: want one of %s", fs.Arg(0), strings.Join(listSections, ", ")))
		}
	} else {
		for _, s := range listSections {
			want[s] = true
		}
	}

	doc := listJSON{Schema: schemaList}
	if want["variants"] {
		doc.Variants = listVariants()
	}
	if want["properties"] {
		for _, p := range props.All() {
			doc.Properties = append(doc.Properties, propListJSON{"tcp", p.ID, p.Name, p.Kind.String(), p.Meaning, p.Reference})
		}
		for _, p := range tlaProps {
			p.Model = "tla-examples"
			doc.Properties = append(doc.Properties, p)
		}
	}
	if want["scenarios"] {
		doc.Scenarios = listScenarios()
	}
	if format == "json" {
		return writeJSON(e, fs.Name(), doc)
	}
	printList(e.stdout, &doc, want)
	return exitOK
}

func printList(w io.Writer, d *listJSON, want map[string]bool) {
	first := true
	section := func(title string) {
		if !first {
			fmt.Fprintln(w)
		}
		first = false
		fmt.Fprintln(w, title)
	}
	if want["variants"] {
		for i, model := range []string{"tcp", "tla-examples"} {
			if i == 0 {
				section("VARIANTS (--variant NAME)")
			} else {
				fmt.Fprintf(w, "\nVARIANTS of --model %s (--model %s --variant NAME)\n", model, model)
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			for _, v := range d.Variants {
				if v.Model != model {
					continue
				}
				fmt.Fprintf(tw, "  %s\t%s\n", v.Name, v.Summary)
				if v.Why != "" {
					fmt.Fprintf(tw, "  \t  why: %s\n", v.Why)
				}
			}
			tw.Flush()
		}
	}
	if want["properties"] {
		section("PROPERTIES (--props ID,...)")
		for _, p := range d.Properties {
			if p.Model == "tcp" {
				fmt.Fprintf(w, "  %-4s %s (%s)\n       %s\n       %s\n", p.ID, p.Name, p.Kind, p.Meaning, p.Reference)
			}
		}
		fmt.Fprintf(w, "\nPROPERTIES of --model tla-examples (MCtcp.cfg and TLC's deadlock check)\n")
		for _, p := range d.Properties {
			if p.Model == "tla-examples" {
				fmt.Fprintf(w, "  %-8s (%s) %s\n", p.ID, p.Kind, p.Meaning)
			}
		}
	}
	if want["scenarios"] {
		section("SCENARIOS (tcpcheck replay NAME)")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, s := range d.Scenarios {
			fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Title)
		}
		tw.Flush()
	}
}

// writeJSON writes v indented on stdout. Segments are written in the
// RFC's notation, <SEQ=100><CTL=SYN>, so HTML escaping (\u003c) is off:
// the output is read by people and by JSON parsers, not embedded in HTML.
func writeJSON(e *env, cmd string, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(e.stderr, "%s: writing JSON: %v\n", cmd, err)
		return exitUsage
	}
	return exitOK
}

func listVariants() []variantJSON {
	var out []variantJSON
	for _, v := range model.Variants() {
		out = append(out, variantJSON{"tcp", v.Name, v.Summary, v.Why})
	}
	for _, v := range tlaVariants {
		x := v.info
		x.Model = "tla-examples"
		out = append(out, x)
	}
	return out
}

func listScenarios() []scenarioJSON {
	var out []scenarioJSON
	for _, name := range scenario.Builtin() {
		s := scenarioJSON{Name: name}
		if t, err := scenario.Load(name); err == nil {
			s.Title = t.Title
		}
		out = append(out, s)
	}
	return out
}
