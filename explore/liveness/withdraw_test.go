package liveness

import "testing"

// TestWithdraw: edges that withdraw the premise are not followed after the
// P-state, neither to a cycle nor on it, but may be used before it.
func TestWithdraw(t *testing.T) {
	// 0 -> 1 (P) -> 2 <-> 3, a cycle avoiding the goal 4; 1 -> 4. The
	// only way to P, 0 -> 1, is class 1; the loop edge 3 -> 2 class 2;
	// 1 -> 2 has class 3 and 2 -> 3 class 0.
	edges := []edge{{0, 1, 1}, {1, 2, 3}, {1, 4, 0}, {2, 3, 0}, {3, 2, 2}}
	tests := []struct {
		name     string
		cut      uint8 // class that withdraws; 0: none
		violated bool
	}{
		{"nothing withdrawn: the loop 2 <-> 3 is a lasso", 0, true},
		{"a withdrawing edge before the P-state counts for nothing", 1, true},
		{"the way to the loop withdraws", 3, false},
		{"the loop withdraws", 2, false},
	}
	for _, tt := range tests {
		g := build(5, edges, nil)
		o := Options{Inits: 1}
		if tt.cut != 0 {
			o.Withdraw = func(_ uint32, e uint64) bool { return g.Classes[e] == tt.cut }
		}
		l, err := LeadsTo(g, set(1), set(4), o)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if (l != nil) != tt.violated {
			t.Fatalf("%s: lasso %+v, want violated %v", tt.name, l, tt.violated)
		}
		if l == nil {
			continue
		}
		checkLasso(t, g, set(1), set(4), o, l)
		for i, e := range l.Prefix[l.PStep:] {
			if tt.cut != 0 && g.Classes[e] == tt.cut {
				t.Errorf("%s: prefix step %d after the P-state takes a withdrawing edge", tt.name, l.PStep+i+1)
			}
		}
		for i, e := range l.Cycle {
			if tt.cut != 0 && g.Classes[e] == tt.cut {
				t.Errorf("%s: cycle step %d takes a withdrawing edge", tt.name, i+1)
			}
		}
	}
}
