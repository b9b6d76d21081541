package scenario

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for a terminal: the trace's notes, then one
// line per step with its comments above it, its outcome and the model's
// label for the transition taken, then the verdict, and on failure the
// reason with the transitions the model enabled instead. Transitions are
// numbered as the ladder and the state path number them; a rejected step
// or an expect line moves nothing and has no number.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	name := r.Trace.Name
	if r.Trace.Title != "" {
		fmt.Fprintf(&b, "%s\n", r.Trace.Title)
	}
	for _, n := range r.Trace.Notes {
		fmt.Fprintf(&b, "  # %s\n", n)
	}
	text := func(st *Step) string {
		if st.Reject {
			return "! " + st.Action()
		}
		return st.Action()
	}
	width := 0
	for _, res := range r.Results {
		width = max(width, len([]rune(text(res.Step))))
	}
	taken, rejected, checks := 0, 0, 0
	for _, res := range r.Results {
		for _, c := range res.Step.Comments {
			fmt.Fprintf(&b, "          # %s\n", c)
		}
		mark := "ok  "
		if !res.OK {
			mark = "FAIL"
		}
		num := "   "
		switch {
		case res.Number > 0:
			num = fmt.Sprintf("%3d", res.Number)
		case !res.OK && r.Failure != nil && !res.Step.Reject && res.Step.Verb != Check:
			num = fmt.Sprintf("%3d", r.Failure.Number) // the step it would have been
		}
		var what string
		switch {
		case !res.OK:
			what = ""
		case res.Taken:
			taken++
			what = res.Action.String()
		case res.Step.Reject:
			rejected++
			what = "not possible here, as the trace expects"
			if len(res.Step.Expect) > 0 {
				what = "no such transition leads to " + expectations(res.Step) + ", as the trace expects"
			}
		default:
			checks++
			what = "holds: " + expectations(res.Step)
		}
		line := fmt.Sprintf("%s %s  %-*s  %s", num, mark, width, text(res.Step), what)
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if r.Failure != nil {
		b.WriteString(r.Failure.Error() + "\n")
	} else {
		fmt.Fprintf(&b, "%s: %s", name, plural(taken, "step"))
		if taken == 1 {
			b.WriteString(" is a behaviour of the model")
		} else {
			b.WriteString(" are a behaviour of the model")
		}
		if rejected > 0 {
			fmt.Fprintf(&b, "; %s refused as the trace expects", plural(rejected, "rejected step"))
		}
		if checks > 0 {
			fmt.Fprintf(&b, "; %s", plural(checks, "expect line"))
			if checks == 1 {
				b.WriteString(" holds")
			} else {
				b.WriteString(" hold")
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// expectations lists a step's expectations as the trace writes them.
func expectations(st *Step) string {
	parts := make([]string, len(st.Expect))
	for i, e := range st.Expect {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}

// plural is "1 step", "2 steps".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
