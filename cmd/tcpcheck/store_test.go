package main

import (
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

func TestStoreAuto(t *testing.T) {
	for _, tc := range []struct {
		name      string
		maxStates int64
		budget    uint64
		want      explore.StoreKind
	}{
		{"exact", 0, 0, explore.Exact},
		{"fingerprint", 0, 0, explore.Fingerprint},
		{"fingerprint128", 100, 0, explore.Fingerprint128},
		{"disk", 0, 20 << 30, explore.Disk},
		{"fingerprint96", 100, 0, explore.Fingerprint96},
		{"auto", 0, 0, explore.Fingerprint96},            // unbounded
		{"auto", 100_000, 0, explore.Fingerprint},        // 1e5 states: estimate ~1e-8
		{"auto", 0, 8 << 20, explore.Fingerprint},        // a budget of 0.5 M states: ~3e-7 at most
		{"auto", 0, 20 << 30, explore.Fingerprint96},     // this machine's default budget
		{"auto", 10_000_000, 0, explore.Fingerprint96},   // 1e7 states: ~1e-4 with 64 bits
		{"auto", 100_000, 20 << 30, explore.Fingerprint}, // the smaller bound decides
	} {
		if got := storeKind(tc.name, tc.maxStates, tc.budget); got != tc.want {
			t.Errorf("--store %s, --max-states %d, budget %d: %v, want %v", tc.name, tc.maxStates, tc.budget, got, tc.want)
		}
	}
	// What auto's fallback rests on: the largest search the engine can
	// number keeps the 96-bit estimate below the bound.
	const most = int64(1) << 32
	if p := explore.CollisionProbability96(most, most*generatedPerState); p >= maxCollision {
		t.Errorf("96-bit estimate at 2^32 states: %g, not below %g", p, maxCollision)
	}
}
