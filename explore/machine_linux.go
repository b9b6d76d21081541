package explore

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

func machineLimit() (uint64, string, bool) {
	var (
		best uint64
		what string
	)
	take := func(n uint64, name string) {
		if n > 0 && (best == 0 || n < best) {
			best, what = n, name
		}
	}
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) == nil {
		take(uint64(si.Totalram)*uint64(si.Unit), "physical memory "+formatBytes(uint64(si.Totalram)*uint64(si.Unit)))
	}
	if n, ok := cgroupLimit(); ok {
		take(n, "control-group memory limit "+formatBytes(n))
	}
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &rl) == nil && rl.Cur != ^uint64(0) {
		// The limit counts address space, of which the Go runtime
		// reserves more than it uses: take that reserve off.
		n, name := rl.Cur, "address-space limit (ulimit -v) "+formatBytes(rl.Cur)
		if vs, ok := virtualSize(); ok {
			if held := ProcessMemory(); vs > held {
				n -= min(n, vs-held)
				name += " less " + formatBytes(vs-held) + " of address space reserved by the Go runtime"
			}
		}
		take(n, name)
	}
	return best, what, best > 0
}

// cgroupLimit is the smallest memory limit of this process's control
// group and its ancestors, in cgroup v2 or v1.
func cgroupLimit() (uint64, bool) {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var best uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir, file string
		switch {
		case parts[0] == "0" && parts[1] == "":
			dir, file = "/sys/fs/cgroup", "memory.max"
		case strings.Contains(","+parts[1]+",", ",memory,"):
			dir, file = "/sys/fs/cgroup/memory", "memory.limit_in_bytes"
		default:
			continue
		}
		// Walk from the group up to the root: a parent's limit binds too.
		// Inside a container the path may not exist; the root file then
		// is the container's own group.
		for p := parts[2]; ; p = filepath.Dir(p) {
			if n, ok := readLimit(filepath.Join(dir, p, file)); ok && (best == 0 || n < best) {
				best = n
			}
			if p == "/" || p == "." || p == "" {
				break
			}
		}
	}
	return best, best > 0
}

// readLimit reads a cgroup limit file; "max" and the v1 "no limit" value
// (close to 2^63) are no limit.
func readLimit(path string) (uint64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n == 0 || n >= 1<<62 {
		return 0, false
	}
	return n, true
}

// virtualSize is the address space of the process (VmSize).
func virtualSize() (uint64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return 0, false
	}
	pages, err := strconv.ParseUint(fields[0], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * uint64(os.Getpagesize()), true
}
