// Package scenario reads traces written in RFC notation, one step a line,
// and replays them against the TCP model: every step must name a
// transition the model enables, and every expectation after it must hold.
//
// One format serves two readers. The built-in traces S1–S17 (RFC
// figures, and the data scenarios; embedded from traces/) are the model's
// scenario tests, and `tcpcheck replay` runs the same files, or a user's,
// and says at which step and why a trace stops being a behaviour of the
// model. docs/TRACES.md gives the grammar.
package scenario
