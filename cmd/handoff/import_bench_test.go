package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/store/storetest"
)

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// benchFile writes n services in the shape of the benchmark kit's generator: the 40 of
// testdata repeated with fresh ids (HANDOFF_BENCH_FILE names a real gen file instead).
func benchFile(b *testing.B, n int) string {
	if f := os.Getenv("HANDOFF_BENCH_FILE"); f != "" {
		return f
	}
	src, err := os.ReadFile("testdata/gen-40.ndjson")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	path := filepath.Join(b.TempDir(), fmt.Sprintf("gen-%d.ndjson", n))
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	for i := 0; i < n; i++ {
		copyNo := fmt.Sprint(i / len(lines))
		line := uuidRE.ReplaceAllStringFunc(lines[i%len(lines)], func(id string) string {
			return directory.StableID(id, copyNo)
		})
		io.WriteString(w, line+"\n")
	}
	w.Flush()
	f.Close()
	return path
}

// BenchmarkImportSQLite imports 10,000 generated services into an empty SQLite store per
// iteration, or the file HANDOFF_BENCH_FILE names (the README's 100,000-service figure:
// gen -n 100000 -seed 42 from shared/bench).
func BenchmarkImportSQLite(b *testing.B) {
	path := benchFile(b, 10000)
	b.ResetTimer()
	imported := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.SQLite(b)
		b.StartTimer()
		sum, err := importFiles(context.Background(), st, []string{path}, false, io.Discard)
		if err != nil || sum.Rejected > 0 {
			b.Fatalf("%+v %v", sum, err)
		}
		imported += sum.Created
	}
	b.ReportMetric(float64(imported)/b.Elapsed().Seconds(), "services/s")
}
