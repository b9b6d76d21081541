//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuTime is the user and system time this process has used so far. The
// machine may be shared: CPU time per state is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
