package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release of tcpcheck; the VCS revision, when the binary was
// built from a checkout, is printed next to it.
const version = "0.1.0"

const versionUsage = `
Print the version of tcpcheck, the VCS revision it was built from (when
known) and the Go version.

Usage:
  tcpcheck version

Example:
  tcpcheck version
`

func runVersion(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("version", versionUsage, e)
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, fs.Name(), usagef("unexpected argument %q: version takes none", fs.Arg(0)))
	}
	fmt.Fprintf(e.stdout, "tcpcheck %s%s %s\n", version, revision(), runtime.Version())
	return exitOK
}

// revision returns " (rev abc1234[, modified])" from the build info, or "".
func revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf(" (rev %s%s)", rev, modified)
}
