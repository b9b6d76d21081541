package scenario

import (
	"context"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"pgregory.net/rapid"
)

// TestFromPathReplays is the round trip the CLI relies on: any path of
// the model, under any valid configuration, written as a trace, formatted,
// parsed and replayed, retraces the same states.
func TestFromPathReplays(t *testing.T) {
	variants := []string{"rfc9293", "rfc1337", "rfc793", "two-way-handshake", "no-time-wait", "fixed-isn", "synsent-accepts-any-synack"}
	rapid.Check(t, func(rt *rapid.T) {
		c, err := model.Variant(rapid.SampledFrom(variants).Draw(rt, "variant"))
		if err != nil {
			rt.Fatal(err)
		}
		c.Roles = model.Roles(rapid.IntRange(0, 2).Draw(rt, "roles"))
		c.Dup = rapid.Bool().Draw(rt, "dup")
		c.Crash = rapid.Bool().Draw(rt, "crash")
		c.LossBudget = rapid.IntRange(-1, 2).Draw(rt, "loss")
		c.Window = rapid.IntRange(1, 2).Draw(rt, "window")
		c.TrimSYN = rapid.Bool().Draw(rt, "trim-syn")
		c.FinWait2Timer = rapid.Bool().Draw(rt, "fin-wait-2-timer")
		c.RTO = rapid.Bool().Draw(rt, "rto")
		if rapid.Bool().Draw(rt, "fast") {
			c.ISN, c.ISNSpace, c.ISSBase = model.ISNFast, 12, [2]int{1, 5}
		} else if rapid.Bool().Draw(rt, "old-dup") {
			c.OldDups = []model.Segment{{Src: model.A, Flags: model.FlagSYN, Seq: 90, Tag: model.Tag{Side: model.A}}}
		}
		m, err := model.New(c)
		if err != nil {
			rt.Skip(err) // e.g. two-way-handshake with both-active roles
		}
		path := explore.Trace[model.State, model.Action]{Init: m.Initial()}
		cur := m.Initial()
		for n := rapid.IntRange(0, 30).Draw(rt, "length"); len(path.Steps) < n; {
			var succ []model.Transition
			for _, tr := range m.Successors(&cur) {
				if !tr.Next.HitBound() {
					succ = append(succ, tr)
				}
			}
			if len(succ) == 0 {
				break
			}
			tr := succ[rapid.IntRange(0, len(succ)-1).Draw(rt, "choice")]
			path.Steps = append(path.Steps, explore.Step[model.State, model.Action]{Action: tr.Action, State: tr.Next})
			cur = tr.Next
		}
		rec, err := FromPath("walk", "a random walk", c, path)
		if err != nil {
			rt.Fatal(err)
		}
		text := rec.Format()
		tr, err := Parse("walk", strings.NewReader(text))
		if err != nil {
			rt.Fatalf("%v\n%s", err, text)
		}
		r, err := Replay(tr)
		if err != nil {
			rt.Fatalf("%v\n%s", err, text)
		}
		if !r.OK() {
			rt.Fatalf("%v\n%s", r.Failure, text)
		}
		if len(r.Path.Steps) != len(path.Steps) {
			rt.Fatalf("replay took %d steps, the walk %d\n%s", len(r.Path.Steps), len(path.Steps), text)
		}
		for i := range path.Steps {
			if r.Path.Steps[i].State != path.Steps[i].State {
				rt.Fatalf("step %d reaches\n%v\nnot\n%v\n%s", i+1, &r.Path.Steps[i].State, &path.Steps[i].State, text)
			}
		}
	})
}

func TestFromPathRefuses(t *testing.T) {
	c := model.DefaultConfig()
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	init := m.Initial()
	other := init
	other.E[model.A].State = model.Established
	tests := []struct {
		name string
		path explore.Trace[model.State, model.Action]
		want string
	}{
		{"wrong start", explore.Trace[model.State, model.Action]{Init: other}, "does not start in the initial state"},
		{"not a transition", explore.Trace[model.State, model.Action]{Init: init, Steps: []explore.Step[model.State, model.Action]{
			{Action: model.Action{Kind: model.Close, Side: model.A}, State: other}}}, "step 1 (A CLOSE in CLOSED -> CLOSED): not a transition of the model"},
	}
	for _, tt := range tests {
		_, err := FromPath("p", "", c, tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: FromPath = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}

func TestConfigLine(t *testing.T) {
	tests := []struct {
		variant string
		change  func(c *model.Config)
		want    string
	}{
		{"rfc9293", func(c *model.Config) {}, ""},
		{"rfc1337", func(c *model.Config) {}, "variant=rfc1337"},
		{"rfc9293", func(c *model.Config) { c.RFC1337, c.AbortInTimeWait = true, false }, "variant=rfc1337"},
		{"fixed-isn", func(c *model.Config) { c.Window = 2 }, "variant=fixed-isn window=2"},
		{"rfc9293", func(c *model.Config) { c.Roles = model.BothActive; c.LossBudget = -1 }, "loss-budget=-1 roles=both-active"},
	}
	for _, tt := range tests {
		c, err := model.Variant(tt.variant)
		if err != nil {
			t.Fatal(err)
		}
		tt.change(&c)
		set, err := configLine(c)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, s := range set {
			parts = append(parts, s.Key+"="+s.Value)
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("configLine(%s with changes) = %q, want %q", tt.variant, got, tt.want)
		}
	}
}

// TestFromCounterexample writes an explorer counterexample as a trace and
// replays it: the path the engine reports is a behaviour step by step.
func TestFromCounterexample(t *testing.T) {
	c := model.DefaultConfig()
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	res, err := explore.Run(context.Background(), explore.Model[model.State, model.Action](m), explore.Options[model.State, model.Action]{
		Workers:    1,
		Constraint: model.InBounds,
		Invariants: []explore.Invariant[model.State]{{
			Name:  "NoTimeWait",
			Holds: func(s *model.State) bool { return s.E[model.A].State != model.TimeWait },
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) == 0 {
		t.Fatal("no counterexample: A should reach TIME-WAIT in the default configuration")
	}
	path := res.Violations[0].Trace
	rec, err := FromPath("cex", "A reaches TIME-WAIT", c, path)
	if err != nil {
		t.Fatal(err)
	}
	text := rec.Format()
	tr, err := Parse("cex", strings.NewReader(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	r, err := Replay(tr)
	if err != nil || !r.OK() {
		t.Fatalf("%v %v\n%s", err, r.Failure, text)
	}
	if got := r.Path.Last(); got.E[model.A].State != model.TimeWait {
		t.Errorf("replay ends with A in %v, want TIME-WAIT\n%s", got.E[model.A].State, text)
	}
	if !strings.Contains(text, "=> A TIME-WAIT") {
		t.Errorf("trace does not show A entering TIME-WAIT:\n%s", text)
	}
}
