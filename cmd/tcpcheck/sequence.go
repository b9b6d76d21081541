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

// writeLadder writes a ladder diagram as NAME-ladder.dot and .svg and as the
// sequence diagrams NAME.mmd and NAME.puml.
func writeLadder(files *[]string, dir, name string, l *graphs.Ladder) error {
	src, err := l.WriteDOT()
	if err != nil {
		return fmt.Errorf("%s ladder: %v", name, err)
	}
	if err := writeDOTSVG(files, dir, name+"-ladder", src); err != nil {
		return err
	}
	return writeSequence(files, dir, name, l)
}
