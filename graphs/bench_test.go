package graphs

import "testing"

// BenchmarkLadderSVG measures drawing S1: building the ladder, writing DOT
// and rendering SVG through the WASM Graphviz.
func BenchmarkLadderSVG(b *testing.B) {
	tr := drive(b, newModel(b, "rfc9293"), s1)
	for b.Loop() {
		l, err := LadderFromTrace("S1", tr, -1, -1)
		if err != nil {
			b.Fatal(err)
		}
		src, err := l.WriteDOT()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := RenderSVG(src); err != nil {
			b.Fatal(err)
		}
	}
}
