package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
)

// configKeys map the keys of a "config" line onto model.Config. The keys
// are the tcpcheck command's flag names, so that a trace reads like the
// command line that would explore the same model; iss-a and iss-b are the
// two halves of --iss (a comma would split the setting).
var configKeys = map[string]configKey{
	"isn-space":           intKey(func(c *model.Config) *int { return &c.ISNSpace }),
	"window":              intKey(func(c *model.Config) *int { return &c.Window }),
	"r2":                  intKey(func(c *model.Config) *int { return &c.R2 }),
	"opens":               intKey(func(c *model.Config) *int { return &c.Opens }),
	"attempts":            intKey(func(c *model.Config) *int { return &c.Attempts }),
	"net-bound":           intKey(func(c *model.Config) *int { return &c.NetBound }),
	"loss-budget":         intKey(func(c *model.Config) *int { return &c.LossBudget }),
	"isn-stride":          intKey(func(c *model.Config) *int { return &c.ISNStride }),
	"data":                intKey(func(c *model.Config) *int { return &c.Data }),
	"listener-stays":      boolKey(func(c *model.Config) *bool { return &c.ListenerStays }),
	"half-duplex-rst":     boolKey(func(c *model.Config) *bool { return &c.HalfDuplexRST }),
	"iss":                 issKey,
	"iss-a":               intKey(func(c *model.Config) *int { return &c.ISSBase[model.A] }),
	"iss-b":               intKey(func(c *model.Config) *int { return &c.ISSBase[model.B] }),
	"rto":                 boolKey(func(c *model.Config) *bool { return &c.RTO }),
	"dup":                 boolKey(func(c *model.Config) *bool { return &c.Dup }),
	"crash":               boolKey(func(c *model.Config) *bool { return &c.Crash }),
	"quiet-time":          boolKey(func(c *model.Config) *bool { return &c.QuietTime }),
	"abort":               boolKey(func(c *model.Config) *bool { return &c.Abort }),
	"abort-in-time-wait":  boolKey(func(c *model.Config) *bool { return &c.AbortInTimeWait }),
	"rfc5961":             boolKey(func(c *model.Config) *bool { return &c.RFC5961 }),
	"rfc1337":             boolKey(func(c *model.Config) *bool { return &c.RFC1337 }),
	"fin-wait-2-timer":    boolKey(func(c *model.Config) *bool { return &c.FinWait2Timer }),
	"trim-syn":            boolKey(func(c *model.Config) *bool { return &c.TrimSYN }),
	"challenge-ack-limit": boolKey(func(c *model.Config) *bool { return &c.ChallengeACKLimit }),
	"rules": enumKey(func(c *model.Config) *model.RuleSet { return &c.Rules },
		func(i int) string { return model.RuleSet(i).String() }),
	"isn": enumKey(func(c *model.Config) *model.ISNPolicy { return &c.ISN },
		func(i int) string { return model.ISNPolicy(i).String() }),
	"roles": enumKey(func(c *model.Config) *model.Roles { return &c.Roles },
		func(i int) string { return model.Roles(i).String() }),
	"time-wait-reuse": enumKey(func(c *model.Config) *model.TWReuse { return &c.TWReuse },
		func(i int) string { return model.TWReuse(i).String() }),
	"tw-guard": enumKey(func(c *model.Config) *model.TWGuard { return &c.TWGuard },
		func(i int) string { return model.TWGuard(i).String() }),
}

// configKey reads and writes one setting. An alias of other keys has no
// get: FromPath writes the keys it stands for.
type configKey struct {
	set func(c *model.Config, v string) error
	get func(c *model.Config) string
}

// issKey is --iss: both ISS as "100,300" (the flag's form) or "100/300"
// (in a trace, where a comma separates tokens).
var issKey = configKey{set: func(c *model.Config, v string) error {
	a, b, ok := strings.Cut(strings.ReplaceAll(v, "/", ","), ",")
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if !ok || errA != nil || errB != nil {
		return fmt.Errorf("is not two whole numbers: write iss=100/300 (A's, then B's)")
	}
	c.ISSBase = [2]int{x, y}
	return nil
}}

func intKey(field func(*model.Config) *int) configKey {
	return configKey{
		set: func(c *model.Config, v string) error {
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
		},
		get: func(c *model.Config) string { return strconv.Itoa(*field(c)) },
	}
}

func boolKey(field func(*model.Config) *bool) configKey {
	return configKey{
		set: func(c *model.Config, v string) error {
			switch strings.ToLower(v) {
			case "true", "on", "yes", "1":
				*field(c) = true
			case "false", "off", "no", "0":
				*field(c) = false
			default:
				return fmt.Errorf("is not a truth value: use true or false")
			}
			return nil
		},
		get: func(c *model.Config) string { return strconv.FormatBool(*field(c)) },
	}
}

// enumKey finds a value by the model's own names, so that the trace keys
// never drift from the model: it tries 0, 1, ... until the name has the
// model's "unknown" form (ending in '?') or repeats a name.
func enumKey[E ~uint8](field func(*model.Config) *E, name func(int) string) configKey {
	return configKey{
		set: func(c *model.Config, v string) error {
			var names []string
			seen := map[string]bool{}
			for i := 0; i < 32; i++ {
				n := name(i)
				if strings.HasSuffix(n, "?") || seen[n] {
					break
				}
				if n == v {
					*field(c) = E(i)
					return nil
				}
				seen[n] = true
				names = append(names, n)
			}
			return fmt.Errorf("is unknown: use one of %s", strings.Join(names, ", "))
		},
		get: func(c *model.Config) string { return name(int(*field(c))) },
	}
}

// ConfigKeys lists the keys a config line accepts, sorted.
func ConfigKeys() []string {
	keys := []string{"variant", "old-dups"}
	for k := range configKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ModelConfig builds the model configuration a trace asks for: the named
// variant (rfc9293 by default; the last one given), then each other
// setting in order, then the old duplicates: old-dups settings (the
// --old-dups flag's form, e.g. old-dups=A:syn) and old-dup lines. It checks the names and forms of values; model.New checks
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
		if s.Key == "variant" || s.Key == "old-dups" {
			continue
		}
		key, ok := configKeys[s.Key]
		if !ok {
			return c, t.errorAt(s.Pos, fmt.Sprintf("unknown config key %s: use one of %s", quote(s.Key), strings.Join(ConfigKeys(), ", ")))
		}
		if err := key.set(&c, s.Value); err != nil {
			return c, t.errorAt(s.Pos, fmt.Sprintf("%s=%s %v", s.Key, s.Value, err))
		}
	}
	// --old-dups places its segments at the attempt-0 ISS that the ISN
	// settings imply, so it comes after them.
	for _, s := range t.Config {
		if s.Key != "old-dups" {
			continue
		}
		segs, err := model.ParseOldDups(s.Value, c)
		if err != nil {
			return c, t.errorAt(s.Pos, err.Error())
		}
		c.OldDups = append(c.OldDups, segs...)
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

// WithSettings returns a copy of t with settings added after its config
// lines: a later setting overrides an earlier one, and a variant replaces
// the trace's (variants apply first, whatever their place). The command
// line uses it so that flags given there win over the trace's own.
func (t *Trace) WithSettings(settings ...Setting) *Trace {
	c := *t
	c.Config = append(append([]Setting(nil), t.Config...), settings...)
	return &c
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
	if f&DATA != 0 {
		m |= model.FlagData
	}
	return m
}
