package model

// Fairness classes (Options.EdgeClass): side*16 + kind, where the side is
// the acting endpoint (the receiver of a delivery, the sender of a lost
// segment), so that deliveries are told apart per direction and per kind
// of segment (Errata 6).
const (
	ClassUser          uint8 = iota // OPEN, CLOSE, ABORT
	ClassDeliverSYN                 // a SYN without ACK arrives
	ClassDeliverSYNACK              // a SYN,ACK arrives
	ClassDeliverACK                 // a pure ACK arrives
	ClassDeliverFIN                 // a FIN arrives
	ClassDeliverRST                 // a RST (with or without ACK) arrives
	ClassDrop                       // a segment is lost
	ClassRetransmit
	ClassGiveUp
	ClassTimeWait
	ClassFinWait2
	ClassCrash
	ClassOutput // the TCP sends a queued unit or FIN (--data)
	NumClassKinds
)

// FairnessClass is the class of an action: side*16 + one of the Class
// kinds above, so always below 32.
func (m *Model) FairnessClass(a Action) uint8 {
	return uint8(a.Side)*16 + classKind(a)
}

func classKind(a Action) uint8 {
	switch a.Kind {
	case Deliver:
		f := a.Seg.Flags
		switch {
		case f&FlagRST != 0:
			return ClassDeliverRST
		case f&FlagSYN != 0 && f&FlagACK != 0:
			return ClassDeliverSYNACK
		case f&FlagSYN != 0:
			return ClassDeliverSYN
		case f&FlagFIN != 0:
			return ClassDeliverFIN
		default:
			return ClassDeliverACK
		}
	case Drop:
		return ClassDrop
	case Retransmit:
		return ClassRetransmit
	case GiveUp:
		return ClassGiveUp
	case TimeWaitExpire:
		return ClassTimeWait
	case FinWait2Expire:
		return ClassFinWait2
	case Crash:
		return ClassCrash
	case Output:
		return ClassOutput
	}
	return ClassUser
}
