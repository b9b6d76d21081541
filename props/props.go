// Package props defines what tcpcheck proves about the TCP model: the
// safety properties P1–P7, D1, D2 and the liveness properties L1 and L2, each with a name,
// a one-line meaning and the RFC text it comes from, and Check, which runs
// them all in one search and turns violations into counterexamples.
package props

import (
	"fmt"
	"strings"
)

// Kind says how a property is checked.
type Kind uint8

const (
	// State properties are predicates on every reachable state.
	State Kind = iota
	// Transition properties are predicates on every reachable step
	// (from, action, to).
	Transition
	// Liveness properties are checked on the retained state graph after
	// the search, under fairness.
	Liveness
	// Terminal properties constrain the states without successors.
	Terminal
)

func (k Kind) String() string {
	switch k {
	case State:
		return "state"
	case Transition:
		return "transition"
	case Liveness:
		return "liveness"
	case Terminal:
		return "terminal"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Property describes one property. Its checks live in this package, keyed
// by ID, so a Property is a plain value the CLI can print and compare.
type Property struct {
	ID        string // "P1", "P1s", ..., "L1"
	Name      string // "NoStaleConnection"
	Meaning   string // one line
	Reference string // "RFC 9293 §3.5, Fig. 8"
	Kind      Kind
}

func (p Property) String() string { return p.ID + " " + p.Name }

// all is the catalogue, in the order reports use. The meanings are the
// sharpened definitions of docs/MODEL.md §16, not the brief's first draft.
var all = []Property{
	{ID: "P1", Name: "NoStaleConnection", Kind: Transition,
		Meaning:   "no endpoint completes a handshake unless the peer attempt whose SYN it accepted has accepted its own current SYN",
		Reference: "RFC 9293 §3.5, Fig. 8"},
	{ID: "P1s", Name: "NoStaleSYN", Kind: Transition,
		Meaning:   "no endpoint completes a handshake on a SYN of a peer attempt that is over (P1 minus fresh two-way opens)",
		Reference: "RFC 9293 §3.5, Fig. 8"},
	{ID: "P2", Name: "Agreement", Kind: State,
		Meaning:   "two endpoints that both completed their handshakes are on the same pair of attempts and agree on each other's ISN",
		Reference: "RFC 9293 §3.4, §3.5"},
	{ID: "P3", Name: "NoCrossIncarnation", Kind: Transition,
		Meaning:   "no segment of an incarnation older than the receiver's TCB changes the state, SND.UNA or RCV.NXT of a SYN-RECEIVED or synchronized endpoint",
		Reference: "RFC 9293 §3.4.1, §3.6; RFC 1337"},
	{ID: "P4", Name: "TimeWaitProtects", Kind: Transition,
		Meaning:   "no segment of a peer's earlier incarnation changes a later connection, and no endpoint in CLOSING, LAST-ACK or TIME-WAIT is reset unless a TCB was deleted abruptly",
		Reference: "RFC 9293 §3.6, §3.10.7.4; RFC 1337"},
	{ID: "P5", Name: "Sanity", Kind: State,
		Meaning:   "every TCB keeps SND.UNA <= SND.NXT <= ISS+2+D (D units of data) and the sequence variables its state implies",
		Reference: "RFC 9293 §3.3.1, §3.3.2 Fig. 5"},
	{ID: "P6", Name: "TerminalStates", Kind: Terminal,
		Meaning:   "every state where only the users can act is an acceptable terminal pair (half-open only after an abrupt deletion)",
		Reference: "RFC 9293 §3.3.2 Fig. 5, §3.5.1"},
	{ID: "P7", Name: "GracefulClose", Kind: Transition,
		Meaning:   "unless an end gave the connection up (ABORT, give-up after R2, crash), no user whose endpoint completed its handshake is told \"connection reset\"",
		Reference: "RFC 9293 §3.6, §3.5.3; RFC 1337"},
	{ID: "D1", Name: "NoDataLoss", Kind: Transition,
		Meaning:   "with no abrupt deletion of either TCB, every unit a user SENDs before its CLOSE is read by the peer's user before RECEIVE tells it the end of the stream",
		Reference: "RFC 9293 §3.6, §3.10.2, §3.10.3, §3.10.4"},
	{ID: "D2", Name: "NoOldData", Kind: Transition,
		Meaning:   "every unit of data an endpoint accepts comes from the peer incarnation it is synchronized with",
		Reference: "RFC 9293 §3.4.1, §3.6.1; RFC 1337 H1"},
	{ID: "L1", Name: "EventuallyClosed", Kind: Liveness,
		Meaning:   "once each user's last call is CLOSE or ABORT, both endpoints reach CLOSED with the network empty, under fairness",
		Reference: "RFC 9293 §3.6, §3.8.3, §3.10.8"},
	{ID: "L2", Name: "EventuallyConnected", Kind: Liveness,
		Meaning:   "a client that keeps trying (re-OPENs after a failed attempt while it has OPEN calls left) connects to a server whose listener stays open, under fairness",
		Reference: "RFC 9293 §3.5, §3.6, §3.10.7.4; RFC 1337"},
}

// All returns every property in the fixed report order.
func All() []Property { return append([]Property(nil), all...) }

// Lookup resolves IDs or names, case-insensitively, keeping the order of
// All and dropping repeats. An empty list means all properties.
func Lookup(names []string) ([]Property, error) {
	if len(names) == 0 {
		return All(), nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		found := false
		for _, p := range all {
			if strings.EqualFold(n, p.ID) || strings.EqualFold(n, p.Name) {
				want[p.ID] = true
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown property %q: valid are %s", n, validList())
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("empty property list: name some of %s", validList())
	}
	var out []Property
	for _, p := range all {
		if want[p.ID] {
			out = append(out, p)
		}
	}
	return out, nil
}

func validList() string {
	s := make([]string, len(all))
	for i, p := range all {
		s[i] = p.ID + " (" + p.Name + ")"
	}
	return strings.Join(s, ", ")
}
