package model

import (
	"fmt"
	"strings"
)

// RuleSet selects the text the SEGMENT ARRIVES rules follow.
type RuleSet uint8

const (
	// RFC9293 is RFC 9293 §3.10.7 as published (the default).
	RFC9293 RuleSet = iota
	// RFC793 is RFC 793 before its errata: SND.UNA =< SEG.ACK accepted in
	// SYN-RECEIVED (erratum 3301) and an in-window SYN resets a passive
	// SYN-RECEIVED too.
	RFC793
)

func (r RuleSet) String() string {
	if r == RFC793 {
		return "rfc793"
	}
	return "rfc9293"
}

// ISNPolicy says how an endpoint draws its initial sequence number (§3.4.1).
type ISNPolicy uint8

const (
	// ISNMonotone: attempt k draws ISSBase + (k-1)*ISNStride. Models the
	// clock-driven generator over the lifetime of a few incarnations.
	ISNMonotone ISNPolicy = iota
	// ISNFootprint: any ISS whose [ISS, ISS+2] avoids the sequence numbers
	// of the endpoint's segments in flight and the acks aimed at it (the
	// space-time footprint of §3.4.3).
	ISNFootprint
	// ISNFast: any ISS, modelling wrapped or very fast connections where
	// only TIME-WAIT protects (RFC 1337 §1).
	ISNFast
	// ISNFixed: always ISSBase (a broken stack).
	ISNFixed
)

var isnNames = []string{"monotone", "footprint", "fast", "fixed"}

func (p ISNPolicy) String() string {
	if int(p) < len(isnNames) {
		return isnNames[p]
	}
	return "isn?"
}

// Roles says which user calls each endpoint makes.
type Roles uint8

const (
	// ClientServer: A opens actively, B passively (the default).
	ClientServer Roles = iota
	// BothActive: both open actively (simultaneous open, §3.5 Fig. 7).
	BothActive
	// AnyRole: each endpoint may open passively or actively.
	AnyRole
)

var rolesNames = []string{"client-server", "both-active", "any"}

func (r Roles) String() string {
	if int(r) < len(rolesNames) {
		return rolesNames[r]
	}
	return "roles?"
}

// TWGuard is the untimed condition under which TIME-WAIT may expire.
type TWGuard uint8

const (
	// TWDrainPeer: drained, and the peer is in none of FIN-WAIT-1,
	// CLOSING, LAST-ACK (brief §B as corrected by Errata 5). The default.
	TWDrainPeer TWGuard = iota
	// TWDrain: drained only (the brief's first, too weak, version).
	TWDrain
	// TWAnyTime: TIME-WAIT may expire at any time (tcp.tla's behaviour).
	TWAnyTime
)

var twNames = []string{"drain-peer", "drain", "any-time"}

func (g TWGuard) String() string {
	if int(g) < len(twNames) {
		return twNames[g]
	}
	return "tw?"
}

// Config is every parameter of the model. Each field's comment gives the
// CLI flag it matches; Validate's errors use those names.
type Config struct {
	ISNSpace   int  // --isn-space: N, the modulus of sequence numbers (4..4096)
	Window     int  // --window: W, the fixed RCV.WND (>= 1)
	R2         int  // --r2: retransmissions before giving up (0..7)
	RTO        bool // --rto: retransmission timer and give-up enabled
	Opens      int  // --opens: user OPEN calls per endpoint (1..7)
	Attempts   int  // --attempts: ISS draws per endpoint, MaxAtt (1..3)
	NetBound   int  // --net-bound: K, segments in flight (1..6)
	LossBudget int  // --loss-budget: segments that may be lost, -1 for unlimited (0..7)
	Dup        bool // --dup: a delivery may leave a copy in flight
	Crash      bool // --crash: each endpoint may crash once
	QuietTime  bool // --quiet-time: a crashed endpoint keeps quiet until its segments drain (§3.4.3)
	Abort      bool // --abort: the user may call ABORT
	// AbortInTimeWait: ABORT is allowed in TIME-WAIT (§3.10.5 allows it).
	AbortInTimeWait bool      // --abort-in-time-wait
	Rules           RuleSet   // --rules: rfc9293 or rfc793
	RFC5961         bool      // --rfc5961: exact-match RST and challenge ACKs
	RFC1337         bool      // --rfc1337: ignore RST in TIME-WAIT (fix F1)
	ISN             ISNPolicy // --isn: monotone, footprint, fast, fixed
	ISSBase         [2]int    // --iss: ISS of attempt 1 of A and B ("100,300")
	ISNStride       int       // --isn-stride: distance between successive ISS (monotone)
	Roles           Roles     // --roles: client-server, both-active, any
	FinWait2Timer   bool      // --fin-wait-2-timer: FIN-WAIT-2 may time out to CLOSED (BSD, Linux)
	TWGuard         TWGuard   // --tw-guard: drain-peer, drain, any-time
	// TrimSYN: a SYN at RCV.NXT-1 in SYN-RECEIVED or a synchronized state
	// has its SYN trimmed (SEQ+1) before the acceptability test, as BSD
	// does; RFC 9293 Figure 7 then holds literally (Appendix A.2).
	TrimSYN bool // --trim-syn
	// OldDups are segments of attempt 0 (an earlier incarnation) in flight
	// in the initial state. --old-dups names them (see ParseOldDups).
	OldDups []Segment // --old-dups

	// Broken variants: each removes one mechanism to show why it exists.
	TwoWayHandshake bool // LISTEN+SYN goes straight to ESTABLISHED
	NoTimeWait      bool // TIME-WAIT is skipped: CLOSED at once
	AnySynAck       bool // SYN-SENT accepts any SYN,ACK (no ACK check)
}

// DefaultConfig is the rfc9293 variant: RFC 9293 with RFC 5961, monotone
// ISNs 100 and 300 (the RFC's figures), duplication and one loss.
func DefaultConfig() Config {
	return Config{
		ISNSpace:        1024,
		Window:          1,
		R2:              1,
		RTO:             true,
		Opens:           2,
		Attempts:        3,
		NetBound:        2,
		LossBudget:      1,
		Dup:             true,
		Abort:           true,
		AbortInTimeWait: true,
		Rules:           RFC9293,
		RFC5961:         true,
		ISN:             ISNMonotone,
		ISSBase:         [2]int{100, 300},
		ISNStride:       100,
		Roles:           ClientServer,
		TWGuard:         TWDrainPeer,
		QuietTime:       true,
	}
}

// Validate refuses a bad value or combination with an error that names the
// parameter by its flag and says what would work.
func (c Config) Validate() error {
	if c.ISNSpace < 4 || c.ISNSpace > maxSpace {
		return fmt.Errorf("--isn-space %d is out of range: use 4 to %d", c.ISNSpace, maxSpace)
	}
	if c.Window < 1 || c.Window >= c.ISNSpace/2 {
		return fmt.Errorf("--window %d is out of range: use 1 to %d (less than half of --isn-space %d)", c.Window, c.ISNSpace/2-1, c.ISNSpace)
	}
	if c.R2 < 0 || c.R2 > 7 {
		return fmt.Errorf("--r2 %d is out of range: use 0 to 7", c.R2)
	}
	if c.Opens < 1 || c.Opens > 7 {
		return fmt.Errorf("--opens %d is out of range: use 1 to 7", c.Opens)
	}
	if c.Attempts < 1 || c.Attempts > maxAttMax {
		return fmt.Errorf("--attempts %d is out of range: use 1 to %d", c.Attempts, maxAttMax)
	}
	if c.NetBound < 1 || c.NetBound > MaxNetBound {
		return fmt.Errorf("--net-bound %d is out of range: use 1 to %d", c.NetBound, MaxNetBound)
	}
	if c.LossBudget < -1 || c.LossBudget > 7 {
		return fmt.Errorf("--loss-budget %d is out of range: use 0 to 7, or -1 for unlimited", c.LossBudget)
	}
	if c.Rules > RFC793 {
		return fmt.Errorf("--rules %d is unknown: use rfc9293 or rfc793", c.Rules)
	}
	if c.Rules == RFC793 && c.RFC5961 {
		return fmt.Errorf("--rfc5961 cannot be combined with --rules rfc793 (RFC 5961 postdates it): use --rules rfc9293 or turn --rfc5961 off")
	}
	if c.ISN > ISNFixed {
		return fmt.Errorf("--isn %d is unknown: use %s", c.ISN, strings.Join(isnNames, ", "))
	}
	if c.Roles > AnyRole {
		return fmt.Errorf("--roles %d is unknown: use %s", c.Roles, strings.Join(rolesNames, ", "))
	}
	if c.TWGuard > TWAnyTime {
		return fmt.Errorf("--tw-guard %d is unknown: use %s", c.TWGuard, strings.Join(twNames, ", "))
	}
	for i, b := range c.ISSBase {
		if b < 0 || b >= c.ISNSpace {
			return fmt.Errorf("--iss %d of %v is out of range: use 0 to %d (below --isn-space %d)", b, Side(i), c.ISNSpace-1, c.ISNSpace)
		}
	}
	incarnations := c.Attempts
	if len(c.OldDups) > 0 {
		incarnations++ // attempt 0 takes a stride too
	}
	if c.ISN == ISNMonotone {
		if c.ISNStride < 3 {
			return fmt.Errorf("--isn-stride %d is too small: an incarnation uses 3 sequence numbers (SYN, FIN, next), need at least 3", c.ISNStride)
		}
		if need := 2 * c.ISNStride * incarnations; c.ISNSpace < need {
			return fmt.Errorf("--isn-space %d is too small for %d incarnations with stride %d: need at least %d", c.ISNSpace, incarnations, c.ISNStride, need)
		}
	}
	if (c.ISN == ISNFast || c.ISN == ISNFootprint) && c.ISNSpace > 64 {
		return fmt.Errorf("--isn %v draws every ISS in Z_N, too many for --isn-space %d: use at most 64 (e.g. --isn-space 12)", c.ISN, c.ISNSpace)
	}
	if len(c.OldDups) > c.NetBound {
		return fmt.Errorf("--old-dups: %d segments do not fit in --net-bound %d: raise --net-bound to %d", len(c.OldDups), c.NetBound, len(c.OldDups))
	}
	for _, g := range c.OldDups {
		if g.Tag.Att != 0 {
			return fmt.Errorf("--old-dups: %v has attempt %d: old duplicates belong to attempt 0", g, g.Tag.Att)
		}
		if g.Flags == 0 || g.Has(FlagSYN|FlagFIN) || g.Has(FlagSYN|FlagRST) {
			return fmt.Errorf("--old-dups: %v has flags %v: use SYN, SYN,ACK, ACK, FIN,ACK, RST or RST,ACK", g, g.Flags)
		}
		if int(g.Seq) >= c.ISNSpace || int(g.Ack) >= c.ISNSpace {
			return fmt.Errorf("--old-dups: %v has a sequence number beyond --isn-space %d", g, c.ISNSpace)
		}
	}
	if c.TwoWayHandshake && c.Roles == BothActive {
		return fmt.Errorf("the two-way-handshake variant needs a listener: use --roles client-server or any")
	}
	return nil
}
