package explore

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// ckptSummary is what must not differ between a search and the same search
// stopped and resumed.
type ckptSummary struct {
	Verdict                          Verdict
	Distinct, Generated, Transitions int64
	Levels                           []int64
	Violations                       []string
	Traces                           [][]uint32
}

func ckptSummarize(r *Result[cell, uint8]) ckptSummary {
	s := ckptSummary{Verdict: r.Verdict, Distinct: r.Stats.Distinct, Generated: r.Stats.Generated,
		Transitions: r.Stats.Transitions, Levels: r.Stats.Levels}
	for _, v := range r.Violations {
		s.Violations = append(s.Violations, v.Property+" "+v.Kind)
		ids := []uint32{v.Trace.InitID}
		for _, st := range v.Trace.Steps {
			ids = append(ids, st.ID)
		}
		s.Traces = append(s.Traces, ids)
	}
	return s
}

// TestCheckpointResume stops searches mid-way (a depth budget, then a
// cancellation while a level is expanded), resumes them from their
// checkpoints, and compares with the uninterrupted search: same counts,
// levels, violations and traces, for every store, with and without a
// Decoder and an action invariant (which keeps the table's indices).
func TestCheckpointResume(t *testing.T) {
	inv := []Invariant[cell]{{Name: "c1 is never 4", Holds: func(s *cell) bool { return s.c[1] != 4 }}}
	act := []ActionInvariant[cell, uint8]{{Name: "no step from 6 to 7 on c0", Holds: func(f *cell, _ uint8, to *cell) bool { return !(f.c[0] == 6 && to.c[0] == 7) }}}
	for _, store := range []StoreKind{Fingerprint, Exact, Fingerprint96, Fingerprint128} {
		for _, withAct := range []bool{false, true} {
			for _, workers := range []int{1, 2} {
				m := lattice{k: 3, n: 14}
				opt := Options[cell, uint8]{Workers: workers, Store: store, Continue: true, Invariants: inv, CheckpointTag: "lattice 14^3"}
				if withAct {
					opt.ActionInvariants = act
				}
				full, err := Run[cell, uint8](context.Background(), m, opt)
				if err != nil {
					t.Fatal(err)
				}
				want := ckptSummarize(full)

				// Stopped by a depth budget at level 6.
				dir := t.TempDir()
				o := opt
				o.Checkpoint, o.MaxDepth = dir, 6
				part, err := Run[cell, uint8](context.Background(), m, o)
				if err != nil || part.Stats.StopReason != "max depth" {
					t.Fatalf("first part: %v, stop %q", err, part.Stats.StopReason)
				}
				o = opt
				o.Resume = dir
				rest, err := Run[cell, uint8](context.Background(), m, o)
				if err != nil {
					t.Fatal(err)
				}
				if got := ckptSummarize(rest); !reflect.DeepEqual(got, want) {
					t.Fatalf("%v, action %v, %d workers: resumed\n%+v\nwant\n%+v", store, withAct, workers, got, want)
				}

				// Cancelled while expanding a level.
				if workers == 1 {
					continue
				}
				dir = t.TempDir()
				ctx, cancel := context.WithCancel(context.Background())
				o = opt
				o.Checkpoint = dir
				o.CheckpointEvery = time.Hour // only the first barrier, and the stop
				slow := m
				slow.delay = 20 * time.Microsecond
				o.Progress, o.ProgressEvery = func(p Progress) {
					if p.Depth >= 8 {
						cancel()
					}
				}, time.Millisecond
				part, err = Run[cell, uint8](ctx, slow, o)
				cancel()
				if err != nil || part.Stats.StopReason != "cancelled" {
					t.Fatalf("cancelled part: %v, stop %q", err, part.Stats.StopReason)
				}
				o = opt
				o.Resume = dir
				rest, err = Run[cell, uint8](context.Background(), m, o)
				if err != nil {
					t.Fatal(err)
				}
				if got := ckptSummarize(rest); !reflect.DeepEqual(got, want) {
					t.Fatalf("%v, action %v, %d workers, after a cancellation: resumed\n%+v\nwant\n%+v", store, withAct, workers, got, want)
				}
			}
		}
	}
}

func TestResumeRefusesAnotherSearch(t *testing.T) {
	dir := t.TempDir()
	opt := Options[cell, uint8]{Checkpoint: dir, MaxDepth: 3, CheckpointTag: "a"}
	if _, err := Run[cell, uint8](context.Background(), lattice{k: 2, n: 9}, opt); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opt  Options[cell, uint8]
		want string
	}{
		{Options[cell, uint8]{Resume: dir, CheckpointTag: "b"}, "another configuration"},
		{Options[cell, uint8]{Resume: dir, CheckpointTag: "a", Store: Exact}, "another model shape, store"},
		{Options[cell, uint8]{Resume: t.TempDir(), CheckpointTag: "a"}, "no such file"},
		{Options[cell, uint8]{Resume: dir, CheckpointTag: "a", RetainGraph: true}, "does not keep the graph"},
	} {
		_, err := Run[cell, uint8](context.Background(), lattice{k: 2, n: 9}, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("resume with %+v: error %v, want %q", tc.opt, err, tc.want)
		}
	}
}
