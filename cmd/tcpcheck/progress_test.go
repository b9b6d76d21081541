package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
)

func TestProgress(t *testing.T) {
	snaps := []explore.Progress{
		{Distinct: 1000, Depth: 3, Elapsed: 1 * time.Second},
		{Distinct: 2000, Depth: 4, Elapsed: 2 * time.Second},
		{Distinct: 9000, Depth: 7, Elapsed: 7 * time.Second},
		{Distinct: 9500, Depth: 8, Elapsed: 8 * time.Second},
		{Distinct: 100, Depth: 2, Elapsed: 1 * time.Second}, // a new search
	}
	tests := []struct {
		name      string
		tty       bool
		quiet     bool
		lines     int // plain lines written
		rewrites  int // \r rewrites
		wantInOut string
	}{
		{"plain", false, false, 3, 0, "progress: states 1,000"},
		{"terminal", true, false, 0, 6, "states 9,500"},
		{"quiet", false, true, 0, 0, ""},
		{"quiet terminal", true, true, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := newProgress(&env{stderr: &buf, tty: tt.tty}, tt.quiet)
			for _, s := range snaps {
				p.update(s)
			}
			p.done()
			out := buf.String()
			if got := strings.Count(out, "\n"); got != tt.lines {
				t.Errorf("%d lines, want %d:\n%q", got, tt.lines, out)
			}
			if got := strings.Count(out, "\r"); got != tt.rewrites {
				t.Errorf("%d rewrites, want %d:\n%q", got, tt.rewrites, out)
			}
			if !strings.Contains(out, tt.wantInOut) {
				t.Errorf("output %q lacks %q", out, tt.wantInOut)
			}
		})
	}
}

func TestProgressWithinALevelAndAfter(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&env{stderr: &buf}, false)
	p.update(explore.Progress{Distinct: 5000, Generated: 90000, Depth: 11, Phase: explore.PhaseExpand, LevelSize: 2000, LevelDone: 500, Queue: 1500, New: 7000, Elapsed: time.Second})
	p.stage("L1: fair cycles avoiding the goal, states visited", 262144, 1000000)
	p.stage("L1: fair cycles avoiding the goal, states visited", 524288, 1000000) // too soon: not printed
	out := buf.String()
	for _, want := range []string{"level 12 expanding 500 of 2,000, 7,000 new", "generated 90,000", "L1: fair cycles avoiding the goal, states visited 262,144 of 1,000,000"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "524,288") || strings.Contains(out, "queue") {
		t.Errorf("progress output:\n%s", out)
	}
}
