package props

import (
	"github.com/tcpcheck/tcpcheck/explore/liveness"
	"github.com/tcpcheck/tcpcheck/model"
)

// Edge classes for L1's fairness. Class 0 gathers what no fairness covers:
// user calls, losses, deliveries that leave a copy in flight, crashes.
// The others name one timer of one endpoint, or the consuming delivery of
// one kind of segment to one endpoint.
const (
	classUnfair       = 0
	classRTO          = 1                            // + side
	classGiveUp       = 3                            // + side
	classTimeWait     = 5                            // + side
	classFinWait2     = 7                            // + side
	classDeliver      = 9                            // + receiver*numSegKinds + kind
	numSegKinds       = 5                            // SYN, SYN-ACK, ACK, FIN, RST
	classOutput       = classDeliver + 2*numSegKinds // + side: the TCP sends what SEND or CLOSE queued
	classOpen         = classOutput + 2              // + side: the user's active OPEN (L2's client fairness)
	segSYN, segSYNACK = 0, 1
	segACK, segFIN    = 2, 3
	segRST            = 4
)

var segKindNames = [numSegKinds]string{"SYN", "SYN,ACK", "ACK", "FIN", "RST"}

// segKind sorts a segment into one of the delivery fairness kinds.
func segKind(g model.Segment) int {
	switch {
	case g.Flags&model.FlagRST != 0:
		return segRST
	case g.Has(model.FlagSYN | model.FlagACK):
		return segSYNACK
	case g.Flags&model.FlagSYN != 0:
		return segSYN
	case g.Flags&model.FlagFIN != 0:
		return segFIN
	}
	return segACK
}

// edgeClass is explore.Options.EdgeClass for L1.
func edgeClass(a model.Action) uint8 {
	e := uint8(a.Side)
	switch a.Kind {
	case model.Retransmit:
		return classRTO + e
	case model.GiveUp:
		return classGiveUp + e
	case model.TimeWaitExpire:
		return classTimeWait + e
	case model.FinWait2Expire:
		return classFinWait2 + e
	case model.Output:
		return classOutput + e
	case model.ActiveOpen:
		return classOpen + e
	case model.Deliver:
		if a.Dup {
			return classUnfair
		}
		return uint8(classDeliver + int(e)*numSegKinds + segKind(a.Seg))
	}
	return classUnfair
}

// fairness is L1's assumption about the environment:
//   - weak fairness on each endpoint's retransmission timer, give-up and
//     FIN-WAIT-2 timer (RFC 9293 §3.8.3, §3.10.8: a timer that stays armed
//     fires);
//   - strong fairness on each TIME-WAIT expiry (brief §B: the untimed
//     guard may be switched on and off by segments coming and going, but
//     2MSL does pass);
//   - strong fairness on the consuming delivery of each kind of segment
//     in each direction: a fair-lossy channel, where a kind of segment
//     sent again and again is eventually delivered (Errata 6: weak
//     fairness on "some delivery" admits endless ACK exchanges).
//
// Losses are bounded by the loss budget, so no fairness is needed against
// them; user calls are never forced.
func fairness() []liveness.Fairness {
	var fs []liveness.Fairness
	for e := model.A; e <= model.B; e++ {
		s := e.String()
		fs = append(fs,
			liveness.Fairness{Name: "RTO " + s, Classes: 1 << (classRTO + uint(e))},
			liveness.Fairness{Name: "give-up " + s, Classes: 1 << (classGiveUp + uint(e))},
			liveness.Fairness{Name: "FIN-WAIT-2 timer " + s, Classes: 1 << (classFinWait2 + uint(e))},
			liveness.Fairness{Name: "2MSL " + s, Classes: 1 << (classTimeWait + uint(e)), Strong: true},
			liveness.Fairness{Name: "send queued " + s, Classes: 1 << (classOutput + uint(e))},
		)
	}
	for e := model.A; e <= model.B; e++ {
		for k := 0; k < numSegKinds; k++ {
			fs = append(fs, liveness.Fairness{
				Name:    "deliver " + segKindNames[k] + " to " + e.String(),
				Classes: 1 << uint(classDeliver+int(e)*numSegKinds+k),
				Strong:  true,
			})
		}
	}
	return fs
}
