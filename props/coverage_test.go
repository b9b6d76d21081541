package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/model"
)

// TestCoverageAtDefaults: at the default configuration every rule of the
// model fires, every rule of RFC 5961 included, except those whose Gate
// names the flag they need; and a gated rule does not fire (else its gate
// is wrong).
func TestCoverageAtDefaults(t *testing.T) {
	m, err := model.New(model.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var cov Coverage
	if _, err := Check(context.Background(), m, Options{Props: []Property{{ID: "P5"}}, Coverage: &cov}); err != nil {
		t.Fatal(err)
	}
	for _, r := range cov.Counts() {
		switch {
		case r.Gate == "" && r.Transitions == 0:
			t.Errorf("rule %s (%s) never fires at the defaults and names no flag that enables it", r.Name, r.Clause)
		case r.Gate != "" && r.Transitions > 0:
			t.Errorf("rule %s fires %d times at the defaults, yet its gate says it needs %s", r.Name, r.Transitions, r.Gate)
		}
	}
}

// TestCoverageGatesOpen: each gated rule fires once its gate is applied,
// so a gate names a flag that really enables it.
func TestCoverageGatesOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("one search per gate")
	}
	gates := []struct {
		rule model.Rule
		set  func(c *model.Config)
	}{
		{model.RuleQuietDrop, func(c *model.Config) { c.Crash = true }},
		{model.RuleCrash, func(c *model.Config) { c.Crash = true }},
		{model.RuleRSTTimeWaitIgnored, func(c *model.Config) { c.RFC1337 = true }},
		{model.RuleSYNReset, func(c *model.Config) { c.Rules, c.RFC5961 = model.RFC793, false }},
		{model.RuleFinWait2Expire, func(c *model.Config) { c.FinWait2Timer = true }},
		{model.RuleSynSentSyn, func(c *model.Config) { c.Roles = model.BothActive }},
		{model.RuleTwoWayHandshake, func(c *model.Config) { c.TwoWayHandshake = true }},
		{model.RuleAnySynAck, func(c *model.Config) { c.AnySynAck = true }},
		{model.RuleListenOther, func(c *model.Config) { c.OldDups, _ = model.ParseOldDups("A<SEQ=97><CTL=FIN>", *c) }},
		{model.RuleNoACK, func(c *model.Config) { c.OldDups, _ = model.ParseOldDups("A<SEQ=101><CTL=FIN>", *c) }},
		{model.RuleAckTooNew, func(c *model.Config) { c.OldDups, _ = model.ParseOldDups("A<SEQ=101><ACK=310><CTL=ACK>", *c) }},
	}
	for _, g := range gates {
		c := model.DefaultConfig()
		if g.rule != model.RuleSYNReset && g.rule != model.RuleAnySynAck {
			c.Opens = 1 // these two need a second incarnation
		}
		g.set(&c)
		m, err := model.New(c)
		if err != nil {
			t.Fatalf("%v: %v", g.rule, err)
		}
		var cov Coverage
		if _, err := Check(context.Background(), m, Options{Props: []Property{{ID: "P5"}}, Coverage: &cov}); err != nil {
			t.Fatal(err)
		}
		for _, r := range cov.Counts() {
			if r.Rule == g.rule && r.Transitions == 0 {
				t.Errorf("%s does not fire with its gate %s", r.Name, r.Gate)
			}
		}
	}
}
