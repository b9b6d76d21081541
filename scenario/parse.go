package scenario

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxTraceBytes bounds what Parse reads, so that a wrong file (a core
// dump, a log) is refused quickly instead of being scanned.
const MaxTraceBytes = 1 << 20

// Error is a problem in a trace, at a line and column of its file.
type Error struct {
	Name string // the trace's name
	Pos  Pos
	Msg  string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Name, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Pos.Line, e.Pos.Col, e.Msg)
}

// posError is an Error before the trace's name is known.
type posError struct {
	pos Pos
	msg string
}

// Parse reads a trace. The error, if any, is an *Error naming the line and
// column of the first problem and what would be accepted there.
func Parse(name string, r io.Reader) (*Trace, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTraceBytes+1))
	if err != nil {
		return nil, &Error{Name: name, Msg: "cannot read trace: " + err.Error()}
	}
	if len(data) > MaxTraceBytes {
		return nil, &Error{Name: name, Msg: fmt.Sprintf("trace is larger than %d bytes: is this a trace file?", MaxTraceBytes)}
	}
	// A byte order mark, as some editors write, is not part of the trace.
	t, perr := parse(strings.TrimPrefix(string(data), "\uFEFF"))
	if perr != nil {
		return nil, &Error{Name: name, Pos: perr.pos, Msg: perr.msg}
	}
	t.Name = name
	return t, nil
}

func parse(text string) (*Trace, *posError) {
	t := &Trace{}
	seenContent := false
	var pending []string // comments waiting for the next step
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		toks, comment, hasComment, err := lexLine(line, lineNo)
		if err != nil {
			return nil, err
		}
		if len(toks) == 0 {
			switch {
			case !hasComment:
			case !seenContent && t.Title == "" && comment != "":
				t.Title = comment
			case len(t.Steps) == 0:
				t.Notes = append(t.Notes, comment)
			default:
				pending = append(pending, comment)
			}
			continue
		}
		seenContent = true
		p := &lineParser{toks: toks, line: lineNo}
		if toks[0].text == "config" {
			if len(t.Steps) > 0 {
				return nil, p.errAt(0, "config after the first step: move every config line to the top of the trace")
			}
			s, err := p.config()
			if err != nil {
				return nil, err
			}
			t.Config = append(t.Config, s...)
			continue
		}
		if toks[0].text == "old-dup" {
			if len(t.Steps) > 0 {
				return nil, p.errAt(0, "old-dup after the first step: old duplicates are in flight from the start, move the line to the top")
			}
			d, err := p.oldDup()
			if err != nil {
				return nil, err
			}
			t.OldDups = append(t.OldDups, d)
			continue
		}
		st, err := p.step()
		if err != nil {
			return nil, err
		}
		if hasComment {
			pending = append(pending, comment)
		}
		st.Comments, pending = pending, nil
		t.Steps = append(t.Steps, st)
	}
	if len(t.Steps) == 0 {
		return nil, &posError{Pos{1, 1}, "trace has no steps: write one step a line, e.g. \"A open active => A SYN-SENT\""}
	}
	return t, nil
}

// lineParser consumes the tokens of one line.
type lineParser struct {
	toks []token
	i    int
	line int
}

func (p *lineParser) errAt(i int, format string, args ...any) *posError {
	col := 1
	switch {
	case i < len(p.toks):
		col = p.toks[i].col
	case len(p.toks) > 0:
		last := p.toks[len(p.toks)-1]
		col = last.col + len([]rune(last.text))
	}
	return &posError{Pos{p.line, col}, fmt.Sprintf(format, args...)}
}

func (p *lineParser) pos(i int) Pos {
	if i < len(p.toks) {
		return Pos{p.line, p.toks[i].col}
	}
	return p.errAt(i, "").pos
}

func (p *lineParser) done() bool { return p.i >= len(p.toks) }

func (p *lineParser) peek() string {
	if p.done() {
		return ""
	}
	return p.toks[p.i].text
}

// what names the current token for a message.
func (p *lineParser) what() string {
	if p.done() {
		return "the end of the line"
	}
	return quote(p.peek())
}

func (p *lineParser) config() ([]Setting, *posError) {
	p.i = 1
	if p.done() {
		return nil, p.errAt(p.i, "config needs key=value settings, e.g. \"config isn-space=1024 iss-a=100\"")
	}
	var out []Setting
	for ; !p.done(); p.i++ {
		tk, pos := p.toks[p.i], p.pos(p.i)
		// A segment written against its key=value word belongs to it:
		// old-dups=A<SEQ=90><CTL=SYN>.
		for p.i+1 < len(p.toks) && p.toks[p.i+1].seg && p.toks[p.i+1].col == tk.col+len([]rune(tk.text)) {
			p.i++
			tk.text += p.toks[p.i].text
		}
		k, v, ok := strings.Cut(tk.text, "=")
		if tk.seg || !ok || k == "" || v == "" {
			return nil, p.errAt(p.i, "config setting %s is not key=value: write e.g. isn-space=1024", quote(tk.text))
		}
		out = append(out, Setting{Pos: pos, Key: k, Value: v})
	}
	return out, nil
}

func (p *lineParser) oldDup() (OldDup, *posError) {
	const help = "write e.g. \"old-dup A <SEQ=90><CTL=SYN>\" (the sender, then the segment)"
	p.i = 1
	side, ok := parseSide(p.peek())
	if !ok {
		return OldDup{}, p.errAt(p.i, "old-dup needs the sending side A or B, got %s: %s", p.what(), help)
	}
	p.i++
	if p.done() || !p.toks[p.i].seg {
		return OldDup{}, p.errAt(p.i, "old-dup needs a segment after %s: %s", side, help)
	}
	seg, err := parseSegment(p.toks[p.i].text, p.pos(p.i))
	if err != nil {
		return OldDup{}, err
	}
	switch {
	case !seg.HasSeq || !seg.HasCtl:
		return OldDup{}, p.errAt(p.i, "an old duplicate is a real segment: give its SEQ and CTL, %s", help)
	case seg.Flags&ACK != 0 && !seg.HasAck:
		return OldDup{}, p.errAt(p.i, "an old duplicate with the ACK bit needs its <ACK=n> field")
	case seg.HasTag:
		return OldDup{}, p.errAt(p.i, "an old duplicate is always tagged %s0 (attempt 0): drop its TAG", side)
	}
	p.i++
	if !p.done() {
		return OldDup{}, p.errAt(p.i, "unexpected %s after the old duplicate: one segment a line", p.what())
	}
	return OldDup{Pos: p.pos(1), From: side, Seg: seg}, nil
}

func (p *lineParser) step() (Step, *posError) {
	st := Step{Pos: p.pos(0)}
	first := p.toks[0]
	switch {
	case first.text == "!" || first.text == "reject":
		st.Reject = true
		p.i = 1
	case strings.HasPrefix(first.text, "!") && !first.seg:
		// "!B rcv ...": split the mark from the side.
		st.Reject = true
		p.toks[0] = token{text: first.text[1:], col: first.col + 1}
	}
	if p.done() {
		return st, p.errAt(p.i, "%s needs a step after it, e.g. \"! A rcv <SEQ=300><CTL=SYN>\"", quote(first.text))
	}
	start := p.i
	if p.peek() == "expect" {
		if st.Reject {
			return st, p.errAt(p.i, "an expect line cannot be rejected: put the expectations after => on the rejected step")
		}
		st.Verb = Check
		p.i++
		if p.done() {
			return st, p.errAt(p.i, "expect needs at least one clause, e.g. \"expect A CLOSED, net empty\"")
		}
		var err *posError
		st.Expect, err = p.clauses(true, A)
		st.Text = "expect"
		return st, err
	}
	side, ok := parseSide(p.peek())
	if !ok {
		return st, p.errAt(p.i, "step starts with %s: want A or B (the acting endpoint), expect, config, or ! for a rejected step", p.what())
	}
	st.Side = side
	p.i++
	if err := p.verb(&st); err != nil {
		return st, err
	}
	var words []string
	for _, tk := range p.toks[start:p.i] {
		words = append(words, tk.text)
	}
	st.Text = strings.Join(words, " ")
	if p.done() {
		return st, nil
	}
	if p.peek() != "=>" {
		return st, p.errAt(p.i, "unexpected %s after %q: expectations go after =>", p.what(), st.Text)
	}
	p.i++
	if p.done() {
		return st, p.errAt(p.i, "=> needs at least one expectation, e.g. \"=> A SYN-SENT snd <SEQ=100><CTL=SYN>\"")
	}
	var err *posError
	st.Expect, err = p.clauses(false, side)
	return st, err
}

var verbWords = map[string]Verb{
	"close": Close, "abort": Abort, "crash": Crash, "send": Send, "send-queued": SendQueued,
	"receive": Receive,
	"rcv":     Rcv, "rcv-dup": RcvDup, "lose": Lose,
}

var timerWords = map[string]Verb{
	"retransmit": Retransmit, "give-up": GiveUp,
	"time-wait": TimeWaitExpire, "fin-wait-2": FinWait2Expire,
}

const verbHelp = "open active, open passive, close, abort, crash, send, send-queued, receive, rcv SEG, rcv-dup SEG, lose SEG, or timeout TIMER"

func (p *lineParser) verb(st *Step) *posError {
	if p.done() {
		return p.errAt(p.i, "step needs a verb after %s: want %s", st.Side, verbHelp)
	}
	w := p.peek()
	switch w {
	case "open":
		p.i++
		switch p.peek() {
		case "active":
			st.Verb = OpenActive
		case "passive":
			st.Verb = OpenPassive
		default:
			return p.errAt(p.i, "open needs active or passive, got %s", p.what())
		}
		p.i++
		return nil
	case "timeout":
		p.i++
		v, ok := timerWords[p.peek()]
		if !ok {
			return p.errAt(p.i, "timeout needs a timer, got %s: want retransmit, give-up, time-wait or fin-wait-2", p.what())
		}
		st.Verb = v
		p.i++
		return nil
	}
	v, ok := verbWords[w]
	if !ok {
		return p.errAt(p.i, "unknown verb %s: want %s", quote(w), verbHelp)
	}
	st.Verb = v
	p.i++
	if v.HasSegment() {
		if p.done() || !p.toks[p.i].seg {
			return p.errAt(p.i, "%s needs a segment in RFC notation, e.g. <SEQ=100><CTL=SYN>", w)
		}
		seg, err := parseSegment(p.toks[p.i].text, p.pos(p.i))
		if err != nil {
			return err
		}
		st.Seg = seg
		p.i++
	}
	return nil
}

func parseSide(s string) (Side, bool) {
	switch s {
	case "A":
		return A, true
	case "B":
		return B, true
	}
	return 0, false
}

// stateNames are the RFC 9293 state names, as Figure 5 writes them.
var stateNames = []string{
	"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSING", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT",
}

func parseState(s string) (string, bool) {
	u := strings.ToUpper(s)
	for _, n := range stateNames {
		if u == n {
			return n, true
		}
	}
	return "", false
}

// fieldNames are the TCB variables an expectation may check.
var fieldNames = []string{"SND.UNA", "SND.NXT", "RCV.NXT", "ISS", "IRS"}

const clauseHelp = "want SIDE STATE, snd SEG, snd none, [SIDE.]FIELD=N, net empty, net=N or net has SEG"

// clauses parses expectations up to the end of the line. On an expect
// line (bare) every clause must name its side; after a step, a clause
// without a side is about the acting side.
func (p *lineParser) clauses(bare bool, side Side) ([]Expectation, *posError) {
	var out []Expectation
	for !p.done() {
		tk := p.toks[p.i]
		e := Expectation{Pos: p.pos(p.i), Side: side}
		if tk.seg {
			return nil, p.errAt(p.i, "segment %s needs a clause before it: snd SEG or net has SEG", quote(tk.text))
		}
		if s, ok := parseSide(tk.text); ok {
			p.i++
			st, ok := parseState(p.peek())
			if !ok {
				return nil, p.errAt(p.i, "%s needs a state after it, got %s: want one of %s", tk.text, p.what(), strings.Join(stateNames, ", "))
			}
			e.Kind, e.Side, e.State = ExpectState, s, st
			p.i++
			out = append(out, e)
			continue
		}
		if st, ok := parseState(tk.text); ok {
			if bare {
				return nil, p.errAt(p.i, "state %s needs a side on an expect line: write A %s or B %s", st, st, st)
			}
			e.Kind, e.State = ExpectState, st
			p.i++
			out = append(out, e)
			continue
		}
		switch tk.text {
		case "snd":
			if bare {
				return nil, p.errAt(p.i, "snd checks what a step sent: put it after => on that step")
			}
			p.i++
			switch {
			case p.peek() == "none":
				e.Kind = ExpectSilent
			case !p.done() && p.toks[p.i].seg:
				seg, err := parseSegment(p.toks[p.i].text, p.pos(p.i))
				if err != nil {
					return nil, err
				}
				e.Kind, e.Seg = ExpectSent, seg
			default:
				return nil, p.errAt(p.i, "snd needs a segment such as <SEQ=100><CTL=SYN>, or none")
			}
			p.i++
			out = append(out, e)
			continue
		case "net":
			p.i++
			switch p.peek() {
			case "empty":
				e.Kind = ExpectNetEmpty
				p.i++
			case "has":
				p.i++
				if p.done() || !p.toks[p.i].seg {
					return nil, p.errAt(p.i, "net has needs a segment, e.g. net has <SEQ=300><CTL=SYN>")
				}
				seg, err := parseSegment(p.toks[p.i].text, p.pos(p.i))
				if err != nil {
					return nil, err
				}
				e.Kind, e.Seg = ExpectNetHas, seg
				p.i++
			default:
				return nil, p.errAt(p.i, "net needs empty or has SEG, got %s (for a count write net=N)", p.what())
			}
			out = append(out, e)
			continue
		}
		if tk.text == "=>" {
			if bare {
				return nil, p.errAt(p.i, "an expect line takes no '=>': write its clauses right after expect")
			}
			return nil, p.errAt(p.i, "a step has one '=>'; found a second one: write every expectation after the first")
		}
		k, v, ok := strings.Cut(tk.text, "=")
		if ok && k == "" {
			return nil, p.errAt(p.i, "expectation %s has no field before '=': write FIELD=N, e.g. A.RCV.NXT=%s", quote(tk.text), v)
		}
		if !ok {
			return nil, p.errAt(p.i, "unknown expectation %s: %s", quote(tk.text), clauseHelp)
		}
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			return nil, p.errAt(p.i, "value %s of %s is not a number from 0 to 65535", quote(v), k)
		}
		e.Value = uint32(n)
		if k == "net" {
			e.Kind = ExpectNetCount
			p.i++
			out = append(out, e)
			continue
		}
		if s, rest, ok := strings.Cut(k, "."); ok {
			if sd, ok := parseSide(s); ok {
				e.Side, k = sd, rest
			} else if bare {
				return nil, p.errAt(p.i, "field %s needs a side on an expect line: write A.%s or B.%s", quote(k), k, k)
			}
		} else if bare {
			return nil, p.errAt(p.i, "field %s needs a side on an expect line: write A.%s or B.%s", quote(k), k, k)
		}
		field := strings.ToUpper(k)
		known := false
		for _, f := range fieldNames {
			known = known || f == field
		}
		if !known {
			return nil, p.errAt(p.i, "unknown field %s: want one of %s, or net", quote(k), strings.Join(fieldNames, ", "))
		}
		e.Kind, e.Field = ExpectField, field
		p.i++
		out = append(out, e)
	}
	return out, nil
}
