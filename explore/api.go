// Package explore enumerates every reachable state of a model by
// breadth-first search, checks invariants on the way, and returns shortest
// counterexamples. It knows a model only through the Model interface and
// imports nothing of TCP.
package explore

import (
	"time"
)

// Model is what the engine needs to know of a model. S is a compact value
// type (fixed size, no pointers); A describes one transition and is kept
// small too, because it is passed by value on the hot path.
//
// Init and Next must be deterministic: the same state yields the same
// successors in the same order, on every call and in every process. The
// engine numbers states and records parents by that order, which is what
// makes counts and counterexamples identical whatever the number of workers.
type Model[S, A any] interface {
	// Init emits the initial states in a fixed order.
	Init(emit func(s *S))
	// Next emits the successors of s, each with the action that produced
	// it, in a fixed order. The pointer passed to emit is only valid during
	// the call; the engine copies the value.
	Next(s *S, emit func(a A, t *S))
	// Words is the length of the canonical encoding in 64-bit words.
	Words() int
	// Encode writes the canonical encoding of s into dst (len(dst) ==
	// Words()). Equal states must encode equally; the exact store compares
	// encodings, the fingerprint store hashes them.
	Encode(s *S, dst []uint64)
}

// Decoder is an optional interface of a Model whose Decode is the inverse
// of Encode on every reachable state. When the model implements it, the
// frontier and the candidates of a level are kept as encodings (Words()
// words each, already computed for hashing) instead of states, and a
// state is decoded just before it is expanded: fewer bytes held and copied
// per state when the encoding is smaller than S.
type Decoder[S any] interface {
	Decode(enc []uint64) S
}

// StoreKind selects how visited states are remembered.
type StoreKind int

const (
	// Fingerprint keeps a 64-bit hash per state, as TLC does. A collision
	// can hide a state; Stats.CollisionProbability estimates the chance.
	Fingerprint StoreKind = iota
	// Exact keeps the full encoding: no collision is possible.
	Exact
	// Fingerprint128 keeps a 128-bit hash per state: 16 bytes a slot
	// instead of 8, and a collision estimate 2^64 times smaller, below
	// 1e-15 even for 10^9 states and 10^10 successors.
	Fingerprint128
	// Disk keeps 128-bit fingerprints in a table in memory of at most
	// Options.DiskTable bytes and, beyond it, in a sorted file checked
	// once per level (delayed duplicate detection): for visited sets
	// larger than memory. Not with Checkpoint or Resume.
	Disk
	// Fingerprint96 keeps 96 bits of the 128-bit hash per state in 12-byte
	// slots (about 15.8 bytes a state at the table's average load, against
	// 21 for Fingerprint128): a collision estimate n(g-n)/2^96, below
	// 1e-8 for any search the engine can number (2^32 states with 20
	// successors each).
	Fingerprint96
)

func (k StoreKind) String() string {
	switch k {
	case Exact:
		return "exact"
	case Fingerprint128:
		return "fingerprint128"
	case Disk:
		return "disk"
	case Fingerprint96:
		return "fingerprint96"
	}
	return "fingerprint"
}

// Invariant is a named state predicate that must hold in every reachable
// state.
type Invariant[S any] struct {
	Name  string
	Holds func(s *S) bool
}

// ActionInvariant is a named predicate on a transition (from, action, to)
// that must hold for every reachable transition.
type ActionInvariant[S, A any] struct {
	Name  string
	Holds func(from *S, a A, to *S) bool
}

// StopFirstViolation is Stats.StopReason of a search that stopped after
// the level of its first violation (Options.Continue unset) with states
// still unexplored.
const StopFirstViolation = "first violation"

// DeadlockProperty is the name under which deadlocks are reported.
const DeadlockProperty = "Deadlock"

// NoState is the Step.ID of a state that was reached but never numbered,
// because a budget stopped the search first (for instance the target of a
// violating transition out of the last level).
const NoState = ^uint32(0)

// Options configures a search. The zero value is a plain search with the
// fingerprint store on all cores and no checks. The functions in Options
// (and the model's Next and Encode) are called from several goroutines at
// once: they must be safe for concurrent use.
type Options[S, A any] struct {
	Workers int       // 0 means runtime.GOMAXPROCS(0)
	Store   StoreKind // Fingerprint, Fingerprint96, Fingerprint128, Exact or Disk

	Invariants       []Invariant[S]
	ActionInvariants []ActionInvariant[S, A]

	// Constraint, like TLC's CONSTRAINT: a successor for which it is false
	// is neither counted nor expanded (but is counted as generated).
	Constraint func(s *S) bool
	// ActionConstraint, like TLC's ACTION_CONSTRAINT: a transition for
	// which it is false is not taken (but, as in TLC, its successor is
	// counted as generated).
	ActionConstraint func(from *S, a A, to *S) bool

	// CheckDeadlock reports states without successors, unless Terminal
	// says they are acceptable terminal states. As in TLC, a state is
	// deadlocked only if Next emits nothing at all: successors excluded by
	// a constraint still count as moves (a bound is not a deadlock).
	CheckDeadlock bool
	Terminal      func(s *S) bool

	// Continue keeps searching after a violation, collecting one shortest
	// counterexample per property; otherwise the search stops at the end
	// of the level in which the first violation was found.
	Continue bool

	// Budgets; zero means unlimited. A search stopped by a budget returns
	// what it has with Verdict Incomplete. MaxStates is exact: the first
	// MaxStates states in BFS order are kept. MaxDepth keeps levels
	// 1..MaxDepth and stops if the last of them has a new successor. A
	// level cut short by memory, time or cancellation is dropped whole,
	// so the figures are those of the levels completed.
	MaxStates int64
	MaxDepth  int
	MaxMemory uint64 // bytes held by the whole process, as ProcessMemory counts them
	Timeout   time.Duration

	// MemoryWarning, if set with MaxMemory, is called at most once, at a
	// level barrier, when the levels grow so fast that MaxMemory will be
	// reached within a few levels at the current rate.
	MemoryWarning func(MemoryForecast)

	// Progress, if set, is called about every ProgressEvery (default 1 s)
	// from a single goroutine.
	Progress      func(Progress)
	ProgressEvery time.Duration

	// Checkpoint, if set, is a directory where the search is written at
	// level barriers (at most once every CheckpointEvery; 0: at every
	// barrier), and when a budget or cancellation stops it while it
	// expands a level, so that Resume can continue it. Resume, if set, is
	// such a directory: the search continues from it, with the result an
	// uninterrupted search would have had. CheckpointTag names the
	// configuration (model parameters and checks), which the options
	// cannot: Resume refuses a checkpoint written under another tag. Not
	// with RetainGraph.
	Checkpoint      string
	CheckpointEvery time.Duration
	CheckpointTag   string
	Resume          string

	// SpillDir is the directory of the files that a large frontier and a
	// large level's candidates are written to instead of being held in
	// memory ("": the system's temporary directory). Only models that
	// implement Decoder spill.
	SpillDir string
	// DiskTable is the size in bytes of the Disk store's table in memory
	// before it is merged into the file (0: a quarter of MaxMemory, or
	// 1 GiB without a budget).
	DiskTable uint64

	// RetainGraph keeps the edges of the reachable graph (Result.Graph) for
	// liveness checks and drawing.
	RetainGraph bool
	// EdgeClass gives each retained edge a small class (for fairness).
	EdgeClass func(a A) uint8
	// Labels are state predicates evaluated once per distinct state when
	// RetainGraph is set; bit i of Graph.Labels[s] is Labels[i](s).
	Labels []func(s *S) bool

	// index forces the table's index mode, and lookups are states whose
	// index the search writes into them at its end (resolveOld).
	index   bool
	lookups []lookup
}

// lookup is a state identified by its fingerprint and key, and its index.
type lookup struct {
	fp  uint64
	key []uint64
	id  uint32
}

// Verdict of a search.
type Verdict int

const (
	// Holds: the whole reachable space was searched and every check held.
	Holds Verdict = iota
	// Violated: at least one check failed.
	Violated
	// Incomplete: stopped early (budget or cancellation) without a
	// violation.
	Incomplete
)

func (v Verdict) String() string {
	switch v {
	case Holds:
		return "holds"
	case Violated:
		return "violated"
	default:
		return "incomplete"
	}
}

// Stats are the figures of a search.
type Stats struct {
	Distinct    int64 // distinct states kept (constraint-excluded states not counted)
	Generated   int64 // TLC's "states generated": initial states plus every successor Next emitted, duplicates and successors excluded by either constraint included
	Transitions int64 // successors that passed both constraints: edges between kept states (and, after a budget stop, into states beyond it)
	Depth       int   // number of BFS levels; initial states are level 1 (TLC's convention)
	Levels      []int64
	Elapsed     time.Duration
	Workers     int
	Store       StoreKind

	StatesPerSecond      float64
	BytesPerState        float64 // store plus parent log, per distinct state
	PeakMemory           uint64  // bytes held by the process at its peak (ProcessMemory: Go heap and runtime, tables outside the heap), sampled at level barriers, before each large allocation and every 20 ms under a memory budget
	EngineMemory         uint64  // bytes held by the engine's own structures at their peak: store, parent log, frontier, candidate buffers, graph
	CollisionProbability float64 // fingerprint store only: TLC's optimistic estimate n*(g-n)/2^64 (see CollisionProbability)
	DiskBytes            uint64  // Disk store: bytes of its files at their largest
	DiskMerges           int     // Disk store: times the table in memory was merged into the file
	DiskRuns             int     // Disk store: sorted runs of candidates written to files (delayed duplicate detection)

	StopReason string // why the search stopped before the end ("max states", "timeout", "cancelled", StopFirstViolation, ...); "" if it searched everything
}

// Progress is a snapshot passed to Options.Progress. Distinct and Depth
// move at level barriers; the level under way is described by Phase,
// LevelDone, LevelSize and New, which move within it.
type Progress struct {
	Distinct  int64 // states numbered, in the levels completed
	Generated int64 // successors generated so far, the level under way included
	Depth     int   // levels completed
	Phase     Phase
	LevelSize int64   // states of the level being expanded
	LevelDone int64   // of which expanded so far
	Queue     int64   // LevelSize - LevelDone: states waiting in the frontier
	New       int64   // successors of the level under way not seen before it (duplicates among them are removed at the barrier)
	Rate      float64 // Distinct per second of Elapsed
	Memory    uint64  // ProcessMemory
	Elapsed   time.Duration
}

// Phase is the part of a level the search is in.
type Phase uint8

const (
	PhaseExpand Phase = iota // expanding the frontier, looking successors up
	PhaseInsert              // inserting the new states into the visited set
	PhaseNumber              // numbering them into the next frontier and the parent log
)

func (p Phase) String() string {
	switch p {
	case PhaseInsert:
		return "inserting"
	case PhaseNumber:
		return "numbering"
	}
	return "expanding"
}

// MemoryForecast is passed to Options.MemoryWarning.
type MemoryForecast struct {
	Held   uint64  // ProcessMemory after the level
	Budget uint64  // Options.MaxMemory
	Depth  int     // levels completed
	Growth float64 // size of the last level over the one before
	Levels int     // levels until the budget is reached at this growth
}

// Step is one transition of a trace.
type Step[S, A any] struct {
	Action A
	State  S
	ID     uint32 // index of State in BFS order
}

// Trace is a path from an initial state.
type Trace[S, A any] struct {
	Init   S
	InitID uint32
	Steps  []Step[S, A]
}

// Last is the final state of the trace.
func (t Trace[S, A]) Last() S {
	if len(t.Steps) == 0 {
		return t.Init
	}
	return t.Steps[len(t.Steps)-1].State
}

// Violation is a property that failed, with a shortest counterexample.
// Run reports at most one per property, sorted by trace length, then kind
// (invariant, action, deadlock), then the property's place in Options. An
// action violation's trace ends with the violating transition.
type Violation[S, A any] struct {
	Property string
	Kind     string // "invariant", "action", "deadlock"
	Trace    Trace[S, A]
}

// Graph is the reachable state graph in compressed sparse row form. States
// are numbered 0..N-1 in BFS order (the initial states first).
type Graph struct {
	Offsets []uint64 // len N+1; the edges of state i are [Offsets[i], Offsets[i+1])
	Targets []uint32 // per edge: target state
	Classes []uint8  // per edge: Options.EdgeClass of its action (0 if unset)
	Labels  []uint32 // per state: bit i is Options.Labels[i]
	Enabled []uint64 // per state: bit c set iff some successor has class c (c < 64)

	// An edge's step is not stored: the k-th edge of a state is its k-th
	// successor (in Next's order) that passed both constraints, which
	// Result.FollowEdge regenerates. skips lists the exceptions: edges of
	// a state some of whose successors were dropped because a budget left
	// them unnumbered, with their position among the successors that
	// passed. It saves 2 bytes a transition (2 GB on K=4).
	skips map[uint64]uint32

	// mem holds the arrays of a graph built by Run, outside the Go heap
	// (see graphMem); nil for a graph made otherwise. Use a Graph built by
	// Run through its pointer: a copy of the struct does not keep the
	// arrays alive.
	mem *graphMem
}

// N is the number of states.
func (g *Graph) N() int { return len(g.Offsets) - 1 }
