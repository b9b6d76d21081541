package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tcpcheck/tcpcheck/graphs"
)

// writeGraph writes the state graph built by draw to file (DOT) and its
// SVG next to it. A graph above the node limit is refused with the
// message of graphs.TooLargeError, in the words of the flags.
func writeGraph(file string, files *[]string, draw func(limit int) ([]byte, error), limit int) error {
	src, err := draw(limit)
	if err != nil {
		var tl *graphs.TooLargeError
		if errors.As(err, &tl) && tl.Around {
			return fmt.Errorf("--graph %s: the %d-step neighbourhood of the counterexample has %d states, above --graph-limit %d: choose a smaller --graph-around or raise --graph-limit", file, tl.K, tl.States, tl.Limit)
		}
		if errors.As(err, &tl) {
			return fmt.Errorf("--graph %s: the state graph has %d states, above --graph-limit %d: raise --graph-limit, shrink the configuration (fewer --opens or --attempts, a smaller --net-bound, --dup=false, --loss-budget 0), or draw only the states around a counterexample with --graph-around K", file, tl.States, tl.Limit)
		}
		return fmt.Errorf("--graph %s: %v", file, err)
	}
	svg, err := graphs.RenderSVG(src)
	if err != nil {
		return fmt.Errorf("--graph %s: rendering SVG: %v", file, err)
	}
	dotPath, svgPath := file, strings.TrimSuffix(file, filepath.Ext(file))+".svg"
	if strings.EqualFold(filepath.Ext(file), ".svg") {
		dotPath = strings.TrimSuffix(file, filepath.Ext(file)) + ".dot"
	}
	for _, w := range []struct {
		path string
		data []byte
	}{{dotPath, src}, {svgPath, svg}} {
		if err := replaceFile(w.path, w.data); err != nil {
			return fmt.Errorf("--graph: writing %s: %v", w.path, unwrapPath(err))
		}
		*files = append(*files, w.path)
	}
	return nil
}
