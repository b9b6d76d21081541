package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSegmentRoundTrip(t *testing.T) {
	for _, g := range []Segment{
		{Src: A, Flags: FlagSYN, Seq: 100},
		{Src: B, Flags: FlagSYN | FlagACK, Seq: 300, Ack: 101},
		{Src: A, Flags: FlagRST | FlagACK, Seq: 0, Ack: 301},
		{Src: B, Flags: FlagFIN | FlagACK, Seq: 301, Ack: 102},
		{Src: A, Flags: FlagRST, Seq: 91},
	} {
		got, err := ParseSegment(g.Src, g.String())
		if err != nil || got != g {
			t.Errorf("ParseSegment(%q) = %v, %v; want %v", g.String(), got, err, g)
		}
	}
	for _, bad := range []string{"", "<SEQ=1>", "<CTL=SYN>", "<SEQ=x><CTL=SYN>", "<SEQ=1><CTL=PSH>", "SEQ=1", "<SEQ=1><WIN=3><CTL=SYN>"} {
		if _, err := ParseSegment(A, bad); err == nil {
			t.Errorf("ParseSegment(%q) accepted", bad)
		}
	}
}

func TestParseOldDups(t *testing.T) {
	c := classicConfig() // ISS 100/300, stride 100: attempt 0 at 0 and 200
	got, err := ParseOldDups("A:syn, B:synack,A<SEQ=90><CTL=SYN>, B:fin", c)
	if err != nil {
		t.Fatal(err)
	}
	want := []Segment{
		{Src: A, Flags: FlagSYN, Seq: 0, Tag: Tag{A, 0}},
		{Src: B, Flags: FlagSYN | FlagACK, Seq: 200, Ack: 1, Tag: Tag{B, 0}},
		{Src: A, Flags: FlagSYN, Seq: 90, Tag: Tag{A, 0}},
		{Src: B, Flags: FlagFIN | FlagACK, Seq: 201, Ack: 1, Tag: Tag{B, 0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"C:syn", "A:psh", "Asyn", "A<SEQ=1>"} {
		if _, err := ParseOldDups(bad, c); err == nil || !strings.Contains(err.Error(), "--old-dups") {
			t.Errorf("ParseOldDups(%q) = %v, want an --old-dups error", bad, err)
		}
	}
	if got, err := ParseOldDups("none", c); err != nil || got != nil {
		t.Errorf("none: %v, %v", got, err)
	}
}
