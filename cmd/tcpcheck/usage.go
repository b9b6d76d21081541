package main

// Help texts of the commands; the flags are appended by pflag.

const exploreUsage = `
Explore every reachable state of a model configuration and check its
properties. Prints a verdict table: each property holds, is violated (with
the depth of its shortest counterexample), or is incomplete (the search was
stopped by a budget or Ctrl-C before it could decide), then each
counterexample step by step. The search goes on after a violation until
every property has its verdict; --continue=false stops at the level of the
first violation instead, as TLC does, which is faster on large spaces.

Usage:
  tcpcheck explore [flags]

Model parameters start from --variant (default rfc9293); a parameter flag
given explicitly overrides the variant's value. With --model tla-examples
the model is MCtcp as published; --variant then picks a deliberately broken
copy (see 'tcpcheck list variants').

Examples:
  tcpcheck explore                                   # all properties, default RFC 9293 configuration
  tcpcheck explore --variant rfc1337                 # with the RFC 1337 TIME-WAIT fix
  tcpcheck explore --variant two-way-handshake --props P1 --out cex/
  tcpcheck explore --props P4,P7 --format json > verdicts.json
  tcpcheck explore --variant big --continue=false    # stop at the first violation
  tcpcheck explore --opens 3 --loss-budget 1 --max-states 50M --timeout 10m
  tcpcheck explore --graph states.dot --opens 1 --attempts 1 --dup=false --loss-budget 0 --abort=false --rto=false
  tcpcheck explore --variant two-way-handshake --props P1 --graph p1.dot --graph-around 1
  tcpcheck explore --model tla-examples              # the TLA+ Examples tcp.tla, TLC-style figures
  tcpcheck explore --model tla-examples --variant no-fair-close-syn-sent   # Prop fails: a lasso

Exit codes: 0 every checked property holds, 1 a property is violated,
2 bad usage or input, 3 stopped early without a violation.
`

const replayUsage = `
Replay a trace step by step against the model and report at which step, and
why, it stops being a behaviour of the model. NAME is a built-in scenario
(S1..S17, see 'tcpcheck list scenarios'); FILE is a trace in the format of
docs/TRACES.md. Use - to read the trace from standard input.

Usage:
  tcpcheck replay [flags] NAME|FILE

Examples:
  tcpcheck replay S1                  # RFC 9293 Figures 6 and 12
  tcpcheck replay S14 --out s14/      # RFC 1337 Figure 1, with its ladder diagram
  tcpcheck replay mytrace.txt
  cat mytrace.txt | tcpcheck replay -

Exit codes: 0 the trace is a behaviour of the model, 1 it is not (a step
failed), 2 bad usage or a malformed trace.
`

const graphUsage = `
Rebuild the endpoint state diagram from an exhaustive search: every explored
transition is projected onto one endpoint's state change (event / response),
and the resulting diagram is compared with RFC 9293 Figure 5: the edges the
figure has that the search never took, and the edges the search took that
the figure does not show.

Usage:
  tcpcheck graph [flags]

Examples:
  tcpcheck graph                               # comparison table on stdout
  tcpcheck graph --out diagram/                # also diagram.dot and diagram.svg
  tcpcheck graph --variant rfc793 --format json
  tcpcheck graph --variant rfc1337 --crash

Exit codes: 0 done, 2 bad usage, 3 the search was stopped early (the
diagram printed is then partial).
`

const listUsage = `
List what tcpcheck knows: the named model variants, the properties (with
their meaning and reference) and the built-in scenarios. With an argument,
list only that section.

Usage:
  tcpcheck list [variants|properties|scenarios]

Examples:
  tcpcheck list
  tcpcheck list properties
  tcpcheck list variants --format json
`

const benchUsage = `
Measure the explorer on this machine: distinct states per second,
transitions per second and bytes per state, with one worker and with all of
them, as in docs/PERFORMANCE.md. The search is the plain reachability search
(no property checks) of the benchmark variant "big" unless --variant or
model flags say otherwise. Each worker count is run --runs times and the
median run is reported.

Usage:
  tcpcheck bench [flags]

Examples:
  tcpcheck bench                          # variant big, 1 worker against all cores
  tcpcheck bench --variant rfc9293 --runs 5
  tcpcheck bench --workers 1,2,4 --store exact --format json
`
