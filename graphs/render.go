package graphs

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/emicklei/dot"
	"github.com/goccy/go-graphviz"
)

// The Graphviz instance runs in a WASM sandbox that is not safe for
// concurrent use; one instance behind a lock serves the whole process and
// is created on first use, so that commands drawing nothing never start it.
// startGraphviz is a variable so that a test can make the start fail.
var (
	gvMu          sync.Mutex
	gv            *graphviz.Graphviz
	startGraphviz = func(ctx context.Context) (*graphviz.Graphviz, error) {
		graphviz.SetCacheDir(CacheDir())
		return graphviz.New(ctx)
	}
)

// RenderSVG lays out a DOT graph and returns it as SVG. The layout engine
// is taken from the graph's layout attribute (dot when absent), as the
// Graphviz command-line tools do.
func RenderSVG(src []byte) ([]byte, error) { return render(src, graphviz.SVG) }

// RenderPNG is RenderSVG for a raster image, used to look at pictures.
func RenderPNG(src []byte) ([]byte, error) { return render(src, graphviz.PNG) }

func render(src []byte, format graphviz.Format) ([]byte, error) {
	gvMu.Lock()
	defer gvMu.Unlock()
	ctx := context.Background()
	if gv == nil {
		g, err := startGraphviz(ctx)
		if err != nil {
			return nil, fmt.Errorf("graphs: cannot start the Graphviz renderer (the .dot files can still be drawn with Graphviz's dot -Tsvg): %w", err)
		}
		gv = g
	}
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("graphs: parsing DOT: %w", err)
	}
	defer g.Close()
	layout := graphviz.Layout(g.GetStr("layout"))
	if layout == "" {
		layout = graphviz.DOT
	}
	gv.SetLayout(layout)
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, format, &buf); err != nil {
		return nil, fmt.Errorf("graphs: rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// WriteFiles writes dir/name.dot and, next to it, dir/name.svg rendered
// from it, creating dir if needed.
func WriteFiles(dir, name string, src []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	svg, err := RenderSVG(src)
	if err != nil {
		return fmt.Errorf("graphs: %s: %w", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".dot"), src, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".svg"), svg, 0o644)
}

// source serializes g. emicklei/dot writes nodes, edges and subgraphs in
// sorted key order, so equal graphs give equal bytes.
func source(g *dot.Graph) []byte {
	var buf bytes.Buffer
	g.Write(&buf)
	return buf.Bytes()
}

func itoa(i int) string { return strconv.Itoa(i) }

// inches formats a coordinate with fixed precision, so that positions are
// byte-stable across platforms.
func inches(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
