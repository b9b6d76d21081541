package explore

import (
	"bufio"
	"encoding/binary"
	"io"
	"os"
	"slices"
)

// The Disk store keeps the visited set beyond memory, in the way of
// Stern and Dill's disk-based Murphi and TLC's disk fingerprint set:
// 128-bit fingerprints in the in-memory table as in Fingerprint128, until
// the table reaches Options.DiskTable bytes; then, at a level barrier, its
// entries are sorted (in place: within a shard they are nearly sorted
// already) and merged into a sorted file, and the table starts empty.
// Duplicates are detected late, once per level: the new states of a level
// (those not in the table) are sorted and checked against the file in one
// sequential pass, and those found there are dropped before they are
// numbered. The result is the one the in-memory stores give: the states
// kept are the first occurrences, in generation order, of states seen
// neither in the table nor in the file. In index mode (action invariants,
// graph) a file entry carries the state's BFS index as a third word.
type diskSet struct {
	f       *os.File // sorted entries; nil while there are none
	n       int64    // entries in f
	width   int      // words an entry: fingerprint, high half, [index]
	peak    uint64   // bytes of the files at their largest (old and new during a merge)
	flushes int
	lr      levelRuns // the level's candidates in sorted runs (delayed detection, disk_runs.go)
}

// diskQuery is a new state of the level to look for in the file.
type diskQuery struct {
	fp, ext uint64
	chunk   int32
	pos     int32
}

func lessKey(a0, a1, b0, b1 uint64) bool { return a0 < b0 || a0 == b0 && a1 < b1 }

// diskCheck drops the kept candidates of the level that the file holds,
// and in index mode gives them their index in the table.
func (e *engine[S, A]) diskCheck() {
	e.diskFind(e.diskQueries(func(c *chunk[S], j int) bool { return c.kept[j] }), func(c *chunk[S], j int, id uint32) {
		c.kept[j] = false
		if e.index {
			e.tab.setIndex(c.fps[j], c.ext[j:j+1], id)
		}
	})
	// The kept counts per chunk, as number reads them.
	for wi, w := range e.workers {
		for k, c := range e.chunks[:e.nchunks] {
			w.keptCounts[k] = 0
			if wi == 0 {
				for _, ok := range c.kept {
					if ok {
						w.keptCounts[k]++
					}
				}
			}
		}
	}
}

// diskIDs gives the candidates of a level that is not numbered (the last
// one under a depth budget, or one a budget stopped) the indices the file
// holds for them, NoState for the others: what the table gives them in
// the in-memory stores. The level's edges and action counterexamples
// then point at the same states.
// With only set, just those candidates (chunk, position) are looked up:
// the targets of action counterexamples, when no graph needs the rest.
func (e *engine[S, A]) diskIDs(only map[[2]int]bool) {
	for _, c := range e.chunks[:e.nchunks] {
		c.ids = slicesResize(c.ids, len(c.fps))
		for j := range c.ids {
			c.ids[j] = NoState
		}
	}
	var q []diskQuery
	if only != nil {
		for x := range only {
			c := e.chunks[x[0]]
			q = append(q, diskQuery{c.fps[x[1]], c.ext[x[1]], int32(x[0]), int32(x[1])})
		}
	} else {
		q = e.diskQueries(func(c *chunk[S], j int) bool { return c.done })
	}
	e.diskFind(q, func(c *chunk[S], j int, id uint32) { c.ids[j] = id })
}

// diskUnseen counts the candidates of the level that the file does not
// hold either: the states really new at this level.
func (e *engine[S, A]) diskUnseen() int {
	if e.delayed() {
		return int(e.runsMerge(false, nil))
	}
	q := e.diskQueries(func(c *chunk[S], j int) bool { return true })
	n := len(q)
	e.diskFind(q, func(c *chunk[S], j int, id uint32) { n-- })
	return n
}

// diskQueries lists the selected candidates of the level.
func (e *engine[S, A]) diskQueries(sel func(c *chunk[S], j int) bool) []diskQuery {
	var q []diskQuery
	for k, c := range e.chunks[:e.nchunks] {
		for j := range c.fps {
			if sel(c, j) {
				q = append(q, diskQuery{c.fps[j], c.ext[j], int32(k), int32(j)})
			}
		}
	}
	return q
}

// diskFind looks the candidates q up in the file, in one pass over it,
// and calls found for those it holds, with their index (index mode).
func (e *engine[S, A]) diskFind(q []diskQuery, found func(c *chunk[S], j int, id uint32)) {
	d := e.disk
	if d.n == 0 || len(q) == 0 {
		return
	}
	slices.SortFunc(q, func(a, b diskQuery) int {
		switch {
		case lessKey(a.fp, a.ext, b.fp, b.ext):
			return -1
		case a.fp == b.fp && a.ext == b.ext:
			return 0
		}
		return 1
	})
	if _, err := d.f.Seek(0, io.SeekStart); err != nil {
		e.fail(err)
		return
	}
	rd := bufio.NewReaderSize(d.f, 1<<20)
	ent := make([]uint64, 3)
	buf := make([]byte, 8*d.width)
	left := d.n
	next := func() bool {
		if left == 0 {
			return false
		}
		left--
		if _, err := io.ReadFull(rd, buf); err != nil {
			e.fail(err)
			return false
		}
		for i := 0; i < d.width; i++ {
			ent[i] = binary.LittleEndian.Uint64(buf[8*i:])
		}
		return true
	}
	have := next()
	for _, x := range q {
		for have && lessKey(ent[0], ent[1], x.fp, x.ext) {
			have = next()
		}
		if !have {
			break
		}
		if ent[0] == x.fp && ent[1] == x.ext {
			found(e.chunks[x.chunk], int(x.pos), uint32(ent[2]))
		}
	}
}

// diskFlush merges the table into the file when it holds more than
// Options.DiskTable bytes, and empties it.
func (e *engine[S, A]) diskFlush(force bool) {
	if !force && e.tab.bytes() <= e.diskTable {
		return
	}
	t, d := e.tab, e.disk
	t.sortShards()
	nf, err := newSpill(e.opt.SpillDir)
	if err != nil {
		e.fail(err)
		return
	}
	w := bufio.NewWriterSize(nf.f, 1<<20)
	var rd *bufio.Reader
	if d.f != nil {
		if _, err := d.f.Seek(0, io.SeekStart); err != nil {
			e.fail(err)
			return
		}
		rd = bufio.NewReaderSize(d.f, 1<<20)
	}
	buf := make([]byte, 8*d.width)
	old := make([]uint64, d.width)
	left := d.n
	next := func() bool {
		if left == 0 || err != nil {
			return false
		}
		left--
		if _, err = io.ReadFull(rd, buf); err != nil {
			return false
		}
		for i := range old {
			old[i] = binary.LittleEndian.Uint64(buf[8*i:])
		}
		return true
	}
	var n int64
	put := func(x []uint64) {
		for i, v := range x {
			binary.LittleEndian.PutUint64(buf[8*i:], v)
		}
		if err == nil {
			_, err = w.Write(buf)
		}
		n++
	}
	have := next()
	cur := make([]uint64, d.width)
	t.sorted(func(fp, ext uint64, id uint32) {
		for have && lessKey(old[0], old[1], fp, ext) {
			put(old)
			have = next()
		}
		if have && old[0] == fp && old[1] == ext {
			return // a state dropped by diskCheck: the file has it
		}
		cur[0], cur[1] = fp, ext
		if d.width > 2 {
			cur[2] = uint64(id)
		}
		put(cur)
	})
	for have {
		put(old)
		have = next()
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		e.fail(err)
		nf.close()
		return
	}
	d.peak = max(d.peak, uint64(d.n+n)*uint64(8*d.width))
	if d.f != nil {
		(&spill{f: d.f}).close()
	}
	d.f, d.n = nf.f, n
	d.flushes++
	t.free()
	t.alloc(initialSlots)
	t.used = [numShards]int{}
	e.keepFrontier()
}

// keepFrontier puts the frontier's states back into the emptied table:
// in a breadth-first search most duplicates are states of the last level
// or two, and without them in the table every successor of the next level
// would become a candidate to check against the file. A frontier larger
// than half the table's share is kept in part (its first states), so that
// the table stays within its share; the others are in the file.
func (e *engine[S, A]) keepFrontier() {
	n, words := e.flen(), e.words
	first := len(e.r.parent) - n
	per := uint64(e.tab.width * 8)
	if e.index {
		per += 4
	}
	n = min(n, int(e.diskTable/2/(per*100/maxLoad)))
	if n == 0 {
		return
	}
	var (
		buf   []uint64
		enc   = make([]uint64, words)
		extra [numShards]int
	)
	each := func(f func(i int, enc []uint64)) {
		for lo := 0; lo < n; lo += 1 << 16 {
			hi := min(lo+1<<16, n)
			var src []uint64
			if e.dec != nil {
				src = e.frontierEncs(lo, hi, &buf)
			}
			for i := lo; i < hi; i++ {
				x := enc
				if e.dec != nil {
					x = src[(i-lo)*words : (i-lo+1)*words]
				} else {
					e.m.Encode(&e.frontier[i], enc)
				}
				f(i, x)
			}
		}
	}
	each(func(_ int, x []uint64) {
		fp, _ := fingerprint128(x)
		extra[shardOf(fp)]++
	})
	e.tab.reserve(&extra, maxLoad, e.parts)
	key := make([]uint64, 1)
	each(func(i int, x []uint64) {
		fp, ext := fingerprint128(x)
		key[0] = ext
		e.tab.insert(fp, key)
		if e.index {
			e.tab.setIndex(fp, key, uint32(first+i))
		}
	})
}

// sortShards sorts each shard's entries by (fingerprint, high half) and
// moves them to the shard's start. The table can no longer be probed
// afterwards; it is read with sorted and then emptied. Inside a shard an
// entry sits at its fingerprint's place or a little after it, so the
// insertion sort does little more than one pass.
func (t *table) sortShards() {
	w := t.width
	for sh := 0; sh < numShards; sh++ {
		base := sh * t.size
		n := 0
		for p := base; p < base+t.size; p++ {
			if t.slots[p*w] == 0 {
				continue
			}
			fp, ext := t.slots[p*w], t.slots[p*w+1]
			var id uint32
			if t.index {
				id = t.idx[p]
			}
			i := base + n
			for i > base && lessKey(fp, ext, t.slots[(i-1)*w], t.slots[(i-1)*w+1]) {
				t.slots[i*w], t.slots[i*w+1] = t.slots[(i-1)*w], t.slots[(i-1)*w+1]
				if t.index {
					t.idx[i] = t.idx[i-1]
				}
				i--
			}
			t.slots[i*w], t.slots[i*w+1] = fp, ext
			if t.index {
				t.idx[i] = id
			}
			n++
		}
		t.used[sh] = n
	}
}

// sorted calls f on every entry in order, after sortShards: shards are
// ordered by the fingerprint's high bits.
func (t *table) sorted(f func(fp, ext uint64, id uint32)) {
	w := t.width
	for sh := 0; sh < numShards; sh++ {
		base := sh * t.size
		for i := base; i < base+t.used[sh]; i++ {
			var id uint32
			if t.index {
				id = t.idx[i]
			}
			f(t.slots[i*w], t.slots[i*w+1], id)
		}
	}
}
