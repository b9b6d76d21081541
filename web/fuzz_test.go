package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

var (
	fuzzOnce sync.Once
	fuzzSrv  *Server
)

// FuzzQuery sends arbitrary queries to the page and the pictures: the
// answer is a page or a 400, never a panic (which ServeHTTP would turn
// into a 500) or another failure.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"", "p=1.0.4", "p=1.0.4&at=2&lang=zh", "variant=fixed-isn&p=0.0.0.0", "old-dups=A<SEQ=90><CTL=SYN>&p=1.0.4",
		"isn=fast&isn-space=8&iss=1,3&p=0.1.2", "net-bound=1&p=1.0.5.5.5", "p=99999999999999999999", "at=-1",
		"why=P4&p=", "roles=any&p=0.0.0", "%zz", "p=0&p=0", "loss-budget=unlimited&p=0.7.7", "iss=a",
	} {
		f.Add(q)
	}
	fuzzOnce.Do(func() {
		var err error
		if fuzzSrv, err = New(Options{Budget: Budget{MaxStates: 10_000}}); err != nil {
			f.Fatal(err)
		}
	})
	f.Fuzz(func(t *testing.T, q string) {
		for _, path := range []string{"/", "/figure5.svg"} {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path = path
			req.URL.RawQuery = q
			w := httptest.NewRecorder()
			fuzzSrv.ServeHTTP(w, req)
			if c := w.Code; c != http.StatusOK && c != http.StatusBadRequest {
				t.Fatalf("GET %s?%s: status %d: %s", path, q, c, strings.TrimSpace(w.Body.String()))
			}
		}
	})
}
