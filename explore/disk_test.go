package explore

import (
	"context"
	"os"
	"reflect"
	"testing"
)

// TestDiskMatchesMemory compares the Disk store, its table merged into
// the file at every level barrier (DiskTable 1 byte), with the in-memory
// 128-bit store: the same counts, levels, violations and traces (action
// invariants included, whose targets the file's indices give), on 1 and
// 2 workers, with and without a Decoder and spill files. The directory is
// empty afterwards.
func TestDiskMatchesMemory(t *testing.T) {
	inv := []Invariant[cell]{{Name: "c1 is never 4", Holds: func(s *cell) bool { return s.c[1] != 4 }}}
	act := []ActionInvariant[cell, uint8]{{Name: "no step from 6 to 7 on c0", Holds: func(f *cell, _ uint8, to *cell) bool { return !(f.c[0] == 6 && to.c[0] == 7) }}}
	for _, m := range []Model[cell, uint8]{lattice{k: 3, n: 10}, decodingLattice{lattice{k: 3, n: 10}}} {
		for _, withAct := range []bool{false, true} {
			for _, workers := range []int{1, 2} {
				opt := Options[cell, uint8]{Workers: workers, Store: Fingerprint128, Continue: true, Invariants: inv}
				if withAct {
					opt.ActionInvariants = act
				}
				mem, err := Run[cell, uint8](context.Background(), m, opt)
				if err != nil {
					t.Fatal(err)
				}
				want := ckptSummarize(mem)
				for _, spilled := range []bool{false, true} {
					dir := t.TempDir()
					func() {
						if spilled {
							forceSpill(t)
						}
						o := opt
						o.Store, o.DiskTable, o.SpillDir = Disk, 1, dir
						r, err := Run[cell, uint8](context.Background(), m, o)
						if err != nil {
							t.Fatal(err)
						}
						if got := ckptSummarize(r); !reflect.DeepEqual(got, want) {
							t.Fatalf("action %v, %d workers, spilled %v: disk store\n%+v\nwant\n%+v", withAct, workers, spilled, got, want)
						}
						if r.Stats.DiskMerges < len(want.Levels)-1 || r.Stats.DiskBytes == 0 {
							t.Fatalf("%d merges into the file (%d bytes) in %d levels: the file was not used", r.Stats.DiskMerges, r.Stats.DiskBytes, len(want.Levels))
						}
					}()
					if left, _ := os.ReadDir(dir); len(left) > 0 {
						t.Fatalf("files left behind: %v", left)
					}
				}
			}
		}
	}
}
