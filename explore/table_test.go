package explore

import "testing"

// TestTableCollisions: the exact store tells apart states whose
// fingerprints collide; the fingerprint store, by design, cannot.
func TestTableCollisions(t *testing.T) {
	const fp = 0xABCDEF0123456789
	a, b := []uint64{1, 2}, []uint64{1, 3}
	for _, tc := range []struct {
		exact     bool
		secondNew bool
	}{{true, true}, {false, false}} {
		tab := newTable(2, tc.exact, true)
		if !tab.insert(fp, a) {
			t.Fatal("first insert refused")
		}
		if got := tab.insert(fp, b); got != tc.secondNew {
			t.Errorf("exact=%v: second state with the same fingerprint inserted=%v, want %v", tc.exact, got, tc.secondNew)
		}
		tab.setIndex(fp, a, 7)
		if id, ok := tab.indexOf(fp, a); !ok || id != 7 {
			t.Errorf("exact=%v: index of a is %d, %v", tc.exact, id, ok)
		}
		if tab.insert(fp, a) {
			t.Errorf("exact=%v: a inserted twice", tc.exact)
		}
		tab.free()
	}
}

// TestTableGrowth fills a table through many grows and checks every state
// is still found with its index, and absent ones are not.
func TestTableGrowth(t *testing.T) {
	for _, exact := range []bool{false, true} {
		tab := newTable(1, exact, true)
		const n = 20000
		enc := []uint64{0}
		for i := uint64(1); i <= n; i++ {
			enc[0] = i
			for !tab.fits(nil, maxLoad) {
				tab.grow(func(f func(int, int)) { f(0, 1) })
			}
			tab.insert(fingerprint(enc), enc)
			tab.setIndex(fingerprint(enc), enc, uint32(i))
		}
		for i := uint64(1); i <= 2*n; i++ {
			enc[0] = i
			id, ok := tab.indexOf(fingerprint(enc), enc)
			if ok != (i <= n) || (ok && id != uint32(i)) {
				t.Fatalf("exact=%v: state %d found=%v index %d", exact, i, ok, id)
			}
		}
		if load := float64(n) / float64(numShards*tab.size); load < 0.5 || load > 0.86 {
			t.Errorf("exact=%v: load %.2f after growing", exact, load)
		}
		tab.free()
	}
}
