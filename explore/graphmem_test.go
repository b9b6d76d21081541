package explore

import "testing"

// TestResizeInKeepsContents grows arrays of every element size the graph
// uses through many remaps and checks that what was written survives and
// that the slack stays within an eighth.
func TestResizeInKeepsContents(t *testing.T) {
	var b8, b16, b32, b64 []uint64
	var s8 []uint8
	var s16 []uint16
	var s32 []uint32
	var s64 []uint64
	defer func() {
		for _, b := range [][]uint64{b8, b16, b32, b64} {
			freeWords(b)
		}
	}()
	for _, n := range []int{1, 3, 700, 4096, 5000, 70000, 1 << 20, 3<<20 + 17} {
		k := len(s8)
		s8, s16, s32, s64 = resizeIn(&b8, s8, n), resizeIn(&b16, s16, n), resizeIn(&b32, s32, n), resizeIn(&b64, s64, n)
		for i := k; i < n; i++ {
			if s8[i] != 0 || s16[i] != 0 || s32[i] != 0 || s64[i] != 0 {
				t.Fatalf("n=%d: element %d of the new part is not zero", n, i)
			}
			s8[i], s16[i], s32[i], s64[i] = uint8(i*7), uint16(i*13), uint32(i*31), uint64(i)*0x9E3779B97F4A7C15
		}
		for i := 0; i < n; i++ {
			if s8[i] != uint8(i*7) || s16[i] != uint16(i*13) || s32[i] != uint32(i*31) || s64[i] != uint64(i)*0x9E3779B97F4A7C15 {
				t.Fatalf("n=%d: element %d lost when the array grew", n, i)
			}
		}
		if c := cap(s32); n > 4096 && c > n+n/8+1024 {
			t.Errorf("n=%d: capacity %d, more than an eighth of slack", n, c)
		}
	}
}

// TestGrowthCountsNewPartOnly: resizeIn copies nothing, so the budget
// check before a level counts only the part added.
func TestGrowthCountsNewPartOnly(t *testing.T) {
	for _, c := range []struct {
		length, capacity, add int
		size, want            uint64
	}{
		{10, 100, 50, 4, 0},
		{100, 100, 1, 4, 12 * 4},      // an eighth more than the capacity
		{100, 100, 1000, 2, 1000 * 2}, // what was asked
		{0, 0, 0, 8, 0},
	} {
		if got := growth(c.length, c.capacity, c.add, c.size); got != c.want {
			t.Errorf("growth(%d, %d, %d, %d) = %d, want %d", c.length, c.capacity, c.add, c.size, got, c.want)
		}
	}
}
