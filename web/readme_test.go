package web

import (
	"bufio"
	"html"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The README's click paths are blocks of lines:
//
//	open  http://127.0.0.1:9293/?abort=false
//	click B's user calls passive OPEN
//	see   A ESTABLISHED, B ESTABLISHED
//	see   broke P4
//
// "click" takes the enabled step whose text starts with the rest of the
// line. TestClickPaths follows every block on the server, as a student
// would in the browser.
type clickPath struct {
	line  int
	steps []string // "open URL", "click TEXT", "see ..."
}

func readClickPaths(t *testing.T, file string) []clickPath {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []clickPath
	var cur *clickPath
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "open ") && strings.Contains(line, "127.0.0.1:9293"):
			out = append(out, clickPath{line: n})
			cur = &out[len(out)-1]
			cur.steps = append(cur.steps, line)
		case cur != nil && (strings.HasPrefix(line, "click ") || strings.HasPrefix(line, "see ")):
			cur.steps = append(cur.steps, line)
		default:
			cur = nil
		}
	}
	return out
}

var (
	stepLinkRE = regexp.MustCompile(`<a class="step" data-n="\d+" href="([^"]*)">(.*?)</a>`)
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	stateRE    = regexp.MustCompile(`id="tcb-([AB])-state"[^>]*>([^<]*)<`)
)

func TestClickPaths(t *testing.T) {
	paths := readClickPaths(t, "../README.md")
	if len(paths) < 4 {
		t.Fatalf("README.md has %d click paths, want the four stories (handshake, close, Figure 8, assassination)", len(paths))
	}
	ts := newTestServer(t)
	for _, p := range paths {
		var page string
		for i, st := range p.steps {
			verb, arg, _ := strings.Cut(st, " ")
			arg = strings.TrimSpace(arg)
			where := func() string { return "README.md:" + itoa(p.line+i) + ": " + st }
			switch verb {
			case "open":
				u, err := url.Parse(arg)
				if err != nil {
					t.Fatalf("%s: %v", where(), err)
				}
				code, body, h := get(t, ts, u.RequestURI())
				if code == 303 {
					code, body, _ = get(t, ts, h.Get("Location"))
				}
				if code != 200 {
					t.Fatalf("%s: status %d\n%.300s", where(), code, body)
				}
				page = body
			case "click":
				href := ""
				for _, m := range stepLinkRE.FindAllStringSubmatch(page, -1) {
					text := html.UnescapeString(tagRE.ReplaceAllString(m[2], ""))
					text = strings.TrimSpace(strings.TrimLeftFunc(text, func(r rune) bool { return r >= '0' && r <= '9' || r == ' ' }))
					if strings.HasPrefix(text, arg) {
						href = html.UnescapeString(m[1])
						break
					}
				}
				if href == "" {
					t.Fatalf("%s: no enabled step starts so", where())
				}
				code, body, _ := get(t, ts, href)
				if code != 200 {
					t.Fatalf("%s: status %d", where(), code)
				}
				if i := strings.Index(body, "??"); i >= 0 {
					t.Errorf("%s: a text is missing: %s", where(), body[i:min(len(body), i+30)])
				}
				page = body
			case "see":
				if strings.HasPrefix(arg, "broke ") {
					id := strings.TrimPrefix(arg, "broke ")
					if !strings.Contains(page, "The last step broke "+id+" ") {
						t.Errorf("%s: the last step did not break %s", where(), id)
					}
					continue
				}
				got := map[string]string{}
				for _, m := range stateRE.FindAllStringSubmatch(page, -1) {
					got[m[1]] = m[2]
				}
				for _, part := range strings.Split(arg, ",") {
					side, state, _ := strings.Cut(strings.TrimSpace(part), " ")
					if got[side] != state {
						t.Errorf("%s: %s is %s", where(), side, got[side])
					}
				}
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
