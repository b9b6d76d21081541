package scenario

import (
	"strconv"
	"strings"
)

// parseSegment reads RFC notation such as <SEQ=300><ACK=101><CTL=SYN,ACK>.
// The lexer guarantees that text is one or more <...> groups; pos is where
// text starts, so that errors point into it.
func parseSegment(text string, pos Pos) (SegPattern, *posError) {
	seg := SegPattern{Pos: pos}
	col := pos.Col
	for text != "" {
		end := strings.IndexByte(text, '>')
		group := text[1:end] // between '<' and '>'
		at := Pos{pos.Line, col}
		if strings.EqualFold(group, "DATA") {
			// One unit of data (--data), as RFC 9293's figures write it.
			seg.Flags |= DATA
			col += len([]rune(text[:end+1]))
			text = text[end+1:]
			continue
		}
		key, val, ok := strings.Cut(group, "=")
		if !ok || val == "" {
			return seg, &posError{at, "segment field " + quote("<"+group+">") + " is not <KEY=VALUE>: want <SEQ=n>, <ACK=n> or <CTL=FLAGS>"}
		}
		switch strings.ToUpper(key) {
		case "SEQ", "ACK":
			n, err := strconv.ParseUint(val, 10, 16)
			if err != nil {
				return seg, &posError{at, key + " value " + quote(val) + " is not a number from 0 to 65535"}
			}
			if strings.ToUpper(key) == "SEQ" {
				if seg.HasSeq {
					return seg, &posError{at, "SEQ given twice in one segment"}
				}
				seg.HasSeq, seg.Seq = true, uint32(n)
			} else {
				if seg.HasAck {
					return seg, &posError{at, "ACK given twice in one segment"}
				}
				seg.HasAck, seg.Ack = true, uint32(n)
			}
		case "CTL":
			if seg.HasCtl {
				return seg, &posError{at, "CTL given twice in one segment"}
			}
			f, msg := parseFlags(val)
			if msg != "" {
				return seg, &posError{at, msg}
			}
			seg.HasCtl, seg.Flags = true, seg.Flags&DATA|f
		case "TAG":
			if seg.HasTag {
				return seg, &posError{at, "TAG given twice in one segment"}
			}
			side, ok := parseSide(strings.ToUpper(val[:1]))
			n, err := strconv.ParseUint(val[1:], 10, 8)
			if !ok || err != nil {
				return seg, &posError{at, "TAG value " + quote(val) + " is not a side and an attempt number: write e.g. <TAG=A1>"}
			}
			seg.HasTag, seg.TagSide, seg.TagAtt = true, side, uint8(n)
		default:
			return seg, &posError{at, "unknown segment field " + quote(key) + ": want SEQ, ACK, CTL, TAG or DATA (windows and options are not modelled)"}
		}
		col += len([]rune(text[:end+1]))
		text = text[end+1:]
	}
	if seg.HasAck && seg.HasCtl && seg.Flags&ACK == 0 {
		return seg, &posError{pos, "segment has an ACK field but no ACK bit: add ACK to its CTL, e.g. <CTL=SYN,ACK>"}
	}
	return seg, nil
}

func parseFlags(s string) (Flags, string) {
	var f Flags
	for _, name := range strings.Split(s, ",") {
		var bit Flags
		for _, n := range flagNames {
			if strings.EqualFold(name, n.name) {
				bit = n.f
			}
		}
		if bit == 0 {
			return 0, "unknown control bit " + quote(name) + ": want SYN, ACK, FIN or RST, separated by commas"
		}
		if f&bit != 0 {
			return 0, "control bit " + name + " given twice"
		}
		f |= bit
	}
	return f, ""
}
