package graphs

import (
	"strings"
	"testing"
)

func TestFigure5IsWellFormed(t *testing.T) {
	states := map[string]bool{}
	for _, s := range Figure5States {
		states[s] = true
	}
	if len(states) != 11 {
		t.Fatalf("%d distinct states in Figure5States, want RFC 9293's 11", len(states))
	}
	seen := map[matchKey]bool{}
	for _, f := range Figure5 {
		if !states[f.From] || !states[f.To] {
			t.Errorf("edge %s -> %s names a state outside §3.3.2", f.From, f.To)
		}
		k := matchKey{f.From, f.To, f.Trigger}
		if seen[k] {
			t.Errorf("edge %v listed twice", k)
		}
		seen[k] = true
	}
}

func TestCompare(t *testing.T) {
	fig := []FigureEdge{
		{"CLOSED", "LISTEN", "passive OPEN", "passive OPEN", "create TCB"},
		{"LISTEN", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK"},
		{"TIME-WAIT", "CLOSED", "timeout", "Timeout=2MSL", "delete TCB"},
	}
	for _, tc := range []struct {
		name        string
		add         [][5]string
		wantMissing []string // From of the missing figure edges
		wantExtra   []string // Event of the extra edges
	}{
		{"nothing taken", nil, []string{"CLOSED", "LISTEN", "TIME-WAIT"}, nil},
		{"all taken, twice", [][5]string{
			{"CLOSED", "LISTEN", "passive OPEN", "passive OPEN", "create TCB"},
			{"LISTEN", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK"},
			{"LISTEN", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK"},
			{"TIME-WAIT", "CLOSED", "timeout", "2MSL", ""},
		}, nil, nil},
		{"extra RST and same pair with another trigger", [][5]string{
			{"CLOSED", "LISTEN", "passive OPEN", "passive OPEN", "create TCB"},
			{"TIME-WAIT", "CLOSED", "rcv RST", "rcv RST", ""},
		}, []string{"LISTEN", "TIME-WAIT"}, []string{"rcv RST"}},
		{"self-loop ignored", [][5]string{
			{"TIME-WAIT", "TIME-WAIT", "rcv FIN", "rcv FIN", "snd ACK"},
		}, []string{"CLOSED", "LISTEN", "TIME-WAIT"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d Diagram
			for _, a := range tc.add {
				d.Add(a[0], a[1], a[2], a[3], a[4])
			}
			c := Compare(&d, fig)
			var missing, extra []string
			for _, f := range c.Missing {
				missing = append(missing, f.From)
			}
			for _, e := range c.Extra {
				extra = append(extra, e.Event)
			}
			if strings.Join(missing, ",") != strings.Join(tc.wantMissing, ",") {
				t.Errorf("missing %v, want %v", missing, tc.wantMissing)
			}
			if strings.Join(extra, ",") != strings.Join(tc.wantExtra, ",") {
				t.Errorf("extra %v, want %v", extra, tc.wantExtra)
			}
			if len(c.Matched)+len(c.Missing) != len(fig) {
				t.Errorf("matched %d + missing %d != %d figure edges", len(c.Matched), len(c.Missing), len(fig))
			}
			src, err := d.WriteDOT(fig)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := RenderSVG(src); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDiagramCounts(t *testing.T) {
	var d Diagram
	for i := 0; i < 3; i++ {
		d.Add("LISTEN", "SYN-RECEIVED", "rcv SYN", "rcv SYN", "snd SYN,ACK")
	}
	d.Add("LISTEN", "CLOSED", "CLOSE", "CLOSE", "")
	es := d.Edges()
	if len(es) != 2 {
		t.Fatalf("%d edges, want 2", len(es))
	}
	if es[0].To != "CLOSED" || es[1].Count != 3 {
		t.Errorf("edges %+v: want LISTEN->CLOSED first and the SYN edge counted 3 times", es)
	}
	txt := Compare(&d, Figure5).Text()
	for _, want := range []string{"edges the search took: 2", "never took: 18", "TIME-WAIT -> CLOSED: Timeout=2MSL / delete TCB"} {
		if !strings.Contains(txt, want) {
			t.Errorf("comparison text lacks %q:\n%s", want, txt)
		}
	}
}
