package search

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkBenchQueries replays the query set of shared/bench against an index built by
// `handoff serve` from its generated data: BENCH_INDEX=<data>/index BENCH_QUERIES=….
func BenchmarkBenchQueries(b *testing.B) {
	dir, qfile := os.Getenv("BENCH_INDEX"), os.Getenv("BENCH_QUERIES")
	if dir == "" || qfile == "" {
		b.Skip("set BENCH_INDEX and BENCH_QUERIES")
	}
	e, err := Open(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	f, err := os.Open(qfile)
	if err != nil {
		b.Fatal(err)
	}
	var qs []Query
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct {
			Q        string  `json:"q"`
			Lat      float64 `json:"lat"`
			Lon      float64 `json:"lon"`
			RadiusKm float64 `json:"radius_km"`
			Category string  `json:"category"`
			Language string  `json:"language"`
		}
		json.Unmarshal(sc.Bytes(), &r)
		p := orb.Point{r.Lon, r.Lat}
		q := Query{Text: r.Q, Point: &p, RadiusKm: r.RadiusKm, Explain: true}
		if r.Category != "" {
			q.Needs = []string{r.Category}
		}
		if r.Language != "" {
			q.Languages = []string{r.Language}
		}
		qs = append(qs, q)
	}
	f.Close()
	ctx := context.Background()
	i, total := 0, 0
	for b.Loop() {
		res, err := e.Search(ctx, qs[i%len(qs)])
		if err != nil {
			b.Fatal(err)
		}
		total += res.Total
		i++
	}
	b.ReportMetric(float64(total)/float64(i), "hits/op")
}
