package conform

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tcpcheck/tcpcheck/model"
)

func timerModels(t *testing.T, r2 int) (*model.Model, model.Config) {
	check := ConformConfig(model.DefaultConfig())
	check.R2 = r2
	gc := check
	gc.RTO, gc.FinWait2Timer = true, true
	gen, err := model.New(gc)
	if err != nil {
		t.Fatal(err)
	}
	return gen, check
}

// TestTimerTests: the timer tests reach every timer rule of B, each
// through WAIT steps, and a wait where no timer is enabled has only the
// outcome "nothing happens".
func TestTimerTests(t *testing.T) {
	gen, check := timerModels(t, 2)
	tests := TimerTests(gen, check, 6)
	rules := map[model.Rule]int{}
	for _, tt := range tests {
		for _, k := range tt.Covers {
			if k.Class != "WAIT" {
				t.Errorf("%s covers %v, not a wait", tt.Name, k)
			}
			rules[k.Rule]++
		}
	}
	for _, r := range []model.Rule{model.RuleRetransmit, model.RuleGiveUp, model.RuleTimeWaitExpire, model.RuleFinWait2Expire} {
		if rules[r] == 0 {
			t.Errorf("no timer test reaches %v (%v)", r, rules)
		}
	}
	m, err := model.New(check)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Initial()
	s.E[StackSide] = model.Endpoint{State: model.Established, ISS: 300, IRS: 100, SndUna: 301, SndNxt: 301, RcvNxt: 101, Att: 1}
	trs := Successors(m, &s, Step{Call: Wait})
	if len(trs) != 1 || trs[0].Action.Kind != Wait || trs[0].Next != s {
		t.Errorf("a wait in ESTABLISHED with nothing unacknowledged: %v, want only no change", trs)
	}
}

// fakeStack is a stack that connects and then, at each wait, sends its SYN
// again or gives up, as told: for checking the runner's judgement of
// timers without a real stack.
type fakeStack struct {
	giveUpAt int  // the wait (1, 2, ...) at which it gives up; 0 never
	flood    bool // sends its SYN without end
	stateErr bool // its state cannot be read
	waits    int
	state    model.TCPState
	out      [][]byte
}

const fakeISS = 0x1234

func (f *fakeStack) syn() []byte {
	return Wire{Src: StackAddr, Dst: TesterAddr, SrcPort: StackPort, DstPort: TesterPort, Seq: fakeISS, Ctl: wireSYN, Window: 1000}.Marshal()
}
func (f *fakeStack) Listen() error { return nil }
func (f *fakeStack) Connect() error {
	f.state = model.SynSent
	f.out = append(f.out, f.syn())
	return nil
}
func (f *fakeStack) Close() error        { return nil }
func (f *fakeStack) Abort() error        { return nil }
func (f *fakeStack) Inject([]byte) error { return nil }
func (f *fakeStack) Read(time.Duration) ([]byte, error) {
	if f.flood && f.state == model.SynSent {
		return f.syn(), nil
	}
	if len(f.out) == 0 {
		return nil, nil
	}
	b := f.out[0]
	f.out = f.out[1:]
	return b, nil
}
func (f *fakeStack) State() (model.TCPState, error) {
	if f.stateErr {
		return 0, errors.New("no state")
	}
	return f.state, nil
}
func (f *fakeStack) Stop() error      { return nil }
func (f *fakeStack) UseTimers() error { return nil }
func (f *fakeStack) Wait(d time.Duration) (time.Duration, error) {
	f.waits++
	if f.waits == f.giveUpAt {
		f.state = model.Closed
	} else if f.state == model.SynSent {
		f.out = append(f.out, f.syn())
	}
	return d, nil
}

type fakeDriver struct{ stack fakeStack }

func (d *fakeDriver) Name() string { return "fake" }
func (d *fakeDriver) New() (Stack, error) {
	s := d.stack
	return &s, nil
}
func (d *fakeDriver) Settle() time.Duration    { return time.Millisecond }
func (d *fakeDriver) Retries() int             { return 2 }
func (d *fakeDriver) WaitLimit() time.Duration { return time.Second }
func (d *fakeDriver) FakeClock() bool          { return true }

// TestTimerJudged: the runner accepts a retransmission or a give-up only
// where the model's timers allow it: with R2 = 2, a stack that gives up
// after two retransmissions agrees; one that gives up sooner, or never,
// differs at the step where it departs.
func TestTimerJudged(t *testing.T) {
	_, check := timerModels(t, 2)
	test := Test{Name: "t", Config: check, Steps: []Step{{Call: model.ActiveOpen}, {Call: Wait}, {Call: Wait}, {Call: Wait}}}
	for _, c := range []struct {
		giveUpAt  int
		verdict   Verdict
		diffAtStp int
	}{
		{3, Agree, 0},
		{1, Differ, 2},
		{2, Differ, 3},
		{0, Differ, 4},
	} {
		rs, err := (&Runner{Driver: &fakeDriver{fakeStack{giveUpAt: c.giveUpAt}}}).Run(context.Background(), []Test{test})
		if err != nil {
			t.Fatal(err)
		}
		r := rs[0]
		if r.Verdict != c.verdict || c.verdict == Differ && len(r.Steps) != c.diffAtStp {
			t.Errorf("giving up at wait %d: %s after %d steps, want %s at step %d", c.giveUpAt, r.Verdict, len(r.Steps), c.verdict, c.diffAtStp)
		}
	}
}

// TestTimeoutNoVerdict: a stack whose state cannot be read, or that does
// not stop sending, ends the test as TIMEOUT, which the table says with
// the reason and the summary counts apart from the verdicts.
func TestTimeoutNoVerdict(t *testing.T) {
	test := Test{Name: "t", Config: ConformConfig(model.DefaultConfig()), Steps: []Step{{Call: model.ActiveOpen}}}
	for _, c := range []struct {
		stack fakeStack
		note  string
	}{
		{fakeStack{stateErr: true}, "reading the state: no state"},
		{fakeStack{flood: true}, "sent more than 100 segments"},
	} {
		rs, err := (&Runner{Driver: &fakeDriver{c.stack}}).Run(context.Background(), []Test{test})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		WriteTable(&out, rs)
		sum := Summarize("fake", "rfc9293", rs, 0)
		if rs[0].Verdict != Timeout || !strings.Contains(out.String(), "TIMEOUT") || !strings.Contains(out.String(), c.note) || rs[0].Diff() != nil {
			t.Errorf("%+v: %s", c.stack, out.String())
		}
		if sum.Timeouts != 1 || sum.Agreed+sum.Known+sum.New != 0 {
			t.Errorf("%+v: summary %s", c.stack, sum.Line())
		}
	}
}
