package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/tracecheck"
)

const checkUsage = `
Check a packet capture against the model: is each TCP connection in it a
behaviour the model allows? tcpcheck searches for a run of the model whose
segments, seen at the capture point, are exactly the captured ones, with
what a capture cannot show (user calls, timer expiries, losses, the far
side's deliveries) as hidden steps. It reports "conforms" with the hidden
steps it assumed, or "does not conform" at the first segment no run
explains, with the segments the model allowed there and the capture up to
it. Data, options and windows are outside the model: docs/CAPTURE.md says
how they are treated.

FILE is a pcap or pcapng file (Ethernet, raw IP or Linux cooked capture);
- reads standard input.

Usage:
  tcpcheck check [flags] FILE

Examples:
  tcpcheck check capture/testdata/client-close.pcap
  tcpcheck check capture/testdata/bad-second-fin.pcap --out ladder/
  tcpcheck check trace.pcapng --conn 10.0.0.1:5000-10.0.0.2:80 --at A
  tcpcheck check trace.pcap --variant auto --format json
  tcpdump -i eth0 -w - port 80 | tcpcheck check -

Exit codes: 0 every connection conforms, 1 one does not, 2 bad usage or
input (no capture, no TCP, no connection could be checked), 3 some
connection could not be checked (no SYN, beyond the model's bounds) and
none failed.
`

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("check", checkUsage, e)
	var format, at, variant, conn, out string
	var maxStates int
	var complete, force bool
	fs.StringVar(&variant, "variant", "rfc9293", "model variant to check against (tcpcheck list variants), or auto: try every variant and name those that explain the capture")
	fs.Var(newChoice(&at, "wire", "wire", "A", "B"), "at", "where the capture was taken: wire (between the hosts), A (at the active opener), B (at the passive opener)")
	fs.StringVar(&conn, "conn", "", "check only this connection, `ADDR:PORT-ADDR:PORT` (either order); default: every connection")
	fs.Var(newChoice(&format, "text", "text", "json"), "format", "output format: text or json (docs/JSON.md)")
	fs.StringVarP(&out, "out", "o", "", "write each connection's ladder diagram (its explaining run, or up to the first unexplained segment) to `DIR` (DOT and SVG)")
	fs.Var(newInt(&maxStates, tracecheck.DefaultMaxStates, 1000, 1<<26, ""), "max-states", "most states held while closing one frontier under hidden steps (1000 to 67108864)")
	boolFlag(fs, &complete, "complete", "", "skip the lean search (no hidden losses, retransmissions or duplicates) and search completely from the start")
	boolFlag(fs, &force, "force", "", "with --out: write into a directory that holds files tcpcheck did not write")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return fail(e, fs.Name(), usagef("no capture given: name a pcap or pcapng file, or - for standard input"))
	case fs.NArg() > 1:
		return fail(e, fs.Name(), usagef("too many arguments %q: check takes one capture", fs.Args()))
	}
	where, err := tracecheck.ParseAt(at)
	if err != nil {
		return fail(e, fs.Name(), usagef("%v", err))
	}
	if err := prepareOutDir(out, force, commandLine("check", args)); err != nil {
		return fail(e, fs.Name(), err)
	}
	name := fs.Arg(0)
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fail(e, fs.Name(), usagef("%s: %v", name, unwrapPath(err)))
		}
		defer f.Close()
		in = f
	} else {
		name = "stdin"
	}
	cf, err := capture.Read(in)
	if err != nil {
		return fail(e, fs.Name(), usagef("%s: %v", name, err))
	}
	rep, err := tracecheck.CheckFile(name, cf, tracecheck.FileOptions{
		Options: tracecheck.Options{At: where, MaxStates: maxStates, Complete: complete},
		Variant: variant, Conn: conn,
	})
	if err != nil {
		return fail(e, fs.Name(), usagef("%v", err))
	}
	rep.Version = version
	if rep.ExitCode == exitUsage && format == "text" {
		rep.WriteText(e.stdout)
		return exitUsage
	}
	var files []string
	if out != "" {
		for i, v := range rep.Verdicts() {
			if v == nil {
				continue
			}
			title := fmt.Sprintf("%s %s: %s", name, rep.Connections[i].Conn, rep.Connections[i].Verdict)
			l, err := tracecheck.Ladder(v, title, 40)
			if err == nil {
				var src []byte
				if src, err = l.WriteDOT(); err == nil {
					err = writeDOTSVG(&files, out, fmt.Sprintf("conn%d-ladder", i+1), src)
				}
			}
			if err != nil {
				rep.Notes = append(rep.Notes, "--out: "+err.Error())
			}
		}
	}
	if format == "json" {
		if code := writeJSON(e, fs.Name(), rep); code != exitOK {
			return code
		}
	} else {
		rep.WriteText(e.stdout)
		for _, f := range files {
			fmt.Fprintf(e.stdout, "wrote %s\n", f)
		}
	}
	return rep.ExitCode
}
