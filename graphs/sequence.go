package graphs

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sequence-diagram text of a ladder, for Mermaid and PlantUML, so that a
// trace can be pasted into notes and wikis that render those languages.
// A sequence diagram draws a message as a horizontal arrow, so each
// segment is one arrow at the step that sends it, labelled with what
// became of it when that is not simply "received at the next step"
// (received later or more than once, lost, still in flight at the end).
// Each step numbers the notes and arrows it produces, as the ladder and
// the text report do; the endpoints' states are notes at the sides.

// seqRow is one line of a sequence diagram, before it is spelled in a
// particular language.
type seqRow struct {
	kind  seqKind
	side  int    // arrows: the sender; notes: the side
	text  string // raw, unescaped
	style arrowStyle
	old   bool
}

type seqKind uint8

const (
	rowArrow seqKind = iota
	rowNote
	rowNoteBoth
	rowLoop // opens a loop; text is its label
	rowEnd  // closes the loop
)

type arrowStyle uint8

const (
	arrowReceived arrowStyle = iota
	arrowLost
	arrowInFlight // never received nor lost: dotted
)

// fate is what happens to one segment over the ladder.
type fate struct {
	sent     int // step that sent it; 0 for Earlier
	receipts []int
	lost     int // step, or 0
}

// sequenceRows lays the ladder out as rows.
func (l *Ladder) sequenceRows() ([]seqRow, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	fates := map[int]*fate{}
	for _, e := range l.Earlier {
		fates[e.ID] = &fate{}
	}
	for i, st := range l.Steps {
		for _, e := range st.Events {
			switch e.Kind {
			case Send:
				fates[e.ID] = &fate{sent: i + 1}
			case Receive:
				fates[e.ID].receipts = append(fates[e.ID].receipts, i+1)
			case Loss:
				fates[e.ID].lost = i + 1
			}
		}
	}
	labels := map[int]string{}
	var rows []seqRow
	arrow := func(prefix string, e LadderEvent) {
		labels[e.ID] = e.Text
		f := fates[e.ID]
		r := seqRow{kind: rowArrow, side: e.Side, text: prefix + e.Text + f.suffix(), old: e.Old}
		switch {
		case len(f.receipts) == 0 && f.lost > 0:
			r.style = arrowLost
		case len(f.receipts) == 0:
			r.style = arrowInFlight
		}
		if e.Old {
			r.text += " [old incarnation]"
		}
		rows = append(rows, r)
	}
	rows = append(rows,
		seqRow{kind: rowNote, side: 0, text: l.Initial[0]},
		seqRow{kind: rowNote, side: 1, text: l.Initial[1]})
	for _, e := range l.Earlier {
		arrow("before step 1: ", e)
	}
	broken := func(step int) {
		if step == l.Broken {
			rows = append(rows, seqRow{kind: rowNoteBoth, text: "the property is broken here"})
		}
	}
	broken(0)
	prev := l.Initial
	for i, st := range l.Steps {
		n := i + 1
		if l.CycleStart >= 0 && i == l.CycleStart && l.CycleStart < len(l.Steps) {
			rows = append(rows, seqRow{kind: rowLoop, text: fmt.Sprintf("steps %d to %d repeat forever", n, len(l.Steps))})
		}
		var parts [2][]string
		var acted [2]bool
		for _, e := range st.Events {
			switch e.Kind {
			case Call, Timer, Mark:
				parts[e.Side] = append(parts[e.Side], e.Text)
				acted[e.Side] = true
			case Receive:
				acted[e.Side] = true
				if f := fates[e.ID]; f.sent == 0 || f.sent != n-1 || f.receipts[0] != n {
					when := fmt.Sprintf("sent at step %d", f.sent)
					if f.sent == 0 {
						when = "in the network at the start"
					}
					parts[e.Side] = append(parts[e.Side], "rcv "+labels[e.ID]+" ("+when+")")
				}
			case Loss:
				parts[e.Side] = append(parts[e.Side], labels[e.ID]+" lost")
			}
		}
		for s := 0; s < 2; s++ {
			changed := st.State[s] != prev[s]
			if len(parts[s]) == 0 && !changed && !acted[s] {
				continue
			}
			text := strconv.Itoa(n) + ". "
			switch {
			case len(parts[s]) == 0:
				text += st.State[s]
			case changed || acted[s]:
				text += strings.Join(parts[s], ", ") + " → " + st.State[s]
			default:
				text += strings.Join(parts[s], ", ")
			}
			rows = append(rows, seqRow{kind: rowNote, side: s, text: text})
		}
		for _, e := range st.Events {
			if e.Kind == Send {
				arrow(strconv.Itoa(n)+". ", e)
			}
		}
		broken(n)
		prev = st.State
	}
	switch {
	case l.CycleStart >= 0 && l.CycleStart < len(l.Steps):
		rows = append(rows, seqRow{kind: rowEnd})
	case l.CycleStart == len(l.Steps):
		rows = append(rows, seqRow{kind: rowNoteBoth, text: "stays in this state forever: no fair action is enabled"})
	}
	return rows, nil
}

// suffix says what became of a segment, unless it was simply received at
// the step after it was sent.
func (f *fate) suffix() string {
	if f.lost == 0 && len(f.receipts) == 1 && f.sent > 0 && f.receipts[0] == f.sent+1 {
		return ""
	}
	var says []string
	if len(f.receipts) > 0 {
		steps := make([]string, len(f.receipts))
		for i, r := range f.receipts {
			steps[i] = strconv.Itoa(r)
		}
		w := "arrives at step "
		if len(steps) > 1 {
			w = "arrives at steps "
		}
		says = append(says, w+strings.Join(steps, ", "))
	}
	if f.lost > 0 {
		says = append(says, fmt.Sprintf("lost at step %d", f.lost))
	}
	if len(says) == 0 {
		return " (still in flight at the end)"
	}
	return " (" + strings.Join(says, "; ") + ")"
}

// Mermaid returns the ladder as a Mermaid sequence diagram. Every label
// is written with Mermaid's entity codes (#60; for <) for any character
// that its grammar or its HTML sanitizer could take as markup.
func (l *Ladder) Mermaid() ([]byte, error) {
	rows, err := l.sequenceRows()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	names := [2]string{"A", "B"}
	fmt.Fprintf(&b, "    participant A as %s\n    participant B as %s\n", mermaidText(l.Lifelines[0]), mermaidText(l.Lifelines[1]))
	if l.Title != "" {
		lines := strings.Split(l.Title, "\n")
		for i := range lines {
			lines[i] = mermaidText(lines[i])
		}
		fmt.Fprintf(&b, "    Note over A,B: %s\n", strings.Join(lines, "<br/>"))
	}
	indent := "    "
	for _, r := range rows {
		switch r.kind {
		case rowArrow:
			arrow := "->>"
			switch r.style {
			case arrowLost:
				arrow = "-x"
			case arrowInFlight:
				arrow = "-->>"
			}
			fmt.Fprintf(&b, "%s%s%s%s: %s\n", indent, names[r.side], arrow, names[1-r.side], mermaidText(r.text))
		case rowNote:
			where := "left of A"
			if r.side == 1 {
				where = "right of B"
			}
			fmt.Fprintf(&b, "%sNote %s: %s\n", indent, where, mermaidText(r.text))
		case rowNoteBoth:
			fmt.Fprintf(&b, "%sNote over A,B: %s\n", indent, mermaidText(r.text))
		case rowLoop:
			fmt.Fprintf(&b, "%sloop %s\n", indent, mermaidText(r.text))
			indent = "        "
		case rowEnd:
			indent = "    "
			fmt.Fprintf(&b, "%send\n", indent)
		}
	}
	return []byte(b.String()), nil
}

// PlantUML returns the ladder as a PlantUML sequence diagram. Segments of
// an old incarnation are drawn in the ladder's red. Every character that
// PlantUML's Creole markup could take as markup is written as an HTML
// character reference (&#60; for <).
func (l *Ladder) PlantUML() ([]byte, error) {
	rows, err := l.sequenceRows()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("@startuml\n")
	if l.Title != "" {
		lines := strings.Split(l.Title, "\n")
		for i := range lines {
			lines[i] = plantText(lines[i])
		}
		fmt.Fprintf(&b, "title %s\n", strings.Join(lines, "\\n"))
	}
	names := [2]string{"A", "B"}
	fmt.Fprintf(&b, "participant \"%s\" as A\nparticipant \"%s\" as B\n", plantText(l.Lifelines[0]), plantText(l.Lifelines[1]))
	indent := ""
	for _, r := range rows {
		switch r.kind {
		case rowArrow:
			line, head := "-", ">"
			if r.style == arrowInFlight {
				line = "--"
			}
			if r.style == arrowLost {
				head = ">x"
			}
			colour := ""
			if r.old {
				colour = "[" + colOld + "]"
			}
			arrow := line[:1] + colour + line[1:] + head
			fmt.Fprintf(&b, "%s%s %s %s : %s\n", indent, names[r.side], arrow, names[1-r.side], plantText(r.text))
		case rowNote:
			where := "left of A"
			if r.side == 1 {
				where = "right of B"
			}
			fmt.Fprintf(&b, "%snote %s : %s\n", indent, where, plantText(r.text))
		case rowNoteBoth:
			fmt.Fprintf(&b, "%snote over A, B : %s\n", indent, plantText(r.text))
		case rowLoop:
			fmt.Fprintf(&b, "%sloop %s\n", indent, plantText(r.text))
			indent = "  "
		case rowEnd:
			indent = ""
			fmt.Fprintf(&b, "end\n")
		}
	}
	b.WriteString("@enduml\n")
	return []byte(b.String()), nil
}

// mermaidText escapes s for a Mermaid sequence diagram: characters outside
// a small safe set become entity codes (#60;), control characters and
// invalid UTF-8 become U+FFFD, so a label can neither end its statement
// (; # newline), open a comment (%%) nor smuggle in HTML.
func mermaidText(s string) string {
	return escapeWith(s, func(r rune, _, _ rune) bool {
		return r < utf8.RuneSelf && (isAlnum(r) || strings.ContainsRune(" .,=()+!?'_:/*-", r))
	}, func(r rune) string { return "#" + strconv.Itoa(int(r)) + ";" })
}

// plantText escapes s for a PlantUML label: markup characters become HTML
// character references (&#60;), and the Creole markers (-- // ** __ ==)
// are broken up, so a label shows as written.
func plantText(s string) string {
	return escapeWith(s, func(r, prev, next rune) bool {
		switch {
		case r >= utf8.RuneSelf:
			return false
		case isAlnum(r) || strings.ContainsRune(" .,()+!?:;", r):
			return true
		case strings.ContainsRune("-/*_=", r):
			return r != prev && r != next // doubled, they are Creole markup
		}
		return false
	}, func(r rune) string { return "&#" + strconv.Itoa(int(r)) + ";" })
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// escapeWith keeps the runes safe says are safe and encodes the others;
// control characters and invalid UTF-8 are first replaced by U+FFFD,
// except that a newline or tab becomes a space.
func escapeWith(s string, safe func(r, prev, next rune) bool, enc func(rune) string) string {
	var rs []rune
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			r = ' '
		case r == utf8.RuneError && n <= 1, r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			r = utf8.RuneError
		}
		rs = append(rs, r)
	}
	var b strings.Builder
	for i, r := range rs {
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		if safe(r, prev, next) {
			b.WriteRune(r)
		} else {
			b.WriteString(enc(r))
		}
	}
	return b.String()
}
