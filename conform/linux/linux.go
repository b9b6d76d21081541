// Package linux drives the running Linux kernel's TCP through a TUN device
// inside a network namespace that exists only for the run. Each test gets
// a fresh namespace, made by unshare(CLONE_NEWNET) on one locked OS thread:
// the namespace holds only the TUN device tcpc0 with 10.11.0.1/24, so
// nothing the stack sends can leave it, and nothing outside is touched.
// The thread is never unlocked; when the run ends, its goroutine exits,
// the thread with it, and with the thread the last namespace and its
// device. An interrupted or killed process leaves nothing behind either:
// the namespaces are anonymous (never mounted under /run/netns).
package linux

import (
	"errors"
	"time"

	"github.com/tcpcheck/tcpcheck/conform"
)

// ErrUnsupported is returned on systems other than Linux.
var ErrUnsupported = errors.New("the linux stack can be driven only on Linux")

// DefaultSettle is how long the kernel must stay silent for "no reply": it
// answers an injected segment within the write to the TUN device, so a
// short wait is enough even on a loaded machine.
const DefaultSettle = 15 * time.Millisecond

// Retries is how many times the kernel in the namespace sends a SYN,
// SYN,ACK or FIN again before it gives up (tcp_syn_retries,
// tcp_synack_retries, tcp_retries2): the model's R2 in the timer tests.
const Retries = 1

// Run calls f with a driver for the kernel on a dedicated locked thread,
// after checking the privileges and the TUN device; it returns f's result,
// or an error saying what is missing.
func Run(settle time.Duration, f func(conform.Driver) int) (int, error) {
	if settle <= 0 {
		settle = DefaultSettle
	}
	return run(settle, f)
}
