package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

// Budget bounds the search behind "show me the shortest way to break P".
type Budget struct {
	MaxStates int64         // distinct states
	Timeout   time.Duration // wall clock
	MaxMemory uint64        // bytes of the visited set
}

// DefaultBudget covers every named variant but big in well under a
// minute on one core.
var DefaultBudget = Budget{MaxStates: 3_000_000, Timeout: 60 * time.Second, MaxMemory: 1 << 30}

// breakResult is the outcome of one search: a counterexample as step
// indices, or why there is none.
type breakResult struct {
	path     []int
	verdict  explore.Verdict
	states   int64
	stopped  string // the budget that stopped an incomplete search
	cycleAt  int    // for a lasso, the steps before its cycle; else -1
	finished time.Time
}

// searcher runs one search at a time and remembers every result: a
// result depends only on the configuration and the property.
type searcher struct {
	budget Budget
	run    sync.Mutex // one search at a time: the machine is shared
	mu     sync.Mutex
	cache  map[string]*breakResult
}

// maxCache bounds the remembered results; the oldest go first.
const maxCache = 512

func newSearcher(b Budget) *searcher {
	return &searcher{budget: b, cache: map[string]*breakResult{}}
}

func (s *searcher) cached(key string) (*breakResult, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.cache[key]
	return r, ok
}

func (s *searcher) store(key string, r *breakResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) >= maxCache {
		var oldest string
		for k, v := range s.cache {
			if oldest == "" || v.finished.Before(s.cache[oldest].finished) {
				oldest = k
			}
		}
		delete(s.cache, oldest)
	}
	s.cache[key] = r
}

// shortest finds the shortest counterexample of p in the model of c. key
// names the configuration canonically.
func (s *searcher) shortest(ctx context.Context, key string, c model.Config, p props.Property) (*breakResult, error) {
	key = p.ID + "|" + key
	if r, ok := s.cached(key); ok {
		return r, nil
	}
	s.run.Lock()
	defer s.run.Unlock()
	if r, ok := s.cached(key); ok { // found while this request waited
		return r, nil
	}
	m, err := model.New(c)
	if err != nil {
		return nil, badf("%v", err)
	}
	rep, err := props.Check(ctx, m, props.Options{
		Props:     []props.Property{p},
		Workers:   1,
		Store:     explore.Exact,
		MaxStates: s.budget.MaxStates,
		MaxMemory: s.budget.MaxMemory,
		Timeout:   s.budget.Timeout,
	})
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		// The visitor went away: do not remember a cut search.
		return nil, ctx.Err()
	}
	out, ok := rep.Outcome(p.ID)
	if !ok {
		return nil, fmt.Errorf("the search reported no outcome for %s", p.ID)
	}
	r := &breakResult{verdict: out.Verdict, states: rep.Stats.Distinct, stopped: rep.Stats.StopReason, cycleAt: -1, finished: time.Now()}
	if out.Verdict == explore.Violated {
		t := out.Trace
		if out.Lasso != nil {
			lt := out.Lasso.Trace()
			t = &lt
			r.cycleAt = out.Lasso.CycleStart()
		}
		if t == nil {
			return nil, fmt.Errorf("%s is violated but the search gave no path", p.ID)
		}
		if r.path, err = indicesOf(m, *t); err != nil {
			return nil, fmt.Errorf("replaying the counterexample of %s: %v", p.ID, err)
		}
		if len(r.path) > MaxPath {
			return nil, fmt.Errorf("the counterexample of %s has %d steps, more than a URL may hold (%d)", p.ID, len(r.path), MaxPath)
		}
	}
	s.store(key, r)
	return r, nil
}
