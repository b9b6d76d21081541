package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRendererStartsOnlyToDraw checks, with a real process, that a command
// drawing nothing never starts the Graphviz runtime (it would touch the
// compilation cache), and that a drawing command keeps its cache in the
// user's own cache directory.
func TestRendererStartsOnlyToDraw(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	home := t.TempDir()
	env := append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(home, "cache"), "TCPCHECK_CACHE=")
	cache := filepath.Join(home, "cache", "tcpcheck", "graphviz")
	for _, args := range [][]string{{"version"}, {"replay", "S1"}, {"list", "scenarios"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("tcpcheck %v: %v\n%s", args, err, out)
		}
		if _, err := os.Lstat(cache); err == nil {
			t.Fatalf("tcpcheck %v draws nothing but started the renderer (%s exists)", args, cache)
		}
	}
	cmd := exec.Command(bin, "replay", "S1", "--out", filepath.Join(home, "out"))
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tcpcheck replay S1 --out: %v\n%s", err, out)
	}
	fi, err := os.Lstat(cache)
	if err != nil {
		t.Fatalf("a drawing command left no compilation cache in the user's cache directory: %v", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("cache %s has mode %v, want private", cache, fi.Mode().Perm())
	}
}

// TestSecondUser is the reproduction of a bug where every command panicked
// for any user but the first to run tcpcheck on a machine: the renderer's
// compilation cache sat in a shared temporary directory that the first
// user owned. It needs root (to act as two users) and setpriv.
func TestSecondUser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to run tcpcheck as a second user (nobody)")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("needs setpriv (util-linux) to run tcpcheck as a second user")
	}
	// A directory nobody can read and write, outside t.TempDir (mode 0700).
	dir, err := os.MkdirTemp("", "tcpcheck-second-user-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t, dir)
	// The first user draws, which fills its cache; before the fix that
	// was a shared directory under /tmp.
	if out, err := exec.Command(bin, "replay", "S1", "--out", filepath.Join(dir, "root-out")).CombinedOutput(); err != nil {
		t.Fatalf("as root: %v\n%s", err, out)
	}
	nobody := func(args ...string) (string, error) {
		cmd := exec.Command(setpriv, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME=/nonexistent", "XDG_CACHE_HOME=", "TCPCHECK_CACHE=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := nobody("version"); err != nil || !strings.HasPrefix(out, "tcpcheck ") {
		t.Fatalf("tcpcheck version as nobody: %v\n%s", err, out)
	}
	out, err := nobody("replay", "S1", "--out", filepath.Join(dir, "nobody-out"))
	if err != nil {
		t.Fatalf("tcpcheck replay S1 --out as nobody: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "nobody-out", "S1-ladder.svg")); err != nil {
		t.Errorf("as nobody, no ladder drawn: %v\n%s", err, out)
	}
}

// buildBinary builds tcpcheck into dir and makes it runnable by anyone.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "tcpcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}
