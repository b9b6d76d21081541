package explore

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// chunk is a slice of the frontier expanded by one worker, with what it
// produced: the candidates (successors not in the table at the start of
// the level, in generation order) and, in graph mode, the edges.
type chunk[S any] struct {
	_      [64]byte // chunks are written by different workers: no shared cache line
	lo, hi int

	fps     []uint64
	ext     []uint64 // Fingerprint128: the high half of each candidate's fingerprint
	encs    []uint64 // exact store: Words() words per candidate
	parents []uint32
	ords    []uint16
	states  []S
	kept    []bool
	ids     []uint32 // index mode: BFS index of each candidate's state

	// Graph mode: per expanded state its edge count and enabled classes;
	// per edge the target (an index, or a candidate of the chunk if its
	// bit in ecand is set) and class.
	ecount  []uint32
	enabled []uint64
	etarget []uint32
	ecand   []uint64
	eclass  []uint8

	done bool // expanded in the level under way (a stopped level is partly expanded)

	// spilled: encs, parents and ords are in the candidates' spill file at
	// these offsets, not in memory.
	spilled          bool
	offE, offP, offO int64
	_                [64]byte
}

// reset empties the chunk for states [lo, hi), expecting about expect
// candidates: a chunk's buffers are reserved once at about the right size
// rather than grown by append while levels widen.
// With encs the chunk keeps candidates' encodings, else their states.
// With spill, encs, parents and ords are left to the caller (a worker's
// buffers, written to the spill file once the chunk is expanded).
func (c *chunk[S]) reset(lo, hi, expect, words int, exact, wide, encs, spill bool) {
	c.lo, c.hi = lo, hi
	c.spilled = spill
	if cap(c.fps) < expect {
		c.fps = make([]uint64, 0, expect)
		if wide {
			c.ext = make([]uint64, 0, expect)
		}
		if !spill {
			c.parents = make([]uint32, 0, expect)
			c.ords = make([]uint16, 0, expect)
			if !encs {
				c.states = make([]S, 0, expect)
			}
			if exact || encs {
				c.encs = make([]uint64, 0, expect*words)
			}
		}
	}
	c.fps, c.ext, c.encs, c.parents, c.ords = c.fps[:0], c.ext[:0], c.encs[:0], c.parents[:0], c.ords[:0]
	c.states, c.kept, c.ids = c.states[:0], c.kept[:0], c.ids[:0]
	c.ecount, c.enabled = c.ecount[:0], c.enabled[:0]
	c.etarget, c.ecand, c.eclass = c.etarget[:0], c.ecand[:0], c.eclass[:0]
}

func (c *chunk[S]) bytes() uint64 {
	var s S
	return uint64(cap(c.fps))*8 + uint64(cap(c.ext))*8 + uint64(cap(c.encs))*8 + uint64(cap(c.parents))*4 +
		uint64(cap(c.ords))*2 + uint64(cap(c.states))*uint64(unsafe.Sizeof(s)) +
		uint64(cap(c.kept)) + uint64(cap(c.ids))*4 + uint64(cap(c.ecount))*4 +
		uint64(cap(c.enabled))*8 + uint64(cap(c.etarget))*4 + uint64(cap(c.ecand))*8 + uint64(cap(c.eclass))
}

// actFinding is an action-invariant violation whose target may be a
// candidate of the current level, known only once the level is numbered.
type actFinding struct {
	f          finding
	chunk, pos int // candidate target; chunk < 0 if f.to is already known
	// old: the target was in the table and the table keeps no index
	// (see engine.index); fp and key identify it for resolveOld.
	old bool
	fp  uint64
	key []uint64
}

// oldTarget is a reported action counterexample whose target was an old
// state when it was found, without index mode: resolveOld finds its index.
type oldTarget struct {
	at  int // in engine.findings
	fp  uint64
	key []uint64
	id  uint32
}

// worker holds one goroutine's scratch space and findings for a level.
type worker struct {
	_          [64]byte // workers are written by different cores: no shared cache line
	generated  int64
	trans      int64
	overflow   bool
	invMin     []finding
	actMin     []actFinding
	deadlock   finding
	keptCounts []int
	sink       uint64         // keeps the early loads of expandChunk from being optimised away
	highOrds   []uint32       // states numbered by this worker whose ordinal needs more than a byte
	shardCands [numShards]int // candidates per shard: an upper bound on the inserts to come
	recent     recentCache    // phase A's last lookups

	// Buffers for the spill files: the frontier states of a chunk, the
	// candidates of a chunk (written out after it is expanded, read back
	// when it is numbered), the kept encodings of a chunk.
	fbuf []uint64
	cenc []uint64
	cpar []uint32
	cord []uint16
	out  []uint64
	_    [64]byte
}

func (w *worker) bytes() uint64 {
	return uint64(cap(w.fbuf))*8 + uint64(cap(w.cenc))*8 + uint64(cap(w.cpar))*4 + uint64(cap(w.cord))*2 + uint64(cap(w.out))*8
}

// engine is the state of one parallel search.
type engine[S, A any] struct {
	ctx   context.Context
	m     Model[S, A]
	opt   *Options[S, A]
	r     *Result[S, A]
	words int
	nw    int
	tab   *table
	exact bool           // the table's keys are encodings (Exact)
	wide  bool           // the table's keys are fingerprints' high halves (Fingerprint128)
	owner [numShards]int // worker that inserts into each shard
	index bool
	graph *Graph

	// The numbering of the last level (phase C), for candIndex.
	numOffs         []int
	numBase, numEnd int
	unresolved      []oldTarget

	disk      *diskSet // Disk store
	diskTable uint64   // bytes of the table before it is merged into the file

	// The states of the level being expanded: as states, or as
	// encodings (Words() words each) when the model is a Decoder.
	frontier []S
	fenc     []uint64
	dec      Decoder[S]
	// A large frontier of encodings is in fspill instead of fenc (fn
	// states); nspill receives the next one. cspill holds the candidates
	// of a level when spillC is set.
	fn             int
	fspill, nspill *spill
	cspill         *spill
	spillC         bool
	ioMu           sync.Mutex
	ioErr          error
	candRate       float64 // candidates per expanded state in the last level
	chunks         []*chunk[S]
	nchunks        int
	released       uint64 // bytes of chunks let go of since the last return to the system
	workers        []*worker
	pend           []*pending[S]
	sinks          []*successorSink[S, A] // per worker: receives Next's successors
	findings       []finding
	reported       map[[2]int]bool

	start    time.Time
	stopFlag atomic.Bool
	stopMu   sync.Mutex
	stopWhy  string

	// Progress figures, read by the monitor goroutine.
	pDistinct, pGenerated, pQueue, pClaimed atomic.Int64
	pDepth, pNew                            atomic.Int64
	pPhase                                  atomic.Int32
	pMemory, candBytes                      atomic.Uint64
	peak                                    uint64 // engine's structures

	// The process's memory (ProcessMemory): at the start, at its peak.
	procBase uint64
	procPeak atomic.Uint64
	warned   bool  // MemoryWarning called
	goLimit  int64 // the Go runtime's memory limit before the search

	prevElapsed time.Duration // of the searches this one resumes
	lastCkpt    time.Time
}

// maxChunk caps the frontier states of one chunk: workers poll the stop
// flag between chunks, and a chunk's buffers stay small.
const maxChunk = 1024

// Run explores every state reachable in m under opt, breadth first, with
// opt.Workers goroutines sharing one visited set. States are numbered in
// the order a sequential search would number them, so counts, levels,
// violations, traces and the graph are the same for any number of
// workers. The error is non-nil only for bad options or a model with more
// than 65536 initial states or successors of one state (the parent log
// keeps 16-bit ordinals); budgets and cancellation give Verdict
// Incomplete.
func Run[S, A any](ctx context.Context, m Model[S, A], opt Options[S, A]) (*Result[S, A], error) {
	if err := checkOptions(&opt); err != nil {
		return nil, err
	}
	e := &engine[S, A]{ctx: ctx, m: m, opt: &opt, words: m.Words(), nw: opt.Workers, start: time.Now()}
	e.procBase = e.sample()
	if opt.MaxMemory > 0 {
		// The collector is told how much of the budget the Go heap may
		// use (see setGoLimit); the limit is put back afterwards.
		e.goLimit = debug.SetMemoryLimit(-1)
		defer debug.SetMemoryLimit(e.goLimit)
	}
	if e.nw == 0 {
		e.nw = runtime.GOMAXPROCS(0)
	}
	e.r = &Result[S, A]{model: m, actC: opt.ActionConstraint, stateC: opt.Constraint, logDir: opt.SpillDir, logSpill: true}
	if d, ok := any(m).(Decoder[S]); ok {
		e.dec = d
	}
	// Index mode (a BFS index per slot, 4 bytes more) is for the graph's
	// edges. Action counterexamples do without it (collect, resolveOld),
	// except in the disk store, whose file holds the indices, and in
	// checkpoints, whose format records the mode.
	e.index = opt.RetainGraph || opt.index || len(opt.ActionInvariants) > 0 &&
		(opt.Store == Disk || opt.Checkpoint != "" || opt.Resume != "")
	key := 0
	switch opt.Store {
	case Exact:
		e.exact, key = true, e.words
	case Fingerprint128, Fingerprint96:
		e.wide, key = true, 1
	case Disk:
		e.wide, key = true, 1
		e.disk = &diskSet{width: 2}
		if e.index {
			e.disk.width = 3
		}
		e.diskTable = opt.DiskTable
		if e.diskTable == 0 {
			e.diskTable = 1 << 30
			if opt.MaxMemory > 0 {
				e.diskTable = opt.MaxMemory / 4
			}
		}
	}
	if opt.Store == Fingerprint96 {
		e.tab = newTable96(e.index)
	} else {
		e.tab = newTable(key, e.index)
	}
	defer e.tab.free()
	if opt.RetainGraph {
		e.graph = newGraph()
	}
	e.reported = map[[2]int]bool{}
	e.workers = make([]*worker, e.nw)
	for i := range e.workers {
		e.workers[i] = &worker{}
		e.pend = append(e.pend, &pending[S]{}, &pending[S]{})
		e.sinks = append(e.sinks, newSuccessorSink[S, A]())
	}
	for sh := range e.owner {
		e.owner[sh] = sh * e.nw / numShards
	}

	done := make(chan struct{})
	var mon sync.WaitGroup
	mon.Add(1)
	go e.monitor(done, &mon)
	err := e.search()
	close(done)
	mon.Wait()
	for _, f := range []*spill{e.fspill, e.nspill, e.cspill} {
		if f != nil {
			f.close()
		}
	}
	if e.disk != nil {
		if e.disk.f != nil {
			(&spill{f: e.disk.f}).close()
		}
		e.disk.lr.close()
	}
	if err == nil {
		err = e.ioErr
	}
	if err != nil {
		return nil, err
	}
	for i := range opt.lookups {
		l := &opt.lookups[i]
		l.id, _ = e.tab.indexOf(l.fp, l.key)
	}

	r := e.r
	r.Stats.Distinct = int64(len(r.parent))
	r.Stats.Depth = len(r.Stats.Levels)
	r.Stats.Workers = e.nw
	r.Stats.Store = opt.Store
	if r.Stats.Distinct > 0 {
		r.Stats.BytesPerState = float64(e.tab.bytes()+e.logBytes()) / float64(r.Stats.Distinct)
	}
	e.notePeak()
	e.resolveOld()
	r.Stats.Elapsed = e.prevElapsed + time.Since(e.start)
	r.Stats.EngineMemory = e.peak
	r.Stats.PeakMemory = e.procPeak.Load()
	if e.disk != nil {
		r.Stats.DiskBytes, r.Stats.DiskMerges = max(e.disk.peak, e.disk.lr.peak), e.disk.flushes
		r.Stats.DiskRuns = e.disk.lr.runs
	}
	if g := e.graph; g != nil {
		// States of a level that was not expanded have no edges.
		k := len(g.Offsets)
		g.setOffsets(len(r.parent) + 1)
		for i := k; i < len(g.Offsets); i++ {
			g.Offsets[i] = uint64(len(g.Targets))
		}
		r.Graph = g
	}
	r.report(&opt, e.findings)
	r.finish(e.stopFlag.Load())
	return r, nil
}

// fail stops the search on an error of a spill file: Run returns it.
func (e *engine[S, A]) fail(err error) {
	e.ioMu.Lock()
	if e.ioErr == nil {
		e.ioErr = fmt.Errorf("explore: spill file in %q: %v", e.spillDir(), err)
	}
	e.ioMu.Unlock()
	e.stop("spill file failed")
}

func (e *engine[S, A]) spillDir() string {
	if e.opt.SpillDir != "" {
		return e.opt.SpillDir
	}
	return os.TempDir()
}

// spillFile returns *f, made on first use and emptied.
func (e *engine[S, A]) spillFile(f **spill) *spill {
	if *f == nil {
		s, err := newSpill(e.opt.SpillDir)
		if err != nil {
			e.fail(err)
			return nil
		}
		*f = s
	}
	(*f).reset()
	return *f
}

func (e *engine[S, A]) stop(reason string) {
	e.stopMu.Lock()
	if e.stopWhy == "" {
		e.stopWhy = reason
		e.r.Stats.StopReason = reason
	}
	e.stopMu.Unlock()
	e.stopFlag.Store(true)
}

// monitor turns cancellation and the timeout into the stop flag, which
// workers poll between chunks, and calls Progress from one goroutine.
func (e *engine[S, A]) monitor(done <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	var timeout <-chan time.Time
	if e.opt.Timeout > 0 {
		t := time.NewTimer(e.opt.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	// The process's memory is sampled often: it is the budget's measure,
	// and a level can allocate quickly.
	mem := time.NewTicker(20 * time.Millisecond)
	defer mem.Stop()
	var tick <-chan time.Time
	if e.opt.Progress != nil {
		every := e.opt.ProgressEvery
		if every <= 0 {
			every = time.Second
		}
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-done:
			return
		case <-e.ctx.Done():
			e.stop("cancelled")
			return
		case <-timeout:
			e.stop("timeout")
			timeout = nil
		case <-mem.C:
			if m := e.sample(); e.opt.MaxMemory > 0 && m > e.opt.MaxMemory {
				e.stop("max memory")
			}
		case <-tick:
			el := time.Since(e.start)
			size, done := e.pQueue.Load(), e.pClaimed.Load()
			p := Progress{
				Distinct:  e.pDistinct.Load(),
				Generated: e.pGenerated.Load(),
				Depth:     int(e.pDepth.Load()),
				Phase:     Phase(e.pPhase.Load()),
				LevelSize: size,
				LevelDone: min(done, size),
				Queue:     max(0, size-done),
				New:       e.pNew.Load(),
				Memory:    e.sample(),
				Elapsed:   el,
			}
			if s := el.Seconds(); s > 0 {
				p.Rate = float64(p.Distinct) / s
			}
			e.opt.Progress(p)
		}
	}
}

// parts runs f(w, workers) on every worker, for table.grow.
func (e *engine[S, A]) parts(f func(part, parts int)) {
	e.parallel(func(w int) { f(w, e.nw) })
}

// parallel runs f on every worker and waits.
func (e *engine[S, A]) parallel(f func(w int)) {
	if e.nw == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < e.nw; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// note records f unless its property was reported already, and says
// whether it did.
func (e *engine[S, A]) note(f finding) bool {
	k := [2]int{f.kind, f.prop}
	if e.reported[k] {
		return false
	}
	e.reported[k] = true
	e.findings = append(e.findings, f)
	return true
}

// candIndex is the BFS index that candidate j of chunk k received when the
// last level was numbered, found without the table's index: a kept
// candidate's index follows from the level's prefix counts; one not kept
// repeats an earlier candidate of the level (phase B keeps the first
// occurrence), which is looked for by its fingerprint and key. NoState if
// a state budget left it unnumbered.
func (e *engine[S, A]) candIndex(k, j int) uint32 {
	c := e.chunks[k]
	if !c.kept[j] {
		fp, key := c.fps[j], e.key(c, j)
		k, j = -1, -1
	scan:
		for k2, c2 := range e.chunks[:e.nchunks] {
			for j2, f := range c2.fps {
				if f == fp && c2.kept[j2] && e.tab.sameKey(e.key(c2, j2), key) {
					k, j = k2, j2
					break scan
				}
			}
		}
		if k < 0 {
			return NoState
		}
		c = e.chunks[k]
	}
	pos := e.numOffs[k]
	for _, kept := range c.kept[:j] {
		if kept {
			pos++
		}
	}
	if e.numBase+pos >= e.numEnd {
		return NoState
	}
	return uint32(e.numBase + pos)
}

// resolveOld gives the action counterexamples whose targets were old states
// their targets' indices. Outside index mode the table keeps no index, so
// a second search of the same model, store and constraints, which numbers
// every state as the first did, runs up to the deepest level those targets
// can be in (that of their source) and looks them up in its table, with
// indices. It costs a second search, but only when an action property
// fails on a transition into a state seen before; a search that holds (or
// fails otherwise) pays 4 bytes a state less for the index. If the second
// search is stopped by a budget (the same as the first's, less the time
// already spent), the index stays NoState.
func (e *engine[S, A]) resolveOld() {
	if len(e.unresolved) == 0 {
		return
	}
	depth := 0
	for _, u := range e.unresolved {
		depth = max(depth, e.levelOf(e.findings[u.at].id)+1)
	}
	e.tab.free() // no longer needed: the second search's table takes its place
	o := e.opt
	opt := Options[S, A]{
		Workers: e.nw, Store: o.Store, Constraint: o.Constraint, ActionConstraint: o.ActionConstraint,
		MaxStates: o.MaxStates, MaxDepth: depth, MaxMemory: o.MaxMemory, SpillDir: o.SpillDir, DiskTable: o.DiskTable,
		index: true,
	}
	if o.Timeout > 0 {
		// The second search is part of this one: it gets what is left.
		if opt.Timeout = o.Timeout - time.Since(e.start); opt.Timeout <= 0 {
			return
		}
	}
	for _, u := range e.unresolved {
		opt.lookups = append(opt.lookups, lookup{fp: u.fp, key: u.key, id: NoState})
	}
	r, err := Run(e.ctx, e.m, opt)
	if err != nil {
		return
	}
	e.notePeakProc(r.Stats.PeakMemory)
	for i, u := range e.unresolved {
		e.findings[u.at].to = opt.lookups[i].id
	}
}

// levelOf is the level (0 for initial states) of state id.
func (e *engine[S, A]) levelOf(id uint32) int {
	var n int64
	for d, l := range e.r.Stats.Levels {
		if n += l; int64(id) < n {
			return d
		}
	}
	return len(e.r.Stats.Levels)
}

func (e *engine[S, A]) logBytes() uint64 {
	return uint64(cap(e.r.parent))*4 + uint64(cap(e.r.ordinal))
}

// memory is what the engine holds now, for the budget and PeakMemory.
func (e *engine[S, A]) memory() uint64 {
	var s S
	n := e.tab.bytes() + e.logBytes() + uint64(cap(e.frontier))*uint64(unsafe.Sizeof(s)) +
		uint64(cap(e.fenc))*8
	for _, c := range e.chunks {
		n += c.bytes()
	}
	for _, w := range e.workers {
		n += w.bytes()
	}
	if e.disk != nil {
		n += e.disk.lr.bytes()
	}
	if g := e.graph; g != nil {
		n += uint64(cap(g.Offsets))*8 + uint64(cap(g.Targets))*4 + uint64(cap(g.Classes)) +
			uint64(cap(g.Labels))*4 + uint64(cap(g.Enabled))*8
	}
	return n
}

func (e *engine[S, A]) notePeak() {
	m := e.memory()
	// The table's own peak (during a grow) bounds the moment from above.
	e.peak = max(e.peak, m, m-e.tab.bytes()+e.tab.peak)
	e.pMemory.Store(m)
	e.sample()
}

// sample reads ProcessMemory and keeps its peak.
func (e *engine[S, A]) sample() uint64 {
	m := ProcessMemory()
	e.notePeakProc(m)
	return m
}

func (e *engine[S, A]) notePeakProc(m uint64) {
	for {
		p := e.procPeak.Load()
		if m <= p || e.procPeak.CompareAndSwap(p, m) {
			return
		}
	}
}

// room reports whether the process can allocate extra bytes more and stay
// within Options.MaxMemory.
func (e *engine[S, A]) room(extra uint64) bool {
	return e.opt.MaxMemory == 0 || e.sample()+extra <= e.opt.MaxMemory
}

// setGoLimit gives the Go collector the part of the budget that the
// tables outside the Go heap leave, so that it collects garbage (an old
// frontier, a parent log that was copied to grow) before the process
// reaches the budget rather than after.
func (e *engine[S, A]) setGoLimit() {
	if e.opt.MaxMemory == 0 {
		return
	}
	lim := int64(e.opt.MaxMemory) - offHeap.Load()
	debug.SetMemoryLimit(max(lim, 64<<20))
}

// barrierBytes bounds from above what the barrier of a level with cands
// candidates and trans transitions allocates: table growth (old and new
// table side by side), parent log, next frontier, graph, candidate ids.
func (e *engine[S, A]) barrierBytes(cands int, trans int64) uint64 {
	var extra [numShards]int
	for _, w := range e.workers {
		for sh, n := range w.shardCands {
			extra[sh] += n
		}
	}
	t := e.tab
	cur := t.bytes()
	hard := t.bytesAt(t.sizeFor(t.size, &extra, hardLoad))
	full := t.bytesAt(t.sizeFor(t.size, &extra, maxLoad))
	// The table grows in place, through a buffer of one shard.
	var n uint64
	if top := max(hard, full); top > cur {
		n = top - cur + top/numShards
	}
	// A slice that must grow is copied: old and new side by side.
	grown := func(length, capacity, add int, size uint64) uint64 {
		if length+add <= capacity {
			return 0
		}
		return uint64(float64(length+add)*1.25) * size
	}
	r := e.r
	n += grown(len(r.parent), cap(r.parent), cands, 4) + grown(len(r.ordinal), cap(r.ordinal), cands, 1)
	if e.dec != nil {
		if !e.spillNext(cands) {
			n += grown(0, cap(e.fenc), cands*e.words, 8)
		}
	} else {
		var s S
		n += grown(0, cap(e.frontier), cands, uint64(unsafe.Sizeof(s)))
	}
	if g := e.graph; g != nil {
		// The graph grows outside the Go heap without a copy (resizeIn).
		n += growth(len(g.Labels), cap(g.Labels), cands, 4) + growth(len(g.Enabled), cap(g.Enabled), cands, 8)
		n += growth(len(g.Targets), cap(g.Targets), int(trans), 4) + growth(len(g.Classes), cap(g.Classes), int(trans), 1) +
			growth(len(g.Offsets), cap(g.Offsets), e.flen(), 8)
	}
	if e.index {
		n += uint64(cands) * 4
	}
	return n
}

// forecast calls Options.MemoryWarning, once, when the process would
// reach MaxMemory within three more levels growing as the last one did.
func (e *engine[S, A]) forecast() {
	opt, r := e.opt, e.r
	lv := r.Stats.Levels
	d := len(lv)
	if opt.MaxMemory == 0 || opt.MemoryWarning == nil || e.warned || d < 3 || lv[d-2] == 0 {
		return
	}
	g := float64(lv[d-1]) / float64(lv[d-2])
	held := e.sample()
	if g < 1.2 || held <= e.procBase {
		return
	}
	per := float64(held-e.procBase) / float64(len(r.parent))
	proj, level := float64(held), float64(lv[d-1])
	for k := 1; k <= 3; k++ {
		level *= g
		if proj += level * per; proj > float64(opt.MaxMemory) {
			e.warned = true
			opt.MemoryWarning(MemoryForecast{Held: held, Budget: opt.MaxMemory, Depth: d, Growth: g, Levels: k})
			return
		}
	}
}

// search runs the levels. A level is numbered completely or not at all.
func (e *engine[S, A]) search() error {
	opt, r := e.opt, e.r
	if opt.Resume != "" {
		if err := e.readCheckpoint(); err != nil {
			return err
		}
	} else if err := e.initial(); err != nil {
		return err
	}
	e.checkpoint(false)
	for e.flen() > 0 && !e.stopFlag.Load() {
		if !opt.Continue && len(e.findings) > 0 {
			// Not a budget: the verdict is known, but a level is left.
			r.Stats.StopReason = StopFirstViolation
			break
		}
		if !e.room(0) {
			e.stop("max memory")
			break
		}
		e.setGoLimit()
		levelStart := uint32(len(r.parent) - e.flen())
		last := opt.MaxDepth > 0 && len(r.Stats.Levels) >= opt.MaxDepth
		e.expand(levelStart)
		if e.stopFlag.Load() {
			// The level is discarded, and the figures are those of the
			// levels before; but the violations found in its expanded
			// part are kept (their targets are not numbered). Nothing of
			// the search has changed yet: a checkpoint can still be taken.
			e.checkpoint(true)
			e.collect(levelStart, e.diskLevel(true), true)
			break
		}
		for _, w := range e.workers {
			if w.overflow {
				return fmt.Errorf("explore: a state has more than 65536 successors: the parent log records ordinals in 16 bits")
			}
			r.Stats.Generated += w.generated
			r.Stats.Transitions += w.trans
		}
		var cands int
		if e.delayed() {
			cands = e.runsCands()
		} else {
			for _, c := range e.chunks[:e.nchunks] {
				cands += len(c.fps)
			}
		}
		e.candRate = float64(cands) / float64(e.flen())
		if last {
			if e.disk != nil && cands > 0 {
				// Candidates missed only the table: those the file holds
				// are old states, not a level beyond the depth budget.
				cands = e.diskUnseen()
			}
			if cands > 0 {
				e.stop("max depth")
			}
			e.collect(levelStart, e.diskLevel(false), false)
			break
		}
		var only map[uint64]*onlyRes
		if e.delayed() {
			// The runs merged with the file: cands becomes the new states.
			e.pPhase.Store(int32(PhaseInsert))
			if e.index {
				only = e.onlySet()
			}
			cands = int(e.runsMerge(true, only))
		}
		if !e.room(e.barrierBytes(cands, e.levelTrans())) {
			e.stop("max memory")
		} else if !e.delayed() {
			e.pPhase.Store(int32(PhaseInsert))
			e.insert()
			if e.disk != nil && !e.stopFlag.Load() {
				e.diskCheck()
			}
		}
		if e.stopFlag.Load() {
			e.collect(levelStart, e.diskLevel(true), true)
			break
		}
		e.pPhase.Store(int32(PhaseNumber))
		base := int64(len(r.parent))
		e.number()
		if e.delayed() {
			e.runsNumbered(only, base)
		}
		e.collect(levelStart, true, false)
		e.notePeak()
		r.dropLog()
		if e.disk != nil {
			e.diskFlush(false)
		}
		e.forecast()
		e.checkpoint(false)
	}
	return nil
}

// diskLevel prepares, for the Disk store in index mode, the candidates of
// a level that will not be numbered (see diskIDs), and reports whether it
// did: collect then reads their indices.
// A level stopped by a budget (partial), or one without a graph, needs
// only the targets of its action counterexamples.
func (e *engine[S, A]) diskLevel(partial bool) bool {
	if e.disk == nil || !e.index {
		return false
	}
	if e.delayed() {
		return e.runsLevel()
	}
	var only map[[2]int]bool
	if partial || e.graph == nil {
		only = map[[2]int]bool{}
		for _, w := range e.workers {
			for _, a := range w.actMin {
				if a.f.id != NoState && a.chunk >= 0 {
					only[[2]int{a.chunk, a.pos}] = true
				}
			}
		}
	}
	e.diskIDs(only)
	return true
}

// key is what the table compares, besides the fingerprint, for candidate
// j of chunk c: its encoding (Exact), its fingerprint's high half
// (Fingerprint128), or nothing.
func (e *engine[S, A]) key(c *chunk[S], j int) []uint64 {
	switch {
	case e.exact:
		return c.encs[j*e.words : (j+1)*e.words]
	case e.wide:
		return c.ext[j : j+1]
	}
	return nil
}

// checkpoint writes Options.Checkpoint at a barrier when one is due, or
// at once (now).
func (e *engine[S, A]) checkpoint(now bool) {
	opt := e.opt
	if opt.Checkpoint == "" || !now && (e.stopFlag.Load() || opt.CheckpointEvery > 0 && time.Since(e.lastCkpt) < opt.CheckpointEvery) {
		return // a level cut short by MaxStates is no barrier to resume from
	}
	if err := e.writeCheckpoint(); err != nil {
		e.stop("checkpoint failed: " + err.Error())
		return
	}
	e.lastCkpt = time.Now()
}

// levelTrans is the transitions of the level just expanded.
func (e *engine[S, A]) levelTrans() int64 {
	var n int64
	for _, w := range e.workers {
		n += w.trans
	}
	return n
}

// initial numbers the initial states, in Init's order.
func (e *engine[S, A]) initial() error {
	opt, r := e.opt, e.r
	enc := make([]uint64, e.words)
	var fresh []S
	e.m.Init(func(s *S) {
		ord := len(r.inits)
		r.inits = append(r.inits, *s)
		r.Stats.Generated++
		if opt.Constraint != nil && !opt.Constraint(s) {
			return
		}
		e.m.Encode(s, enc)
		fp, key := fingerprint(enc), enc
		if e.wide {
			var ext uint64
			fp, ext = fingerprint128(enc)
			key = []uint64{ext}
		}
		if e.tab.contains(fp, key) {
			return
		}
		for !e.tab.fits(nil, maxLoad) {
			e.tab.grow(func(f func(int, int)) { f(0, 1) })
		}
		if opt.MaxStates > 0 && int64(len(r.parent)) >= opt.MaxStates {
			e.stop("max states")
			return
		}
		e.tab.insert(fp, key)
		id := uint32(len(r.parent))
		if e.index {
			e.tab.setIndex(fp, key, id)
		}
		r.appendLog(noParent, uint16(ord))
		if e.dec != nil {
			e.fenc = append(e.fenc, enc...)
		} else {
			fresh = append(fresh, *s)
		}
		for i, inv := range opt.Invariants {
			if !inv.Holds(s) {
				e.note(finding{kind: kindInvariant, prop: i, id: id})
			}
		}
		if g := e.graph; g != nil {
			g.setStates(int(id) + 1)
			g.Labels[id] = e.labels(s)
		}
	})
	if len(r.inits) > 1<<16 {
		return fmt.Errorf("explore: %d initial states, at most 65536 fit the parent log's ordinals", len(r.inits))
	}
	e.frontier = fresh
	if n := e.flen(); n > 0 {
		r.Stats.Levels = append(r.Stats.Levels, int64(n))
	}
	e.pDistinct.Store(int64(len(r.parent)))
	e.pGenerated.Store(r.Stats.Generated)
	e.pDepth.Store(int64(len(r.Stats.Levels)))
	e.notePeak()
	return nil
}

func (e *engine[S, A]) labels(s *S) uint32 {
	var lab uint32
	for j, f := range e.opt.Labels {
		if f(s) {
			lab |= 1 << j
		}
	}
	return lab
}

// flen is the number of states in the frontier.
func (e *engine[S, A]) flen() int {
	if e.fspill != nil {
		return e.fn
	}
	if e.dec != nil {
		return len(e.fenc) / e.words
	}
	return len(e.frontier)
}

// spillNext reports whether a next frontier of n states goes to a file.
func (e *engine[S, A]) spillNext(n int) bool {
	return e.dec != nil && n*e.words*8 >= spillAbove
}

// frontierEncs returns the encodings of frontier states [lo, hi), read
// into buf if the frontier is in a file.
func (e *engine[S, A]) frontierEncs(lo, hi int, buf *[]uint64) []uint64 {
	w := e.words
	if e.fspill == nil {
		return e.fenc[lo*w : hi*w]
	}
	*buf = slicesResize(*buf, (hi-lo)*w)
	if err := e.fspill.readAt(asBytes(*buf), int64(lo*w*8)); err != nil {
		e.fail(err)
	}
	return *buf
}
