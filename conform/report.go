package conform

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// Summary counts a run.
type Summary struct {
	Stack    string `json:"stack"`
	Variant  string `json:"variant"`
	Tests    int    `json:"tests"`
	Agreed   int    `json:"agreed"`
	Known    int    `json:"known"`
	New      int    `json:"new"`
	Timeouts int    `json:"timeouts"`
	NotRun   int    `json:"not_driven"`
	Keys     int    `json:"keys"`    // (state, input, rule) the tests were built to cover
	Reached  int    `json:"reached"` // of those, the ones a test reached and agreed on
	// Rederived tests stand in for coverage tests that stopped at a
	// known deviation; ReachedRederived keys only they reached.
	Rederived        int     `json:"rederived"`
	ReachedRederived int     `json:"reached_rederived"`
	Seconds          float64 `json:"seconds"`
}

// Summarize counts results. Keys are counted once, however many tests
// cover them (a re-derived test covers keys of the test it stands in
// for).
func Summarize(stack, variant string, rs []Result, seconds float64) Summary {
	s := Summary{Stack: stack, Variant: variant, Tests: len(rs), Seconds: seconds}
	keys, reached := map[Key]bool{}, map[Key]bool{}
	for i := range rs {
		r := &rs[i]
		switch r.Verdict {
		case Agree:
			s.Agreed++
		case Known:
			s.Known++
		case Differ:
			s.New++
		case Timeout:
			s.Timeouts++
		case Skipped:
			s.NotRun++
		}
		if r.Rederived {
			s.Rederived++
		}
		for _, k := range r.Test.Covers {
			keys[k] = true
		}
		for _, k := range reachedKeys(r) {
			if !reached[k] && r.Rederived {
				s.ReachedRederived++
			}
			reached[k] = true
		}
	}
	s.Keys, s.Reached = len(keys), len(reached)
	return s
}

// Line is the one-line summary.
func (s Summary) Line() string {
	re := ""
	if s.Rederived > 0 {
		re = fmt.Sprintf(" (%d of them by %d tests re-derived around known deviations)", s.ReachedRederived, s.Rederived)
	}
	return fmt.Sprintf("%s against %s: %d tests, %d agreed, %d known deviations, %d new deviations, %d timed out, %d not driven; %d of %d rule keys reached%s; %.1f s",
		s.Stack, s.Variant, s.Tests, s.Agreed, s.Known, s.New, s.Timeouts, s.NotRun, s.Reached, s.Keys, re, s.Seconds)
}

// WriteTable prints one line per test: verdict, name, steps, the rule of
// its last step (or the difference).
func WriteTable(w io.Writer, rs []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERDICT\tTEST\tSTEPS\tRULE OR DIFFERENCE")
	for i := range rs {
		r := &rs[i]
		what := ""
		switch {
		case r.Diff() != nil:
			what = r.Diff().Signature()
			if r.KnownRef != nil {
				what += "  (known, line " + fmt.Sprint(r.KnownRef.Line) + ")"
			}
		case r.Note != "":
			what = r.Note
		case len(r.Steps) > 0:
			last := r.Steps[len(r.Steps)-1]
			a := last.Allowed[last.Match].Action
			what = fmt.Sprintf("%v / %s / %v %s", last.From.E[StackSide].State, last.Step.Class(), a.Rule, a.Rule.Section())
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\n", r.Verdict, r.Test.Name, len(r.Steps), len(r.Test.Steps), what)
	}
	tw.Flush()
}

// WriteDiffs prints each difference: the steps up to it, what the stack
// did and what the model allows.
func WriteDiffs(w io.Writer, rs []Result) {
	for i := range rs {
		r := &rs[i]
		d := r.Diff()
		if d == nil || r.Verdict != Differ {
			continue
		}
		fmt.Fprintf(w, "\n%s (%s): %s\n", r.Test.Name, r.Test.Origin, d.Signature())
		for j, sr := range r.Steps {
			fmt.Fprintf(w, "  %d. %v\n", j+1, sr.Step)
		}
		fmt.Fprintf(w, "  the stack: %s\n", observedText(d))
		for _, a := range d.AllowedText() {
			fmt.Fprintf(w, "  the model allows: %s\n", a)
		}
	}
}

// JSON forms (docs/JSON.md, "conform").
type jsonStep struct {
	Step     string   `json:"step"`
	State    string   `json:"state"`
	Input    string   `json:"input"`
	Rule     string   `json:"rule,omitempty"`
	Section  string   `json:"section,omitempty"`
	Sent     []string `json:"sent"`
	Observed string   `json:"observed"`
	Allowed  []string `json:"allowed,omitempty"`
	Agrees   bool     `json:"agrees"`
}

type jsonTest struct {
	Name      string     `json:"name"`
	Origin    string     `json:"origin"`
	Verdict   Verdict    `json:"verdict"`
	Note      string     `json:"note,omitempty"`
	Signature string     `json:"signature,omitempty"`
	Known     *jsonKnown `json:"known,omitempty"`
	Covers    []string   `json:"covers,omitempty"`
	Steps     []jsonStep `json:"steps"`
	Seconds   float64    `json:"seconds"`
	Files     []string   `json:"files,omitempty"`
}

type jsonKnown struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	Ref    string `json:"reference"`
}

// Report is the JSON document of a run.
type Report struct {
	Schema   string     `json:"schema"` // "tcpcheck/conform/v1"
	ExitCode int        `json:"exit_code"`
	Summary  Summary    `json:"summary"`
	Seed     int64      `json:"seed"`
	Walks    int        `json:"walks"`
	Tests    []jsonTest `json:"tests"`
}

// NewReport builds the JSON document; files maps a test name to the
// artefacts written for it.
func NewReport(sum Summary, seed int64, walks int, rs []Result, files map[string][]string) Report {
	rep := Report{Schema: "tcpcheck/conform/v1", Summary: sum, Seed: seed, Walks: walks}
	if sum.New > 0 {
		rep.ExitCode = ExitNew
	}
	for i := range rs {
		r := &rs[i]
		jt := jsonTest{Name: r.Test.Name, Origin: r.Test.Origin, Verdict: r.Verdict, Note: r.Note, Seconds: r.Seconds, Files: files[r.Test.Name]}
		for _, k := range r.Test.Covers {
			jt.Covers = append(jt.Covers, k.String())
		}
		if d := r.Diff(); d != nil {
			jt.Signature = d.Signature()
		}
		if r.KnownRef != nil {
			jt.Known = &jsonKnown{Line: r.KnownRef.Line, Reason: r.KnownRef.Reason, Ref: r.KnownRef.Ref}
		}
		for _, sr := range r.Steps {
			js := jsonStep{Step: sr.Step.String(), State: sr.From.E[StackSide].State.String(), Input: sr.Step.Class(), Agrees: sr.Match >= 0, Sent: []string{}}
			for _, w := range sr.Observed.Sent {
				js.Sent = append(js.Sent, w.String())
			}
			js.Observed = observedText(&sr)
			if sr.Match >= 0 {
				a := sr.Allowed[sr.Match].Action
				js.Rule, js.Section = a.Rule.String(), a.Rule.Section()
			} else {
				js.Allowed = sr.AllowedText()
			}
			jt.Steps = append(jt.Steps, js)
		}
		rep.Tests = append(rep.Tests, jt)
	}
	return rep
}

// WriteJSON writes the report, indented, with segments in the RFC's
// notation (no HTML escaping of < and >).
func WriteJSON(w io.Writer, rep Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// WritePcap writes the packets of a test as a pcap file of raw IPv4
// packets (link type 228), one record per packet in the order they
// crossed the link, time-stamped from an epoch fixed per file so that
// runs can be compared.
func WritePcap(w io.Writer, pkts []Packet) error {
	pw := pcapgo.NewWriter(w)
	if err := pw.WriteFileHeader(65535, layers.LinkTypeIPv4); err != nil {
		return err
	}
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: epoch.Add(p.At), CaptureLength: len(p.Data), Length: len(p.Data)}
		if err := pw.WritePacket(ci, p.Data); err != nil {
			return err
		}
	}
	return nil
}

// TraceText is the test's agreed steps as a trace for `tcpcheck replay`:
// the tester's segments are old duplicates in flight from the start
// (docs/TRACES.md), delivered to B one by one, and each reply of B is
// taken off the network as a loss. A difference is noted as a comment at
// the end. When the segments do not all fit in the largest network (five
// and B's reply), the trace stops after the steps that fit and says so.
func TraceText(r *Result) (string, error) {
	c := r.Test.Config
	c.OldDups = nil
	var steps []StepResult
	cut := 0 // agreed steps left out: their segments do not fit
	for _, sr := range r.Steps {
		if sr.Match < 0 {
			break
		}
		if cut > 0 || !sr.Step.IsCall() && len(c.OldDups)+2 > model.MaxNetBound {
			cut++
			continue
		}
		steps = append(steps, sr)
		if !sr.Step.IsCall() {
			g := sr.Step.Seg
			g.Tag = model.Tag{Side: TesterSide, Att: 0}
			c.OldDups = append(c.OldDups, g)
		}
	}
	c.NetBound = len(c.OldDups) + 1
	c.LossBudget = -1
	m, err := model.New(c)
	if err != nil {
		// The old duplicates take an ISN stride of their own (attempt
		// 0); with fewer attempts the configuration may fit again: the
		// trace needs only as many as the stack drew.
		need := 1
		for _, sr := range steps {
			need = max(need, int(sr.Allowed[sr.Match].Next.E[StackSide].Att))
		}
		c.Attempts = need
		if m, err = model.New(c); err != nil {
			return "", err
		}
	}
	p := explore.Trace[model.State, model.Action]{Init: m.Initial()}
	s := m.Initial()
	take := func(ok func(a model.Action) bool) error {
		for _, tr := range m.Successors(&s) {
			if ok(tr.Action) && tr.Next.Bound == 0 {
				p.Steps = append(p.Steps, explore.Step[model.State, model.Action]{Action: tr.Action, State: tr.Next})
				s = tr.Next
				return nil
			}
		}
		return fmt.Errorf("no matching transition")
	}
	same := func(a, b model.Segment) bool { return a.Flags == b.Flags && a.Seq == b.Seq && a.Ack == b.Ack }
	for _, sr := range steps {
		want := sr.Allowed[sr.Match].Action
		if want.Kind == Wait {
			continue // no timer fired: nothing to replay
		}
		err := take(func(a model.Action) bool {
			if a.Side != StackSide || a.Kind != want.Kind || a.To != want.To || a.Dup || a.HasSent != want.HasSent {
				return false
			}
			return a.Kind != model.Deliver || same(a.Seg, sr.Step.Seg)
		})
		if err != nil {
			return "", fmt.Errorf("step %v: %v", sr.Step, err)
		}
		if want.HasSent {
			sent := p.Steps[len(p.Steps)-1].Action.Sent
			if err := take(func(a model.Action) bool { return a.Kind == model.Drop && same(a.Seg, sent) && a.Seg.Src == StackSide }); err != nil {
				return "", fmt.Errorf("taking B's reply off: %v", err)
			}
		}
	}
	tr, err := scenario.FromPath(r.Test.Name, r.Test.Name+": "+r.Test.Origin+" (the tester's segments are old duplicates; B's replies are taken off as losses)", c, p)
	if err != nil {
		return "", err
	}
	text := tr.Format()
	if cut > 0 {
		text += fmt.Sprintf("# the test goes on with %d more agreed steps; their segments do not fit in the\n# model's largest network (%d segments), so this trace stops here.\n", cut, model.MaxNetBound)
		return text, nil
	}
	if d := r.Diff(); d != nil {
		text += "# then " + d.Step.String() + "\n# the stack: " + observedText(d) + "\n"
		for _, a := range d.AllowedText() {
			text += "# the model allows: " + a + "\n"
		}
	}
	return text, nil
}

// Ladder draws a test: the tester on the left, the stack on the right,
// each segment arriving one row after it was sent; at a difference the
// stack's segments are drawn and the model's allowed outcomes noted
// beside them.
func Ladder(r *Result, stack string) *graphs.Ladder {
	l := &graphs.Ladder{Title: r.Test.Name + ": " + r.Test.Origin, Lifelines: [2]string{"tester (A)", stack + " (B)"}, Initial: [2]string{"", "CLOSED"}, Broken: -1, CycleStart: -1}
	id := 0
	var pending []graphs.LadderEvent // the stack's replies, received by the tester in the next row
	state := "CLOSED"
	row := func(ev []graphs.LadderEvent) {
		ev = append(pending, ev...)
		pending = nil
		l.Steps = append(l.Steps, graphs.LadderStep{Events: ev, State: [2]string{"", state}})
	}
	for _, sr := range r.Steps {
		var ev []graphs.LadderEvent
		if sr.Step.IsWait() {
			ev = append(ev, graphs.LadderEvent{Kind: graphs.Call, Side: 1, Text: "wait for a timer"})
		} else if sr.Step.IsCall() {
			ev = append(ev, graphs.LadderEvent{Kind: graphs.Call, Side: 1, Text: sr.Step.Call.String()})
		} else {
			id++
			row([]graphs.LadderEvent{{Kind: graphs.Send, Side: 0, ID: id, Text: sr.Step.Seg.String()}})
			ev = append(ev, graphs.LadderEvent{Kind: graphs.Receive, Side: 1, ID: id})
		}
		var replies []graphs.LadderEvent
		for _, g := range sr.Model {
			id++
			ev = append(ev, graphs.LadderEvent{Kind: graphs.Send, Side: 1, ID: id, Text: g.String()})
			replies = append(replies, graphs.LadderEvent{Kind: graphs.Receive, Side: 0, ID: id})
		}
		state = sr.Observed.State.String()
		if sr.Match < 0 {
			for _, a := range sr.Allowed {
				text := "model: snd none"
				if a.Action.HasSent {
					text = "model: snd " + a.Action.Sent.String()
				}
				ev = append(ev, graphs.LadderEvent{Kind: graphs.Mark, Side: 0, Text: text + ", " + a.Action.To.String()})
			}
			row(ev)
			pending = replies
			l.Broken = len(l.Steps)
			continue
		}
		row(ev)
		pending = replies
	}
	if len(pending) > 0 {
		row(nil)
	}
	return l
}

// WriteArtefacts writes, for each test, NAME.pcap and NAME.trace (when the
// trace fits) and, for each difference, the ladder NAME.dot (and
// NAME.svg when svg is set). It returns the files per test.
func WriteArtefacts(dir, stack string, rs []Result, svg bool) (map[string][]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := map[string][]string{}
	for i := range rs {
		r := &rs[i]
		base := filepath.Join(dir, r.Test.Name)
		f, err := os.Create(base + ".pcap")
		if err != nil {
			return files, err
		}
		err = WritePcap(f, r.Packets)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return files, err
		}
		files[r.Test.Name] = append(files[r.Test.Name], base+".pcap")
		if text, err := TraceText(r); err == nil {
			if err := os.WriteFile(base+".trace", []byte(text), 0o644); err != nil {
				return files, err
			}
			files[r.Test.Name] = append(files[r.Test.Name], base+".trace")
		}
		if r.Diff() == nil {
			continue
		}
		l := Ladder(r, stack)
		if l.Validate() != nil {
			continue
		}
		src, err := l.WriteDOT()
		if err != nil {
			continue
		}
		if err := os.WriteFile(base+".dot", src, 0o644); err != nil {
			return files, err
		}
		files[r.Test.Name] = append(files[r.Test.Name], base+".dot")
		if svg {
			if out, err := graphs.RenderSVG(src); err == nil {
				if err := os.WriteFile(base+".svg", out, 0o644); err != nil {
					return files, err
				}
				files[r.Test.Name] = append(files[r.Test.Name], base+".svg")
			}
		}
	}
	return files, nil
}
