package scenario

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestBuiltinParse(t *testing.T) {
	names := Builtin()
	// S1–S14 (figures and hazards of the RFCs), the second forms, and the data
	// scenarios S15–S17.
	want := []string{"S2-literal", "S12-no-rto", "S13-lost", "S14-rfc1337"}
	for i := 1; i <= 17; i++ {
		want = append(want, "S"+strconv.Itoa(i))
	}
	for _, want := range want {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("Builtin() = %v lacks %s", names, want)
		}
	}
	for _, n := range names {
		tr, err := Load(n)
		if err != nil {
			t.Errorf("Load(%s): %v", n, err)
			continue
		}
		if !strings.HasPrefix(tr.Title, n+":") {
			t.Errorf("%s: title %q does not start with %q", n, tr.Title, n+":")
		}
	}
}

func TestBuiltinOrder(t *testing.T) {
	names := Builtin()
	for i := 1; i < len(names); i++ {
		if !scenarioLess(names[i-1], names[i]) {
			t.Errorf("Builtin() out of order at %s, %s", names[i-1], names[i])
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "mine.trace")
	if err := os.WriteFile(good, []byte("A open active\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.trace")
	if err := os.WriteFile(bad, []byte("A open active\nA fly\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wantErr string
	}{
		{"s1", ""},
		{"S14-RFC1337", ""},
		{good, ""},
		{bad, bad + ":2:3: unknown verb"},
		{"S99", `no built-in trace or file "S99"`},
		{dir, "cannot read trace"},
	}
	for _, tt := range tests {
		tr, err := Load(tt.name)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("Load(%q): %v", tt.name, err)
		case tt.wantErr == "" && len(tr.Steps) == 0:
			t.Errorf("Load(%q) has no steps", tt.name)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Load(%q) = %v, want an error with %q", tt.name, err, tt.wantErr)
		}
	}
}
