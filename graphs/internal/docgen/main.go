// Command docgen writes the example pictures of docs/img: ladders of
// scenarios and counterexamples, a state path, a state graph around a
// counterexample, and RFC 9293 Figure 5 rebuilt from a search. Each
// picture is a DOT file with its SVG beside it. From the repository root:
//
//	go run ./graphs/internal/docgen            # writes docs/img
//	go run ./graphs/internal/docgen -out DIR
//
// The output is deterministic: running it twice writes the same bytes.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/graphs"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
	"github.com/tcpcheck/tcpcheck/scenario"
)

func main() {
	out := flag.String("out", filepath.Join("docs", "img"), "directory to write the pictures to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

// picture is anything with a DOT form.
type picture interface{ WriteDOT() ([]byte, error) }

func write(dir, name string, p picture) error {
	src, err := p.WriteDOT()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := graphs.WriteFiles(dir, name, src); err != nil {
		return err
	}
	fmt.Println("wrote", filepath.Join(dir, name+".dot"), "and .svg")
	return nil
}

func run(dir string) error {
	ctx := context.Background()

	// Scenarios of the protocol brief, replayed on the model.
	for _, s := range []struct{ name, file, title string }{
		{"S1", "s1_ladder", "S1: open and close (RFC 9293 Figures 6 and 12)"},
		{"S3", "s3_ladder", "S3: recovery from an old duplicate SYN (RFC 9293 Figure 8)"},
		{"S7", "s7_ladder", "S7: simultaneous close (RFC 9293 Figure 13)"},
	} {
		tr, err := scenario.Load(s.name)
		if err != nil {
			return err
		}
		rep, err := scenario.Replay(tr)
		if err != nil {
			return err
		}
		if !rep.OK() {
			return fmt.Errorf("%s does not replay: %v", s.name, rep.Failure.Error())
		}
		l, err := graphs.LadderFromTrace(s.title, rep.Path, -1, -1)
		if err != nil {
			return err
		}
		if err := write(dir, s.file, l); err != nil {
			return err
		}
		if s.name == "S1" {
			if err := write(dir, "s1_path", graphs.PathFromTrace("S1 as a path of joint states", rep.Path, -1, -1)); err != nil {
				return err
			}
		}
	}

	// Counterexamples found by the search.
	small := func(c *model.Config) {
		c.Opens, c.Attempts, c.NetBound, c.LossBudget, c.Dup, c.Abort = 1, 1, 2, 2, false, false
	}
	for _, k := range []struct {
		variant, prop, file string
		edit                func(c *model.Config)
	}{
		{"two-way-handshake", "P1", "two_way_handshake_p1", nil},
		{"two-way-handshake", "P1s", "two_way_handshake_p1s", nil},
		{"rfc9293", "P4", "time_wait_assassination_p4", nil},
		{"no-time-wait", "P4", "no_time_wait_p4", nil},
		{"fixed-isn", "P1", "fixed_isn_p1", nil},
		{"rfc9293", "L1", "lost_fin_l1", small},
	} {
		_, o, err := check(ctx, k.variant, k.edit, k.prop)
		if err != nil {
			return err
		}
		if o.Verdict != explore.Violated {
			return fmt.Errorf("%s on %s: %v, expected a counterexample to draw", k.prop, k.variant, o.Verdict)
		}
		l, err := graphs.OutcomeLadder(o)
		if err != nil {
			return err
		}
		l.Title = k.variant + ": " + l.Title
		if err := write(dir, k.file, l); err != nil {
			return err
		}
		if k.file == "two_way_handshake_p1s" {
			p, err := graphs.OutcomePath(o)
			if err != nil {
				return err
			}
			if err := write(dir, k.file+"_path", p); err != nil {
				return err
			}
		}
	}

	if err := neighbourhood(ctx, dir); err != nil {
		return err
	}
	if err := whole(ctx, dir); err != nil {
		return err
	}
	return figure5(ctx, dir)
}

// check checks one property on a variant, changed by edit if not nil, and
// returns the model and the property's outcome.
func check(ctx context.Context, variant string, edit func(c *model.Config), prop string) (*model.Model, props.Outcome, error) {
	c, err := model.Variant(variant)
	if err != nil {
		return nil, props.Outcome{}, err
	}
	if edit != nil {
		edit(&c)
	}
	m, err := model.New(c)
	if err != nil {
		return nil, props.Outcome{}, err
	}
	sel, err := props.Lookup([]string{prop})
	if err != nil {
		return nil, props.Outcome{}, err
	}
	rep, err := props.Check(ctx, m, props.Options{Props: sel, Workers: 1, Store: explore.Exact})
	if err != nil {
		return nil, props.Outcome{}, err
	}
	return m, rep.Outcomes[0], nil
}

// neighbourhood draws the states one step around the two-way handshake's
// P1s counterexample, in a configuration small enough to keep whole.
func neighbourhood(ctx context.Context, dir string) error {
	m, o, err := check(ctx, "two-way-handshake", func(c *model.Config) {
		c.Opens, c.Attempts, c.NetBound, c.LossBudget, c.Dup, c.Abort, c.RTO = 1, 1, 2, 0, false, true, false
	}, "P1s")
	if err != nil {
		return err
	}
	if o.Trace == nil {
		return fmt.Errorf("two-way-handshake (small): P1s %v, expected a counterexample", o.Verdict)
	}
	// The state graph needs the retained graph of a complete search.
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers: 1, Store: explore.Exact, Constraint: model.InBounds, RetainGraph: true,
	})
	if err != nil {
		return err
	}
	path := []uint32{o.Trace.InitID}
	for _, st := range o.Trace.Steps {
		path = append(path, st.ID)
	}
	bad := o.Trace.Last()
	sg, err := graphs.StateGraphOf(r, "two-way-handshake: one step around the P1s counterexample", graphs.GraphOptions[model.State, model.Action]{
		Path:        path,
		K:           1,
		StateLabel:  graphs.StateLabel,
		ActionLabel: graphs.ActionLabel,
		Bad:         func(s *model.State) bool { return *s == bad },
	})
	if err != nil {
		return err
	}
	return write(dir, "two_way_handshake_neighbourhood", sg)
}

// whole draws the entire reachable graph of a configuration small enough
// to read: one open each, one segment in flight, no loss, duplication,
// ABORT or retransmission.
func whole(ctx context.Context, dir string) error {
	c := model.DefaultConfig()
	c.Opens, c.Attempts, c.NetBound, c.LossBudget, c.Dup, c.Abort, c.RTO = 1, 1, 1, 0, false, false, false
	m, err := model.New(c)
	if err != nil {
		return err
	}
	r, err := explore.Run[model.State, model.Action](ctx, m, explore.Options[model.State, model.Action]{
		Workers: 1, Store: explore.Exact, Constraint: model.InBounds, RetainGraph: true,
	})
	if err != nil {
		return err
	}
	sg, err := graphs.StateGraphOf(r, "rfc9293 with one segment in flight, no loss, no retransmission: every reachable state", graphs.GraphOptions[model.State, model.Action]{
		Limit:       100,
		StateLabel:  graphs.StateLabel,
		ActionLabel: graphs.ActionLabel,
	})
	if err != nil {
		return err
	}
	return write(dir, "rfc9293_tiny_state_graph", sg)
}

// figure5 rebuilds the endpoint state diagram from a search in which both
// endpoints may open either way, and writes it with the comparison.
func figure5(ctx context.Context, dir string) error {
	c := model.DefaultConfig()
	c.Roles, c.Opens, c.Attempts = model.AnyRole, 2, 2
	c.NetBound, c.LossBudget, c.Dup = 2, 1, false
	m, err := model.New(c)
	if err != nil {
		return err
	}
	d, r, err := graphs.RebuildDiagram(ctx, m, "RFC 9293 Figure 5 rebuilt from the search", 1)
	if err != nil {
		return err
	}
	d.Title = fmt.Sprintf("RFC 9293 Figure 5 rebuilt from %d states (roles any, 2 opens, 2 attempts, 2 in flight, 1 loss)", r.Stats.Distinct)
	if err := write(dir, "figure5_rebuilt", diagram{d}); err != nil {
		return err
	}
	txt := graphs.Compare(d, graphs.Figure5).Text()
	name := filepath.Join(dir, "figure5_comparison.txt")
	if err := os.WriteFile(name, []byte(txt), 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", name)
	return nil
}

// diagram draws a rebuilt diagram over Figure 5.
type diagram struct{ d *graphs.Diagram }

func (x diagram) WriteDOT() ([]byte, error) { return x.d.WriteDOT(graphs.Figure5) }
