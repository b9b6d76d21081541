package tlatcp

import (
	"context"
	"fmt"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// TLC's published result for MCtcp (TLA+ Examples manifest): the external
// oracle.
const (
	tlcDistinct = 1182
	tlcDepth    = 14
)

// TLC's "states generated" (derived in docs/TLA-CROSSCHECK.md, and what TLC
// prints when run on MCtcp there), which explore.Stats.Generated follows, and the transitions actually taken
// (plus the initial states), which leave out the 2464 successors that
// SingleActiveOpen excludes. naiveCount recomputes both independently.
const (
	tlcGenerated    = 6322
	engineGenerated = 3858
)

func run(t *testing.T, cfg Config, mod func(*explore.Options[State, Action])) *explore.Result[State, Action] {
	t.Helper()
	opt := Options()
	opt.Continue = true
	if mod != nil {
		mod(&opt)
	}
	r, err := explore.Run[State, Action](context.Background(), New(cfg), opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMCtcpFigures(t *testing.T) {
	for _, workers := range []int{1, 2} {
		for _, store := range []explore.StoreKind{explore.Exact, explore.Fingerprint} {
			t.Run(fmt.Sprintf("workers=%d/%v", workers, store), func(t *testing.T) {
				r := run(t, Config{}, func(o *explore.Options[State, Action]) {
					o.Workers, o.Store = workers, store
				})
				if r.Verdict != explore.Holds {
					t.Fatalf("verdict %v, violations %v", r.Verdict, r.Violations)
				}
				f := FiguresOf(r)
				want := Figures{Generated: tlcGenerated, Distinct: tlcDistinct, Depth: tlcDepth, Complete: true}
				if f != want {
					t.Fatalf("figures %+v, want %+v", f, want)
				}
			})
		}
	}
}

// naiveCount is a second, deliberately plain reading of TLC's worker loop,
// sharing nothing with explore: a map of seen states, a FIFO, and counters.
func naiveCount(m *Model) (generated, engineGen, distinct int64, depth int) {
	seen := map[State]bool{}
	var level []State
	m.Init(func(s *State) {
		generated++
		engineGen++
		if NoRetransmission(s) && !seen[*s] {
			seen[*s] = true
			level = append(level, *s)
		}
	})
	for len(level) > 0 {
		depth++
		var next []State
		for _, s := range level {
			m.Next(&s, func(_ Action, t *State) {
				generated++
				if !SingleActiveOpen(&s, t) {
					return
				}
				engineGen++
				if NoRetransmission(t) && !seen[*t] {
					seen[*t] = true
					next = append(next, *t)
				}
			})
		}
		level = next
	}
	return generated, engineGen, int64(len(seen)), depth
}

func TestNaiveCountAgrees(t *testing.T) {
	gen, egen, distinct, depth := naiveCount(New(Config{}))
	if gen != tlcGenerated || egen != engineGenerated || distinct != tlcDistinct || depth != tlcDepth {
		t.Fatalf("naive: generated %d (engine convention %d), distinct %d, depth %d; want %d (%d), %d, %d",
			gen, egen, distinct, depth, tlcGenerated, engineGenerated, tlcDistinct, tlcDepth)
	}
}

func TestTLCLines(t *testing.T) {
	tests := []struct {
		f    Figures
		want string
	}{
		{Figures{Generated: 6322, Distinct: 1182, Depth: 14, Complete: true},
			"6322 states generated, 1182 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 14.\n"},
		{Figures{Generated: 10, Distinct: 7, Depth: 3},
			"10 states generated, 7 distinct states found, search stopped early; states left on queue not known.\nThe depth of the complete state graph search is 3.\n"},
	}
	for _, tt := range tests {
		if got := tt.f.TLCLines(); got != tt.want {
			t.Errorf("TLCLines(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

// The inbox bound must hold for every generated successor, excluded ones
// included, since the state constraint is judged on them.
func TestInboxBound(t *testing.T) {
	r := run(t, Config{}, nil)
	longestKept, longestGen := 0, 0
	m := New(Config{})
	for id := range r.Stats.Distinct {
		s := r.TraceTo(uint32(id)).Last()
		for p := range 2 {
			longestKept = max(longestKept, int(s.Net[p].Len))
		}
		m.Next(&s, func(_ Action, t *State) {
			for p := range 2 {
				longestGen = max(longestGen, int(t.Net[p].Len))
			}
		})
	}
	if longestKept != MaxKeptLen {
		t.Errorf("longest inbox in a kept state is %d, MaxKeptLen says %d", longestKept, MaxKeptLen)
	}
	if longestGen >= Cap {
		t.Errorf("a generated successor has %d messages in an inbox of capacity %d", longestGen, Cap)
	}
}

func TestPushOverflowPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("push into a full inbox did not panic")
		}
	}()
	var q Queue
	for i := 0; i <= Cap; i++ {
		q.push(SYN)
	}
}

// SingleActiveOpen is judged on state pairs; on MCtcp it must exclude
// exactly the ACTIVE_OPEN, PASSIVE_OPEN and SEND transitions.
func TestSingleActiveOpenIsExactlyTheOpens(t *testing.T) {
	r := run(t, Config{}, nil)
	m := New(Config{})
	excluded := 0
	for id := range r.Stats.Distinct {
		s := r.TraceTo(uint32(id)).Last()
		m.Next(&s, func(a Action, to *State) {
			open := a.Rule == RuleActiveOpen || a.Rule == RulePassiveOpen || a.Rule == RuleSend
			if SingleActiveOpen(&s, to) == open {
				t.Errorf("SingleActiveOpen = %t for %v from %v", !open, a, &s)
			}
			if open {
				excluded++
			}
		})
	}
	if excluded == 0 {
		t.Error("no open was ever enabled: the constraint was never exercised")
	}
}
