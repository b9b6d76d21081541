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
// logs stay readable. The line moves within a level (states expanded of
// the level, new successors so far, successors generated), not only at
// level barriers, and during the liveness check after the search.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	every time.Duration // between plain lines

	mu      sync.Mutex
	last    time.Duration // Elapsed of the last plain line
	live    bool          // a live line is on screen
	started bool

	t0        time.Time // for the stages after the search
	step      string    // the stage on screen
	lastStage time.Time
}

func newProgress(e *env, quiet bool) *progress {
	return &progress{w: e.stderr, tty: e.tty, quiet: quiet, every: 5 * time.Second, t0: time.Now()}
}

// update is explore.Options.Progress.
func (p *progress) update(s explore.Progress) {
	if p == nil || p.quiet {
		return
	}
	level := fmt.Sprintf("level %d", s.Depth+1)
	switch s.Phase {
	case explore.PhaseExpand:
		if s.LevelSize > 0 {
			level += fmt.Sprintf(" %s %s of %s, %s new", s.Phase, humanCount(s.LevelDone), humanCount(s.LevelSize), humanCount(s.New))
		}
	default:
		level += fmt.Sprintf(" %s %s new", s.Phase, humanCount(s.New))
	}
	line := fmt.Sprintf("states %s  generated %s  %s  memory %s  %s",
		humanCount(s.Distinct), humanCount(s.Generated), level, humanBytes(s.Memory), s.Elapsed.Round(time.Second))
	p.print(line, s.Elapsed)
}

// stage is props.Options.LivenessProgress: a step of the work after the
// search, done of total units (total 0: unknown). A new step is shown at
// once, the same step at most four times a second on a terminal and
// every few seconds elsewhere.
func (p *progress) stage(step string, done, total int64) {
	if p == nil || p.quiet {
		return
	}
	now := time.Now()
	p.mu.Lock()
	every := p.every
	if p.tty {
		every = 250 * time.Millisecond
	}
	if step == p.step && now.Sub(p.lastStage) < every {
		p.mu.Unlock()
		return
	}
	p.step, p.lastStage = step, now
	p.mu.Unlock()
	line := step
	if total > 0 {
		line += fmt.Sprintf(" %s of %s", humanCount(done), humanCount(total))
	}
	p.print(fmt.Sprintf("%s  %s", line, now.Sub(p.t0).Round(time.Second)), -1)
}

func (p *progress) print(line string, elapsed time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.live = true
		return
	}
	// Elapsed starts again at each search of a benchmark: print then.
	// A stage (elapsed < 0) has done its own pacing.
	if elapsed >= 0 && p.started && elapsed >= p.last && elapsed-p.last < p.every {
		return
	}
	p.started, p.last = true, elapsed
	fmt.Fprintf(p.w, "progress: %s\n", line)
}

// memoryWarning is explore.Options.MemoryWarning: printed once, even with
// --quiet, since it announces that the search will not finish.
func (p *progress) memoryWarning(f explore.MemoryForecast) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
		p.live = false
	}
	fmt.Fprintf(p.w, "warning: the process holds %s after %d levels and each level is %.1fx the one before: at this rate the memory budget of %s (--memory) is reached within %d more level(s), where the search stops with partial figures and the counterexamples found so far; lower the bounds or check fewer properties to finish\n",
		humanBytes(f.Held), f.Depth, f.Growth, humanBytes(f.Budget), f.Levels)
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
