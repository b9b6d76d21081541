package model

import "testing"

// TestNextDoesNotAllocate: successor generation is on the engine's hot
// path.
func TestNextDoesNotAllocate(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	s := State{E: [2]Endpoint{estA, estB}}
	s.Net.Add(seg(A, FlagFIN|FlagACK, 101, 301))
	n := 0
	emit := func(a Action, t *State) { n++ }
	m.Next(&s, emit) // warm the scratch pool
	if allocs := testing.AllocsPerRun(100, func() { m.Next(&s, emit) }); allocs > 0 {
		t.Errorf("Next allocates %.1f times per call", allocs)
	}
	if n == 0 {
		t.Fatal("no successors")
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
