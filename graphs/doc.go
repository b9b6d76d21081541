// Package graphs draws what the explorer found, in the forms a reader of
// RFC 9293 already knows: ladder diagrams of counterexamples (the form of
// the RFC's Figures 6-13), traces as paths of joint states, the reachable
// state graph of small configurations, and the endpoint state diagram
// rebuilt from the search and compared with the RFC's Figure 5.
//
// Each picture has a small model-independent input type (Ladder,
// StatePath, StateGraph, Diagram) with a WriteDOT method; adapters in
// tcp.go build them from the TCP model's traces and search results.
// DOT is produced with github.com/emicklei/dot, and RenderSVG turns it
// into SVG in-process through the WASM build of Graphviz in
// github.com/goccy/go-graphviz, so that no system Graphviz is needed.
//
// Every text that reaches a picture goes through an HTML-like label with
// its own escaping, so no state name, action or segment can break the DOT
// or the SVG, and every output is deterministic: the same input writes
// byte-identical files.
//
// The example pictures in docs/img are written by
//
//	go run ./graphs/internal/docgen
//
// from the repository root.
package graphs
