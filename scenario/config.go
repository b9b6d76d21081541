package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
)

// setters map the keys of a "config" line onto model.Config. The keys are
// the tcpcheck command's flag names, so that a trace reads like the
// command line that would explore the same model; iss-a and iss-b are the
// two halves of --iss (a comma would split the setting).
var setters = map[string]func(c *model.Config, v string) error{
	"isn-space":          intSetter(func(c *model.Config) *int { return &c.ISNSpace }),
	"window":             intSetter(func(c *model.Config) *int { return &c.Window }),
	"r2":                 intSetter(func(c *model.Config) *int { return &c.R2 }),
	"opens":              intSetter(func(c *model.Config) *int { return &c.Opens }),
	"attempts":           intSetter(func(c *model.Config) *int { return &c.Attempts }),
	"net-bound":          intSetter(func(c *model.Config) *int { return &c.NetBound }),
	"loss-budget":        intSetter(func(c *model.Config) *int { return &c.LossBudget }),
	"isn-stride":         intSetter(func(c *model.Config) *int { return &c.ISNStride }),
	"iss-a":              intSetter(func(c *model.Config) *int { return &c.ISSBase[model.A] }),
	"iss-b":              intSetter(func(c *model.Config) *int { return &c.ISSBase[model.B] }),
	"rto":                boolSetter(func(c *model.Config) *bool { return &c.RTO }),
	"dup":                boolSetter(func(c *model.Config) *bool { return &c.Dup }),
	"crash":              boolSetter(func(c *model.Config) *bool { return &c.Crash }),
	"quiet-time":         boolSetter(func(c *model.Config) *bool { return &c.QuietTime }),
	"abort":              boolSetter(func(c *model.Config) *bool { return &c.Abort }),
	"abort-in-time-wait": boolSetter(func(c *model.Config) *bool { return &c.AbortInTimeWait }),
	"rfc5961":            boolSetter(func(c *model.Config) *bool { return &c.RFC5961 }),
	"rfc1337":            boolSetter(func(c *model.Config) *bool { return &c.RFC1337 }),
	"fin-wait-2-timer":   boolSetter(func(c *model.Config) *bool { return &c.FinWait2Timer }),
	"rules": enumSetter(func(c *model.Config, i int) { c.Rules = model.RuleSet(i) },
		func(i int) string { return model.RuleSet(i).String() }),
	"isn": enumSetter(func(c *model.Config, i int) { c.ISN = model.ISNPolicy(i) },
		func(i int) string { return model.ISNPolicy(i).String() }),
	"roles": enumSetter(func(c *model.Config, i int) { c.Roles = model.Roles(i) },
		func(i int) string { return model.Roles(i).String() }),
	"tw-guard": enumSetter(func(c *model.Config, i int) { c.TWGuard = model.TWGuard(i) },
		func(i int) string { return model.TWGuard(i).String() }),
}

func intSetter(field func(*model.Config) *int) func(*model.Config, string) error {
	return func(c *model.Config, v string) error {
		if v == "unlimited" {
			*field(c) = -1
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("is not a whole number")
		}
		*field(c) = n
		return nil
	}
}

func boolSetter(field func(*model.Config) *bool) func(*model.Config, string) error {
	return func(c *model.Config, v string) error {
		switch strings.ToLower(v) {
		case "true", "on", "yes", "1":
			*field(c) = true
		case "false", "off", "no", "0":
			*field(c) = false
		default:
			return fmt.Errorf("is not a truth value: use true or false")
		}
		return nil
	}
}

// enumSetter finds the value by the model's own names, so that the trace
// keys never drift from the model: it tries 0, 1, ... until the name has
// the model's "unknown" form (ending in '?') or repeats a name.
func enumSetter(set func(*model.Config, int), name func(int) string) func(*model.Config, string) error {
	return func(c *model.Config, v string) error {
		var names []string
		seen := map[string]bool{}
		for i := 0; i < 32; i++ {
			n := name(i)
			if strings.HasSuffix(n, "?") || seen[n] {
				break
			}
			if n == v {
				set(c, i)
				return nil
			}
			seen[n] = true
			names = append(names, n)
		}
		return fmt.Errorf("is unknown: use one of %s", strings.Join(names, ", "))
	}
}

// ConfigKeys lists the keys a config line accepts, sorted.
func ConfigKeys() []string {
	keys := []string{"variant"}
	for k := range setters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ModelConfig builds the model configuration a trace asks for: the named
// variant (rfc9293 by default), then each setting in order, then the old
// duplicates. It checks the names and forms of values; model.New checks
// their ranges and combinations.
func (t *Trace) ModelConfig() (model.Config, error) {
	c := model.DefaultConfig()
	for _, s := range t.Config {
		if s.Key != "variant" {
			continue
		}
		v, err := model.Variant(s.Value)
		if err != nil {
			return c, t.errorAt(s.Pos, err.Error())
		}
		c = v
	}
	for _, s := range t.Config {
		if s.Key == "variant" {
			continue
		}
		set, ok := setters[s.Key]
		if !ok {
			return c, t.errorAt(s.Pos, fmt.Sprintf("unknown config key %s: use one of %s", quote(s.Key), strings.Join(ConfigKeys(), ", ")))
		}
		if err := set(&c, s.Value); err != nil {
			return c, t.errorAt(s.Pos, fmt.Sprintf("%s=%s %v", s.Key, s.Value, err))
		}
	}
	for _, d := range t.OldDups {
		g := model.Segment{
			Src:   model.Side(d.From),
			Flags: modelFlags(d.Seg.Flags),
			Seq:   uint16(d.Seg.Seq),
			Ack:   uint16(d.Seg.Ack),
			Tag:   model.Tag{Side: model.Side(d.From), Att: 0},
		}
		c.OldDups = append(c.OldDups, g)
	}
	return c, nil
}

func (t *Trace) errorAt(p Pos, msg string) *Error {
	return &Error{Name: t.Name, Pos: p, Msg: msg}
}

// modelFlags converts control bits to the model's representation.
func modelFlags(f Flags) model.Flags {
	var m model.Flags
	if f&SYN != 0 {
		m |= model.FlagSYN
	}
	if f&ACK != 0 {
		m |= model.FlagACK
	}
	if f&FIN != 0 {
		m |= model.FlagFIN
	}
	if f&RST != 0 {
		m |= model.FlagRST
	}
	return m
}
