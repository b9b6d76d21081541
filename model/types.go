package model

import "strings"

// Side names one of the two endpoints.
type Side uint8

// The two endpoints. A is the client in the default roles.
const (
	A Side = 0
	B Side = 1
)

func (s Side) String() string {
	if s == A {
		return "A"
	}
	return "B"
}

// Peer is the other endpoint.
func (s Side) Peer() Side { return s ^ 1 }

// TCPState is one of the eleven connection states of RFC 9293 §3.3.2.
type TCPState uint8

// The connection states, in the order of RFC 9293 §3.3.2.
const (
	Closed TCPState = iota
	Listen
	SynSent
	SynReceived
	Established
	FinWait1
	FinWait2
	CloseWait
	Closing
	LastAck
	TimeWait
	numStates
)

var stateNames = [numStates]string{
	"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
}

func (t TCPState) String() string {
	if t < numStates {
		return stateNames[t]
	}
	return "STATE?"
}

// Synchronized reports whether the state is one of RFC 9293's synchronized
// states (ESTABLISHED through TIME-WAIT), where both sequence spaces are
// known.
func (t TCPState) Synchronized() bool { return t >= Established && t < numStates }

// ParseTCPState accepts the RFC name ("SYN-SENT"), case-insensitively, and
// also with underscores ("syn_sent") or without separators ("synsent").
func ParseTCPState(s string) (TCPState, bool) {
	norm := func(x string) string {
		x = strings.ToUpper(x)
		x = strings.ReplaceAll(x, "_", "")
		return strings.ReplaceAll(x, "-", "")
	}
	want := norm(strings.TrimSpace(s))
	for i, n := range stateNames {
		if norm(n) == want {
			return TCPState(i), true
		}
	}
	return 0, false
}

// Flags are the control bits the model uses (no URG, PSH, ECE, CWR), and
// FlagData, which is not a control bit: it marks a segment carrying one
// unit of data (--data).
type Flags uint8

// Control bits, then the data mark.
const (
	FlagFIN Flags = 1 << iota
	FlagSYN
	FlagRST
	FlagACK
	FlagData
)

// String lists the control bits in the RFC's order of the figures:
// "SYN,ACK", "FIN,ACK", "RST,ACK". The data mark is not a control bit and
// is not listed (Segment.String shows it as <DATA>).
func (f Flags) String() string {
	var parts []string
	for _, x := range []struct {
		f Flags
		n string
	}{{FlagSYN, "SYN"}, {FlagRST, "RST"}, {FlagFIN, "FIN"}, {FlagACK, "ACK"}} {
		if f&x.f != 0 {
			parts = append(parts, x.n)
		}
	}
	return strings.Join(parts, ",")
}

// ParseFlags reads the form produced by String.
func ParseFlags(s string) (Flags, bool) {
	var f Flags
	for _, p := range strings.Split(s, ",") {
		switch strings.ToUpper(strings.TrimSpace(p)) {
		case "SYN":
			f |= FlagSYN
		case "ACK":
			f |= FlagACK
		case "FIN":
			f |= FlagFIN
		case "RST":
			f |= FlagRST
		default:
			return 0, false
		}
	}
	return f, f != 0
}

// Tag identifies the incarnation a segment belongs to: the endpoint and
// its attempt number (the ISS draw). It is a ghost: the protocol never
// reads it, the properties do. Attempt 0 is reserved for old duplicates
// seeded into the initial network.
type Tag struct {
	Side Side
	Att  uint8
}

func (t Tag) String() string { return t.Side.String() + itoa(int(t.Att)) }
