package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// manifestName is the file in an --out directory that lists what the last
// run of tcpcheck wrote there. Its presence marks the directory as
// tcpcheck's: the next run removes the files it lists before writing its
// own, so that the directory always shows one run, never a mix.
const manifestName = "tcpcheck-manifest.txt"

const manifestHeader = `# Files written into this directory by the last tcpcheck run, one a line.
# The next tcpcheck run with --out here removes them before writing its own.
`

// prepareOutDir makes dir ready for a run before a long search starts: it
// is created if missing; a directory holding files but no manifest was
// not written by tcpcheck and is refused unless force; the files a
// previous run listed in the manifest are removed (a symbolic link is
// removed, never followed); and a fresh manifest is started, which
// writeFile extends file by file, so that even an interrupted run leaves
// a directory the next run can clean.
func prepareOutDir(dir string, force bool, command string) error {
	if dir == "" {
		return nil
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return usagef("--out %s is a file, not a directory: give a directory (it is created if missing)", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("--out %s cannot be created: %v", dir, unwrapPath(err))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return usagef("--out %s cannot be read: %v", dir, unwrapPath(err))
	}
	old, hasManifest, err := readManifest(dir)
	if err != nil {
		return usagef("--out %s: %v", dir, err)
	}
	if !hasManifest && len(entries) > 0 && !force {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		more := ""
		if len(names) > 3 {
			names, more = names[:3], ", ..."
		}
		return usagef("--out %s already holds files that tcpcheck did not write (%s%s): give an empty or new directory, or add --force to write into it anyway (files of the same name are replaced, others are left alone)", dir, strings.Join(names, ", "), more)
	}
	for _, name := range old {
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil || fi.IsDir() {
			continue
		}
		if err := os.Remove(p); err != nil {
			return usagef("--out %s: removing %s of the previous run: %v", dir, name, unwrapPath(err))
		}
	}
	hdr := manifestHeader + "# " + command + "\n"
	if err := replaceFile(filepath.Join(dir, manifestName), []byte(hdr)); err != nil {
		return usagef("--out %s is not writable: %v", dir, unwrapPath(err))
	}
	return nil
}

// readManifest returns the file names the manifest in dir lists. Only
// plain names are taken, so a manifest cannot name a file elsewhere.
func readManifest(dir string) (names []string, ok bool, err error) {
	p := filepath.Join(dir, manifestName)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !fi.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a regular file: remove it or give another directory", manifestName)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false, err
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || line == manifestName ||
			line != filepath.Base(line) || line == "." || line == ".." {
			continue
		}
		names = append(names, line)
	}
	return names, true, nil
}

// checkOutFile makes sure the directory of file exists and is writable.
func checkOutFile(file string) error {
	if file == "" {
		return nil
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		return usagef("--graph %s is a directory: give a file name such as states.dot", file)
	}
	dir := filepath.Dir(file)
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return usagef("--graph %s: directory %s does not exist", file, dir)
	}
	probe, err := os.CreateTemp(dir, ".tcpcheck-probe-*")
	if err != nil {
		return usagef("--graph %s: directory %s is not writable: %v", file, dir, unwrapPath(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// unwrapPath drops the path from an *os.PathError, which the message
// already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeFile writes data to dir/name, records the path in files and, when
// dir has a manifest, the name in it.
func writeFile(files *[]string, dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	if err := replaceFile(path, data); err != nil {
		return fmt.Errorf("writing %s: %v", path, unwrapPath(err))
	}
	*files = append(*files, path)
	m, err := os.OpenFile(filepath.Join(dir, manifestName), os.O_WRONLY|os.O_APPEND|noFollow, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recording %s in %s: %v", name, manifestName, unwrapPath(err))
	}
	_, err = fmt.Fprintln(m, name)
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return err
}

// replaceFile writes data to path through a new file renamed over it, so
// that a symbolic link at path is replaced, never followed, and a reader
// never sees half a file.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tcpcheck-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// commandLine is the command as the manifest records it.
func commandLine(cmd string, args []string) string {
	return strings.Join(append([]string{"tcpcheck", cmd}, args...), " ")
}
