package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The flag values below parse like pflag's own but say, when a value is
// bad, what would work. pflag prefixes the message with the flag and the
// value: `invalid argument "x" for "--workers" flag: want ...`.

// choiceValue is a string restricted to a fixed list.
type choiceValue struct {
	v       *string
	choices []string
}

func newChoice(v *string, def string, choices ...string) *choiceValue {
	*v = def
	return &choiceValue{v: v, choices: choices}
}

func (c *choiceValue) String() string { return *c.v }
func (c *choiceValue) Type() string   { return "string" }
func (c *choiceValue) Set(s string) error {
	for _, x := range c.choices {
		if strings.EqualFold(s, x) {
			*c.v = x
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(c.choices, ", "))
}

// intValue is an int within [lo, hi].
type intValue struct {
	v      *int
	lo, hi int
	hint   string
}

func newInt(v *int, def, lo, hi int, hint string) *intValue {
	*v = def
	return &intValue{v: v, lo: lo, hi: hi, hint: hint}
}

func (i *intValue) String() string { return strconv.Itoa(*i.v) }

// Range is the accepted range, for --help.
func (i *intValue) Range() string { return fmt.Sprintf("%d to %d", i.lo, i.hi) }
func (i *intValue) Type() string  { return "int" }
func (i *intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < i.lo || n > i.hi {
		return fmt.Errorf("want a whole number from %d to %d%s", i.lo, i.hi, i.hint)
	}
	*i.v = n
	return nil
}

// countValue is a non-negative count that accepts k, M and G suffixes
// (powers of 1000) and underscores: 10M, 2_000_000.
type countValue struct{ v *int64 }

func (c *countValue) String() string { return strconv.FormatInt(*c.v, 10) }
func (c *countValue) Type() string   { return "count" }
func (c *countValue) Set(s string) error {
	n, ok := parseCount(s)
	if !ok {
		return fmt.Errorf("want a count of states like 500000, 10M or 2G (0 = no limit)")
	}
	*c.v = n
	return nil
}

func parseCount(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	mult := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult = 1e3
		case 'm', 'M':
			mult = 1e6
		case 'g', 'G':
			mult = 1e9
		}
		if mult > 1 {
			s = s[:n-1]
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || f*float64(mult) > math.MaxInt64/2 {
		return 0, false
	}
	v := f * float64(mult)
	if v != math.Trunc(v) {
		return 0, false
	}
	return int64(v), true
}

// sizeValue is a number of bytes with an optional unit: 512MiB, 4GB, 2g.
type sizeValue struct{ v *uint64 }

func (b *sizeValue) String() string { return strconv.FormatUint(*b.v, 10) }
func (b *sizeValue) Type() string   { return "size" }
func (b *sizeValue) Set(s string) error {
	n, ok := parseSize(s)
	if !ok {
		return fmt.Errorf("want a size like 512MiB, 4GiB or 8G (0 = no limit)")
	}
	*b.v = n
	return nil
}

var sizeUnits = []struct {
	suffix string
	mult   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40},
	{"b", 1},
}

func parseSize(s string) (uint64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || f*mult >= math.MaxUint64/2 {
		return 0, false
	}
	return uint64(f * mult), true
}

// durationValue is a time.Duration that is never negative.
type durationValue struct{ v *time.Duration }

func (d *durationValue) String() string {
	if *d.v == 0 {
		return "0" // "no limit"; pflag then shows no default
	}
	return d.v.String()
}
func (d *durationValue) Type() string { return "duration" }
func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || v < 0 {
		return fmt.Errorf("want a duration like 30s, 5m or 1h30m (0 = no limit)")
	}
	*d.v = v
	return nil
}

// humanCount writes n with thousands separators: 1,234,567.
func humanCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// humanBytes writes n in binary units: 1.5 GiB.
func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// humanRate writes a rate per second with an SI suffix: 3.2M.
func humanRate(r float64) string {
	switch {
	case r >= 1e9:
		return fmt.Sprintf("%.1fG", r/1e9)
	case r >= 1e6:
		return fmt.Sprintf("%.1fM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.1fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}
