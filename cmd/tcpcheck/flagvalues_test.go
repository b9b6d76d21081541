package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"500000", 500000, true},
		{"10M", 10_000_000, true},
		{"2g", 2_000_000_000, true},
		{"1.5k", 1500, true},
		{"2_000", 2000, true},
		{"1e6", 1_000_000, true},
		{"-1", 0, false},
		{"ten", 0, false},
		{"1.5", 0, false},
		{"", 0, false},
		{"1e30", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseCount(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseCount(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true},
		{"512MiB", 512 << 20, true},
		{"4GiB", 4 << 30, true},
		{"4GB", 4e9, true},
		{"2g", 2 << 30, true},
		{"100", 100, true},
		{"1.5 KiB", 1536, true},
		{"-1G", 0, false},
		{"lots", 0, false},
		{"G", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseSize(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseSize(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFlagValueErrorsSayWhatWorks(t *testing.T) {
	var (
		s string
		i int
		c int64
		b uint64
		d time.Duration
	)
	tests := []struct {
		name string
		set  func(string) error
		bad  string
		hint string
	}{
		{"choice", newChoice(&s, "text", "text", "json").Set, "xml", "text, json"},
		{"int", newInt(&i, 0, 0, 64, "").Set, "65", "from 0 to 64"},
		{"int-syntax", newInt(&i, 0, 0, 64, "").Set, "four", "from 0 to 64"},
		{"count", (&countValue{&c}).Set, "many", "10M"},
		{"size", (&sizeValue{&b}).Set, "big", "4GiB"},
		{"duration", (&durationValue{&d}).Set, "-5s", "30s"},
	}
	for _, tt := range tests {
		err := tt.set(tt.bad)
		if err == nil {
			t.Errorf("%s: %q accepted", tt.name, tt.bad)
			continue
		}
		if got := err.Error(); !strings.Contains(got, tt.hint) {
			t.Errorf("%s: error %q does not say %q", tt.name, got, tt.hint)
		}
	}
	if err := newChoice(&s, "text", "text", "json").Set("JSON"); err != nil || s != "json" {
		t.Errorf("choice is not case-insensitive: %v, %q", err, s)
	}
}

func TestHuman(t *testing.T) {
	tests := []struct{ got, want string }{
		{humanCount(0), "0"},
		{humanCount(999), "999"},
		{humanCount(1234567), "1,234,567"},
		{humanCount(-1000), "-1,000"},
		{humanBytes(512), "512 B"},
		{humanBytes(1536), "1.5 KiB"},
		{humanBytes(3 << 30), "3.0 GiB"},
		{humanRate(950), "950"},
		{humanRate(3.2e6), "3.2M"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
