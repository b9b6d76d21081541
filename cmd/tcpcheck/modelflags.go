package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// modelParam is one model.Config field exposed as a flag. The flags write
// into a scratch Config; after parsing, every flag the user gave is copied
// onto the variant's Config, so that explicit flags override the variant
// and the others keep the variant's values.
type modelParam struct {
	name  string
	usage string
	value func(c *model.Config) pflag.Value // the flag's value, bound to c
	copy  func(dst, src *model.Config)
}

// modelParams lists the parameters in the order --help and the JSON config
// show them.
func modelParams() []modelParam {
	return []modelParam{
		intParam("isn-space", "N, the modulus of sequence numbers, 4 to 2048", func(c *model.Config) *int { return &c.ISNSpace }),
		intParam("window", "W, the fixed receive window RCV.WND, 1 to less than half of --isn-space", func(c *model.Config) *int { return &c.Window }),
		intParam("r2", "retransmissions before giving up (R2, §3.8.3), 0 to 7", func(c *model.Config) *int { return &c.R2 }),
		boolParam("rto", "retransmission timer and give-up", func(c *model.Config) *bool { return &c.RTO }),
		intParam("opens", "user OPEN calls per endpoint, 1 to 7", func(c *model.Config) *int { return &c.Opens }),
		intParam("attempts", "ISS draws per endpoint, 1 to 3", func(c *model.Config) *int { return &c.Attempts }),
		intParam("net-bound", fmt.Sprintf("K, segments in flight at most, 1 to %d", model.MaxNetBound), func(c *model.Config) *int { return &c.NetBound }),
		intParam("loss-budget", "segments that may be lost, 0 to 7 (-1 unlimited)", func(c *model.Config) *int { return &c.LossBudget }),
		boolParam("dup", "a delivery may leave a copy in flight (duplication)", func(c *model.Config) *bool { return &c.Dup }),
		boolParam("crash", "each endpoint may crash once", func(c *model.Config) *bool { return &c.Crash }),
		boolParam("quiet-time", "a crashed endpoint keeps quiet until its segments drain (§3.4.3)", func(c *model.Config) *bool { return &c.QuietTime }),
		boolParam("crash-loses-clock", "a crash loses the ISN clock (§3.4.1): the next ISS repeats the crashed incarnation's", func(c *model.Config) *bool { return &c.CrashLosesClock }),
		boolParam("abort", "the user may call ABORT", func(c *model.Config) *bool { return &c.Abort }),
		boolParam("abort-in-time-wait", "ABORT is allowed in TIME-WAIT (§3.10.5; off by default: no sockets API reaches a connection in TIME-WAIT)", func(c *model.Config) *bool { return &c.AbortInTimeWait }),
		enumParam("rules", "SEGMENT ARRIVES rules: rfc9293 (as published, errata applied), rfc793 (the original text)", enumNames(func(i int) string { return model.RuleSet(i).String() }),
			func(c *model.Config) *model.RuleSet { return &c.Rules }),
		boolParam("rfc5961", "exact-match RST and challenge ACKs (RFC 5961)", func(c *model.Config) *bool { return &c.RFC5961 }),
		boolParam("rfc1337", "ignore RST in TIME-WAIT (RFC 1337 fix)", func(c *model.Config) *bool { return &c.RFC1337 }),
		enumParam("isn", "ISN policy: monotone (attempt k draws ISS+(k-1)*stride, a clock), footprint (any ISS whose numbers avoid the endpoint's segments still in flight, §3.4.3), fast (any ISS: wrapped or very fast connections), fixed (always the same ISS: a broken stack)", enumNames(func(i int) string { return model.ISNPolicy(i).String() }),
			func(c *model.Config) *model.ISNPolicy { return &c.ISN }),
		issParam(),
		intParam("isn-stride", "distance between successive ISS (monotone ISN)", func(c *model.Config) *int { return &c.ISNStride }),
		enumParam("roles", "user calls of the endpoints: client-server (A opens actively, B passively), both-active (simultaneous open, Figure 7), any (each may open either way)", enumNames(func(i int) string { return model.Roles(i).String() }),
			func(c *model.Config) *model.Roles { return &c.Roles }),
		boolParam("fin-wait-2-timer", "FIN-WAIT-2 may time out to CLOSED (BSD, Linux)", func(c *model.Config) *bool { return &c.FinWait2Timer }),
		boolParam("challenge-ack-limit", "a challenge ACK (RFC 5961 §7; under the linux profile any ACK to an unacceptable segment) may be omitted, as a rate limit does", func(c *model.Config) *bool { return &c.ChallengeACKLimit }),
		boolParam("listener-stays", "a passive OPEN's listener outlives its connections: a deleted TCB returns to LISTEN (sockets stacks)", func(c *model.Config) *bool { return &c.ListenerStays }),
		enumParam("time-wait-reuse", "TIME-WAIT reopens on a new SYN above RCV.NXT (MAY-2) with ISS", enumNames(func(i int) string { return model.TWReuse(i).String() }),
			func(c *model.Config) *model.TWReuse { return &c.TWReuse }),
		intParam("data", "units of data each user may SEND per connection, 0 to 3 (0 = none: connection management only)", func(c *model.Config) *int { return &c.Data }),
		boolParam("half-duplex-rst", "half-duplex close (§3.6.1 MAY-1, SHLD-3): after CLOSE the user cannot RECEIVE, and CLOSE with data unread or data arriving after CLOSE sends a RST (Linux); needs --data 1 or more to show", func(c *model.Config) *bool { return &c.HalfDuplexRST }),
		enumParam("tw-guard", "when TIME-WAIT may expire, as 2MSL is not timed: drain-peer (no segment of the connection in flight and the peer in none of FIN-WAIT-1, CLOSING, LAST-ACK), drain (no segment in flight), any-time (whenever, as tcp.tla)", enumNames(func(i int) string { return model.TWGuard(i).String() }),
			func(c *model.Config) *model.TWGuard { return &c.TWGuard }),
	}
}

// modelFlags holds the parsed model flags of one command.
type modelFlags struct {
	fs      *pflag.FlagSet
	scratch model.Config
	variant string
	oldDups string
	params  []modelParam
}

// addModelFlags registers --variant and every model parameter on fs.
func addModelFlags(fs *pflag.FlagSet) *modelFlags {
	return addModelFlagsWith(fs, func(mf *modelFlags, usage string) {
		fs.StringVar(&mf.variant, "variant", "rfc9293", usage)
	})
}

// addModelFlagsWith is addModelFlags with the command's own --variant
// flag (diff takes two); variant registers it with the usage given.
func addModelFlagsWith(fs *pflag.FlagSet, variant func(mf *modelFlags, usage string)) *modelFlags {
	mf := &modelFlags{fs: fs, scratch: model.DefaultConfig(), params: modelParams()}
	var names []string
	for _, v := range model.Variants() {
		names = append(names, v.Name)
	}
	variant(mf, "named configuration to start from: "+strings.Join(names, ", "))
	for _, p := range mf.params {
		f := fs.VarPF(p.value(&mf.scratch), p.name, "", p.usage)
		if _, ok := f.Value.(*boolValue); ok {
			f.NoOptDefVal = "true" // --dup alone means --dup=true
		}
	}
	fs.StringVar(&mf.oldDups, "old-dups", "none", "segments of an earlier incarnation in flight at the start: none, or a list like A:syn,B:synack or A<SEQ=90><CTL=SYN>")
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "variant" || f.Name == "old-dups" || mf.isParam(f.Name) {
			f.Annotations = map[string][]string{modelAnnotation: nil}
		}
	})
	return mf
}

// settings are the model flags given explicitly, as key=value settings of
// a trace's config line (the keys are the flag names).
func (mf *modelFlags) settings() []scenario.Setting {
	var out []scenario.Setting
	mf.fs.Visit(func(f *pflag.Flag) {
		if f.Name == "variant" || f.Name == "old-dups" || mf.isParam(f.Name) {
			out = append(out, scenario.Setting{Key: f.Name, Value: f.Value.String()})
		}
	})
	return out
}

// modelAnnotation marks the model flags, which --help lists apart.
const modelAnnotation = "tcpcheck-model"

func (mf *modelFlags) isParam(name string) bool {
	for _, p := range mf.params {
		if p.name == name {
			return true
		}
	}
	return false
}

// config is the variant's Config with every explicitly given flag applied,
// validated.
func (mf *modelFlags) config() (model.Config, error) { return mf.configOf(mf.variant) }

// configOf is config starting from the named variant.
func (mf *modelFlags) configOf(variant string) (model.Config, error) {
	c, err := model.Variant(variant)
	if err != nil {
		return c, usagef("--variant: %v (see 'tcpcheck list variants')", err)
	}
	base := c
	for _, p := range mf.params {
		if mf.fs.Changed(p.name) {
			p.copy(&c, &mf.scratch)
		}
	}
	// Old duplicates sit at the attempt-0 ISS the ISN flags imply, so they
	// are read last.
	if mf.fs.Changed("old-dups") {
		segs, err := model.ParseOldDups(mf.oldDups, c)
		if err != nil {
			return c, usagef("%v", err)
		}
		c.OldDups = segs
	}
	if err := c.Validate(); err != nil {
		return c, usagef("%v", err)
	}
	// A flag the user gave that the rest of the configuration ignores is
	// a mistake worth naming, not something to drop silently, unless it
	// only repeats the variant's own value: the "config" of a JSON report
	// lists every parameter and must be usable as flags again.
	switch {
	case mf.fs.Changed("r2") && !c.RTO && c.R2 != base.R2:
		return c, usagef("--r2 %d has no effect with --rto=false (no retransmission, no give-up): drop one of them", c.R2)
	case mf.fs.Changed("isn-stride") && c.ISN != model.ISNMonotone && c.ISNStride != base.ISNStride:
		return c, usagef("--isn-stride %d has no effect with --isn %v: it spaces the ISS of successive attempts under --isn monotone only", c.ISNStride, c.ISN)
	}
	return c, nil
}

// build is config followed by the model it describes.
func (mf *modelFlags) build() (model.Config, *model.Model, error) {
	c, err := mf.config()
	if err != nil {
		return c, nil, err
	}
	m, err := model.New(c)
	if err != nil {
		return c, nil, usagef("%v", err)
	}
	return c, m, nil
}

// describeConfig lists every parameter of c by flag name.
func describeConfig(c model.Config) []param {
	var out []param
	for _, p := range modelParams() {
		out = append(out, param{p.name, p.value(&c).String()})
	}
	dups := "none"
	if len(c.OldDups) > 0 {
		var segs []string
		for _, g := range c.OldDups {
			segs = append(segs, g.Src.String()+g.String())
		}
		dups = strings.Join(segs, ",")
	}
	return append(out, param{"old-dups", dups})
}

func intParam(name, usage string, field func(*model.Config) *int) modelParam {
	return modelParam{
		name: name, usage: usage,
		value: func(c *model.Config) pflag.Value { return (*plainInt)(field(c)) },
		copy:  func(dst, src *model.Config) { *field(dst) = *field(src) },
	}
}

func boolParam(name, usage string, field func(*model.Config) *bool) modelParam {
	return modelParam{
		name: name, usage: usage,
		value: func(c *model.Config) pflag.Value { return (*boolValue)(field(c)) },
		copy:  func(dst, src *model.Config) { *field(dst) = *field(src) },
	}
}

func enumParam[T ~uint8](name, usage string, names []string, field func(*model.Config) *T) modelParam {
	return modelParam{
		name: name, usage: enumUsage(usage, names),
		value: func(c *model.Config) pflag.Value { return &enumValue[T]{field(c), names} },
		copy:  func(dst, src *model.Config) { *field(dst) = *field(src) },
	}
}

// enumNames lists the String() of values 0, 1, ... until a name is not a
// real one (the model's types print "xxx?" beyond their last value).
func enumNames(name func(int) string) []string {
	var out []string
	for i := 0; i < 16; i++ {
		n := name(i)
		if strings.HasSuffix(n, "?") || (i > 0 && n == out[0]) {
			break
		}
		out = append(out, n)
	}
	return out
}

func issParam() modelParam {
	field := func(c *model.Config) *[2]int { return &c.ISSBase }
	return modelParam{
		name: "iss", usage: "ISS of the first attempt of A and B, as A,B",
		value: func(c *model.Config) pflag.Value { return (*issValue)(field(c)) },
		copy:  func(dst, src *model.Config) { *field(dst) = *field(src) },
	}
}

// plainInt is an int flag; ranges are model.Config.Validate's business.
type plainInt int

func (i *plainInt) String() string { return strconv.Itoa(int(*i)) }
func (i *plainInt) Type() string   { return "int" }
func (i *plainInt) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("want a whole number")
	}
	*i = plainInt(n)
	return nil
}

// boolValue is a bool flag that also takes on/off and yes/no.
type boolValue bool

func (b *boolValue) String() string { return strconv.FormatBool(bool(*b)) }
func (b *boolValue) Type() string   { return "bool" }
func (b *boolValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "on", "yes", "1":
		*b = true
	case "false", "off", "no", "0":
		*b = false
	default:
		return fmt.Errorf("want true or false (on/off)")
	}
	return nil
}

type enumValue[T ~uint8] struct {
	v     *T
	names []string
}

func (e *enumValue[T]) String() string { return e.names[*e.v] }
func (e *enumValue[T]) Type() string   { return "string" }
func (e *enumValue[T]) Set(s string) error {
	for i, n := range e.names {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			*e.v = T(i)
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(e.names, ", "))
}

// issValue is "A,B", e.g. 100,300.
type issValue [2]int

func (v *issValue) String() string { return fmt.Sprintf("%d,%d", v[0], v[1]) }
func (v *issValue) Type() string   { return "A,B" }
func (v *issValue) Set(s string) error {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return fmt.Errorf("want two numbers A,B, e.g. 100,300")
	}
	var out [2]int
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return fmt.Errorf("want two numbers A,B, e.g. 100,300")
		}
		out[i] = n
	}
	*v = out
	return nil
}

// boolFlag registers a bool flag that takes true/false, on/off, yes/no,
// and means true when given alone.
func boolFlag(fs *pflag.FlagSet, v *bool, name, short, usage string) {
	f := fs.VarPF((*boolValue)(v), name, short, usage)
	f.NoOptDefVal = "true"
}

// enumUsage lists the values after usage, unless usage already explains
// each of them.
func enumUsage(usage string, names []string) string {
	for _, n := range names {
		if !strings.Contains(usage, n+" (") {
			return usage + ": " + strings.Join(names, ", ")
		}
	}
	return usage
}
