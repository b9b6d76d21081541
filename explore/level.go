package explore

import (
	"runtime/debug"
	"slices"
	"sync/atomic"
)

// expand is phase A of a level: workers claim chunks of the frontier,
// expand each state, and look every successor up in the table without
// writing to it. Successors not found become the chunk's candidates, in
// generation order.
func (e *engine[S, A]) expand(levelStart uint32) {
	n := e.flen()
	cs := min(max(n/(4*e.nw), 1), maxChunk)
	e.nchunks = (n + cs - 1) / cs
	for len(e.chunks) < e.nchunks {
		e.chunks = append(e.chunks, &chunk[S]{})
	}
	e.releaseChunks()
	for _, w := range e.workers {
		w.generated, w.trans = 0, 0
		w.invMin = resetFindings(w.invMin, len(e.opt.Invariants))
		w.actMin = w.actMin[:0]
		for range e.opt.ActionInvariants {
			w.actMin = append(w.actMin, actFinding{f: finding{id: NoState}})
		}
		w.deadlock = finding{kind: kindDeadlock, id: NoState}
		w.shardCands = [numShards]int{}
	}
	for _, c := range e.chunks[:e.nchunks] {
		c.done = false
	}
	for _, w := range e.workers {
		w.recent.startLevel()
	}
	e.pPhase.Store(int32(PhaseExpand))
	e.pNew.Store(0)
	e.pQueue.Store(int64(n))
	e.pClaimed.Store(0)
	e.candBytes.Store(0)
	expect := int(e.candRate*float64(cs)*1.25) + 16
	// The candidates go to a file when they would hold many bytes; with
	// the exact store the encodings are keys the insert phase needs.
	delayed := e.delayed()
	cb := e.candRate * float64(n) * float64(e.words*8+6)
	// Delayed detection bounds the level's memory: the candidates then
	// also spill when they would pass an eighth of the table's share.
	e.spillC = e.dec != nil && !e.exact && (cb >= float64(spillAbove) || delayed && cb >= float64(e.diskTable/8))
	if delayed {
		e.runsBegin()
		expect = 0 // fingerprints go to the workers' buffers, then to runs
	}
	var cfile *spill
	if e.spillC {
		if cfile = e.spillFile(&e.cspill); cfile == nil {
			return
		}
	}
	var next atomic.Int64
	e.parallel(func(wi int) {
		w := e.workers[wi]
		for {
			k := int(next.Add(1) - 1)
			if k >= e.nchunks || e.stopFlag.Load() {
				return
			}
			c := e.chunks[k]
			before := c.bytes()
			c.reset(k*cs, min((k+1)*cs, n), expect, e.words, e.exact, e.wide, e.dec != nil, e.spillC)
			if e.spillC {
				c.encs, c.parents, c.ords = w.cenc[:0], w.cpar[:0], w.cord[:0]
			}
			if delayed {
				e.runsScratch(wi, c)
			}
			gen := w.generated
			e.expandChunk(w, e.sinks[wi], e.pend[2*wi], e.pend[2*wi+1], c, k, levelStart)
			if delayed {
				e.runsChunk(wi, k, c)
			}
			if e.spillC {
				w.cenc, w.cpar, w.cord = c.encs, c.parents, c.ords
				c.encs, c.parents, c.ords = nil, nil, nil
				var err error
				if c.offE, err = cfile.put(asBytes(w.cenc)); err == nil {
					if c.offP, err = cfile.put(asBytes(w.cpar)); err == nil {
						c.offO, err = cfile.put(asBytes(w.cord))
					}
				}
				if err != nil {
					e.fail(err)
					return
				}
			}
			c.done = true
			e.pGenerated.Add(w.generated - gen)
			e.pClaimed.Add(int64(c.hi - c.lo))
			e.pNew.Add(int64(e.candLen(k, c)))
			if grown := c.bytes() - before; grown > 0 {
				e.candBytes.Add(grown)
			}
		}
	})
	if delayed {
		e.runsEnd()
	}
}

// releaseChunks lets go of the chunks a level no longer uses, once the
// levels narrow after the widest: their candidate buffers are sized for
// the widest level, several bytes a state of the whole search, and would
// otherwise stay in the Go heap to the end. When they add up to much, the
// memory goes back to the system at once rather than when the runtime's
// scavenger gets to it, since the process's peak is what a budget counts.
func (e *engine[S, A]) releaseChunks() {
	var freed uint64
	for _, c := range e.chunks[e.nchunks:] {
		freed += c.bytes()
	}
	if freed == 0 {
		return
	}
	clear(e.chunks[e.nchunks:])
	e.chunks = e.chunks[:e.nchunks]
	if e.released += freed; e.released >= releaseAbove {
		e.released = 0
		debug.FreeOSMemory()
	}
}

// releaseAbove is how many bytes of chunks releaseChunks lets go of before
// it returns them to the system (a garbage collection).
const releaseAbove = 64 << 20

func resetFindings(fs []finding, n int) []finding {
	fs = fs[:0]
	for i := 0; i < n; i++ {
		fs = append(fs, finding{kind: kindInvariant, prop: i, id: NoState})
	}
	return fs
}

// expandChunk expands the states of one chunk. This is the hot path: one
// Encode, one hash and one read-only probe per successor, and no heap
// allocation per state (the buffers grow once and are reused).
//
// The successors of a state are gathered first and looked up together,
// one state later: the first slot of each is loaded as soon as it is
// generated, so that the cache misses (the dominant cost of a large
// table) overlap with each other and with the next state's Next instead
// of following one another.
func (e *engine[S, A]) expandChunk(w *worker, x *successorSink[S, A], p, p2 *pending[S], c *chunk[S], k int, levelStart uint32) {
	opt, tab, words := e.opt, e.tab, e.words
	exact, wide, index, graph := e.exact, e.wide, e.index, e.graph != nil
	dec := e.dec
	var (
		from S
		id   uint32
		gen  int64 // local: a shared counter per successor would bounce between cores
	)
	emit := x.fn
	*x = successorSink[S, A]{
		m: e.m, from: &from, words: words, wide: wide, graph: graph, keep: dec == nil,
		actCons: opt.ActionConstraint, edgeClass: opt.EdgeClass, cons: opt.Constraint,
		actInv: opt.ActionInvariants, fn: emit,
	}
	var sink uint64
	rc := &w.recent
	if !exact {
		rc.startChunk()
	}
	// process looks up the successors of one expanded state. It runs one
	// state behind generation, so that the misses of the loads touch
	// starts overlap with the next state's Next.
	process := func(q *pending[S]) {
		q.tos = q.tos[:0]
		q.cand = q.cand[:0]
		// Successors' targets are needed only for the action
		// invariants that failed.
		track := len(q.act) > 0
		for j, fp := range q.fps {
			var enc []uint64
			var hi uint64
			if exact {
				enc = q.encs[j*words : (j+1)*words]
			} else if wide {
				enc = q.ext[j : j+1]
				hi = q.ext[j]
			}
			to := NoState
			var found bool
			cand := -1
			r := rc.at(fp)
			if r.fp == fp && r.ext == hi && r.tag>>1 >= rc.level && (r.tag&1 == 0 || r.tag == rc.chunk) {
				// Seen a moment ago: in the table, or a candidate of
				// this chunk (whose first occurrence is the one phase B
				// may keep, so this one would never be).
				if r.tag&1 == 0 {
					found, to = true, r.v
				} else {
					cand = int(r.v)
				}
			} else {
				if index {
					to, found = tab.indexOf(fp, enc)
				} else {
					found = tab.contains(fp, enc)
				}
				if !exact {
					tag, v := rc.level<<1, to
					if !found {
						tag, v = rc.chunk, uint32(len(c.fps))
					}
					*r = recent{fp: fp, ext: hi, v: v, tag: tag}
				}
			}
			if !found && cand < 0 {
				cand = len(c.fps)
				c.fps = append(c.fps, fp)
				if wide {
					c.ext = append(c.ext, q.ext[j])
				}
				if exact || dec != nil {
					c.encs = appendWords(c.encs, q.encs[j*words:(j+1)*words])
				}
				if dec == nil {
					c.states = append(c.states, q.states[j])
				}
				c.parents = append(c.parents, q.id)
				c.ords = append(c.ords, q.ords[j])
				w.shardCands[shardOf(fp)]++
			}
			if track {
				q.tos = append(q.tos, to)
				q.cand = append(q.cand, int32(cand))
			}
			if graph {
				x := len(c.etarget)
				if x&63 == 0 {
					c.ecand = append(c.ecand, 0)
				}
				if found {
					c.etarget = append(c.etarget, to)
				} else {
					c.etarget = append(c.etarget, uint32(cand))
					c.ecand[x>>6] |= 1 << (x & 63)
				}
				c.eclass = append(c.eclass, q.cls[j])
			}
		}
		for x := 0; x < len(q.act); x += 2 {
			prop, j := int(q.act[x]), int(q.act[x+1])
			f := finding{kind: kindAction, prop: prop, id: q.id, ord: q.ords[j], to: q.tos[j]}
			if m := &w.actMin[prop]; m.f.id == NoState || f.less(m.f) {
				*m = actFinding{f: f, chunk: -1}
				if cand := q.cand[j]; cand >= 0 {
					m.chunk, m.pos = k, int(cand)
				} else if !index {
					m.old, m.fp = true, q.fps[j]
					switch {
					case exact:
						m.key = slices.Clone(q.encs[j*words : (j+1)*words])
					case wide:
						m.key = []uint64{q.ext[j]}
					}
				}
			}
		}
		if graph {
			c.ecount = append(c.ecount, uint32(len(q.fps)))
			c.enabled = append(c.enabled, q.enabled)
		}
	}
	bufs := [2]*pending[S]{p, p2}
	var prev *pending[S]
	var src []uint64
	if dec != nil {
		src = e.frontierEncs(c.lo, c.hi, &w.fbuf)
	}
	for i := c.lo; i < c.hi; i++ {
		p = bufs[i&1]
		if dec != nil {
			x := (i - c.lo) * words
			from = dec.Decode(src[x : x+words])
		} else {
			from = e.frontier[i]
		}
		id = levelStart + uint32(i)
		p.fps, p.ext, p.ords, p.cls, p.states, p.act = p.fps[:0], p.ext[:0], p.ords[:0], p.cls[:0], p.states[:0], p.act[:0]
		x.p, x.ordn, x.enabled = p, 0, 0
		e.m.Next(&from, emit)
		n := min(x.ordn, 0x10000)
		gen += int64(n)
		p.id, p.enabled = id, x.enabled
		if opt.CheckDeadlock && n == 0 && (opt.Terminal == nil || !opt.Terminal(&from)) {
			if w.deadlock.id == NoState || id < w.deadlock.id {
				w.deadlock.id = id
			}
		}
		for _, fp := range p.fps {
			if rc.at(fp).fp != fp {
				sink += tab.touch(fp)
			}
		}
		if prev != nil {
			process(prev)
		}
		prev = p
	}
	if prev != nil {
		process(prev)
	}
	if x.overflow {
		w.overflow = true
	}
	w.generated += gen
	w.trans += x.trans
	w.sink += sink
}

// recentCache remembers the outcome of a worker's last lookups, by
// fingerprint, in a small direct-mapped array that stays in the core's
// cache: successors of states next to each other in the frontier are
// often the same states (the two orders of independent steps, or a state
// both reach again). On big, a third of the successors of a level are
// found in it: no probe of the table, and no second candidate of the
// same state. An entry is a state of the table, valid for the level (the
// table is read-only in phase A), or a candidate of the chunk under way,
// valid for that chunk. Not used with the exact store, whose keys are the
// whole encodings.
type recentCache struct {
	level  uint32 // serial of the first chunk of this level
	chunk  uint32 // tag of a candidate of the chunk under way: serial<<1 | 1
	serial uint32
	ents   *[recentSize]recent
}

type recent struct {
	fp, ext uint64
	v       uint32 // the state's index (index mode) or the candidate's position
	tag     uint32 // serial<<1 (a state of the table) or the chunk's tag
}

const recentSize = 4096

func (rc *recentCache) at(fp uint64) *recent {
	return &rc.ents[fp&(recentSize-1)]
}

func (rc *recentCache) startLevel() {
	if rc.ents == nil {
		rc.ents = new([recentSize]recent)
	}
	rc.serial++
	rc.level = rc.serial
}

func (rc *recentCache) startChunk() {
	rc.serial++
	rc.chunk = rc.serial<<1 | 1
}

// successorSink receives the successors of one state from Model.Next and
// encodes, hashes and gathers them into p. Its callback (fn) captures
// the struct alone, not a dozen variables: Go loads every captured
// variable of a closure at its entry and reloads them after each call
// the closure makes, which cost ~80 instructions per successor.
type successorSink[S, A any] struct {
	m         Model[S, A]
	p         *pending[S]
	from      *S
	words     int
	ordn      int // successors emitted by this state's Next
	enabled   uint64
	trans     int64
	wide      bool
	graph     bool
	keep      bool // keep the states, not only their encodings (no Decoder)
	overflow  bool
	actCons   func(from *S, a A, to *S) bool
	edgeClass func(a A) uint8
	cons      func(s *S) bool
	actInv    []ActionInvariant[S, A]
	fn        func(a A, t *S) // the callback given to Next, made once (newSuccessorSink)
}

func newSuccessorSink[S, A any]() *successorSink[S, A] {
	x := &successorSink[S, A]{}
	// A closure over x alone, not the method value x.emit: for a generic
	// type the method value is a wrapper, one more call per successor.
	x.fn = func(a A, t *S) {
		ord := x.ordn
		x.ordn++
		if ord > 0xFFFF {
			x.overflow = true
			return
		}
		// TLC counts a successor as generated, and a state as not
		// deadlocked, before it consults either constraint (ordn counts
		// both).
		if x.actCons != nil && !x.actCons(x.from, a, t) {
			return
		}
		var cls uint8
		if x.edgeClass != nil {
			cls = x.edgeClass(a)
			x.enabled |= 1 << (cls & 63)
		}
		if x.cons != nil && !x.cons(t) {
			return
		}
		x.trans++
		p, words := x.p, x.words
		j := len(p.fps)
		if need := (j + 1) * words; need > len(p.encs) {
			p.encs = append(p.encs, make([]uint64, need-len(p.encs))...)
		}
		enc := p.encs[j*words : (j+1)*words]
		x.m.Encode(t, enc)
		if x.wide {
			fp, ext := fingerprint128(enc)
			p.fps = append(p.fps, fp)
			p.ext = append(p.ext, ext)
		} else {
			p.fps = append(p.fps, fingerprint(enc))
		}
		p.ords = append(p.ords, uint16(ord))
		if x.graph {
			p.cls = append(p.cls, cls)
		}
		if x.keep {
			p.states = append(p.states, *t)
		}
		for i := range x.actInv {
			if !x.actInv[i].Holds(x.from, a, t) {
				p.act = append(p.act, int32(i), int32(j))
			}
		}
	}
	return x
}

// pending holds the successors of one state between generation and
// lookup (one per worker).
type pending[S any] struct {
	id      uint32
	enabled uint64
	fps     []uint64
	ext     []uint64 // 128-bit fingerprints: the high halves
	encs    []uint64
	ords    []uint16
	cls     []uint8
	states  []S
	act     []int32 // pairs (action invariant, successor) that failed
	tos     []uint32
	cand    []int32
}

// insert is phase B: each worker owns a contiguous block of shards and
// scans every chunk's candidates in order, inserting those of its shards.
// The first occurrence of a state in generation order is the one kept, so
// the outcome does not depend on the number of workers, and each shard
// has a single writer.
func (e *engine[S, A]) insert() {
	for _, c := range e.chunks[:e.nchunks] {
		c.kept = slicesResize(c.kept, len(c.fps))
	}
	// Make room for the worst case, every candidate new, so that no shard
	// needs to grow while the others are being written.
	var extra [numShards]int
	for _, w := range e.workers {
		for sh, n := range w.shardCands {
			extra[sh] += n
		}
	}
	e.tab.reserve(&extra, hardLoad, e.parts)
	e.parallel(func(wi int) {
		w := e.workers[wi]
		w.keptCounts = slicesResize(w.keptCounts, e.nchunks)
		for k, c := range e.chunks[:e.nchunks] {
			w.keptCounts[k] = 0
			if e.stopFlag.Load() {
				return
			}
			fps := c.fps
			for j, fp := range fps {
				// Load the home slot of a candidate further on now, so its
				// cache miss overlaps with this insert.
				if a := j + lookahead; a < len(fps) && e.owner[shardOf(fps[a])] == wi {
					w.sink += e.tab.touch(fps[a])
				}
				if e.owner[shardOf(fp)] != wi {
					continue
				}
				ok := e.tab.insert(fp, e.key(c, j))
				c.kept[j] = ok
				if ok {
					w.keptCounts[k]++
				}
			}
		}
	})
	e.tab.reserve(nil, maxLoad, e.parts)
}

// lookahead is how many candidates ahead phase B loads a home slot.
const lookahead = 8

func slicesResize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// number is phase C: the kept candidates get their indices by prefix sums
// over the chunks, and are copied in parallel into the next frontier and
// the parent log; their invariants (and labels) are checked there. In
// index mode, phase D then resolves every candidate to its index.
func (e *engine[S, A]) number() {
	opt, r := e.opt, e.r
	offs := make([]int, e.nchunks+1)
	for k := 0; k < e.nchunks; k++ {
		cnt := 0
		for _, w := range e.workers {
			cnt += w.keptCounts[k]
		}
		offs[k+1] = offs[k] + cnt
	}
	total := offs[e.nchunks]
	limit := total
	base := len(r.parent)
	if opt.MaxStates > 0 && int64(base+total) > opt.MaxStates {
		limit = int(opt.MaxStates) - base
		e.stop("max states")
	}
	r.resizeLog(base + limit)
	if g := e.graph; g != nil {
		g.setStates(base + limit)
	}
	// The frontier just expanded is no longer needed: reuse its buffer.
	words := e.words
	var (
		next    []S
		nextEnc []uint64
	)
	var nfile *spill
	if e.spillNext(limit) {
		if nfile = e.spillFile(&e.nspill); nfile == nil {
			return
		}
	} else if e.dec != nil {
		nextEnc = slicesResize(e.fenc, limit*words)
	} else {
		next = slicesResize(e.frontier, limit)
	}
	// With a Decoder, a candidate's state is decoded only if it is looked at.
	decode := e.dec != nil && (len(opt.Invariants) > 0 || e.graph != nil)
	var claim atomic.Int64
	for _, w := range e.workers {
		w.highOrds = w.highOrds[:0]
	}
	e.parallel(func(wi int) {
		w := e.workers[wi]
		var d S // the decoded state of a new state, for its checks
		for {
			k := int(claim.Add(1) - 1)
			if k >= e.nchunks {
				return
			}
			c := e.chunks[k]
			pos := offs[k]
			encs, parents, ords := c.encs, c.parents, c.ords
			if c.spilled {
				nc := e.candLen(k, c)
				w.cenc = slicesResize(w.cenc, nc*words)
				w.cpar = slicesResize(w.cpar, nc)
				w.cord = slicesResize(w.cord, nc)
				err := e.cspill.readAt(asBytes(w.cenc), c.offE)
				if err == nil {
					err = e.cspill.readAt(asBytes(w.cpar), c.offP)
				}
				if err == nil {
					err = e.cspill.readAt(asBytes(w.cord), c.offO)
				}
				if err != nil {
					e.fail(err)
					return
				}
				encs, parents, ords = w.cenc, w.cpar, w.cord
			}
			out := nextEnc
			if nfile != nil {
				w.out = slicesResize(w.out, (min(offs[k+1], limit)-min(pos, limit))*words)
				out = w.out
			}
			first := pos
			for j, nc := 0, e.candLen(k, c); j < nc; j++ {
				if !e.isKept(k, c, j) {
					continue
				}
				if pos >= limit {
					break
				}
				id := uint32(base + pos)
				var s *S
				if e.dec != nil {
					enc := encs[j*words : (j+1)*words]
					x := pos
					if nfile != nil {
						x -= first
					}
					copyWords(out[x*words:(x+1)*words], enc)
					if decode {
						// One variable per worker: a new one per state would
						// escape to the heap (the checks take its address).
						d = e.dec.Decode(enc)
						s = &d
					}
				} else {
					s = &c.states[j]
					next[pos] = *s
				}
				r.parent[id] = parents[j]
				if o := ords[j]; o < 0xFF {
					r.ordinal[id] = uint8(o)
				} else {
					r.ordinal[id] = 0xFF
					w.highOrds = append(w.highOrds, id, uint32(o))
				}
				for i := range opt.Invariants {
					if !opt.Invariants[i].Holds(s) && id < w.invMin[i].id {
						w.invMin[i].id = id
					}
				}
				if e.graph != nil {
					e.graph.Labels[id] = e.labels(s)
				}
				if e.index && !e.delayed() { // delayed: runsNumbered
					e.tab.setIndex(c.fps[j], e.key(c, j), id)
				}
				pos++
			}
			if nfile != nil {
				if err := nfile.writeAt(asBytes(w.out), int64(first*words*8)); err != nil {
					e.fail(err)
					return
				}
			}
		}
	})
	for _, w := range e.workers {
		for i := 0; i < len(w.highOrds); i += 2 {
			r.setOrd(w.highOrds[i], uint16(w.highOrds[i+1]))
		}
	}
	if e.index && !e.delayed() {
		claim.Store(0)
		e.parallel(func(int) {
			for {
				k := int(claim.Add(1) - 1)
				if k >= e.nchunks {
					return
				}
				c := e.chunks[k]
				c.ids = slicesResize(c.ids, len(c.fps))
				for j, fp := range c.fps {
					c.ids[j], _ = e.tab.indexOf(fp, e.key(c, j))
				}
			}
		})
	}
	e.numOffs, e.numBase, e.numEnd = offs, base, base+limit
	if limit > 0 {
		r.Stats.Levels = append(r.Stats.Levels, int64(limit))
	}
	e.frontier, e.fenc = next, nextEnc
	if nfile != nil {
		// The file of the frontier just expanded (if any) is free.
		e.nspill, e.fspill, e.fn = e.fspill, nfile, limit
	} else if e.fspill != nil {
		if e.nspill == nil {
			e.nspill = e.fspill
		} else {
			e.fspill.close()
		}
		e.fspill = nil
	}
	e.pDistinct.Store(int64(len(r.parent)))
	e.pDepth.Store(int64(len(r.Stats.Levels)))
}

// collect gathers the level's findings, canonical whatever the workers
// (the lowest index, then the lowest ordinal), and appends the level's
// edges to the graph. numbered is false when the next level was not
// numbered (depth budget): edges and targets into it are then dropped.
// partial is set when a budget stopped the level: the findings of the
// chunks expanded are kept, and no edge is added.
func (e *engine[S, A]) collect(levelStart uint32, numbered, partial bool) {
	candID := func(k, j int) uint32 {
		if !numbered {
			return NoState
		}
		if !e.index {
			return e.candIndex(k, j)
		}
		return e.chunks[k].ids[j]
	}
	for i := range e.opt.Invariants {
		best := finding{kind: kindInvariant, prop: i, id: NoState}
		for _, w := range e.workers {
			if w.invMin[i].id < best.id {
				best = w.invMin[i]
			}
		}
		if best.id != NoState {
			e.note(best)
		}
	}
	for i := range e.opt.ActionInvariants {
		var best *actFinding
		for _, w := range e.workers {
			if a := &w.actMin[i]; a.f.id != NoState && (best == nil || a.f.less(best.f)) {
				best = a
			}
		}
		if best != nil && !e.reported[[2]int{kindAction, i}] {
			f := best.f
			if best.chunk >= 0 {
				f.to = candID(best.chunk, best.pos)
			}
			if e.note(f) && best.old {
				e.unresolved = append(e.unresolved, oldTarget{at: len(e.findings) - 1, fp: best.fp, key: best.key})
			}
		}
	}
	dead := finding{kind: kindDeadlock, id: NoState}
	for _, w := range e.workers {
		if w.deadlock.id < dead.id {
			dead = w.deadlock
		}
	}
	if dead.id != NoState {
		e.note(dead)
	}
	g := e.graph
	if g == nil || partial {
		return
	}
	// The level's edges are added in place: the arrays are sized once for
	// all of them (outside the Go heap, without a copy), then cut to the
	// edges kept.
	states, edges := 0, 0
	for _, c := range e.chunks[:e.nchunks] {
		states += len(c.ecount)
		edges += len(c.etarget)
	}
	m := len(g.Targets)
	g.setEdges(m + edges)
	n := len(g.Offsets)
	g.setOffsets(n + states)
	for k, c := range e.chunks[:e.nchunks] {
		x := 0
		for i := range c.ecount {
			id := levelStart + uint32(c.lo+i)
			g.Enabled[id] = c.enabled[i]
			first, from := x, m
			for end := x + int(c.ecount[i]); x < end; x++ {
				to := c.etarget[x]
				if c.ecand[x>>6]&(1<<(x&63)) != 0 {
					to = candID(k, int(to))
				}
				if to == NoState {
					continue
				}
				g.Targets[m] = to
				g.Classes[m] = c.eclass[x]
				if x-first != m-from {
					g.skip(uint64(m), uint32(x-first))
				}
				m++
			}
			g.Offsets[n] = uint64(m)
			n++
		}
	}
	g.setEdges(m)
}

// appendWords and copyWords move an encoding of a few words without the
// call to memmove that append and copy make.
func appendWords(dst, src []uint64) []uint64 {
	n := len(dst)
	if n+len(src) > cap(dst) {
		return append(dst, src...)
	}
	dst = dst[:n+len(src)]
	copyWords(dst[n:], src)
	return dst
}

func copyWords(dst, src []uint64) {
	for i, x := range src {
		dst[i] = x
	}
}
