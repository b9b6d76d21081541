package main

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

var storeNames = []string{"auto", "fingerprint", "fingerprint96", "fingerprint128", "exact", "disk"}

const storeHelp = "visited-state store: fingerprint (64-bit hash per state, as TLC: 10.5 bytes a state), fingerprint96 (96-bit hash: 15.8 bytes a state, collision estimate below 1e-8 for any search the engine can number), fingerprint128 (128-bit hash: 21 bytes a state), exact (the whole state: no collision possible), disk (128-bit hashes, in memory up to a quarter of --memory, then in sorted files in --spill-dir; each level's new states are sorted on disk and checked against the files once, so memory stays bounded: for searches larger than memory; not with --checkpoint), or auto: fingerprint when --max-states or --memory bounds the search so that the collision estimate stays below 1e-6, else fingerprint96"

// maxCollision is the collision estimate --store auto keeps under.
const maxCollision = 1e-6

// generatedPerState bounds the successors generated per distinct state
// for the estimate (TCP configurations: 8 to 12).
const generatedPerState = 20

// storeKind reads a --store value; the flag has already checked it. For
// auto, the largest search the bounds allow decides: 64-bit fingerprints
// if even that search keeps TLC's collision estimate below maxCollision,
// else 96-bit ones, with no bound at all too: the engine numbers at most
// 2^32 states, and at 2^32 states with generatedPerState successors each
// the 96-bit estimate is 4.4e-9 (TestStoreAuto checks it).
func storeKind(name string, maxStates int64, budget uint64) explore.StoreKind {
	switch name {
	case "exact":
		return explore.Exact
	case "fingerprint":
		return explore.Fingerprint
	case "fingerprint96":
		return explore.Fingerprint96
	case "fingerprint128":
		return explore.Fingerprint128
	case "disk":
		return explore.Disk
	}
	n := maxStates
	if budget > 0 {
		// The states a 64-bit search could keep within the budget.
		if fit := int64(budget / 16); n == 0 || fit < n {
			n = fit
		}
	}
	if n > 0 && explore.CollisionProbability(n, n*generatedPerState) < maxCollision {
		return explore.Fingerprint
	}
	return explore.Fingerprint96
}

// checkpointTag names what a checkpoint was taken of: the model's
// parameters, the properties and --continue. --resume refuses another.
func checkpointTag(cfg model.Config, sel []props.Property, cont bool) string {
	var b strings.Builder
	for _, p := range describeConfig(cfg) {
		fmt.Fprintf(&b, "%s=%s ", p.Name, p.Value)
	}
	b.WriteString("props=")
	for _, p := range sel {
		b.WriteString(p.ID + ",")
	}
	fmt.Fprintf(&b, " continue=%v", cont)
	return b.String()
}
