package model

import (
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
		{"isn-space too large", func(c *Config) { c.ISNSpace = 5000 }, "--isn-space 5000 is out of range: use 4 to 4096"},
		{"isn-space vs stride", func(c *Config) { c.ISNSpace, c.ISNStride, c.Attempts, c.ISSBase = 6, 3, 2, [2]int{0, 1} }, "--isn-space 6 is too small for 2 incarnations with stride 3: need at least 12"},
		{"old dups take an incarnation", func(c *Config) {
			c.ISNSpace, c.ISNStride, c.Attempts, c.ISSBase = 12, 3, 2, [2]int{0, 1}
			c.OldDups = []Segment{{Src: A, Flags: FlagSYN}}
		}, "too small for 3 incarnations with stride 3: need at least 18"},
		{"stride", func(c *Config) { c.ISNStride = 2 }, "--isn-stride 2 is too small"},
		{"window zero", func(c *Config) { c.Window = 0 }, "--window 0 is out of range"},
		{"window half", func(c *Config) { c.Window = 512 }, "--window 512 is out of range: use 1 to 511"},
		{"r2", func(c *Config) { c.R2 = 8 }, "--r2 8 is out of range: use 0 to 7"},
		{"opens", func(c *Config) { c.Opens = 0 }, "--opens 0 is out of range"},
		{"attempts", func(c *Config) { c.Attempts = 4 }, "--attempts 4 is out of range: use 1 to 3"},
		{"net-bound", func(c *Config) { c.NetBound = 7 }, "--net-bound 7 is out of range: use 1 to 6"},
		{"loss-budget", func(c *Config) { c.LossBudget = -2 }, "--loss-budget -2 is out of range"},
		{"rules", func(c *Config) { c.Rules = 9 }, "--rules 9 is unknown"},
		{"793 with 5961", func(c *Config) { c.Rules = RFC793 }, "--rfc5961 cannot be combined with --rules rfc793"},
		{"isn policy", func(c *Config) { c.ISN = 9 }, "--isn 9 is unknown"},
		{"roles", func(c *Config) { c.Roles = 9 }, "--roles 9 is unknown"},
		{"tw-guard", func(c *Config) { c.TWGuard = 9 }, "--tw-guard 9 is unknown"},
		{"iss", func(c *Config) { c.ISSBase[1] = 2000 }, "--iss 2000 of B is out of range"},
		{"fast isn space", func(c *Config) { c.ISN = ISNFast }, "--isn fast draws every ISS in Z_N, too many for --isn-space 1024"},
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
			c := DefaultConfig()
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
