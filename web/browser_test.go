package web

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The pictures of the README: go test ./web -run TestBrowser -args -screenshots ../docs/img/serve
// (docs/serve-screenshots.sh).
var screenshots = flag.String("screenshots", "", "write screenshots of the page (English and Chinese, desktop and phone) to `DIR`")

// chromium finds a Chromium to drive: $TCPCHECK_CHROMIUM, else the
// Debian package's binary or another usual name on PATH.
func chromium() string {
	if p := os.Getenv("TCPCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium with a fresh profile and no network
// traffic of its own, and returns a tab on it, bounded in time.
func browser(t *testing.T, exe string) (context.Context, context.CancelFunc) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelT := chromedp.NewContext(actx)
	// The first action starts the browser, which lives as long as the
	// context of that call: the time limit goes on a context derived
	// after it.
	if err := chromedp.Do(ctx); err != nil {
		cancelT()
		cancelA()
		t.Fatalf("starting %s: %v", exe, err)
	}
	tctx, cancelD := context.WithTimeout(ctx, 2*time.Minute)
	return tctx, func() { cancelD(); cancelT(); cancelA() }
}

type (
	void   = chromedp.Void
	action = chromedp.Action[void]
	target = chromedp.Target
)

// clickStep clicks the enabled step whose text contains text and waits
// for the page it leads to.
func clickStep(text string) action {
	return clickAndWait(fmt.Sprintf(`//section[@id="next"]//a[contains(., %q)]`, text))
}

// clickAndWait clicks the element at xpath and waits until the browser
// shows another URL and its page has loaded.
func clickAndWait(xpath string) action {
	return chromedp.Func(func(ctx context.Context, t *target) error {
		before, err := chromedp.Location()(ctx, t)
		if err != nil {
			return err
		}
		if _, err := chromedp.Click(chromedp.Search(xpath), chromedp.NodeVisible)(ctx, t); err != nil {
			return fmt.Errorf("click %s: %w", xpath, err)
		}
		return waitNewPage(ctx, t, before)
	})
}

// waitNewPage waits until the tab shows a loaded page at another URL than
// before. The page being replaced may vanish under an evaluation, so an
// error while navigating means "not yet".
func waitNewPage(ctx context.Context, t *target, before string) error {
	check := fmt.Sprintf(`location.href !== %q && document.readyState === "complete" && !!document.getElementById("tcb")`, before)
	var last error
	for {
		ok, err := chromedp.Evaluate[bool](check)(ctx, t)
		if err == nil && ok {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting to leave %s: %v (last error: %v)", before, ctx.Err(), last)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// key presses a key and waits for the page it leads to.
func key(k string) action {
	return chromedp.Func(func(ctx context.Context, t *target) error {
		before, err := chromedp.Location()(ctx, t)
		if err != nil {
			return err
		}
		if _, err := chromedp.KeyEvent(k)(ctx, t); err != nil {
			return err
		}
		return waitNewPage(ctx, t, before)
	})
}

// arrowsJS counts the ladder's segment arrows that were received.
const arrowsJS = `Array.from(document.querySelectorAll('#ladder svg a')).filter(a => (a.getAttributeNS('http://www.w3.org/1999/xlink','title')||'').includes('received at step')).length`

// seen is what the page shows of a state: both endpoints' states and
// the number of arrows of the ladder.
type seen struct {
	a, b   string
	arrows int
}

func look(s *seen) action {
	return chromedp.Func(func(ctx context.Context, t *target) error {
		var err error
		if s.a, err = chromedp.Text(chromedp.CSS("#tcb-A-state"))(ctx, t); err != nil {
			return err
		}
		if s.b, err = chromedp.Text(chromedp.CSS("#tcb-B-state"))(ctx, t); err != nil {
			return err
		}
		s.arrows, err = chromedp.Evaluate[int](arrowsJS)(ctx, t)
		return err
	})
}

// TestBrowser drives the page in a real browser: the three-way handshake
// by clicking, the keyboard, the language switch, and a shared URL
// opened cold in a new browser context.
func TestBrowser(t *testing.T) {
	exe := chromium()
	if exe == "" {
		t.Skip("browser test skipped: no Chromium found (install the Debian package chromium, or set TCPCHECK_CHROMIUM); .ci/run installs it")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	ctx, cancel := browser(t, exe)
	defer cancel()
	var s seen
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitReady(chromedp.CSS("#tcb")),
		clickStep("B's user calls passive OPEN"),
		clickStep("A's user calls active OPEN"),
		clickStep("B receives <SEQ=100><CTL=SYN> from A"),
		clickStep("A receives <SEQ=300><ACK=101><CTL=SYN,ACK> from B"),
		clickStep("B receives <SEQ=101><ACK=301><CTL=ACK> from A"),
		look(&s),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s.a != "ESTABLISHED" || s.b != "ESTABLISHED" || s.arrows != 3 {
		t.Fatalf("after the handshake: A %s, B %s, %d arrows; want ESTABLISHED, ESTABLISHED, 3", s.a, s.b, s.arrows)
	}

	// The keyboard: back one step, then forward again.
	var back seen
	err = chromedp.Do(ctx,
		key(kb.ArrowLeft), look(&back),
		key(kb.ArrowRight), look(&s),
	)
	if err != nil {
		t.Fatal(err)
	}
	if back.b != "SYN-RECEIVED" || back.arrows != 2 || s.b != "ESTABLISHED" || s.arrows != 3 {
		t.Errorf("← then →: B %s with %d arrows, then B %s with %d", back.b, back.arrows, s.b, s.arrows)
	}
	// A digit takes that enabled step: 1 is A's CLOSE.
	var closed seen
	if err := chromedp.Do(ctx, key("1"), look(&closed), key(kb.ArrowLeft)); err != nil {
		t.Fatal(err)
	}
	if closed.a != "FIN-WAIT-1" {
		t.Errorf("key 1 took A to %s, want FIN-WAIT-1 (A's CLOSE)", closed.a)
	}

	// Chinese.
	var heading, shared string
	err = chromedp.Do(ctx,
		clickAndWait(`//a[@id="langswitch"]`),
		chromedp.Func(func(ctx context.Context, t *target) (err error) {
			heading, err = chromedp.Text(chromedp.CSS("#next h2"))(ctx, t)
			return err
		}),
		look(&s),
		chromedp.Func(func(ctx context.Context, t *target) (err error) {
			shared, err = chromedp.Location()(ctx, t)
			return err
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, "可走的下一步") {
		t.Errorf("Chinese heading of the enabled steps is %q", heading)
	}
	if s.a != "ESTABLISHED" || s.b != "ESTABLISHED" || s.arrows != 3 {
		t.Errorf("after switching language: A %s, B %s, %d arrows", s.a, s.b, s.arrows)
	}

	// The shared URL, cold: a new browser context, with its own cache,
	// cookies and storage and no history, as a fresh profile has.
	ctx2, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	var cold seen
	var lang chromedp.AttributeResult
	err = chromedp.Do(ctx2,
		chromedp.Navigate(shared),
		chromedp.WaitReady(chromedp.CSS("#tcb")),
		look(&cold),
		chromedp.Func(func(ctx context.Context, t *target) (err error) {
			lang, err = chromedp.AttributeValue(chromedp.CSS("html"), "lang")(ctx, t)
			return err
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if cold != s || lang.Value != "zh-CN" {
		t.Errorf("the shared URL opened cold shows %+v in %q, want %+v in zh-CN", cold, lang.Value, s)
	}

	if *screenshots != "" {
		takeScreenshots(t, ctx2, ts.URL, *screenshots)
	}
}

// takeScreenshots writes the README's pictures: the states of the
// examples in both languages on a desktop and a phone.
func takeScreenshots(t *testing.T, ctx context.Context, base, dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The handshake as the page's example link has it.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("#tcb"))); err != nil {
		t.Fatal(err)
	}
	handshake, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".examples a"))[0].getAttribute("href")`))
	if err != nil || !strings.HasPrefix(handshake, "/?") {
		t.Fatalf("the first example is %q (%v), want a link to the handshake", handshake, err)
	}
	for _, sh := range []struct {
		name   string
		path   string
		w, h   int64
		scale  float64
		mobile bool
	}{
		{"desktop-en", "/break/P4?abort=false", 1440, 1350, 1, false},
		{"desktop-zh", "/scenario/S3?lang=zh", 1440, 1350, 1, false},
		{"phone-en", handshake, 390, 844, 2, true},
		{"phone-zh", handshake + "&lang=zh", 390, 844, 2, true},
	} {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(sh.scale)}
		if sh.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(sh.w, sh.h, opts...),
			chromedp.Navigate(base+sh.path),
			chromedp.WaitReady(chromedp.CSS("#tcb")),
			chromedp.Sleep(300*time.Millisecond),
		)
		if err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, sh.name+".png")
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", out)
	}
}
