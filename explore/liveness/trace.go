package liveness

import "github.com/tcpcheck/tcpcheck/explore"

// Trace replays a lasso found on r.Graph into states and actions: the
// initial state, the steps of the prefix (ending in Loop), and the steps of
// the cycle (ending in Loop again; none if the lasso stutters).
func Trace[S, A any](r *explore.Result[S, A], l *Lasso) (init S, prefix, cycle []explore.Step[S, A]) {
	init = r.TraceTo(l.Init).Init
	prefix = r.Path(l.Init, l.Prefix)
	cycle = r.Path(l.Loop, l.Cycle)
	return init, prefix, cycle
}

// Inits is the number of initial states of r, for Options.Inits.
func Inits[S, A any](r *explore.Result[S, A]) int {
	if len(r.Stats.Levels) == 0 {
		return 0
	}
	return int(r.Stats.Levels[0])
}
