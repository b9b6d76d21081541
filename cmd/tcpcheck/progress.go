package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
)

// progress reports a running search on stderr: on a terminal one live line
// rewritten in place, elsewhere a plain line every few seconds, so that CI
// logs stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	every time.Duration // between plain lines

	mu      sync.Mutex
	last    time.Duration // Elapsed of the last plain line
	live    bool          // a live line is on screen
	started bool
}

func newProgress(e *env, quiet bool) *progress {
	return &progress{w: e.stderr, tty: e.tty, quiet: quiet, every: 5 * time.Second}
}

// update is explore.Options.Progress.
func (p *progress) update(s explore.Progress) {
	if p == nil || p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("states %s  %s states/s  depth %d  queue %s  memory %s  %s",
		humanCount(s.Distinct), humanRate(s.Rate), s.Depth, humanCount(s.Queue),
		humanBytes(s.Memory), s.Elapsed.Round(time.Second))
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.live = true
		return
	}
	// Elapsed starts again at each search of a benchmark: print then.
	if p.started && s.Elapsed >= p.last && s.Elapsed-p.last < p.every {
		return
	}
	p.started, p.last = true, s.Elapsed
	fmt.Fprintf(p.w, "progress: %s\n", line)
}

// done clears the live line so that what follows starts on a clean line.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
		p.live = false
	}
}
