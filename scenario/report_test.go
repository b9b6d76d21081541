package scenario

import (
	"strings"
	"testing"
)

func TestWriteText(t *testing.T) {
	tests := []struct {
		trace string
		want  []string
	}{
		// The step numbers are those of the ladder: only transitions
		// count. Comments are shown with their step, and an expect line
		// says what it expected.
		{"# T: title\n# a note\nB open passive => B LISTEN, snd none\n# why not\n! B timeout time-wait\n! B rcv <SEQ=5><CTL=RST> => B CLOSED\nexpect B LISTEN\n", []string{
			"T: title\n  # a note\n",
			"  1 ok    B open passive            B passive OPEN in CLOSED -> LISTEN (§3.10.1)\n",
			"          # why not\n",
			"    ok    ! B timeout time-wait     not possible here, as the trace expects\n",
			"    ok    ! B rcv <SEQ=5><CTL=RST>  no such transition leads to B CLOSED, as the trace expects\n",
			"    ok    expect                    holds: B LISTEN\n",
			"rep: 1 step is a behaviour of the model; 2 rejected steps refused as the trace expects; 1 expect line holds\n",
		}},
		{"B open passive\nA close\n", []string{
			"  2 FAIL  A close\n",
			"rep: line 2, after step 1: A close: not enabled in A CLOSED, B LISTEN, net empty\n  enabled here:\n    A active OPEN in CLOSED",
		}},
	}
	for _, tt := range tests {
		tr, err := Parse("rep", strings.NewReader(tt.trace))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Replay(tr)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("report lacks %q:\n%s", w, b.String())
			}
		}
	}
}
