//go:build !linux

package explore

// growWords resizes words from allocWords to n words, keeping their
// contents; elsewhere than on Linux by a copy.
func growWords(w []uint64, n int) []uint64 {
	if n <= len(w) {
		return w[:n]
	}
	return copyGrow(w, n)
}
