package graphs

import (
	"fmt"
	"strings"

	"github.com/emicklei/dot"
)

// Cell is one field value of a joint state.
type Cell struct {
	Text    string
	Changed bool // differs from the previous node; drawn highlighted
}

// PathRow is one field of a joint state across the columns, such as
// "SND.NXT" for both endpoints. A row with a single cell under several
// columns spans them (the network, for instance).
type PathRow struct {
	Name  string
	Cells []Cell
}

// PathNode is one joint state of a trace.
type PathNode struct {
	Title string
	Rows  []PathRow
}

// StatePath is a trace drawn as a path of joint states, top to bottom,
// with the action on each edge.
type StatePath struct {
	Title   string
	Columns []string // column headings, e.g. "A", "B"
	Nodes   []PathNode
	// Edges[i] labels the step from Nodes[i] to Nodes[i+1].
	Edges []string
	// Broken is the index in Nodes of the state in which a property is
	// found broken, or -1.
	Broken int
	// CycleStart, if not -1, is the node the last node loops back to (a
	// liveness lasso); the last node itself means it stays there forever.
	CycleStart int
}

// MarkChanges sets Changed on every cell that differs from the cell at
// the same row name and column in the previous node. The first node has
// nothing changed.
func (p *StatePath) MarkChanges() {
	for i := 1; i < len(p.Nodes); i++ {
		prev := map[string][]Cell{}
		for _, r := range p.Nodes[i-1].Rows {
			prev[r.Name] = r.Cells
		}
		for _, r := range p.Nodes[i].Rows {
			old, ok := prev[r.Name]
			for j := range r.Cells {
				r.Cells[j].Changed = !ok || j >= len(old) || old[j].Text != r.Cells[j].Text
			}
		}
	}
}

// Validate reports a path whose edges do not join its nodes or whose
// marks point outside it.
func (p *StatePath) Validate() error {
	if len(p.Nodes) == 0 {
		return fmt.Errorf("graphs: state path %q has no nodes; give it at least the initial state", p.Title)
	}
	if len(p.Edges) != len(p.Nodes)-1 {
		return fmt.Errorf("graphs: state path has %d nodes and %d edge labels, want %d labels", len(p.Nodes), len(p.Edges), len(p.Nodes)-1)
	}
	if p.Broken >= len(p.Nodes) || p.CycleStart >= len(p.Nodes) {
		return fmt.Errorf("graphs: state path: Broken %d or CycleStart %d is beyond the %d nodes", p.Broken, p.CycleStart, len(p.Nodes))
	}
	for i, n := range p.Nodes {
		for _, r := range n.Rows {
			if len(r.Cells) > len(p.Columns) && len(p.Columns) > 0 {
				return fmt.Errorf("graphs: state path node %d row %q has %d cells for %d columns", i, r.Name, len(r.Cells), len(p.Columns))
			}
		}
	}
	return nil
}

// WriteDOT returns the path as DOT, each joint state a table.
func (p *StatePath) WriteDOT() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	g := newGraph("path", p.Title)
	g.Attr("rankdir", "TB")
	g.Attr("nodesep", "0.3")
	g.Attr("ranksep", "0.35")
	nodes := make([]dot.Node, len(p.Nodes))
	for i, n := range p.Nodes {
		border := colLine
		if i == p.Broken {
			border = colBroken
		}
		nodes[i] = g.Node(fmt.Sprintf("s%04d", i)).
			Attr("shape", "plaintext").
			Attr("label", html(p.table(i, n, border)))
	}
	for i, lab := range p.Edges {
		e := g.Edge(nodes[i], nodes[i+1]).
			Attr("label", html(font(escapeHTML(lab), colCurrent, 10, false))).
			Attr("color", colCurrent)
		if i+1 == p.Broken {
			e.Attr("color", colBroken).Attr("penwidth", "2")
		}
	}
	if p.CycleStart >= 0 {
		last := len(p.Nodes) - 1
		g.Edge(nodes[last], nodes[p.CycleStart]).
			Attr("label", html(font("cycle", colCycle, 10, true))).
			Attr("color", colCycle).Attr("penwidth", "2").Attr("constraint", "false")
	}
	return source(g), nil
}

func (p *StatePath) table(i int, n PathNode, border string) string {
	cols := len(p.Columns)
	if cols == 0 {
		cols = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR="%s">`, border)
	title := n.Title
	if title == "" {
		title = fmt.Sprintf("state %d", i)
	}
	fmt.Fprintf(&b, `<TR><TD COLSPAN="%d" BGCOLOR="#e8eef8">%s</TD></TR>`, cols+1, font(escapeHTML(title), "", 11, true))
	if len(p.Columns) > 0 {
		b.WriteString(`<TR><TD></TD>`)
		for _, c := range p.Columns {
			fmt.Fprintf(&b, `<TD>%s</TD>`, font(escapeHTML(c), colMuted, 10, true))
		}
		b.WriteString(`</TR>`)
	}
	for _, r := range n.Rows {
		fmt.Fprintf(&b, `<TR><TD ALIGN="RIGHT">%s</TD>`, font(escapeHTML(r.Name), colMuted, 10, false))
		for j, c := range r.Cells {
			span := 1
			if j == len(r.Cells)-1 {
				span = cols - j
			}
			attrs := ""
			if span > 1 {
				attrs += fmt.Sprintf(` COLSPAN="%d"`, span)
			}
			if c.Changed {
				attrs += ` BGCOLOR="` + colChanged + `"`
			}
			// Changed cells are shaded, not bold: Graphviz sizes cells
			// with regular metrics and bold text would overflow them.
			fmt.Fprintf(&b, `<TD ALIGN="LEFT"%s>%s</TD>`, attrs, font(escapeHTML(c.Text), "", 10, false))
		}
		b.WriteString(`</TR>`)
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

// newGraph starts a picture in the house style, laid out by dot unless
// the caller sets another layout.
func newGraph(id, title string) *dot.Graph {
	g := dot.NewGraph(dot.Directed)
	g.ID(id)
	g.Attr("labelloc", "t")
	g.Attr("fontname", "Helvetica")
	g.Attr("label", html(font(escapeHTML(title), "", 16, true)))
	g.Attr("bgcolor", "white")
	g.Attr("pad", "0.3")
	g.NodeInitializer(func(n dot.Node) {
		n.Attr("fontname", "Helvetica")
		n.Attr("fontsize", "10")
	})
	g.EdgeInitializer(func(e dot.Edge) {
		e.Attr("fontname", "Helvetica")
		e.Attr("fontsize", "10")
	})
	return g
}
