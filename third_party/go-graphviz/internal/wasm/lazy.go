package wasm

import (
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
)

// tcpcheck patch: upstream compiled and instantiated the module in a
// package init, with a compilation cache in a shared directory under
// os.TempDir. Here the runtime starts on first use, a start failure is an
// error instead of a panic, and the cache directory is chosen by the
// program (none when CacheDir is empty).

// CacheDir is the compilation cache directory; empty means no cache. Set it
// before the first Start.
var CacheDir string

var (
	startOnce sync.Once
	startErr  error
)

// Start starts the WASM runtime once; later calls return the first result.
func Start() error {
	startOnce.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				startErr = fmt.Errorf("starting the graphviz runtime: %v", r)
			}
		}()
		start()
	})
	return startErr
}

func getCompilationCache() wazero.CompilationCache {
	if CacheDir == "" {
		return nil
	}
	cache, err := wazero.NewCompilationCacheWithDir(CacheDir)
	if err != nil {
		return nil
	}
	return cache
}
