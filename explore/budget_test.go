package explore

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// lattice is a synthetic model: k counters modulo n, each step adds or
// subtracts one from one counter. It has n^k states, 2k successors per
// state and a predictable level structure, which makes it the benchmark
// model too.
type lattice struct {
	k, n  int
	delay time.Duration // per expanded state, to make budgets bite in tests
}

type cell struct{ c [6]uint8 }

func (l lattice) Init(emit func(*cell)) { emit(&cell{}) }

func (l lattice) Next(s *cell, emit func(uint8, *cell)) {
	if l.delay > 0 {
		time.Sleep(l.delay)
	}
	n := uint8(l.n)
	for i := 0; i < l.k; i++ {
		t := *s
		t.c[i] = (s.c[i] + 1) % n
		emit(uint8(2*i), &t)
		t.c[i] = (s.c[i] + n - 1) % n
		emit(uint8(2*i+1), &t)
	}
}

func (l lattice) Words() int { return 1 }

func (l lattice) Encode(s *cell, dst []uint64) {
	var w uint64
	for i, c := range s.c {
		w |= uint64(c) << (8 * i)
	}
	dst[0] = w
}

func TestLatticeCounts(t *testing.T) {
	for _, tc := range []struct {
		k, n    int
		workers int
		store   StoreKind
	}{
		{2, 7, 1, Fingerprint}, {3, 10, 2, Exact}, {4, 9, 3, Fingerprint}, {1, 1, 2, Exact},
	} {
		r, err := Run[cell, uint8](context.Background(), lattice{k: tc.k, n: tc.n}, Options[cell, uint8]{Workers: tc.workers, Store: tc.store})
		if err != nil {
			t.Fatal(err)
		}
		want := int64(1)
		for i := 0; i < tc.k; i++ {
			want *= int64(tc.n)
		}
		// Each counter is at most n/2 steps from 0; depth adds them up.
		depth := tc.k*(tc.n/2) + 1
		if r.Verdict != Holds || r.Stats.Distinct != want || r.Stats.Depth != depth || r.Stats.Generated != 1+want*int64(2*tc.k) {
			t.Errorf("lattice %d^%d: verdict %v, distinct %d (want %d), depth %d (want %d), generated %d", tc.n, tc.k, r.Verdict, r.Stats.Distinct, want, r.Stats.Depth, depth, r.Stats.Generated)
		}
	}
}

func TestBudgetsStopWithPartialFigures(t *testing.T) {
	slow := lattice{k: 3, n: 40, delay: 20 * time.Microsecond}
	for _, tc := range []struct {
		name   string
		opt    Options[cell, uint8]
		ctx    func() (context.Context, context.CancelFunc)
		reason string
		fast   bool // no delay: the budget is one of size, not time
	}{
		{"max states", Options[cell, uint8]{MaxStates: 500}, nil, "max states", true},
		{"max depth", Options[cell, uint8]{MaxDepth: 4}, nil, "max depth", true},
		{"max memory", Options[cell, uint8]{MaxMemory: 1 << 20}, nil, "max memory", true},
		{"timeout", Options[cell, uint8]{Timeout: 30 * time.Millisecond}, nil, "timeout", false},
		{"cancelled", Options[cell, uint8]{}, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 30*time.Millisecond)
		}, "cancelled", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			tc.opt.Workers = 2
			m := slow
			if tc.fast {
				m.delay = 0
			}
			r, err := Run[cell, uint8](ctx, m, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != Incomplete || r.Stats.StopReason != tc.reason {
				t.Fatalf("verdict %v, reason %q; want incomplete, %q", r.Verdict, r.Stats.StopReason, tc.reason)
			}
			var sum int64
			for _, n := range r.Stats.Levels {
				sum += n
			}
			if r.Stats.Distinct == 0 || r.Stats.Distinct >= 40*40*40 || sum != r.Stats.Distinct || r.Stats.Depth != len(r.Stats.Levels) {
				t.Fatalf("partial figures: distinct %d, levels %v, depth %d", r.Stats.Distinct, r.Stats.Levels, r.Stats.Depth)
			}
			if tc.opt.MaxStates > 0 && r.Stats.Distinct != tc.opt.MaxStates {
				t.Fatalf("distinct %d, want exactly the budget %d", r.Stats.Distinct, tc.opt.MaxStates)
			}
			if tc.opt.MaxDepth > 0 && r.Stats.Depth != tc.opt.MaxDepth {
				t.Fatalf("depth %d, want the budget %d", r.Stats.Depth, tc.opt.MaxDepth)
			}
			// Every numbered state can still be traced.
			last := uint32(r.Stats.Distinct - 1)
			if got := len(r.TraceTo(last).Steps); got != r.Stats.Depth-1 {
				t.Fatalf("trace to the last state has %d steps, want %d", got, r.Stats.Depth-1)
			}
			deadline := time.Now().Add(2 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Fatalf("%d goroutines left behind", n-before)
			}
		})
	}
}

func TestProgressIsCalled(t *testing.T) {
	calls := 0
	var lastSeen Progress
	r, err := Run[cell, uint8](context.Background(), lattice{k: 2, n: 30, delay: 50 * time.Microsecond}, Options[cell, uint8]{
		Workers:       2,
		ProgressEvery: 5 * time.Millisecond,
		Progress:      func(p Progress) { calls++; lastSeen = p },
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastSeen.Distinct <= 0 || lastSeen.Distinct > r.Stats.Distinct || lastSeen.Generated > r.Stats.Generated {
		t.Fatalf("%d progress calls, last %+v, final %+v", calls, lastSeen, r.Stats)
	}
}

func TestBadOptions(t *testing.T) {
	for _, opt := range []Options[cell, uint8]{
		{Workers: -1}, {Store: 7}, {MaxStates: -3}, {MaxDepth: -1}, {Timeout: -time.Second},
	} {
		if _, err := Run[cell, uint8](context.Background(), lattice{k: 1, n: 3}, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
}

func TestBenchMedians(t *testing.T) {
	res, err := Bench[cell, uint8](context.Background(), lattice{k: 2, n: 12}, Options[cell, uint8]{}, []int{1, 2}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[1].Workers != 2 || len(res[0].Runs) != 3 {
		t.Fatalf("results %+v", res)
	}
	for _, br := range res {
		if br.Median.Distinct != 144 || br.Median.Workers != br.Workers {
			t.Errorf("%d workers: median run %+v", br.Workers, br.Median)
		}
	}
	if _, err := Bench[cell, uint8](context.Background(), lattice{k: 1, n: 2}, Options[cell, uint8]{}, []int{1}, 0); err == nil {
		t.Error("0 runs accepted")
	}
}

func TestMemoryEstimate(t *testing.T) {
	for _, store := range []StoreKind{Fingerprint, Exact, Fingerprint96, Fingerprint128} {
		r, err := Run[cell, uint8](context.Background(), lattice{k: 4, n: 20}, Options[cell, uint8]{Store: store})
		if err != nil {
			t.Fatal(err)
		}
		got := float64(MemoryEstimate(r.Stats.Distinct, 1, store, false, 8))
		actual := r.Stats.BytesPerState * float64(r.Stats.Distinct)
		if got < actual/1.5 || got > actual*1.5 {
			t.Errorf("%v: estimate %.0f bytes, the search held %.0f", store, got, actual)
		}
	}
	if p := CollisionProbability128(1e9, 1e10); p <= 0 || p > 1e-15 {
		t.Errorf("128-bit collision estimate for 1e9 states: %g", p)
	}
	if CollisionProbability(10, 5) != 0 || CollisionProbability(1<<20, 1<<24) <= 0 {
		t.Error("collision probability: want 0 without duplicates and > 0 with")
	}
}

// TestMemoryBudgetCountsTheProcess: memory the engine does not own (here
// retained by a constraint, as a model's caches or a graph would be)
// counts against MaxMemory, and the search stops cleanly keeping the
// violations found before the budget was reached.
func TestMemoryBudgetCountsTheProcess(t *testing.T) {
	var (
		mu       sync.Mutex
		retained [][]byte
	)
	budget := ProcessMemory() + 96<<20
	var forecast *MemoryForecast
	r, err := Run[cell, uint8](context.Background(), lattice{k: 4, n: 40}, Options[cell, uint8]{
		Workers:  2,
		Continue: true,
		// Violated from depth 4 on, long before the budget is reached.
		Invariants: []Invariant[cell]{{Name: "c0 is never 3", Holds: func(s *cell) bool { return s.c[0] != 3 }}},
		Constraint: func(s *cell) bool {
			mu.Lock()
			retained = append(retained, make([]byte, 1024))
			mu.Unlock()
			return true
		},
		MaxMemory:     budget,
		MemoryWarning: func(f MemoryForecast) { forecast = &f },
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stats.StopReason != "max memory" || r.Verdict != Violated || len(r.Violations) != 1 {
		t.Fatalf("stop %q, verdict %v, %d violations; want max memory, violated, 1", r.Stats.StopReason, r.Verdict, len(r.Violations))
	}
	if v := r.Violations[0]; len(v.Trace.Steps) != 3 || v.Trace.Last().c[0] != 3 {
		t.Errorf("counterexample %+v, want the 3 steps to c0=3", v.Trace)
	}
	if r.Stats.EngineMemory >= 32<<20 {
		t.Errorf("engine structures %d bytes: the test needs them well under the budget", r.Stats.EngineMemory)
	}
	if r.Stats.PeakMemory < budget-96<<20/2 {
		t.Errorf("peak %d bytes, budget %d: the retained memory was not counted", r.Stats.PeakMemory, budget)
	}
	if forecast == nil || forecast.Budget != budget || forecast.Levels < 1 {
		t.Errorf("memory forecast %+v, want one against the budget", forecast)
	}
	runtime.KeepAlive(retained)
}

// TestMemoryBudgetKeepsViolationsOfAStoppedLevel: a transition violation
// found in the level a budget cuts short is reported, with an unnumbered
// target.
func TestMemoryBudgetKeepsViolationsOfAStoppedLevel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Run[cell, uint8](ctx, lattice{k: 2, n: 30, delay: 200 * time.Microsecond}, Options[cell, uint8]{
		Workers: 1,
		ActionInvariants: []ActionInvariant[cell, uint8]{{Name: "c0 never 5", Holds: func(_ *cell, _ uint8, to *cell) bool {
			if to.c[0] == 5 {
				cancel() // stop within this level
				return false
			}
			return true
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Violated || r.Stats.StopReason != "cancelled" || len(r.Violations) != 1 {
		t.Fatalf("verdict %v, stop %q, %d violations", r.Verdict, r.Stats.StopReason, len(r.Violations))
	}
	tr := r.Violations[0].Trace
	if last := tr.Steps[len(tr.Steps)-1]; last.ID != NoState || last.State.c[0] != 5 || int64(len(tr.Steps)) != int64(r.Stats.Depth) {
		t.Errorf("trace %+v (depth %d): want a last step to c0=5 out of the last level, unnumbered", tr, r.Stats.Depth)
	}
}

// TestProgressMovesWithinALevel: the figures of the level under way move
// between barriers (issue: a frozen count and "queue 0" mid-search).
func TestProgressMovesWithinALevel(t *testing.T) {
	var (
		mu    sync.Mutex
		snaps []Progress
	)
	_, err := Run[cell, uint8](context.Background(), lattice{k: 3, n: 12, delay: 20 * time.Microsecond}, Options[cell, uint8]{
		Workers:       2,
		ProgressEvery: time.Millisecond,
		Progress:      func(p Progress) { mu.Lock(); snaps = append(snaps, p); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	mid, moved := false, false
	for i, p := range snaps {
		if p.Phase == PhaseExpand && p.LevelDone > 0 && p.LevelDone < p.LevelSize && p.Queue == p.LevelSize-p.LevelDone && p.New > 0 {
			mid = true
		}
		if i > 0 && p.Depth == snaps[i-1].Depth && p.LevelDone > snaps[i-1].LevelDone && p.Generated > snaps[i-1].Generated {
			moved = true
		}
	}
	if !mid || !moved {
		t.Fatalf("%d snapshots, none mid-level (%v) or none moving within a level (%v)", len(snaps), mid, moved)
	}
}
