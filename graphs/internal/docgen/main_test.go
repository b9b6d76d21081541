package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDocgenIsDeterministic writes the pictures twice and compares every
// byte: the README's pictures must not change unless the model does.
func TestDocgenIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("searches about a million states; skipped under -short")
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := run(dir); err != nil {
			t.Fatal(err)
		}
	}
	files, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	svgs := 0
	for _, f := range files {
		x, _ := os.ReadFile(filepath.Join(a, f.Name()))
		y, err := os.ReadFile(filepath.Join(b, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", f.Name())
		}
		if filepath.Ext(f.Name()) == ".svg" {
			svgs++
			dot := f.Name()[:len(f.Name())-4] + ".dot"
			if _, err := os.Stat(filepath.Join(a, dot)); err != nil {
				t.Errorf("%s has no DOT file beside it", f.Name())
			}
		}
	}
	if svgs < 14 {
		t.Errorf("%d pictures written, want at least the 14 of docs/img", svgs)
	}
}
