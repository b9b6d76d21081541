package props

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestCatalogue(t *testing.T) {
	wantOrder := []string{"P1", "P1s", "P2", "P3", "P4", "P5", "P6", "P7", "D1", "D2", "L1", "L2"}
	ps := All()
	if len(ps) != len(wantOrder) {
		t.Fatalf("All has %d properties, want %d", len(ps), len(wantOrder))
	}
	names := map[string]bool{}
	for i, p := range ps {
		if p.ID != wantOrder[i] {
			t.Errorf("All()[%d] = %s, want %s", i, p.ID, wantOrder[i])
		}
		if p.Name == "" || p.Meaning == "" || !strings.Contains(p.Reference, "RFC") {
			t.Errorf("%s lacks a name, meaning or RFC reference: %+v", p.ID, p)
		}
		if strings.Contains(p.Meaning, "\n") {
			t.Errorf("%s meaning is not one line", p.ID)
		}
		if names[strings.ToLower(p.Name)] {
			t.Errorf("name %s used twice", p.Name)
		}
		names[strings.ToLower(p.Name)] = true
	}
	ps[0].ID = "changed"
	if All()[0].ID != "P1" {
		t.Error("All returns the catalogue itself, callers can change it")
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{State: "state", Transition: "transition", Liveness: "liveness", Terminal: "terminal", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in      []string
		want    string // IDs joined by ","
		wantErr string
	}{
		{in: nil, want: "P1,P1s,P2,P3,P4,P5,P6,P7,D1,D2,L1,L2"},
		{in: []string{"p1"}, want: "P1"},
		{in: []string{"l1", "P1S"}, want: "P1s,L1"},
		{in: []string{"agreement", "NOSTALECONNECTION"}, want: "P1,P2"},
		{in: []string{" P4 ", "TimeWaitProtects"}, want: "P4"},
		{in: []string{"P9"}, wantErr: `unknown property "P9"`},
		{in: []string{"P1", "bogus"}, wantErr: "valid are P1 (NoStaleConnection)"},
		{in: []string{""}, wantErr: "empty property list"},
	}
	for _, tt := range tests {
		got, err := Lookup(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Lookup(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.in, err)
			continue
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if s := strings.Join(ids, ","); s != tt.want {
			t.Errorf("Lookup(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

// TestCatalogueMatchesDocs keeps docs/MODEL.md's property table in step
// with the catalogue: the CLI prints Meaning, so the two must not drift.
func TestCatalogueMatchesDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Skipf("docs not found: %v", err)
	}
	text := strings.ReplaceAll(string(doc), "≤", "<=")
	for _, p := range All() {
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |", p.ID, p.Name, p.Kind, p.Meaning, p.Reference)
		if !strings.Contains(text, row) {
			t.Errorf("docs/MODEL.md lacks the row\n%s", row)
		}
	}
}
