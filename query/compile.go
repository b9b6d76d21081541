package query

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/model"
)

// Compile binds q to a sequence space of n numbers (--isn-space) and
// returns the predicate. Sequence arithmetic is modulo n and sequence
// numbers are ordered as RFC 9293 §3.4 orders them: a < b when b is less
// than half the space ahead of a. The predicate allocates nothing and is
// safe for concurrent use.
func (q *Query) Compile(n int) (func(s *model.State) bool, error) {
	if n < 1 {
		return nil, fmt.Errorf("query: sequence space %d: want at least 1", n)
	}
	c := &compiler{q: q, n: int64(n)}
	f := c.cond(q.root)
	if c.err != nil {
		return nil, c.err
	}
	return f, nil
}

// MustCompile is Compile for tests and examples with a known-good query.
func MustCompile(src string, n int) func(s *model.State) bool {
	q, err := Parse(src)
	if err != nil {
		panic(err)
	}
	f, err := q.Compile(n)
	if err != nil {
		panic(err)
	}
	return f
}

type compiler struct {
	q   *Query
	n   int64
	err error
}

func (c *compiler) mod(x int64) int64 {
	x %= c.n
	if x < 0 {
		x += c.n
	}
	return x
}

// cond compiles a condition.
func (c *compiler) cond(x *node) func(*model.State) bool {
	switch x.kind {
	case nBool:
		v := x.val == 1
		return func(*model.State) bool { return v }
	case nField:
		get, e := x.fld.get, x.side
		return func(s *model.State) bool { return get(s, e) != 0 }
	case nNot:
		f := c.cond(x.l)
		return func(s *model.State) bool { return !f(s) }
	case nAnd:
		l, r := c.cond(x.l), c.cond(x.r)
		return func(s *model.State) bool { return l(s) && r(s) }
	case nOr:
		l, r := c.cond(x.l), c.cond(x.r)
		return func(s *model.State) bool { return l(s) || r(s) }
	case nCmp:
		return c.cmp(x)
	}
	panic(fmt.Sprintf("query: node kind %d is not a condition", x.kind))
}

func (c *compiler) cmp(x *node) func(*model.State) bool {
	seq := x.l.typ == tySeq || x.r.typ == tySeq
	if seq {
		for _, side := range []*node{x.l, x.r} {
			if side.kind == nLit && side.val >= c.n {
				c.fail(side.pos, "%d is outside the sequence space 0..%d (--isn-space %d): the comparison could never hold as written", side.val, c.n-1, c.n)
			}
		}
	}
	l, r := c.num(x.l), c.num(x.r)
	if seq {
		n := c.n
		lm, rm := l, r
		if x.l.typ == tyInt {
			lm = func(s *model.State) int64 { return c.mod(l(s)) }
		}
		if x.r.typ == tyInt {
			rm = func(s *model.State) int64 { return c.mod(r(s)) }
		}
		// lt is RFC 9293 §3.4's a < b: b is ahead of a by less than N/2.
		lt := func(a, b int64) bool {
			d := (b - a + n) % n
			return d > 0 && 2*d < n
		}
		switch x.op {
		case tEq:
			return func(s *model.State) bool { return lm(s) == rm(s) }
		case tNe:
			return func(s *model.State) bool { return lm(s) != rm(s) }
		case tLt:
			return func(s *model.State) bool { return lt(lm(s), rm(s)) }
		case tLe:
			return func(s *model.State) bool { a, b := lm(s), rm(s); return a == b || lt(a, b) }
		case tGt:
			return func(s *model.State) bool { return lt(rm(s), lm(s)) }
		case tGe:
			return func(s *model.State) bool { a, b := lm(s), rm(s); return a == b || lt(b, a) }
		}
	}
	switch x.op {
	case tEq:
		return func(s *model.State) bool { return l(s) == r(s) }
	case tNe:
		return func(s *model.State) bool { return l(s) != r(s) }
	case tLt:
		return func(s *model.State) bool { return l(s) < r(s) }
	case tLe:
		return func(s *model.State) bool { return l(s) <= r(s) }
	case tGt:
		return func(s *model.State) bool { return l(s) > r(s) }
	case tGe:
		return func(s *model.State) bool { return l(s) >= r(s) }
	}
	panic(fmt.Sprintf("query: comparison %v", x.op))
}

func (c *compiler) fail(pos int, format string, a ...any) {
	if c.err == nil {
		c.err = errAt(c.q.src, pos, format, a...)
	}
}

// num compiles a number, sequence number, state or condition (as 0/1) to
// its integer value. Sequence numbers are kept in 0..n-1.
func (c *compiler) num(x *node) func(*model.State) int64 {
	switch x.kind {
	case nLit, nState:
		v := x.val
		return func(*model.State) int64 { return v }
	case nField:
		get, e := x.fld.get, x.side
		return func(s *model.State) int64 { return get(s, e) }
	case nCall:
		return c.call(x)
	case nNeg:
		f := c.num(x.l)
		return func(s *model.State) int64 { return -f(s) }
	case nAdd, nSub:
		l, r := c.num(x.l), c.num(x.r)
		sub := x.kind == nSub
		if x.typ == tyInt && x.l.typ == tyInt { // plain integers
			if sub {
				return func(s *model.State) int64 { return l(s) - r(s) }
			}
			return func(s *model.State) int64 { return l(s) + r(s) }
		}
		// A sequence number is involved; the result, a sequence number or
		// a forward distance, is in 0..n-1.
		n := c.n
		if sub {
			return func(s *model.State) int64 { return ((l(s)-r(s))%n + n) % n }
		}
		return func(s *model.State) int64 { return ((l(s)+r(s))%n + n) % n }
	case nBool, nNot, nAnd, nOr, nCmp:
		f := c.cond(x)
		return func(s *model.State) int64 { return b2i(f(s)) }
	}
	panic(fmt.Sprintf("query: node kind %d is not a value", x.kind))
}

// call compiles inflight, stale and losses.
func (c *compiler) call(x *node) func(*model.State) int64 {
	switch x.fn {
	case "losses":
		return func(s *model.State) int64 { return int64(s.Losses) }
	case "stale":
		e := x.side
		return func(s *model.State) int64 {
			var k int64
			for i := 0; i < s.Net.Len(); i++ {
				if t := s.Net.At(i).Tag; t.Side == e && over(s, t) {
					k++
				}
			}
			return k
		}
	}
	// inflight
	e, ctl, args := x.side, x.ctl, x.args
	return func(s *model.State) int64 {
		if args == 0 {
			return int64(s.Net.Len())
		}
		var k int64
		for i := 0; i < s.Net.Len(); i++ {
			g := s.Net.At(i)
			if g.Src == e && (args < 2 || g.Flags == ctl) {
				k++
			}
		}
		return k
	}
}

// over reports whether the attempt that tagged a segment is over: its
// endpoint drew a newer ISS or holds no TCB, or it is an old duplicate
// from before the initial state (attempt 0).
func over(s *model.State, t model.Tag) bool {
	p := &s.E[t.Side]
	return t.Att == 0 || t.Att < p.Att || p.State == model.Closed || p.State == model.Listen
}
