package explore

// prefetch asks for the cache line at p without waiting for it, and
// returns 0. A plain load would do the same but hold up the retirement of
// every later instruction until the line arrives: with the ~100 ns of a
// miss in a large table, the processor would stall after a handful of
// them instead of running the model's Next meanwhile.
//
//go:noescape
func prefetch(p *uint64) uint64
