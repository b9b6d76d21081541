package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tcpcheck/tcpcheck/conform"
	"github.com/tcpcheck/tcpcheck/conform/gvisor"
	"github.com/tcpcheck/tcpcheck/conform/linux"
)

const conformUsage = `
Check a real TCP stack against the model. The tester plays the peer and the
network: it makes the user calls on the stack (listen, connect, close,
abort), injects segments, reads the stack's replies and its TCB state, and
checks each reply (or silence) and state against the successors the model
allows under --variant. The tests are generated from the model: a shortest
path to each (state, input class, rule) the stack can be driven into
(--depth steps at most), the built-in scenarios S1..S17 as far as the
stack's side can be driven, --walks seeded random walks, and the timer
tests: for each state in which the stack runs a timer, a path to it and
then waits for the stack's next timer until none is left, each timer
checked against the model's (RTO: retransmission timeout, resending the
SYN, SYN,ACK or FIN; give-up after R2 retransmissions; the end of
TIME-WAIT after 2MSL, twice the maximum segment lifetime; the FIN-WAIT-2
timer, not in RFC 9293). gvisor runs them always: its clock is advanced
by the tester, so they take no real time. linux runs them only with
--slow, in real time: about 80 s more, 60 s of it TIME-WAIT's wait.

Stacks:
  gvisor   gVisor's netstack, in-process (no privileges needed)
  linux    the running Linux kernel, through a TUN device (a virtual
           interface whose packets tcpcheck reads and writes) in a network
           namespace (a private copy of the kernel's network) made for the
           run and gone with it (needs root and /dev/net/tun)

Usage:
  tcpcheck conform --stack gvisor|linux [flags]

Examples:
  tcpcheck conform --stack gvisor
  tcpcheck conform --stack gvisor --known conform/testdata/gvisor.known --out conform-out/
  sudo tcpcheck conform --stack linux --known conform/testdata/linux.known
  sudo tcpcheck conform --stack linux --slow --known conform/testdata/linux.known
  tcpcheck conform --stack gvisor --walks 50 --seed 7 --format json > gvisor.json

Output: one line per test (AGREE, DIFFER: a new deviation, KNOWN: a
difference listed in --known, TIMEOUT: the stack could not be driven in
time, no verdict), each new difference with the model's allowed outcomes,
and a summary line. With --out DIR: per test a pcap file (tcpdump's
format) of the packets that crossed the link and a trace for 'tcpcheck
replay', per difference a ladder diagram (DOT, and SVG with --svg).
docs/CONFORMANCE.md explains the results.

Exit codes: 0 no new deviation, 1 new deviations, 2 bad usage or input
(unknown stack or variant, no TUN device, no permission), 3 interrupted.
`

func runConform(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("conform", conformUsage, e)
	var o conform.Options
	var stack, format string
	var settle time.Duration
	var slow bool
	fs.StringVar(&stack, "stack", "", "the stack under test: gvisor or linux")
	fs.StringVar(&o.Variant, "variant", "rfc9293", "the model variant the stack is judged by (rfc9293, rfc1337, rfc793, ...)")
	fs.StringVar(&o.Known, "known", "", "`FILE` of documented deviations (docs/CONFORMANCE.md); only others count as new")
	fs.IntVar(&o.Depth, "depth", 6, "steps of the coverage search, 1..8")
	fs.BoolVar(&o.Scenarios, "scenarios", true, "also run the built-in scenarios S1..S17 as far as they can be driven")
	fs.IntVar(&o.Walks, "walks", 10, "seeded random walks to run, 0..10000")
	fs.IntVar(&o.WalkLen, "walk-length", 6, "steps per random walk, 1..20")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the random walks: the same seed gives the same tests")
	fs.StringVarP(&o.Out, "out", "o", "", "write pcap files, traces and ladders to `DIR`")
	fs.BoolVar(&o.SVG, "svg", false, "with --out, also render each difference's ladder as SVG")
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	fs.BoolVar(&slow, "slow", false, "linux: also run the timer tests, which wait in real time (about 80 s more); gvisor runs them always")
	fs.DurationVar(&settle, "settle", 0, "how long the stack must stay silent to count as no reply, e.g. 30ms; 0 is the stack's default (10ms gvisor, 15ms linux)")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	o.JSON = format == "json"
	switch {
	case o.Depth < 1 || o.Depth > 8:
		return conformUsageErr(e, fmt.Sprintf("--depth %d is out of range: use 1 to 8", o.Depth))
	case o.Walks < 0 || o.Walks > 10000:
		return conformUsageErr(e, fmt.Sprintf("--walks %d is out of range: use 0 to 10000", o.Walks))
	case o.WalkLen < 1 || o.WalkLen > 20:
		return conformUsageErr(e, fmt.Sprintf("--walk-length %d is out of range: use 1 to 20", o.WalkLen))
	}
	switch stack {
	case "gvisor":
		o.Timers = true
		return conform.Execute(ctx, &gvisor.Driver{SettleTime: settle}, o, e.stdout, e.stderr)
	case "linux":
		o.Timers = slow
		code, err := linux.Run(settle, func(d conform.Driver) int {
			return conform.Execute(ctx, d, o, e.stdout, e.stderr)
		})
		if err != nil {
			fmt.Fprintf(e.stderr, "tcpcheck conform: --stack linux: %v\n", err)
			return exitUsage
		}
		return code
	case "":
		return conformUsageErr(e, "--stack is required: use gvisor or linux")
	}
	return conformUsageErr(e, fmt.Sprintf("--stack %q is unknown: use gvisor or linux", stack))
}

func conformUsageErr(e *env, msg string) int {
	fmt.Fprintf(e.stderr, "tcpcheck conform: %s\n", msg)
	return exitUsage
}
