package scenario

import "strings"

// Format writes the trace back in canonical form: Parse(Format(t)) gives
// t again, up to positions and the spelling of steps. Every clause names
// its side explicitly.
func (t *Trace) Format() string {
	var b strings.Builder
	if t.Title != "" {
		b.WriteString("# " + t.Title + "\n")
	}
	if len(t.Config) > 0 {
		b.WriteString("config")
		for _, s := range t.Config {
			b.WriteString(" " + s.Key + "=" + s.Value)
		}
		b.WriteString("\n")
	}
	for _, d := range t.OldDups {
		b.WriteString("old-dup " + d.From.String() + " " + d.Seg.String() + "\n")
	}
	for _, n := range t.Notes {
		b.WriteString(strings.TrimRight("# "+n, " ") + "\n")
	}
	for i, st := range t.Steps {
		line := st.String()
		switch {
		case i == 0 && len(st.Comments) == 1:
			// A comment line here would read as a note of the trace.
			line += strings.TrimRight("  # "+st.Comments[0], " ")
		default:
			for _, c := range st.Comments {
				b.WriteString(strings.TrimRight("# "+c, " ") + "\n")
			}
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// String writes one step in canonical form, expectations included.
func (st Step) String() string {
	var b strings.Builder
	if st.Reject {
		b.WriteString("! ")
	}
	b.WriteString(st.Action())
	for i, e := range st.Expect {
		switch {
		case i == 0 && st.Verb == Check:
			b.WriteString(" ")
		case i == 0:
			b.WriteString(" => ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(e.String())
	}
	return b.String()
}

// Action is the step without its expectations, in canonical form, e.g.
// "B rcv <SEQ=100><CTL=SYN>".
func (st Step) Action() string {
	if st.Verb == Check {
		return "expect"
	}
	s := st.Side.String() + " " + st.Verb.String()
	if st.Verb.HasSegment() {
		s += " " + st.Seg.String()
	}
	return s
}
