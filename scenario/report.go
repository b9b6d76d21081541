package scenario

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for a terminal: one line per step with its
// outcome and the model's label for the transition taken, then the
// verdict, and on failure the reason with the transitions the model
// enabled instead.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	name := r.Trace.Name
	if r.Trace.Title != "" {
		fmt.Fprintf(&b, "%s\n", r.Trace.Title)
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
	for _, res := range r.Results {
		mark := "ok  "
		if !res.OK {
			mark = "FAIL"
		}
		var what string
		switch {
		case !res.OK:
			what = ""
		case res.Taken:
			what = res.Action.String()
		case res.Step.Reject:
			what = "not a behaviour of the model, as the trace says"
		default:
			what = "holds"
		}
		line := fmt.Sprintf("%3d %s  %-*s  %s", res.Index, mark, width, text(res.Step), what)
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if r.Failure != nil {
		b.WriteString(r.Failure.Error() + "\n")
	} else {
		fmt.Fprintf(&b, "%s: all %d steps are a behaviour of the model\n", name, len(r.Results))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
