package props

import (
	"context"
	"testing"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model"
)

// benchModel is rfc1337 with room for three segments in flight: about 5.5
// million states, where every property holds except L1, so the search
// runs to the end either way.
func benchModel(b *testing.B) *model.Model {
	c, err := model.Variant("rfc1337")
	if err != nil {
		b.Fatal(err)
	}
	c.NetBound = 3
	m, err := model.New(c)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func benchCheck(b *testing.B, ids ...string) {
	m := benchModel(b)
	ps, err := Lookup(ids)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var states int64
	var live float64
	var peak uint64
	for i := 0; i < b.N; i++ {
		r, err := Check(context.Background(), m, Options{Props: ps, Continue: true})
		if err != nil {
			b.Fatal(err)
		}
		states = r.Stats.Distinct
		live += float64(r.Liveness.Nanoseconds())
		peak = r.Stats.PeakMemory
	}
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(float64(peak)/float64(states), "peak-B/state")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(states), "ns/state")
	if live > 0 {
		b.ReportMetric(live/float64(b.N)/float64(states), "L1-ns/state")
	}
}

// BenchmarkSafety checks P1–P7 in one search, without a retained graph.
//
//	go test ./props -run NONE -bench 'Safety|All' -benchtime 1x -count 3
func BenchmarkSafety(b *testing.B) {
	benchCheck(b, "P1", "P1s", "P2", "P3", "P4", "P5", "P6", "P7")
}

// BenchmarkAll adds L1: the search retains the graph with labels and edge
// classes, then runs possibility and fair leads-to on it.
func BenchmarkAll(b *testing.B) { benchCheck(b) }

// BenchmarkSearchOnly is the bare search with the model's bound
// constraint and no property: the floor the others are compared with.
func BenchmarkSearchOnly(b *testing.B) {
	m := benchModel(b)
	b.ResetTimer()
	var states int64
	for i := 0; i < b.N; i++ {
		r, err := explore.Run[model.State, model.Action](context.Background(), m, explore.Options[model.State, model.Action]{Constraint: model.InBounds})
		if err != nil {
			b.Fatal(err)
		}
		states = r.Stats.Distinct
	}
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(states), "ns/state")
}
