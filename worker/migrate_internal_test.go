//go:build !js

package worker

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/questionnaires"
)

// memoryDB is an empty in-memory SQLite database.
func memoryDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // an in-memory database lives in its connection
	t.Cleanup(func() { db.Close() })
	return db
}

// putBefore0008 stores a response as the worker did before migration 0008
// (no column partial yet), with the upsert of store.putResponse then.
func putBefore0008(ctx context.Context, db *sql.DB, rec record) error {
	_, err := db.ExecContext(ctx, `
		INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			version = excluded.version, role = excluded.role, answers = excluded.answers,
			measures = excluded.measures, revision = responses.revision + 1, updated = excluded.updated
		WHERE responses.answers <> excluded.answers OR responses.role <> excluded.role`,
		rec.ID, rec.Round, rec.Questionnaire, int64(rec.Version), rec.Municipality, rec.County, rec.Role,
		rec.Answers, rec.Measures, rec.Now, rec.Now)
	if err != nil {
		return fmt.Errorf("storing response %s: %w", rec.ID, err)
	}
	return nil
}

// TestMigrationSums: migration 0004 takes a database kept by 0003 (running
// REAL sums), with responses stored and changed, to exact sums equal to a
// GROUP BY over every measure row; the old table and its triggers are gone;
// writes after it keep the sums (until 0008 replaces them).
func TestMigrationSums(t *testing.T) {
	ctx := context.Background()
	db, q := migratedWithRounds(t, "0003_municipality_means.sql", "m1", "m2")
	put := func(resp api.Response) {
		t.Helper()
		rec, _, err := newRecord(resp, q, "2026-03-01T00:00:00Z")
		if err != nil {
			t.Fatal(err)
		}
		if err := putBefore0008(ctx, db, rec); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	others := DemoResponses("other", q, 99) // answers to change responses to
	changeSome := func(all []api.Response) {
		for _, r := range all {
			if rng.IntN(4) == 0 {
				r.Answers = others[rng.IntN(len(others))].Answers
				put(r)
			}
		}
	}
	// Before 0004: two rounds, a third of the municipalities with three
	// responses or more, some changed.
	var all []api.Response
	for i, round := range []string{"m1", "m2"} {
		rs := DemoResponses(round, q, uint64(i+1))
		for j, r := range rs[:100] {
			extra := r
			extra.ID = lagesbild.FormatUUID([16]byte([]byte(fmt.Sprintf("%-16s", fmt.Sprint(round, j)))), 4)
			rs = append(rs, extra, extra) // the same id twice: the second is unchanged
		}
		for _, r := range rs {
			put(r)
		}
		all = append(all, rs...)
	}
	changeSome(all)
	if err := migrate(ctx, db, "0007_codes_remade.sql"); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		const kept = `SELECT round, municipality, measure, n, scored, units FROM municipality_sums ORDER BY 1, 2, 3`
		const fresh = `SELECT round, municipality, measure, COUNT(*), COUNT(value), IFNULL(SUM(CAST(round(value * 1000) AS INTEGER)), 0)
			FROM measures WHERE municipality IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
		if got, want := dump(t, db, kept), dump(t, db, fresh); got != want || len(got) < 1000 {
			t.Fatalf("%s: municipality_sums differ from the measures (%d and %d bytes)", when, len(got), len(want))
		}
	}
	check("after 0004")
	var left int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name IN
		('municipality_means', 'measures_means_insert', 'measures_means_delete')`).Scan(&left); err != nil || left != 0 {
		t.Errorf("0003's table and triggers: %d left (%v), want none", left, err)
	}
	changeSome(all)
	check("after more changes")
}

// deref shows a result with its values rather than their addresses.
func deref(r lagesbild.MunicipalityResult) string {
	ids := make([]string, 0, len(r.Measures))
	for id := range r.Measures {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := fmt.Sprintf("%s n=%d", r.Municipality, r.Respondents)
	for _, id := range ids {
		if v := r.Measures[id]; v != nil {
			out += fmt.Sprintf(" %s=%v", id, *v)
		} else {
			out += " " + id + "=null"
		}
	}
	return out
}

// dump is every row of a query, as text.
func dump(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&out, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// migratedWithRounds is a database migrated up to and including the given
// migration, with private rounds of the latest kommun questionnaire.
func migratedWithRounds(t *testing.T, upTo string, rounds ...string) (*sql.DB, *lagesbild.Questionnaire) {
	t.Helper()
	db := memoryDB(t)
	if err := migrate(context.Background(), db, upTo); err != nil {
		t.Fatal(err)
	}
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range rounds {
		if _, err := db.Exec(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
			VALUES (?, 'kommun', 0, '2026-01-01T00:00:00Z', '2099-01-01T00:00:00Z', 0, NULL, '2026-01-01T00:00:00Z')`, id); err != nil {
			t.Fatal(err)
		}
	}
	return db, q
}

// TestMigrationRegionCodes: migration 0011 rebuilds codes to take kind
// 'region'. Codes stored before it are kept as they were; the index and
// 0007's trigger (a new code revokes the unit's earlier one of its kind)
// work on the new table; another kind is still refused.
func TestMigrationRegionCodes(t *testing.T) {
	ctx := context.Background()
	db, _ := migratedWithRounds(t, "0010_indicator_releases.sql", "r1", "r2")
	s := store{db: db}
	var stored []storedCode
	for i, m := range lagesbild.MunicipalitiesIn("04") {
		stored = append(stored, storedCode{Hash: fmt.Sprintf("m%03d", i), Kind: api.KindMunicipality, Unit: m.Code})
	}
	stored = append(stored, storedCode{Hash: "c04", Kind: api.KindCounty, Unit: "04"}, storedCode{Hash: "c05", Kind: api.KindCounty, Unit: "05"})
	if err := s.createCodes(ctx, "r1", "2026-02-01T00:00:00Z", stored); err != nil {
		t.Fatal(err)
	}
	// r2: a first batch, then every unit again (the first batch revoked by
	// 0007's trigger); hashes are keys across rounds, so they differ.
	for _, batch := range []string{"-a", "-b"} {
		var codes []storedCode
		for _, c := range stored[:len(stored)/2] {
			c.Hash += "-r2" + batch
			codes = append(codes, c)
		}
		if err := s.createCodes(ctx, "r2", "2026-02-02T00:00:00Z", codes); err != nil {
			t.Fatal(err)
		}
	}
	const all = `SELECT hash, round, kind, unit, created FROM codes ORDER BY hash`
	before := dump(t, db, all)
	if strings.Count(before, "\n") < 10 {
		t.Fatalf("too few codes before: %q", before)
	}
	if _, err := db.Exec(`INSERT INTO codes (hash, round, kind, unit, created) VALUES ('x', 'r1', 'region', 'Öst', 'now')`); err == nil {
		t.Fatal("0010 took a region code: the test does not test the migration")
	}
	if err := migrate(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, db, all); after != before {
		t.Errorf("codes changed:\n%s\nwant\n%s", after, before)
	}
	var objects string
	if err := db.QueryRow(`SELECT group_concat(type || ' ' || name, ', ') FROM (SELECT type, name FROM sqlite_schema
		WHERE tbl_name = 'codes' ORDER BY name)`).Scan(&objects); err != nil {
		t.Fatal(err)
	}
	if want := "table codes, index codes_round_unit, trigger codes_remade"; !strings.Contains(objects, "index codes_round_unit") ||
		!strings.Contains(objects, "trigger codes_remade") || !strings.Contains(objects, "table codes") {
		t.Errorf("schema of codes: %s, want %s (and the primary key's index)", objects, want)
	}
	// A region token, then a new one for the same region: the first goes.
	for _, h := range []string{"g1", "g2"} {
		if err := s.createCodes(ctx, "r1", "2026-03-01T00:00:00Z", []storedCode{{Hash: h, Kind: api.KindRegion, Unit: "Öst"}}); err != nil {
			t.Fatal(err)
		}
	}
	// A county remade: its earlier code goes, the municipalities' stay.
	if err := s.createCodes(ctx, "r1", "2026-03-01T00:00:00Z", []storedCode{{Hash: "c04-new", Kind: api.KindCounty, Unit: "04"}}); err != nil {
		t.Fatal(err)
	}
	got := dump(t, db, `SELECT hash FROM codes WHERE round = 'r1' AND kind <> 'municipality' ORDER BY hash`)
	if got != "c04-new\nc05\ng2\n" {
		t.Errorf("r1's lead and region codes after remaking: %q", got)
	}
	if _, err := db.Exec(`INSERT INTO codes (hash, round, kind, unit, created) VALUES ('y', 'r1', 'nation', 'SE', 'now')`); err == nil {
		t.Error("kind 'nation' taken")
	}
	if _, err := db.Exec(`INSERT INTO region_sharing (round, county, shared, first_shared, changed) VALUES ('r1', '04', 1, 'now', 'now')`); err != nil {
		t.Errorf("region_sharing: %v", err)
	}
}
