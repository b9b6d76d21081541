package explore

import "math"

// CollisionProbability is TLC's "optimistic" estimate of the chance that a
// fingerprint collision hid at least one state: n*(g-n)/2^64 for n distinct
// states out of g generated. Each of the g-n duplicate generations was
// compared against about n stored fingerprints, each matching a different
// state with probability 2^-64.
func CollisionProbability(distinct, generated int64) float64 {
	if distinct <= 0 || generated <= distinct {
		return 0
	}
	p := float64(distinct) * float64(generated-distinct) / math.Exp2(64)
	return math.Min(p, 1)
}

// CollisionProbability96 is CollisionProbability for 96-bit
// fingerprints: n*(g-n)/2^96.
func CollisionProbability96(distinct, generated int64) float64 {
	if distinct <= 0 || generated <= distinct {
		return 0
	}
	return math.Min(float64(distinct)*float64(generated-distinct)/math.Exp2(96), 1)
}

// CollisionProbability128 is CollisionProbability for 128-bit
// fingerprints: n*(g-n)/2^128.
func CollisionProbability128(distinct, generated int64) float64 {
	if distinct <= 0 || generated <= distinct {
		return 0
	}
	return float64(distinct) * float64(generated-distinct) / math.Exp2(128)
}

// MemoryEstimate is the memory a search of states distinct states is
// expected to hold, for sizing a --memory budget: the visited table at its
// average load (words words a state in the exact store), the parent log,
// and with graph retention about branching edges a state. The frontier and
// candidate buffers come on top and depend on the widest level.
func MemoryEstimate(states int64, words int, store StoreKind, graph bool, branching float64) uint64 {
	slot := 8.0
	switch store {
	case Exact:
		slot += 8 * float64(words)
	case Fingerprint96:
		slot += 4
	case Fingerprint128:
		slot += 8
	}
	const load = 0.76 // the table's load stays between 0.68 and 0.85
	perState := slot/load + 5
	if graph {
		perState += 4/load + 8 + 4 + 8 + branching*(4+1+2)
	}
	return uint64(float64(states) * perState)
}
