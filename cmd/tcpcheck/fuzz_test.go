package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Whatever the arguments, tcpcheck answers with one of its four exit codes
// and never panics; bad usage (exit 2) writes nothing on stdout. Every run
// is bounded by --max-states so that a valid configuration stays cheap.
func TestArgumentsNeverPanic(t *testing.T) {
	flagsWithValues := map[string][]string{
		"--workers":     {"0", "1", "2", "-1", "x", "99999"},
		"--store":       {"exact", "fingerprint", "disk"},
		"--max-depth":   {"0", "3", "-2", "deep"},
		"--memory":      {"0", "1MiB", "1", "-5G", "lots"},
		"--timeout":     {"0", "1m", "-1s", "later"},
		"--format":      {"text", "json", "yaml"},
		"--props":       {"P1", "P5,L1", "P9", ",", "", "Prop", "TypeOK"},
		"--model":       {"tcp", "tla-examples", "spin"},
		"--variant":     {"rfc9293", "rfc1337", "two-way-handshake", "fixed-isn", "nope"},
		"--isn-space":   {"4", "12", "1024", "3", "99999", "-1"},
		"--window":      {"1", "2", "0", "600"},
		"--r2":          {"0", "1", "8"},
		"--opens":       {"1", "2", "0", "9"},
		"--attempts":    {"1", "2", "4"},
		"--net-bound":   {"1", "2", "7"},
		"--loss-budget": {"-1", "0", "1", "-2"},
		"--isn":         {"monotone", "footprint", "fast", "fixed", "random"},
		"--iss":         {"100,300", "1,2", "5000,1", "x"},
		"--isn-stride":  {"3", "100", "1"},
		"--roles":       {"client-server", "both-active", "any", "none"},
		"--rules":       {"rfc9293", "rfc793", "rfc1"},
		"--tw-guard":    {"drain-peer", "drain", "any-time", "never"},
		"--old-dups":    {"none", "A:syn", "B:synack,A:ack", "A<SEQ=90><CTL=SYN>", "C:syn", "A:zzz"},
		"--graph-limit": {"5", "0", "300"},
	}
	boolFlags := []string{"--dup", "--crash", "--abort", "--rfc5961", "--rfc1337", "--rto", "--fin-wait-2-timer",
		"--quiet-time", "--abort-in-time-wait", "--continue", "--dup=false", "--abort=off", "--rto=maybe"}
	var names []string
	for n := range flagsWithValues {
		names = append(names, n)
	}
	rapid.Check(t, func(t *rapid.T) {
		cmd := rapid.SampledFrom([]string{"explore", "graph", "replay", "list", "version"}).Draw(t, "command")
		args := []string{cmd, "-q", "--max-states", "300"}
		switch cmd {
		case "replay":
			args = append(args[:1], rapid.SampledFrom([]string{"S1", "S3", "S14", "S99", "-"}).Draw(t, "trace"))
		case "list", "version":
			args = args[:1]
		}
		n := rapid.IntRange(0, 5).Draw(t, "flags")
		for i := 0; i < n; i++ {
			if rapid.Bool().Draw(t, "bool?") {
				args = append(args, rapid.SampledFrom(boolFlags).Draw(t, "bool"))
				continue
			}
			name := rapid.SampledFrom(sortedCopy(names)).Draw(t, "flag")
			args = append(args, name, rapid.SampledFrom(flagsWithValues[name]).Draw(t, "value"))
		}
		if rapid.IntRange(0, 9).Draw(t, "junk?") == 0 {
			args = append(args, rapid.SampledFrom([]string{"--bogus", "extra", "-x", "--", "--max-states=-1"}).Draw(t, "junk"))
		}
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader("config isn-space=1024\nB open passive\n"), stdout: &out, stderr: &errb}
		code := dispatch(context.Background(), e, args)
		if code < 0 || code > 3 {
			t.Fatalf("%q: exit %d", args, code)
		}
		if code == exitUsage && out.Len() > 0 && !strings.Contains(out.String(), `"errors"`) && !strings.Contains(out.String(), "verdict:") &&
			!strings.Contains(out.String(), "wrote") {
			t.Fatalf("%q: bad usage but stdout %q", args, out.String())
		}
		if code == exitUsage && errb.Len() == 0 {
			t.Fatalf("%q: exit 2 without a message", args)
		}
	})
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}
