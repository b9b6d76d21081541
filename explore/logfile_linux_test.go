package explore

import (
	"context"
	"reflect"
	"testing"
)

// TestParentLogInFile: once the parent log passes spillAbove it lives in
// a file, the pages of finished levels are handed back, and every parent,
// ordinal and trace read back through the dropped pages is the one an
// in-memory log gives.
func TestParentLogInFile(t *testing.T) {
	m := decodingLattice{lattice{k: 3, n: 40}}
	mem, err := Run[cell, uint8](context.Background(), m, Options[cell, uint8]{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if mem.log.par.f != nil {
		t.Fatal("a log of 64,000 states went to a file under the default threshold")
	}
	forceSpill(t)
	r, err := Run[cell, uint8](context.Background(), m, Options[cell, uint8]{Workers: 2, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	l := r.log
	if l.par.f == nil || l.ord.f == nil {
		t.Fatal("the log stayed in anonymous memory with spillAbove 0")
	}
	n := len(r.parent)
	if want := uintptr(4*n) &^ (pageSize - 1); l.par.dropped != want {
		t.Errorf("parents: %d bytes dropped, want %d (every whole page of %d states)", l.par.dropped, want, n)
	}
	if !reflect.DeepEqual(r.parent, mem.parent) || !reflect.DeepEqual(r.ordinal, mem.ordinal) {
		t.Error("the log read back from the file differs from the log in memory")
	}
	for _, id := range []uint32{0, uint32(n / 2), uint32(n - 1)} {
		if got, want := r.TraceTo(id), mem.TraceTo(id); !reflect.DeepEqual(got, want) {
			t.Errorf("trace to %d: %+v, want %+v", id, got, want)
		}
	}
}
