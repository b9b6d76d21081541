package web

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// MaxPath is the longest path a URL may name. Every request replays and
// draws its path, so this bounds the work of a request: the ladder of a
// path this long takes about a second to lay out, and the longest
// counterexample of the named variants has about 15 steps.
const MaxPath = 100

// Query keys besides the model's configuration keys.
const (
	keyPath = "p"    // the path: step indices separated by dots, "0.2.1"
	keyAt   = "at"   // the cursor: how many steps of the path are taken (default all)
	keyLang = "lang" // en or zh
	keyWhy  = "why"  // the property whose counterexample the path is
)

// badInput is an error in what the visitor sent: a 400 with its message.
type badInput struct{ msg string }

func (e *badInput) Error() string { return e.msg }

func badf(format string, a ...any) error { return &badInput{fmt.Sprintf(format, a...)} }

// isBad reports whether err is the visitor's fault.
func isBad(err error) bool {
	var b *badInput
	return errors.As(err, &b)
}

// step is one taken step of a path: its index among the steps enabled
// before it, the transition, and the properties it breaks.
type step struct {
	index  int
	action model.Action
	state  model.State
	broken []props.Property
}

// session is one request's view of the model: a configuration and a path.
type session struct {
	lang     lang
	settings []scenario.Setting // canonical configuration, old-dups last
	cfg      model.Config
	m        *model.Model
	init     model.State
	initBad  []props.Property // state properties the initial state breaks
	steps    []step           // the whole path
	at       int              // steps taken: the current state is after steps[:at]
	why      *props.Property  // the path is this property's counterexample
}

// configKeys is the set of query keys that configure the model: the keys
// of a trace's config line, which are the command line's flag names.
func configKeys() map[string]bool {
	keys := map[string]bool{}
	for _, k := range scenario.ConfigKeys() {
		keys[k] = true
	}
	return keys
}

// single returns the one value of key in q, refusing repeats.
func single(q url.Values, key string) (string, bool, error) {
	vs, ok := q[key]
	if !ok {
		return "", false, nil
	}
	if len(vs) != 1 {
		return "", false, badf("parameter %s is given %d times: give it once", key, len(vs))
	}
	return vs[0], true, nil
}

// configFromQuery reads the model configuration of q, ignoring other keys.
func configFromQuery(q url.Values) (model.Config, error) {
	keys := configKeys()
	var names []string
	for k := range q {
		if keys[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var set []scenario.Setting
	for _, k := range names {
		v, _, err := single(q, k)
		if err != nil {
			return model.Config{}, err
		}
		set = append(set, scenario.Setting{Key: k, Value: v})
	}
	return configOf(set)
}

// configOf builds and validates the configuration of settings, with the
// messages of the trace format, which name the keys as flags.
func configOf(set []scenario.Setting) (model.Config, error) {
	t := &scenario.Trace{Name: "configuration", Config: set}
	c, err := t.ModelConfig()
	if err != nil {
		return c, badf("%s", strings.TrimPrefix(err.Error(), "configuration: "))
	}
	if _, err := model.New(c); err != nil {
		return c, badf("%v", err)
	}
	return c, nil
}

// canonical is the shortest list of settings that gives c: a variant and
// the keys that differ from it, then the old duplicates.
func canonical(c model.Config) ([]scenario.Setting, error) {
	m, err := model.New(c)
	if err != nil {
		return nil, err
	}
	t, err := scenario.FromPath("configuration", "", c, explore.Trace[model.State, model.Action]{Init: m.Initial()})
	if err != nil {
		return nil, err
	}
	set := append([]scenario.Setting(nil), t.Config...)
	if len(c.OldDups) > 0 {
		var items []string
		for _, g := range c.OldDups {
			items = append(items, g.Src.String()+g.String())
		}
		set = append(set, scenario.Setting{Key: "old-dups", Value: strings.Join(items, ",")})
	}
	return set, nil
}

// parseSession reads a request's query: the configuration, the path, the
// cursor, the language. Any error is the visitor's (badInput) except a
// failure to rebuild a configuration the model accepted.
func parseSession(q url.Values) (*session, error) {
	keys := configKeys()
	for k := range q {
		switch {
		case keys[k], k == keyPath, k == keyAt, k == keyLang, k == keyWhy:
		default:
			return nil, badf("unknown parameter %q: use the model's keys (%s) and %s, %s, %s, %s",
				k, strings.Join(scenario.ConfigKeys(), ", "), keyPath, keyAt, keyLang, keyWhy)
		}
	}
	s := &session{}
	l, _, err := single(q, keyLang)
	if err != nil {
		return nil, err
	}
	if s.lang, err = parseLang(l); err != nil {
		return nil, err
	}
	if s.cfg, err = configFromQuery(q); err != nil {
		return nil, err
	}
	if s.settings, err = canonical(s.cfg); err != nil {
		return nil, err
	}
	if s.m, err = model.New(s.cfg); err != nil {
		return nil, badf("%v", err)
	}
	s.init = s.m.Initial()
	s.initBad = props.StateViolations(s.m, &s.init)

	p, _, err := single(q, keyPath)
	if err != nil {
		return nil, err
	}
	idx, err := parsePath(p)
	if err != nil {
		return nil, err
	}
	if s.steps, err = replay(s.m, idx); err != nil {
		return nil, err
	}
	s.at = len(s.steps)
	if v, ok, err := single(q, keyAt); err != nil {
		return nil, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > len(s.steps) {
			return nil, badf("at=%q is not a step of the path: use a whole number from 0 to %d", v, len(s.steps))
		}
		s.at = n
	}
	if v, ok, err := single(q, keyWhy); err != nil {
		return nil, err
	} else if ok {
		ps, err := props.Lookup([]string{v})
		if err != nil || len(ps) != 1 {
			return nil, badf("why=%q is not a property: use one of %s", v, propIDs())
		}
		s.why = &ps[0]
	}
	return s, nil
}

func propIDs() string {
	var ids []string
	for _, p := range props.All() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}

// parsePath reads "0.2.1" (also with commas); empty is the empty path.
func parsePath(p string) ([]int, error) {
	if strings.TrimSpace(p) == "" {
		return nil, nil
	}
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '.' || r == ',' })
	if len(parts) > MaxPath {
		return nil, badf("the path has %d steps; the limit is %d", len(parts), MaxPath)
	}
	out := make([]int, len(parts))
	for i, x := range parts {
		n, err := strconv.Atoi(x)
		if err != nil || n < 0 {
			return nil, badf("step %d of the path, %q, is not a step index: write whole numbers from 0 separated by dots, e.g. p=0.1.3", i+1, x)
		}
		out[i] = n
	}
	return out, nil
}

// replay takes the steps idx from the initial state, refusing an index
// that is not enabled or whose successor leaves the model's bounds.
func replay(m *model.Model, idx []int) ([]step, error) {
	cur := m.Initial()
	out := make([]step, 0, len(idx))
	for i, k := range idx {
		succ := m.Successors(&cur)
		if k >= len(succ) {
			return nil, badf("step %d of the path, index %d, is not enabled: that state has %d enabled steps (indices 0 to %d)", i+1, k, len(succ), len(succ)-1)
		}
		t := succ[k]
		if t.Next.HitBound() {
			return nil, badf("step %d of the path, index %d (%v), leaves the model's bounds (%s): raise that parameter to take it", i+1, k, t.Action, t.Next.BoundReason())
		}
		out = append(out, step{index: k, action: t.Action, state: t.Next, broken: props.StepViolations(m, &cur, t.Action, &t.Next)})
		cur = t.Next
	}
	return out, nil
}

// indicesOf finds the step indices of a path of the model (a counterexample
// or a replayed trace).
func indicesOf(m *model.Model, t explore.Trace[model.State, model.Action]) ([]int, error) {
	if t.Init != m.Initial() {
		return nil, fmt.Errorf("the path does not start in the model's initial state")
	}
	cur := t.Init
	var out []int
	for i, st := range t.Steps {
		found := -1
		for k, x := range m.Successors(&cur) {
			if x.Action == st.Action && x.Next == st.State {
				found = k
				break
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("step %d (%v) is not a step of the model", i+1, st.Action)
		}
		out = append(out, found)
		cur = st.State
	}
	return out, nil
}

// current is the state after the taken steps.
func (s *session) current() model.State {
	if s.at == 0 {
		return s.init
	}
	return s.steps[s.at-1].state
}

// trace is the path up to the cursor, for drawing.
func (s *session) trace() explore.Trace[model.State, model.Action] {
	t := explore.Trace[model.State, model.Action]{Init: s.init}
	for _, st := range s.steps[:s.at] {
		t.Steps = append(t.Steps, explore.Step[model.State, model.Action]{Action: st.action, State: st.state})
	}
	return t
}

// indices is the whole path as step indices.
func (s *session) indices() []int {
	out := make([]int, len(s.steps))
	for i, st := range s.steps {
		out[i] = st.index
	}
	return out
}

// query is the URL query of this configuration with the given path,
// cursor and language; why is kept when non-nil.
func (s *session) query(path []int, at int, l lang, why *props.Property) url.Values {
	return buildQuery(s.settings, path, at, l, why)
}

func buildQuery(settings []scenario.Setting, path []int, at int, l lang, why *props.Property) url.Values {
	q := url.Values{}
	for _, st := range settings {
		q.Set(st.Key, st.Value)
	}
	if len(path) > 0 {
		q.Set(keyPath, joinPath(path))
	}
	if at >= 0 && at < len(path) {
		q.Set(keyAt, strconv.Itoa(at))
	}
	if l != langEN {
		q.Set(keyLang, string(l))
	}
	if why != nil {
		q.Set(keyWhy, why.ID)
	}
	return q
}

func joinPath(p []int) string {
	var b strings.Builder
	for i, k := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(k))
	}
	return b.String()
}

// flight is a segment in flight, in the order segments were sent.
type flight struct {
	seg  model.Segment
	sent int  // the step that sent it; 0 for one in the initial network
	old  bool // it belongs to an earlier incarnation
	late bool // its sender has closed the attempt that sent it
}

// inFlight lists the segments in flight after the taken steps, oldest
// send first. A receipt or loss takes the oldest matching send; equal
// segments cannot be told apart, so which one is taken does not matter.
func (s *session) inFlight() []flight {
	var fs []flight
	for _, g := range s.init.Net.Segments() {
		fs = append(fs, flight{seg: g})
	}
	for i, st := range s.steps[:s.at] {
		a := st.action
		if (a.Kind == model.Deliver && !a.Dup) || a.Kind == model.Drop {
			for j := range fs {
				if fs[j].seg == a.Seg {
					fs = append(fs[:j], fs[j+1:]...)
					break
				}
			}
		}
		if a.HasSent {
			fs = append(fs, flight{seg: a.Sent, sent: i + 1})
		}
	}
	cur := s.current()
	for i := range fs {
		fs[i].old, fs[i].late = age(&cur, fs[i].seg.Tag)
	}
	return fs
}

// age says how a segment in flight relates to the endpoint that tagged it,
// as the ladder colours its arrows: old when it belongs to an earlier
// incarnation (seeded, attempt 0, or its endpoint has drawn a newer ISS
// since), late when its attempt is the current one but the endpoint has
// closed it (holds no TCB).
func age(s *model.State, tag model.Tag) (old, late bool) {
	e := &s.E[tag.Side]
	if tag.Att == 0 || tag.Att < e.Att {
		return true, false
	}
	return false, e.State == model.Closed || e.State == model.Listen
}
