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

// TestTable96Keys: a 96-bit table tells apart states whose 64-bit
// fingerprints are equal but whose 32 key bits differ, and only those.
func TestTable96Keys(t *testing.T) {
	const fp = 0xABCDEF0123456789
	for _, tc := range []struct {
		key, other uint64
		otherNew   bool
	}{
		{0x11111111, 0x11111112, true},          // low 32 bits differ
		{0x11111111, 0x2222222211111111, false}, // only bits the table does not keep differ
		{0xFFFFFFFF, 0, true},                   // key 0 is a key like any other
		{0, 0x100000000, false},
	} {
		tab := newTable96(true)
		if !tab.insert(fp, []uint64{tc.key}) {
			t.Fatal("first insert refused")
		}
		if got := tab.insert(fp, []uint64{tc.other}); got != tc.otherNew {
			t.Errorf("keys %#x, %#x: second inserted=%v, want %v", tc.key, tc.other, got, tc.otherNew)
		}
		tab.setIndex(fp, []uint64{tc.key}, 7)
		if id, ok := tab.indexOf(fp, []uint64{tc.key}); !ok || id != 7 {
			t.Errorf("keys %#x, %#x: index %d, %v; want 7", tc.key, tc.other, id, ok)
		}
		tab.free()
	}
}

// testTables are the table layouts the table tests run on: 64-bit
// fingerprints, exact keys (of one word), 96-bit fingerprints.
var testTables = []struct {
	name string
	make func() *table
}{
	{"fingerprint", func() *table { return newTable(0, true) }},
	{"exact", func() *table { return newTable(1, true) }},
	{"fingerprint96", func() *table { return newTable96(true) }},
}

// TestTableGrowth fills a table through many grows and checks every state
// is still found with its index, and absent ones are not.
func TestTableGrowth(t *testing.T) {
	for _, tt := range testTables {
		exact := tt.name
		tab := tt.make()
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
				t.Fatalf("%s: state %d found=%v index %d", exact, i, ok, id)
			}
		}
		if load := float64(n) / float64(numShards*tab.size); load < 0.5 || load > 0.86 {
			t.Errorf("%s: load %.2f after growing", exact, load)
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
		exact       int // testTables[exact]
		have, burst int
		at          int
	}{{0, 1000, 50000, hardLoad}, {1, 3000, 7000, maxLoad}, {0, 100, 10, maxLoad}, {2, 1000, 50000, hardLoad}, {2, 3000, 7000, maxLoad}} {
		stepped, reserved := testTables[tc.exact].make(), testTables[tc.exact].make()
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
			t.Errorf("%s: reserved %d slots a shard, growing step by step gave %d", testTables[tc.exact].name, reserved.size, stepped.size)
		}
		for i := 1; i <= tc.have+tc.burst; i++ {
			enc[0] = uint64(i)
			if i > tc.have && !reserved.insert(fingerprint(enc), enc) {
				t.Fatalf("%s: state %d refused after reserve", testTables[tc.exact].name, i)
			}
			id, ok := reserved.indexOf(fingerprint(enc), enc)
			if !ok || (i <= tc.have && id != uint32(i)) {
				t.Fatalf("%s: state %d found=%v index %d after reserve", testTables[tc.exact].name, i, ok, id)
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
