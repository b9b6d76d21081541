package tlatcp

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
)

// Figures are a run's counts in TLC's conventions, which are explore's:
// Generated is TLC's "states generated" (the initial states plus every
// successor of every expanded state, duplicates included, and those a
// CONSTRAINT or an ACTION_CONSTRAINT excludes included too: TLC's worker
// counts a successor before it consults either constraint).
type Figures struct {
	Generated int64
	Distinct  int64
	Depth     int // BFS levels, initial states at level 1
	// Complete says the whole space was searched (no budget, no stop at
	// the first violation), so that no state is left on the queue.
	Complete bool
}

// FiguresOf reads r's figures in TLC's conventions.
func FiguresOf(r *explore.Result[State, Action]) Figures {
	return Figures{
		Generated: r.Stats.Generated,
		Distinct:  r.Stats.Distinct,
		Depth:     r.Stats.Depth,
		Complete:  r.Stats.StopReason == "",
	}
}

// Lines are the figures as TLC's closing lines read, one per element, so a
// run can be held against TLC's output line by line.
func (f Figures) Lines() []string {
	left := "0 states left on queue."
	if !f.Complete {
		left = "search stopped early; states left on queue not known."
	}
	return []string{
		fmt.Sprintf("%d states generated, %d distinct states found, %s", f.Generated, f.Distinct, left),
		fmt.Sprintf("The depth of the complete state graph search is %d.", f.Depth),
	}
}

// TLCLines is Lines as text, each line ended by a newline.
func (f Figures) TLCLines() string { return strings.Join(f.Lines(), "\n") + "\n" }
