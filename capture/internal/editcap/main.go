// Command editcap makes the hand-edited captures of capture/testdata from
// the recorded ones, following capture/testdata/edits.txt (the format is
// described in package pcaptest).
//
//	go run ./capture/internal/editcap -dir capture/testdata
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tcpcheck/tcpcheck/internal/pcaptest"
)

func main() {
	dir := flag.String("dir", "capture/testdata", "directory holding edits.txt and the captures")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "editcap:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	text, err := os.ReadFile(filepath.Join(dir, "edits.txt"))
	if err != nil {
		return err
	}
	edits, err := pcaptest.ParseEdits(string(text))
	if err != nil {
		return err
	}
	for _, e := range edits {
		b, err := os.ReadFile(filepath.Join(dir, e.From+".pcap"))
		if err != nil {
			return err
		}
		src, err := pcaptest.Read(b)
		if err != nil {
			return err
		}
		out, err := e.Apply(src)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, e.Name+".pcap")
		if err := os.WriteFile(p, pcaptest.Write(out), 0o644); err != nil {
			return err
		}
		fmt.Println(p)
	}
	return nil
}
