package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// A counterexample replayed as a path breaks its property at its last
// step, and a path that breaks nothing reports nothing.
func TestCheckPath(t *testing.T) {
	c, _ := model.Variant("two-way-handshake")
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	sel, _ := Lookup([]string{"P1"})
	rep, err := Check(context.Background(), m, Options{Props: sel, Workers: 1, Store: explore.Exact})
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Outcomes[0]
	if o.Trace == nil {
		t.Fatalf("P1 on two-way-handshake: %v, want a counterexample", o.Verdict)
	}
	var found bool
	for _, v := range CheckPath(m, *o.Trace) {
		if v.Property.ID == "P1" {
			found = true
			if v.Step != len(o.Trace.Steps) {
				t.Errorf("P1 broken at step %d, want %d (the counterexample's last)", v.Step, len(o.Trace.Steps))
			}
		}
	}
	if !found {
		t.Errorf("CheckPath misses P1 on its own counterexample")
	}
	short := *o.Trace
	short.Steps = short.Steps[:1]
	if vs := CheckPath(m, short); len(vs) != 0 {
		t.Errorf("one step of a handshake breaks %v", vs)
	}
}
