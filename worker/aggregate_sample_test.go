//go:build !js

package worker_test

import (
	"bytes"
	"os"
	"testing"

	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// aggregateSample is the text the benchmarks of the aggregate decode
// (BenchmarkParseAggregate, compact's BenchmarkDecode) read.
const aggregateSample = "internal/compact/testdata/aggregate.txt"

// TestAggregateSample: the sample is what sql/aggregate.sql returns for the
// demo round and a round 2025, seeded as `make dev` seeds the demo round (290
// municipalities, about three in ten with two or three responses, a few with
// a workshop's; seeds 2026 and 2025).
// Run with -update after changing the statement or the schema.
func TestAggregateSample(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.Exec(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
		VALUES ('2025', 'kommun', 0, '2025-01-01T00:00:00Z', '2099-01-01T00:00:00Z', 1, NULL, '2025-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	var seed bytes.Buffer
	if err := worker.WriteSeedSQL(&seed, q, worker.DemoResponses("demo", q, 2026), "2026-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if err := worker.WriteSeedSQL(&seed, q, worker.DemoResponses("2025", q, 2025), "2026-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.Exec(seed.String()); err != nil {
		t.Fatal(err)
	}
	stmt, err := os.ReadFile("sql/aggregate.sql")
	if err != nil {
		t.Fatal(err)
	}
	var text string
	if err := a.db.QueryRow(string(stmt), "2025", "demo").Scan(&text); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(aggregateSample, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(aggregateSample)
	if err != nil {
		t.Fatal(err)
	}
	if text != string(want) {
		t.Errorf("%s is not what sql/aggregate.sql returns (%d bytes, want %d): go test ./worker -run AggregateSample -update",
			aggregateSample, len(want), len(text))
	}
}
