package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestCheckpointResumeCLI stops a search with a depth budget, resumes it
// from its checkpoint and compares with the uninterrupted search.
func TestCheckpointResumeCLI(t *testing.T) {
	base := []string{"explore", "-q", "--format", "json", "--variant", "two-way-handshake", "--props", "P1,P2,P5", "--store", "exact"}
	code, out, errs := runCLI(t, base...)
	if code != exitViolated {
		t.Fatalf("full search: exit %d, %s", code, errs)
	}
	full := decodeExplore(t, out)

	dir := t.TempDir()
	code, _, errs = runCLI(t, append(base, "--checkpoint", dir, "--checkpoint-every", "0", "--max-depth", "6")...)
	if code != exitViolated && code != exitIncomplete {
		t.Fatalf("first part: exit %d, %s", code, errs)
	}
	code, out, errs = runCLI(t, append(base, "--resume", dir)...)
	if code != exitViolated {
		t.Fatalf("resumed: exit %d, %s", code, errs)
	}
	rest := decodeExplore(t, out)
	if *rest.Stats.Distinct != *full.Stats.Distinct || *rest.Stats.Generated != *full.Stats.Generated ||
		!reflect.DeepEqual(rest.Stats.Levels, full.Stats.Levels) {
		t.Errorf("resumed: %d states, %d generated, levels %v; uninterrupted: %d, %d, %v",
			*rest.Stats.Distinct, *rest.Stats.Generated, rest.Stats.Levels, *full.Stats.Distinct, *full.Stats.Generated, full.Stats.Levels)
	}
	if !reflect.DeepEqual(rest.Properties, full.Properties) {
		t.Errorf("resumed properties differ:\n%+v\nwant\n%+v", rest.Properties, full.Properties)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"explore", "--checkpoint", dir}, "cannot keep the graph that L1 and L2 need"},
		{append(base[:len(base):len(base)], "--resume", dir, "--net-bound", "3"), "checkpoint of another configuration"},
		{[]string{"explore", "--model", "tla-examples", "--resume", dir}, "--model tcp only"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}
