package model

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestValidateRefuses(t *testing.T) {
	cases := []struct {
		name string
		set  func(*Config)
		want string
	}{
		{"isn-space too small", func(c *Config) { c.ISNSpace = 2 }, "--isn-space 2 is out of range"},
		{"isn-space too large", func(c *Config) { c.ISNSpace = 5000 }, "--isn-space 5000 is out of range: use 4 to 2048"},
		{"isn-space vs stride", func(c *Config) { c.ISNSpace, c.ISNStride, c.Attempts, c.ISSBase = 6, 3, 2, [2]int{0, 1} }, "--isn-space 6 is too small for --attempts 2 with --isn-stride 3: the monotone ISNs need at least 12 (2 × stride × incarnations): raise --isn-space to at least 12, or lower --attempts to at most 1"},
		{"old dups take an incarnation", func(c *Config) {
			c.ISNSpace, c.ISNStride, c.Attempts, c.ISSBase = 12, 3, 2, [2]int{0, 1}
			c.OldDups = []Segment{{Src: A, Flags: FlagSYN}}
		}, "too small for 3 incarnations (--attempts 2 plus attempt 0 of --old-dups) with --isn-stride 3: the monotone ISNs need at least 18"},
		{"default iss outside a small space", func(c *Config) { c.ISNSpace, c.ISNStride, c.Attempts = 12, 3, 2 },
			"--iss 100,300 is out of range for --isn-space 12: give --iss values from 0 to 11, e.g. --iss 1,5, or raise --isn-space to at least 301"},
		{"default stride in a small space", func(c *Config) { c.ISNSpace = 12 },
			"--isn-space 12 is too small for --attempts 3 with --isn-stride 100: the monotone ISNs need at least 600 (2 × stride × incarnations): raise --isn-space to at least 600, or lower --attempts and --isn-stride, e.g. --attempts 2 --isn-stride 3 --iss 1,5, or choose another --isn"},
		{"stride alone", func(c *Config) { c.ISNSpace = 300 }, "lower --isn-stride to at most 50"},
		{"attempts alone", func(c *Config) { c.ISNSpace = 400 }, "lower --isn-stride to at most 66, or lower --attempts to at most 2"},
		{"fast with a large iss", func(c *Config) { c.ISN, c.ISNSpace, c.ISSBase = ISNFast, 40, [2]int{1, 50} },
			"--iss 1,50 is out of range for --isn-space 40: give --iss values from 0 to 39, e.g. --iss 1,14, or raise --isn-space to at least 51"},
		{"fast beyond the draw bound", func(c *Config) { c.ISN, c.ISNSpace = ISNFast, 40 }, "--iss 100,300 is out of range for --isn-space 40: give --iss values from 0 to 39, e.g. --iss 1,14"},
		{"window with fast", func(c *Config) { c.ISN, c.ISNSpace, c.ISSBase, c.Window = ISNFast, 12, [2]int{1, 5}, 40 },
			"--window 40 is out of range for --isn-space 12: use 1 to 5 (less than half of --isn-space)"},
		{"stride", func(c *Config) { c.ISNStride = 2 }, "--isn-stride 2 is too small"},
		{"window zero", func(c *Config) { c.Window = 0 }, "--window 0 is out of range"},
		{"window half", func(c *Config) { c.Window = 512 }, "--window 512 is out of range for --isn-space 1024: use 1 to 511 (less than half of --isn-space), or raise --isn-space to at least 1026"},
		{"r2", func(c *Config) { c.R2 = 8 }, "--r2 8 is out of range: use 0 to 7"},
		{"opens", func(c *Config) { c.Opens = 0 }, "--opens 0 is out of range"},
		{"attempts", func(c *Config) { c.Attempts = 4 }, "--attempts 4 is out of range: use 1 to 3"},
		{"net-bound", func(c *Config) { c.NetBound = 7 }, "--net-bound 7 is out of range: use 1 to 6"},
		{"loss-budget", func(c *Config) { c.LossBudget = -2 }, "--loss-budget -2 is out of range"},
		{"rules", func(c *Config) { c.Rules = 9 }, "--rules 9 is unknown"},
		{"793 with 5961", func(c *Config) { c.Rules = RFC793 }, "--rules rfc793 cannot be combined with --rfc5961 true"},
		{"isn policy", func(c *Config) { c.ISN = 9 }, "--isn 9 is unknown"},
		{"roles", func(c *Config) { c.Roles = 9 }, "--roles 9 is unknown"},
		{"tw-guard", func(c *Config) { c.TWGuard = 9 }, "--tw-guard 9 is unknown"},
		{"iss", func(c *Config) { c.ISSBase[1] = 2000 }, "--iss 100,2000 is out of range for --isn-space 1024: give --iss values from 0 to 1023, e.g. --iss 1,342"},
		{"fast isn space", func(c *Config) { c.ISN = ISNFast }, "--isn fast draws every ISS in Z_N, too many for --isn-space 1024: use --isn-space 64 or less with --iss values below it, e.g. --isn-space 12 --iss 1,5"},
		{"old dups beyond bound", func(c *Config) {
			c.OldDups = []Segment{{Src: A, Flags: FlagSYN}, {Src: A, Flags: FlagSYN}, {Src: B, Flags: FlagSYN}}
		}, "--old-dups: 3 segments do not fit in --net-bound 2"},
		{"old dup attempt", func(c *Config) { c.OldDups = []Segment{{Src: A, Flags: FlagSYN, Tag: Tag{A, 1}}} }, "old duplicates belong to attempt 0"},
		{"old dup flags", func(c *Config) { c.OldDups = []Segment{{Src: A, Flags: FlagSYN | FlagFIN}} }, "has flags SYN,FIN"},
		{"old dup seq", func(c *Config) { c.OldDups = []Segment{{Src: A, Flags: FlagSYN, Seq: 2000}} }, "beyond --isn-space 1024"},
		{"two-way both active", func(c *Config) { c.TwoWayHandshake, c.Roles = true, BothActive }, "two-way-handshake variant needs a listener"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := classicConfig()
			tc.set(&c)
			err := c.Validate()
			if err == nil {
				t.Fatalf("accepted %+v", c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if _, err := New(c); err == nil {
				t.Errorf("New accepted what Validate refused")
			}
		})
	}
}

func TestVariantsValid(t *testing.T) {
	for _, v := range Variants() {
		c, err := Variant(v.Name)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", v.Name, err)
		}
		if v.Summary == "" || v.Why == "" {
			t.Errorf("%s lacks a summary or a reason", v.Name)
		}
	}
	if _, err := Variant("rfc9294"); err == nil || !strings.Contains(err.Error(), "rfc9293") {
		t.Errorf("unknown variant: %v, want an error listing the names", err)
	}
}

func TestParseTCPState(t *testing.T) {
	for st := Closed; st < numStates; st++ {
		for _, s := range []string{st.String(), strings.ToLower(st.String()), strings.ReplaceAll(st.String(), "-", "_")} {
			if got, ok := ParseTCPState(s); !ok || got != st {
				t.Errorf("ParseTCPState(%q) = %v, %v; want %v", s, got, ok, st)
			}
		}
	}
	if _, ok := ParseTCPState("SYN-WAIT"); ok {
		t.Errorf("ParseTCPState accepted SYN-WAIT")
	}
}

// TestValidateAdviceWorks follows the "e.g." of each refusal, as a user
// would, and expects a valid configuration within a few steps: advice that
// leads to another refusal must at least make progress.
func TestValidateAdviceWorks(t *testing.T) {
	eg := regexp.MustCompile(`e\.g\. ((?:--[a-z-]+ [0-9,]+?(?: |,? |$))+)`)
	cases := []struct {
		name string
		set  func(*Config)
	}{
		{"isn-space 12", func(c *Config) { c.ISNSpace = 12 }},
		{"isn fast", func(c *Config) { c.ISN = ISNFast }},
		{"isn footprint", func(c *Config) { c.ISN = ISNFootprint }},
		{"isn-space 20 with old dups", func(c *Config) { c.ISNSpace, c.OldDups = 20, []Segment{{Src: A, Flags: FlagSYN}} }},
		{"isn-space 12 stride 3", func(c *Config) { c.ISNSpace, c.ISNStride, c.Attempts = 12, 3, 2 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := classicConfig()
			tc.set(&c)
			for step := 0; ; step++ {
				err := c.Validate()
				if err == nil {
					return
				}
				if step == 3 {
					t.Fatalf("still refused after %d steps: %v", step, err)
				}
				m := eg.FindStringSubmatch(err.Error())
				if m == nil {
					t.Fatalf("step %d: %q gives no example to follow", step, err)
				}
				f := strings.Fields(m[1])
				for i := 0; i+1 < len(f); i += 2 {
					applyFlag(t, &c, f[i], strings.TrimSuffix(f[i+1], ","))
				}
			}
		})
	}
}

// applyFlag sets the parameter a suggested flag names.
func applyFlag(t *testing.T, c *Config, name, value string) {
	t.Helper()
	ints := strings.Split(value, ",")
	n := make([]int, len(ints))
	for i, s := range ints {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("suggested %s %q is not a number", name, value)
		}
		n[i] = v
	}
	switch {
	case name == "--iss" && len(n) == 2:
		c.ISSBase = [2]int{n[0], n[1]}
	case name == "--isn-space" && len(n) == 1:
		c.ISNSpace = n[0]
	case name == "--attempts" && len(n) == 1:
		c.Attempts = n[0]
	case name == "--isn-stride" && len(n) == 1:
		c.ISNStride = n[0]
	default:
		t.Fatalf("unexpected suggestion %s %s", name, value)
	}
}
