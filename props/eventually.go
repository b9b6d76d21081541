package props

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// L1's labels, evaluated once per state during the search.
const (
	labelClosing  = 0 // both users' last call was CLOSE (or ABORT)
	labelGoal     = 1 // both endpoints CLOSED, nothing in flight
	labelBoundary = 2 // some successor left the modelling bounds
)

func bothClosing(s *model.State) bool {
	return s.E[model.A].CloseCalled && s.E[model.B].CloseCalled
}

func goal(s *model.State) bool {
	return closedDown(&s.E[model.A]) && closedDown(&s.E[model.B]) && s.Net.Len() == 0
}

// closedDown: the endpoint has no connection left: CLOSED, or back in
// LISTEN under a listener that stays (--listener-stays), which the user
// never asked to close.
func closedDown(p *model.Endpoint) bool {
	return p.State == model.Closed || p.State == model.Listen && p.Listening
}

// boundary reports whether s is a premise state some successor of which
// hit a modelling bound (and so is missing from the graph). Only a full
// network or an exhausted attempt count can cause that, so most states are
// decided without expanding them again; states before both CLOSEs are not
// examined at all (possibility only asks about states after them, and a
// reopening path that leaves the bounds is not worth a second expansion of
// every state).
func boundary(m *model.Model) func(*model.State) bool {
	cfg := m.Config()
	return func(s *model.State) bool {
		if !bothClosing(s) {
			return false
		}
		if s.Net.Len() < cfg.NetBound && int(s.E[model.A].Att) < cfg.Attempts && int(s.E[model.B].Att) < cfg.Attempts {
			return false
		}
		hit := false
		m.Next(s, func(_ model.Action, t *model.State) {
			if t.Bound != 0 {
				hit = true
			}
		})
		return hit
	}
}

// livenessLabels are the labels of L1 and L2, by bit; the boundary label,
// the only costly one, is computed only for L1.
func livenessLabels(m *model.Model, l1 bool) []func(*model.State) bool {
	edge := boundary(m)
	if !l1 {
		edge = func(*model.State) bool { return false }
	}
	return []func(*model.State) bool{labelClosing: bothClosing, labelGoal: goal, labelBoundary: edge,
		labelReady: ready(m.Config().Opens), labelConnected: connectsGoal}
}

// checkL1 decides L1 on the retained graph, two ways:
//
//   - possibility: from every state where both users have closed, some path
//     reaches the goal (AG EF, by backward reachability);
//   - inevitability: closing ~> (goal or a user opened again), under the
//     fairness of fairness(), with TLA's stuttering, so that a state where
//     no fair action is enabled (FIN-WAIT-2 with nothing in flight) ends a
//     fair behaviour.
//
// A later OPEN withdraws the premise: the brief's "no later OPEN".
func checkL1(res *explore.Result[model.State, model.Action], out *Outcome, fs []liveness.Fairness, tokensOf func() (*liveness.Tokens, error), progress func(string, int64, int64)) error {
	g := res.Graph
	if g == nil {
		return fmt.Errorf("props: the search kept no graph for L1")
	}
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	progress("L1: can every closing state reach the goal", 0, 0)
	closing := liveness.Label(g, labelClosing)
	done := liveness.Label(g, labelGoal)
	edge := liveness.Label(g, labelBoundary)
	// A path that leaves the bounds may well reach the goal beyond them:
	// possibility counts it as reaching the goal, so that a stuck state is
	// stuck in the unbounded model too. Inevitability needs no such care:
	// a lasso lies inside the bounds, and the fairness of its cycle is
	// judged with the excluded successors counted as enabled.
	stuck, err := liveness.PossibilityProgress(g, func(s uint32) bool { return done(s) || edge(s) }, closing, func(d, n int64) {
		progress("L1: can every closing state reach the goal, passes over the states", d, n)
	})
	if err != nil {
		return err
	}
	tokens, err := tokensOf()
	if err != nil {
		return err
	}
	progress("L1: fair cycles avoiding the goal, states visited", 0, int64(g.N()))
	l, err := liveness.LeadsTo(g, closing, func(s uint32) bool { return done(s) || !closing(s) },
		liveness.Options{Inits: liveness.Inits(res), Fairness: fs, Stutter: true, Tokens: tokens, Progress: func(v, n int64) {
			progress("L1: fair cycles avoiding the goal, states visited", v, n)
		}})
	if err != nil {
		return err
	}
	possible := "possibility holds"
	if stuck.Count > 0 {
		t := res.TraceTo(stuck.First)
		out.Trace = &t
		out.Depth = len(t.Steps)
		possible = fmt.Sprintf("possibility fails: %d states after both CLOSEs cannot reach the goal at all (trace to the shallowest)", stuck.Count)
	}
	if l == nil {
		if stuck.Count > 0 {
			// Cannot happen: a stuck state has a fair continuation. Say
			// so rather than hide it.
			out.Verdict = explore.Violated
			out.Note = possible + "; yet no fair lasso was found"
			return nil
		}
		out.Verdict = explore.Holds
		out.Note = possible + "; inevitability under fairness holds"
		return nil
	}
	out.Verdict = explore.Violated
	init, prefix, cycle := liveness.Trace(res, l)
	lasso := &Lasso{Init: init, Prefix: prefix, PStep: l.PStep, Cycle: cycle}
	lasso.Fairness = explainFairness(l.Why)
	if tokens != nil && len(cycle) > 0 {
		lasso.Fairness = append(lasso.Fairness, "per segment: every segment in flight on the cycle is delivered or lost on it")
	}
	if len(cycle) == 0 {
		lasso.Fairness = []string{"no fairness constraint is enabled in the last state, so the behaviour may stay there forever"}
	}
	out.Lasso = lasso
	out.Depth = len(prefix) + len(cycle)
	kind := fmt.Sprintf("a fair cycle of %d steps", len(cycle))
	if len(cycle) == 0 {
		kind = "a state where no fair action is enabled"
	}
	out.Note = possible + "; inevitability fails: " + kind + " after both CLOSEs, never reaching the goal"
	return nil
}

// explainFairness keeps the constraints the cycle meets by taking an
// action, and sums up the others in one line.
func explainFairness(why []liveness.Reason) []string {
	var out, idle []string
	for _, r := range why {
		if r.Cause == liveness.Taken {
			out = append(out, r.String())
		} else {
			idle = append(idle, r.Fairness.String())
		}
	}
	if len(idle) > 0 {
		out = append(out, "disabled somewhere on the cycle or never enabled on it: "+strings.Join(idle, ", "))
	}
	return out
}
