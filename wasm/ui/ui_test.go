package ui

import (
	"encoding/json"
	"os"
	"testing"

	"lagesbild"
)

// small is the test questionnaire: three sections, five items, a weighted
// item, a renamed id and texts that need escaping.
func small(t testing.TB) *lagesbild.Questionnaire {
	t.Helper()
	b, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	q := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(b, q); err != nil {
		t.Fatal(err)
	}
	return q
}
