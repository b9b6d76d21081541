package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/tcpcheck/tcpcheck/model"
)

// parseModelFlags parses args as model flags alone.
func parseModelFlags(t *testing.T, args []string) (model.Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	mf := addModelFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parsing %v: %v", args, err)
	}
	return mf.config()
}

// TestConfigRoundTrip checks the promise of docs/JSON.md: the "config" of
// a report, given back as flags with the same --variant, is accepted and
// describes the same configuration.
func TestConfigRoundTrip(t *testing.T) {
	var cases [][]string
	for _, v := range model.Variants() {
		cases = append(cases, []string{"--variant", v.Name})
	}
	cases = append(cases,
		[]string{"--rto=false"},
		[]string{"--isn", "fixed"},
		[]string{"--isn", "monotone", "--isn-stride", "7"},
	)
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			c1, err := parseModelFlags(t, args)
			if err != nil {
				t.Fatalf("tcpcheck %v: %v", args, err)
			}
			variant := "rfc9293"
			if len(args) > 1 && args[0] == "--variant" {
				variant = args[1]
			}
			again := []string{"--variant", variant}
			for _, p := range describeConfig(c1) {
				again = append(again, "--"+p.Name+"="+p.Value)
			}
			c2, err := parseModelFlags(t, again)
			if err != nil {
				t.Fatalf("the report's config as flags is refused: %v\n%v", err, again)
			}
			if !reflect.DeepEqual(c1, c2) {
				t.Errorf("round trip changed the configuration:\n got %+v\nwant %+v", c2, c1)
			}
		})
	}
}

// TestNoEffectFlagRefused checks that a flag the configuration ignores is
// still refused when it differs from the variant's own value.
func TestNoEffectFlagRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--rto=false", "--r2", "3"},
		{"--variant", "fixed-isn", "--isn-stride", "5"},
	} {
		if _, err := parseModelFlags(t, args); err == nil || !strings.Contains(err.Error(), "has no effect") {
			t.Errorf("tcpcheck %v: err = %v, want a no-effect refusal", args, err)
		}
	}
}
