package scenario

import (
	"strconv"
	"strings"
)

// token is a word or a segment of one line, with the column (in runes,
// from 1) where it starts.
type token struct {
	text string
	col  int
	seg  bool // written as one or more <...> groups
}

// lexLine splits a line into tokens and returns the comment text (after
// '#', trimmed) if the line has one. Spaces, tabs and commas separate
// tokens; a segment runs from '<' to the last '>' of adjacent <...>
// groups, so the commas in <CTL=SYN,ACK> stay inside it; "=>" is always a
// token of its own.
func lexLine(line string, lineNo int) (toks []token, comment string, hasComment bool, err *posError) {
	rs := []rune(line)
	i := 0
	for i < len(rs) {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == ',' || c == '\r':
			i++
		case c == '#':
			return toks, strings.TrimSpace(string(rs[i+1:])), true, nil
		case c == '<':
			start := i
			for i < len(rs) && rs[i] == '<' {
				j := i + 1
				for j < len(rs) && rs[j] != '>' && rs[j] != '<' {
					j++
				}
				if j == len(rs) || rs[j] != '>' {
					return nil, "", false, &posError{Pos{lineNo, i + 1},
						"segment field " + quote(string(rs[i:j])) + " has no closing '>': write it like <SEQ=100>"}
				}
				i = j + 1
			}
			toks = append(toks, token{text: string(rs[start:i]), col: start + 1, seg: true})
		case c == '=' && i+1 < len(rs) && rs[i+1] == '>':
			toks = append(toks, token{text: "=>", col: i + 1})
			i += 2
		default:
			start := i
			for i < len(rs) {
				c := rs[i]
				if c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '#' || c == '<' {
					break
				}
				if c == '=' && i+1 < len(rs) && rs[i+1] == '>' {
					break
				}
				i++
			}
			toks = append(toks, token{text: string(rs[start:i]), col: start + 1})
		}
	}
	return toks, "", false, nil
}

// quote shows user text in a message, shortened so that one bad line
// cannot flood the terminal.
func quote(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "..."
	}
	return strconv.Quote(s)
}
