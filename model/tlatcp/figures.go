package tlatcp

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
)

// Figures are a run's counts in TLC's conventions.
type Figures struct {
	// Generated is TLC's "states generated": the initial states plus every
	// successor of every kept state, duplicates included, and those a
	// CONSTRAINT or an ACTION_CONSTRAINT excludes included too (TLC's
	// worker counts a successor before it consults either constraint).
	Generated int64
	// EngineGenerated is explore's Stats.Generated, which leaves out the
	// successors the ACTION_CONSTRAINT excludes.
	EngineGenerated int64
	// ActionExcluded is the number of transitions SingleActiveOpen removed.
	ActionExcluded int64
	Distinct       int64
	Depth          int // BFS levels, initial states at level 1
	// Complete says the whole space was searched. FiguresOf sets it for a
	// run that holds; a caller that ran with Continue may set it for a
	// violated run too. For an unfinished run Generated counts the
	// successors of every kept state, the unexpanded frontier included.
	Complete bool
}

// FiguresOf recounts r in TLC's conventions. It replays the model from r's
// parent log, so it costs about one expansion per kept state.
func FiguresOf(m *Model, r *explore.Result[State, Action]) Figures {
	f := Figures{
		EngineGenerated: r.Stats.Generated,
		Distinct:        r.Stats.Distinct,
		Depth:           r.Stats.Depth,
		Complete:        r.Verdict == explore.Holds,
	}
	m.Init(func(*State) { f.Generated++ })
	for id := range r.Stats.Distinct {
		s := r.TraceTo(uint32(id)).Last()
		m.Next(&s, func(_ Action, t *State) {
			f.Generated++
			if !SingleActiveOpen(&s, t) {
				f.ActionExcluded++
			}
		})
	}
	return f
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
