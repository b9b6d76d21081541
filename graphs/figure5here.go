package graphs

import (
	"fmt"

	"github.com/emicklei/dot"
	"github.com/tcpcheck/tcpcheck/model"
)

// Figure5Here draws RFC 9293 Figure 5 for a joint state: each endpoint's
// current state marked (A blue, B green) and the state change of the last
// step, if it had one, in orange; a change the figure does not draw is
// added dashed. last is nil for the initial state. tcpcheck serve shows
// it beside the ladder, so that a learner sees where a step leads in the
// figure they know.
func Figure5Here(s *model.State, last *model.Action) ([]byte, error) {
	g := newGraph("figure5", "")
	g.Attr("label", "")
	g.Attr("ranksep", "0.35")
	g.Attr("nodesep", "0.35")
	g.Attr("pad", "0.15")
	fills := [2]string{"#cfe0fb", "#cdeccf"}
	lines := [2]string{colCurrent, "#1e7b34"}
	nodes := map[string]dot.Node{}
	for i, name := range Figure5States {
		n := g.Node(fmt.Sprintf("s%02d", i)).Attr("shape", "box").Attr("style", "rounded,filled").
			Attr("fontsize", "12").Attr("fillcolor", "#f4f4f4").Attr("color", "#999999")
		label := escapeHTML(name)
		var who []int
		for e := 0; e < 2; e++ {
			if s.E[e].State.String() == name {
				who = append(who, e)
			}
		}
		switch len(who) {
		case 1:
			e := who[0]
			n.Attr("fillcolor", fills[e]).Attr("color", lines[e]).Attr("penwidth", "2.5")
			label = font("<B>"+model.Side(e).String()+"</B> ", lines[e], 13, false) + "<B>" + label + "</B>"
		case 2:
			n.Attr("fillcolor", fills[0]+":"+fills[1]).Attr("gradientangle", "0").Attr("color", "#333333").Attr("penwidth", "2.5")
			label = font("<B>A</B>", lines[0], 13, false) + " " + font("<B>B</B>", lines[1], 13, false) + " <B>" + label + "</B>"
		}
		n.Attr("label", html(label))
		nodes[name] = n
	}
	var lastFrom, lastTo, lastTrig, lastLabel string
	if last != nil && last.From != last.To {
		ev, resp := eventResponse(*last)
		lastFrom, lastTo, lastTrig = last.From.String(), last.To.String(), trigger(*last)
		lastLabel = last.Side.String() + ": " + ev + " / " + resp
	}
	drawn := false
	for _, f := range Figure5 {
		e := g.Edge(nodes[f.From], nodes[f.To]).Attr("color", "#777777").
			Attr("label", html(font(escapeHTML(f.Event+" / "+orX(f.Response)), "#555555", 9, false)))
		if f.From == lastFrom && f.To == lastTo && f.Trigger == lastTrig {
			e.Attr("color", "#e67e22").Attr("penwidth", "3.5").
				Attr("label", html(font("<B>"+escapeHTML(f.Event+" / "+orX(f.Response))+"</B>", "#b9570b", 11, false)))
			drawn = true
		}
	}
	if lastFrom != "" && !drawn {
		from, okF := nodes[lastFrom]
		to, okT := nodes[lastTo]
		if okF && okT {
			g.Edge(from, to).Attr("color", "#e67e22").Attr("penwidth", "3").Attr("style", "dashed").
				Attr("constraint", "false").
				Attr("label", html(font("<B>"+escapeHTML(lastLabel)+"</B>", "#b9570b", 11, false)))
		}
	}
	return source(g), nil
}
