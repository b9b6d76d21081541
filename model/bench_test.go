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

// sampleStates is the first n in-bound states of c in breadth-first order:
// a realistic mix for timing Next and Encode, unlike a single state.
func sampleStates(b *testing.B, c Config, n int) (*Model, []State) {
	m, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	seen := map[State]bool{m.Initial(): true}
	out := []State{m.Initial()}
	for i := 0; i < len(out) && len(out) < n; i++ {
		m.Next(&out[i], func(_ Action, t *State) {
			if InBounds(t) && !seen[*t] && len(out) < n {
				seen[*t] = true
				out = append(out, *t)
			}
		})
	}
	return m, out
}

// BenchmarkNextBig times Next per state over a sample of the variant
// "big", the engine benchmark (ns/op is per state).
func BenchmarkNextBig(b *testing.B) {
	c, err := Variant("big")
	if err != nil {
		b.Fatal(err)
	}
	m, states := sampleStates(b, c, 50000)
	var sink State
	emit := func(a Action, t *State) { sink = *t }
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Next(&states[i%len(states)], emit)
	}
	_ = sink
}

// BenchmarkEncodeBig times Encode per state over the same sample.
func BenchmarkEncodeBig(b *testing.B) {
	c, err := Variant("big")
	if err != nil {
		b.Fatal(err)
	}
	m, states := sampleStates(b, c, 50000)
	dst := make([]uint64, m.Words())
	var sink uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Encode(&states[i%len(states)], dst)
		sink += dst[0]
	}
	_ = sink
}
