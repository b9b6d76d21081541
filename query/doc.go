// Package query is the small expression language of `tcpcheck explore
// --reach` and `--invariant`: a condition on one joint state of the TCP
// model (both endpoints and the network), written in RFC 9293 terms.
//
//	A=CLOSING && B=TIME-WAIT
//	A.SND.NXT - A.SND.UNA > 1
//	inflight(A, SYN) > 0 && B = LISTEN
//
// Parse checks the text and its types and reports errors with the column
// they start at and what would work; Compile binds a parsed query to the
// sequence space of a configuration and returns a predicate that is pure,
// allocation-free and safe for concurrent use, so the search engine can
// evaluate it on every state as an ordinary invariant. docs/QUERIES.md is
// the user's description of the language.
package query
