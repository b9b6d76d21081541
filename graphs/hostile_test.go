package graphs

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"pgregory.net/rapid"
)

// hostile are label texts that break naive DOT or SVG writers.
var hostile = []string{
	`"`, `\`, `\"`, `"; evil [label="x"]; "`, `<B>bold?</B>`, `<<>>`, `]`, `}`,
	`&amp;`, `&#0;`, "\x00", "\x07bell", "line\nbreak", "tab\there", "\\n", `\l\r\N`,
	"\xff\xfe not utf-8", "ünï©ødé ✓", "-->", "<!-- -->", "]]>", "'", "{rank=same}",
}

// checkRenders renders src and checks that the SVG is well-formed XML.
func checkRenders(t interface{ Fatalf(string, ...any) }, src []byte) {
	svg, err := RenderSVG(src)
	if err != nil {
		t.Fatalf("render: %v\n%s", err, src)
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

func hostileLadder(s string) *Ladder {
	return &Ladder{
		Title:     s,
		Lifelines: [2]string{s, s},
		Initial:   [2]string{s, s},
		Earlier:   []LadderEvent{{Kind: Send, Side: 1, ID: 0, Text: s, Old: true}},
		Steps: []LadderStep{
			{State: [2]string{s, ""}, Events: []LadderEvent{{Kind: Call, Text: s}, {Kind: Send, ID: 1, Text: s}}},
			{State: [2]string{"", s}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 1}, {Kind: Timer, Side: 1, Text: s}, {Kind: Mark, Text: s}}},
			{State: [2]string{s, s}, Events: []LadderEvent{{Kind: Loss, ID: 0}}},
		},
		Broken:     1,
		CycleStart: 1,
	}
}

func hostilePictures(s string) map[string]func() ([]byte, error) {
	p := twoNodes(s, s+s)
	p.Title, p.Columns, p.Edges = s, []string{s, s}, []string{s}
	p.Nodes[0].Title = s
	p.Nodes[1].Rows = append(p.Nodes[1].Rows, PathRow{Name: s, Cells: []Cell{{Text: s}}})
	p.MarkChanges()
	sg := &StateGraph{Title: s, Note: s,
		Nodes: []GraphNode{{Label: s, Initial: true}, {Label: s + "\n" + s, Bad: true, Border: true}},
		Edges: []GraphEdge{{From: 0, To: 1, Label: s, OnPath: true}, {From: 1, To: 0, Label: s}},
	}
	d := &Diagram{Title: s, States: []string{s}}
	d.Add(s, s+"x", s, s, s)
	d.Add("CLOSED", s, "rcv RST", s, "")
	return map[string]func() ([]byte, error){
		"ladder":  hostileLadder(s).WriteDOT,
		"path":    p.WriteDOT,
		"graph":   sg.WriteDOT,
		"diagram": func() ([]byte, error) { return d.WriteDOT(append([]FigureEdge{{s, "CLOSED", s, s, s}}, Figure5...)) },
	}
}

func TestHostileLabels(t *testing.T) {
	for _, s := range hostile {
		for name, write := range hostilePictures(s) {
			src, err := write()
			if err != nil {
				t.Fatalf("%s with %q: %v", name, s, err)
			}
			checkRenders(t, src)
		}
	}
}

func TestHostileLabelsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringN(0, 40, -1).Draw(t, "label")
		pics := hostilePictures(s)
		name := rapid.SampledFrom([]string{"ladder", "path", "graph", "diagram"}).Draw(t, "picture")
		src, err := pics[name]()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkRenders(t, src)
	})
}
