package graphs

import (
	"os"
	"path/filepath"
)

// CacheDir returns the directory where the Graphviz WASM runtime keeps its
// compiled code, or "" for no cache. Compiled code is run natively, so a
// directory that another user owns or could write to is never used: it is
// os.UserCacheDir()/tcpcheck/graphviz, created mode 0700, and it, its
// parent and the user's cache directory must be real directories (not
// symbolic links), not writable by group or others, and owned by the user
// (the user's cache directory may also belong to root). Setting TCPCHECK_CACHE=off
// turns the cache off; the renderer then compiles on every start (about a
// second).
func CacheDir() string {
	if os.Getenv("TCPCHECK_CACHE") == "off" {
		return ""
	}
	base, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(base) {
		return ""
	}
	dir := filepath.Join(base, "tcpcheck", "graphviz")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	if !safeDir(base, true) || !safeDir(filepath.Dir(dir), false) || !safeDir(dir, false) {
		return ""
	}
	return dir
}
