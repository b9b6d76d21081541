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
		tab := newTable(keyWords(2, tc.exact), true)
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
		tab := newTable(keyWords(1, exact), true)
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

// TestReserveMatchesGrow: reserving room for a burst takes the table to
// the size that growing a quarter at a time would reach, in one rehash,
// and keeps every state and index.
func TestReserveMatchesGrow(t *testing.T) {
	one := func(f func(int, int)) { f(0, 1) }
	for _, tc := range []struct {
		exact       bool
		have, burst int
		at          int
	}{{false, 1000, 50000, hardLoad}, {true, 3000, 7000, maxLoad}, {false, 100, 10, maxLoad}} {
		stepped, reserved := newTable(keyWords(1, tc.exact), true), newTable(keyWords(1, tc.exact), true)
		enc := []uint64{0}
		for i := 1; i <= tc.have; i++ {
			enc[0] = uint64(i)
			for _, tab := range []*table{stepped, reserved} {
				for !tab.fits(nil, maxLoad) {
					tab.grow(one)
				}
				tab.insert(fingerprint(enc), enc)
				tab.setIndex(fingerprint(enc), enc, uint32(i))
			}
		}
		var extra [numShards]int
		for i := tc.have + 1; i <= tc.have+tc.burst; i++ {
			enc[0] = uint64(i)
			extra[shardOf(fingerprint(enc))]++
		}
		for !stepped.fits(&extra, tc.at) {
			stepped.grow(one)
		}
		reserved.reserve(&extra, tc.at, one)
		if reserved.size != stepped.size {
			t.Errorf("exact=%v: reserved %d slots a shard, growing step by step gave %d", tc.exact, reserved.size, stepped.size)
		}
		for i := 1; i <= tc.have+tc.burst; i++ {
			enc[0] = uint64(i)
			if i > tc.have && !reserved.insert(fingerprint(enc), enc) {
				t.Fatalf("exact=%v: state %d refused after reserve", tc.exact, i)
			}
			id, ok := reserved.indexOf(fingerprint(enc), enc)
			if !ok || (i <= tc.have && id != uint32(i)) {
				t.Fatalf("exact=%v: state %d found=%v index %d after reserve", tc.exact, i, ok, id)
			}
		}
		stepped.free()
		reserved.free()
	}
}

func keyWords(words int, exact bool) int {
	if exact {
		return words
	}
	return 0
}
