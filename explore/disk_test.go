package explore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"
)

// TestDiskMatchesMemory compares the Disk store with the in-memory 128-bit
// store: the same counts, levels, violations and traces (action
// invariants included, whose targets the file's indices or the merge of
// the runs give), on 1 and 2 workers, with and without a Decoder and spill
// files, and under state and depth budgets. The table's share ranges from
// 1 byte (everything merged into the file at every level, a sorted run of
// candidates per chunk) to a few times the smallest table (merges every
// few levels, several runs a level, and the table filtering the
// candidates in between). The directory is empty afterwards.
func TestDiskMatchesMemory(t *testing.T) {
	inv := []Invariant[cell]{{Name: "c1 is never 4", Holds: func(s *cell) bool { return s.c[1] != 4 }}}
	act := []ActionInvariant[cell, uint8]{{Name: "no step from 6 to 7 on c0", Holds: func(f *cell, _ uint8, to *cell) bool { return !(f.c[0] == 6 && to.c[0] == 7) }}}
	small, large := lattice{k: 3, n: 10}, lattice{k: 4, n: 13}
	for _, tc := range []struct {
		model     Model[cell, uint8]
		table     uint64 // DiskTable
		budget    string // "", "states", "depth"
		limit     int    // the budget's states or levels
		everyLvl  bool   // merged into the file at every level
		minMerges int
		block     int64 // blockEntries, 0 for the default
	}{
		{small, 1, "", 0, true, 0, 0},
		{decodingLattice{small}, 1, "", 0, true, 0, 0},
		{small, 1, "states", 300, true, 0, 0},
		{decodingLattice{small}, 1, "depth", 9, true, 0, 0},
		{large, 256 << 10, "", 0, false, 2, 0},
		{decodingLattice{large}, 256 << 10, "", 0, false, 2, 0},
		{decodingLattice{large}, 256 << 10, "states", 15000, false, 1, 0},
		{decodingLattice{large}, 256 << 10, "depth", 16, false, 1, 0},
		{decodingLattice{large}, 256 << 10, "", 0, false, 2, 2},
		{large, 200 << 10, "states", 20000, false, 2, 1},
	} {
		for _, withAct := range []bool{false, true} {
			for _, workers := range []int{1, 2} {
				name := fmt.Sprintf("%T/table=%d/budget=%q/action=%v/workers=%d", tc.model, tc.table, tc.budget, withAct, workers)
				opt := Options[cell, uint8]{Workers: workers, Store: Fingerprint128, Continue: true, Invariants: inv}
				if withAct {
					opt.ActionInvariants = act
				}
				switch tc.budget {
				case "states":
					opt.MaxStates = int64(tc.limit)
				case "depth":
					opt.MaxDepth = tc.limit
				}
				mem, err := Run[cell, uint8](context.Background(), tc.model, opt)
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
						if tc.block > 0 {
							old := blockEntries
							blockEntries = tc.block
							defer func() { blockEntries = old }()
						}
						o := opt
						o.Store, o.DiskTable, o.SpillDir = Disk, tc.table, dir
						skipped := skippedBlocks.Load()
						r, err := Run[cell, uint8](context.Background(), tc.model, o)
						if err != nil {
							t.Fatal(err)
						}
						if got := ckptSummarize(r); !reflect.DeepEqual(got, want) {
							t.Fatalf("%s, spilled %v: disk store\n%+v\nwant\n%+v", name, spilled, got, want)
						}
						if r.Stats.StopReason != mem.Stats.StopReason {
							t.Fatalf("%s: stopped by %q, want %q", name, r.Stats.StopReason, mem.Stats.StopReason)
						}
						levels := len(want.Levels)
						merges, runs := r.Stats.DiskMerges, r.Stats.DiskRuns
						switch {
						case r.Stats.DiskBytes == 0:
							t.Fatalf("%s: the file was not used", name)
						case tc.everyLvl && merges < levels-2:
							t.Fatalf("%s: %d merges into the file in %d levels, want one a level", name, merges, levels)
						case !tc.everyLvl && (merges < tc.minMerges || merges >= levels-2):
							t.Fatalf("%s: %d merges into the file in %d levels, want from %d to a few", name, merges, levels, tc.minMerges)
						case runs < levels-2:
							t.Fatalf("%s: %d sorted runs of candidates in %d levels, want several a level", name, runs, levels)
						case tc.block > 0 && skippedBlocks.Load() == skipped:
							t.Fatalf("%s: no block of the files skipped", name)
						}
					}()
					if left, _ := os.ReadDir(dir); len(left) > 0 {
						t.Fatalf("%s: files left behind: %v", name, left)
					}
				}
			}
		}
	}
}

// TestRunSort checks the runs' bucket sort against a comparison sort, on
// sizes around its thresholds and with repeated fingerprints (the same
// state generated several times in a level) and skewed top bits.
func TestRunSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 1 << 16} {
		for _, skew := range []bool{false, true} {
			var rw runWorker
			for i := 0; i < n; i++ {
				fp := rng.Uint64()
				if skew {
					fp >>= 20 // all in the lowest buckets
				}
				if i > 0 && rng.IntN(4) == 0 {
					fp = rw.buf[rng.IntN(i)].fp // a duplicate
				}
				rw.buf = append(rw.buf, runEnt{fp, fp ^ 7, uint64(rng.IntN(1 << 20))})
			}
			want := slices.Clone(rw.buf)
			slices.SortFunc(want, runCmp)
			rw.sort()
			if !slices.Equal(rw.buf, want) {
				t.Fatalf("n=%d skew=%v: the bucket sort differs from slices.SortFunc", n, skew)
			}
		}
	}
}
