package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every error is an
// *Error pointing inside the input, and that every accepted trace survives
// Format and Parse unchanged. The seeds under testdata/fuzz/FuzzParse and
// the built-in traces run in every `go test`.
func FuzzParse(f *testing.F) {
	for _, name := range Builtin() {
		if src, err := Source(name); err == nil {
			f.Add(src)
		}
	}
	f.Add("A open active => A SYN-SENT snd <SEQ=100><CTL=SYN>")
	f.Add("!B rcv <CTL=SYN,ACK> => B ESTABLISHED")
	f.Add("B open passive => =>")
	f.Add("expect => A CLOSED\nA close => =5")
	f.Fuzz(func(t *testing.T, in string) {
		tr, err := Parse("fuzz", strings.NewReader(in))
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v is not an *Error", err)
			}
			lines := strings.Count(in, "\n") + 1
			if perr.Pos.Line < 0 || perr.Pos.Line > lines || (perr.Pos.Line > 0 && perr.Pos.Col < 1) {
				t.Fatalf("error position %v outside the input (%d lines): %v", perr.Pos, lines, err)
			}
			return
		}
		out := tr.Format()
		tr2, err := Parse("fuzz", strings.NewReader(out))
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(clearPos(tr), clearPos(tr2)) {
			t.Fatalf("round trip changed the trace:\n%q\nbecame\n%q", in, out)
		}
	})
}

// FuzzReplay checks that replaying any trace that parses never panics:
// it either runs, stops at a step with a Failure, or is refused with an
// *Error.
func FuzzReplay(f *testing.F) {
	for _, name := range Builtin() {
		if src, err := Source(name); err == nil {
			f.Add(src)
		}
	}
	f.Add("config isn=fast isn-space=12\nA open active => snd <SEQ=5><CTL=SYN>\nexpect A.ISS=5")
	f.Add("config isn-space=4096 isn-stride=3 window=2000\nA rcv-dup <CTL=SYN>")
	f.Fuzz(func(t *testing.T, in string) {
		tr, err := Parse("fuzz", strings.NewReader(in))
		if err != nil {
			return
		}
		r, err := Replay(tr)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		if r.OK() != (len(r.Results) == len(tr.Steps) && r.Failure == nil) {
			t.Fatalf("report inconsistent: OK %v, %d results for %d steps", r.OK(), len(r.Results), len(tr.Steps))
		}
		if r.Failure != nil && r.Failure.Error() == "" {
			t.Fatal("empty failure message")
		}
	})
}
