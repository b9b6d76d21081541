package tracecheck

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/model"
)

// FileOptions say what to check in a capture.
type FileOptions struct {
	Options
	// Variant is a model variant's name, or "auto" for every variant.
	Variant string
	// Conn picks one connection ("10.0.0.1:5000-10.0.0.2:80", either
	// order); empty checks each.
	Conn string
}

// Verdict names for the report.
const (
	Conforms       = "conforms"
	DoesNotConform = "does-not-conform"
	Unchecked      = "unchecked"
)

// Report is the check of a whole capture, in the shape of the JSON
// document tcpcheck/check/v1 (docs/JSON.md).
type Report struct {
	Schema      string       `json:"schema"`
	Version     string       `json:"version"`
	File        string       `json:"file"`
	Format      string       `json:"format"`
	Packets     int          `json:"packets"`
	At          string       `json:"at"`
	Variant     string       `json:"variant"`
	Verdict     string       `json:"verdict"`
	ExitCode    int          `json:"exit_code"`
	Notes       []string     `json:"notes"`
	Connections []ConnReport `json:"connections"`

	verdicts []*Verdict // per connection, the verdict shown (nil if unchecked)
}

// ConnReport is one connection's check.
type ConnReport struct {
	Conn         string           `json:"conn"`
	A            string           `json:"a"`
	B            string           `json:"b"`
	Segments     int              `json:"segments"`
	Skipped      int              `json:"skipped"`
	Incarnations [2]int           `json:"incarnations"`
	Verdict      string           `json:"verdict"`
	Reason       string           `json:"reason"`
	ExplainedBy  []string         `json:"explained_by"`
	Variants     []VariantVerdict `json:"variants"`
	HiddenSteps  []HiddenStep     `json:"hidden_steps"`
	DataSegments int              `json:"data_segments"`
	Failure      *Failure         `json:"failure"`
	Notes        []string         `json:"notes"`
	Search       SearchStats      `json:"search"`
}

// VariantVerdict is a connection's check under one variant.
type VariantVerdict struct {
	Variant    string `json:"variant"`
	Conforms   bool   `json:"conforms"`
	FailPacket uint32 `json:"fail_packet"`
}

// HiddenStep is a step the capture does not show, or the hidden cause of
// one it shows: a user call, a timer, a loss.
type HiddenStep struct {
	Packet uint32 `json:"packet"` // the packet it shows, or the next one
	Shown  bool   `json:"shown"`  // the step sent the packet
	Step   string `json:"step"`   // the model's transition in RFC notation
}

// Failure is the first segment no run of the model explains.
type Failure struct {
	Packet   uint32   `json:"packet"`
	Segment  string   `json:"segment"`  // in the model's numbers, e.g. "A <SEQ=101><ACK=301><CTL=RST,ACK>"
	Captured string   `json:"captured"` // as captured
	Allowed  []string `json:"allowed"`
	Bound    bool     `json:"bound"`
	Hint     string   `json:"hint"`   // a known behaviour of real stacks that would explain it, or ""
	Ladder   []string `json:"ladder"` // the text ladder up to it
}

// SearchStats are the figures of the search.
type SearchStats struct {
	Expanded     int  `json:"expanded"`
	PeakFrontier int  `json:"peak_frontier"`
	Lean         bool `json:"lean"`
}

// ParseConn reads --conn.
func ParseConn(s string) (netip.AddrPort, netip.AddrPort, error) {
	a, b, ok := strings.Cut(s, "-")
	if ok {
		x, err1 := netip.ParseAddrPort(a)
		y, err2 := netip.ParseAddrPort(b)
		if err1 == nil && err2 == nil {
			return x, y, nil
		}
	}
	return netip.AddrPort{}, netip.AddrPort{}, fmt.Errorf("--conn %q is not a 4-tuple: write ADDR:PORT-ADDR:PORT, e.g. 10.0.0.1:5000-10.0.0.2:80 or [::1]:5000-[::1]:80", s)
}

// ErrNoConn is returned when --conn names no connection of the capture,
// or the capture holds no TCP at all.
var ErrNoConn = errors.New("no such connection")

// CheckFile checks the connections of f.
func CheckFile(name string, f *capture.File, fo FileOptions) (*Report, error) {
	variants := []string{fo.Variant}
	if fo.Variant == "auto" {
		variants = Variants()
	} else if _, err := model.Variant(fo.Variant); err != nil {
		return nil, fmt.Errorf("--variant: %v, or auto", err)
	}
	conns := f.Conns
	if fo.Conn != "" {
		x, y, err := ParseConn(fo.Conn)
		if err != nil {
			return nil, err
		}
		conns = nil
		for _, c := range f.Conns {
			if c.A == x && c.B == y || c.A == y && c.B == x {
				conns = append(conns, c)
			}
		}
		if len(conns) == 0 {
			var have []string
			for i, c := range f.Conns {
				if i == 5 {
					have = append(have, "...")
					break
				}
				have = append(have, c.String())
			}
			return nil, fmt.Errorf("%w: --conn %s is not in %s; it holds %s", ErrNoConn, fo.Conn, name, strings.Join(have, ", "))
		}
	}
	if len(conns) == 0 {
		return nil, fmt.Errorf("%w: %s holds no TCP segment (%d packets: %s)", ErrNoConn, name, f.Packets, strings.Join(f.Notes, "; "))
	}
	r := &Report{Schema: "tcpcheck/check/v1", File: name, Format: f.Format, Packets: f.Packets, At: fo.At.String(),
		Variant: fo.Variant, Notes: append([]string{}, f.Notes...), Connections: []ConnReport{}}
	for _, c := range conns {
		cr, v := checkConn(c, variants, fo.Options)
		r.Connections = append(r.Connections, cr)
		r.verdicts = append(r.verdicts, v)
	}
	r.Verdict, r.ExitCode = Conforms, 0
	var unchecked, failed, ok int
	for _, c := range r.Connections {
		switch c.Verdict {
		case DoesNotConform:
			failed++
		case Unchecked:
			unchecked++
		default:
			ok++
		}
	}
	switch {
	case failed > 0:
		r.Verdict, r.ExitCode = DoesNotConform, 1
	case ok == 0:
		r.Verdict, r.ExitCode = Unchecked, 2
	case unchecked > 0:
		r.Verdict, r.ExitCode = Unchecked, 3
	}
	return r, nil
}

// checkConn checks c under each variant; the verdict shown is the first
// variant's that explains c, or else the one that explains c furthest.
func checkConn(c *capture.Conn, variants []string, opt Options) (ConnReport, *Verdict) {
	cr := ConnReport{Conn: c.String(), A: c.A.String(), B: c.B.String(), Segments: len(c.Segments),
		ExplainedBy: []string{}, Variants: []VariantVerdict{}, HiddenSteps: []HiddenStep{}, Notes: []string{}}
	mp, err := capture.Map(c, MapConfig)
	if err != nil {
		cr.Verdict, cr.Reason = Unchecked, err.Error()
		return cr, nil
	}
	cr.Skipped, cr.Incarnations, cr.Notes = mp.Skipped, mp.Incarnations, append(cr.Notes, mp.Notes...)
	var shown *Verdict
	for _, name := range variants {
		v, err := CheckMapped(c, mp, name, opt)
		if err != nil {
			cr.Verdict, cr.Reason = Unchecked, fmt.Sprintf("%s: %v", name, err)
			return cr, nil
		}
		vv := VariantVerdict{Variant: name, Conforms: v.Conforms}
		if !v.Conforms {
			vv.FailPacket = mp.Obs[v.FailAt].N
		} else {
			cr.ExplainedBy = append(cr.ExplainedBy, name)
		}
		cr.Variants = append(cr.Variants, vv)
		cr.Search.Expanded += v.Expanded
		cr.Search.PeakFrontier = max(cr.Search.PeakFrontier, v.Peak)
		if shown == nil || !shown.Conforms && (v.Conforms || v.FailAt > shown.FailAt) {
			shown = v
		}
	}
	cr.Search.Lean = shown.Lean
	if shown.Conforms {
		cr.Verdict = Conforms
		cr.Reason = "explained by " + strings.Join(cr.ExplainedBy, ", ")
	} else {
		cr.Verdict = DoesNotConform
		o := mp.Obs[shown.FailAt]
		s := &c.Segments[o.Index]
		cr.Failure = &Failure{
			Packet:   o.N,
			Segment:  o.Seg.Src.String() + " " + o.Seg.String(),
			Captured: fmt.Sprintf("%s SEQ=%d ACK=%d LEN=%d", capture.FlagString(s.Flags), s.Seq, s.Ack, s.Len),
			Allowed:  append([]string{}, shown.Allowed...),
			Bound:    shown.Bound,
			Hint:     hint(o.Seg, shown.AllowedSent),
			Ladder:   TextLadder(shown, 16),
		}
		cr.Reason = fmt.Sprintf("packet %d, %s, is explained by no run of %s", o.N, cr.Failure.Segment, strings.Join(variants, ", "))
		if len(variants) > 1 {
			cr.Reason += fmt.Sprintf(" (%s explains the capture furthest)", shown.Variant)
		}
	}
	for _, st := range shown.Run {
		if st.Data {
			cr.DataSegments++
		}
	}
	cr.HiddenSteps = hiddenSteps(shown)
	return cr, shown
}

func hiddenSteps(v *Verdict) []HiddenStep {
	out := []HiddenStep{}
	next := uint32(0)
	run := v.Run
	pk := make([]uint32, len(run))
	for i := len(run) - 1; i >= 0; i-- {
		if run[i].Obs >= 0 {
			next = v.Mapped.Obs[run[i].Obs].N
		}
		pk[i] = next
	}
	for i, s := range run {
		if s.Data || s.Pending || s.Act.Kind == model.Deliver {
			continue
		}
		out = append(out, HiddenStep{Packet: pk[i], Shown: s.Obs >= 0, Step: s.Act.String()})
	}
	return out
}

// TextLadder is the capture up to v's end (the first unexplained segment
// included) as text: one row per packet, at most rows, with both
// endpoints' states after it in the explaining run.
func TextLadder(v *Verdict, rows int) []string {
	end := v.endObs()
	last := end
	if !v.Conforms {
		last = end + 1
	}
	from := max(0, last-rows)
	after := map[int][2]model.TCPState{}
	for i := len(v.Run) - 1; i >= 0 && (v.Run[i].Obs < 0 || v.Run[i].Obs >= from); i-- {
		if s := v.Run[i]; s.Obs >= 0 {
			if _, ok := after[s.Obs]; !ok {
				after[s.Obs] = s.After
			}
		}
	}
	out := []string{fmt.Sprintf("%6s  %-13s %-44s %s", "packet", "A", "", "B")}
	if from > 0 {
		out = append(out, fmt.Sprintf("%6s  (%d packets before)", "...", from))
	}
	for i := from; i < last; i++ {
		o := v.Mapped.Obs[i]
		arrow := fmt.Sprintf("--%v-->", o.Seg)
		if o.Seg.Src == model.B {
			arrow = fmt.Sprintf("<--%v--", o.Seg)
		}
		if o.Data > 0 {
			arrow += fmt.Sprintf(" +%dB", o.Data)
		}
		st, ok := after[i]
		a, b := st[0].String(), st[1].String()
		if !ok {
			a, b = "", "no run explains it"
		}
		out = append(out, fmt.Sprintf("%6d  %-13s %-44s %s", o.N, a, arrow, b))
	}
	return out
}

// WriteText prints r for people.
func (r *Report) WriteText(w io.Writer) {
	n := len(r.Connections)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "%s: %s, %d packets, %d TCP connection%s checked, captured at %s, variant %s\n", r.File, r.Format, r.Packets, n, plural, r.At, r.Variant)
	for _, note := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", note)
	}
	for _, c := range r.Connections {
		fmt.Fprintf(w, "\n%s (A %s, B %s): %d segments\n", c.Conn, c.A, c.B, c.Segments)
		switch c.Verdict {
		case Unchecked:
			fmt.Fprintf(w, "  unchecked: %s\n", c.Reason)
			continue
		case Conforms:
			fmt.Fprintf(w, "  conforms: %s\n", c.Reason)
		default:
			fmt.Fprintf(w, "  does not conform: %s\n", c.Reason)
		}
		if len(r.Connections) > 0 && len(c.Variants) > 1 {
			var parts []string
			for _, v := range c.Variants {
				if v.Conforms {
					parts = append(parts, v.Variant+" conforms")
				} else {
					parts = append(parts, fmt.Sprintf("%s fails at packet %d", v.Variant, v.FailPacket))
				}
			}
			fmt.Fprintf(w, "  variants: %s\n", strings.Join(parts, "; "))
		}
		if f := c.Failure; f != nil {
			fmt.Fprintf(w, "  captured: %s\n", f.Captured)
			fmt.Fprintf(w, "  the model allowed instead:\n")
			for _, a := range f.Allowed {
				fmt.Fprintf(w, "    %s\n", a)
			}
			if f.Hint != "" {
				fmt.Fprintf(w, "  likely: %s\n", f.Hint)
			}
			if f.Bound {
				fmt.Fprintf(w, "  (some runs reached a bound of the model on the way: %s)\n", boundText)
			}
			fmt.Fprintf(w, "  the capture up to there, with the states of one run of the model:\n")
			for _, l := range f.Ladder {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
		if len(c.HiddenSteps) > 0 {
			fmt.Fprintf(w, "  hidden steps assumed (user calls, timers, losses the capture cannot show):\n")
			for i, h := range c.HiddenSteps {
				if i == 20 {
					fmt.Fprintf(w, "    ... %d more (--format json lists them all)\n", len(c.HiddenSteps)-i)
					break
				}
				where := "before packet"
				if h.Shown {
					where = "at packet"
				}
				if h.Packet == 0 {
					where = "after the last packet"
					fmt.Fprintf(w, "    %s: %s\n", where, h.Step)
					continue
				}
				fmt.Fprintf(w, "    %s %d: %s\n", where, h.Packet, h.Step)
			}
		}
		if c.DataSegments > 0 {
			fmt.Fprintf(w, "  %d data or ACK-only segments checked as data transfer (docs/CAPTURE.md)\n", c.DataSegments)
		}
		for _, note := range c.Notes {
			fmt.Fprintf(w, "  note: %s\n", note)
		}
	}
	fmt.Fprintf(w, "\nverdict: %s\n", r.Verdict)
}

const boundText = "at most 6 segments in flight, 3 incarnations, 7 retransmissions; a run cut there may have explained the segment"

// Verdicts returns the verdict shown for each connection (nil if it was
// not checked), in the order of r.Connections.
func (r *Report) Verdicts() []*Verdict { return r.verdicts }

// hint names a known behaviour of real stacks, outside RFC 9293 as the
// model has it, that turns a segment the model allowed into the one
// captured g. It compares g with allowed, the segments the model could
// have sent instead.
func hint(g model.Segment, allowed []model.Segment) string {
	for _, a := range allowed {
		if a.Src != g.Src || a.Seq != g.Seq {
			continue
		}
		switch {
		case g.Flags == model.FlagRST|model.FlagACK && a.Flags == model.FlagRST:
			return fmt.Sprintf("%v sent RST,ACK where the model sends %v: stacks such as Linux reset with the ACK bit set, where RFC 9293 §3.10.5 sends <SEQ=SND.NXT><CTL=RST>; no variant has that yet", g.Src, a)
		case g.Flags == model.FlagFIN|model.FlagACK && a.Flags == model.FlagACK && a.Ack == g.Ack:
			return fmt.Sprintf("%v folded the ACK of the peer's FIN (%v) into its own FIN: a delayed ACK, which RFC 9293 §3.8.6.3 allows and the model, acknowledging a FIN at once, does not have", g.Src, a)
		}
	}
	return ""
}
