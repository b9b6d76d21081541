package explore

import (
	"math/bits"
	"unsafe"
)

// shardBits sets the number of shards of the visited set. During the
// insert phase of a level each shard has a single writer, so no insert
// needs an atomic or a lock; 256 shards keep any number of workers up to a
// few dozen balanced.
const (
	shardBits    = 8
	numShards    = 1 << shardBits
	initialSlots = 16 // a shard, to start with

	// maxLoad is the load (in %) at which the table grows at a level
	// barrier, by a quarter; hardLoad is the load an insert phase may
	// reach before that. Growing by a quarter at 85% keeps the load
	// between 68% and 85%: about 10.5 bytes a state for fingerprints,
	// against 15 for doubling at 75%, at the price of longer probes.
	maxLoad  = 85
	hardLoad = 95
)

// table is the visited set: open addressing with linear probing. The
// table is one array, split into numShards equal shards by the high bits
// of the fingerprint; the low bits give the position inside the shard. A
// slot is width words: the fingerprint (never 0, which marks an empty
// slot), then, in the exact store, the full encoding. The position inside
// a shard is the fingerprint's low bits scaled to the shard size (not
// masked), so that a shard can have any size and grow by less than
// double. In index mode a parallel array maps each slot to the state's
// BFS index, for graph edges and action counterexamples.
//
// The table grows as a whole at level barriers, so that it stays one
// mapping that transparent huge pages can back: nearly every probe of a
// large table misses the cache, and with 4 KiB pages the TLB too.
type table struct {
	slots []uint64
	s32   []uint32 // w96: slots as 3 uint32 each, a view of slots' memory
	idx   []uint32
	size  int // slots a shard
	width int
	exact bool
	w96   bool // 96-bit fingerprints: 12-byte slots (see find96)
	index bool
	used  [numShards]int
	peak  uint64 // bytes at the worst moment: old and new table during a grow
}

// newTable makes a table whose slots hold the fingerprint and key words
// compared on a match (0: fingerprint only; the encoding's length for the
// exact store; 1 for 128-bit fingerprints).
func newTable(key int, index bool) *table {
	t := &table{width: 1 + key, exact: key > 0, index: index}
	t.alloc(initialSlots)
	return t
}

// newTable96 makes a table of 96-bit fingerprints: the 64-bit fingerprint
// and 32 more bits of the 128-bit hash (the key word's low half), in
// 12-byte slots. The 64 bits that give the shard and the home slot are
// kept whole, so the table grows and rehashes as the others do; the
// collision estimate is n(g-n)/2^96.
func newTable96(index bool) *table {
	t := &table{width: 1, w96: true, index: index}
	t.alloc(initialSlots)
	return t
}

// slotWords is the words n slots take.
func (t *table) slotWords(n int) int {
	if t.w96 {
		return (3*n + 1) / 2
	}
	return n * t.width
}

// view32 points s32 at slots' memory (w96).
func (t *table) view32() {
	if t.w96 {
		t.s32 = unsafe.Slice((*uint32)(unsafe.Pointer(&t.slots[0])), 3*numShards*t.size)
	}
}

func (t *table) alloc(size int) {
	n := numShards * size
	t.size = size
	t.slots = allocWords(t.slotWords(n))
	t.view32()
	if t.index {
		w := allocWords((n + 1) / 2)
		t.idx = unsafe.Slice((*uint32)(unsafe.Pointer(&w[0])), n)
	}
}

func releaseIdx(idx []uint32) {
	if len(idx) > 0 {
		freeWords(unsafe.Slice((*uint64)(unsafe.Pointer(&idx[0])), (len(idx)+1)/2))
	}
}

// free returns the table's memory; the table is unusable afterwards.
func (t *table) free() {
	freeWords(t.slots)
	releaseIdx(t.idx)
	t.slots, t.s32, t.idx = nil, nil, nil
}

func shardOf(fp uint64) int { return int(fp >> (64 - shardBits)) }

// find returns the slot holding the state, or the empty slot where it
// would go.
func (t *table) find(fp uint64, enc []uint64) (int, bool) {
	if t.w96 {
		return t.find96(fp, uint32(enc[0]))
	}
	w, size := t.width, t.size
	base := shardOf(fp) * size
	p, _ := bits.Mul64(fp<<shardBits, uint64(size))
	pos := int(p)
	for {
		slot := base + pos
		f := t.slots[slot*w]
		if f == 0 {
			return slot, false
		}
		if f == fp && (!t.exact || equalWords(t.slots[slot*w+1:slot*w+w], enc)) {
			return slot, true
		}
		if pos++; pos == size {
			pos = 0
		}
	}
}

// find96 is find for 96-bit fingerprints. Slot i is s32[3i:3i+3]: the
// fingerprint's low and high halves, then the key. A slot straddles two
// cache lines one time in eight; the probe that follows reads the next
// slot anyway.
func (t *table) find96(fp uint64, key uint32) (int, bool) {
	size, s := t.size, t.s32
	base := shardOf(fp) * size
	p, _ := bits.Mul64(fp<<shardBits, uint64(size))
	pos := int(p)
	for {
		slot := base + pos
		x := s[3*slot : 3*slot+3 : 3*slot+3]
		f := uint64(x[0]) | uint64(x[1])<<32
		if f == 0 {
			return slot, false
		}
		if f == fp && x[2] == key {
			return slot, true
		}
		if pos++; pos == size {
			pos = 0
		}
	}
}

// put96 writes a 96-bit slot.
func (t *table) put96(slot int, fp uint64, key uint32) {
	x := t.s32[3*slot : 3*slot+3 : 3*slot+3]
	x[0], x[1], x[2] = uint32(fp), uint32(fp>>32), key
}

// touch starts loading the first slot a probe for fp reads: called ahead
// of the probe, it starts the cache miss early. Its result means nothing;
// callers add it to a sink so that, where prefetch is a plain load, the
// load is kept.
func (t *table) touch(fp uint64) uint64 {
	p, _ := bits.Mul64(fp<<shardBits, uint64(t.size))
	slot := shardOf(fp)*t.size + int(p)
	if t.w96 {
		return prefetch(&t.slots[3*slot/2])
	}
	return prefetch(&t.slots[slot*t.width])
}

// contains reports whether the state is present. Safe for concurrent use
// as long as nobody inserts.
func (t *table) contains(fp uint64, enc []uint64) bool {
	_, ok := t.find(fp, enc)
	return ok
}

// indexOf returns the BFS index recorded for a present state (index mode).
func (t *table) indexOf(fp uint64, enc []uint64) (uint32, bool) {
	p, ok := t.find(fp, enc)
	if !ok {
		return NoState, false
	}
	return t.idx[p], true
}

// setIndex records the BFS index of a present state (index mode).
func (t *table) setIndex(fp uint64, enc []uint64, id uint32) {
	if p, ok := t.find(fp, enc); ok {
		t.idx[p] = id
	}
}

// insert adds the state unless present and reports whether it was added.
// Only the owner of the state's shard may call it, and the caller must
// have made room (see fits).
func (t *table) insert(fp uint64, enc []uint64) bool {
	p, ok := t.find(fp, enc)
	if ok {
		return false
	}
	if w := t.width; t.w96 {
		t.put96(p, fp, uint32(enc[0]))
	} else {
		t.slots[p*w] = fp
		if t.exact {
			copy(t.slots[p*w+1:p*w+w], enc)
		}
	}
	if t.index {
		t.idx[p] = NoState
	}
	t.used[shardOf(fp)]++
	return true
}

// fits reports whether every shard stays under load at (in %) after
// adding extra[i] states to shard i (extra nil: none).
func (t *table) fits(extra *[numShards]int, at int) bool {
	return t.fitsSize(t.size, extra, at)
}

// fitsSize is fits for a table of size slots a shard.
func (t *table) fitsSize(size int, extra *[numShards]int, at int) bool {
	limit := at * size / 100
	for i, u := range t.used {
		if extra != nil {
			u += extra[i]
		}
		if u > limit {
			return false
		}
	}
	return true
}

// nextSize is the shard size after one growth step: a quarter more.
func nextSize(size int) int { return size + max(size/4, 1) }

// reserve grows the table, if needed, until fits(extra, at) holds. It
// takes the same quarter steps as repeated calls to grow would, so the
// sizes (and bytes per state) are the same, but rehashes once: a level
// that widens quickly often needs several steps at one barrier.
func (t *table) reserve(extra *[numShards]int, at int, parallel func(func(part, parts int))) {
	if size := t.sizeFor(t.size, extra, at); size != t.size {
		t.growTo(size, parallel)
	}
}

// sizeFor is the shard size that quarter steps from size reach for
// fits(extra, at) to hold.
func (t *table) sizeFor(size int, extra *[numShards]int, at int) int {
	for !t.fitsSize(size, extra, at) {
		size = nextSize(size)
	}
	return size
}

// bytesAt is what the table holds at size slots a shard.
func (t *table) bytesAt(size int) uint64 {
	n := uint64(numShards * size)
	b := uint64(t.slotWords(int(n))) * 8
	if t.index {
		b += (n + 1) / 2 * 8
	}
	return b
}

// grow enlarges the table by a quarter.
func (t *table) grow(parallel func(func(part, parts int))) {
	t.growTo(nextSize(t.size), parallel)
}

// growTo enlarges the table to size slots a shard, in place: the mapping
// is extended (growWords: on Linux without a copy), then the shards are
// rehashed from the last to the first, each through a buffer of one
// shard. A shard's new place starts at or after its old one, so the
// shards still to be moved, below it, are never overwritten; and the
// table never exists twice, which at scale would double its memory at
// the worst moment of the search. The shards are rehashed one after
// another (the order matters), which costs little beside the level that
// filled the table.
func (t *table) growTo(size int, _ func(func(part, parts int))) {
	old, w := t.size, t.width
	n := numShards * size
	t.slots = growWords(t.slots, t.slotWords(n))
	if t.index {
		t.idx = growIdx(t.idx, n)
	}
	t.size = size
	t.view32()
	if t.w96 {
		t.rehash96(old)
		return
	}
	tmp := allocWords(old * w)
	defer freeWords(tmp)
	var tmpIdx []uint32
	if t.index {
		tmpIdx = make([]uint32, old)
	}
	for sh := numShards - 1; sh >= 0; sh-- {
		copy(tmp, t.slots[sh*old*w:(sh+1)*old*w])
		if t.index {
			copy(tmpIdx, t.idx[sh*old:(sh+1)*old])
		}
		clear(t.slots[sh*size*w : (sh+1)*size*w])
		for p := 0; p < old; p++ {
			fp := tmp[p*w]
			if fp == 0 {
				continue
			}
			q, _ := t.find(fp, tmp[p*w+1:p*w+w])
			if w == 1 {
				t.slots[q] = fp // spare copy's call to memmove for one word
			} else {
				copy(t.slots[q*w:q*w+w], tmp[p*w:p*w+w])
			}
			if t.index {
				t.idx[q] = tmpIdx[p]
			}
		}
	}
	t.peak = max(t.peak, t.bytes()+uint64(len(tmp))*8)
}

// rehash96 is growTo's rehash for 96-bit slots, from old slots a shard.
func (t *table) rehash96(old int) {
	size := t.size
	tmp := make([]uint32, 3*old)
	var tmpIdx []uint32
	if t.index {
		tmpIdx = make([]uint32, old)
	}
	key := []uint64{0}
	for sh := numShards - 1; sh >= 0; sh-- {
		copy(tmp, t.s32[3*sh*old:3*(sh+1)*old])
		if t.index {
			copy(tmpIdx, t.idx[sh*old:(sh+1)*old])
		}
		clear(t.s32[3*sh*size : 3*(sh+1)*size])
		for p := 0; p < old; p++ {
			fp := uint64(tmp[3*p]) | uint64(tmp[3*p+1])<<32
			if fp == 0 {
				continue
			}
			key[0] = uint64(tmp[3*p+2])
			q, _ := t.find(fp, key)
			t.put96(q, fp, tmp[3*p+2])
			if t.index {
				t.idx[q] = tmpIdx[p]
			}
		}
	}
	t.peak = max(t.peak, t.bytes()+uint64(len(tmp))*4)
}

// growIdx is growWords for the index array.
func growIdx(idx []uint32, n int) []uint32 {
	var words []uint64
	if len(idx) > 0 {
		words = unsafe.Slice((*uint64)(unsafe.Pointer(&idx[0])), (len(idx)+1)/2)
	}
	words = growWords(words, (n+1)/2)
	return unsafe.Slice((*uint32)(unsafe.Pointer(&words[0])), n)
}

// bytes is the memory held by the table.
func (t *table) bytes() uint64 {
	n := uint64(len(t.slots)) * 8
	return n + uint64(len(t.idx))*4
}

// sameKey reports whether the table treats keys a and b (of one
// fingerprint) as the same state.
func (t *table) sameKey(a, b []uint64) bool {
	if t.w96 {
		return uint32(a[0]) == uint32(b[0])
	}
	return !t.exact && t.width == 1 || equalWords(a, b)
}

func equalWords(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
