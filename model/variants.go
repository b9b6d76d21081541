package model

import (
	"fmt"
	"sort"
	"strings"
)

// VariantInfo describes a named configuration.
type VariantInfo struct {
	Name    string
	Summary string // what changes from the default
	Why     string // what it shows
}

type variant struct {
	info  VariantInfo
	apply func(c *Config)
}

var variants = []variant{
	{VariantInfo{"rfc9293", "RFC 9293 with RFC 5961, monotone ISNs (the default)",
		"the standard as published: TIME-WAIT assassination (RFC 1337) is still possible"},
		func(c *Config) {}},
	{VariantInfo{"rfc1337", "rfc9293 plus the RFC 1337 fix: RST ignored in TIME-WAIT",
		"TIME-WAIT now always lasts its full 2MSL, so no old segment can reach a new incarnation"},
		func(c *Config) { c.RFC1337 = true }},
	{VariantInfo{"rfc793", "RFC 793 rules: no RFC 5961, SND.UNA =< SEG.ACK in SYN-RECEIVED, in-window SYN resets",
		"the original text, before errata 3300/3301 and RFC 5961; at the defaults it reaches exactly rfc9293's states (docs/MODEL.md §14): add --window 2 or --isn fast to see it differ"},
		func(c *Config) { c.Rules = RFC793; c.RFC5961 = false }},
	{VariantInfo{"two-way-handshake", "LISTEN+SYN goes straight to ESTABLISHED",
		"without the third step an old SYN opens a connection nobody asked for (RFC 9293 §3.5)"},
		func(c *Config) { c.TwoWayHandshake = true }},
	{VariantInfo{"no-time-wait", "TIME-WAIT is skipped: the active closer goes straight to CLOSED",
		"the last ACK can be lost and the peer's retransmitted FIN is then reset (RFC 9293 §3.6)"},
		func(c *Config) { c.NoTimeWait = true }},
	{VariantInfo{"fixed-isn", "every incarnation uses the same ISS",
		"an old SYN,ACK is then acceptable to a new incarnation (RFC 9293 §3.4.1)"},
		func(c *Config) { c.ISN = ISNFixed }},
	{VariantInfo{"synsent-accepts-any-synack", "SYN-SENT accepts a SYN,ACK whatever its ACK",
		"as in tcp.tla and the Promela models: a SYN,ACK answering a stale SYN synchronizes (RFC 9293 Figure 8)"},
		func(c *Config) { c.AnySynAck = true }},
	{VariantInfo{"three-segment-close", "the receiver of a FIN answers FIN,ACK at once and skips CLOSE-WAIT; --data 1 --opens 1 --isn-stride 4",
		"why four segments to close: the side that received the FIN can no longer send, and the data its user still had to send is lost (D1)"},
		func(c *Config) { c.ThreeSegmentClose = true; c.Data = 1; c.Opens = 1; c.ISNStride = 4 }},
	{VariantInfo{"linux", "Linux 6.18 with options off: listener stays, TIME-WAIT reuse above SND.NXT, FIN-WAIT-2 timer, 60 s TIME-WAIT (drain guard), RST,ACK on ABORT, rate-limited challenge ACKs, a RST for data unread at CLOSE or arriving after it (with --data), and the segment rules of docs/PROFILES.md",
		"what a real stack does: RFC 1337's assassination is still open (tcp_rfc1337=0); tcpcheck diff --variant rfc9293 --variant linux lists every difference"},
		func(c *Config) {
			c.Stack = StackLinux
			c.ListenerStays, c.TWReuse, c.HalfDuplexRST = true, TWReuseAbove, true
			c.FinWait2Timer, c.TWGuard = true, TWDrain
			c.AbortInTimeWait, c.TrimSYN = false, true
			c.ChallengeACKLimit = true
		}},
	{VariantInfo{"bsd", "FreeBSD with options off: listener stays, TIME-WAIT reuse with the clock's ISS, RST ignored in TIME-WAIT, FIN-WAIT-2 timer, 60 s TIME-WAIT (drain guard), RST,ACK on ABORT, rate-limited challenge ACKs, and the segment rules of docs/PROFILES.md",
		"what a real stack does: the RFC 1337 fix, and a reuse that relies on the ISN clock"},
		func(c *Config) {
			c.Stack = StackBSD
			c.ListenerStays, c.TWReuse = true, TWReuseClock
			c.RFC1337, c.FinWait2Timer, c.TWGuard = true, true, TWDrain
			c.AbortInTimeWait, c.TrimSYN = false, true
			c.ChallengeACKLimit = true
		}},
	{VariantInfo{"big", "the engine benchmark: rfc9293 with --net-bound 3 and --loss-budget 2",
		"reaches more than 10 million states"},
		func(c *Config) { c.NetBound = 3; c.LossBudget = 2 }},
}

// Variants lists the named configurations in a fixed order.
func Variants() []VariantInfo {
	out := make([]VariantInfo, len(variants))
	for i, v := range variants {
		out[i] = v.info
	}
	return out
}

// Variant returns the configuration of a named variant: DefaultConfig with
// the variant's changes.
func Variant(name string) (Config, error) {
	for _, v := range variants {
		if v.info.Name == name {
			c := DefaultConfig()
			v.apply(&c)
			return c, nil
		}
	}
	names := make([]string, len(variants))
	for i, v := range variants {
		names[i] = v.info.Name
	}
	sort.Strings(names)
	return Config{}, fmt.Errorf("variant %q is unknown: use one of %s", name, strings.Join(names, ", "))
}
