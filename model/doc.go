// Package model is the TCP connection-management model of tcpcheck: a
// pure, deterministic transition relation over the joint state of two
// endpoints, A and B, and the network between them, following RFC 9293
// (§3.3.2 state machine, §3.4 sequence numbers, §3.5 establishing and
// resetting, §3.8.3 failures, §3.10 event processing).
//
// A State is a small comparable value: two Endpoints and a Network, a
// bounded multiset of Segments kept in canonical order. Model implements
// explore.Model[State, Action]: Next emits every successor of a state in
// a fixed order without allocating. The exact semantics, with every rule
// and the reasons behind the abstractions, are in docs/MODEL.md.
package model
