package graphs

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
)

// TestInFlightSegmentsVisible draws counterexamples that end with
// segments in flight and checks, in the rendered SVG, that no label box
// covers any part of a dashed in-flight arrow: those arrows are the point
// of such pictures and used to vanish under their own labels.
func TestInFlightSegmentsVisible(t *testing.T) {
	if testing.Short() {
		t.Skip("renders SVG")
	}
	for _, c := range []struct{ variant, prop string }{
		{"two-way-handshake", "P1"},
		{"fixed-isn", "P1"},
	} {
		t.Run(c.variant, func(t *testing.T) {
			o := check(t, c.variant, c.prop)[0]
			if o.Verdict != explore.Violated {
				t.Fatalf("%s: %s %v, want violated", c.variant, c.prop, o.Verdict)
			}
			l, err := OutcomeLadder(o)
			if err != nil {
				t.Fatal(err)
			}
			src, err := l.WriteDOT()
			if err != nil {
				t.Fatal(err)
			}
			svg, err := RenderSVG(src)
			if err != nil {
				t.Fatal(err)
			}
			boxes := whiteBoxes(string(svg))
			lines := dashedLines(string(svg))
			if len(lines) == 0 {
				t.Fatalf("no segment in flight in this counterexample; choose another")
			}
			for _, ln := range lines {
				for k := 0; k <= 100; k++ {
					f := float64(k) / 100
					x, y := ln[0]+f*(ln[2]-ln[0]), ln[1]+f*(ln[3]-ln[1])
					for _, b := range boxes {
						if x > b[0]+1 && x < b[2]-1 && y > b[1]+1 && y < b[3]-1 {
							t.Errorf("in-flight arrow %v is hidden at (%.0f, %.0f) under a label box %v", ln, x, y, b)
							goto next
						}
					}
				}
			next:
			}
		})
	}
}

var (
	numRe     = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)
	polygonRe = regexp.MustCompile(`<polygon fill="white" stroke="white" points="([^"]*)"`)
	dashedRe  = regexp.MustCompile(`<path [^>]*stroke-dasharray="[^"]*" d="([^"]*)"`)
)

// whiteBoxes returns the bounding boxes (x0, y0, x1, y1) of the label
// boxes of an SVG ladder.
func whiteBoxes(svg string) [][4]float64 {
	var out [][4]float64
	for _, m := range polygonRe.FindAllStringSubmatch(svg, -1) {
		b := [4]float64{1e9, 1e9, -1e9, -1e9}
		for i, s := range numRe.FindAllString(m[1], -1) {
			v, _ := strconv.ParseFloat(s, 64)
			j := i % 2
			b[j] = min(b[j], v)
			b[j+2] = max(b[j+2], v)
		}
		out = append(out, b)
	}
	return out
}

// dashedLines returns the end points of the dashed paths of an SVG ladder
// (straight, as the ladder's pinned layout draws them).
func dashedLines(svg string) [][4]float64 {
	var out [][4]float64
	for _, m := range dashedRe.FindAllStringSubmatch(svg, -1) {
		nums := numRe.FindAllString(strings.TrimPrefix(m[1], "M"), -1)
		if len(nums) < 4 {
			continue
		}
		var v [4]float64
		for i, s := range []string{nums[0], nums[1], nums[len(nums)-2], nums[len(nums)-1]} {
			v[i], _ = strconv.ParseFloat(s, 64)
		}
		out = append(out, v)
	}
	return out
}
