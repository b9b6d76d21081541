//go:build unix

package graphs

import (
	"os"
	"syscall"
)

// safeDir reports whether path is a directory, not a symbolic link, owned
// by the user (or by root when rootOK) and not writable by group or
// others.
func safeDir(path string, rootOK bool) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	uid := uint32(os.Getuid())
	return st.Uid == uid || rootOK && st.Uid == 0
}
