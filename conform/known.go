package conform

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"strings"
)

// KnownEntry is one documented deviation of a stack from the model: where
// (the stack's state and the input), what the stack does instead, why, and
// the source that says so.
type KnownEntry struct {
	Stack     string
	Signature string // "STATE | input class | observed"
	Reason    string
	Ref       string // a kernel function, a gVisor file and function, an RFC clause
	Line      int
	used      bool
}

// ParseKnown reads a --known file: one deviation a line,
//
//	stack | STATE | input class | observed reply and state | reason | reference
//
// with '#' comments and blank lines ignored. The state, input and observed
// fields are patterns: '*' matches any run of characters, as in a shell. The first four fields must
// equal what `tcpcheck conform` prints for the difference; the reason and
// the reference must not be empty.
func ParseKnown(name string, r io.Reader) ([]*KnownEntry, error) {
	var out []*KnownEntry
	sc := bufio.NewScanner(r)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "|", 6) // the reference may hold a "|"
		if len(f) != 6 {
			return nil, fmt.Errorf("%s:%d: want 6 fields separated by '|' (stack | state | input | observed | reason | reference), got %d", name, ln, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if f[4] == "" || f[5] == "" {
			return nil, fmt.Errorf("%s:%d: a known deviation needs a reason and a source reference", name, ln)
		}
		out = append(out, &KnownEntry{Stack: f[0], Signature: f[1] + " | " + f[2] + " | " + f[3], Reason: f[4], Ref: f[5], Line: ln})
	}
	return out, sc.Err()
}

// ApplyKnown marks each DIFFER result whose signature is listed for the
// stack as KNOWN, and returns the entries for the stack that no result
// used (stale entries are worth reporting, not failing).
func ApplyKnown(stack string, results []Result, known []*KnownEntry) []*KnownEntry {
	for i := range results {
		r := &results[i]
		d := r.Diff()
		if r.Verdict != Differ || d == nil {
			continue
		}
		sig := d.Signature()
		for _, k := range known {
			if k.Stack == stack && sigMatch(k.Signature, sig) {
				r.Verdict = Known
				r.KnownRef = k
				k.used = true
				break
			}
		}
	}
	var unused []*KnownEntry
	for _, k := range known {
		if k.Stack == stack && !k.used {
			unused = append(unused, k)
		}
	}
	return unused
}

// sigMatch matches a signature against a pattern field by field.
func sigMatch(pattern, sig string) bool {
	p := strings.Split(pattern, " | ")
	s := strings.Split(sig, " | ")
	if len(p) != len(s) {
		return false
	}
	for i := range p {
		ok, err := path.Match(p[i], s[i])
		if err != nil || !ok {
			return false
		}
	}
	return true
}
