package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The text file of a counterexample holds the counterexample, not the
// command's report of the files it wrote.
func TestOutTextHasNoReportLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cex")
	if code, _, errs := runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1", "--out", dir); code != exitViolated {
		t.Fatalf("exit %d; stderr %q", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "P1.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "wrote ") || !strings.Contains(string(data), "P1 ") {
		t.Errorf("P1.txt:\n%s", data)
	}
}

// An --out directory shows one run: the files of the previous tcpcheck run
// are removed, a directory of someone else's files is refused unless
// --force, and a symbolic link in it is replaced, never followed.
func TestOutDirReuse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := runCLI(t, "explore", "-q", "--variant", "two-way-handshake", "--props", "P1", "--out", dir); code != exitViolated {
		t.Fatalf("explore: exit %d; stderr %q", code, errs)
	}
	if code, _, errs := runCLI(t, "replay", "S1", "--out", dir); code != exitOK {
		t.Fatalf("replay into the same directory: exit %d; stderr %q", code, errs)
	}
	want := []string{"S1-ladder.dot", "S1-ladder.svg", "S1-path.dot", "S1-path.svg", "S1.mmd", "S1.puml", manifestName}
	if got := listDir(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after a second run the directory holds %v, want %v", got, want)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range want[:4] {
		if !strings.Contains(string(manifest), "\n"+name+"\n") {
			t.Errorf("manifest does not list %s:\n%s", name, manifest)
		}
	}

	// A manifest naming a file elsewhere removes nothing there.
	outside := filepath.Join(t.TempDir(), "precious")
	writeTestFile(t, outside, "keep")
	writeTestFile(t, filepath.Join(dir, manifestName), "../"+filepath.Base(outside)+"\n"+outside+"\n")
	if code, _, errs := runCLI(t, "replay", "S1", "--out", dir); code != exitOK {
		t.Fatalf("replay: exit %d; stderr %q", code, errs)
	}
	if data, err := os.ReadFile(outside); err != nil || string(data) != "keep" {
		t.Errorf("a manifest entry outside the directory was acted on: %q, %v", data, err)
	}

	// Someone else's directory.
	foreign := t.TempDir()
	writeTestFile(t, filepath.Join(foreign, "notes.txt"), "mine")
	code, _, errs := runCLI(t, "replay", "S1", "--out", foreign)
	if code != exitUsage || !strings.Contains(errs, "notes.txt") || !strings.Contains(errs, "--force") {
		t.Fatalf("foreign directory: exit %d, stderr %q; want 2 naming notes.txt and --force", code, errs)
	}
	if got := listDir(t, foreign); len(got) != 1 {
		t.Errorf("a refused run changed the directory: %v", got)
	}
	// With --force; a planted link is replaced, its target left alone.
	target := filepath.Join(t.TempDir(), "target")
	writeTestFile(t, target, "untouched")
	if err := os.Symlink(target, filepath.Join(foreign, "S1-ladder.dot")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "replay", "S1", "--out", foreign, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d; stderr %q", code, errs)
	}
	if data, _ := os.ReadFile(target); string(data) != "untouched" {
		t.Errorf("the target of a symbolic link in --out was overwritten: %q", data)
	}
	if fi, err := os.Lstat(filepath.Join(foreign, "S1-ladder.dot")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("S1-ladder.dot is not a regular file after the run: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(data) != "mine" {
		t.Errorf("--force touched a file it did not write: %q", data)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
