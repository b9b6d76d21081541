package graphs

import (
	"context"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

// TestRebuildDiagram rebuilds Figure 5 from small searches and checks it
// against what RFC 9293 says the figure leaves out.
func TestRebuildDiagram(t *testing.T) {
	type key struct{ from, to, trigger string }
	for _, tc := range []struct {
		name        string
		roles       model.Roles
		wantMissing []key // figure edges the configuration cannot take
		wantExtra   []key // edges the RFC's text adds to the figure
	}{
		{
			name:  "any roles",
			roles: model.AnyRole,
			wantExtra: []key{
				{"FIN-WAIT-1", "TIME-WAIT", "rcv FIN"}, // Note 2
				{"ESTABLISHED", "CLOSED", "rcv RST"},   // Note 3, §3.10.7.4
				{"SYN-SENT", "CLOSED", "give up"},      // §3.8.3
			},
		},
		{
			// Nobody listens and then opens actively, so Figure 5's SEND
			// from LISTEN cannot happen; only A opens actively, so no
			// simultaneous open (Figure 7) either.
			name:  "client and server",
			roles: model.ClientServer,
			wantMissing: []key{
				{"LISTEN", "SYN-SENT", "active OPEN"},
				{"SYN-SENT", "SYN-RECEIVED", "rcv SYN"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := model.DefaultConfig()
			c.Roles, c.Opens, c.Attempts, c.NetBound, c.LossBudget, c.Dup, c.Abort = tc.roles, 2, 1, 2, 0, false, false
			m, err := model.New(c)
			if err != nil {
				t.Fatal(err)
			}
			d, r, err := RebuildDiagram(context.Background(), m, "rebuilt", 2)
			if err != nil {
				t.Fatal(err)
			}
			cmp := Compare(d, Figure5)
			missing := map[key]bool{}
			for _, f := range cmp.Missing {
				missing[key{f.From, f.To, f.Trigger}] = true
			}
			if len(missing) != len(tc.wantMissing) {
				t.Errorf("%d figure edges never taken in %d states, want %d:\n%s", len(missing), r.Stats.Distinct, len(tc.wantMissing), cmp.Text())
			}
			for _, k := range tc.wantMissing {
				if !missing[k] {
					t.Errorf("figure edge %v was taken; this configuration cannot take it", k)
				}
			}
			extra := map[key]bool{}
			for _, e := range cmp.Extra {
				if e.From == e.To {
					t.Errorf("self-loop %s -> %s recorded", e.From, e.To)
				}
				if e.Count <= 0 {
					t.Errorf("edge %v counted %d times", e, e.Count)
				}
				extra[key{e.From, e.To, e.Trigger}] = true
			}
			for _, k := range tc.wantExtra {
				if !extra[k] {
					t.Errorf("the search never took %v, which RFC 9293's text adds to the figure:\n%s", k, cmp.Text())
				}
			}
			src, err := d.WriteDOT(Figure5)
			if err != nil {
				t.Fatal(err)
			}
			checkRenders(t, src)
		})
	}
}

func TestOutcomeLadder(t *testing.T) {
	tr := drive(t, newModel(t, "rfc9293"), s1)
	prop, err := props.Lookup([]string{"L1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		o         props.Outcome
		wantTitle string
		wantCycle int
		wantErr   bool
	}{
		{"cycle", props.Outcome{Property: prop[0], Lasso: &props.Lasso{Init: tr.Init, Prefix: tr.Steps[:5], Cycle: tr.Steps[5:8]}},
			"fair cycle after step 5", 5, false},
		{"stuck", props.Outcome{Property: prop[0], Lasso: &props.Lasso{Init: tr.Init, Prefix: tr.Steps[:8]}},
			"after step 8 no fair action is left", 8, false},
		{"safety", props.Outcome{Property: prop[0], Trace: &tr}, "violated at step 12", -1, false},
		{"nothing to draw", props.Outcome{Property: prop[0]}, "", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := OutcomeLadder(tc.o)
			if tc.wantErr {
				if err == nil {
					t.Fatal("an outcome without a counterexample was drawn")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(l.Title, tc.wantTitle) || l.CycleStart != tc.wantCycle {
				t.Errorf("title %q, CycleStart %d; want %q and %d", l.Title, l.CycleStart, tc.wantTitle, tc.wantCycle)
			}
			src, err := l.WriteDOT()
			if err != nil {
				t.Fatal(err)
			}
			checkRenders(t, src)
			p, err := OutcomePath(tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if p.CycleStart != tc.wantCycle {
				t.Errorf("path CycleStart %d, want %d", p.CycleStart, tc.wantCycle)
			}
		})
	}
}
