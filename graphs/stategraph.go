package graphs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/emicklei/dot"
	"github.com/tcpcheck/tcpcheck/explore"
)

// GraphNode is one state of a drawn state graph.
type GraphNode struct {
	ID      uint32 // the state's index in BFS order
	Label   string
	Initial bool
	OnPath  bool // on the highlighted counterexample
	Bad     bool // where a property is found broken
	Border  bool // on the edge of a neighbourhood: more edges leave it
}

// GraphEdge is one transition, or several merged, between two drawn
// states.
type GraphEdge struct {
	From, To int // indices into Nodes
	Label    string
	OnPath   bool
}

// StateGraph is (part of) the reachable state graph.
type StateGraph struct {
	Title string
	Note  string // a line under the title, e.g. what was left out
	Nodes []GraphNode
	Edges []GraphEdge
}

// DefaultNodeLimit is the largest state graph drawn when no limit is
// given: beyond a few hundred nodes Graphviz's picture is no longer read.
const DefaultNodeLimit = 300

// TooLargeError is returned when a state graph, or the requested part of
// it, has more states than the node limit.
type TooLargeError struct {
	States int
	Limit  int
	Around bool // the neighbourhood was requested
	K      int
}

func (e *TooLargeError) Error() string {
	if e.Around {
		return fmt.Sprintf("graphs: the %d-step neighbourhood has %d states, above the limit of %d: choose a smaller k, or raise the limit", e.K, e.States, e.Limit)
	}
	return fmt.Sprintf("graphs: the state graph has %d states, above the limit of %d: shrink the configuration (fewer opens or attempts, a smaller network bound, no duplication, loss or crash), raise the limit, or draw only the neighbourhood of a counterexample (k steps around it)", e.States, e.Limit)
}

// GraphOptions selects and labels the states drawn by StateGraphOf.
type GraphOptions[S, A any] struct {
	// Limit is the most states drawn; 0 means DefaultNodeLimit.
	Limit int
	// Path, if not empty, is a counterexample as state ids (initial state
	// first); only states within K steps of it, in either direction, are
	// drawn, and its edges are highlighted.
	Path []uint32
	K    int
	// Bad marks the states where a property is broken.
	Bad func(s *S) bool
	// StateLabel and ActionLabel give the text of nodes and edges.
	StateLabel  func(s *S) string
	ActionLabel func(a A) string
}

// StateGraphOf draws the graph retained by a search (Options.RetainGraph),
// whole or around a path. It refuses with a *TooLargeError, naming the
// number of states, when more than the limit would be drawn.
func StateGraphOf[S, A any](r *explore.Result[S, A], title string, opt GraphOptions[S, A]) (*StateGraph, error) {
	g := r.Graph
	if g == nil {
		return nil, fmt.Errorf("graphs: the search kept no graph: run it with explore.Options.RetainGraph set")
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = DefaultNodeLimit
	}
	if opt.StateLabel == nil || opt.ActionLabel == nil {
		return nil, fmt.Errorf("graphs: StateGraphOf needs StateLabel and ActionLabel")
	}
	n := g.N()
	var keep []uint32
	if len(opt.Path) == 0 {
		if n > limit {
			return nil, &TooLargeError{States: n, Limit: limit}
		}
		for i := 0; i < n; i++ {
			keep = append(keep, uint32(i))
		}
	} else {
		for _, id := range opt.Path {
			if int(id) >= n {
				return nil, fmt.Errorf("graphs: path state %d is not in the graph of %d states", id, n)
			}
		}
		keep = neighbourhood(g, opt.Path, opt.K)
		if len(keep) > limit {
			return nil, &TooLargeError{States: len(keep), Limit: limit, Around: true, K: opt.K}
		}
	}

	index := make(map[uint32]int, len(keep))
	for i, id := range keep {
		index[id] = i
	}
	onPath := map[uint32]bool{}
	pathEdge := map[[2]uint32]bool{}
	for i, id := range opt.Path {
		onPath[id] = true
		if i > 0 {
			pathEdge[[2]uint32{opt.Path[i-1], id}] = true
		}
	}
	sg := &StateGraph{Title: title}
	if len(opt.Path) > 0 {
		steps := "steps"
		if opt.K == 1 {
			steps = "step"
		}
		sg.Note = fmt.Sprintf("%d of %d states: those within %d %s of the counterexample (bold); dashed states have edges leading out of the picture", len(keep), n, opt.K, steps)
	} else {
		sg.Note = fmt.Sprintf("all %d reachable states, %d transitions", n, len(g.Targets))
	}
	for _, id := range keep {
		tr := r.TraceTo(id)
		s := tr.Last()
		node := GraphNode{ID: id, Label: opt.StateLabel(&s), OnPath: onPath[id], Initial: len(tr.Steps) == 0}
		if opt.Bad != nil {
			node.Bad = opt.Bad(&s)
		}
		sg.Nodes = append(sg.Nodes, node)
		// Edges to kept states; parallel transitions merge into one edge.
		merged := map[int][]string{}
		var targets []int
		for e := g.Offsets[id]; e < g.Offsets[id+1]; e++ {
			j, ok := index[g.Targets[e]]
			if !ok {
				sg.Nodes[len(sg.Nodes)-1].Border = true
				continue
			}
			a, _ := r.FollowEdge(&s, id, e)
			if _, seen := merged[j]; !seen {
				targets = append(targets, j)
			}
			merged[j] = append(merged[j], opt.ActionLabel(a))
		}
		for _, j := range targets {
			sg.Edges = append(sg.Edges, GraphEdge{
				From: index[id], To: j,
				Label:  strings.Join(merged[j], "\n"),
				OnPath: pathEdge[[2]uint32{id, keep[j]}],
			})
		}
	}
	// Predecessors outside the picture make a state a border too.
	if len(opt.Path) > 0 {
		for from := 0; from < n; from++ {
			if _, ok := index[uint32(from)]; ok {
				continue
			}
			for e := g.Offsets[from]; e < g.Offsets[from+1]; e++ {
				if j, ok := index[g.Targets[e]]; ok {
					sg.Nodes[j].Border = true
				}
			}
		}
	}
	return sg, nil
}

// neighbourhood returns, in increasing order, the states within k edges
// of any state of path, following edges both ways.
func neighbourhood(g *explore.Graph, path []uint32, k int) []uint32 {
	n := g.N()
	pred := make([][]uint32, n)
	for from := 0; from < n; from++ {
		for e := g.Offsets[from]; e < g.Offsets[from+1]; e++ {
			t := g.Targets[e]
			pred[t] = append(pred[t], uint32(from))
		}
	}
	dist := map[uint32]int{}
	var frontier []uint32
	for _, id := range path {
		if _, ok := dist[id]; !ok {
			dist[id] = 0
			frontier = append(frontier, id)
		}
	}
	for d := 1; d <= k && len(frontier) > 0; d++ {
		var next []uint32
		visit := func(x uint32) {
			if _, ok := dist[x]; !ok {
				dist[x] = d
				next = append(next, x)
			}
		}
		for _, id := range frontier {
			for e := g.Offsets[id]; e < g.Offsets[id+1]; e++ {
				visit(g.Targets[e])
			}
			for _, p := range pred[id] {
				visit(p)
			}
		}
		frontier = next
	}
	out := make([]uint32, 0, len(dist))
	for id := range dist {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// WriteDOT returns the graph as DOT.
func (sg *StateGraph) WriteDOT() ([]byte, error) {
	for _, e := range sg.Edges {
		if e.From < 0 || e.From >= len(sg.Nodes) || e.To < 0 || e.To >= len(sg.Nodes) {
			return nil, fmt.Errorf("graphs: state graph edge %d->%d outside the %d nodes", e.From, e.To, len(sg.Nodes))
		}
	}
	title := font(escapeHTML(sg.Title), "", 16, true)
	if sg.Note != "" {
		title += "<BR/>" + font(escapeHTML(sg.Note), colMuted, 10, false)
	}
	g := newGraph("states", "")
	g.Attr("label", html(title))
	g.Attr("ranksep", "0.4")
	nodes := make([]dot.Node, len(sg.Nodes))
	for i, n := range sg.Nodes {
		lines := strings.Split(n.Label, "\n")
		for j := range lines {
			lines[j] = escapeHTML(lines[j])
		}
		head := font(fmt.Sprintf("#%d", n.ID), colMuted, 9, false)
		label := head + `<BR ALIGN="LEFT"/>` + strings.Join(lines, `<BR ALIGN="LEFT"/>`) + `<BR ALIGN="LEFT"/>`
		nd := g.Node(fmt.Sprintf("s%07d", i)).Attr("shape", "box").Attr("label", html(label)).Attr("color", colLine)
		style := []string{"rounded"}
		switch {
		case n.Bad:
			nd.Attr("color", colBroken).Attr("fillcolor", "#f6d5d1")
			style = append(style, "filled")
		case n.Initial:
			nd.Attr("fillcolor", "#e8eef8")
			style = append(style, "filled")
		}
		if n.OnPath {
			nd.Attr("penwidth", "2.5")
		}
		if n.Border {
			style = append(style, "dashed")
		}
		nd.Attr("style", strings.Join(style, ","))
		nodes[i] = nd
	}
	for _, e := range sg.Edges {
		ed := g.Edge(nodes[e.From], nodes[e.To]).Attr("label", text(e.Label)).Attr("color", colMuted).Attr("fontcolor", colLine)
		if e.OnPath {
			ed.Attr("color", colBroken).Attr("fontcolor", colBroken).Attr("penwidth", "2.5")
		}
	}
	return source(g), nil
}
