package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// printExplore writes the human report of an explore run: the figures, the
// verdict table, then each counterexample.
func printExplore(w io.Writer, r *exploreResult, verbose bool) {
	if len(r.Config) > 0 {
		var kv []string
		for _, p := range r.Config {
			kv = append(kv, p.Name+"="+p.Value)
		}
		head := "model " + r.Model
		if r.Variant != "" {
			head += ", variant " + r.Variant
		}
		fmt.Fprintf(w, "%s\n  %s\n", head, wrap(strings.Join(kv, " "), 76, "\n  "))
	}
	s := r.Stats
	fmt.Fprintf(w, "searched %s distinct states (%s generated, %s transitions), depth %d, in %s\n",
		humanCount(s.Distinct), humanCount(s.Generated), humanCount(s.Transitions), s.Depth,
		s.elapsed().Round(time.Millisecond))
	fmt.Fprintf(w, "  %s states/s, %s, %s store", humanRate(s.StatesPerSecond), nounCount(s.Workers, "worker"), s.Store)
	if s.BytesPerState > 0 {
		fmt.Fprintf(w, ", visited set and parent log %.1f bytes/state", s.BytesPerState)
	}
	if s.PeakMemory > 0 {
		fmt.Fprintf(w, ", process peak %s", humanBytes(s.PeakMemory))
		if s.Distinct > 0 {
			fmt.Fprintf(w, " (%.0f bytes/state)", float64(s.PeakMemory)/float64(s.Distinct))
		}
	}
	if s.Store == "fingerprint" && s.CollisionProbability > 0 {
		fmt.Fprintf(w, ", collision probability %.2g", s.CollisionProbability)
	}
	fmt.Fprintln(w)
	if s.Store == "disk" {
		fmt.Fprintf(w, "  disk store: files at most %s, table merged into the sorted file %s, %s of candidates\n",
			humanBytes(s.DiskBytes), nounCount(s.DiskMerges, "time"), nounCount(s.DiskRuns, "sorted run"))
	}
	if s.StopReason != "" {
		fmt.Fprintf(w, "  stopped early: %s\n", s.StopReason)
	}
	for _, l := range r.TLC {
		fmt.Fprintf(w, "  %s\n", l)
	}

	if len(r.Properties) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPROPERTY\tKIND\tVERDICT\tDEPTH\tREFERENCE")
		for _, p := range r.Properties {
			depth := "-"
			if p.Counterexample != nil {
				depth = fmt.Sprint(p.Depth)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Kind, p.Verdict, depth, p.Reference)
		}
		tw.Flush()
		printNotes(w, r.Properties)
	}
	for _, p := range r.Properties {
		if p.Counterexample != nil {
			fmt.Fprintln(w)
			printCex(w, p, verbose)
			for _, f := range p.Files {
				fmt.Fprintf(w, "  wrote %s\n", f)
			}
		}
	}
	printCoverage(w, r.Coverage)
	if hasCex(r) {
		fmt.Fprint(w, "\n"+legend(r))
	}
	first := true
	for _, n := range r.Notes {
		if n == "search stopped early: "+s.StopReason {
			continue // said above
		}
		if first {
			fmt.Fprintln(w)
			first = false
		}
		fmt.Fprintf(w, "note: %s\n", n)
	}
	// Files of a counterexample are listed with it; the rest here.
	shown := map[string]bool{}
	for _, p := range r.Properties {
		for _, f := range p.Files {
			shown[f] = true
		}
	}
	first = true
	for _, f := range r.Files {
		if shown[f] {
			continue
		}
		if first {
			fmt.Fprintln(w)
			first = false
		}
		fmt.Fprintf(w, "wrote %s\n", f)
	}
	fmt.Fprintf(w, "\nverdict: %s%s\n", r.Verdict, verdictDetail(r))
}

// printNotes writes the properties' notes, one line for properties that
// share a note.
func printNotes(w io.Writer, ps []propertyJSON) {
	var order []string
	ids := map[string][]string{}
	for _, p := range ps {
		if p.Note == "" {
			continue
		}
		if ids[p.Note] == nil {
			order = append(order, p.Note)
		}
		ids[p.Note] = append(ids[p.Note], p.ID)
	}
	for _, n := range order {
		fmt.Fprintf(w, "  %s: %s\n", strings.Join(ids[n], ", "), n)
	}
}

// verdictDetail names the violated or undecided properties.
func verdictDetail(r *exploreResult) string {
	var ids []string
	for _, p := range r.Properties {
		if p.Verdict == r.Verdict && r.Verdict != "holds" {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " (" + strings.Join(ids, ", ") + ")"
}

// printCex writes a counterexample one step a line, each followed by the
// state it leads to.
func printCex(w io.Writer, p propertyJSON, verbose bool) {
	c := p.Counterexample
	what := "shortest counterexample"
	if c.Kind == "lasso" {
		what = "lasso: a prefix, then a cycle that repeats forever"
	}
	name := p.ID + " " + p.Name
	if p.ID == p.Name {
		name = p.ID
	}
	steps := "steps"
	if p.Depth == 1 {
		steps = "step"
	}
	fmt.Fprintf(w, "%s violated (%s): %s, %d %s\n", name, p.Reference, what, p.Depth, steps)
	fmt.Fprintf(w, "  %3d  init\n       %s\n", 0, summary(c.Init))
	if verbose {
		for _, l := range tcbFields(nil, c.Init) {
			fmt.Fprintf(w, "       %s\n", l)
		}
	}
	prev := c.Init
	for i, st := range c.Steps {
		if c.Kind == "lasso" && i == c.CycleStart {
			fmt.Fprintf(w, "       -- cycle starts here --\n")
		}
		fmt.Fprintf(w, "  %3d  %s\n       %s\n", i+1, st.Action, summary(st.State))
		if verbose {
			for _, l := range tcbFields(&prev, st.State) {
				fmt.Fprintf(w, "       %s\n", l)
			}
		}
		prev = st.State
	}
	if c.Kind == "lasso" {
		if c.CycleStart >= len(c.Steps) {
			fmt.Fprintf(w, "       -- stays in this state forever: no fair action is enabled --\n")
		} else {
			fmt.Fprintf(w, "       -- back to the state before step %d --\n", c.CycleStart+1)
		}
		for _, f := range c.Fairness {
			fmt.Fprintf(w, "  fair: %s\n", f)
		}
	}
}

// summary is a one-line view of a joint state.
func summary(s stateJSON) string {
	if len(s.Endpoints) == 0 {
		return strings.ReplaceAll(strings.TrimSpace(s.Text), "\n", "; ")
	}
	var parts []string
	for _, e := range s.Endpoints {
		parts = append(parts, e.Side+" "+e.State)
	}
	net := "empty"
	switch {
	case len(s.sent) > 0:
		net = strings.Join(s.sent, "  ")
	case len(s.Network) > 0:
		net = strings.Join(s.Network, " ")
	}
	return strings.Join(parts, "  ") + "  net: " + net
}

// wrap breaks s at spaces so that no line exceeds width.
func wrap(s string, width int, sep string) string {
	var b strings.Builder
	n := 0
	for i, f := range strings.Fields(s) {
		if i > 0 {
			if n+1+len(f) > width {
				b.WriteString(sep)
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(f)
		n += len(f)
	}
	return b.String()
}

// nounCount is "1 worker", "2 workers".
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// tcbFields lists the TCB variables of each endpoint of s, or with prev
// only those that changed from prev, "A: SND.UNA 100 -> 101".
func tcbFields(prev *stateJSON, s stateJSON) []string {
	var out []string
	for i, e := range s.Endpoints {
		vals := []struct {
			name string
			v    int
		}{
			{"ISS", int(e.ISS)}, {"IRS", int(e.IRS)}, {"SND.UNA", int(e.SndUna)}, {"SND.NXT", int(e.SndNxt)},
			{"RCV.NXT", int(e.RcvNxt)}, {"retx", int(e.Retx)}, {"att", int(e.Att)}, {"peer_att", int(e.PeerAtt)},
		}
		var parts []string
		if prev == nil || i >= len(prev.Endpoints) {
			for _, v := range vals {
				parts = append(parts, fmt.Sprintf("%s=%d", v.name, v.v))
			}
		} else {
			p := prev.Endpoints[i]
			old := []int{int(p.ISS), int(p.IRS), int(p.SndUna), int(p.SndNxt), int(p.RcvNxt), int(p.Retx), int(p.Att), int(p.PeerAtt)}
			for k, v := range vals {
				if old[k] != v.v {
					parts = append(parts, fmt.Sprintf("%s %d -> %d", v.name, old[k], v.v))
				}
			}
		}
		if len(parts) > 0 {
			out = append(out, e.Side+": "+strings.Join(parts, ", "))
		}
	}
	return out
}

// hasCex reports whether the report shows a counterexample.
func hasCex(r *exploreResult) bool {
	for _, p := range r.Properties {
		if p.Counterexample != nil {
			return true
		}
	}
	return false
}

// legend explains, once after the counterexamples, the notation they use;
// docs/GLOSSARY.md says more.
func legend(r *exploreResult) string {
	lasso := false
	for _, p := range r.Properties {
		lasso = lasso || (p.Counterexample != nil && p.Counterexample.Kind == "lasso")
	}
	return traceLegend(lasso)
}

// traceLegend is the legend of every command that prints a path of the
// model (explore, simulate, the queries); lasso adds the liveness terms.
func traceLegend(lasso bool) string {
	var b strings.Builder
	b.WriteString(`How to read a counterexample (more in docs/GLOSSARY.md):
  A, B        the two endpoints; each line is one step, then the state after it
  A: <SEQ=100><CTL=SYN> [A1]
              a segment in flight, sent by A, of incarnation A1: A's attempt 1,
              the 1st ISS A drew (attempt 0 is an old duplicate from before the
              run); a RST answering a segment carries that segment's incarnation
  net         the segments in flight: a set, listed in a fixed order, not the
              order they were sent; any of them may arrive next
  rcv copy of a delivery that leaves a duplicate of the segment in flight
  lose        the network drops the segment
  (§3.10.7.4) the RFC 9293 section of the rule that fired
  (broken)    the step at which a property is found broken
  --verbose   shows ISS, IRS, SND.UNA, SND.NXT, RCV.NXT and what each step changed
`)
	if lasso {
		b.WriteString(`  lasso       a run that repeats its cycle forever, so a liveness property
              (L1, L2) never gets its goal
  fair        an action the run must not neglect forever: if it stays enabled
              (weak) or keeps being enabled (strong), it eventually happens
`)
	}
	return b.String()
}
