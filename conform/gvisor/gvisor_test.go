package gvisor

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/conform"
	"github.com/tcpcheck/tcpcheck/model"
)

func TestSmoke(t *testing.T) {
	m, err := model.New(conform.ConformConfig(model.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	tests := conform.Coverage(m, 6)
	t.Logf("%d tests", len(tests))
	rn := &conform.Runner{Driver: &Driver{}}
	res, err := rn.Run(context.Background(), tests)
	if err != nil {
		t.Fatal(err)
	}
	n := map[conform.Verdict]int{}
	for _, r := range res {
		n[r.Verdict]++
		if d := r.Diff(); d != nil {
			t.Logf("%s: %s ; allowed %v", r.Test.Name, d.Signature(), d.AllowedText())
		}
		if r.Verdict == conform.Timeout || r.Verdict == conform.Skipped {
			t.Logf("%s: %s %s", r.Test.Name, r.Verdict, r.Note)
		}
	}
	t.Log(n)
}
