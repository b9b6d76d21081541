package explore

import (
	"runtime"
	"testing"
)

func TestDefaultMemoryBudget(t *testing.T) {
	lim, what, ok := MachineLimit()
	if runtime.GOOS != "linux" {
		t.Skip("the machine's limit is read on Linux only")
	}
	if !ok || lim == 0 || what == "" {
		t.Fatalf("MachineLimit = %d, %q, %v", lim, what, ok)
	}
	b, why := DefaultMemoryBudget()
	if b == 0 || b >= lim || why == "" {
		t.Fatalf("budget %d (%s) against a limit of %d (%s)", b, why, lim, what)
	}
	t.Logf("limit %s (%s); budget %s (%s)", formatBytes(lim), what, formatBytes(b), why)
}
