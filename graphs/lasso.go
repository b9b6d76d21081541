package graphs

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

// lassoTrace joins a lasso's prefix and cycle into one trace; the cycle
// starts after len(Prefix) steps.
func lassoTrace(l *props.Lasso) Trace {
	steps := make([]explore.Step[model.State, model.Action], 0, len(l.Prefix)+len(l.Cycle))
	steps = append(steps, l.Prefix...)
	steps = append(steps, l.Cycle...)
	return Trace{Init: l.Init, Steps: steps}
}

// OutcomeLadder is the ladder of a violated property's counterexample:
// the shortest trace of a safety property, or the lasso of a liveness
// property with its cycle marked. The title names the property and the
// step where it breaks.
func OutcomeLadder(o props.Outcome) (*Ladder, error) {
	p := o.Property
	switch {
	case o.Lasso != nil:
		title := fmt.Sprintf("%s %s violated: a fair cycle after step %d never reaches the goal\n%s", p.ID, p.Name, len(o.Lasso.Prefix), p.Meaning)
		if len(o.Lasso.Cycle) == 0 {
			title = fmt.Sprintf("%s %s violated: after step %d no fair action is left and the goal is never reached\n%s", p.ID, p.Name, len(o.Lasso.Prefix), p.Meaning)
		}
		return LadderFromTrace(title, lassoTrace(o.Lasso), -1, len(o.Lasso.Prefix))
	case o.Trace != nil:
		n := len(o.Trace.Steps)
		title := fmt.Sprintf("%s %s violated at step %d\n%s", p.ID, p.Name, n, p.Meaning)
		return LadderFromTrace(title, *o.Trace, n, -1)
	}
	return nil, fmt.Errorf("graphs: %s has no counterexample to draw (verdict %v)", p.ID, o.Verdict)
}

// OutcomePath is OutcomeLadder as a path of joint states.
func OutcomePath(o props.Outcome) (*StatePath, error) {
	p := o.Property
	switch {
	case o.Lasso != nil:
		title := fmt.Sprintf("%s %s violated: the cycle returns to the state after step %d", p.ID, p.Name, len(o.Lasso.Prefix))
		return PathFromTrace(title, lassoTrace(o.Lasso), -1, len(o.Lasso.Prefix)), nil
	case o.Trace != nil:
		n := len(o.Trace.Steps)
		return PathFromTrace(fmt.Sprintf("%s %s violated at step %d", p.ID, p.Name, n), *o.Trace, n, -1), nil
	}
	return nil, fmt.Errorf("graphs: %s has no counterexample to draw (verdict %v)", p.ID, o.Verdict)
}
