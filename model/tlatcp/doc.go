// Package tlatcp is the flag-only TCP model of the TLA+ Examples
// (specifications/tcp/tcp.tla with MCtcp.tla and MCtcp.cfg), encoded for the
// explore engine so that our figures can be held against TLC's.
//
// The encoding follows tcp.tla action by action: two peers A and B, a TCB
// flag and a connection state per peer, and per peer a FIFO inbox of the six
// message strings. Nothing here knows sequence numbers; that is the point of
// the abstraction, and also its limit (see docs/TLA-CROSSCHECK.md).
package tlatcp
