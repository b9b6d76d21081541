//go:build !linux

package linux

import (
	"time"

	"github.com/tcpcheck/tcpcheck/conform"
)

func run(time.Duration, func(conform.Driver) int) (int, error) { return 0, ErrUnsupported }

// Available reports why the suite cannot run here.
func Available() error { return ErrUnsupported }
