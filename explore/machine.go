package explore

import "fmt"

// MachineLimit is the memory this process can have: the smallest of the
// machine's physical memory, the memory limit of its control group and
// its address-space limit (RLIMIT_AS, ulimit -v), less the address space
// the Go runtime reserves without using it. what names the limit that
// binds, for messages. ok is false when none could be read.
func MachineLimit() (bytes uint64, what string, ok bool) {
	return machineLimit()
}

// DefaultMemoryBudget is the --memory budget a search gets unless told
// otherwise: MachineLimit less a margin of a tenth (at least 256 MiB,
// at most 4 GiB) for the rest of the process, the operating system and
// the growth that happens between two checks. It is 0 (no budget) only
// when the limit cannot be read.
func DefaultMemoryBudget() (bytes uint64, why string) {
	lim, what, ok := MachineLimit()
	if !ok {
		return 0, "no limit could be read on this system"
	}
	margin := min(max(lim/10, 256<<20), 4<<30)
	if lim <= 2*margin {
		margin = lim / 2
	}
	return lim - margin, fmt.Sprintf("%s less a margin of %s", what, formatBytes(margin))
}

// formatBytes prints a size in binary units with 3 significant digits.
func formatBytes(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	switch {
	case i == 0:
		return fmt.Sprintf("%d B", n)
	case f >= 100:
		return fmt.Sprintf("%.0f %s", f, units[i])
	case f >= 10:
		return fmt.Sprintf("%.1f %s", f, units[i])
	}
	return fmt.Sprintf("%.2f %s", f, units[i])
}
