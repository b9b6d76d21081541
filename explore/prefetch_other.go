//go:build !amd64

package explore

// prefetch loads the word at p, bringing its cache line in; callers add
// the result to a sink so that the load is kept. (On amd64 it is a
// prefetch instruction that does not wait for the line.)
func prefetch(p *uint64) uint64 { return *p }
