package props

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

var (
	printMatrix  = flag.Bool("matrix", false, "print the verdict matrix as a markdown table (for docs/MODEL.md §16)")
	matrixUpdate = flag.Bool("matrix-update", false, "rewrite the verdict matrix tables of README.md and docs/MODEL.md §16 from this run")
	matrixK3     = flag.Bool("matrix-k3", false, "run every row of the verdict matrix again at --net-bound 3 (slow: minutes and gigabytes; docs/MODEL.md §16 records its figures)")
	matrixRows   = flag.String("matrix-rows", "", "with -matrix-k3: run only the rows whose name matches this regular expression (to re-measure the rows a model change touched)")
)

// matrixRow is one configuration of the verdict matrix and the properties
// expected to fail in it. The expectations come from the brief and its
// errata, reasoned out in docs/MODEL.md §16; every other property must
// hold.
type matrixRow struct {
	name  string
	cfg   func() model.Config
	fails string // property IDs expected to fail, space separated
	slow  bool   // skipped under -short
	// depth pins counterexample lengths that are derived by hand.
	depth map[string]int
	// last checks the final step of a property's counterexample.
	last map[string]func(a model.Action) bool
	// k3 lists the properties expected to fail at --net-bound 3, when
	// they differ from fails.
	k3 *string
	// k3last replaces last at --net-bound 3, where a shorter
	// counterexample of another kind may appear one bound up.
	k3last map[string]func(a model.Action) bool
	// stuck: L1 fails already as a possibility (some state after both
	// CLOSEs cannot reach the goal at all); otherwise an L1 failure must
	// be one of inevitability only.
	stuck bool
}

func variant(name string, mods ...func(*model.Config)) func() model.Config {
	return func() model.Config {
		c, err := model.Variant(name)
		if err != nil {
			panic(err)
		}
		for _, f := range mods {
			f(&c)
		}
		return c
	}
}

func fixedISN(c *model.Config)      { c.ISN = model.ISNFixed }
func noRTO(c *model.Config)         { c.RTO = false }
func finWait2Timer(c *model.Config) { c.FinWait2Timer = true; c.R2 = 2 }
func data1(c *model.Config)         { c.Data, c.Opens, c.ISNStride = 1, 1, 4 }
func halfDuplexRST(c *model.Config) { c.HalfDuplexRST = true }

// reuse turns MAY-2 on in a configuration small enough for the matrix.
// A reuse above SND.NXT skips the clock's draws below its ISS (docs/MODEL.md
// §8), so it needs attempt 3 to happen at all.
func reuse(r model.TWReuse) func(*model.Config) {
	att := 2
	if r == model.TWReuseAbove {
		att = 3
	}
	return func(c *model.Config) { c.TWReuse, c.Attempts, c.Abort = r, att, false }
}

// oldData seeds the first unit of an earlier incarnation of A (--old-dups
// A:data).
func oldData(c *model.Config) {
	segs, err := model.ParseOldDups("A:data", *c)
	if err != nil {
		panic(err)
	}
	c.OldDups = segs
}

// rstInTimeWait is TIME-WAIT assassination: a RST delivered in TIME-WAIT
// ends it (RFC 1337 §2).
func rstInTimeWait(a model.Action) bool {
	return a.Kind == model.Deliver && a.Seg.Flags&model.FlagRST != 0 && a.From == model.TimeWait && a.To == model.Closed
}

var matrix = []matrixRow{
	{name: "rfc9293", cfg: variant("rfc9293"), fails: "P4 L1",
		last: map[string]func(model.Action) bool{"P4": rstInTimeWait}},
	{name: "rfc1337", cfg: variant("rfc1337"), fails: "L1"},
	{name: "rfc793", cfg: variant("rfc793"), fails: "P4 L1"},
	{name: "two-way-handshake", cfg: variant("two-way-handshake"), fails: "P1 P1s P2 P4 P5 P7 L1",
		// P1: OPEN, LISTEN, the SYN arrives. P1s (V1): OPEN, CLOSE in
		// SYN-SENT, LISTEN, the stale SYN arrives.
		depth: map[string]int{"P1": 3, "P1s": 4, "P5": 3}},
	{name: "no-time-wait", cfg: variant("no-time-wait"), fails: "P4 L1",
		last: map[string]func(model.Action) bool{"P4": rstInLastAck}},
	{name: "fixed-isn", cfg: variant("fixed-isn"), fails: "P1 P1s P2 P3 P4 P6 P7 L1", slow: true},
	{name: "synsent-accepts-any-synack", cfg: variant("synsent-accepts-any-synack"), fails: "P1 P1s P2 P4 P6 P7 L1", slow: true},
	// Test-only configurations.
	{name: "rfc9293, ABORT in TIME-WAIT", cfg: variant("rfc9293", func(c *model.Config) { c.AbortInTimeWait = true }), fails: "P4 L1"},
	{name: "no-time-wait, fixed ISN", cfg: variant("no-time-wait", fixedISN), fails: "P1 P1s P2 P3 P4 P6 P7 L1", slow: true},
	// Errata 5: drain alone lets TIME-WAIT end while the peer may still
	// retransmit its FIN or give up.
	{name: "rfc1337, TIME-WAIT guard drain only", cfg: variant("rfc1337", func(c *model.Config) { c.TWGuard = model.TWDrain }), fails: "P4 L1"},
	// Without ABORT, a FIN dropped in SYN-SENT and its retransmission
	// lost leave the peer in FIN-WAIT-2 forever: stuck.
	{name: "rfc9293, no ABORT", cfg: variant("rfc9293", noAbort), fails: "P4 L1", stuck: true},
	// Everything holds: no ABORT, two retransmissions.
	{name: "rfc1337, no ABORT, R2=2", cfg: variant("rfc1337", noAbort, r2(2)), fails: ""},
	// The FIN-WAIT-2 timer makes L1 hold with ABORT, at a cost P7 shows:
	// the peer left in CLOSE-WAIT is reset.
	{name: "rfc1337, FIN-WAIT-2 timer, R2=2", cfg: variant("rfc1337", finWait2Timer), fails: "P7"},
	{name: "rfc1337, FIN-WAIT-2 timer, no RTO", cfg: variant("rfc1337", finWait2Timer, noRTO), fails: "P6 P7 L1"},
	// Data (--data): the RFC loses none and accepts no old unit; the
	// three-segment close loses what the FIN's receiver still had to
	// send, and an old incarnation's unit at the same sequence number
	// (fixed ISN) is accepted.
	{name: "three-segment-close", cfg: variant("three-segment-close"), fails: "P4 D1 L1",
		last: map[string]func(model.Action) bool{"D1": func(a model.Action) bool { return a.Rule == model.RuleSendRefused }}},
	{name: "rfc9293, data 1, opens 1", cfg: variant("rfc9293", data1), fails: "P4 L1"},
	{name: "rfc9293, data 1, opens 1, old unit", cfg: variant("rfc9293", data1, oldData), fails: "P4 L1"},
	{name: "fixed-isn, data 1, opens 1, old unit", cfg: variant("fixed-isn", data1, oldData), fails: "P1 P1s P3 P4 P6 P7 D2 L1",
		last: map[string]func(model.Action) bool{"D2": func(a model.Action) bool { return a.Rule == model.RuleData && a.Seg.Tag.Att == 0 }}},
	// The half-duplex close (§3.6.1 MAY-1 with SHLD-3, on in the linux
	// profile): the RST that shows data was lost tells the peer's user
	// "connection reset" though nobody called ABORT (P7, 9 steps: A's
	// unit reaches B after B's CLOSE; docs/MODEL.md §16).
	{name: "rfc9293, data 1, opens 1, half-duplex RST", cfg: variant("rfc9293", data1, halfDuplexRST), fails: "P4 P7 L1",
		last: map[string]func(model.Action) bool{"P7": func(a model.Action) bool {
			return a.Kind == model.Deliver && a.Seg.Flags&model.FlagRST != 0 && a.To == model.Closed
		}}},
	// TIME-WAIT reuse (MAY-2): with condition (1) the verdicts are those
	// of the RFC; without it (the new incarnation starts at the old ISS)
	// a duplicate of the old FIN closes the new connection (P3).
	{name: "rfc9293, TIME-WAIT reuse above SND.NXT, attempts 3, no ABORT", cfg: variant("rfc9293", reuse(model.TWReuseAbove)), fails: "P4 L1", stuck: true},
	{name: "rfc9293, TIME-WAIT reuse at the old ISS, attempts 2, no ABORT", cfg: variant("rfc9293", reuse(model.TWReuseSameISS)), fails: "P3 P4 P6 P7 L1", stuck: true},
	// The profiles of docs/PROFILES.md.
	// docs/PROFILES.md "What the profiles show" explains each failure;
	// docs/MODEL.md §16 (L2) the L2 failures.
	{name: "linux", cfg: variant("linux"), fails: "P4 P7 L2", slow: true},
	{name: "bsd", cfg: variant("bsd"), fails: "P4 P7 L2", slow: true},
	// Without ABORT nothing rescues an endpoint whose FIN is lost and
	// never retransmitted: L1 fails as a possibility too.
	{name: "rfc1337, no RTO, no ABORT", cfg: variant("rfc1337", noRTO, noAbort), fails: "P6 L1", stuck: true},
	// Consistent old duplicates of an earlier connection: Fig. 8's
	// recovery is no violation of P3.
	{name: "rfc9293, old duplicates A:syn,B:synack", cfg: variant("rfc9293", oldDups("A:syn,B:synack")), fails: "P4 L1"},
	// The overtaking ISN clock with graceful closes only: TIME-WAIT is
	// all that keeps old segments out, RFC 1337 is needed to keep it.
	{name: "no-time-wait, slow ISN clock, no ABORT, no RTO", cfg: variant("no-time-wait", slowClock), fails: "P1 P1s P2 P3 P4 P6 P7 L1", stuck: true},
	{name: "rfc9293, slow ISN clock, no ABORT, no RTO", cfg: variant("rfc9293", slowClock), fails: "P1 P1s P2 P3 P4 P6 P7 L1", stuck: true},
	// At K = 3, P4 fails too (19 steps): three old segments of A's first
	// attempt (SYN, ACK, FIN) make a phantom connection at B, whose
	// LAST-ACK A's RST resets (docs/MODEL.md §16, "At K = 3").
	{name: "rfc1337, slow ISN clock, no ABORT, no RTO", cfg: variant("rfc1337", slowClock), fails: "P1 P1s P2 P6 P7 L1", stuck: true,
		k3: k3Fails("P1 P1s P2 P4 P6 P7 L1")},
	// A crash that loses the ISN clock: quiet time keeps the verdicts
	// of the clock that survives; without it, old segments get in.
	{name: "rfc9293, crash losing the ISN clock", cfg: variant("rfc9293", crashLosesClock), fails: "P4 L1"},
	{name: "rfc9293, crash losing the ISN clock, no quiet time", cfg: variant("rfc9293", crashLosesClock, func(c *model.Config) { c.QuietTime = false }),
		fails: "P1 P1s P2 P3 P4 P6 L1"},
	// L2 (issue 10 §6): a server whose listener stays, a client that
	// keeps trying. Under RFC 1337 the client's new SYN meets the
	// server's TIME-WAIT, whose ACK draws a RST that RFC 1337 ignores:
	// every attempt fails until the client has no OPEN left. Reopening
	// TIME-WAIT on a SYN above RCV.NXT (MAY-2, as Linux and BSD do)
	// connects it.
	// At K = 3 the shortest L2 counterexample here is no longer the
	// TIME-WAIT one (23 steps at K = 2) but the 16-step one of the next
	// row: a copy of an abandoned SYN reopens B's SYN-RECEIVED, A's new
	// SYN returns it to LISTEN (§3.10.7.4), the retransmission is lost and
	// A gives up (docs/MODEL.md §16, "At K = 3").
	{name: "rfc1337, listener stays, no ABORT, R2=2", cfg: variant("rfc1337", listenerStays, noAbort, r2(2)), fails: "L2",
		last:   map[string]func(model.Action) bool{"L2": func(a model.Action) bool { return a.Kind == model.TimeWaitExpire }},
		k3last: map[string]func(model.Action) bool{"L2": func(a model.Action) bool { return a.Kind == model.GiveUp }}},
	// At K = 3 L2 fails here too (16 steps): duplicates of an abandoned
	// SYN keep reopening B's SYN-RECEIVED, which returns to LISTEN on each
	// copy of A's new SYN (§3.10.7.4), and the last copy is lost
	// (docs/MODEL.md §16, "At K = 3").
	{name: "rfc1337, listener stays, TIME-WAIT reuse above SND.NXT, no ABORT, R2=2", cfg: variant("rfc1337", listenerStays, noAbort, r2(2), func(c *model.Config) { c.TWReuse = model.TWReuseAbove }),
		fails: "", k3: k3Fails("L2")},
	// A client patient enough for the bound: with R2 = 4 its SYN is
	// retransmitted more often than K = 3 stale segments and a loss can
	// eat it, and every property, L2 included, holds at K = 2 and K = 3.
	{name: "rfc1337, listener stays, TIME-WAIT reuse above SND.NXT, no ABORT, R2=4", cfg: variant("rfc1337", listenerStays, noAbort, r2(4), func(c *model.Config) { c.TWReuse = model.TWReuseAbove }),
		fails: ""},
}

func listenerStays(c *model.Config) { c.ListenerStays = true }

func noAbort(c *model.Config)         { c.Abort = false }
func k3Fails(ids string) *string      { return &ids }
func r2(n int) func(*model.Config)    { return func(c *model.Config) { c.R2 = n } }
func crashLosesClock(c *model.Config) { c.Crash, c.CrashLosesClock = true, true }
func slowClock(c *model.Config)       { c.ISN, c.Abort, c.RTO = model.ISNSlow, false, false }
func oldDups(spec string) func(*model.Config) {
	return func(c *model.Config) {
		d, err := model.ParseOldDups(spec, *c)
		if err != nil {
			panic(err)
		}
		c.OldDups = d
	}
}

// rstInLastAck is V2: the peer of an endpoint that skipped TIME-WAIT is
// reset in LAST-ACK by the RST answering its retransmitted FIN.
func rstInLastAck(a model.Action) bool {
	return a.Kind == model.Deliver && a.Seg.Flags&model.FlagRST != 0 && a.From == model.LastAck && a.To == model.Closed
}

func TestVerdictMatrix(t *testing.T) { runMatrix(t, 0) }

// TestVerdictMatrixK3 runs the matrix at --net-bound 3, only with
// -matrix-k3: go test ./props -run TestVerdictMatrixK3 -v -matrix-k3 -timeout 2h
func TestVerdictMatrixK3(t *testing.T) {
	if !*matrixK3 {
		t.Skip("needs -matrix-k3")
	}
	if *matrixRows != "" {
		re, err := regexp.Compile(*matrixRows)
		if err != nil {
			t.Fatalf("-matrix-rows: %v", err)
		}
		saved := matrix
		defer func() { matrix = saved }()
		var some []matrixRow
		for _, row := range saved {
			if re.MatchString(row.name) {
				some = append(some, row)
			}
		}
		if len(some) == 0 {
			t.Fatalf("-matrix-rows %q matches no row", *matrixRows)
		}
		matrix = some
	}
	runMatrix(t, 3)
}

func runMatrix(t *testing.T, k int) {
	seen := map[string]bool{}
	held := map[string]bool{} // holds, and not vacuously
	var table []string
	for _, row := range matrix {
		if row.slow && testing.Short() && k == 0 {
			t.Logf("%s: skipped under -short", row.name)
			continue
		}
		cfg := row.cfg()
		fails := row.fails
		if k != 0 {
			cfg.NetBound = k
			if row.k3 != nil {
				fails = *row.k3
			}
		}
		m, err := model.New(cfg)
		if err != nil {
			t.Fatalf("%s: %v", row.name, err)
		}
		rep, err := Check(context.Background(), m, Options{Continue: true})
		if err != nil {
			t.Fatalf("%s: %v", row.name, err)
		}
		want := map[string]bool{}
		for _, id := range strings.Fields(fails) {
			want[id] = true
		}
		cells := []string{row.name, fmt.Sprint(rep.Stats.Distinct)}

		for _, o := range rep.Outcomes {
			id := o.Property.ID
			switch o.Verdict {
			case explore.Violated:
				seen[id] = true
				cells = append(cells, fmt.Sprintf("fails (%d)", o.Depth))
				if !want[id] {
					t.Errorf("%s: %s fails, expected to hold; counterexample of %d steps", row.name, id, o.Depth)
				}
				checkCounterexample(t, m, row.name, o)
				if id == "P6" && !strings.HasPrefix(o.Note, "unacceptable terminal pairs A/B: ") {
					t.Errorf("%s: P6 fails without listing the pairs: %q", row.name, o.Note)
				}
				if id == "L1" {
					possible := strings.HasPrefix(o.Note, "possibility holds")
					if possible == row.stuck || (o.Trace != nil) != row.stuck {
						t.Errorf("%s: L1 %q with stuck trace %v, want possibility to fail: %v", row.name, o.Note, o.Trace != nil, row.stuck)
					}
				}
				if d, ok := row.depth[id]; ok && o.Depth != d {
					t.Errorf("%s: %s counterexample has %d steps, want %d", row.name, id, o.Depth, d)
				}
				last := row.last
				if k != 0 && row.k3last != nil {
					last = row.k3last
				}
				if f := last[id]; f != nil {
					steps := o.Trace
					if o.Lasso != nil {
						flat := o.Lasso.Trace()
						steps = &flat
					}
					if a := steps.Steps[len(steps.Steps)-1].Action; !f(a) {
						t.Errorf("%s: %s counterexample ends in %v, not the expected kind of step", row.name, id, a)
					}
				}
			case explore.Holds:
				if o.Vacuous {
					cells = append(cells, "vacuous")
				} else {
					cells = append(cells, "holds")
					held[id] = true
				}
				if want[id] {
					t.Errorf("%s: %s holds, expected to fail", row.name, id)
				}
			default:
				t.Errorf("%s: %s is %v: %s", row.name, id, o.Verdict, o.Note)
			}
		}
		table = append(table, "| "+strings.Join(cells, " | ")+" |")
		if k != 0 {
			t.Logf("| %s | (%v)", strings.Join(cells, " | "), rep.Stats.Elapsed.Round(time.Second))
		}
	}
	if !testing.Short() && *matrixRows == "" {
		for _, p := range All() {
			if !seen[p.ID] {
				t.Errorf("%s fails in no configuration of the matrix: a property that cannot fail is a defect", p.ID)
			}
			if !held[p.ID] {
				t.Errorf("%s holds in no configuration of the matrix, or only vacuously", p.ID)
			}
		}
	}
	head := []string{"configuration", "states"}
	for _, p := range All() {
		head = append(head, p.ID)
	}
	lines := append([]string{"| " + strings.Join(head, " | ") + " |", "|" + strings.Repeat("---|", len(head))}, table...)
	if *printMatrix || k != 0 {
		fmt.Println(strings.Join(lines, "\n"))
	}
	if k == 0 && !testing.Short() && !t.Failed() {
		// The tables of README.md and docs/MODEL.md are this one: they
		// cannot drift from the verdicts the test asserts.
		for _, doc := range []string{"../README.md", "../docs/MODEL.md"} {
			checkMatrixDoc(t, doc, lines)
		}
	}
}

// checkMatrixDoc compares the verdict matrix table in doc (the lines from
// its header to the first line not starting with "|") with want, or
// rewrites it with -matrix-update.
func checkMatrixDoc(t *testing.T, doc string, want []string) {
	t.Helper()
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(string(b), "\n")
	start := -1
	for i, l := range all {
		if strings.HasPrefix(l, "| configuration | states | P1 |") {
			start = i
			break
		}
	}
	if start < 0 {
		t.Errorf("%s has no verdict matrix table (a line starting \"| configuration | states | P1 |\")", doc)
		return
	}
	end := start
	for end < len(all) && strings.HasPrefix(all[end], "|") {
		end++
	}
	got := all[start:end]
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return
	}
	if *matrixUpdate {
		out := append(append(append([]string(nil), all[:start]...), want...), all[end:]...)
		if err := os.WriteFile(doc, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: verdict matrix rewritten", doc)
		return
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s: the verdict matrix differs from this run at its line %d:\n have %s\n want %s\nrun go test ./props -run TestVerdictMatrix -args -matrix-update", doc, i+1, g, w)
			return
		}
	}
}
