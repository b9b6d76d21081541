package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/tcpcheck/tcpcheck/query"
)

// Exit codes, shared by every command (DEVELOPERS.md).
const (
	exitOK         = 0 // every checked property holds
	exitViolated   = 1 // a property is violated
	exitUsage      = 2 // bad usage or input
	exitIncomplete = 3 // stopped early (budget or Ctrl-C) without a violation
)

// env is what a command may touch of the outside world. Tests build one
// with buffers; main builds it from the process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// tty is true when stderr is a terminal: progress then rewrites one
	// line in place instead of printing a line every few seconds.
	tty bool
}

// command is one subcommand of tcpcheck.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"explore", "check the properties of a model configuration exhaustively", runExplore},
		{"replay", "check a trace step by step against the model", runReplay},
		{"simulate", "take random runs through the model, checking the safety properties on every step", runSimulate},
		{"diff", "list the transitions one configuration takes and another never does", runDiff},
		{"conform", "check a real TCP stack (gVisor, Linux) against the model", runConform},
		{"check", "check a packet capture (pcap, pcapng) against the model", runCheck},
		{"graph", "rebuild the endpoint state diagram and compare it with RFC 9293 Figure 5", runGraph},
		{"list", "list variants, properties and built-in scenarios", runList},
		{"bench", "measure the explorer on this machine", runBench},
		{"serve", "serve a local web page to step through the model by hand", runServe},
		{"version", "print the version", runVersion},
	}
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, tty: isTerminal(stderr)}

	// The first Ctrl-C cancels the context: the search stops cleanly and
	// what was found so far is printed. After that the default handling is
	// restored, so a second Ctrl-C kills the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return dispatch(ctx, e, args)
}

func dispatch(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		mainUsage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "help":
		if name == "help" && len(args) > 1 {
			// "tcpcheck help explore" is "tcpcheck explore --help".
			return dispatch(ctx, e, []string{args[1], "--help"})
		}
		mainUsage(e.stdout)
		return exitOK
	case "-v", "--version":
		return runVersion(ctx, e, nil)
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	msg := fmt.Sprintf("unknown command %q", name)
	if s := suggest(name, commandNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	fmt.Fprintf(e.stderr, "tcpcheck: %s\nCommands: %s. Run 'tcpcheck --help' for usage.\n", msg, strings.Join(commandNames(), ", "))
	return exitUsage
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

func mainUsage(w io.Writer) {
	fmt.Fprint(w, `tcpcheck explores a formal model of TCP connection management (RFC 9293)
exhaustively and reports which properties hold, with shortest counterexamples.

Usage:
  tcpcheck <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  tcpcheck explore                           # every property of the default RFC 9293 configuration
  tcpcheck explore --variant two-way-handshake --out cex/
  tcpcheck simulate --runs 100 --seed 7      # random runs, printed like counterexamples
  tcpcheck replay S1                         # replay RFC 9293 Figures 6 and 12
  tcpcheck list                              # variants, properties, scenarios

Exit codes: 0 every checked property holds, 1 a property is violated,
2 bad usage or input, 3 stopped early without a violation (budget or Ctrl-C).
Run 'tcpcheck <command> --help' for the flags of a command.
`)
}

// usageError is bad usage or bad input: exit code 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// newFlagSet makes a flag set for a command whose help text is usage (the
// flags are appended to it).
func newFlagSet(name, usage string, e *env) *pflag.FlagSet {
	fs := pflag.NewFlagSet("tcpcheck "+name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by parseFlags
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprint(e.stdout, strings.TrimLeft(usage, "\n"))
		own := pflag.NewFlagSet("", pflag.ContinueOnError)
		own.SortFlags = false
		mod := pflag.NewFlagSet("", pflag.ContinueOnError)
		mod.SortFlags = false
		fs.VisitAll(func(f *pflag.Flag) {
			// Ranges are shown here, not only in the error for a bad value.
			if r, ok := f.Value.(interface{ Range() string }); ok && !strings.Contains(f.Usage, r.Range()) {
				f.Usage += ", " + r.Range()
			}
			if _, ok := f.Annotations[modelAnnotation]; ok {
				mod.AddFlag(f)
			} else {
				own.AddFlag(f)
			}
		})
		if own.HasAvailableFlags() {
			fmt.Fprintf(e.stdout, "\nFlags:\n%s", own.FlagUsagesWrapped(100))
		}
		if mod.HasAvailableFlags() {
			note := "the defaults shown are those of --variant rfc9293"
			if v := fs.Lookup("variant"); v != nil && v.DefValue != "rfc9293" {
				note += "; this command's default --variant " + v.DefValue + " changes some of them (tcpcheck list variants)"
			}
			fmt.Fprintf(e.stdout, "\nModel parameters (%s):\n%s", note, mod.FlagUsagesWrapped(100))
		}
	}
	return fs
}

// parseFlags parses args into fs. It returns done when the command must
// stop now, with the exit code: after --help (0) or on a bad flag (2).
func parseFlags(e *env, fs *pflag.FlagSet, args []string) (code int, done bool) {
	seen := map[string]bool{}
	err := fs.ParseAll(args, func(f *pflag.Flag, value string) error {
		if seen[f.Name] && f.Value.Type() != "stringArray" && value != f.Value.String() {
			return repeatedFlag(f, value)
		}
		seen[f.Name] = true
		if value == "" && (f.Name == "out" || f.Name == "graph") {
			return fmt.Errorf("--%s needs a name: an empty one would write nowhere (leave the flag out to write no files)", f.Name)
		}
		return fs.Set(f.Name, value)
	})
	if err == nil {
		return 0, false
	}
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK, true // pflag has already called fs.Usage
	}
	msg := err.Error()
	var ne *pflag.NotExistError
	if errors.As(err, &ne) {
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if s := suggest(ne.GetSpecifiedName(), names); s != "" {
			msg += fmt.Sprintf(" (did you mean --%s?)", s)
		}
	}
	return fail(e, fs.Name(), usagef("%s", msg)), true
}

// fail reports err on stderr and returns its exit code: 2 for usage and
// input errors, which are the only errors a command reports this way.
func fail(e *env, cmd string, err error) int {
	fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
	var u *usageError
	if errors.As(err, &u) && cmd != "tcpcheck" {
		fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", cmd)
	}
	return exitUsage
}

// suggest returns the candidate closest to s if it is a plausible typo.
func suggest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+1
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if d := query.EditDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// repeatedFlag is the error for a flag given twice: one value would be
// silently lost, so the user chooses.
func repeatedFlag(f *pflag.Flag, value string) error {
	msg := fmt.Sprintf("--%s given twice (%s, then %s): give it once", f.Name, f.Value.String(), value)
	if f.Name == "props" {
		msg += fmt.Sprintf("; a list is comma-separated: --props %s,%s", f.Value.String(), value)
	}
	return errors.New(msg)
}
