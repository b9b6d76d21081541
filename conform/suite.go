package conform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tcpcheck/tcpcheck/model"
)

// Options are the knobs of one conformance run.
type Options struct {
	Variant   string // model variant whose rules the stack is judged by
	Known     string // --known file, or ""
	Seed      int64  // seed of the random walks
	Walks     int    // number of random walks
	WalkLen   int    // steps per walk
	Depth     int    // steps of the coverage search
	Scenarios bool   // run the drivable built-in scenarios S1–S17
	Timers    bool   // also run the tests that wait for the stack's timers
	Retries   int    // the stack's retransmissions before it gives up (R2 of the timer tests); Execute sets it from the driver
	Out       string // directory for the artefacts, or ""
	SVG       bool   // also render the ladders of new differences as SVG
	JSON      bool   // print the JSON report instead of the table
}

// Exit codes (DEVELOPERS.md).
const (
	ExitOK    = 0 // no new deviation
	ExitNew   = 1 // new deviations
	ExitUsage = 2 // bad input: unknown stack or variant, no TUN, no permission
)

// base is the variant's configuration (Tests has checked it).
func base(o Options) model.Config {
	c, _ := model.Variant(o.Variant)
	return c
}

// Undrivable says why a variant's rules cannot be checked against a real
// stack, or "" when they can.
func Undrivable(c model.Config) string {
	switch {
	case c.ISN != model.ISNMonotone:
		return "its ISS policy is not monotone: a real stack draws its own initial sequence numbers, which the tester maps per attempt, so a rule about ISS values cannot be observed"
	case c.Crash:
		return "it crashes endpoints, which a tester cannot make a stack do"
	case len(c.OldDups) > 0:
		return "it starts with old duplicates in flight; the tester injects segments itself"
	}
	return ""
}

// Tests builds the suite: the coverage tests, the drivable scenarios and
// the walks, in that order.
func Tests(o Options) ([]Test, []string, error) {
	base, err := model.Variant(o.Variant)
	if err != nil {
		return nil, nil, err
	}
	if why := Undrivable(base); why != "" {
		return nil, nil, fmt.Errorf("variant %s cannot be driven against a real stack: %s; use rfc9293, rfc1337 or rfc793", o.Variant, why)
	}
	m, err := model.New(ConformConfig(base))
	if err != nil {
		return nil, nil, err
	}
	tests := Coverage(m, o.Depth)
	if o.Timers {
		check := ConformConfig(base)
		check.R2 = o.Retries
		gc := check
		gc.RTO, gc.FinWait2Timer = true, true
		gen, err := model.New(gc)
		if err != nil {
			return nil, nil, err
		}
		tests = append(tests, TimerTests(gen, check, o.Depth)...)
	}
	var notes []string
	if o.Scenarios {
		sc, skipped := Scenarios(base)
		tests = append(tests, sc...)
		notes = append(notes, skipped...)
	}
	if o.Walks > 0 {
		tests = append(tests, Walks(m, o.Seed, o.Walks, o.WalkLen)...)
	}
	return tests, notes, nil
}

// Execute runs the suite against d and prints the table (or JSON), the
// differences and the summary line to w; it returns the exit code.
func Execute(ctx context.Context, d Driver, o Options, w, errw io.Writer) int {
	var known []*KnownEntry
	if o.Known != "" {
		f, err := os.Open(o.Known)
		if err != nil {
			fmt.Fprintf(errw, "tcpcheck conform: --known %s: %v\n", o.Known, unwrap(err))
			return ExitUsage
		}
		known, err = ParseKnown(o.Known, f)
		f.Close()
		if err != nil {
			fmt.Fprintf(errw, "tcpcheck conform: %v\n", err)
			return ExitUsage
		}
	}
	if o.Timers {
		td, ok := d.(TimedDriver)
		if !ok {
			fmt.Fprintf(errw, "tcpcheck conform: the %s stack's timers cannot be waited for\n", d.Name())
			return ExitUsage
		}
		o.Retries = td.Retries()
	}
	tests, notes, err := Tests(o)
	if err != nil {
		fmt.Fprintf(errw, "tcpcheck conform: %v\n", err)
		return ExitUsage
	}
	start := time.Now()
	rn := &Runner{Driver: d}
	rs, err := rn.Run(ctx, tests)
	unused := ApplyKnown(d.Name(), rs, known)
	if err == nil && len(known) > 0 {
		// Find again the keys lost behind known deviations.
		m, merr := model.New(ConformConfig(base(o)))
		for round := 1; merr == nil && err == nil && round <= rederiveRounds; round++ {
			more := Rederive(m, o.Depth, rs, round)
			if len(more) == 0 {
				break
			}
			var rs2 []Result
			rs2, err = rn.Run(ctx, more)
			for i := range rs2 {
				rs2[i].Rederived = true
			}
			unused = ApplyKnown(d.Name(), rs2, known)
			rs = append(rs, rs2...)
		}
	}
	secs := time.Since(start).Seconds()
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(errw, "tcpcheck conform: %s: %v\n", d.Name(), err)
		return ExitUsage
	}
	sum := Summarize(d.Name(), o.Variant, rs, secs)
	var files map[string][]string
	if o.Out != "" {
		files, err = WriteArtefacts(o.Out, d.Name(), rs, o.SVG)
		if err != nil {
			fmt.Fprintf(errw, "tcpcheck conform: writing to %s: %v\n", o.Out, err)
			return ExitUsage
		}
	}
	if o.JSON {
		if err := WriteJSON(w, NewReport(sum, o.Seed, o.Walks, rs, files)); err != nil {
			fmt.Fprintf(errw, "tcpcheck conform: %v\n", err)
			return ExitUsage
		}
	} else {
		WriteTable(w, rs)
		WriteDiffs(w, rs)
		for _, n := range notes {
			fmt.Fprintf(w, "scenario not driven: %s\n", n)
		}
		for _, k := range unused {
			if !o.Timers && strings.Contains(k.Signature, "| WAIT |") {
				continue // a timer test's deviation: no timer test ran
			}
			fmt.Fprintf(w, "known deviation not seen (line %d): %s\n", k.Line, k.Signature)
		}
		fmt.Fprintln(w, sum.Line())
	}
	if ctx.Err() != nil {
		fmt.Fprintln(errw, "tcpcheck conform: interrupted; the summary covers the tests run so far")
		return 3
	}
	if sum.New > 0 {
		return ExitNew
	}
	return ExitOK
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
