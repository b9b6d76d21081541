//go:build linux

// Command gencap records the real-connection captures of capture/testdata:
// each scenario of package record runs in a private network namespace and
// is written as testdata/NAME.pcap. It needs root.
//
//	go run ./capture/internal/gencap -dir capture/testdata [-only NAME]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/tcpcheck/tcpcheck/internal/record"
)

func main() {
	dir := flag.String("dir", "capture/testdata", "directory to write NAME.pcap into")
	only := flag.String("only", "", "record only this scenario")
	flag.Parse()
	if err := record.Available(); err != nil {
		fmt.Fprintln(os.Stderr, "gencap:", err)
		os.Exit(2)
	}
	names := make([]string, 0, len(record.Scenarios))
	for n := range record.Scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if *only != "" && n != *only {
			continue
		}
		b, err := record.Run(record.Scenarios[n])
		if err != nil {
			fmt.Fprintf(os.Stderr, "gencap: %s: %v\n", n, err)
			os.Exit(1)
		}
		p := filepath.Join(*dir, n+".pcap")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gencap:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d bytes\n", p, len(b))
	}
}
