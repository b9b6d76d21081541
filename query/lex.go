package query

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF tokKind = iota
	tInt
	tIdent
	tString
	tLParen
	tRParen
	tComma
	tNot
	tAnd
	tOr
	tEq // = and ==
	tNe
	tLt
	tLe
	tGt
	tGe
	tPlus
	tMinus
)

var tokNames = [...]string{
	tEOF: "end of query", tInt: "number", tIdent: "name", tString: "string",
	tLParen: "(", tRParen: ")", tComma: ",", tNot: "!", tAnd: "&&", tOr: "||",
	tEq: "=", tNe: "!=", tLt: "<", tLe: "<=", tGt: ">", tGe: ">=", tPlus: "+", tMinus: "-",
}

func (k tokKind) String() string { return tokNames[k] }

// token is one lexeme; pos is its byte offset in the source.
type token struct {
	kind tokKind
	pos  int
	text string // as written
	long string // tIdent: the name with the hyphenated words after it, for suggestions
	num  int64  // tInt
}

// maxInt bounds integer literals: every value the model holds is far
// smaller, and the bound keeps arithmetic free of overflow.
const maxInt = 1 << 30

// lex splits src into tokens, ending with tEOF.
func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isDigit(c):
			j := i
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if j < len(src) && isIdentStart(src[j]) {
				return nil, errAt(src, i, "%q is not a number: a number is written in decimal digits only", src[i:identEnd(src, j)])
			}
			n, err := strconv.ParseInt(src[i:j], 10, 64)
			if err != nil || n > maxInt {
				return nil, errAt(src, i, "number %s is too large: the model's values are below %d", src[i:j], maxInt)
			}
			toks = append(toks, token{kind: tInt, pos: i, text: src[i:j], num: n})
			i = j
			continue
		case isIdentStart(c):
			j := identEnd(src, i)
			long := hyphenEnd(src, i, j)
			j = stateNameEnd(src, i, j)
			toks = append(toks, token{kind: tIdent, pos: i, text: src[i:j], long: src[i:long]})
			i = j
			continue
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, errAt(src, i, "unterminated string: close it with \", as in inflight(A, \"SYN,ACK\")")
			}
			toks = append(toks, token{kind: tString, pos: i, text: src[i+1 : i+1+j]})
			i += j + 2
			continue
		}
		two := ""
		if i+1 < len(src) {
			two = src[i : i+2]
		}
		k, n := tEOF, 1
		switch {
		case two == "&&":
			k, n = tAnd, 2
		case two == "||":
			k, n = tOr, 2
		case two == "==":
			k, n = tEq, 2
		case two == "!=":
			k, n = tNe, 2
		case two == "<=":
			k, n = tLe, 2
		case two == ">=":
			k, n = tGe, 2
		case two == "=<" || two == "=>":
			return nil, errAt(src, i, "%q is not an operator: write %s", two, map[string]string{"=<": "<=", "=>": ">="}[two])
		case c == '&':
			return nil, errAt(src, i, "a single & is not an operator: write && for \"and\"")
		case c == '|':
			return nil, errAt(src, i, "a single | is not an operator: write || for \"or\"")
		case c == '(':
			k = tLParen
		case c == ')':
			k = tRParen
		case c == ',':
			k = tComma
		case c == '!':
			k = tNot
		case c == '=':
			k = tEq
		case c == '<':
			k = tLt
		case c == '>':
			k = tGt
		case c == '+':
			k = tPlus
		case c == '-':
			k = tMinus
		default:
			return nil, errAt(src, i, "unexpected character %q: a query uses names, numbers, ( ), comparisons (= != < <= > >=), + -, !, && and ||", runeAt(src, i))
		}
		toks = append(toks, token{kind: k, pos: i, text: src[i : i+n]})
		i += n
	}
	return append(toks, token{kind: tEOF, pos: len(src)}), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '.' }

func identEnd(src string, i int) int {
	for i < len(src) && isIdentChar(src[i]) {
		i++
	}
	return i
}

// stateNameEnd extends the plain name src[i:j] over hyphens when that
// makes it a state name: TIME-WAIT is one name, A.SND.NXT-1 a difference.
// The longest state name wins (FIN-WAIT-1, not FIN-WAIT).
func stateNameEnd(src string, i, j int) int {
	if strings.Contains(src[i:j], ".") {
		return j
	}
	best := j
	for k := j; k+1 < len(src) && src[k] == '-' && isIdentChar(src[k+1]); {
		k = identEnd(src, k+1)
		if _, ok := model.ParseTCPState(src[i:k]); ok && strings.IndexByte(src[i:k], '.') < 0 {
			best = k
		}
	}
	return best
}

// hyphenEnd is the end of the plain name src[i:j] with every hyphenated
// word after it.
func hyphenEnd(src string, i, j int) int {
	if strings.Contains(src[i:j], ".") {
		return j
	}
	for j+1 < len(src) && src[j] == '-' && isIdentChar(src[j+1]) {
		j = identEnd(src, j+1)
	}
	return j
}

func runeAt(src string, i int) rune {
	for _, r := range src[i:] {
		return r
	}
	return 0
}

// Error is a mistake in a query: where it is and what would work.
type Error struct {
	Src string // the query
	Pos int    // byte offset of the mistake
	Msg string
}

// Column is the 1-based column of the mistake, counted in characters.
func (e *Error) Column() int { return len([]rune(e.Src[:e.Pos])) + 1 }

func (e *Error) Error() string { return fmt.Sprintf("column %d: %s", e.Column(), e.Msg) }

// Caret shows the query with a caret under the mistake, on two lines
// indented by two spaces.
func (e *Error) Caret() string {
	line := strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, e.Src)
	return "  " + line + "\n  " + strings.Repeat(" ", e.Column()-1) + "^"
}

func errAt(src string, pos int, format string, a ...any) *Error {
	return &Error{Src: src, Pos: pos, Msg: fmt.Sprintf(format, a...)}
}
