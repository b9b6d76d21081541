package graphs

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// arrowLine is an arrow of a sequence diagram, its label decoded.
type arrowLine struct{ from, arrow, to, label string }

var (
	mermaidArrow = regexp.MustCompile(`^\s*(A|B)(->>|-x|-->>)(A|B): (.*)$`)
	mermaidNote  = regexp.MustCompile(`^\s*Note (left of A|right of B|over A,B): (.*)$`)
	plantArrow   = regexp.MustCompile(`^\s*(A|B) (-(?:\[#[0-9a-f]{6}\])?-?>x?) (A|B) : (.*)$`)
	plantNote    = regexp.MustCompile(`^\s*note (left of A|right of B|over A, B) : (.*)$`)
	entityCode   = regexp.MustCompile(`#([0-9]+);`)
	charRef      = regexp.MustCompile(`&#([0-9]+);`)
)

func decode(re *regexp.Regexp, s string) string {
	return re.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(re.FindStringSubmatch(m)[1])
		return string(rune(n))
	})
}

func arrows(t *testing.T, src []byte, re, ent *regexp.Regexp) []arrowLine {
	t.Helper()
	var out []arrowLine
	for _, line := range strings.Split(string(src), "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			out = append(out, arrowLine{m[1], m[2], m[3], decode(ent, m[4])})
		}
	}
	return out
}

// TestSequenceS1: the three-way handshake and the close of RFC 9293
// Figures 6 and 12, as arrows in both languages, with the states as notes.
func TestSequenceS1(t *testing.T) {
	tr := drive(t, newModel(t, "rfc9293"), s1)
	l, err := LadderFromTrace("S1: open and close", tr, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	want := []arrowLine{
		{"A", "", "B", "2. <SEQ=100><CTL=SYN>"},
		{"B", "", "A", "3. <SEQ=300><ACK=101><CTL=SYN,ACK>"},
		{"A", "", "B", "4. <SEQ=101><ACK=301><CTL=ACK>"},
		{"A", "", "B", "6. <SEQ=101><ACK=301><CTL=FIN,ACK>"},
		{"B", "", "A", "7. <SEQ=301><ACK=102><CTL=ACK>"},
		{"B", "", "A", "9. <SEQ=301><ACK=102><CTL=FIN,ACK>"},
		{"A", "", "B", "10. <SEQ=102><ACK=302><CTL=ACK>"},
	}
	for _, c := range []struct {
		lang         string
		write        func() ([]byte, error)
		head, tail   string
		arrow        *regexp.Regexp
		note         *regexp.Regexp
		ent          *regexp.Regexp
		solid        string
		stateNotes   []string
		participants string
	}{
		{"mermaid", l.Mermaid, "sequenceDiagram\n", "", mermaidArrow, mermaidNote, entityCode, "->>",
			[]string{"left of A|2. active OPEN → SYN-SENT", "right of B|3. SYN-RECEIVED", "left of A|4. ESTABLISHED", "right of B|5. ESTABLISHED", "left of A|10. TIME-WAIT", "left of A|12. 2MSL expires → CLOSED"},
			"    participant A as TCP A\n    participant B as TCP B\n"},
		{"plantuml", l.PlantUML, "@startuml\n", "@enduml\n", plantArrow, plantNote, charRef, "->",
			[]string{"left of A|2. active OPEN → SYN-SENT", "right of B|3. SYN-RECEIVED", "left of A|4. ESTABLISHED", "right of B|5. ESTABLISHED", "left of A|10. TIME-WAIT", "left of A|12. 2MSL expires → CLOSED"},
			"participant \"TCP A\" as A\nparticipant \"TCP B\" as B\n"},
	} {
		src, err := c.write()
		if err != nil {
			t.Fatalf("%s: %v", c.lang, err)
		}
		s := string(src)
		if !strings.HasPrefix(s, c.head) || !strings.HasSuffix(s, c.tail) || !strings.Contains(s, c.participants) {
			t.Errorf("%s: header, participants or trailer missing:\n%s", c.lang, s)
		}
		got := arrows(t, src, c.arrow, c.ent)
		if len(got) != len(want) {
			t.Fatalf("%s: %d arrows, want %d:\n%s", c.lang, len(got), len(want), s)
		}
		for i, a := range got {
			w := want[i]
			if a.from != w.from || a.to != w.to || a.label != w.label || a.arrow != c.solid {
				t.Errorf("%s: arrow %d is %v, want %s%s%s: %s", c.lang, i+1, a, w.from, c.solid, w.to, w.label)
			}
		}
		var notes []string
		for _, line := range strings.Split(s, "\n") {
			if m := c.note.FindStringSubmatch(line); m != nil {
				notes = append(notes, m[1]+"|"+decode(c.ent, m[2]))
			}
		}
		joined := strings.Join(notes, "\n")
		for _, n := range c.stateNotes {
			if !strings.Contains(joined, n) {
				t.Errorf("%s: no note %q among\n%s", c.lang, n, joined)
			}
		}
		// The handshake's notes come in the order of the steps.
		if i, j := strings.Index(joined, "3. SYN-RECEIVED"), strings.Index(joined, "4. ESTABLISHED"); i < 0 || j < i {
			t.Errorf("%s: notes out of order:\n%s", c.lang, joined)
		}
	}
}

// TestSequenceFates: a segment lost, one still in flight, one delivered
// late and twice, one from before the trace, and a cycle.
func TestSequenceFates(t *testing.T) {
	l := &Ladder{
		Title:     "fates",
		Lifelines: [2]string{"TCP A", "TCP B"},
		Initial:   [2]string{"SYN-SENT", "LISTEN"},
		Earlier:   []LadderEvent{{Kind: Send, Side: 0, ID: 0, Text: "OLD", Old: true}},
		Steps: []LadderStep{
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Timer, Side: 0, Text: "retransmit"}, {Kind: Send, Side: 0, ID: 1, Text: "LOST"}}},
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Timer, Side: 0, Text: "retransmit"}, {Kind: Send, Side: 0, ID: 2, Text: "LATE"}}},
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Loss, Side: 0, ID: 1}}},
			{State: [2]string{"SYN-SENT", "SYN-RECEIVED"}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 2}, {Kind: Send, Side: 1, ID: 3, Text: "FLYING"}}},
			{State: [2]string{"SYN-SENT", "SYN-RECEIVED"}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 2}, {Kind: Receive, Side: 1, ID: 0}}},
		},
		Broken:     -1,
		CycleStart: 3,
	}
	src, err := l.Mermaid()
	if err != nil {
		t.Fatal(err)
	}
	s := decode(entityCode, string(src))
	for _, want := range []string{
		"A-xB: 1. LOST (lost at step 3)",
		"A->>B: 2. LATE (arrives at steps 4, 5)",
		"B-->>A: 4. FLYING (still in flight at the end)",
		"Note right of B: 5. rcv LATE (sent at step 2), rcv OLD (in the network at the start) → SYN-RECEIVED",
		"Note left of A: 3. LOST lost",
		"loop steps 4 to 5 repeat forever",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("mermaid lacks %q:\n%s", want, s)
		}
	}
	if !strings.Contains(s, "A->>B: before step 1: OLD (arrives at step 5) [old incarnation]") {
		t.Errorf("the old segment's arrow:\n%s", s)
	}
	if strings.Count(s, "\n    end\n") != 1 || !strings.Contains(s, "        Note right of B: 4.") {
		t.Errorf("the cycle must be one indented loop block:\n%s", s)
	}
	p, err := l.PlantUML()
	if err != nil {
		t.Fatal(err)
	}
	ps := decode(charRef, string(p))
	for _, want := range []string{
		"A ->x B : 1. LOST (lost at step 3)",
		"B --> A : 4. FLYING (still in flight at the end)",
		"A -[#c0392b]> B : before step 1: OLD (arrives at step 5) [old incarnation]",
		"loop steps 4 to 5 repeat forever",
		"\nend\n@enduml\n",
	} {
		if !strings.Contains(ps, want) {
			t.Errorf("plantuml lacks %q:\n%s", want, ps)
		}
	}
	// Staying forever in the last state is a note, not a loop.
	l.CycleStart = len(l.Steps)
	src, _ = l.Mermaid()
	if !strings.Contains(string(src), "Note over A,B: stays in this state forever") || strings.Contains(string(src), "loop") {
		t.Errorf("a stuck end:\n%s", src)
	}
}

// TestSequenceHostile: whatever a label holds, each statement stays on
// its line, no label character can be read as syntax, and the decoded
// label is what was written (control characters aside).
func TestSequenceHostile(t *testing.T) {
	benignM, _ := hostileLadder("x").Mermaid()
	benignP, _ := hostileLadder("x").PlantUML()
	mermaidStmt := regexp.MustCompile(`^(sequenceDiagram|    participant [AB] as .*|\s*Note (left of A|right of B|over A,B): .*|\s*(A|B)(->>|-x|-->>)(A|B): .*|\s*loop .*|\s*end)$`)
	plantStmt := regexp.MustCompile(`^(@startuml|@enduml|title .*|participant "[^"]*" as [AB]|\s*note (left of A|right of B|over A, B) : .*|\s*(A|B) -(\[#[0-9a-f]{6}\])?-?>x? (A|B) : .*|\s*loop .*|end)$`)
	for _, h := range hostile {
		l := hostileLadder(h)
		m, err := l.Mermaid()
		if err != nil {
			t.Fatal(err)
		}
		p, err := l.PlantUML()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(m), "\n") != strings.Count(string(benignM), "\n") || strings.Count(string(p), "\n") != strings.Count(string(benignP), "\n") {
			t.Errorf("%q: the label changed the number of lines", h)
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(m), "\n"), "\n") {
			if !mermaidStmt.MatchString(line) {
				t.Errorf("%q: mermaid line %q is not a statement", h, line)
			}
			_, text, _ := strings.Cut(line, ": ")
			text = strings.ReplaceAll(entityCode.ReplaceAllString(text, ""), "<br/>", "")
			if strings.ContainsAny(text, "#;<>%&\"\\{}[]") {
				t.Errorf("%q: mermaid label %q keeps a markup character", h, text)
			}
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(p), "\n"), "\n") {
			if !plantStmt.MatchString(line) {
				t.Errorf("%q: plantuml line %q is not a statement", h, line)
			}
			_, text, _ := strings.Cut(line, " : ")
			if t, ok := strings.CutPrefix(line, "title "); ok {
				text = strings.ReplaceAll(t, `\n`, " ")
			}
			if strings.HasPrefix(line, "participant") {
				text = line[len(`participant "`):strings.LastIndex(line, `"`)]
			}
			text = charRef.ReplaceAllString(text, "")
			for _, bad := range []string{"<", ">", "\"", "'", "~", "\\", "--", "//", "**", "__", "=="} {
				if strings.Contains(text, bad) {
					t.Errorf("%q: plantuml label %q keeps %q", h, text, bad)
				}
			}
		}
		if want := clean(h); !strings.Contains(decode(entityCode, string(m)), want) || !strings.Contains(decode(charRef, string(p)), want) {
			t.Errorf("%q: the decoded diagrams do not show %q", h, want)
		}
	}
}

// clean is what a diagram shows of s: line breaks as spaces, control
// characters and invalid UTF-8 as U+FFFD.
func clean(s string) string {
	return escapeWith(s, func(rune, rune, rune) bool { return true }, nil)
}
