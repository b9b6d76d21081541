package main

import (
	"fmt"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/explore"
)

// memoryFlag is --memory: the budget of the whole process. Unset, it is
// the machine's own limit less a margin (explore.DefaultMemoryBudget), so
// that a search too large for the machine stops cleanly with what it
// found instead of being killed; 0 turns the budget off.
type memoryFlag struct {
	bytes uint64
	set   bool
}

func (m *memoryFlag) String() string {
	if !m.set {
		return "auto"
	}
	return humanBytes(m.bytes)
}
func (m *memoryFlag) Type() string { return "size" }
func (m *memoryFlag) Set(s string) error {
	if s == "auto" {
		m.set = false
		return nil
	}
	n, ok := parseSize(s)
	if !ok {
		return fmt.Errorf("want a size like 512MiB, 4GiB or 8G, 0 for no limit, or auto for the machine's memory less a margin")
	}
	m.bytes, m.set = n, true
	return nil
}

// budget is the budget in bytes (0: none).
func (m *memoryFlag) budget() uint64 {
	if m.set {
		return m.bytes
	}
	b, _ := explore.DefaultMemoryBudget()
	return b
}

func (m *memoryFlag) register(fs *pflag.FlagSet) {
	def := "auto"
	if b, why := explore.DefaultMemoryBudget(); b > 0 {
		def = fmt.Sprintf("auto: %s here, the %s", humanBytes(b), why)
	}
	fs.Var(m, "memory", "stop cleanly, keeping the counterexamples found, when the whole process holds this much memory (Go heap, visited set, frontier, parent log, graph), e.g. 4GiB; 0 = no limit")
	fs.Lookup("memory").DefValue = def
}

// memoryNote explains a stop on the memory budget.
func memoryNote(budget uint64) string {
	return fmt.Sprintf("the memory budget of %s (--memory) was reached: the figures are those of the levels completed and the counterexamples are those found so far; raise --memory (0 = no limit) or lower the bounds", humanBytes(budget))
}
