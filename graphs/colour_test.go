package graphs

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// TestLadderColourByArrival checks that each arrow is coloured by what the
// legend says of the segment when it arrives: a SYN whose sender has drawn
// a new ISS since is red, the new SYN blue, and a SYN,ACK arriving after
// its sender aborted orange.
func TestLadderColourByArrival(t *testing.T) {
	c, err := model.Variant("rfc9293")
	if err != nil {
		t.Fatal(err)
	}
	c.NetBound = 4 // room for the segments left in flight
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	// Find the second attempt's SYN, whatever the ISN policy makes it.
	first := drive(t, m, []want{{model.ActiveOpen, model.A, "", false}})
	syn1 := first.Steps[0].Action.Sent.String()
	tr := drive(t, m, []want{
		{model.ActiveOpen, model.A, "", false}, // 1: SYN of attempt 1
		{model.Close, model.A, "", false},      // 2
		{model.ActiveOpen, model.A, "", false}, // 3: SYN of attempt 2
		{model.PassiveOpen, model.B, "", false},
		{model.Deliver, model.B, syn1, false}, // 5: attempt 1's SYN arrives stale
	})
	syn2 := tr.Steps[2].Action.Sent.String()
	if syn1 == syn2 {
		t.Skipf("attempts 1 and 2 send the same SYN %s under this ISN policy", syn1)
	}
	tr = drive(t, m, []want{
		{model.ActiveOpen, model.A, "", false},
		{model.Close, model.A, "", false},
		{model.ActiveOpen, model.A, "", false},
		{model.PassiveOpen, model.B, "", false},
		{model.Deliver, model.B, syn1, false}, // 5: stale
		{model.Abort, model.B, "", false},     // 6: B aborts; its SYN,ACK is still in flight
		{model.Deliver, model.B, syn2, false}, // 7: fresh
	})
	synack := tr.Steps[4].Action.Sent.String()
	tr = drive(t, m, []want{
		{model.ActiveOpen, model.A, "", false},
		{model.Close, model.A, "", false},
		{model.ActiveOpen, model.A, "", false},
		{model.PassiveOpen, model.B, "", false},
		{model.Deliver, model.B, syn1, false},
		{model.Abort, model.B, "", false},
		{model.Deliver, model.B, syn2, false},
		{model.Deliver, model.A, synack, false}, // 8: after B aborted the attempt that sent it
	})
	l, err := LadderFromTrace("colours", tr, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	src, err := l.WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "colours", src)
	for _, c := range []struct {
		tooltip, colour, what string
	}{
		{"sent at step 1, received at step 5", colOld, "attempt 1's SYN after attempt 2 began"},
		{"sent at step 3, received at step 7", colCurrent, "attempt 2's SYN"},
		{"sent at step 5, received at step 8", colLate, "B's SYN,ACK after B aborted"},
	} {
		got := edgeColour(t, string(src), c.tooltip)
		if got != c.colour {
			t.Errorf("%s (%s) is drawn %s, want %s", c.what, c.tooltip, got, c.colour)
		}
	}
	for _, w := range []string{"red: of an old incarnation", "orange: arrives after that attempt closed", "blue: arrives while"} {
		if !strings.Contains(string(src), w) {
			t.Errorf("legend lacks %q", w)
		}
	}
}

// edgeColour returns the colour of the edge whose tooltip is tooltip.
func edgeColour(t *testing.T, src, tooltip string) string {
	t.Helper()
	for _, line := range strings.Split(src, "\n") {
		if strings.Contains(line, "->") && strings.Contains(line, `tooltip="`+tooltip+`"`) {
			if m := regexp.MustCompile(`color="([^"]*)"`).FindStringSubmatch(line); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("no edge with tooltip %q", tooltip)
	return ""
}
