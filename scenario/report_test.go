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
		{"# T: title\nB open passive => B LISTEN, snd none\n! B timeout time-wait\nexpect B LISTEN\n", []string{
			"T: title\n",
			"  1 ok    B open passive         B passive OPEN in CLOSED -> LISTEN (§3.10.1)\n",
			"  2 ok    ! B timeout time-wait  not a behaviour of the model, as the trace says\n",
			"  3 ok    expect                 holds\n",
			"rep: all 3 steps are a behaviour of the model\n",
		}},
		{"B open passive\nA close\n", []string{
			"  2 FAIL  A close\n",
			"rep: line 2, step 2 (A close): not enabled in A CLOSED, B LISTEN, net empty\n  enabled here:\n    A active OPEN in CLOSED",
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
