package main

import (
	"time"

	"github.com/tcpcheck/tcpcheck/explore"
)

// The types below are both what the text report is printed from and the
// JSON document of `tcpcheck explore --format json`. Their JSON field names
// are a public interface documented in docs/JSON.md: add fields freely,
// never rename or remove one.

// schemaExplore names the JSON document and its version.
const schemaExplore = "tcpcheck/explore/v1"

// exploreResult is the outcome of `tcpcheck explore`.
type exploreResult struct {
	Schema     string         `json:"schema"`
	Version    string         `json:"version"`
	Model      string         `json:"model"`             // "tcp" or "tla-examples"
	Variant    string         `json:"variant,omitempty"` // tcp model only
	Config     []param        `json:"config"`            // every model parameter, by flag name
	Verdict    string         `json:"verdict"`           // holds | violated | incomplete
	ExitCode   int            `json:"exit_code"`
	Stats      statsJSON      `json:"stats"`
	Properties []propertyJSON `json:"properties"`
	Notes      []string       `json:"notes"`              // bound hits, stop reasons, caveats
	TLC        []string       `json:"tlc"`                // TLC-style closing lines (tla-examples)
	Files      []string       `json:"files"`              // files written by --out and --graph
	Errors     []string       `json:"errors"`             // problems after the search (e.g. --out unwritable)
	Coverage   *coverageJSON  `json:"coverage,omitempty"` // --coverage only
}

// param is one model parameter with its value as the flag would take it.
type param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type statsJSON struct {
	Distinct             int64   `json:"distinct_states"`
	Generated            int64   `json:"states_generated"`
	Transitions          int64   `json:"transitions"`
	Depth                int     `json:"depth"`
	Levels               []int64 `json:"levels"`
	ElapsedSeconds       float64 `json:"elapsed_seconds"`
	Workers              int     `json:"workers"`
	Store                string  `json:"store"`
	StatesPerSecond      float64 `json:"states_per_second"`
	BytesPerState        float64 `json:"bytes_per_state"`
	PeakMemory           uint64  `json:"peak_memory_bytes"`
	CollisionProbability float64 `json:"collision_probability"`
	StopReason           string  `json:"stop_reason"`
	DiskBytes            uint64  `json:"disk_bytes,omitempty"`
	DiskMerges           int     `json:"disk_merges,omitempty"`
	DiskRuns             int     `json:"disk_runs,omitempty"`
}

func statsOf(s explore.Stats) statsJSON {
	levels := s.Levels
	if levels == nil {
		levels = []int64{}
	}
	return statsJSON{
		Distinct:             s.Distinct,
		Generated:            s.Generated,
		Transitions:          s.Transitions,
		Depth:                s.Depth,
		Levels:               levels,
		ElapsedSeconds:       s.Elapsed.Seconds(),
		Workers:              s.Workers,
		Store:                s.Store.String(),
		StatesPerSecond:      s.StatesPerSecond,
		BytesPerState:        s.BytesPerState,
		PeakMemory:           s.PeakMemory,
		CollisionProbability: s.CollisionProbability,
		StopReason:           s.StopReason,
		DiskBytes:            s.DiskBytes,
		DiskMerges:           s.DiskMerges,
		DiskRuns:             s.DiskRuns,
	}
}

func (s statsJSON) elapsed() time.Duration {
	return time.Duration(s.ElapsedSeconds * float64(time.Second))
}

type propertyJSON struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Kind           string   `json:"kind"` // state | transition | terminal | liveness
	Meaning        string   `json:"meaning"`
	Reference      string   `json:"reference"`
	Verdict        string   `json:"verdict"` // holds | violated | incomplete
	Depth          int      `json:"depth"`   // steps in the counterexample; 0 when there is none
	Note           string   `json:"note,omitempty"`
	Counterexample *cexJSON `json:"counterexample"` // null unless violated
	Files          []string `json:"files"`          // pictures of the counterexample (--out)
}

// cexJSON is a counterexample: a trace from an initial state, or a lasso
// whose steps from CycleStart on repeat forever.
type cexJSON struct {
	Kind       string     `json:"kind"` // "trace" or "lasso"
	Init       stateJSON  `json:"init"`
	Steps      []stepJSON `json:"steps"`
	CycleStart int        `json:"cycle_start"` // index in steps where the cycle starts; -1 for a trace
	Fairness   []string   `json:"fairness"`    // lasso: why the cycle is fair
}

type stepJSON struct {
	Action  string    `json:"action"`  // the RFC-notation label of the transition
	Kind    string    `json:"kind"`    // the kind of action (deliver, close, ...)
	Side    string    `json:"side"`    // "A" or "B" (empty when the action has no side)
	Section string    `json:"section"` // RFC section of the rule that fired ("" if none)
	State   stateJSON `json:"state"`   // the state after the step
}

// stateJSON is a joint state. Endpoints and Network are filled for the TCP
// model; Text is always there.
type stateJSON struct {
	Endpoints []endpointJSON `json:"endpoints,omitempty"` // A then B
	Network   []string       `json:"network"`             // segments in flight, canonical order
	Text      string         `json:"text"`                // the model's own description
	// sent is Network for the text report: each segment after its
	// sender, so that a RST is not read as sent by the incarnation its
	// tag names.
	sent []string
}

type endpointJSON struct {
	Side    string `json:"side"`
	State   string `json:"state"` // RFC name: "SYN-SENT", ...
	Passive bool   `json:"passive"`
	ISS     uint16 `json:"iss"`
	IRS     uint16 `json:"irs"`
	SndUna  uint16 `json:"snd_una"`
	SndNxt  uint16 `json:"snd_nxt"`
	RcvNxt  uint16 `json:"rcv_nxt"`
	Retx    uint8  `json:"retx"`
	Opens   uint8  `json:"opens"`
	Att     uint8  `json:"att"`      // ghost: attempt number of the current ISS
	PeerAtt uint8  `json:"peer_att"` // ghost: attempt of the SYN that set IRS
}
