//go:build unix

package graphs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-graphviz"
)

// TestCacheDir checks that the compilation cache is only used in a
// directory that nobody else can write: compiled code found there is run.
func TestCacheDir(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, base string) // base is the user's cache directory
		ok    bool
	}{
		{"fresh", func(*testing.T, string) {}, true},
		{"existing private", func(t *testing.T, base string) {
			mkdir(t, filepath.Join(base, "tcpcheck", "graphviz"), 0o700)
		}, true},
		{"writable by others", func(t *testing.T, base string) {
			d := filepath.Join(base, "tcpcheck", "graphviz")
			mkdir(t, d, 0o700)
			chmod(t, d, 0o777)
		}, false},
		{"parent writable by group", func(t *testing.T, base string) {
			mkdir(t, filepath.Join(base, "tcpcheck"), 0o700)
			chmod(t, filepath.Join(base, "tcpcheck"), 0o770)
		}, false},
		{"symbolic link", func(t *testing.T, base string) {
			other := t.TempDir()
			mkdir(t, filepath.Join(base, "tcpcheck"), 0o700)
			if err := os.Symlink(other, filepath.Join(base, "tcpcheck", "graphviz")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"cache home writable by others", func(t *testing.T, base string) { chmod(t, base, 0o777) }, false},
		{"owned by another user", func(t *testing.T, base string) {
			if os.Getuid() != 0 {
				t.Skip("only root can give a directory to another user")
			}
			d := filepath.Join(base, "tcpcheck", "graphviz")
			mkdir(t, d, 0o700)
			if err := os.Chown(d, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := filepath.Join(t.TempDir(), "cache")
			mkdir(t, base, 0o700)
			t.Setenv("XDG_CACHE_HOME", base)
			t.Setenv("TCPCHECK_CACHE", "")
			tt.setup(t, base)
			got := CacheDir()
			want := ""
			if tt.ok {
				want = filepath.Join(base, "tcpcheck", "graphviz")
			}
			if got != want {
				t.Errorf("CacheDir() = %q, want %q", got, want)
			}
		})
	}
	t.Run("off", func(t *testing.T) {
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv("TCPCHECK_CACHE", "off")
		if got := CacheDir(); got != "" {
			t.Errorf("CacheDir() with TCPCHECK_CACHE=off = %q, want none", got)
		}
	})
}

// TestRenderStartFailure checks that a renderer that cannot start is an
// error for the caller, not a panic.
func TestRenderStartFailure(t *testing.T) {
	gvMu.Lock()
	saved, savedStart := gv, startGraphviz
	gv = nil
	startGraphviz = func(context.Context) (*graphviz.Graphviz, error) {
		return nil, errors.New("permission denied")
	}
	gvMu.Unlock()
	defer func() {
		gvMu.Lock()
		gv, startGraphviz = saved, savedStart
		gvMu.Unlock()
	}()
	_, err := RenderSVG([]byte("digraph { a -> b }"))
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("RenderSVG with a failing renderer: err = %v, want the start error", err)
	}
}

func mkdir(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(path, perm); err != nil {
		t.Fatal(err)
	}
}

func chmod(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}
