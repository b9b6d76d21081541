package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

//go:embed assets
var assets embed.FS

// MaxTrace is the largest trace file the page accepts, in bytes.
const MaxTrace = 64 << 10

// Options configures a Server.
type Options struct {
	Budget Budget      // for counterexample searches; the zero Budget means DefaultBudget
	Log    *log.Logger // where failures of the server itself go; nil discards
}

// Server is the web explorer. It is an http.Handler.
type Server struct {
	mux      *http.ServeMux
	page     *template.Template
	errPage  *template.Template
	search   *searcher
	builtins []builtin
	notes    []string
	log      *log.Logger
	svgMu    sync.Mutex
	svgCache map[string][]byte
	svgOrder []string
	staticFS fs.FS
}

// New builds the server: it replays the built-in scenarios once and parses
// the page template.
func New(o Options) (*Server, error) {
	if o.Budget == (Budget{}) {
		o.Budget = DefaultBudget
	}
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{mux: http.NewServeMux(), search: newSearcher(o.Budget), log: o.Log, svgCache: map[string][]byte{}}
	s.builtins, s.notes = loadBuiltins()
	for _, n := range s.notes {
		s.log.Print(n)
	}
	var err error
	s.page, err = template.New("page.html").Funcs(funcs).ParseFS(assets, "assets/page.html")
	if err != nil {
		return nil, err
	}
	s.errPage, err = template.New("error.html").Funcs(funcs).ParseFS(assets, "assets/error.html")
	if err != nil {
		return nil, err
	}
	s.staticFS, err = fs.Sub(assets, "assets/static")
	if err != nil {
		return nil, err
	}
	s.mux.HandleFunc("GET /{$}", s.handlePage)
	s.mux.HandleFunc("GET /ladder.svg", s.handleLadder)
	s.mux.HandleFunc("GET /figure5.svg", s.handleFigure5)
	s.mux.HandleFunc("GET /start", s.handleStart)
	s.mux.HandleFunc("GET /scenario/{name}", s.handleScenario)
	s.mux.HandleFunc("GET /break/{prop}", s.handleBreak)
	s.mux.HandleFunc("POST /trace", s.handleTrace)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(s.staticFS)))
	return s, nil
}

// Notes are what New left out (a built-in trace that did not replay).
func (s *Server) Notes() []string { return s.notes }

// ServeHTTP serves a request. A panic in a handler is a bug: it is logged
// and answered with a 500, and the server goes on.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Printf("panic serving %s: %v", r.URL, v)
			http.Error(w, "internal error: the server failed on this request; please report the URL", http.StatusInternalServerError)
		}
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	s.mux.ServeHTTP(w, r)
}

// fail answers an error: a 400 with the message for bad input, else a
// 500 (logged).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	l := langOf(r)
	code := http.StatusBadRequest
	if !isBad(err) {
		code = http.StatusInternalServerError
		s.log.Printf("error serving %s: %v", r.URL, err)
	}
	var buf bytes.Buffer
	data := map[string]any{"L": l, "Code": code, "Msg": err.Error(), "Home": homeURL(l)}
	if terr := s.errPage.Execute(&buf, data); terr != nil {
		http.Error(w, err.Error(), code)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// langOf is the request's language, English when it names none or a bad one.
func langOf(r *http.Request) lang {
	l, err := parseLang(r.URL.Query().Get(keyLang))
	if err != nil {
		return langEN
	}
	return l
}

func homeURL(l lang) string {
	if l == langEN {
		return "/"
	}
	return "/?" + keyLang + "=" + string(l)
}

func pageURL(q url.Values) string {
	if len(q) == 0 {
		return "/"
	}
	return "/?" + q.Encode()
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	ss, err := parseSession(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.view(ss)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := s.page.Execute(&buf, data); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (s *Server) handleLadder(w http.ResponseWriter, r *http.Request) {
	ss, err := parseSession(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svg, err := s.ladderSVG(ss)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeSVG(w, svg)
}

func (s *Server) handleFigure5(w http.ResponseWriter, r *http.Request) {
	ss, err := parseSession(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svg, err := s.figure5SVG(ss)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeSVG(w, svg)
}

func writeSVG(w http.ResponseWriter, svg []byte) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(svg)
}

// handleStart reads the start form: a variant and parameters as
// "key=value" words, and goes to its initial state.
func (s *Server) handleStart(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "variant" && k != "params" && k != keyLang {
			s.fail(w, r, badf("unknown parameter %q: the start form sends variant, params and lang", k))
			return
		}
	}
	l, err := parseLang(q.Get(keyLang))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var set []scenario.Setting
	if v := q.Get("variant"); v != "" {
		set = append(set, scenario.Setting{Key: "variant", Value: v})
	}
	keys := configKeys()
	for _, word := range strings.Fields(strings.ReplaceAll(q.Get("params"), ";", " ")) {
		k, v, ok := strings.Cut(word, "=")
		k = strings.TrimLeft(k, "-")
		if !ok || k == "" {
			s.fail(w, r, badf("parameter %q is not key=value: write e.g. abort=false loss-budget=2", word))
			return
		}
		if !keys[k] || k == "variant" {
			s.fail(w, r, badf("unknown parameter %q: use one of %s", k, strings.Join(scenario.ConfigKeys(), ", ")))
			return
		}
		set = append(set, scenario.Setting{Key: k, Value: v})
	}
	c, err := configOf(set)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	canon, err := canonical(c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(buildQuery(canon, nil, -1, l, nil)), http.StatusSeeOther)
}

// handleScenario goes to a built-in scenario's last state.
func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	l := langOf(r)
	for _, b := range s.builtins {
		if strings.EqualFold(b.name, name) {
			http.Redirect(w, r, pageURL(buildQuery(b.settings, b.path, -1, l, nil)), http.StatusSeeOther)
			return
		}
	}
	var names []string
	for _, b := range s.builtins {
		names = append(names, b.name)
	}
	s.fail(w, r, badf("no built-in scenario %q: use one of %s", name, strings.Join(names, ", ")))
}

// handleBreak searches for the shortest counterexample of a property in
// the configuration of the query and goes there.
func (s *Server) handleBreak(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ps, err := props.Lookup([]string{r.PathValue("prop")})
	if err != nil || len(ps) != 1 {
		s.fail(w, r, badf("%q is not a property: use one of %s", r.PathValue("prop"), propIDs()))
		return
	}
	p := ps[0]
	ss, err := parseSession(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := pageURL(buildQuery(ss.settings, nil, -1, langEN, nil))
	res, err := s.search.shortest(r.Context(), key, ss.cfg, p)
	if err != nil {
		if errors.Is(err, r.Context().Err()) {
			return
		}
		s.fail(w, r, err)
		return
	}
	if res.verdict == explore.Violated {
		http.Redirect(w, r, pageURL(buildQuery(ss.settings, res.path, -1, ss.lang, &p)), http.StatusSeeOther)
		return
	}
	// No counterexample: say why, on a page of its own.
	l := ss.lang
	var text string
	if res.verdict == explore.Holds {
		text = fmt.Sprintf(T(l, "holds"), p.ID+" "+p.Name, res.states)
	} else {
		text = fmt.Sprintf(T(l, "incomplete"), p.ID+" "+p.Name, res.stopped)
	}
	var buf bytes.Buffer
	data := map[string]any{"L": l, "Code": http.StatusOK, "Msg": text, "Home": pageURL(ss.query(ss.indices(), ss.at, l, nil))}
	if err := s.errPage.Execute(&buf, data); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// handleTrace opens an uploaded trace: the form's text field or file,
// read into memory (at most MaxTrace bytes), parsed and replayed.
func (s *Server) handleTrace(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxTrace+8<<10)
	l := langOf(r)
	var src []byte
	name := "trace"
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		if err := r.ParseMultipartForm(MaxTrace + 8<<10); err != nil {
			s.fail(w, r, badf("the upload could not be read: %v (a trace may have at most %d bytes)", err, MaxTrace))
			return
		}
		defer r.MultipartForm.RemoveAll()
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, MaxTrace+1))
			if err != nil {
				s.fail(w, r, badf("the uploaded file could not be read: %v", err))
				return
			}
			src, name = b, h.Filename
		}
		if len(bytes.TrimSpace(src)) == 0 {
			src = []byte(r.FormValue("text"))
		}
		if v := r.FormValue(keyLang); v != "" {
			l, _ = parseLang(v)
		}
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, badf("the form could not be read: %v (a trace may have at most %d bytes)", err, MaxTrace))
			return
		}
		src = []byte(r.PostFormValue("text"))
		if v := r.PostFormValue(keyLang); v != "" {
			l, _ = parseLang(v)
		}
	default:
		b, err := io.ReadAll(r.Body)
		if err != nil {
			s.fail(w, r, badf("the trace could not be read: %v (at most %d bytes)", err, MaxTrace))
			return
		}
		src = b
	}
	if len(src) > MaxTrace {
		s.fail(w, r, badf("the trace has more than %d bytes: shorten it", MaxTrace))
		return
	}
	if len(bytes.TrimSpace(src)) == 0 {
		s.fail(w, r, badf("no trace was sent: choose a file or paste a trace (docs/TRACES.md)"))
		return
	}
	t, err := scenario.Parse(baseName(name), bytes.NewReader(src))
	if err != nil {
		s.fail(w, r, badf("%v", err))
		return
	}
	b, err := fromTrace(t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(buildQuery(b.settings, b.path, -1, l, nil)), http.StatusSeeOther)
}

// baseName keeps the last element of an uploaded file's name, for messages.
func baseName(n string) string {
	n = n[strings.LastIndexAny(n, `/\`)+1:]
	if n == "" {
		return "trace"
	}
	return n
}

// render lays out DOT as SVG, remembering recent pictures: the same state
// is drawn again on every back and forward.
func (s *Server) render(src []byte) ([]byte, error) {
	key := string(src)
	s.svgMu.Lock()
	if svg, ok := s.svgCache[key]; ok {
		s.svgMu.Unlock()
		return svg, nil
	}
	s.svgMu.Unlock()
	svg, err := graphs.RenderSVG(src)
	if err != nil {
		return nil, err
	}
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		svg = svg[i:]
	}
	s.svgMu.Lock()
	defer s.svgMu.Unlock()
	if len(s.svgOrder) >= 256 {
		delete(s.svgCache, s.svgOrder[0])
		s.svgOrder = s.svgOrder[1:]
	}
	s.svgCache[key] = svg
	s.svgOrder = append(s.svgOrder, key)
	return svg, nil
}

// ladderSVG draws the path up to the cursor, the step that broke a
// property in red.
func (s *Server) ladderSVG(ss *session) ([]byte, error) {
	broken := -1
	for i, st := range ss.steps[:ss.at] {
		if len(st.broken) > 0 && broken < 0 {
			broken = i + 1
		}
	}
	l, err := graphs.LadderFromTrace("", ss.trace(), broken, -1)
	if err != nil {
		return nil, err
	}
	src, err := l.WriteDOT()
	if err != nil {
		return nil, err
	}
	return s.render(src)
}

// figure5SVG draws Figure 5 with the current states and the last step.
func (s *Server) figure5SVG(ss *session) ([]byte, error) {
	cur := ss.current()
	var last *model.Action
	if ss.at > 0 {
		a := ss.steps[ss.at-1].action
		last = &a
	}
	src, err := graphs.Figure5Here(&cur, last)
	if err != nil {
		return nil, err
	}
	return s.render(src)
}
