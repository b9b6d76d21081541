package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/tcpcheck/tcpcheck/web"
)

const serveUsage = `
Serve a local web page to explore the model by hand, for learning and
teaching: choose a variant, a built-in scenario (S1..S17), a property's
shortest counterexample or a trace file, then click (or press 1-9) to take
any enabled step. The page shows both TCBs, the segments in flight, the
ladder diagram of the path, RFC 9293 Figure 5 with the current states, and
which property a step breaks; English and 简体中文. The URL holds the
configuration and the path, so a link can be shared and opened cold.

Usage:
  tcpcheck serve [flags]

The page binds to 127.0.0.1 (this machine only) unless --addr says
otherwise. It reads and writes no files; an uploaded trace is parsed in
memory. "Show me the shortest way to break P" runs one search at a time
within --max-states and --timeout and remembers its result.

Examples:
  tcpcheck serve                         # then open http://127.0.0.1:9293/
  tcpcheck serve --addr 127.0.0.1:8080
  tcpcheck serve --max-states 10M --timeout 5m

Exit codes: 0 stopped by Ctrl-C, 2 bad usage or the address cannot be used.
`

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("serve", serveUsage, e)
	var (
		addr      string
		maxStates int64
		timeout   time.Duration
		memory    uint64
	)
	b := web.DefaultBudget
	maxStates, timeout, memory = b.MaxStates, b.Timeout, b.MaxMemory
	fs.StringVar(&addr, "addr", "127.0.0.1:9293", "listen on `HOST:PORT` (port 0 picks a free one)")
	fs.Var(&countValue{&maxStates}, "max-states", "budget of each counterexample search in distinct states, e.g. 10M (0 = no limit)")
	fs.Var(&durationValue{&timeout}, "timeout", "budget of each counterexample search in time, e.g. 2m (0 = no limit)")
	fs.Var(&sizeValue{&memory}, "memory", "budget of each counterexample search in engine memory, e.g. 2GiB (0 = no limit)")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: serve takes only flags", fs.Arg(0)))
	}
	if maxStates == 0 && timeout == 0 && memory == 0 {
		// No limit at all: web.New reads an all-zero budget as its default.
		maxStates = 1 << 62
	}
	srv, err := web.New(web.Options{
		Budget: web.Budget{MaxStates: maxStates, Timeout: timeout, MaxMemory: memory},
		Log:    log.New(e.stderr, "serve: ", log.LstdFlags),
	})
	if err != nil {
		return fail(e, fs.Name(), err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(e, fs.Name(), usagef("--addr %s cannot be used: %v (try another port, e.g. --addr 127.0.0.1:0)", addr, err))
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(e.stderr, "serve: warning: %s is reachable from other machines\n", ln.Addr())
	}
	fmt.Fprintf(e.stdout, "tcpcheck serve: open http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 64 << 10}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fail(e, fs.Name(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(e.stderr, "serve: %v\n", err)
	}
	return exitOK
}
