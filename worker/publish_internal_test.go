//go:build !js

package worker

import (
	"context"
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"lagesbild"
)

// TestPublishRace: two requests that read the same latest publication and
// both find the next one due make it each; one row is stored (INSERT … ON
// CONFLICT DO NOTHING on (round, seq)), and the request that lost shows the
// stored one, not its own, although its own rests on newer results. A
// request whose latest is behind what is stored (another one published
// since it read) shows the newest stored.
func TestPublishRace(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, created)
		VALUES ('r', 'kommun', 1, '2026-01-01T00:00:00Z', '2099-01-01T00:00:00Z', 0, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	s := &server{store: store{db: db}, now: func() time.Time { return now }, rules: lagesbild.DefaultRules()}
	rd := Round{ID: "r", Questionnaire: "kommun", Version: 1, Opens: "2026-01-01T00:00:00Z", Closes: "2099-01-01T00:00:00Z"}
	measures := []string{"a", lagesbild.MeasureTotal}
	result := func(code string, v float64) lagesbild.MunicipalityResult {
		return lagesbild.MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v, lagesbild.MeasureTotal: &v}}
	}
	var results []lagesbild.MunicipalityResult
	for i, m := range lagesbild.MunicipalitiesIn("01")[:6] {
		results = append(results, result(m.Code, float64(40+i)))
	}
	p := lagesbild.Publisher{Measures: measures, Rules: s.rules}
	base := p.Base()
	first, err := s.publish(ctx, rd, p, results[:5], base, false)
	if err != nil {
		t.Fatal(err)
	}
	// The second request read the same (no publication yet) and has six.
	second, err := s.publish(ctx, rd, p, results, base, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.Seq != 1 || second.Seq != 1 || second.Groups[len(second.Groups)-1].Responded != 5 {
		t.Errorf("the request that lost shows publication %d resting on %d, want the stored 1 resting on 5",
			second.Seq, second.Groups[len(second.Groups)-1].Responded)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM publications WHERE round = 'r'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d publications stored (%v), want 1", n, err)
	}
	// One behind: the stored latest is shown, nothing is made.
	more := append(results, result("0120", 50), result("0123", 51), result("0125", 52), result("0126", 53))
	if _, err := s.publish(ctx, rd, p, more, first, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.publish(ctx, rd, p, more, first, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM publications WHERE round = 'r'`).Scan(&n); err != nil || n != 2 || got.Seq != 2 {
		t.Errorf("%d publications stored, shown %d; want 2, 2", n, got.Seq)
	}
}
