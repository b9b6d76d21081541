package main

import (
	"fmt"

	"github.com/tcpcheck/tcpcheck/graphs"
)

// writeSequence writes a ladder as sequence-diagram text next to its
// pictures: name.mmd (Mermaid) and name.puml (PlantUML), to paste into
// notes and wikis that render either.
func writeSequence(files *[]string, dir, name string, l *graphs.Ladder) error {
	for _, f := range []struct {
		ext   string
		write func() ([]byte, error)
	}{{".mmd", l.Mermaid}, {".puml", l.PlantUML}} {
		src, err := f.write()
		if err != nil {
			return fmt.Errorf("%s%s: %v", name, f.ext, err)
		}
		if err := writeFile(files, dir, name+f.ext, src); err != nil {
			return err
		}
	}
	return nil
}
