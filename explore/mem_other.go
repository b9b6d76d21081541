//go:build !unix

package explore

func allocWords(n int) []uint64 { return make([]uint64, n) }

func freeWords([]uint64) {}
