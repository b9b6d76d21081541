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
