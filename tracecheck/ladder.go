package tracecheck

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
)

// Ladder draws the capture as a ladder diagram: one row per captured
// segment, drawn from its sender to its receiver and labelled with its
// packet number, and a row for each user call, timer or loss the
// explaining run assumes; both endpoints' states are those of that run.
// When v does not conform, the last row is the first unexplained segment.
// At most the last rows segments are drawn (0: all).
func Ladder(v *Verdict, title string, rows int) (*graphs.Ladder, error) {
	run := v.Run
	from := 0
	if end := v.endObs(); rows > 0 && end > rows {
		from = end - rows
	}
	l := &graphs.Ladder{Title: title, Lifelines: [2]string{"TCP A", "TCP B"}, Broken: -1, CycleStart: -1}
	l.Initial = [2]string{"CLOSED", "CLOSED"}
	// at[i] is the observation step i shows or comes before.
	at := make([]int, len(run))
	next := v.endObs()
	for i := len(run) - 1; i >= 0; i-- {
		if run[i].Obs >= 0 {
			next = run[i].Obs
		}
		at[i] = next
	}
	id := 0
	arrow := func(obs int, text string, received bool) []graphs.LadderEvent {
		o := v.Mapped.Obs[obs]
		if o.Data > 0 {
			text += fmt.Sprintf(" +%d bytes", o.Data)
		}
		ev := []graphs.LadderEvent{{Kind: graphs.Send, Side: int(o.Seg.Src), ID: id, Text: text}}
		if received {
			ev = append(ev, graphs.LadderEvent{Kind: graphs.Receive, Side: int(o.Seg.Src.Peer()), ID: id})
		}
		id++
		return ev
	}
	prev := l.Initial
	done := -1 // the last observation drawn
	for i, st := range run {
		if at[i] < from {
			prev = [2]string{st.After[0].String(), st.After[1].String()}
			l.Initial = prev
			continue
		}
		var ev []graphs.LadderEvent
		a := st.Act
		if !st.Data && !st.Pending {
			switch a.Kind {
			case model.PassiveOpen, model.ActiveOpen, model.Close, model.Abort:
				ev = append(ev, graphs.LadderEvent{Kind: graphs.Call, Side: int(a.Side), Text: a.Kind.String()})
			case model.Retransmit, model.GiveUp, model.TimeWaitExpire, model.FinWait2Expire:
				ev = append(ev, graphs.LadderEvent{Kind: graphs.Timer, Side: int(a.Side), Text: a.Kind.String()})
			case model.Crash:
				ev = append(ev, graphs.LadderEvent{Kind: graphs.Mark, Side: int(a.Side), Text: a.Kind.String()})
			case model.Drop:
				ev = append(ev, graphs.LadderEvent{Kind: graphs.Mark, Side: int(a.Side), Text: "lost: " + a.Seg.String()})
			}
		}
		if st.Obs >= 0 && st.Obs > done {
			done = st.Obs
			o := v.Mapped.Obs[st.Obs]
			ev = append(ev, arrow(st.Obs, fmt.Sprintf("#%d %v", o.N, o.Seg), true)...)
		}
		if len(ev) == 0 {
			continue // a hidden delivery: the arrows show the capture
		}
		prev = [2]string{st.After[0].String(), st.After[1].String()}
		l.Steps = append(l.Steps, graphs.LadderStep{Events: ev, State: prev})
	}
	if !v.Conforms {
		o := v.Mapped.Obs[v.FailAt]
		ev := arrow(v.FailAt, fmt.Sprintf("#%d %v: no run explains it", o.N, o.Seg), false)
		l.Steps = append(l.Steps, graphs.LadderStep{Events: ev, State: prev})
		l.Broken = len(l.Steps)
	}
	return l, l.Validate()
}

// endObs is the number of observations the run covers.
func (v *Verdict) endObs() int {
	if v.Conforms {
		return len(v.Mapped.Obs)
	}
	return v.FailAt
}
