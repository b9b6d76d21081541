package scenario

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// FromPath writes a path of the model, such as a counterexample of the
// explorer, as a trace: a config line for c, and one step a line with the
// acting endpoint's state and the segment it sent. Replaying the trace
// (after Format and Parse, or directly) retraces the path exactly; where
// two transitions would otherwise match one line, the line names the
// segment's incarnation (<TAG=A1>) or the TCB fields that tell them apart.
func FromPath(name, title string, c model.Config, p explore.Trace[model.State, model.Action]) (*Trace, error) {
	settings, err := configLine(c)
	if err != nil {
		return nil, err
	}
	m, err := model.New(c)
	if err != nil {
		return nil, fmt.Errorf("scenario: %v", err)
	}
	if p.Init != m.Initial() {
		return nil, fmt.Errorf("scenario: the path does not start in the initial state of the model of this configuration")
	}
	t := &Trace{Name: name, Title: title, Config: settings}
	for _, g := range c.OldDups {
		t.OldDups = append(t.OldDups, OldDup{From: Side(g.Src), Seg: fullPattern(g)})
	}
	line := len(t.OldDups) + 1
	if title != "" {
		line++
	}
	if len(settings) > 0 {
		line++
	}
	cur := p.Init
	for i, ps := range p.Steps {
		st, err := recordStep(m, &cur, ps.Action, &ps.State)
		if err != nil {
			return nil, fmt.Errorf("scenario: step %d (%v): %v", i+1, ps.Action, err)
		}
		st.Pos = Pos{line + i, 1}
		t.Steps = append(t.Steps, st)
		cur = ps.State
	}
	// The last line states where the path ends, so that a trace of no
	// steps is still a trace, and an edited one is checked to the end.
	end := Step{Pos: Pos{line + len(p.Steps), 1}, Verb: Check, Text: "expect"}
	for e := model.A; e <= model.B; e++ {
		end.Expect = append(end.Expect, Expectation{Kind: ExpectState, Side: Side(e), State: cur.E[e].State.String()})
	}
	if cur.Net.Len() == 0 {
		end.Expect = append(end.Expect, Expectation{Kind: ExpectNetEmpty})
	} else {
		end.Expect = append(end.Expect, Expectation{Kind: ExpectNetCount, Value: uint32(cur.Net.Len())})
	}
	t.Steps = append(t.Steps, end)
	return t, nil
}

var kindVerbs = map[model.ActionKind]Verb{}

func init() {
	for v, k := range verbKinds {
		if v != RcvDup {
			kindVerbs[k] = v
		}
	}
}

// recordStep writes one transition as a step, adding detail until the
// step names no other transition of cur.
func recordStep(m *model.Model, cur *model.State, a model.Action, next *model.State) (Step, error) {
	v, ok := kindVerbs[a.Kind]
	if !ok {
		return Step{}, fmt.Errorf("action kind %v has no step", a.Kind)
	}
	st := Step{Verb: v, Side: Side(a.Side)}
	switch a.Kind {
	case model.Deliver:
		if a.Dup {
			st.Verb = RcvDup
		}
		st.Seg = fullPattern(a.Seg)
	case model.Drop:
		st.Side = Side(a.Seg.Src.Peer())
		st.Seg = fullPattern(a.Seg)
	}
	if a.Kind != model.Drop {
		st.Expect = append(st.Expect, Expectation{Kind: ExpectState, Side: st.Side, State: next.E[a.Side].State.String()})
		if a.HasSent {
			st.Expect = append(st.Expect, Expectation{Kind: ExpectSent, Side: st.Side, Seg: fullPattern(a.Sent)})
		} else {
			st.Expect = append(st.Expect, Expectation{Kind: ExpectSilent, Side: st.Side})
		}
	}
	succ := m.Successors(cur)
	for detail := 0; ; detail++ {
		st.Text = st.Action()
		_, good, _ := candidates(&st, succ)
		found, others := false, false
		for _, t := range good {
			if t.Next == *next {
				found = true
			} else {
				others = true
			}
		}
		switch {
		case !found:
			return st, fmt.Errorf("not a transition of the model in %s", summary(cur))
		case !others:
			return st, nil
		}
		switch detail {
		case 0: // name the incarnations
			if st.Verb.HasSegment() {
				st.Seg = tagged(st.Seg, a.Seg)
			}
			for i, e := range st.Expect {
				if e.Kind == ExpectSent {
					st.Expect[i].Seg = tagged(e.Seg, a.Sent)
				}
			}
		case 1: // and the acting endpoint's TCB
			ep := &next.E[a.Side]
			for _, f := range []struct {
				name string
				v    uint16
			}{{"ISS", ep.ISS}, {"IRS", ep.IRS}, {"SND.UNA", ep.SndUna}, {"SND.NXT", ep.SndNxt}, {"RCV.NXT", ep.RcvNxt}} {
				st.Expect = append(st.Expect, Expectation{Kind: ExpectField, Side: Side(a.Side), Field: f.name, Value: uint32(f.v)})
			}
		default:
			return st, fmt.Errorf("two transitions look alike to a trace: %s", summary(cur))
		}
	}
}

// fullPattern writes a segment as RFC notation, every field given.
func fullPattern(g model.Segment) SegPattern {
	p := SegPattern{HasSeq: true, Seq: uint32(g.Seq), HasCtl: true, Flags: traceFlags(g.Flags)}
	if g.Flags&model.FlagACK != 0 {
		p.HasAck, p.Ack = true, uint32(g.Ack)
	}
	return p
}

func tagged(p SegPattern, g model.Segment) SegPattern {
	p.HasTag, p.TagSide, p.TagAtt = true, Side(g.Tag.Side), g.Tag.Att
	return p
}

// traceFlags converts the model's control bits.
func traceFlags(f model.Flags) Flags {
	var t Flags
	for _, b := range []struct {
		m model.Flags
		t Flags
	}{{model.FlagSYN, SYN}, {model.FlagACK, ACK}, {model.FlagFIN, FIN}, {model.FlagRST, RST}, {model.FlagData, DATA}} {
		if f&b.m != 0 {
			t |= b.t
		}
	}
	return t
}

// configLine writes c as config settings: the variant that needs the
// fewest further settings (so a trace says fixed-isn rather than
// isn=fixed), then those settings. It fails if no variant
// plus settings gives c back, which means the model grew a parameter that
// configKeys does not know yet.
func configLine(c model.Config) ([]Setting, error) {
	keys := make([]string, 0, len(configKeys))
	for k, key := range configKeys {
		if key.get != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	want := c
	if len(want.OldDups) == 0 {
		want.OldDups = nil
	}
	var best []Setting
	found, bestCost := false, 0
	for _, v := range model.Variants() {
		base, err := model.Variant(v.Name)
		if err != nil {
			continue
		}
		var set []Setting
		if v.Name != model.Variants()[0].Name {
			set = append(set, Setting{Key: "variant", Value: v.Name})
		}
		cost := 0
		rebuilt := base
		for _, k := range keys {
			key := configKeys[k]
			if val := key.get(&c); val != key.get(&base) {
				set = append(set, Setting{Key: k, Value: val})
				cost++
				if err := key.set(&rebuilt, val); err != nil {
					return nil, fmt.Errorf("scenario: config key %s cannot take back its own value %q: %v", k, val, err)
				}
			}
		}
		rebuilt.OldDups = want.OldDups
		if reflect.DeepEqual(rebuilt, want) && (!found || cost < bestCost) {
			best, found, bestCost = set, true, cost
		}
	}
	if !found {
		return nil, fmt.Errorf("scenario: the configuration %+v cannot be written as a config line: a model parameter has no config key", c)
	}
	return best, nil
}
