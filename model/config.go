package model

import (
	"errors"
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
	// ISNSlow: attempt k draws ISSBase + k-1: a clock that ticks once
	// between incarnations, slower than the three sequence numbers each
	// uses, so the next incarnation's ISS lands inside the previous
	// connection's sequence range (it overtakes it).
	ISNSlow
)

var isnNames = []string{"monotone", "footprint", "fast", "fixed", "slow"}

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

// Stack selects the segment rules in which a real stack departs from or
// chooses within RFC 9293 (docs/PROFILES.md); only the linux and bsd
// variants set it.
type Stack uint8

const (
	StackRFC   Stack = iota // RFC 9293 as written
	StackLinux              // Linux 6.18 (net/ipv4)
	StackBSD                // FreeBSD (sys/netinet)
)

var stackNames = []string{"rfc9293", "linux", "bsd"}

func (s Stack) String() string {
	if int(s) < len(stackNames) {
		return stackNames[s]
	}
	return "stack?"
}

// TWReuse says whether and how TIME-WAIT reopens on a new SYN (MAY-2).
type TWReuse uint8

const (
	// TWReuseOff: TIME-WAIT treats a SYN like any synchronized state.
	TWReuseOff TWReuse = iota
	// TWReuseAbove: the new ISS is SND.NXT+W+1, above every sequence
	// number the old incarnation used or the peer may still accept
	// (condition (1); Linux: old SND.NXT + 65537).
	TWReuseAbove
	// TWReuseClock: the new ISS is the ISN policy's next draw (FreeBSD:
	// tcp_new_isn); condition (1) holds only if the clock moved on.
	TWReuseClock
	// TWReuseSameISS drops condition (1): the new incarnation starts at
	// the old ISS again, as a clock that has not moved would.
	TWReuseSameISS
)

var twReuseNames = []string{"off", "above", "clock", "same-iss"}

func (r TWReuse) String() string {
	if int(r) < len(twReuseNames) {
		return twReuseNames[r]
	}
	return "reuse?"
}

// Config is every parameter of the model. Each field's comment gives the
// CLI flag it matches; Validate's errors use those names.
type Config struct {
	ISNSpace   int  // --isn-space: N, the modulus of sequence numbers (4..2048)
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
	// CrashLosesClock: a crash loses the ISN clock (§3.4.1: it "need not
	// persist across reboots"); after it, the clock restarts one step
	// behind, so the next ISS repeats the crashed incarnation's.
	CrashLosesClock bool // --crash-loses-clock
	Abort           bool // --abort: the user may call ABORT
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
	// Stack: the stack-specific segment rules (no flag; the linux and bsd
	// variants set it, trace key stack).
	Stack Stack
	// ListenerStays: the listener of a passive OPEN outlives the
	// connections it spawns, as in every sockets stack: when a listening
	// endpoint's TCB is deleted it is in LISTEN again, without an OPEN.
	ListenerStays bool // --listener-stays
	// TWReuse: MAY-2 (§3.6.1): TIME-WAIT accepts a new SYN above RCV.NXT
	// and reopens the connection, with the ISS the mode says.
	TWReuse TWReuse // --time-wait-reuse
	// ChallengeACKLimit: the ACKs RFC 5961 §7 lets an implementation
	// throttle may be omitted, a nondeterministic choice like a loss:
	// challenge ACKs, and under the linux profile every ACK answering an
	// unacceptable segment, a TIME-WAIT segment or a retransmitted SYN
	// (docs/PROFILES.md L9, B12).
	ChallengeACKLimit bool // --challenge-ack-limit
	// Data: units of data each user may SEND per connection (§3.10.2);
	// 0 is the data-less model of connection management.
	Data int // --data (0..3)
	// HalfDuplexRST: the half-duplex close of §3.6.1 (MAY-1 with SHLD-3):
	// a user who called CLOSE cannot RECEIVE any more, and the TCP sends
	// a RST when its user CLOSEs with received data unread, or when new
	// data arrives after the CLOSE. Only --data > 0 can show it.
	HalfDuplexRST bool // --half-duplex-rst
	// TrimSYN: a SYN at RCV.NXT-1 in SYN-RECEIVED or a synchronized state
	// has its SYN trimmed (SEQ+1) before the acceptability test, as BSD
	// does; RFC 9293 Figure 7 then holds literally (Appendix A.2).
	TrimSYN bool // trace key trim-syn; no flag
	// OldDups are segments of attempt 0 (an earlier incarnation) in flight
	// in the initial state. --old-dups names them (see ParseOldDups).
	OldDups []Segment // --old-dups

	// Broken variants: each removes one mechanism to show why it exists.
	TwoWayHandshake bool // LISTEN+SYN goes straight to ESTABLISHED
	NoTimeWait      bool // TIME-WAIT is skipped: CLOSED at once
	AnySynAck       bool // SYN-SENT accepts any SYN,ACK (no ACK check)
	// ThreeSegmentClose: a FIN in ESTABLISHED is answered with FIN,ACK at
	// once, skipping CLOSE-WAIT (the receiver's direction closes too).
	ThreeSegmentClose bool
}

// Broken reports whether c removes one of TCP's mechanisms on purpose
// (the broken variants: two-way-handshake, no-time-wait,
// synsent-accepts-any-synack, three-segment-close): its runs show what
// the mechanism prevents, not what a stack should do.
func (c Config) Broken() bool {
	return c.TwoWayHandshake || c.NoTimeWait || c.AnySynAck || c.ThreeSegmentClose
}

// DefaultConfig is the rfc9293 variant: RFC 9293 with RFC 5961, monotone
// ISNs from 100 and 300 (the RFC's figures) with stride 3 and a window of
// 3, so that a next incarnation's SYN can land in an old window and every
// rule of §3.10.7 and RFC 5961 is reachable; duplication and one loss;
// ABORT, but not in TIME-WAIT (no sockets API has a handle on a
// connection in TIME-WAIT: close() has returned).
func DefaultConfig() Config {
	return Config{
		ISNSpace:   1024,
		Window:     3,
		R2:         1,
		RTO:        true,
		Opens:      2,
		Attempts:   3,
		NetBound:   2,
		LossBudget: 1,
		Dup:        true,
		Abort:      true,
		Rules:      RFC9293,
		RFC5961:    true,
		ISN:        ISNMonotone,
		ISSBase:    [2]int{100, 300},
		ISNStride:  3,
		Roles:      ClientServer,
		TWGuard:    TWDrainPeer,
		QuietTime:  true,
	}
}

// Validate refuses a bad value or combination with an error that names the
// parameter by its flag and says what would work. A value may come from
// the user or from the variant's defaults, and Validate cannot tell which,
// so a conflict names every parameter involved with the value in force and
// lists the changes that would resolve it.
func (c Config) Validate() error {
	if c.ISNSpace < 4 || c.ISNSpace > maxSpace {
		return fmt.Errorf("--isn-space %d is out of range: use 4 to %d", c.ISNSpace, maxSpace)
	}
	if c.Window < 1 {
		return fmt.Errorf("--window %d is out of range: use 1 to %d (less than half of --isn-space %d)", c.Window, c.ISNSpace/2-1, c.ISNSpace)
	}
	if c.Window >= c.ISNSpace/2 {
		msg := fmt.Sprintf("--window %d is out of range for --isn-space %d: use 1 to %d (less than half of --isn-space)", c.Window, c.ISNSpace, c.ISNSpace/2-1)
		if n := 2*c.Window + 2; n <= c.spaceMax() {
			msg += fmt.Sprintf(", or raise --isn-space to at least %d", n)
		}
		return errors.New(msg)
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
		return fmt.Errorf("--rules rfc793 cannot be combined with --rfc5961 true (RFC 5961 postdates RFC 793): add --rfc5961=false (or start from --variant rfc793), or use --rules rfc9293")
	}
	if c.ISN > ISNSlow {
		return fmt.Errorf("--isn %d is unknown: use %s", c.ISN, strings.Join(isnNames, ", "))
	}
	if c.Roles > AnyRole {
		return fmt.Errorf("--roles %d is unknown: use %s", c.Roles, strings.Join(rolesNames, ", "))
	}
	if c.TWGuard > TWAnyTime {
		return fmt.Errorf("--tw-guard %d is unknown: use %s", c.TWGuard, strings.Join(twNames, ", "))
	}
	// The ISN policy bounds --isn-space, so it is checked before --iss: a
	// fix that changes --isn-space must satisfy both.
	if c.drawsAny() && c.ISNSpace > maxDrawSpace {
		return fmt.Errorf("--isn %v draws every ISS in Z_N, too many for --isn-space %d: use --isn-space %d or less with --iss values below it, e.g. --isn-space 12 --iss %s",
			c.ISN, c.ISNSpace, maxDrawSpace, exampleISS(12))
	}
	if c.ISN == ISNMonotone {
		if err := c.validateStride(); err != nil {
			return err
		}
	}
	if c.ISN == ISNSlow {
		// Every ISS of every incarnation, and two numbers past it, stay
		// less than N/2 apart.
		if need := 2 * (c.Attempts + 4); c.ISNSpace < need {
			return fmt.Errorf("--isn-space %d is too small for --isn slow with --attempts %d: raise --isn-space to at least %d, or lower --attempts", c.ISNSpace, c.Attempts, need)
		}
	}
	if c.ISSBase[0] < 0 || c.ISSBase[0] >= c.ISNSpace || c.ISSBase[1] < 0 || c.ISSBase[1] >= c.ISNSpace {
		msg := fmt.Sprintf("--iss %d,%d is out of range for --isn-space %d: give --iss values from 0 to %d, e.g. --iss %s",
			c.ISSBase[0], c.ISSBase[1], c.ISNSpace, c.ISNSpace-1, exampleISS(c.ISNSpace))
		if n := max(c.ISSBase[0], c.ISSBase[1]) + 1; c.ISSBase[0] >= 0 && c.ISSBase[1] >= 0 && n <= c.spaceMax() {
			msg += fmt.Sprintf(", or raise --isn-space to at least %d", n)
		}
		return errors.New(msg)
	}
	if len(c.OldDups) > c.NetBound {
		return fmt.Errorf("--old-dups: %d segments do not fit in --net-bound %d: raise --net-bound to %d or give fewer segments", len(c.OldDups), c.NetBound, len(c.OldDups))
	}
	for _, g := range c.OldDups {
		if g.Tag.Att != 0 {
			return fmt.Errorf("--old-dups: %v has attempt %d: old duplicates belong to attempt 0", g, g.Tag.Att)
		}
		if g.Flags == 0 || g.Has(FlagSYN|FlagFIN) || g.Has(FlagSYN|FlagRST) {
			return fmt.Errorf("--old-dups: %v has flags %v: use SYN, SYN,ACK, ACK, FIN,ACK, RST or RST,ACK", g, g.Flags)
		}
		if g.Flags&FlagData != 0 && (g.Flags != FlagACK|FlagData || c.Data == 0) {
			return fmt.Errorf("--old-dups: %v carries data: a unit of data travels as <CTL=ACK><DATA>, and needs --data 1 or more", g)
		}
		if int(g.Seq) >= c.ISNSpace || int(g.Ack) >= c.ISNSpace {
			return fmt.Errorf("--old-dups: %v has a sequence number beyond --isn-space %d: use numbers from 0 to %d", g, c.ISNSpace, c.ISNSpace-1)
		}
	}
	if c.Stack > StackBSD {
		return fmt.Errorf("stack %d is unknown: use %s", c.Stack, strings.Join(stackNames, ", "))
	}
	if c.TWReuse > TWReuseSameISS {
		return fmt.Errorf("--time-wait-reuse %d is unknown: use %s", c.TWReuse, strings.Join(twReuseNames, ", "))
	}
	if c.Data < 0 || c.Data > MaxData {
		return fmt.Errorf("--data %d is out of range: use 0 (no data) to %d", c.Data, MaxData)
	}
	if c.TwoWayHandshake && c.Roles == BothActive {
		return fmt.Errorf("the two-way-handshake variant needs a listener, and --roles both-active has none: use --roles client-server or any")
	}
	return nil
}

// maxDrawSpace bounds --isn-space for the policies that may draw any ISS:
// every draw is a branch of the state graph.
const maxDrawSpace = 64

// drawsAny reports whether the ISN policy may draw any ISS in Z_N.
func (c Config) drawsAny() bool { return c.ISN == ISNFast || c.ISN == ISNFootprint }

// spaceMax is the largest --isn-space the ISN policy allows.
func (c Config) spaceMax() int {
	if c.drawsAny() {
		return maxDrawSpace
	}
	return maxSpace
}

// exampleISS suggests two ISS values inside Z_n, apart from each other.
func exampleISS(n int) string {
	return fmt.Sprintf("1,%d", 1+n/3)
}

// minStride is the sequence numbers one incarnation uses: SYN, FIN, next.
const minStride = 3

// validateStride checks that the monotone ISS draws of every incarnation
// fit in the sequence space, and when they do not, names every parameter
// a fix could change.
func (c Config) validateStride() error {
	if min := minStride + c.Data; c.ISNStride < min {
		if c.Data > 0 {
			return fmt.Errorf("--isn-stride %d is too small: an incarnation uses %d sequence numbers (SYN, %d of data, FIN, next), need at least %d", c.ISNStride, min, c.Data, min)
		}
		return fmt.Errorf("--isn-stride %d is too small: an incarnation uses %d sequence numbers (SYN, FIN, next), need at least %d", c.ISNStride, minStride, minStride)
	}
	old := 0
	if len(c.OldDups) > 0 {
		old = 1 // attempt 0 of the old duplicates takes a stride too
	}
	incarnations := c.Attempts + old
	need := 2 * c.ISNStride * incarnations
	if c.ISNSpace >= need {
		return nil
	}
	what := fmt.Sprintf("--attempts %d", c.Attempts)
	if old > 0 {
		what = fmt.Sprintf("%d incarnations (--attempts %d plus attempt 0 of --old-dups)", incarnations, c.Attempts)
	}
	msg := fmt.Sprintf("--isn-space %d is too small for %s with --isn-stride %d: the monotone ISNs need at least %d (2 × stride × incarnations)",
		c.ISNSpace, what, c.ISNStride, need)
	var fixes []string
	if need <= maxSpace {
		fixes = append(fixes, fmt.Sprintf("raise --isn-space to at least %d", need))
	}
	stride, att := c.ISNSpace/(2*incarnations), c.ISNSpace/(2*c.ISNStride)-old
	if stride >= minStride {
		fixes = append(fixes, fmt.Sprintf("lower --isn-stride to at most %d", stride))
	}
	if att >= 1 {
		fixes = append(fixes, fmt.Sprintf("lower --attempts to at most %d", att))
	}
	if a := c.ISNSpace/(2*minStride) - old; stride < minStride && att < 1 && a >= 1 {
		eg := fmt.Sprintf("--attempts %d --isn-stride %d", a, c.ISNSpace/(2*(a+old)))
		if c.ISSBase[0] >= c.ISNSpace || c.ISSBase[1] >= c.ISNSpace {
			eg += " --iss " + exampleISS(c.ISNSpace)
		}
		fixes = append(fixes, "lower --attempts and --isn-stride, e.g. "+eg)
	}
	fixes = append(fixes, "choose another --isn")
	return fmt.Errorf("%s: %s", msg, strings.Join(fixes, ", or "))
}
