package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

var funcs = template.FuncMap{
	"T": func(l lang, key string) string { return T(l, key) },
	"Tf": func(l lang, key string, a ...any) string {
		return fmt.Sprintf(T(l, key), a...)
	},
}

// pageData is what the page template shows.
type pageData struct {
	L          lang
	Other      lang
	LangURL    string
	Variants   []option
	Params     string
	Keys       string
	Scenarios  []link
	Examples   []link
	Config     string
	Fields     []fieldRow
	Flights    []flightView
	Next       []nextView
	Steps      []stepView
	At         int
	BackURL    string
	ForwardURL string
	RestartURL string
	ShareURL   string
	Props      []propView
	LastBroke  []propView
	InitBroke  []propView
	Why        *propView
	Ladder     template.HTML
	LadderURL  string
	Figure5    template.HTML
	Figure5URL string
	Glossary   []gloss
	Arrows     int
}

type option struct {
	Name, Summary string
	Selected      bool
}

type link struct{ Name, Title, URL string }

type fieldRow struct {
	Name, Help string
	Val        [2]string
	Changed    [2]bool
}

type flightView struct {
	Dir, Seg, Tag, When string
	Old, Late           bool
}

type nextView struct {
	N        int
	URL      string
	Text     string
	Section  string
	Rule     string
	Disabled string // why it cannot be taken
}

type stepView struct {
	N       int
	URL     string
	Text    string
	Current bool
	Future  bool
	Broken  string
}

type propView struct {
	ID, Name, Meaning, Ref, Kind string
	Status                       string
	Broken, Live                 bool
	BreakURL                     string
}

type gloss struct{ Term, Help string }

func other(l lang) lang {
	if l == langZH {
		return langEN
	}
	return langZH
}

// view builds the page of a session.
func (s *Server) view(ss *session) (*pageData, error) {
	l := ss.lang
	path := ss.indices()
	d := &pageData{L: l, Other: other(l), At: ss.at}
	d.LangURL = pageURL(ss.query(path, ss.at, other(l), ss.why))
	d.ShareURL = pageURL(ss.query(path, ss.at, l, ss.why))
	d.RestartURL = pageURL(ss.query(nil, -1, l, nil))
	if ss.at > 0 {
		d.BackURL = pageURL(ss.query(path, ss.at-1, l, ss.why))
	}
	if ss.at < len(path) {
		d.ForwardURL = pageURL(ss.query(path, ss.at+1, l, ss.why))
	}
	variant := model.Variants()[0].Name
	var params []string
	for _, st := range ss.settings {
		if st.Key == "variant" {
			variant = st.Value
		} else {
			params = append(params, st.Key+"="+st.Value)
		}
	}
	for _, v := range model.Variants() {
		d.Variants = append(d.Variants, option{Name: v.Name, Summary: variantSummary(l, v), Selected: v.Name == variant})
	}
	d.Params = strings.Join(params, " ")
	var keys []string
	for _, k := range scenario.ConfigKeys() {
		if k != "variant" {
			keys = append(keys, k)
		}
	}
	d.Keys = strings.Join(keys, ", ")
	d.Config = "variant=" + variant
	if len(params) > 0 {
		d.Config += " " + d.Params
	}
	for _, b := range s.builtins {
		d.Scenarios = append(d.Scenarios, link{Name: b.name, Title: b.titleIn(l), URL: pageURL(buildQuery(b.settings, b.path, -1, l, nil))})
	}
	d.Examples = s.examples(l)

	cur := ss.current()
	var before model.State
	if ss.at > 0 {
		if ss.at == 1 {
			before = ss.init
		} else {
			before = ss.steps[ss.at-2].state
		}
	}
	for _, f := range fieldHelp {
		row := fieldRow{Name: f.name, Help: f.help.in(l)}
		for e := 0; e < 2; e++ {
			row.Val[e] = fieldValue(l, &cur.E[e], f.name)
			if ss.at > 0 {
				row.Changed[e] = row.Val[e] != fieldValue(l, &before.E[e], f.name)
			}
		}
		d.Fields = append(d.Fields, row)
	}
	for _, f := range ss.inFlight() {
		when := T(l, "sentbefore")
		if f.sent > 0 {
			when = fmt.Sprintf(T(l, "sentat"), f.sent)
		}
		d.Flights = append(d.Flights, flightView{
			Dir: f.seg.Src.String() + " → " + f.seg.Src.Peer().String(), Seg: f.seg.String(),
			Tag: f.seg.Tag.String(), When: when, Old: f.old, Late: f.late,
		})
	}

	prefix := path[:ss.at]
	for k, t := range ss.m.Successors(&cur) {
		nv := nextView{N: k + 1, Text: describe(l, t.Action), Section: t.Action.Rule.Section(), Rule: t.Action.Rule.String()}
		if t.Next.HitBound() {
			nv.Disabled = fmt.Sprintf(T(l, "bound"), t.Next.BoundReason())
		} else {
			np := append(append([]int(nil), prefix...), k)
			nv.URL = pageURL(ss.query(np, -1, l, nil))
		}
		d.Next = append(d.Next, nv)
	}

	d.Steps = append(d.Steps, stepView{N: 0, URL: pageURL(ss.query(path, 0, l, ss.why)), Text: T(l, "initial"), Current: ss.at == 0})
	for i, st := range ss.steps {
		sv := stepView{N: i + 1, URL: pageURL(ss.query(path, i+1, l, ss.why)), Text: describe(l, st.action),
			Current: ss.at == i+1, Future: i+1 > ss.at}
		var ids []string
		for _, p := range st.broken {
			ids = append(ids, p.ID)
		}
		sv.Broken = strings.Join(ids, ", ")
		d.Steps = append(d.Steps, sv)
	}

	brokenAt := map[string][]string{}
	for _, p := range ss.initBad {
		brokenAt[p.ID] = append(brokenAt[p.ID], "0")
	}
	for i, st := range ss.steps[:ss.at] {
		for _, p := range st.broken {
			brokenAt[p.ID] = append(brokenAt[p.ID], strconv.Itoa(i+1))
		}
	}
	cfgQuery := buildQuery(ss.settings, nil, -1, l, nil).Encode()
	for _, p := range props.All() {
		pv := propView{ID: p.ID, Name: p.Name, Meaning: meaning(l, p), Ref: p.Reference, Kind: p.Kind.String()}
		pv.BreakURL = "/break/" + p.ID
		if cfgQuery != "" {
			pv.BreakURL += "?" + cfgQuery
		}
		switch {
		case p.Kind == props.Liveness:
			pv.Live = true
			pv.Status = T(l, "liveonly")
		case len(brokenAt[p.ID]) > 0:
			pv.Broken = true
			pv.Status = fmt.Sprintf(T(l, "brokenat"), strings.Join(brokenAt[p.ID], ", "))
		default:
			pv.Status = T(l, "holdsso")
		}
		d.Props = append(d.Props, pv)
		if ss.why != nil && ss.why.ID == p.ID {
			v := pv
			d.Why = &v
		}
		if ss.at > 0 {
			for _, b := range ss.steps[ss.at-1].broken {
				if b.ID == p.ID {
					d.LastBroke = append(d.LastBroke, pv)
				}
			}
		} else {
			for _, b := range ss.initBad {
				if b.ID == p.ID {
					d.InitBroke = append(d.InitBroke, pv)
				}
			}
		}
	}

	ladder, err := s.ladderSVG(ss)
	if err != nil {
		return nil, err
	}
	d.Ladder = template.HTML(ladder)
	fig, err := s.figure5SVG(ss)
	if err != nil {
		return nil, err
	}
	d.Figure5 = template.HTML(fig)
	q := ss.query(path, ss.at, l, nil).Encode()
	d.LadderURL = "/ladder.svg?" + q
	d.Figure5URL = "/figure5.svg?" + q
	for _, st := range ss.steps[:ss.at] {
		if st.action.Kind == model.Deliver {
			d.Arrows++
		}
	}
	for _, g := range glossary {
		d.Glossary = append(d.Glossary, gloss{g.term, g.help.in(l)})
	}
	for _, f := range fieldHelp[1:] {
		d.Glossary = append(d.Glossary, gloss{f.name, f.help.in(l)})
	}
	return d, nil
}

// fieldValue is one TCB field of an endpoint as the page shows it: the
// sequence variables only where a TCB exists.
func fieldValue(l lang, e *model.Endpoint, name string) string {
	if name == "state" {
		return e.State.String()
	}
	if e.State == model.Closed || e.State == model.Listen {
		return "–"
	}
	switch name {
	case "ISS":
		return strconv.Itoa(int(e.ISS))
	case "IRS":
		if e.State == model.SynSent {
			return "–"
		}
		return strconv.Itoa(int(e.IRS))
	case "SND.UNA":
		return strconv.Itoa(int(e.SndUna))
	case "SND.NXT":
		return strconv.Itoa(int(e.SndNxt))
	case "RCV.NXT":
		if e.State == model.SynSent {
			return "–"
		}
		return strconv.Itoa(int(e.RcvNxt))
	}
	return "?"
}

// examples are the four classic stories as links: the handshake (S1 up
// to both ESTABLISHED), the close (all of S1), Figure 8 (S3) and the
// assassination (a search).
func (s *Server) examples(l lang) []link {
	var out []link
	find := func(name string) *builtin {
		for i := range s.builtins {
			if s.builtins[i].name == name {
				return &s.builtins[i]
			}
		}
		return nil
	}
	if b := find("S1"); b != nil {
		if k := handshakeEnd(b); k > 0 {
			out = append(out, link{Name: T(l, "ex3way"), URL: pageURL(buildQuery(b.settings, b.path[:k], -1, l, nil))})
		}
		out = append(out, link{Name: T(l, "ex4close"), URL: pageURL(buildQuery(b.settings, b.path, -1, l, nil))})
	}
	if b := find("S3"); b != nil {
		out = append(out, link{Name: T(l, "exfig8"), URL: pageURL(buildQuery(b.settings, b.path, -1, l, nil))})
	}
	// The README's assassination: P4's shortest counterexample without
	// ABORT (with it, the shortest way out of TIME-WAIT is the user's
	// ABORT). S14, RFC 1337 Figure 1, is in the scenario list.
	q := url.Values{"abort": {"false"}}
	if l != langEN {
		q.Set(keyLang, string(l))
	}
	out = append(out, link{Name: T(l, "exassassin"), URL: "/break/P4?" + q.Encode()})
	return out
}

// handshakeEnd is the number of steps of b after which both endpoints
// are first ESTABLISHED, or 0.
func handshakeEnd(b *builtin) int {
	m, err := model.New(b.cfg)
	if err != nil {
		return 0
	}
	steps, err := replay(m, b.path)
	if err != nil {
		return 0
	}
	for i, st := range steps {
		if st.state.E[model.A].State == model.Established && st.state.E[model.B].State == model.Established {
			return i + 1
		}
	}
	return 0
}
