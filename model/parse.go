package model

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseSegment reads the RFC notation of Segment.String,
// "<SEQ=100><ACK=301><CTL=SYN,ACK>", for a segment sent by src. The tag is
// left zero.
func ParseSegment(src Side, s string) (Segment, error) {
	g := Segment{Src: src}
	rest := strings.TrimSpace(s)
	seenSeq, seenCtl := false, false
	for rest != "" {
		if rest[0] != '<' {
			return Segment{}, fmt.Errorf("segment %q: want fields like <SEQ=100><CTL=SYN>", s)
		}
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			return Segment{}, fmt.Errorf("segment %q: missing '>'", s)
		}
		if strings.EqualFold(rest[1:end], "DATA") {
			// One unit of data (--data), as RFC 9293's figures write it.
			g.Flags |= FlagData
			rest = strings.TrimSpace(rest[end+1:])
			continue
		}
		k, v, ok := strings.Cut(rest[1:end], "=")
		if !ok {
			return Segment{}, fmt.Errorf("segment %q: field %q lacks '='", s, rest[1:end])
		}
		rest = strings.TrimSpace(rest[end+1:])
		switch strings.ToUpper(k) {
		case "SEQ", "ACK":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n >= maxSpace {
				return Segment{}, fmt.Errorf("segment %q: %s=%q is not a number from 0 to %d", s, k, v, maxSpace-1)
			}
			if strings.ToUpper(k) == "SEQ" {
				g.Seq, seenSeq = uint16(n), true
			} else {
				g.Ack = uint16(n)
			}
		case "CTL":
			f, ok := ParseFlags(v)
			if !ok {
				return Segment{}, fmt.Errorf("segment %q: CTL=%q: use SYN, ACK, FIN, RST joined by commas", s, v)
			}
			g.Flags, seenCtl = g.Flags&FlagData|f, true
		default:
			return Segment{}, fmt.Errorf("segment %q: unknown field %q: use SEQ, ACK, CTL", s, k)
		}
	}
	if !seenSeq || !seenCtl {
		return Segment{}, fmt.Errorf("segment %q: needs <SEQ=n> and <CTL=flags>", s)
	}
	if g.Flags&FlagACK == 0 {
		g.Ack = 0
	}
	return g, nil
}

// ParseOldDups reads --old-dups: "none", or a comma-separated list of
// items "A:syn", "B:synack", "A:ack", "B:fin", "A:rst", "A:data" (the segments an
// attempt-0 incarnation of that side sent, at the attempt-0 ISS the ISN
// policy of c implies), or explicit segments "A<SEQ=90><CTL=SYN>". All are
// tagged attempt 0.
func ParseOldDups(spec string, c Config) ([]Segment, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "none" {
		return nil, nil
	}
	var out []Segment
	for _, item := range splitItems(spec) {
		if len(item) < 2 || (item[0] != 'A' && item[0] != 'B') {
			return nil, fmt.Errorf("--old-dups item %q: start with the sender, A or B (e.g. A:syn or A<SEQ=90><CTL=SYN>)", item)
		}
		src := A
		if item[0] == 'B' {
			src = B
		}
		if item[1] == '<' {
			g, err := ParseSegment(src, item[1:])
			if err != nil {
				return nil, fmt.Errorf("--old-dups: %v", err)
			}
			g.Tag = Tag{src, 0}
			out = append(out, g)
			continue
		}
		if item[1] != ':' {
			return nil, fmt.Errorf("--old-dups item %q: write %c:syn or %c<SEQ=n><CTL=flags>", item, item[0], item[0])
		}
		iss, peer := uint16(c.oldISS(src)), uint16(c.oldISS(src.Peer()))
		n := uint16(c.ISNSpace)
		if n == 0 {
			return nil, fmt.Errorf("--old-dups: set --isn-space first")
		}
		next := func(v uint16) uint16 { return (v + 1) % n }
		g := Segment{Src: src, Tag: Tag{src, 0}}
		switch strings.ToLower(item[2:]) {
		case "syn":
			g.Flags, g.Seq = FlagSYN, iss
		case "synack":
			g.Flags, g.Seq, g.Ack = FlagSYN|FlagACK, iss, next(peer)
		case "ack":
			g.Flags, g.Seq, g.Ack = FlagACK, next(iss), next(peer)
		case "fin":
			g.Flags, g.Seq, g.Ack = FlagFIN|FlagACK, next(iss), next(peer)
		case "rst":
			g.Flags, g.Seq = FlagRST, next(iss)
		case "data":
			// The first unit of data of the old incarnation (--data).
			g.Flags, g.Seq, g.Ack = FlagACK|FlagData, next(iss), next(peer)
		default:
			return nil, fmt.Errorf("--old-dups item %q: kind %q is unknown: use syn, synack, ack, fin, rst or data", item, item[2:])
		}
		out = append(out, g)
	}
	return out, nil
}

// splitItems splits at commas outside <...> (CTL=SYN,ACK has commas).
func splitItems(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
