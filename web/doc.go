// Package web is tcpcheck serve: a local web page to step through the TCP
// model by hand, for learning and teaching.
//
// The page holds no state on the server. A URL names a configuration (the
// same keys as the command line's model flags) and a path from the
// initial state as the index of each step among the steps enabled before
// it, in the model's fixed order; every request replays that path, so any
// URL can be opened cold, shared and bookmarked. The work per request is
// bounded (MaxPath steps); the only unbounded computation, the search for
// a property's shortest counterexample, runs one at a time under a state
// and time budget and its results are cached.
//
// Nothing a visitor sends names a file: scenarios come from the binary,
// an uploaded trace is parsed in memory. Pictures are drawn on the server
// by package graphs; the script is plain JavaScript for the keyboard and
// needs no network.
package web
