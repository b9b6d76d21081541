package graphs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// handshake is a hand-made ladder: an old SYN, a lost segment, a
// duplicate, a call and a timer, so that every kind of event is drawn.
func handshake() *Ladder {
	return &Ladder{
		Title:     "hand-made: three-way handshake with trouble",
		Lifelines: [2]string{"TCP A", "TCP B"},
		Initial:   [2]string{"CLOSED", "LISTEN"},
		Earlier:   []LadderEvent{{Kind: Send, Side: 0, ID: 9, Text: "<SEQ=90><CTL=SYN>", Old: true}},
		Steps: []LadderStep{
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Call, Side: 0, Text: "OPEN"}, {Kind: Send, Side: 0, ID: 1, Text: "<SEQ=100><CTL=SYN>"}}},
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Loss, ID: 1}}},
			{State: [2]string{"SYN-SENT", "LISTEN"}, Events: []LadderEvent{{Kind: Timer, Side: 0, Text: "RTO"}, {Kind: Send, Side: 0, ID: 2, Text: "<SEQ=100><CTL=SYN>"}}},
			{State: [2]string{"SYN-SENT", "SYN-RECEIVED"}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 2}, {Kind: Send, Side: 1, ID: 3, Text: "<SEQ=300><ACK=101><CTL=SYN,ACK>"}}},
			{State: [2]string{"ESTABLISHED", "SYN-RECEIVED"}, Events: []LadderEvent{{Kind: Receive, Side: 0, ID: 3}, {Kind: Send, Side: 0, ID: 4, Text: "<SEQ=101><ACK=301><CTL=ACK>"}}},
			{State: [2]string{"ESTABLISHED", "ESTABLISHED"}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 4}}},
			{State: [2]string{"ESTABLISHED", "ESTABLISHED"}, Events: []LadderEvent{{Kind: Receive, Side: 0, ID: 3}, {Kind: Send, Side: 0, ID: 5, Text: "<SEQ=101><ACK=301><CTL=ACK>"}}},
			{State: [2]string{"ESTABLISHED", "ESTABLISHED"}, Events: []LadderEvent{{Kind: Receive, Side: 1, ID: 9}, {Kind: Send, Side: 1, ID: 6, Text: "<SEQ=301><ACK=101><CTL=ACK>"}}},
		},
		Broken:     -1,
		CycleStart: 6,
	}
}

// look writes a PNG of src to $GRAPHS_LOOK/name.png when that variable is
// set, for a human to inspect the layout.
func look(t *testing.T, name string, src []byte) {
	dir := os.Getenv("GRAPHS_LOOK")
	if dir == "" {
		return
	}
	png, err := RenderPNG(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, name, src); err != nil {
		t.Fatal(err)
	}
}

func TestLadderDrawsEveryEvent(t *testing.T) {
	src, err := handshake().WriteDOT()
	if err != nil {
		t.Fatal(err)
	}
	look(t, "handshake", src)
	s := string(src)
	for _, want := range []string{
		"&lt;SEQ=300&gt;&lt;ACK=101&gt;&lt;CTL=SYN,ACK&gt;", // a segment label, escaped
		"(copy 2)",                    // the duplicate's second arrival
		">X<",                         // the cross of the lost SYN
		colOld,                        // the old SYN stands out
		"OPEN",                        // the user call
		"RTO",                         // the timer
		"steps<BR/>7 to 8<BR/>repeat", // the lasso
		"(in flight)",                 // segment 6 is never received
		`layout="neato"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("ladder DOT lacks %q", want)
		}
	}
	if _, err := RenderSVG(src); err != nil {
		t.Fatal(err)
	}
}

func TestLadderValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(l *Ladder)
		want string
	}{
		{"bad side", func(l *Ladder) { l.Steps[0].Events[0].Side = 2 }, "side 2"},
		{"sent twice", func(l *Ladder) { l.Steps[2].Events[1].ID = 1 }, "segment 1 sent twice"},
		{"never sent", func(l *Ladder) { l.Steps[3].Events[0].ID = 42 }, "segment 42 was never sent"},
		{"receive before send", func(l *Ladder) { l.Steps[0], l.Steps[3] = l.Steps[3], l.Steps[0] }, "never sent"},
		{"earlier non-send", func(l *Ladder) { l.Earlier[0].Kind = Call }, "only sends"},
		{"broken beyond", func(l *Ladder) { l.Broken = 9 }, "beyond the 8 steps"},
		{"cycle beyond", func(l *Ladder) { l.CycleStart = 9 }, "beyond the 8 steps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := handshake()
			tc.edit(l)
			_, err := l.WriteDOT()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
