package liveness

import (
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

func TestLeadsToHandBuilt(t *testing.T) {
	wf := func(classes uint64) []Fairness { return []Fairness{{Name: "f", Classes: classes}} }
	sf := func(classes uint64) []Fairness { return []Fairness{{Name: "f", Classes: classes, Strong: true}} }
	// A loop 1 <-> 2 with an exit from 1 (class 1) into the goal 3.
	exitFromOne := []edge{{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 1}}
	// The same with the exit enabled in 2 as well.
	exitFromBoth := append(append([]edge(nil), exitFromOne...), edge{2, 3, 1})
	// The loop 1 <-> 2 plus a side loop 2 <-> 4 where the exit is disabled.
	sideLoop := append(append([]edge(nil), exitFromOne...), edge{2, 4, 0}, edge{4, 2, 0})

	tests := []struct {
		name     string
		n        int
		edges    []edge
		extra    map[uint32]uint64
		inits    int
		p, q     Pred
		fairness []Fairness
		stutter  bool

		violated bool
		prefix   int    // length of the prefix
		loop     uint32 // first state of the cycle
		cycle    int    // length of the cycle
		pStep    int
		cause    []Cause
	}{
		{name: "unfair cycle is a counterexample without fairness", n: 4, edges: exitFromBoth, inits: 1, p: set(0), q: set(3),
			violated: true, prefix: 1, loop: 1, cycle: 2},
		{name: "weak fairness breaks a cycle that always enables the exit", n: 4, edges: exitFromBoth, inits: 1, p: set(0), q: set(3),
			fairness: wf(1 << 1)},
		{name: "weak fairness is met where the exit is disabled", n: 4, edges: exitFromOne, inits: 1, p: set(0), q: set(3),
			fairness: wf(1 << 1), violated: true, prefix: 1, loop: 1, cycle: 2, cause: []Cause{Disabled}},
		{name: "strong fairness breaks the intermittent exit", n: 4, edges: exitFromOne, inits: 1, p: set(0), q: set(3),
			fairness: sf(1 << 1)},
		{name: "strong fairness refinement keeps the side loop", n: 5, edges: sideLoop, inits: 1, p: set(0), q: set(3),
			fairness: sf(1 << 1), violated: true, prefix: 2, loop: 2, cycle: 2, cause: []Cause{NeverEnabled}},
		{name: "strong fairness refinement over three rounds", n: 6, inits: 1, p: set(0), q: set(5),
			edges:    []edge{{0, 1, 0}, {1, 2, 2}, {2, 1, 0}, {2, 3, 0}, {3, 2, 0}, {3, 4, 0}, {4, 3, 0}, {1, 5, 1}, {2, 5, 2}},
			fairness: []Fairness{{Name: "a", Classes: 1 << 1, Strong: true}, {Name: "b", Classes: 1 << 2, Strong: true}},
			violated: true, prefix: 3, loop: 3, cycle: 2, cause: []Cause{NeverEnabled, NeverEnabled}},
		{name: "a group taken on the cycle", n: 3, edges: []edge{{0, 1, 0}, {1, 0, 2}, {1, 2, 1}}, inits: 1, p: set(0), q: set(2),
			fairness: wf(1<<1 | 1<<2), violated: true, prefix: 0, loop: 0, cycle: 2, cause: []Cause{Taken}},
		{name: "excluded successor keeps a group enabled", n: 3, edges: []edge{{0, 1, 0}, {1, 0, 0}}, extra: map[uint32]uint64{0: 1 << 3, 1: 1 << 3}, inits: 1, p: set(0), q: set(2),
			fairness: wf(1 << 3)},
		{name: "deadlock stutters under TLA semantics", n: 2, edges: []edge{{0, 1, 0}}, inits: 1, p: set(0), q: set(),
			fairness: wf(1), stutter: true, violated: true, prefix: 1, loop: 1, cycle: 0, cause: []Cause{Disabled}},
		{name: "deadlock is no cycle without stuttering", n: 2, edges: []edge{{0, 1, 0}}, inits: 1, p: set(0), q: set(),
			fairness: wf(1)},
		{name: "unfair actions allow stuttering", n: 2, edges: []edge{{0, 1, 0}}, inits: 1, p: set(0), q: set(1),
			stutter: true, violated: true, prefix: 0, loop: 0, cycle: 0},
		{name: "a self-loop is a cycle without stuttering", n: 1, edges: []edge{{0, 0, 0}}, inits: 1, p: set(0), q: set(),
			fairness: wf(1), violated: true, prefix: 0, loop: 0, cycle: 1, cause: []Cause{Taken}},
		{name: "a self-loop is a stutter step with stuttering", n: 1, edges: []edge{{0, 0, 0}}, inits: 1, p: set(0), q: set(),
			fairness: wf(1), stutter: true},
		{name: "vacuous: P never holds", n: 3, edges: exitFromBoth, inits: 1, p: set(), q: set(3)},
		{name: "vacuous: P only where Q holds", n: 4, edges: exitFromBoth, inits: 1, p: set(3), q: set(3)},
		{name: "Q reached from every P-state", n: 3, edges: []edge{{0, 1, 0}, {1, 1, 0}, {1, 2, 0}}, inits: 1, p: set(2), q: set(0)},
		{name: "prefix passes the P-state after an earlier cycle", n: 4, edges: []edge{{0, 1, 0}, {1, 0, 0}, {1, 2, 0}, {2, 3, 0}, {3, 2, 0}}, inits: 1, p: set(2), q: set(),
			violated: true, prefix: 2, loop: 2, cycle: 2, pStep: 2},
		{name: "Q between P and the cycle is no counterexample", n: 4, edges: []edge{{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {3, 2, 0}}, inits: 1, p: set(0), q: set(1)},
		{name: "P before Q but a Q-free path around it", n: 4, edges: []edge{{0, 1, 0}, {0, 2, 0}, {1, 2, 0}, {2, 3, 0}, {3, 2, 0}}, inits: 1, p: set(0), q: set(1),
			violated: true, prefix: 1, loop: 2, cycle: 2},
		{name: "the nearest initial state wins", n: 4, edges: []edge{{0, 2, 0}, {2, 3, 0}, {3, 2, 0}, {1, 3, 0}}, inits: 2, p: set(0, 1), q: set(),
			violated: true, prefix: 1, loop: 2, cycle: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := build(tc.n, tc.edges, tc.extra)
			o := Options{Inits: tc.inits, Fairness: tc.fairness, Stutter: tc.stutter}
			l, err := LeadsTo(g, tc.p, tc.q, o)
			if err != nil {
				t.Fatal(err)
			}
			if (l != nil) != tc.violated {
				t.Fatalf("violated = %v, want %v (lasso %+v)", l != nil, tc.violated, l)
			}
			if l == nil {
				return
			}
			checkLasso(t, g, tc.p, tc.q, o, l)
			if len(l.Prefix) != tc.prefix || l.Loop != tc.loop || len(l.Cycle) != tc.cycle || l.PStep != tc.pStep {
				t.Errorf("prefix %d, loop %d, cycle %d, PStep %d; want %d, %d, %d, %d",
					len(l.Prefix), l.Loop, len(l.Cycle), l.PStep, tc.prefix, tc.loop, tc.cycle, tc.pStep)
			}
			for i, c := range tc.cause {
				if l.Why[i].Cause != c {
					t.Errorf("reason %d is %v, want cause %d", i, l.Why[i], c)
				}
			}
		})
	}
}

func TestLeadsToErrors(t *testing.T) {
	g := build(2, []edge{{0, 1, 0}}, nil)
	tests := []struct {
		name string
		q    Pred
		o    Options
		want string
	}{
		{name: "no Q", q: nil, o: Options{Inits: 1}, want: "Q predicate"},
		{name: "no initial state", q: set(), o: Options{}, want: "Inits is 0"},
		{name: "too many initial states", q: set(), o: Options{Inits: 3}, want: "Inits is 3"},
		{name: "empty group", q: set(), o: Options{Inits: 1, Fairness: []Fairness{{Name: "retx"}}}, want: `"retx" names no edge class`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LeadsTo(g, nil, tc.q, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	bad := build(2, []edge{{0, 1, 0}}, nil)
	bad.Classes = nil
	if _, err := LeadsTo(bad, nil, set(), Options{Inits: 1}); err == nil || !strings.Contains(err.Error(), "0 classes for 1 edges") {
		t.Fatalf("inconsistent graph: error %v", err)
	}
	if _, err := Possibility(nil, set(), nil); err == nil || !strings.Contains(err.Error(), "RetainGraph") {
		t.Fatalf("nil graph: error %v", err)
	}
}

func TestReasonString(t *testing.T) {
	wf := Fairness{Name: "retx", Classes: 1}
	sf := Fairness{Name: "2MSL", Classes: 2, Strong: true}
	tests := []struct {
		r    Reason
		want string
	}{
		{Reason{Fairness: wf, Cause: Taken, Step: 2, Edge: 17}, "WF(retx): taken by cycle step 3"},
		{Reason{Fairness: wf, Cause: Disabled, Step: 0, State: 5}, "WF(retx): disabled where the cycle starts (state id 5)"},
		{Reason{Fairness: wf, Cause: Disabled, Step: 2, State: 9}, "WF(retx): disabled after cycle step 2 (state id 9)"},
		{Reason{Fairness: sf, Cause: NeverEnabled}, "SF(2MSL): never enabled on the cycle"},
	}
	for _, tc := range tests {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestLeadsToReportsProgress(t *testing.T) {
	const n = 1<<18 + 10
	g := &explore.Graph{Offsets: make([]uint64, n+1), Targets: make([]uint32, n), Classes: make([]uint8, n), Enabled: make([]uint64, n)}
	for i := 0; i < n; i++ {
		g.Offsets[i+1] = uint64(i + 1)
		g.Targets[i] = uint32(min(i+1, n-1))
	}
	var calls, last int64
	_, err := LeadsTo(g, nil, func(s uint32) bool { return s == n-1 }, Options{Inits: 1, Progress: func(v, states int64) {
		calls++
		last = v
		if states != n {
			t.Errorf("progress: %d states, want %d", states, n)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || last != 1<<18 {
		t.Errorf("%d progress calls, last at %d states: want one at 2^18", calls, last)
	}
}
