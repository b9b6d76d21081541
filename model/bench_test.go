package model

import "testing"

// TestNextDoesNotAllocate: successor generation is on the engine's hot
// path, including the ISS draws of an active OPEN and of a SYN at a
// listener (closures handed to issChoices must stay on the stack).
func TestNextDoesNotAllocate(t *testing.T) {
	est := State{E: [2]Endpoint{estA, estB}}
	est.Net.Add(seg(A, FlagFIN|FlagACK, 101, 301))
	listen := State{E: [2]Endpoint{{}, {State: Listen, Passive: true, Opens: 1}}}
	listen.Net.Add(Segment{Src: A, Flags: FlagSYN, Seq: 1, Tag: Tag{A, 1}})
	footprint := DefaultConfig()
	footprint.ISN, footprint.ISNSpace, footprint.ISSBase, footprint.Roles = ISNFootprint, 8, [2]int{1, 5}, AnyRole
	cases := []struct {
		name string
		c    Config
		s    State
	}{
		{"established", DefaultConfig(), est},
		{"open and listen", DefaultConfig(), listen},
		{"open and listen, footprint", footprint, listen},
	}
	for _, tc := range cases {
		m, err := New(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		emit := func(a Action, t *State) { n++ }
		m.Next(&tc.s, emit) // warm the scratch pool
		if allocs := testing.AllocsPerRun(100, func() { m.Next(&tc.s, emit) }); allocs > 0 {
			t.Errorf("%s: Next allocates %.1f times per call", tc.name, allocs)
		}
		if n == 0 {
			t.Fatalf("%s: no successors", tc.name)
		}
	}
}

func BenchmarkNext(b *testing.B) {
	m, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	s := State{E: [2]Endpoint{estA, estB}}
	s.Net.Add(seg(A, FlagFIN|FlagACK, 101, 301))
	s.Net.Add(seg(B, FlagACK, 301, 101))
	var sink State
	emit := func(a Action, t *State) { sink = *t }
	b.ReportAllocs()
	for b.Loop() {
		m.Next(&s, emit)
	}
	_ = sink
}
