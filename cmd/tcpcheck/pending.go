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
	runReplay = pendingCommand("replay", replayUsage)
	runGraph  = pendingCommand("graph", graphUsage)
	runBench  = pendingCommand("bench", benchUsage)
)

// TODO(cli): fill from model.Variants() and scenario.Builtin() once they land.
func listVariants() []variantJSON   { return nil }
func listScenarios() []scenarioJSON { return nil }
