package scenario

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed traces/*.trace
var builtinFS embed.FS

// Builtin lists the names of the built-in traces (S1, S2, S2-literal, ...)
// in scenario order.
func Builtin() []string {
	entries, err := fs.ReadDir(builtinFS, "traces")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".trace"))
	}
	sort.Slice(names, func(i, j int) bool { return scenarioLess(names[i], names[j]) })
	return names
}

// scenarioLess orders S2 before S10, and S2 before S2-literal.
func scenarioLess(a, b string) bool {
	na, ra := splitName(a)
	nb, rb := splitName(b)
	if na != nb {
		return na < nb
	}
	return ra < rb
}

func splitName(s string) (int, string) {
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[1:i])
	if err != nil || !strings.HasPrefix(s, "S") {
		return 1 << 30, s
	}
	return n, s[i:]
}

// Source returns the text of a built-in trace.
func Source(name string) (string, error) {
	data, err := builtinFS.ReadFile(path.Join("traces", name+".trace"))
	if err != nil {
		return "", fmt.Errorf("no built-in trace %q: want one of %s, or a file name", name, strings.Join(Builtin(), ", "))
	}
	return string(data), nil
}

// Load parses a built-in trace by name (case-insensitive, "S1" or "s1"),
// or else the trace file at that path.
func Load(name string) (*Trace, error) {
	for _, b := range Builtin() {
		if strings.EqualFold(b, name) {
			src, err := Source(b)
			if err != nil {
				return nil, err
			}
			return Parse(b, strings.NewReader(src))
		}
	}
	f, err := os.Open(name)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no built-in trace or file %q: want one of %s, or the path of a trace file", name, strings.Join(Builtin(), ", "))
		}
		return nil, fmt.Errorf("cannot read trace: %w", err)
	}
	defer f.Close()
	return Parse(name, f)
}
