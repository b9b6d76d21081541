package tlatcp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model/tlatcp"
)

// The retained MCtcp graph draws with the same machinery as the full
// model's: every state once, labelled by State.Label, edges by
// Action.Short, and Inv's bad states marked.
func TestStateGraphDraws(t *testing.T) {
	r, err := explore.Run[tlatcp.State, tlatcp.Action](context.Background(), tlatcp.New(tlatcp.Config{}), tlatcp.Options())
	if err != nil {
		t.Fatal(err)
	}
	sg, err := graphs.StateGraphOf(r, "MCtcp", graphs.GraphOptions[tlatcp.State, tlatcp.Action]{
		Limit:       int(r.Stats.Distinct),
		Bad:         func(s *tlatcp.State) bool { return !tlatcp.Inv(s) },
		StateLabel:  func(s *tlatcp.State) string { return s.Label() },
		ActionLabel: func(a tlatcp.Action) string { return a.Short() },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Nodes) != int(r.Stats.Distinct) {
		t.Fatalf("%d nodes drawn, want %d", len(sg.Nodes), r.Stats.Distinct)
	}
	initial := 0
	for _, n := range sg.Nodes {
		if n.Bad {
			t.Errorf("state %d marked bad, but Inv holds in MCtcp", n.ID)
		}
		if n.Initial {
			initial++
		}
	}
	if initial != 2 {
		t.Errorf("%d initial states drawn, want MCInit's 2", initial)
	}
	src, err := sg.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"A SYN-SENT+", "B Listen ?SYN !SYN,ACK", "A Note2 ?FIN ?ACKofFIN !ACKofFIN"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	if _, err := graphs.StateGraphOf(r, "MCtcp", graphs.GraphOptions[tlatcp.State, tlatcp.Action]{
		StateLabel:  func(s *tlatcp.State) string { return s.Label() },
		ActionLabel: func(a tlatcp.Action) string { return a.Short() },
	}); err == nil {
		t.Error("the whole graph was drawn under the default node limit")
	}
}
