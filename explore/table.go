package explore

import "unsafe"

// shardBits sets the number of independent sub-tables of the visited set.
// Each shard has a single writer during the insert phase of a level, so
// no insert needs an atomic or a lock; 256 shards keep the work of any
// number of workers up to a few dozen balanced.
const shardBits = 8

const initialShardSlots = 64

// table is the visited set: open addressing with linear probing, split
// into shards by the high bits of the fingerprint. A slot is width words:
// the fingerprint (never 0, which marks an empty slot), then, in the exact
// store, the full encoding. In index mode a parallel array maps each slot
// to the state's BFS index, for graph edges and action counterexamples.
type table struct {
	shards []shard
	width  int
	exact  bool
	index  bool
}

type shard struct {
	slots []uint64
	idx   []uint32
	mask  uint64
	used  int
}

func newTable(words int, exact, index bool) *table {
	t := &table{shards: make([]shard, 1<<shardBits), width: 1, exact: exact, index: index}
	if exact {
		t.width += words
	}
	for i := range t.shards {
		t.alloc(&t.shards[i], initialShardSlots)
	}
	return t
}

func (t *table) alloc(s *shard, n int) {
	s.slots = allocWords(n * t.width)
	s.mask = uint64(n - 1)
	s.used = 0
	if t.index {
		w := allocWords((n + 1) / 2)
		s.idx = unsafe.Slice((*uint32)(unsafe.Pointer(&w[0])), n)
	}
}

func (t *table) release(s *shard) {
	freeWords(s.slots)
	if s.idx != nil {
		freeWords(unsafe.Slice((*uint64)(unsafe.Pointer(&s.idx[0])), (len(s.idx)+1)/2))
	}
	s.slots, s.idx = nil, nil
}

// free returns every shard's memory; the table is unusable afterwards.
func (t *table) free() {
	for i := range t.shards {
		t.release(&t.shards[i])
	}
}

func shardOf(fp uint64) int { return int(fp >> (64 - shardBits)) }

// find returns the slot holding the state, or the empty slot where it
// would go.
func (t *table) find(s *shard, fp uint64, enc []uint64) (int, bool) {
	w := t.width
	pos := fp & s.mask
	for {
		base := int(pos) * w
		f := s.slots[base]
		if f == 0 {
			return int(pos), false
		}
		if f == fp && (!t.exact || equalWords(s.slots[base+1:base+w], enc)) {
			return int(pos), true
		}
		pos = (pos + 1) & s.mask
	}
}

// contains reports whether the state is present. Safe for concurrent use
// as long as nobody inserts.
func (t *table) contains(fp uint64, enc []uint64) bool {
	_, ok := t.find(&t.shards[shardOf(fp)], fp, enc)
	return ok
}

// indexOf returns the BFS index recorded for a present state (index mode).
func (t *table) indexOf(fp uint64, enc []uint64) (uint32, bool) {
	s := &t.shards[shardOf(fp)]
	p, ok := t.find(s, fp, enc)
	if !ok {
		return NoState, false
	}
	return s.idx[p], true
}

// setIndex records the BFS index of a present state (index mode).
func (t *table) setIndex(fp uint64, enc []uint64, id uint32) {
	s := &t.shards[shardOf(fp)]
	if p, ok := t.find(s, fp, enc); ok {
		s.idx[p] = id
	}
}

// insert adds the state to its shard unless present and reports whether
// it was added. Only the shard's owner may call it.
func (t *table) insert(fp uint64, enc []uint64) bool {
	s := &t.shards[shardOf(fp)]
	if 4*(s.used+1) > 3*(int(s.mask)+1) {
		t.grow(s)
	}
	p, ok := t.find(s, fp, enc)
	if ok {
		return false
	}
	base := p * t.width
	s.slots[base] = fp
	if t.exact {
		copy(s.slots[base+1:base+t.width], enc)
	}
	if t.index {
		s.idx[p] = NoState
	}
	s.used++
	return true
}

// grow doubles a shard and rehashes it. Growing in small steps at need,
// rather than reserving the whole table up front, keeps first-touch page
// faults spread over the search.
func (t *table) grow(s *shard) {
	old := *s
	t.alloc(s, 2*(int(old.mask)+1))
	w := t.width
	for p := 0; p <= int(old.mask); p++ {
		base := p * w
		fp := old.slots[base]
		if fp == 0 {
			continue
		}
		q, _ := t.find(s, fp, old.slots[base+1:base+w])
		copy(s.slots[q*w:q*w+w], old.slots[base:base+w])
		if t.index {
			s.idx[q] = old.idx[p]
		}
		s.used++
	}
	t.release(&old)
}

// bytes is the memory held by the table.
func (t *table) bytes() uint64 {
	var n uint64
	for i := range t.shards {
		c := uint64(t.shards[i].mask + 1)
		n += c * uint64(8*t.width)
		if t.index {
			n += 4 * c
		}
	}
	return n
}

func equalWords(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
