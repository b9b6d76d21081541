package props

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// L2's labels, after L1's.
const (
	labelReady     = 3 // A may OPEN and B's listener is open
	labelConnected = 4 // A completed a handshake
)

// ready is L2's premise: the client A is CLOSED and its user may still
// OPEN (fewer than --opens calls so far), while the server B has a
// listener that stays (--listener-stays: its user's passive OPEN, not
// closed since). An attempt A began before B listened is not judged, but
// A's next one is.
func ready(opens int) func(s *model.State) bool {
	return func(s *model.State) bool {
		a := &s.E[model.A]
		return a.State == model.Closed && int(a.Opens) < opens && s.E[model.B].Listening
	}
}

// connectsGoal is L2's goal: A completed a handshake, i.e. its OPEN
// succeeded.
func connectsGoal(s *model.State) bool { return connected(&s.E[model.A]) }

// withdraws returns the test of whether step s -a-> t withdraws L2's
// premise: a user gives the connection up (A's CLOSE or ABORT; B's CLOSE
// or ABORT of its listener or of a connection with A's current attempt),
// a crash, or A gives up too early. That last is L2's timing assumption:
// an attempt's R2 (at least 3 minutes for a SYN, MUST-23) outlasts the
// round trips of its segments and the server's first retransmission
// (RTO 1 s, RFC 6298), so the client does not give up while a segment is
// in flight or while the server may still retransmit; the untimed model
// would otherwise let every attempt give up before its SYN,ACK arrives.
func withdraws(c model.Config) func(s *model.State, a model.Action) bool {
	return func(s *model.State, a model.Action) bool {
		switch a.Kind {
		case model.Crash:
			return true
		case model.Close, model.Abort:
			if a.Side == model.A {
				return true
			}
			b := &s.E[model.B]
			return b.State == model.Listen || b.PeerAtt == s.E[model.A].Att && b.PeerAtt != 0
		case model.GiveUp:
			if a.Side != model.A {
				return false
			}
			b := &s.E[model.B]
			bRetx := c.RTO && b.State != model.Closed && b.State != model.Listen && b.SndUna != b.SndNxt && int(b.Retx) < c.R2
			return s.Net.Len() > 0 || bRetx
		}
		return false
	}
}

// l2Fairness is L1's fairness plus the client's: weak fairness on A's
// active OPEN, so a client whose attempt failed (reset, give-up) and whose
// user may still OPEN opens again.
func l2Fairness() []liveness.Fairness {
	return append(fairness(), liveness.Fairness{Name: "client re-OPENs A", Classes: 1 << (classOpen + uint(model.A))})
}

// checkL2 decides L2 on the retained graph: ready ~> connected, with the
// withdrawing steps ending the obligation, under l2Fairness and
// per-segment fairness, with TLA's stuttering, so that a state where no
// fair action is enabled (A CLOSED with its OPEN calls used up) ends a
// fair behaviour.
func checkL2(res *explore.Result[model.State, model.Action], m *model.Model, out *Outcome, replay func() (*liveness.Tokens, []uint64, error), progress func(string, int64, int64)) error {
	g := res.Graph
	if g == nil {
		return fmt.Errorf("props: the search kept no graph for L2")
	}
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	if !m.Config().ListenerStays {
		out.Verdict = explore.Holds
		out.Vacuous = true
		out.Note = "vacuous: without --listener-stays no server keeps listening, so the premise never holds"
		return nil
	}
	tokens, cut, err := replay()
	if err != nil {
		return err
	}
	p := liveness.Label(g, labelReady)
	q := liveness.Label(g, labelConnected)
	progress("L2: fair behaviours that never connect, states visited", 0, int64(g.N()))
	l, err := liveness.LeadsTo(g, p, q, liveness.Options{Inits: liveness.Inits(res), Fairness: l2Fairness(), Stutter: true, Tokens: tokens,
		Withdraw: func(_ uint32, e uint64) bool { return cut[e>>6]&(1<<(e&63)) != 0 },
		Progress: func(v, n int64) { progress("L2: fair behaviours that never connect, states visited", v, n) }})
	if err != nil {
		return err
	}
	if l == nil {
		out.Verdict = explore.Holds
		premise := false
		for s := 0; s < g.N() && !premise; s++ {
			premise = p(uint32(s))
		}
		if !premise {
			out.Vacuous = true
			out.Note = "vacuous: no reachable state has A able to OPEN while B listens"
		}
		return nil
	}
	out.Verdict = explore.Violated
	init, prefix, cycle := liveness.Trace(res, l)
	lasso := &Lasso{Init: init, Prefix: prefix, PStep: l.PStep, Cycle: cycle}
	lasso.Fairness = explainFairness(l.Why)
	if len(cycle) > 0 {
		lasso.Fairness = append(lasso.Fairness, "per segment: every segment in flight on the cycle is delivered or lost on it")
		out.Note = fmt.Sprintf("a fair cycle of %d steps in which A keeps trying while B listens, and A never connects", len(cycle))
	} else {
		lasso.Fairness = []string{"no fairness constraint is enabled in the last state (A's user has no OPEN left), so the behaviour may stay there forever"}
		out.Note = "every attempt of A fails while B listens, until A's user has no OPEN left"
	}
	out.Lasso = lasso
	out.Depth = len(prefix) + len(cycle)
	return nil
}
