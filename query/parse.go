package query

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
)

// typ is the type of an expression.
type typ uint8

const (
	tyBool  typ = iota
	tyInt       // a plain integer: counts, distances
	tySeq       // a sequence number, in Z_N (--isn-space)
	tyState     // a connection state
)

var typNames = [...]string{tyBool: "a condition", tyInt: "a number", tySeq: "a sequence number", tyState: "a connection state"}

func (t typ) String() string { return typNames[t] }

type nodeKind uint8

const (
	nLit   nodeKind = iota // integer literal
	nBool                  // true, false
	nState                 // state name
	nField                 // A.field
	nCall                  // inflight(...), stale(...), losses()
	nNot
	nAnd
	nOr
	nCmp
	nAdd
	nSub
	nNeg
)

// node is a typed expression.
type node struct {
	kind nodeKind
	pos  int
	typ  typ
	val  int64 // nLit, nBool (0/1), nState
	side model.Side
	fld  *field
	fn   string
	args int         // nCall: how many arguments were given
	ctl  model.Flags // nCall inflight with control bits
	op   tokKind     // nCmp
	l, r *node
}

// field is an endpoint field a query can read.
type field struct {
	name string // canonical spelling, after "A."
	typ  typ
	help string
	get  func(s *model.State, e model.Side) int64
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// fields, in the order docs/QUERIES.md lists them.
var fields = []*field{
	{"state", tyState, "connection state (A alone means A.state)", func(s *model.State, e model.Side) int64 { return int64(s.E[e].State) }},
	{"SND.UNA", tySeq, "oldest unacknowledged sequence number", func(s *model.State, e model.Side) int64 { return int64(s.E[e].SndUna) }},
	{"SND.NXT", tySeq, "next sequence number to send", func(s *model.State, e model.Side) int64 { return int64(s.E[e].SndNxt) }},
	{"RCV.NXT", tySeq, "next sequence number expected", func(s *model.State, e model.Side) int64 { return int64(s.E[e].RcvNxt) }},
	{"ISS", tySeq, "initial send sequence number", func(s *model.State, e model.Side) int64 { return int64(s.E[e].ISS) }},
	{"IRS", tySeq, "initial receive sequence number", func(s *model.State, e model.Side) int64 { return int64(s.E[e].IRS) }},
	{"retx", tyInt, "retransmissions of the oldest unacknowledged segment", func(s *model.State, e model.Side) int64 { return int64(s.E[e].Retx) }},
	{"opens", tyInt, "OPEN calls the user has made", func(s *model.State, e model.Side) int64 { return int64(s.E[e].Opens) }},
	{"attempt", tyInt, "attempt number of the current ISS (1 for the first ISS drawn)", func(s *model.State, e model.Side) int64 { return int64(s.E[e].Att) }},
	{"peer_attempt", tyInt, "attempt number of the peer's SYN that set IRS", func(s *model.State, e model.Side) int64 { return int64(s.E[e].PeerAtt) }},
	{"crashes", tyInt, "crashes so far", func(s *model.State, e model.Side) int64 { return int64(s.E[e].Crashes) }},
	{"passive", tyBool, "the TCB came from a passive OPEN", func(s *model.State, e model.Side) int64 { return b2i(s.E[e].Passive) }},
	{"synchronized", tyBool, "the state is ESTABLISHED or later (RFC 9293 §3.5)", func(s *model.State, e model.Side) int64 { return b2i(s.E[e].State.Synchronized()) }},
	{"closed_by_user", tyBool, "the user's last call was CLOSE or ABORT", func(s *model.State, e model.Side) int64 { return b2i(s.E[e].CloseCalled) }},
	{"abrupt", tyBool, "the endpoint once deleted a TCB without a handshake (ABORT, give-up, crash)", func(s *model.State, e model.Side) int64 { return b2i(s.E[e].Abrupt) }},
	{"quiet", tyBool, "crashed and keeping quiet (RFC 9293 §3.4.3)", func(s *model.State, e model.Side) int64 { return b2i(s.E[e].Quiet) }},
	{"drained", tyBool, "no segment of this connection can still arrive (the 2MSL guard)", func(s *model.State, e model.Side) int64 { return b2i(s.Drained(e)) }},
}

func lookupField(name string) *field {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) || strings.EqualFold(strings.ReplaceAll(f.name, "_", ""), name) {
			return f
		}
	}
	return nil
}

func fieldNames(side string) []string {
	var out []string
	for _, f := range fields {
		out = append(out, side+"."+f.name)
	}
	return out
}

// functions a query can call, with their signatures for messages.
var functions = map[string]string{
	"inflight": "inflight(), inflight(A) or inflight(A, SYN) / inflight(A, \"SYN,ACK\")",
	"stale":    "stale(A)",
	"losses":   "losses()",
}

// Query is a parsed and type-checked condition on a joint state.
type Query struct {
	src  string
	root *node
}

// Source is the query as the user wrote it.
func (q *Query) Source() string { return q.src }

// String is the query in canonical form: every name spelled as in
// docs/QUERIES.md and every operation in parentheses. Parse(q.String())
// gives the same canonical form.
func (q *Query) String() string {
	var b strings.Builder
	q.root.format(&b)
	return b.String()
}

// Parse reads a query. The error, an *Error, names the column of the
// mistake and says what would work.
func Parse(src string) (*Query, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	if toks[0].kind == tEOF {
		return nil, errAt(src, 0, "empty query: write a condition such as A=ESTABLISHED && B=ESTABLISHED")
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, errAt(src, t.pos, "unmatched ): remove it or open a ( before it")
		}
		return nil, errAt(src, t.pos, "unexpected %s after a complete condition: join conditions with && or ||", describe(t))
	}
	if n.typ != tyBool {
		return nil, p.notCondition(n)
	}
	return &Query{src: src, root: n}, nil
}

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tInt, tIdent:
		return strconv.Quote(t.text)
	case tString:
		return "string " + strconv.Quote(t.text)
	}
	return strconv.Quote(t.text)
}

func (p *parser) errf(pos int, format string, a ...any) error { return errAt(p.src, pos, format, a...) }

func (p *parser) notCondition(n *node) error {
	switch n.typ {
	case tyState:
		return p.errf(n.pos, "%s is a connection state, not a condition: compare it, e.g. %s = ESTABLISHED", p.text(n), p.text(n))
	default:
		return p.errf(n.pos, "%s is %s, not a condition: compare it, e.g. %s > 0", p.text(n), n.typ, p.text(n))
	}
}

// text is the source of n, for messages: from its position to the end of
// its last token.
func (p *parser) text(n *node) string {
	var b strings.Builder
	n.format(&b)
	return b.String()
}

func (p *parser) or() (*node, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tOr {
		op := p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		if err := p.wantBool(l, op); err != nil {
			return nil, err
		}
		if err := p.wantBool(r, op); err != nil {
			return nil, err
		}
		l = &node{kind: nOr, pos: l.pos, typ: tyBool, l: l, r: r}
	}
	return l, nil
}

func (p *parser) and() (*node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tAnd {
		op := p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		if err := p.wantBool(l, op); err != nil {
			return nil, err
		}
		if err := p.wantBool(r, op); err != nil {
			return nil, err
		}
		l = &node{kind: nAnd, pos: l.pos, typ: tyBool, l: l, r: r}
	}
	return l, nil
}

func (p *parser) wantBool(n *node, op token) error {
	if n.typ == tyBool {
		return nil
	}
	err := p.notCondition(n).(*Error)
	err.Msg = strings.Replace(err.Msg, "not a condition", "not a condition that "+op.text+" can join", 1)
	return err
}

func (p *parser) unary() (*node, error) {
	if t := p.peek(); t.kind == tNot {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if x.typ != tyBool {
			e := p.notCondition(x).(*Error)
			e.Msg = strings.Replace(e.Msg, "not a condition", "not a condition that ! can negate", 1)
			return nil, e
		}
		return &node{kind: nNot, pos: t.pos, typ: tyBool, l: x}, nil
	}
	return p.cmp()
}

func isCmp(k tokKind) bool { return k >= tEq && k <= tGe }

func (p *parser) cmp() (*node, error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	op := p.peek()
	if !isCmp(op.kind) {
		return l, nil
	}
	p.next()
	r, err := p.sum()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); isCmp(t.kind) {
		return nil, p.errf(t.pos, "comparisons do not chain: write a %s b && b %s c", op.text, t.text)
	}
	n := &node{kind: nCmp, pos: l.pos, typ: tyBool, op: op.kind, l: l, r: r}
	return n, p.checkCmp(n, op)
}

// checkCmp types a comparison. Numbers compare with numbers; a sequence
// number compares with a sequence number or a number (taken modulo the
// sequence space); states and conditions compare only for equality.
func (p *parser) checkCmp(n *node, op token) error {
	l, r := n.l, n.r
	ordered := op.kind != tEq && op.kind != tNe
	switch {
	case l.typ == r.typ:
	case (l.typ == tySeq || l.typ == tyInt) && (r.typ == tySeq || r.typ == tyInt):
	default:
		return p.errf(op.pos, "cannot compare %s (%s) with %s (%s): both sides must be states, conditions, or numbers", p.text(l), l.typ, p.text(r), r.typ)
	}
	if ordered && (l.typ == tyState || l.typ == tyBool) {
		return p.errf(op.pos, "%s have no order: compare them with = or !=", map[typ]string{tyState: "connection states", tyBool: "conditions"}[l.typ])
	}
	return nil
}

func (p *parser) sum() (*node, error) {
	l, err := p.prim()
	if err != nil {
		return nil, err
	}
	for k := p.peek().kind; k == tPlus || k == tMinus; k = p.peek().kind {
		op := p.next()
		r, err := p.prim()
		if err != nil {
			return nil, err
		}
		n := &node{kind: nAdd, pos: l.pos, l: l, r: r}
		if op.kind == tMinus {
			n.kind = nSub
		}
		if n.typ, err = p.arith(n, op); err != nil {
			return nil, err
		}
		l = n
	}
	return l, nil
}

// arith types + and -: numbers add; a sequence number plus or minus a
// number is a sequence number (modulo the space); the difference of two
// sequence numbers is a number, the distance from the right to the left
// one going forward in the space.
func (p *parser) arith(n *node, op token) (typ, error) {
	l, r := n.l, n.r
	for _, x := range []*node{l, r} {
		if x.typ == tyBool || x.typ == tyState {
			return 0, p.errf(x.pos, "%s is %s: + and - work on numbers and sequence numbers", p.text(x), x.typ)
		}
	}
	switch {
	case l.typ == tyInt && r.typ == tyInt:
		return tyInt, nil
	case l.typ == tySeq && r.typ == tySeq && n.kind == nSub:
		return tyInt, nil
	case l.typ == tySeq && r.typ == tySeq:
		return 0, p.errf(op.pos, "adding two sequence numbers means nothing: subtract them for the distance between them (%s - %s)", p.text(l), p.text(r))
	case r.typ == tySeq && n.kind == nSub:
		return 0, p.errf(op.pos, "a number minus a sequence number means nothing: write %s - %s the other way round, or compare them", p.text(r), p.text(l))
	}
	return tySeq, nil
}

func (p *parser) prim() (*node, error) {
	t := p.next()
	switch t.kind {
	case tInt:
		return &node{kind: nLit, pos: t.pos, typ: tyInt, val: t.num}, nil
	case tMinus:
		x, err := p.prim()
		if err != nil {
			return nil, err
		}
		if x.typ != tyInt {
			return nil, p.errf(t.pos, "- can negate a number, and %s is %s", p.text(x), x.typ)
		}
		return &node{kind: nNeg, pos: t.pos, typ: tyInt, l: x}, nil
	case tLParen:
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, p.errf(c.pos, "expected ) to close the ( at column %d, found %s", errAt(p.src, t.pos, "").Column(), describe(c))
		}
		return x, nil
	case tIdent:
		return p.ident(t)
	case tEOF:
		return nil, p.errf(t.pos, "the query ends too early: a state name, field, number or ( is missing here")
	case tString:
		return nil, p.errf(t.pos, "a string is only a control-bit list in inflight(A, \"SYN,ACK\")")
	}
	return nil, p.errf(t.pos, "unexpected %s: a state name, field, number or ( belongs here", describe(t))
}

// names that can stand alone, for suggestions.
func knownNames() []string {
	names := []string{"A", "B", "true", "false", "inflight", "stale", "losses"}
	for i := model.Closed; i <= model.TimeWait; i++ {
		names = append(names, i.String())
	}
	names = append(names, fieldNames("A")...)
	return names
}

func (p *parser) ident(t token) (*node, error) {
	name := t.text
	if p.peek().kind == tLParen {
		return p.call(t)
	}
	if side, rest, ok := strings.Cut(name, "."); ok {
		e, okSide := parseSide(side)
		if !okSide {
			return nil, p.errf(t.pos, "%q: fields belong to an endpoint, A or B (e.g. A.%s)", name, rest)
		}
		f := lookupField(rest)
		if f == nil {
			msg := "unknown field " + strconv.Quote(name)
			if s := suggest(rest, fieldNamesOnly()); s != "" {
				msg += " (did you mean " + side + "." + s + "?)"
			}
			return nil, p.errf(t.pos, "%s: an endpoint has %s", msg, strings.Join(fieldNames(side), ", "))
		}
		return &node{kind: nField, pos: t.pos, typ: f.typ, side: e, fld: f}, nil
	}
	if e, ok := parseSide(name); ok {
		return &node{kind: nField, pos: t.pos, typ: tyState, side: e, fld: fields[0]}, nil
	}
	switch strings.ToLower(name) {
	case "true", "false":
		return &node{kind: nBool, pos: t.pos, typ: tyBool, val: b2i(strings.EqualFold(name, "true"))}, nil
	case "inflight", "losses":
		return &node{kind: nCall, pos: t.pos, typ: tyInt, fn: strings.ToLower(name)}, nil
	case "stale":
		return nil, p.errf(t.pos, "stale needs an endpoint: stale(A) or stale(B)")
	case "and", "or", "not":
		return nil, p.errf(t.pos, "%q is not an operator: write %s", name, map[string]string{"and": "&&", "or": "||", "not": "!"}[strings.ToLower(name)])
	}
	if len(t.long) > len(name) {
		// TIME-WIAT: the words after the hyphen are likely part of the name.
		var states []string
		for i := model.Closed; i <= model.TimeWait; i++ {
			states = append(states, i.String())
		}
		if s := suggest(t.long, states); s != "" {
			return nil, p.errf(t.pos, "unknown state %q (did you mean %s?): the states are %s", t.long, s, strings.Join(states, ", "))
		}
	}
	if st, ok := model.ParseTCPState(name); ok {
		return &node{kind: nState, pos: t.pos, typ: tyState, val: int64(st)}, nil
	}
	if _, ok := model.ParseFlags(name); ok {
		return nil, p.errf(t.pos, "%s is a control bit: count segments with it using inflight(A, %s) or inflight(B, %s)", name, name, name)
	}
	msg := "unknown name " + strconv.Quote(name)
	if s := suggest(name, knownNames()); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return nil, p.errf(t.pos, "%s: a query names endpoints A and B, their fields (A.SND.UNA ...), states (ESTABLISHED, TIME-WAIT ...), the functions inflight, stale and losses, true and false", msg)
}

func fieldNamesOnly() []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.name)
	}
	return out
}

func parseSide(s string) (model.Side, bool) {
	switch s {
	case "A", "a":
		return model.A, true
	case "B", "b":
		return model.B, true
	}
	return 0, false
}

// call parses inflight(...), stale(...) and losses().
func (p *parser) call(t token) (*node, error) {
	fn := strings.ToLower(t.text)
	sig, ok := functions[fn]
	if !ok {
		msg := "unknown function " + strconv.Quote(t.text)
		if s := suggest(fn, []string{"inflight", "stale", "losses"}); s != "" {
			msg += " (did you mean " + s + "?)"
		}
		return nil, p.errf(t.pos, "%s: the functions are %s, %s and %s", msg, functions["inflight"], functions["stale"], functions["losses"])
	}
	p.next() // (
	n := &node{kind: nCall, pos: t.pos, typ: tyInt, fn: fn}
	var args []token
	for p.peek().kind != tRParen {
		if len(args) > 0 {
			if c := p.next(); c.kind != tComma {
				return nil, p.errf(c.pos, "expected , or ) in %s(...), found %s: the forms are %s", fn, describe(c), sig)
			}
		}
		a := p.next()
		if a.kind != tIdent && a.kind != tString {
			return nil, p.errf(a.pos, "unexpected %s in %s(...): the forms are %s", describe(a), fn, sig)
		}
		args = append(args, a)
	}
	close := p.next()
	max := map[string]int{"inflight": 2, "stale": 1, "losses": 0}[fn]
	min := map[string]int{"inflight": 0, "stale": 1, "losses": 0}[fn]
	if len(args) < min || len(args) > max {
		return nil, p.errf(t.pos, "%s takes %d to %d arguments, not %d: the forms are %s", fn, min, max, len(args), sig)
	}
	n.args = len(args)
	if len(args) > 0 {
		a := args[0]
		e, ok := parseSide(a.text)
		if a.kind != tIdent || !ok {
			return nil, p.errf(a.pos, "%s's first argument is the sending endpoint, A or B, not %s", fn, describe(a))
		}
		n.side = e
	}
	if len(args) > 1 {
		a := args[1]
		f, ok := model.ParseFlags(a.text)
		if !ok {
			return nil, p.errf(a.pos, "%s is not a list of control bits: use SYN, ACK, FIN, RST, or several in quotes such as \"SYN,ACK\"", describe(a))
		}
		if a.kind == tIdent && strings.Contains(a.text, ",") {
			return nil, p.errf(a.pos, "put several control bits in quotes: \"%s\"", a.text)
		}
		n.ctl = f
	}
	_ = close
	return n, nil
}

// suggest returns the candidate closest to s if it is a plausible typo.
func suggest(s string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestD := "", len(s)/2+1
	for _, c := range sorted {
		if d := EditDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, in bytes; the
// CLI uses it too, to suggest the nearest name for a mistyped one.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// format writes n in canonical form.
func (n *node) format(b *strings.Builder) {
	bin := func(op string) {
		b.WriteByte('(')
		n.l.format(b)
		b.WriteString(" " + op + " ")
		n.r.format(b)
		b.WriteByte(')')
	}
	switch n.kind {
	case nLit:
		b.WriteString(strconv.FormatInt(n.val, 10))
	case nBool:
		b.WriteString(strconv.FormatBool(n.val == 1))
	case nState:
		b.WriteString(model.TCPState(n.val).String())
	case nField:
		b.WriteString(n.side.String() + "." + n.fld.name)
	case nCall:
		b.WriteString(n.fn + "(")
		if n.args > 0 {
			b.WriteString(n.side.String())
		}
		if n.args > 1 {
			b.WriteString(", " + strconv.Quote(n.ctl.String()))
		}
		b.WriteByte(')')
	case nNot:
		b.WriteString("!")
		n.l.format(b)
	case nNeg:
		b.WriteString("(-")
		n.l.format(b)
		b.WriteString(")")
	case nAnd:
		bin("&&")
	case nOr:
		bin("||")
	case nAdd:
		bin("+")
	case nSub:
		bin("-")
	case nCmp:
		bin(n.op.String())
	}
}
