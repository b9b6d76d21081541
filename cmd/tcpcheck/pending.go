package main

import "context"

// Commands whose packages have not landed yet: they parse their flags (so
// --help works) and then say what is missing.

func pendingCommand(name, usage string) func(context.Context, *env, []string) int {
	return func(ctx context.Context, e *env, args []string) int {
		fs := newFlagSet(name, usage, e)
		if code, done := parseFlags(e, fs, args); done {
			return code
		}
		return fail(e, fs.Name(), usagef("not available in this build yet"))
	}
}

var (
	runGraph = pendingCommand("graph", graphUsage)
	runBench = pendingCommand("bench", benchUsage)
)
