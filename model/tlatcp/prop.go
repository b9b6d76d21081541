package tlatcp

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
)

// PropOptions selects the fairness Prop is checked under. The zero value
// is tcp.tla's Spec.
type PropOptions struct {
	// NoFairCloseSynSent drops WF_vars(\E l, r: CLOSE_SYN_SENT(l, r)), the
	// conjunct tcp.tla adds because a peer "would get stuck in SYN-SENT"
	// without it. A deliberately broken copy: Prop must then fail.
	NoFairCloseSynSent bool
}

// Fairness is Spec's fairness as groups of edge classes: WF_vars(System)
// over System as a whole, and WF_vars of CLOSE_SYN_SENT for either peer.
func Fairness(o PropOptions) []liveness.Fairness {
	fs := []liveness.Fairness{{Name: "System", Classes: 1 << ClassSystem}}
	if !o.NoFairCloseSynSent {
		fs = append(fs, liveness.Fairness{Name: "CLOSE_SYN_SENT", Classes: 1 << ClassCloseSynSent})
	}
	return fs
}

// PropViolation is a counterexample to Prop for one peer: a behaviour that
// reaches SYN-SENT at Prefix[PStep-1] (the initial state if PStep is 0)
// and then never reaches ESTABLISHED, LISTEN or CLOSED, because it ends in
// a fair cycle, or stutters forever at the last state of Prefix when
// Cycle is empty.
type PropViolation struct {
	Peer   Peer
	Init   State
	Prefix []explore.Step[State, Action]
	PStep  int
	Cycle  []explore.Step[State, Action]
	Why    []string // per fairness constraint, why the loop is fair
	Lasso  *liveness.Lasso
}

// CheckProp checks tcp.tla's Prop,
//
//	\A p \in Peers: connstate[p] = "SYN-SENT" ~> connstate[p] \in {"ESTABLISHED", "LISTEN", "CLOSED"}
//
// on the graph r retained (run with Options()), under the fairness of o and
// TLA's stuttering semantics, as TLC checks it: a behaviour may stutter
// forever where no fair action is enabled. It returns nil if Prop holds,
// or a lasso for the first peer it fails for.
func CheckProp(r *explore.Result[State, Action], o PropOptions) (*PropViolation, error) {
	g := r.Graph
	if g == nil || len(r.Stats.Levels) == 0 {
		return nil, fmt.Errorf("tlatcp: CheckProp needs the state graph: run with tlatcp.Options(), which sets RetainGraph, EdgeClass and Labels")
	}
	lo := liveness.Options{Inits: int(r.Stats.Levels[0]), Fairness: Fairness(o), Stutter: true}
	for _, p := range [2]Peer{A, B} {
		l, err := liveness.LeadsTo(g, liveness.Label(g, LabelSynSent(p)), liveness.Label(g, LabelSettled(p)), lo)
		if err != nil {
			return nil, fmt.Errorf("tlatcp: Prop for peer %s: %w", p, err)
		}
		if l == nil {
			continue
		}
		v := &PropViolation{Peer: p, Init: r.TraceTo(l.Init).Init, PStep: l.PStep, Lasso: l}
		v.Prefix = r.Path(l.Init, l.Prefix)
		v.Cycle = r.Path(l.Loop, l.Cycle)
		for _, why := range l.Why {
			v.Why = append(v.Why, why.String())
		}
		return v, nil
	}
	return nil, nil
}

// Last is the state the loop starts from.
func (v *PropViolation) Last() State {
	if len(v.Prefix) == 0 {
		return v.Init
	}
	return v.Prefix[len(v.Prefix)-1].State
}

// String prints the lasso the way one reads TLC's: numbered states with
// the action leading to each, then the loop back, or stuttering.
func (v *PropViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Prop violated for peer %s: connstate[%s] = \"SYN-SENT\" is not followed by ESTABLISHED, LISTEN or CLOSED\n", v.Peer, v.Peer)
	n := 1
	state := func(s *State, note string) {
		fmt.Fprintf(&b, "%d: %s%s\n", n, s.String(), note)
		n++
	}
	mark := func(i int) string {
		if i == v.PStep {
			return "   <- SYN-SENT"
		}
		return ""
	}
	state(&v.Init, mark(0))
	for i, st := range v.Prefix {
		fmt.Fprintf(&b, "   %s\n", st.Action)
		state(&st.State, mark(i+1))
	}
	loopAt := n - 1
	if len(v.Cycle) == 0 {
		fmt.Fprintf(&b, "   Stuttering from state %d forever\n", loopAt)
	} else {
		for _, st := range v.Cycle[:len(v.Cycle)-1] {
			fmt.Fprintf(&b, "   %s\n", st.Action)
			state(&st.State, "")
		}
		fmt.Fprintf(&b, "   %s\n   Back to state %d\n", v.Cycle[len(v.Cycle)-1].Action, loopAt)
	}
	for _, w := range v.Why {
		fmt.Fprintf(&b, "   fair: %s\n", w)
	}
	return b.String()
}
