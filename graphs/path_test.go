package graphs

import (
	"strings"
	"testing"
)

func twoNodes(a, b string) *StatePath {
	return &StatePath{
		Title:   "t",
		Columns: []string{"A", "B"},
		Nodes: []PathNode{
			{Rows: []PathRow{{Name: "state", Cells: []Cell{{Text: "CLOSED"}, {Text: "LISTEN"}}}, {Name: "network", Cells: []Cell{{Text: a}}}}},
			{Rows: []PathRow{{Name: "state", Cells: []Cell{{Text: "SYN-SENT"}, {Text: "LISTEN"}}}, {Name: "network", Cells: []Cell{{Text: b}}}}},
		},
		Edges:      []string{"A: active OPEN"},
		Broken:     -1,
		CycleStart: -1,
	}
}

func TestMarkChanges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		net0     string
		net1     string
		wantA    bool
		wantB    bool
		wantNet1 bool
	}{
		{"only A and network", "", "<SEQ=100><CTL=SYN>", true, false, true},
		{"network unchanged", "x", "x", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := twoNodes(tc.net0, tc.net1)
			p.MarkChanges()
			st := p.Nodes[1].Rows[0].Cells
			if st[0].Changed != tc.wantA || st[1].Changed != tc.wantB {
				t.Errorf("state changed = %v,%v, want %v,%v", st[0].Changed, st[1].Changed, tc.wantA, tc.wantB)
			}
			if got := p.Nodes[1].Rows[1].Cells[0].Changed; got != tc.wantNet1 {
				t.Errorf("network changed = %v, want %v", got, tc.wantNet1)
			}
			for _, r := range p.Nodes[0].Rows {
				for _, c := range r.Cells {
					if c.Changed {
						t.Errorf("first node has a changed cell %q", c.Text)
					}
				}
			}
		})
	}
}

func TestStatePathDOT(t *testing.T) {
	p := twoNodes("", "<SEQ=100><CTL=SYN>")
	p.MarkChanges()
	p.Broken = 1
	p.CycleStart = 0
	src, err := p.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "path", src)
	s := string(src)
	for _, want := range []string{
		`BGCOLOR="` + colChanged + `"><FONT POINT-SIZE="10">SYN-SENT</FONT>`, // the changed state, highlighted
		`<TD ALIGN="LEFT"><FONT POINT-SIZE="10">LISTEN</FONT>`,               // B unchanged, plain
		`COLSPAN="2"`,         // the network row spans both columns
		"A: active OPEN",      // the action on the edge
		`COLOR="` + colBroken, // the broken state's border
		`>cycle<`,             // the lasso edge
	} {
		if !strings.Contains(s, want) {
			t.Errorf("path DOT lacks %q", want)
		}
	}
	if _, err := RenderSVG(src); err != nil {
		t.Fatal(err)
	}
}

func TestStatePathValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *StatePath)
		want string
	}{
		{"no nodes", func(p *StatePath) { p.Nodes, p.Edges = nil, nil }, "no nodes"},
		{"edge count", func(p *StatePath) { p.Edges = nil }, "want 1 labels"},
		{"broken beyond", func(p *StatePath) { p.Broken = 2 }, "beyond the 2 nodes"},
		{"too many cells", func(p *StatePath) { p.Columns = p.Columns[:1] }, "2 cells for 1 columns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := twoNodes("", "")
			tc.edit(p)
			if _, err := p.WriteDOT(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
