package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkOutDir makes sure dir can be written before a long search starts:
// it is created if missing, and a probe file is written and removed.
func checkOutDir(dir string) error {
	if dir == "" {
		return nil
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return usagef("--out %s is a file, not a directory: give a directory (it is created if missing)", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("--out %s cannot be created: %v", dir, unwrapPath(err))
	}
	probe, err := os.CreateTemp(dir, ".tcpcheck-probe-*")
	if err != nil {
		return usagef("--out %s is not writable: %v", dir, unwrapPath(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
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

// writeFile writes data to dir/name and records the path in files.
func writeFile(files *[]string, dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %v", path, unwrapPath(err))
	}
	*files = append(*files, path)
	return nil
}
