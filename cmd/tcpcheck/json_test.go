package main

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tcpcheck/tcpcheck/tracecheck"
)

// The structs below are docs/JSON.md written as Go, independently of the
// types that produce the document: decoding with DisallowUnknownFields
// fails on a field the doc does not know, and the checks below fail on a
// required field that is missing.

type docExplore struct {
	Schema     string        `json:"schema"`
	Version    string        `json:"version"`
	Model      string        `json:"model"`
	Variant    string        `json:"variant"`
	Config     []docParam    `json:"config"`
	Verdict    string        `json:"verdict"`
	ExitCode   *int          `json:"exit_code"`
	Stats      *docStats     `json:"stats"`
	Properties []docProperty `json:"properties"`
	Notes      []string      `json:"notes"`
	TLC        []string      `json:"tlc"`
	Files      []string      `json:"files"`
	Errors     []string      `json:"errors"`
}

type docParam struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type docStats struct {
	Distinct             *int64   `json:"distinct_states"`
	Generated            *int64   `json:"states_generated"`
	Transitions          *int64   `json:"transitions"`
	Depth                *int     `json:"depth"`
	Levels               []int64  `json:"levels"`
	ElapsedSeconds       *float64 `json:"elapsed_seconds"`
	Workers              *int     `json:"workers"`
	Store                string   `json:"store"`
	StatesPerSecond      *float64 `json:"states_per_second"`
	BytesPerState        *float64 `json:"bytes_per_state"`
	PeakMemory           *uint64  `json:"peak_memory_bytes"`
	CollisionProbability *float64 `json:"collision_probability"`
	StopReason           *string  `json:"stop_reason"`
	DiskBytes            uint64   `json:"disk_bytes"` // --store disk only
	DiskMerges           int      `json:"disk_merges"`
	DiskRuns             int      `json:"disk_runs"`
}

type docProperty struct {
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	Kind           string  `json:"kind"`
	Meaning        string  `json:"meaning"`
	Reference      string  `json:"reference"`
	Verdict        string  `json:"verdict"`
	Depth          *int    `json:"depth"`
	Note           string  `json:"note"`
	Counterexample *docCex `json:"counterexample"`
	Files          []string
}

type docCex struct {
	Kind       string    `json:"kind"`
	Init       docState  `json:"init"`
	Steps      []docStep `json:"steps"`
	CycleStart *int      `json:"cycle_start"`
	Fairness   []string  `json:"fairness"`
}

type docStep struct {
	Action  string   `json:"action"`
	Kind    string   `json:"kind"`
	Side    string   `json:"side"`
	Section *string  `json:"section"`
	State   docState `json:"state"`
}

type docState struct {
	Endpoints []docEndpoint `json:"endpoints"`
	Network   []string      `json:"network"`
	Text      string        `json:"text"`
}

type docEndpoint struct {
	Side    string `json:"side"`
	State   string `json:"state"`
	Passive *bool  `json:"passive"`
	ISS     *int   `json:"iss"`
	IRS     *int   `json:"irs"`
	SndUna  *int   `json:"snd_una"`
	SndNxt  *int   `json:"snd_nxt"`
	RcvNxt  *int   `json:"rcv_nxt"`
	Retx    *int   `json:"retx"`
	Opens   *int   `json:"opens"`
	Att     *int   `json:"att"`
	PeerAtt *int   `json:"peer_att"`
}

func decodeExplore(t *testing.T, out string) docExplore {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var d docExplore
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("output does not decode as docs/JSON.md says: %v\n%s", err, out)
	}
	return d
}

var verdicts = map[string]bool{"holds": true, "violated": true, "incomplete": true}

// checkRequired checks the fields docs/JSON.md says are always there.
func checkRequired(t *testing.T, d docExplore, code int) {
	t.Helper()
	if d.Schema != schemaExplore || d.Version == "" || d.Model == "" {
		t.Errorf("schema %q, version %q, model %q", d.Schema, d.Version, d.Model)
	}
	if !verdicts[d.Verdict] {
		t.Errorf("verdict %q", d.Verdict)
	}
	if d.ExitCode == nil || *d.ExitCode != code {
		t.Errorf("exit_code %v, want %d", d.ExitCode, code)
	}
	if d.Config == nil || d.Notes == nil || d.TLC == nil || d.Files == nil || d.Errors == nil || d.Properties == nil {
		t.Errorf("a list is null instead of []: config %v notes %v tlc %v files %v errors %v properties %v",
			d.Config == nil, d.Notes == nil, d.TLC == nil, d.Files == nil, d.Errors == nil, d.Properties == nil)
	}
	s := d.Stats
	if s == nil || s.Distinct == nil || s.Generated == nil || s.Transitions == nil || s.Depth == nil || s.Levels == nil ||
		s.ElapsedSeconds == nil || s.Workers == nil || s.StatesPerSecond == nil || s.BytesPerState == nil ||
		s.PeakMemory == nil || s.CollisionProbability == nil || s.StopReason == nil || (s.Store != "exact" && s.Store != "fingerprint" && s.Store != "fingerprint96" && s.Store != "fingerprint128" && s.Store != "disk") {
		t.Fatalf("stats incomplete: %+v", s)
	}
	if *s.Distinct <= 0 || *s.Depth != len(s.Levels) {
		t.Errorf("distinct_states %d, depth %d, %d levels", *s.Distinct, *s.Depth, len(s.Levels))
	}
	for _, p := range d.Properties {
		if p.ID == "" || p.Name == "" || p.Kind == "" || p.Meaning == "" || p.Reference == "" || !verdicts[p.Verdict] || p.Depth == nil || p.Files == nil {
			t.Errorf("property incomplete: %+v", p)
		}
		if (p.Verdict == "violated") != (p.Counterexample != nil) {
			t.Errorf("%s: verdict %s but counterexample present = %v", p.ID, p.Verdict, p.Counterexample != nil)
		}
		c := p.Counterexample
		if c == nil {
			continue
		}
		if c.Steps == nil || c.Fairness == nil || c.CycleStart == nil || *p.Depth != len(c.Steps) {
			t.Errorf("%s: counterexample incomplete: %+v", p.ID, c)
			continue
		}
		switch c.Kind {
		case "trace":
			if *c.CycleStart != -1 {
				t.Errorf("%s: trace with cycle_start %d", p.ID, *c.CycleStart)
			}
		case "lasso":
			if *c.CycleStart < 0 || *c.CycleStart > len(c.Steps) {
				t.Errorf("%s: cycle_start %d out of 0..%d", p.ID, *c.CycleStart, len(c.Steps))
			}
		default:
			t.Errorf("%s: counterexample kind %q", p.ID, c.Kind)
		}
		for _, st := range append([]docState{c.Init}, statesOf(c.Steps)...) {
			if st.Text == "" || st.Network == nil {
				t.Errorf("%s: state incomplete: %+v", p.ID, st)
			}
			for _, e := range st.Endpoints {
				if e.Side == "" || e.State == "" || e.Passive == nil || e.ISS == nil || e.RcvNxt == nil || e.PeerAtt == nil {
					t.Errorf("%s: endpoint incomplete: %+v", p.ID, e)
				}
			}
		}
		for _, st := range c.Steps {
			if st.Action == "" || st.Kind == "" || st.Section == nil {
				t.Errorf("%s: step incomplete: %+v", p.ID, st)
			}
		}
	}
}

func statesOf(steps []docStep) []docState {
	var out []docState
	for _, s := range steps {
		out = append(out, s.State)
	}
	return out
}

func TestExploreJSON(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		lasso bool // a liveness counterexample is expected
	}{
		{"tcp violated", []string{"--variant", "two-way-handshake", "--props", "P1,P5"}, exitViolated, false},
		{"tcp disk store", []string{"--variant", "two-way-handshake", "--props", "P1,P5", "--store", "disk", "--spill-dir", t.TempDir()}, exitViolated, false},
		{"tcp incomplete", []string{"--max-states", "30"}, exitIncomplete, false},
		{"tla holds", []string{"--model", "tla-examples"}, exitOK, false},
		{"tla incomplete", []string{"--model", "tla-examples", "--max-depth", "2"}, exitIncomplete, false},
		{"tla lasso", []string{"--model", "tla-examples", "--variant", "no-fair-close-syn-sent"}, exitViolated, true},
		{"tcp lasso", append([]string{"--continue", "--rto=false"}, small...), exitViolated, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"explore", "-q", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errs)
			}
			d := decodeExplore(t, out)
			checkRequired(t, d, tt.code)
			kinds := map[string]bool{}
			for _, p := range d.Properties {
				if p.Counterexample != nil {
					kinds[p.Counterexample.Kind] = true
				}
			}
			if tt.code == exitViolated && !kinds["trace"] && !kinds["lasso"] {
				t.Errorf("no counterexample in a violated run")
			}
			if tt.lasso && !kinds["lasso"] {
				t.Errorf("no lasso in a run where L1 fails")
			}
			// Segments read as the RFC writes them, not as \u003cSEQ=...\u003e.
			if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u003e`) {
				t.Errorf("JSON escapes < and >: %.200s", out[strings.Index(out, `\u003`):])
			}
			if tt.name == "tcp violated" && !strings.Contains(out, "<CTL=SYN") {
				t.Errorf("violated run's JSON has no segment in RFC notation")
			}
		})
	}
}

// Every JSON field the code can write is documented in docs/JSON.md, and
// every field the doc's tables list exists in the code.
func TestJSONDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/JSON.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(?:[a-z_]+\\[i\\]\\.)?([a-z_]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	inCode := map[string]bool{}
	for _, v := range []any{exploreResult{}, listJSON{}, replayJSON{}, graphJSON{}, benchJSON{}, diffJSON{}, simulateJSON{}, tracecheck.Report{}} {
		jsonFields(reflect.TypeOf(v), inCode)
	}
	var undocumented, stale []string
	for f := range inCode {
		if !documented[f] && !bytes.Contains(doc, []byte("`"+f+"`")) {
			undocumented = append(undocumented, f)
		}
	}
	for f := range documented {
		if !inCode[f] {
			stale = append(stale, f)
		}
	}
	sort.Strings(undocumented)
	sort.Strings(stale)
	if len(undocumented) > 0 {
		t.Errorf("fields written but not documented in docs/JSON.md: %v", undocumented)
	}
	if len(stale) > 0 {
		t.Errorf("fields documented in docs/JSON.md tables that no type writes: %v", stale)
	}
}

// jsonFields collects the JSON names of the exported fields of t and of the
// structs it contains.
func jsonFields(t reflect.Type, into map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		// Two documents may use one name for different objects (runs):
		// every field type is visited, not only the first of a name.
		into[name] = true
		jsonFields(f.Type, into)
	}
}
