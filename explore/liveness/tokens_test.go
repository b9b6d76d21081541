package liveness

import "testing"

// TestTokens: a token pending around a cycle that no edge of it
// discharges makes the cycle unfair, and a cycle that discharges it is
// found with the discharging edge on it.
func TestTokens(t *testing.T) {
	// 0 -> 1 <-> 2, 1 -> 3 (goal). Token 7 is pending in 1 and 2; the
	// edge 2 -> 1 of the inner loop 1 <-> 2 <-> 4 discharges it only when
	// it passes 4.
	edges := []edge{{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 0}, {2, 4, 0}, {4, 1, 0}}
	pending := map[uint32][]uint32{1: {7}, 2: {7}}
	tests := []struct {
		name       string
		discharges func(u uint32, e uint64, g func(uint64) uint32) bool
		violated   bool
	}{
		{"never discharged: no fair cycle", func(uint32, uint64, func(uint64) uint32) bool { return false }, false},
		{"discharged by 4 -> 1", func(u uint32, e uint64, to func(uint64) uint32) bool { return u == 4 && to(e) == 1 }, true},
	}
	for _, tt := range tests {
		g := build(5, edges, nil)
		tk := &Tokens{
			Name:    "test token",
			Pending: func(s uint32, dst []uint32) []uint32 { return append(dst, pending[s]...) },
			Discharged: func(u uint32, e uint64, dst []uint32) []uint32 {
				if tt.discharges(u, e, func(e uint64) uint32 { return g.Targets[e] }) {
					dst = append(dst, 7)
				}
				return dst
			},
		}
		l, err := LeadsTo(g, set(0), set(3), Options{Inits: 1, Tokens: tk})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if (l != nil) != tt.violated {
			t.Fatalf("%s: lasso %+v, want violated %v", tt.name, l, tt.violated)
		}
		if l == nil {
			continue
		}
		passes4 := false
		for _, e := range l.Cycle {
			passes4 = passes4 || g.Targets[e] == 4
		}
		if !passes4 {
			t.Errorf("%s: cycle %v does not pass the discharging state 4", tt.name, l.Cycle)
		}
	}
}
