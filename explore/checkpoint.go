package explore

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	"unsafe"
)

// A checkpoint is the search at a level barrier: the levels numbered so
// far (parent log, visited table, figures, violations found) and the
// frontier still to expand. Resuming from it runs the remaining levels
// exactly as the interrupted search would have, so the result is the
// same as that of a search never stopped (Elapsed aside). It is one file,
// written next to its final name and renamed, so a checkpoint on disk is
// always whole.

const (
	checkpointFile  = "search.checkpoint"
	checkpointMagic = "tcpcheck explore checkpoint v1\n"
)

// checkpointHeader says what the file is for: Resume refuses a checkpoint
// of another model shape, store or configuration.
type checkpointHeader struct {
	Words, StateSize, Store, Index, Decoder int64
	Shards, Width                           int64
}

func (e *engine[S, A]) header() checkpointHeader {
	var s S
	b := func(x bool) int64 {
		if x {
			return 1
		}
		return 0
	}
	return checkpointHeader{
		Words: int64(e.words), StateSize: int64(unsafe.Sizeof(s)), Store: int64(e.opt.Store),
		Index: b(e.index), Decoder: b(e.dec != nil), Shards: numShards, Width: int64(e.tab.width),
	}
}

// writeCheckpoint writes the search as it stands at a level barrier.
func (e *engine[S, A]) writeCheckpoint() error {
	dir := e.opt.Checkpoint
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, checkpointFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, a no-op
	w := bufio.NewWriterSize(f, 1<<20)
	r, t := e.r, e.tab
	put := func(v any) {
		if err == nil {
			err = binary.Write(w, binary.LittleEndian, v)
		}
	}
	raw := func(p unsafe.Pointer, n int) {
		if err == nil && n > 0 {
			_, err = w.Write(unsafe.Slice((*byte)(p), n))
		}
	}
	var s S
	ss := int(unsafe.Sizeof(s))
	putStr := func(x string) { put(int64(len(x))); raw(unsafe.Pointer(unsafe.StringData(x)), len(x)) }

	putStr(checkpointMagic)
	putStr(e.opt.CheckpointTag)
	put(e.header())
	put(r.Stats.Generated)
	put(r.Stats.Transitions)
	put(int64(len(r.Stats.Levels)))
	put(r.Stats.Levels)
	put(e.candRate)
	put(int64(e.prevElapsed + time.Since(e.start)))
	put(int64(len(e.findings)))
	for _, x := range e.findings {
		put([5]int64{int64(x.kind), int64(x.prop), int64(x.id), int64(x.ord), int64(x.to)})
	}
	put(int64(len(r.inits)))
	if len(r.inits) > 0 {
		raw(unsafe.Pointer(&r.inits[0]), len(r.inits)*ss)
	}
	put(int64(len(r.parent)))
	if len(r.parent) > 0 {
		raw(unsafe.Pointer(&r.parent[0]), 4*len(r.parent))
		raw(unsafe.Pointer(&r.ordinal[0]), len(r.ordinal))
	}
	var high []uint32
	for id, o := range r.ordHigh {
		high = append(high, id, uint32(o))
	}
	put(int64(len(high)))
	put(high)
	put(int64(t.size))
	for _, u := range t.used {
		put(int64(u))
	}
	raw(unsafe.Pointer(&t.slots[0]), 8*len(t.slots))
	if t.index {
		raw(unsafe.Pointer(&t.idx[0]), 4*len(t.idx))
	}
	put(int64(e.flen()))
	if e.fspill != nil {
		var buf []uint64
		for lo := 0; lo < e.fn && err == nil; lo += 1 << 16 {
			hi := min(lo+1<<16, e.fn)
			enc := e.frontierEncs(lo, hi, &buf)
			raw(unsafe.Pointer(&enc[0]), 8*len(enc))
		}
	} else if e.dec != nil {
		if len(e.fenc) > 0 {
			raw(unsafe.Pointer(&e.fenc[0]), 8*len(e.fenc))
		}
	} else if len(e.frontier) > 0 {
		raw(unsafe.Pointer(&e.frontier[0]), ss*len(e.frontier))
	}
	putStr(checkpointMagic)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, checkpointFile))
}

// readCheckpoint restores the search from Options.Resume in place of
// numbering the initial states.
func (e *engine[S, A]) readCheckpoint() error {
	path := filepath.Join(e.opt.Resume, checkpointFile)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("explore: resume: %v", err)
	}
	defer f.Close()
	rd := bufio.NewReaderSize(f, 1<<20)
	get := func(v any) {
		if err == nil {
			err = binary.Read(rd, binary.LittleEndian, v)
		}
	}
	raw := func(p unsafe.Pointer, n int) {
		if err == nil && n > 0 {
			_, err = io.ReadFull(rd, unsafe.Slice((*byte)(p), n))
		}
	}
	count := func() int {
		var n int64
		get(&n)
		if err == nil && (n < 0 || n > 1<<40) {
			err = errors.New("a length is out of range")
		}
		return int(n)
	}
	getStr := func() string {
		n := count()
		if err != nil || n > 1<<20 {
			if err == nil {
				err = errors.New("a string is out of range")
			}
			return ""
		}
		b := make([]byte, n)
		raw(unsafe.Pointer(unsafe.SliceData(b)), n)
		return string(b)
	}
	bad := func(why string) error {
		return fmt.Errorf("explore: resume: %s is %s", path, why)
	}
	if getStr() != checkpointMagic || err != nil {
		return bad("not a checkpoint of this version")
	}
	if tag := getStr(); tag != e.opt.CheckpointTag {
		return bad(fmt.Sprintf("the checkpoint of another configuration (%q, this search is %q)", tag, e.opt.CheckpointTag))
	}
	var h checkpointHeader
	get(&h)
	if err == nil && h != e.header() {
		return bad("of a search with another model shape, store or checks")
	}
	r, t := e.r, e.tab
	var s S
	ss := int(unsafe.Sizeof(s))
	get(&r.Stats.Generated)
	get(&r.Stats.Transitions)
	r.Stats.Levels = make([]int64, count())
	get(r.Stats.Levels)
	get(&e.candRate)
	var prev int64
	get(&prev)
	e.prevElapsed = time.Duration(prev)
	for n := count(); n > 0 && err == nil; n-- {
		var x [5]int64
		get(&x)
		fd := finding{kind: int(x[0]), prop: int(x[1]), id: uint32(x[2]), ord: uint16(x[3]), to: uint32(x[4])}
		e.note(fd)
	}
	r.inits = make([]S, count())
	if len(r.inits) > 0 {
		raw(unsafe.Pointer(&r.inits[0]), len(r.inits)*ss)
	}
	n := count()
	r.resizeLog(n)
	if n > 0 {
		raw(unsafe.Pointer(&r.parent[0]), 4*n)
		raw(unsafe.Pointer(&r.ordinal[0]), n)
	}
	high := make([]uint32, count())
	get(high)
	for i := 0; i+1 < len(high); i += 2 {
		r.setOrd(high[i], uint16(high[i+1]))
	}
	size := count()
	if err != nil || size <= 0 {
		return bad(fmt.Sprintf("damaged (%v)", err))
	}
	t.free()
	t.alloc(size)
	for i := range t.used {
		t.used[i] = count()
	}
	raw(unsafe.Pointer(&t.slots[0]), 8*len(t.slots))
	if t.index {
		raw(unsafe.Pointer(&t.idx[0]), 4*len(t.idx))
	}
	fl := count()
	if e.dec != nil {
		e.fenc = make([]uint64, fl*e.words)
		if fl > 0 {
			raw(unsafe.Pointer(&e.fenc[0]), 8*len(e.fenc))
		}
	} else {
		e.frontier = make([]S, fl)
		if fl > 0 {
			raw(unsafe.Pointer(&e.frontier[0]), ss*fl)
		}
	}
	if getStr() != checkpointMagic || err != nil {
		return bad(fmt.Sprintf("damaged or cut short (%v)", err))
	}
	var levels int64
	for _, l := range r.Stats.Levels {
		levels += l
	}
	if levels != int64(len(r.parent)) {
		return bad("inconsistent: its levels do not add up to its states")
	}
	e.pDistinct.Store(int64(len(r.parent)))
	e.pGenerated.Store(r.Stats.Generated)
	e.pDepth.Store(int64(len(r.Stats.Levels)))
	e.notePeak()
	return nil
}
