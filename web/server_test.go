package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// newTestServer is a server with a small search budget, shared by the
// tests of a run (it replays the built-in scenarios once).
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	s, err := New(Options{Budget: Budget{MaxStates: 2_000_000, MaxMemory: 1 << 30}})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Notes(); len(n) > 0 {
		t.Logf("notes: %v", n)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, ts *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	res, err := noRedirect.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header
}

// follow gets path and, if it redirects, the page it redirects to.
func follow(t *testing.T, ts *httptest.Server, path string) (string, string) {
	t.Helper()
	code, _, h := get(t, ts, path)
	if code != http.StatusSeeOther {
		t.Fatalf("GET %s: status %d, want 303", path, code)
	}
	loc := h.Get("Location")
	code, body, _ := get(t, ts, loc)
	if code != http.StatusOK {
		t.Fatalf("GET %s (from %s): status %d: %s", loc, path, code, body)
	}
	return loc, body
}

func TestRoutes(t *testing.T) {
	ts := newTestServer(t)
	long := strings.Repeat("0.", MaxPath) + "0"
	for _, tc := range []struct {
		path string
		code int
		want []string // in the body
	}{
		{"/", 200, []string{"TCP connection explorer", `id="tcb-A-state"`, "CLOSED", "passive OPEN", "§3.10.1", "<svg"}},
		{"/?lang=zh", 200, []string{"TCP 连接状态探索器", "被动 OPEN", "可走的下一步"}},
		{"/?variant=rfc1337", 200, []string{"variant=rfc1337"}},
		{"/?p=1.0&at=1", 200, []string{`class="current"`, "forward →"}},
		{"/?variant=nope", 400, []string{`variant &#34;nope&#34; is unknown`, "rfc1337"}},
		{"/?p=99", 400, []string{"index 99, is not enabled", "indices 0 to"}},
		{"/?p=" + long, 400, []string{fmt.Sprintf("the limit is %d", MaxPath)}},
		{"/?p=a.b", 400, []string{"is not a step index"}},
		{"/?p=-1", 400, []string{"is not a step index"}},
		{"/?p=0&p=1", 400, []string{"given 2 times"}},
		{"/?at=3", 400, []string{"at=&#34;3&#34; is not a step of the path"}},
		{"/?lang=fr", 400, []string{"lang=&#34;fr&#34;"}},
		{"/?why=P99", 400, []string{"why=&#34;P99&#34; is not a property"}},
		{"/?bogus=1", 400, []string{"unknown parameter &#34;bogus&#34;"}},
		{"/?isn-space=abc", 400, []string{"isn-space=abc is not a whole number"}},
		{"/?isn-space=2", 400, []string{"--isn-space 2 is out of range"}},
		{"/?old-dups=Q:syn", 400, []string{"--old-dups"}},
		{"/?lang=zh&variant=nope", 400, []string{"请求有误"}},
		{"/ladder.svg?p=1.0.4", 200, []string{"<svg", "TCP A", "&lt;SEQ=100&gt;&lt;CTL=SYN&gt;"}},
		{"/ladder.svg?p=77", 400, []string{"not enabled"}},
		{"/figure5.svg?p=1.0", 200, []string{"<svg", "ESTABLISHED", "LISTEN"}},
		{"/figure5.svg?variant=x", 400, []string{"unknown"}},
		{"/scenario/nope", 400, []string{"no built-in scenario &#34;nope&#34;", "S1"}},
		{"/break/P99", 400, []string{"&#34;P99&#34; is not a property"}},
		{"/break/P4?p=99", 400, []string{"not enabled"}},
		{"/start?params=nokey", 400, []string{"is not key=value"}},
		{"/start?params=colour%3Dred", 400, []string{"unknown parameter &#34;colour&#34;"}},
		{"/start?variant=rfc1337&params=window%3D0", 400, []string{"--window 0 is out of range"}},
		{"/start?x=1", 400, []string{"unknown parameter"}},
		{"/static/app.js", 200, []string{"ArrowLeft"}},
		{"/static/style.css", 200, []string{"@media"}},
		{"/static/../server.go", 307, nil}, // cleaned to /server.go, which does not exist
		{"/server.go", 404, nil},
		{"/static/nothere.js", 404, nil},
		{"/nope", 404, nil},
		{"/trace", 405, nil},
	} {
		code, body, _ := get(t, ts, tc.path)
		if code != tc.code {
			t.Errorf("GET %s: status %d, want %d\n%.400s", tc.path, code, tc.code, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: body lacks %q\n%.600s", tc.path, w, body)
			}
		}
		if strings.Contains(body, "??") {
			t.Errorf("GET %s: a text is missing: %s", tc.path, body[strings.Index(body, "??"):][:40])
		}
	}
}

// TestBoundStep asks for a step that leaves the model's bounds: a 400
// that names the bound.
func TestBoundStep(t *testing.T) {
	ts := newTestServer(t)
	c, err := configOf([]scenario.Setting{{Key: "net-bound", Value: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	// Breadth-first over short paths until a successor hits a bound.
	type node struct {
		s    model.State
		path []int
	}
	queue := []node{{m.Initial(), nil}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for k, x := range m.Successors(&n.s) {
			p := append(append([]int(nil), n.path...), k)
			if x.Next.HitBound() {
				code, body, _ := get(t, ts, "/?net-bound=1&p="+joinPath(p))
				if code != 400 || !strings.Contains(body, "leaves the model") || !strings.Contains(body, "net-bound") {
					t.Fatalf("bound step %v: status %d\n%s", p, code, body)
				}
				return
			}
			if len(p) < 5 {
				queue = append(queue, node{x.Next, p})
			}
		}
	}
	t.Fatal("no step within 5 leaves --net-bound 1: the test needs another configuration")
}

func TestScenarios(t *testing.T) {
	ts := newTestServer(t)
	for _, name := range scenario.Builtin() {
		loc, body := follow(t, ts, "/scenario/"+name)
		if !strings.Contains(body, "<svg") {
			t.Errorf("%s (%s): no picture", name, loc)
		}
	}
	// Language is kept.
	_, body := follow(t, ts, "/scenario/S1?lang=zh")
	if !strings.Contains(body, "三次握手") {
		t.Error("S1 in Chinese lacks its Chinese title")
	}
}

// TestStories checks the four classic stories of the page's examples:
// each link leads to the state the story ends in.
func TestStories(t *testing.T) {
	ts := newTestServer(t)
	_, home, _ := get(t, ts, "/")
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"three-way handshake", []string{`id="tcb-A-state" class="" title="A state: the connection state (RFC 9293 §3.3.2, Figure 5)">ESTABLISHED`, `id="tcb-B-state" class="changed" title="B state: the connection state (RFC 9293 §3.3.2, Figure 5)">ESTABLISHED`}},
		{"four-segment close", []string{">CLOSED</td>", "TIME-WAIT → CLOSED"}},
		{"old duplicate SYN (Figure 8)", []string{"old incarnation", "&lt;SEQ=91&gt;&lt;CTL=RST&gt;"}},
		{"TIME-WAIT assassination", []string{"The last step broke P4 TimeWaitProtects", "shortest counterexample of P4", ">sender closed</span>"}},
	} {
		i := strings.Index(home, ">"+tc.text+"</a>")
		if i < 0 {
			t.Errorf("the page has no example %q", tc.text)
			continue
		}
		j := strings.LastIndex(home[:i], `href="`)
		href := strings.ReplaceAll(home[j+6:i-1], "&amp;", "&")
		code, body, h := get(t, ts, href)
		if code == http.StatusSeeOther {
			code, body, _ = get(t, ts, h.Get("Location"))
		}
		if code != 200 {
			t.Errorf("%s: %s: status %d", tc.text, href, code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s): page lacks %q", tc.text, href, w)
			}
		}
	}
}

func TestBreak(t *testing.T) {
	ts := newTestServer(t)
	loc, body := follow(t, ts, "/break/P1s?variant=two-way-handshake&opens=1")
	if !strings.Contains(loc, "why=P1s") || !strings.Contains(body, "The last step broke P1") {
		t.Errorf("P1s of two-way-handshake: %s\n%.300s", loc, body)
	}
	// The same search again is served from the cache, to the same place.
	loc2, _ := follow(t, ts, "/break/P1s?variant=two-way-handshake&opens=1")
	if loc2 != loc {
		t.Errorf("second search went to %s, first to %s", loc2, loc)
	}
	// L1 is a lasso: its path is the prefix and the cycle.
	loc, _ = follow(t, ts, "/break/L1?opens=1&attempts=1")
	if !strings.Contains(loc, "why=L1") {
		t.Errorf("L1: %s", loc)
	}
	// A property that holds says so, with a 200 and a way back.
	code, body, _ := get(t, ts, "/break/P1?variant=rfc1337&opens=1&attempts=1&loss-budget=0")
	if code != 200 || !strings.Contains(body, "P1 NoStaleConnection holds in this configuration") {
		t.Errorf("P1 holds: status %d\n%.500s", code, body)
	}
}

func TestBreakBudget(t *testing.T) {
	s, err := New(Options{Budget: Budget{MaxStates: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	code, body, _ := get(t, ts, "/break/P7")
	if code != 200 || !strings.Contains(body, "stopped before deciding P7") {
		t.Errorf("budget: status %d\n%.500s", code, body)
	}
}

func TestStart(t *testing.T) {
	ts := newTestServer(t)
	loc, body := follow(t, ts, "/start?variant=rfc1337&params="+url.QueryEscape("abort=false --loss-budget=2")+"&lang=zh")
	for _, w := range []string{"variant=rfc1337", "abort=false", "loss-budget=2", "lang=zh"} {
		if !strings.Contains(loc, w) {
			t.Errorf("start went to %s, which lacks %s", loc, w)
		}
	}
	if !strings.Contains(body, "可走的下一步") {
		t.Error("the started page is not in Chinese")
	}
	// A setting equal to the variant's default is left out of the URL.
	loc, _ = follow(t, ts, "/start?variant=rfc9293&params=dup%3Dtrue")
	if loc != "/" {
		t.Errorf("default configuration went to %s, want /", loc)
	}
}

func TestTraceUpload(t *testing.T) {
	ts := newTestServer(t)
	src, err := scenario.Source("S3")
	if err != nil {
		t.Fatal(err)
	}
	post := func(ct string, body io.Reader) (int, string, string) {
		res, err := noRedirect.Post(ts.URL+"/trace", ct, body)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	// A file, as the page's form sends it.
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "../../etc/passwd")
	io.WriteString(fw, src)
	mw.WriteField("lang", "zh")
	mw.Close()
	code, loc, body := post(mw.FormDataContentType(), strings.NewReader(buf.String()))
	_, want, _ := get(t, ts, "/scenario/S3?lang=zh")
	_ = want
	if code != 303 || !strings.Contains(loc, "old-dups=") || !strings.Contains(loc, "lang=zh") {
		t.Errorf("upload S3: %d %s\n%s", code, loc, body)
	}
	// Pasted text.
	form := url.Values{"text": {"B open passive\nA open active\n"}}
	code, loc, body = post("application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if code != 303 || !strings.Contains(loc, "p=") {
		t.Errorf("pasted trace: %d %s\n%s", code, loc, body)
	}
	for _, tc := range []struct {
		name, ct, body, want string
	}{
		{"not a behaviour", "text/plain", "A rcv <SEQ=1><CTL=SYN>\n", "not enabled"},
		{"syntax", "text/plain", "A dance\n", "trace"},
		{"empty", "text/plain", "  \n", "no trace was sent"},
		{"too large", "text/plain", strings.Repeat("# comment\n", MaxTrace/10+100), "bytes"},
		{"bad config", "text/plain", "config variant=nope\nA open active\n", "nope"},
	} {
		code, _, body := post(tc.ct, strings.NewReader(tc.body))
		if code != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: status %d, want 400 with %q\n%.400s", tc.name, code, tc.want, body)
		}
	}
}

// TestSharedURL: the URL alone rebuilds the state, whatever came before.
func TestSharedURL(t *testing.T) {
	ts := newTestServer(t)
	loc, first := follow(t, ts, "/scenario/S7")
	_, again, _ := get(t, ts, loc)
	if first != again {
		t.Error("the same URL gave two different pages")
	}
}

// TestPathProperties: every step of a counterexample is judged by the
// same checks as the search, and only its last step breaks the property.
func TestPathProperties(t *testing.T) {
	ts := newTestServer(t)
	loc, _ := follow(t, ts, "/break/P1?variant=two-way-handshake")
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := parseSession(u.Query())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := props.Lookup([]string{"P1"})
	for i, st := range ss.steps {
		broke := false
		for _, b := range st.broken {
			broke = broke || b.ID == p[0].ID
		}
		if last := i == len(ss.steps)-1; broke != last {
			t.Errorf("step %d of %d: P1 broken %v", i+1, len(ss.steps), broke)
		}
	}
}

// TestEveryText: both languages have every key, and the page in each
// language shows no missing text.
func TestEveryText(t *testing.T) {
	for k, m := range texts {
		if m.en == "" || m.zh == "" {
			t.Errorf("text %q lacks a language: %+v", k, m)
		}
	}
	for _, p := range props.All() {
		if z, ok := propZH[p.ID]; !ok || z.en != p.Meaning {
			t.Logf("property %s has no current Chinese meaning: the page shows the English one", p.ID)
		}
	}
	for _, v := range model.Variants() {
		if z, ok := variantZH[v.Name]; !ok || z.en != v.Summary {
			t.Logf("variant %s has no current Chinese summary: the page shows the English one", v.Name)
		}
	}
}

// TestOffline: the page loads nothing from elsewhere, so it works with
// no network.
func TestOffline(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{"/", "/?lang=zh&p=1.0"} {
		_, body, _ := get(t, ts, p)
		for _, bad := range []string{`src="http`, `href="http`, `src="//`, `href="//`, "@import", "url(http"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s refers elsewhere: %s", p, bad)
			}
		}
	}
	_, css, _ := get(t, ts, "/static/style.css")
	if strings.Contains(css, "http") {
		t.Error("the style sheet refers elsewhere")
	}
}
