package liveness

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
)

// maxStates bounds the graphs accepted: state indices and the search's
// marks share a uint32 with component numbers counted down from the top.
const maxStates = 1 << 31

// checkGraph rejects graphs whose arrays disagree, so that the searches
// can index them without further checks.
func checkGraph(g *explore.Graph) (int, error) {
	if g == nil || len(g.Offsets) == 0 {
		return 0, fmt.Errorf("liveness: no graph: run explore with Options.RetainGraph")
	}
	n := g.N()
	if n >= maxStates {
		return 0, fmt.Errorf("liveness: graph has %d states, more than the %d supported", n, maxStates-1)
	}
	m := uint64(len(g.Targets))
	if g.Offsets[n] != m {
		return 0, fmt.Errorf("liveness: Offsets[%d] = %d but there are %d targets", n, g.Offsets[n], m)
	}
	if len(g.Classes) != len(g.Targets) {
		return 0, fmt.Errorf("liveness: %d classes for %d edges", len(g.Classes), m)
	}
	if len(g.Enabled) != n {
		return 0, fmt.Errorf("liveness: %d enabled masks for %d states", len(g.Enabled), n)
	}
	return n, nil
}
