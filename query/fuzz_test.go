package query

import (
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// FuzzParse: Parse never panics; an error points inside the query; a
// query that parses has a canonical form that parses to itself, and it
// compiles and evaluates on real states without panicking.
//
//	go test ./query -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A=CLOSING && B=TIME-WAIT",
		"A.SND.NXT - A.SND.UNA > 1 || !(B.RCV.NXT = A.ISS + 1)",
		"inflight(A, \"SYN,ACK\") > 0 && stale(B) = 0 && losses() < 2",
		"A.ISS = 2000",
		"(A = FIN-WAIT-1",
	} {
		f.Add(s)
	}
	m, err := model.New(model.DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	states := []model.State{m.Initial(), sample()}
	for _, tr := range m.Successors(&states[0]) {
		states = append(states, tr.Next)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("%q: error %T %v, want *Error", src, err, err)
			}
			if e.Pos < 0 || e.Pos > len(src) || e.Msg == "" {
				t.Fatalf("%q: error at byte %d of %d: %v", src, e.Pos, len(src), e)
			}
			if !strings.Contains(e.Caret(), "^") {
				t.Fatalf("%q: caret %q", src, e.Caret())
			}
			return
		}
		c := q.String()
		q2, err := Parse(c)
		if err != nil {
			t.Fatalf("%q: canonical form %q does not parse: %v", src, c, err)
		}
		if q2.String() != c {
			t.Fatalf("%q: canonical form %q parses to %q", src, c, q2.String())
		}
		for _, n := range []int{4, 1024} {
			p, err := q.Compile(n)
			if err != nil {
				continue // a literal outside a small space
			}
			p2, err := q2.Compile(n)
			if err != nil {
				t.Fatalf("%q compiles for %d but its canonical form does not: %v", src, n, err)
			}
			for i := range states {
				if p(&states[i]) != p2(&states[i]) {
					t.Fatalf("%q and its canonical form %q differ on state %d", src, c, i)
				}
			}
		}
	})
}
