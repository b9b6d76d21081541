package explore

import (
	"bufio"
	"encoding/binary"
	"io"
	"math/bits"
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// Delayed duplicate detection for the Disk store: the candidates of a
// level (successors not in the table at the level's start) do not stay in
// memory. Each worker gathers the fingerprints of the chunks it expands,
// tagged with their place in generation order (chunk, position), in a
// buffer of bounded size; a full buffer is sorted and written to the
// level's run file as one sorted run. After phase A the runs (and the
// buffers' remainders, sorted in memory) are merged, in one pass, with
// the sorted file of the states seen before: in each group of equal
// fingerprints the first in generation order is the new state, unless
// the file holds it. What the merge leaves in memory is one bit a
// candidate (kept or not) and, written to a file in fingerprint order,
// the level's new states, which go into the table once they are
// numbered. So the states kept, and their numbers, are those of the
// in-memory stores, and the memory a level needs no longer grows with its
// candidates. Not with a retained graph, whose edges need every
// candidate's index (the graph holds more than that per transition
// anyway): there the candidates stay in memory as before.
type runEnt struct {
	fp, ext uint64
	seq     uint64 // chunk<<32 | position in the chunk: generation order
}

func runLess(a, b *runEnt) bool {
	return a.fp < b.fp || a.fp == b.fp && (a.ext < b.ext || a.ext == b.ext && a.seq < b.seq)
}

func runCmp(a, b runEnt) int {
	switch {
	case runLess(&a, &b):
		return -1
	case a == b:
		return 0
	}
	return 1
}

// runSpan is one sorted run in the run file: byte offset, entries.
type runSpan struct{ off, n int64 }

// runWorker is a worker's share: its run buffer, and the scratch buffers
// its chunks' fingerprints are expanded into.
type runWorker struct {
	buf, tmp []runEnt
	fps, ext []uint64
	_        [64]byte
}

// levelRuns is the delayed detection's state for the level under way.
type levelRuns struct {
	w      []runWorker
	per    int // entries a worker's buffer holds before it is written out
	file   *spill
	mu     sync.Mutex
	spans  []runSpan
	ncand  []int   // candidates of each chunk
	off    []int64 // global index of each chunk's first candidate
	total  int64
	kept   []uint64 // one bit a candidate: the new states
	cum    []uint32 // kept bits before each word of kept
	nfile  *spill   // the new states (fp, ext, global index), by fingerprint
	nnew   int64
	nshard [numShards]int // new states a shard
	only   map[uint64]*onlyRes
	runs   int // runs written, all levels
	files  []sortedFile
	peak   uint64
}

// onlyRes is how the merge resolved a candidate whose index is wanted
// (the target of an action counterexample): the file's index, or the
// global index of the group's first occurrence, a state new at this level.
type onlyRes struct {
	chunk, pos int
	id         uint32
	first      int64 // -1: not new at this level
}

// delayed reports whether the level's candidates go through sorted runs.
func (e *engine[S, A]) delayed() bool { return e.disk != nil && e.graph == nil }

// runsBegin prepares the level's runs, once the chunks are known.
func (e *engine[S, A]) runsBegin() {
	lr := &e.disk.lr
	if lr.w == nil {
		lr.w = make([]runWorker, e.nw)
		// A quarter of the table's share, over the workers, in two
		// buffers (the sort's source and destination).
		lr.per = max(int(e.diskTable/8/24)/e.nw, 0)
	}
	for i := range lr.w {
		lr.w[i].buf = lr.w[i].buf[:0] // the last level's remainder
	}
	lr.ncand = slicesResize(lr.ncand, e.nchunks)
	clear(lr.ncand)
	lr.spans = lr.spans[:0]
	if lr.file != nil {
		lr.file.reset()
	}
}

// runsChunk moves the candidates of chunk k, just expanded by worker wi
// into its scratch buffers, to the worker's run buffer.
func (e *engine[S, A]) runsChunk(wi, k int, c *chunk[S]) {
	lr := &e.disk.lr
	rw := &lr.w[wi]
	rw.fps, rw.ext = c.fps, c.ext
	lr.ncand[k] = len(c.fps)
	for j, fp := range c.fps {
		rw.buf = append(rw.buf, runEnt{fp, c.ext[j], uint64(k)<<32 | uint64(j)})
	}
	c.fps, c.ext = nil, nil
	if len(rw.buf) > lr.per {
		e.runsWrite(rw)
	}
}

// runsScratch gives chunk c, about to be expanded by worker wi, the
// worker's scratch buffers for its fingerprints.
func (e *engine[S, A]) runsScratch(wi int, c *chunk[S]) {
	rw := &e.disk.lr.w[wi]
	c.fps, c.ext = rw.fps[:0], rw.ext[:0]
}

// sort sorts the buffer by (fingerprint, high half, generation order):
// one counting pass on the fingerprint's top bits (fingerprints are
// uniform, so the buckets hold a few entries each), then an insertion sort
// of each bucket, instead of a comparison sort over the whole buffer.
func (rw *runWorker) sort() {
	n := len(rw.buf)
	if n < 64 {
		slices.SortFunc(rw.buf, runCmp)
		return
	}
	b := min(bits.Len(uint(n))-2, 20) // about four entries a bucket
	shift := 64 - b
	count := make([]int32, 1<<b+1)
	for i := range rw.buf {
		count[rw.buf[i].fp>>shift+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	rw.tmp = slicesResize(rw.tmp, n)
	pos := slices.Clone(count[:1<<b])
	for _, x := range rw.buf {
		k := x.fp >> shift
		rw.tmp[pos[k]] = x
		pos[k]++
	}
	for k := 0; k < 1<<b; k++ {
		bk := rw.tmp[count[k]:count[k+1]]
		for i := 1; i < len(bk); i++ {
			x := bk[i]
			j := i
			for j > 0 && runLess(&x, &bk[j-1]) {
				bk[j] = bk[j-1]
				j--
			}
			bk[j] = x
		}
	}
	rw.buf, rw.tmp = rw.tmp, rw.buf
}

// runsWrite sorts a worker's buffer and appends it to the run file.
func (e *engine[S, A]) runsWrite(rw *runWorker) {
	lr := &e.disk.lr
	rw.sort()
	lr.mu.Lock()
	if lr.file == nil {
		f, err := newSpill(e.opt.SpillDir)
		if err != nil {
			lr.mu.Unlock()
			e.fail(err)
			return
		}
		lr.file = f
	}
	lr.mu.Unlock()
	off, err := lr.file.put(asBytes(rw.buf))
	if err != nil {
		e.fail(err)
		return
	}
	lr.mu.Lock()
	lr.spans = append(lr.spans, runSpan{off, int64(len(rw.buf))})
	lr.runs++
	lr.mu.Unlock()
	rw.buf = rw.buf[:0]
}

// runsEnd sorts the buffers' remainders and numbers the candidates.
func (e *engine[S, A]) runsEnd() {
	lr := &e.disk.lr
	e.parallel(func(wi int) {
		lr.w[wi].sort()
	})
	lr.off = slicesResize(lr.off, e.nchunks)
	lr.total = 0
	for k, n := range lr.ncand {
		lr.off[k] = lr.total
		lr.total += int64(n)
	}
}

// runsCands is the level's number of candidates.
func (e *engine[S, A]) runsCands() int { return int(e.disk.lr.total) }

// candLen is the number of candidates of chunk k.
func (e *engine[S, A]) candLen(k int, c *chunk[S]) int {
	if e.delayed() {
		return e.disk.lr.ncand[k]
	}
	return len(c.fps)
}

// isKept reports whether candidate j of chunk k is a new state.
func (e *engine[S, A]) isKept(k int, c *chunk[S], j int) bool {
	if e.delayed() {
		lr := &e.disk.lr
		g := lr.off[k] + int64(j)
		return lr.kept[g>>6]>>(g&63)&1 != 0
	}
	return c.kept[j]
}

// rank is the number of new states before global candidate g.
func (lr *levelRuns) rank(g int64) int64 {
	return int64(lr.cum[g>>6]) + int64(bits.OnesCount64(lr.kept[g>>6]&(1<<(g&63)-1)))
}

// runSource is one run being merged: in memory, or read from the file.
type runSource struct {
	mem  []runEnt
	rd   *bufio.Reader
	left int64
	cur  runEnt
	buf  [24]byte
}

func (s *runSource) next() (bool, error) {
	if s.rd == nil {
		if len(s.mem) == 0 {
			return false, nil
		}
		s.cur, s.mem = s.mem[0], s.mem[1:]
		return true, nil
	}
	if s.left == 0 {
		return false, nil
	}
	s.left--
	if _, err := io.ReadFull(s.rd, s.buf[:]); err != nil {
		return false, err
	}
	// The run file is written from memory (asBytes): native order, which
	// is little-endian on every platform Go's unsafe layout is used on here.
	s.cur = runEnt{binary.LittleEndian.Uint64(s.buf[0:]), binary.LittleEndian.Uint64(s.buf[8:]), binary.LittleEndian.Uint64(s.buf[16:])}
	return true, nil
}

// runsMerge merges the level's runs with the file of states seen before.
// Each group of equal fingerprints not in the file is one state new at
// this level, its first candidate in generation order; runsMerge returns
// how many there are. With keep, their bits are set and they are written,
// by fingerprint, to the new-state file, for number and runsNumbered.
// The candidates in only are resolved (see onlyRes).
func (e *engine[S, A]) runsMerge(keep bool, only map[uint64]*onlyRes) int64 {
	d := e.disk
	lr := &d.lr
	var srcs []*runSource
	for _, sp := range lr.spans {
		srcs = append(srcs, &runSource{rd: bufio.NewReaderSize(io.NewSectionReader(lr.file.f, sp.off, sp.n*24), 64<<10), left: sp.n})
	}
	for wi := range lr.w {
		if len(lr.w[wi].buf) > 0 {
			srcs = append(srcs, &runSource{mem: lr.w[wi].buf})
		}
	}
	// A binary heap of the sources by their current entry.
	h := srcs[:0]
	for _, s := range srcs {
		ok, err := s.next()
		if err != nil {
			e.fail(err)
			return 0
		}
		if ok {
			h = append(h, s)
		}
	}
	less := func(i, j int) bool { return runLess(&h[i].cur, &h[j].cur) }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(r, l) {
				l = r
			}
			if !less(l, i) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	// The files of states seen before, read alongside: a state is in
	// one of them at most.
	fs := e.openFiles()
	var fent [3]uint64
	have := fs.next(e, &fent)
	var nw *bufio.Writer
	if keep {
		words := (lr.total + 63) / 64
		lr.kept = slicesResize(lr.kept, int(words))
		clear(lr.kept)
		lr.nshard = [numShards]int{}
		lr.nnew = 0
		if lr.nfile == nil {
			f, err := newSpill(e.opt.SpillDir)
			if err != nil {
				e.fail(err)
				return 0
			}
			lr.nfile = f
		}
		lr.nfile.reset()
		nw = bufio.NewWriterSize(io.NewOffsetWriter(lr.nfile.f, 0), 1<<20)
	}
	var (
		n               int64
		gfp, gext       uint64
		inFile, started bool
		fid             uint32
		first           int64
		out             [24]byte
		werr            error
	)
	for len(h) > 0 {
		x := h[0].cur
		ok, err := h[0].next()
		if err != nil {
			e.fail(err)
			return n
		}
		if !ok {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		if len(h) > 0 {
			down(0)
		}
		g := lr.off[x.seq>>32] + int64(x.seq&0xFFFFFFFF)
		if !started || x.fp != gfp || x.ext != gext {
			// The first candidate of a group: the earliest in generation order.
			started, gfp, gext = true, x.fp, x.ext
			if have && lessKey(fent[0], fent[1], x.fp, x.ext) && fs.far(fent[0], x.fp) {
				fs.skipTo(e, x.fp, x.ext)
				have = fs.next(e, &fent)
			}
			for have && lessKey(fent[0], fent[1], x.fp, x.ext) {
				have = fs.next(e, &fent)
			}
			inFile = have && fent[0] == x.fp && fent[1] == x.ext
			first = -1
			if inFile {
				fid = NoState
				if d.width > 2 {
					fid = uint32(fent[2])
				}
			} else {
				n++
				first = g
				if keep {
					lr.kept[g>>6] |= 1 << (g & 63)
					lr.nshard[shardOf(x.fp)]++
					lr.nnew++
					binary.LittleEndian.PutUint64(out[0:], x.fp)
					binary.LittleEndian.PutUint64(out[8:], x.ext)
					binary.LittleEndian.PutUint64(out[16:], uint64(g))
					if werr == nil {
						_, werr = nw.Write(out[:])
					}
				}
			}
		}
		if len(only) > 0 {
			if r := only[x.seq]; r != nil {
				r.id, r.first = NoState, first
				if inFile {
					r.id = fid
				}
			}
		}
	}
	if nw != nil && werr == nil {
		werr = nw.Flush()
	}
	if werr != nil {
		e.fail(werr)
		return n
	}
	if keep {
		lr.cum = slicesResize(lr.cum, len(lr.kept))
		var c uint32
		for i, w := range lr.kept {
			lr.cum[i] = c
			c += uint32(bits.OnesCount64(w))
		}
		// The per-chunk counts number reads, all on worker 0; and the
		// table's growth that barrierBytes foresees: none when the new
		// states alone pass the table's share, since they then go to a
		// file (runsNumbered).
		alone := &table{width: e.tab.width, index: e.tab.index} // empty: sizes only
		grows := alone.bytesAt(alone.sizeFor(initialSlots, &lr.nshard, maxLoad)) <= e.diskTable
		for wi, w := range e.workers {
			w.keptCounts = slicesResize(w.keptCounts, e.nchunks)
			clear(w.keptCounts)
			w.shardCands = [numShards]int{}
			if wi == 0 && grows {
				w.shardCands = lr.nshard
			}
		}
		w0 := e.workers[0]
		for k := range w0.keptCounts {
			lo := lr.off[k]
			hi := lo + int64(lr.ncand[k])
			w0.keptCounts[k] = int(lr.rankAt(hi) - lr.rankAt(lo))
		}
		lr.peak = max(lr.peak, lr.fileBytes(d.width)+uint64(lr.file.sizeOrZero())+uint64(lr.nnew*24))
	}
	return n
}

// rankAt is rank, also for g at the end of the candidates.
func (lr *levelRuns) rankAt(g int64) int64 {
	if g>>6 >= int64(len(lr.kept)) {
		if len(lr.kept) == 0 {
			return 0
		}
		last := len(lr.kept) - 1
		return int64(lr.cum[last]) + int64(bits.OnesCount64(lr.kept[last]))
	}
	return lr.rank(g)
}

func (s *spill) sizeOrZero() int64 {
	if s == nil {
		return 0
	}
	return s.end.Load()
}

// onlySet lists the candidates whose index collect needs, when no graph
// needs them all: the targets of action counterexamples.
func (e *engine[S, A]) onlySet() map[uint64]*onlyRes {
	only := map[uint64]*onlyRes{}
	for _, w := range e.workers {
		for _, a := range w.actMin {
			if a.f.id != NoState && a.chunk >= 0 {
				only[uint64(a.chunk)<<32|uint64(a.pos)] = &onlyRes{chunk: a.chunk, pos: a.pos, first: -1, id: NoState}
			}
		}
	}
	return only
}

// runsIDs gives the resolved candidates their indices in their chunks'
// ids, NoState elsewhere; base and numbered are the level's first index
// and how many of its new states were numbered (none for a level that is
// not numbered).
func (e *engine[S, A]) runsIDs(only map[uint64]*onlyRes, base, numbered int64) {
	lr := &e.disk.lr
	for _, r := range only {
		c := e.chunks[r.chunk]
		if len(c.ids) != lr.ncand[r.chunk] {
			c.ids = slicesResize(c.ids, lr.ncand[r.chunk])
			for j := range c.ids {
				c.ids[j] = NoState
			}
		}
		id := r.id
		if r.first >= 0 {
			id = NoState // new at a level not numbered: its bits are not set
			if numbered > 0 {
				if x := lr.rank(r.first); x < numbered {
					id = uint32(base + x)
				}
			}
		}
		c.ids[r.pos] = id
	}
}

// runsLevel is diskLevel for a level that is not numbered: it resolves
// the targets of the action counterexamples.
func (e *engine[S, A]) runsLevel() bool {
	if !e.index {
		return false
	}
	only := e.onlySet()
	if len(only) > 0 {
		e.runsMerge(false, only)
		e.runsIDs(only, 0, 0)
	}
	return true
}

// runsNumbered runs after number: the new states, read back from the
// new-state file (in fingerprint order, so shard by shard), go into the
// table with their indices, each worker filling its own shards; and the
// targets of action counterexamples get their indices.
func (e *engine[S, A]) runsNumbered(only map[uint64]*onlyRes, base int64) {
	lr := &e.disk.lr
	numbered := int64(len(e.r.parent)) - base
	if only != nil {
		e.runsIDs(only, base, numbered)
	}
	if lr.nnew == 0 {
		return
	}
	t := e.tab
	if t.bytesAt(t.sizeFor(t.size, &lr.nshard, maxLoad)) > e.diskTable {
		// The table would pass its share: it becomes a sorted file.
		if t.used != [numShards]int{} {
			t.sortShards()
			e.writeFile(func(yield func(fp, ext uint64, id uint32)) { t.sorted(yield) })
			t.free()
			t.alloc(initialSlots)
			t.used = [numShards]int{}
		}
		if t.bytesAt(t.sizeFor(t.size, &lr.nshard, maxLoad)) > e.diskTable {
			// So do the new states when they alone would pass it.
			rd := bufio.NewReaderSize(io.NewSectionReader(lr.nfile.f, 0, lr.nnew*24), 1<<20)
			var buf [24]byte
			e.writeFile(func(yield func(fp, ext uint64, id uint32)) {
				for i := int64(0); i < lr.nnew; i++ {
					if _, err := io.ReadFull(rd, buf[:]); err != nil {
						e.fail(err)
						return
					}
					x := lr.rank(int64(binary.LittleEndian.Uint64(buf[16:])))
					if x >= numbered {
						continue // beyond MaxStates: not a state of the search
					}
					yield(binary.LittleEndian.Uint64(buf[0:]), binary.LittleEndian.Uint64(buf[8:]), uint32(base+x))
				}
			})
			return
		}
	}
	e.tab.reserve(&lr.nshard, maxLoad, e.parts)
	var start [numShards + 1]int64
	for sh := 0; sh < numShards; sh++ {
		start[sh+1] = start[sh] + int64(lr.nshard[sh])
	}
	e.parallel(func(wi int) {
		lo, hi := -1, -1
		for sh := 0; sh < numShards; sh++ {
			if e.owner[sh] == wi {
				if lo < 0 {
					lo = sh
				}
				hi = sh + 1
			}
		}
		if lo < 0 {
			return
		}
		a, b := start[lo], start[hi]
		rd := bufio.NewReaderSize(io.NewSectionReader(lr.nfile.f, a*24, (b-a)*24), 1<<20)
		var buf [24]byte
		key := make([]uint64, 1)
		for i := a; i < b; i++ {
			if _, err := io.ReadFull(rd, buf[:]); err != nil {
				e.fail(err)
				return
			}
			fp := binary.LittleEndian.Uint64(buf[0:])
			key[0] = binary.LittleEndian.Uint64(buf[8:])
			x := lr.rank(int64(binary.LittleEndian.Uint64(buf[16:])))
			if x >= numbered {
				continue // beyond MaxStates: not a state of the search
			}
			e.tab.insert(fp, key)
			if e.index {
				e.tab.setIndex(fp, key, uint32(base+x))
			}
		}
	})
	e.tab.reserve(nil, maxLoad, e.parts)
}

// bytes is the memory the level's runs hold: buffers, bits, counts.
func (lr *levelRuns) bytes() uint64 {
	n := uint64(cap(lr.kept))*8 + uint64(cap(lr.cum))*4 + uint64(cap(lr.ncand))*8 + uint64(cap(lr.off))*8
	for i := range lr.w {
		w := &lr.w[i]
		n += uint64(cap(w.buf)+cap(w.tmp))*24 + uint64(cap(w.fps))*8 + uint64(cap(w.ext))*8
	}
	return n
}

func (lr *levelRuns) close() {
	for _, f := range []*spill{lr.file, lr.nfile} {
		if f != nil {
			f.close()
		}
	}
	for _, f := range lr.files {
		(&spill{f: f.f}).close()
	}
	lr.file, lr.nfile, lr.files = nil, nil, nil
}

// sortedFile is one sorted file of states seen. With delayed detection
// the table, when it reaches its share, is written as a file of its own
// rather than merged into one file: the files are disjoint (the table
// holds only states that were new when inserted), so no file is ever
// rewritten, the disk holds each state once (a merge into one file holds
// the old and the new file side by side, twice the states), and each
// level's merge reads them all together.
type sortedFile struct {
	f     *os.File
	n     int64
	index [][2]uint64 // the key of every blockEntries-th entry
}

// blockEntries is the spacing of a file's sparse index, by which a level
// with few candidates skips the parts of the files it has no use for
// (tests lower it).
var blockEntries int64 = 4096

func (lr *levelRuns) fileBytes(width int) uint64 {
	var n int64
	for _, f := range lr.files {
		n += f.n
	}
	return uint64(n) * uint64(8*width)
}

// writeFile writes the entries each gives, in order, as a new sorted file.
func (e *engine[S, A]) writeFile(each func(yield func(fp, ext uint64, id uint32))) {
	d := e.disk
	nf, err := newSpill(e.opt.SpillDir)
	if err != nil {
		e.fail(err)
		return
	}
	w := bufio.NewWriterSize(nf.f, 1<<20)
	buf := make([]byte, 8*d.width)
	var (
		n     int64
		index [][2]uint64
	)
	each(func(fp, ext uint64, id uint32) {
		if n%blockEntries == 0 {
			index = append(index, [2]uint64{fp, ext})
		}
		binary.LittleEndian.PutUint64(buf[0:], fp)
		binary.LittleEndian.PutUint64(buf[8:], ext)
		if d.width > 2 {
			binary.LittleEndian.PutUint64(buf[16:], uint64(id))
		}
		if err == nil {
			_, err = w.Write(buf)
		}
		n++
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		e.fail(err)
		nf.close()
		return
	}
	d.lr.files = append(d.lr.files, sortedFile{nf.f, n, index})
	d.flushes++
	d.peak = max(d.peak, d.lr.fileBytes(d.width))
}

// fileSet reads the sorted files together, in order.
type fileSet struct {
	h     []*fileReader
	width int
	total int64 // entries in all files
}

// skippedBlocks counts the files' repositionings, for the tests.
var skippedBlocks atomic.Int64

type fileReader struct {
	file sortedFile
	rd   *bufio.Reader
	left int64
	cur  [3]uint64
	buf  []byte
}

// far reports whether the files hold many entries between fingerprints
// a and b (a < b): fingerprints are uniform, so about total·(b−a)/2⁶⁴.
func (fs *fileSet) far(a, b uint64) bool {
	return float64(b-a)/(1<<64)*float64(fs.total) > float64(8*blockEntries)
}

// skipTo moves every file forward to the block where (fp, ext) would be,
// if that is beyond the entries it has read; the entries skipped are all
// smaller. The caller then reads on with next.
func (fs *fileSet) skipTo(e interface{ fail(error) }, fp, ext uint64) {
	for _, r := range fs.h {
		ix := r.file.index
		// The last block whose first key is below (fp, ext).
		b := sort.Search(len(ix), func(i int) bool { return !lessKey(ix[i][0], ix[i][1], fp, ext) }) - 1
		at := int64(b) * blockEntries
		if b < 0 || at <= r.file.n-r.left {
			continue
		}
		ew := int64(len(r.buf))
		r.rd.Reset(io.NewSectionReader(r.file.f, at*ew, (r.file.n-at)*ew))
		skippedBlocks.Add(1)
		r.left = r.file.n - at
		if _, err := r.next(); err != nil {
			e.fail(err)
			return
		}
	}
	for i := len(fs.h)/2 - 1; i >= 0; i-- {
		fs.down(i)
	}
}

func (r *fileReader) next() (bool, error) {
	if r.left == 0 {
		return false, nil
	}
	r.left--
	if _, err := io.ReadFull(r.rd, r.buf); err != nil {
		return false, err
	}
	for i := 0; i < len(r.buf)/8; i++ {
		r.cur[i] = binary.LittleEndian.Uint64(r.buf[8*i:])
	}
	return true, nil
}

// openFiles starts reading every sorted file (and the single file of the
// path without delayed detection, if any).
func (e *engine[S, A]) openFiles() *fileSet {
	d := e.disk
	files := d.lr.files
	if d.f != nil {
		files = append(slices.Clip(files), sortedFile{f: d.f, n: d.n})
	}
	fs := &fileSet{width: d.width}
	size := max(64<<10, min(1<<20, (64<<20)/max(len(files), 1)))
	for _, f := range files {
		fs.total += f.n
		r := &fileReader{file: f, rd: bufio.NewReaderSize(io.NewSectionReader(f.f, 0, f.n*int64(8*d.width)), size), left: f.n, buf: make([]byte, 8*d.width)}
		ok, err := r.next()
		if err != nil {
			e.fail(err)
			return fs
		}
		if ok {
			fs.h = append(fs.h, r)
		}
	}
	for i := len(fs.h)/2 - 1; i >= 0; i-- {
		fs.down(i)
	}
	return fs
}

func (fs *fileSet) less(i, j int) bool {
	a, b := &fs.h[i].cur, &fs.h[j].cur
	return lessKey(a[0], a[1], b[0], b[1])
}

func (fs *fileSet) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(fs.h) {
			return
		}
		if r := l + 1; r < len(fs.h) && fs.less(r, l) {
			l = r
		}
		if !fs.less(l, i) {
			return
		}
		fs.h[i], fs.h[l] = fs.h[l], fs.h[i]
		i = l
	}
}

// next puts the smallest entry not yet read in ent; false at the end.
func (fs *fileSet) next(e interface{ fail(error) }, ent *[3]uint64) bool {
	if len(fs.h) == 0 {
		return false
	}
	r := fs.h[0]
	*ent = r.cur
	ok, err := r.next()
	if err != nil {
		e.fail(err)
		return false
	}
	if !ok {
		fs.h[0] = fs.h[len(fs.h)-1]
		fs.h = fs.h[:len(fs.h)-1]
	}
	if len(fs.h) > 0 {
		fs.down(0)
	}
	return true
}
