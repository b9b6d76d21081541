package explore

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
)

// decodingLattice is lattice with a Decoder: its frontier and candidates
// are kept as encodings, which is what spills.
type decodingLattice struct{ lattice }

func (l decodingLattice) Decode(src []uint64) cell {
	var s cell
	for i := range s.c {
		s.c[i] = uint8(src[0] >> (8 * i))
	}
	return s
}

// forceSpill makes every frontier and every level's candidates go to
// spill files until the test ends.
func forceSpill(t testing.TB) {
	old := spillAbove
	spillAbove = 0
	t.Cleanup(func() { spillAbove = old })
}

// TestSpillMatchesMemory runs searches whose frontiers and candidates all
// go through spill files and compares them with the same searches in
// memory: counts, levels, violations and traces, for every store, with
// and without an action invariant, on 1 and 2 workers, and after a
// checkpoint and resume. The spill directory must be empty afterwards.
func TestSpillMatchesMemory(t *testing.T) {
	inv := []Invariant[cell]{{Name: "c1 is never 4", Holds: func(s *cell) bool { return s.c[1] != 4 }}}
	act := []ActionInvariant[cell, uint8]{{Name: "no step from 6 to 7 on c0", Holds: func(f *cell, _ uint8, to *cell) bool { return !(f.c[0] == 6 && to.c[0] == 7) }}}
	m := decodingLattice{lattice{k: 3, n: 14}}
	for _, store := range []StoreKind{Fingerprint, Exact, Fingerprint96, Fingerprint128} {
		for _, withAct := range []bool{false, true} {
			for _, workers := range []int{1, 2} {
				opt := Options[cell, uint8]{Workers: workers, Store: store, Continue: true, Invariants: inv, CheckpointTag: "lattice"}
				if withAct {
					opt.ActionInvariants = act
				}
				mem, err := Run[cell, uint8](context.Background(), m, opt)
				if err != nil {
					t.Fatal(err)
				}
				want := ckptSummarize(mem)
				if want.Distinct != 14*14*14 || len(want.Violations) == 0 {
					t.Fatalf("in memory: %+v, want every state and a violation", want)
				}

				dir := t.TempDir()
				func() {
					forceSpill(t)
					o := opt
					o.SpillDir = dir
					r, err := Run[cell, uint8](context.Background(), m, o)
					if err != nil {
						t.Fatal(err)
					}
					if got := ckptSummarize(r); !reflect.DeepEqual(got, want) {
						t.Fatalf("%v, action %v, %d workers: spilled\n%+v\nwant\n%+v", store, withAct, workers, got, want)
					}
					o.Checkpoint, o.MaxDepth = t.TempDir(), 6
					if _, err := Run[cell, uint8](context.Background(), m, o); err != nil {
						t.Fatal(err)
					}
					o.Resume, o.Checkpoint, o.MaxDepth = o.Checkpoint, "", 0
					r, err = Run[cell, uint8](context.Background(), m, o)
					if err != nil {
						t.Fatal(err)
					}
					if got := ckptSummarize(r); !reflect.DeepEqual(got, want) {
						t.Fatalf("%v, action %v, %d workers: spilled and resumed\n%+v\nwant\n%+v", store, withAct, workers, got, want)
					}
				}()
				if left, _ := os.ReadDir(dir); len(left) > 0 {
					t.Fatalf("spill files left behind: %v", left)
				}
			}
		}
	}
}

// TestSpillFailureIsAnError: a spill directory that does not exist makes
// Run fail with an error naming it, not a wrong result.
func TestSpillFailureIsAnError(t *testing.T) {
	forceSpill(t)
	_, err := Run[cell, uint8](context.Background(), decodingLattice{lattice{k: 2, n: 9}}, Options[cell, uint8]{SpillDir: "/nonexistent/spill"})
	if err == nil {
		t.Fatal("no error with a spill directory that does not exist")
	}
	if want := `"/nonexistent/spill"`; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not name %s", err, want)
	}
}
