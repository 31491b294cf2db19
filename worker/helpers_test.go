//go:build !js

package worker_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/worker"
	"lagesbild/worker/sqlite"
)

const adminToken = "test-admin-token-0123456789"

// testNow is the tests' clock: rounds are made around it.
var testNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// catalog is a fixed set of questionnaires (testdata/catalog), so the tests
// do not depend on the shipped content, which changes.
type catalog struct {
	all  []*lagesbild.Questionnaire
	json map[string][]byte
}

func loadCatalog(t testing.TB) *catalog {
	t.Helper()
	paths, err := filepath.Glob("testdata/catalog/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test questionnaires: %v", err)
	}
	c := &catalog{json: map[string][]byte{}}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		q := new(lagesbild.Questionnaire)
		if err := json.Unmarshal(b, q); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		c.all = append(c.all, q)
		c.json[fmt.Sprintf("%s.v%d", q.ID, q.Version)] = b
	}
	sort.Slice(c.all, func(i, j int) bool {
		if c.all[i].ID != c.all[j].ID {
			return c.all[i].ID < c.all[j].ID
		}
		return c.all[i].Version < c.all[j].Version
	})
	return c
}

func (c *catalog) Get(id string, version int) (*lagesbild.Questionnaire, error) {
	var found *lagesbild.Questionnaire
	for _, q := range c.all {
		if q.ID == id && (version == 0 || q.Version == version) {
			found = q
		}
	}
	if found == nil {
		return nil, lagesbild.Errorf(lagesbild.ENotFound, "no questionnaire %q version %d", id, version)
	}
	return found, nil
}

func (c *catalog) List() []questionnaires.Info {
	var out []questionnaires.Info
	for _, q := range c.all {
		out = append(out, questionnaires.Info{ID: q.ID, Version: q.Version, Title: q.Title, Items: q.ItemCount()})
	}
	return out
}

func (c *catalog) JSON(id string, version int) ([]byte, error) {
	q, err := c.Get(id, version)
	if err != nil {
		return nil, err
	}
	return c.json[fmt.Sprintf("%s.v%d", q.ID, q.Version)], nil
}

// api is the handler on a fresh in-memory SQLite database.
type api struct {
	t   testing.TB
	db  *sql.DB
	h   http.Handler
	cat worker.Catalog
	now time.Time
}

func newAPI(t testing.TB) *api {
	return newAPIWith(t, loadCatalog(t))
}

func newAPIWith(t testing.TB, cat worker.Catalog) *api {
	t.Helper()
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &api{t: t, db: db, cat: cat, now: testNow}
	a.h = worker.New(worker.Config{DB: db, AdminToken: adminToken, Catalog: cat, Now: func() time.Time { return a.now }})
	return a
}

// reply is an answer of the handler.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// errorCode is the code of an error reply ("" when the body is no error).
func (r reply) errorCode() (code, msg string) {
	var e struct{ Code, Error string }
	json.Unmarshal(r.Body, &e)
	return e.Code, e.Error
}

// code is the code of an error reply.
func (r reply) code() string { c, _ := r.errorCode(); return c }

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// do sends a request: body as a string is sent as is, anything else as JSON.
func (a *api) do(method, path, token string, body any) reply {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

func (a *api) get(path, token string) reply { a.t.Helper(); return a.do("GET", path, token, nil) }

// must checks a reply's status.
func must(t testing.TB, r reply, status int) reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("got %s, want status %d", r, status)
	}
	return r
}

// count is the number of stored responses and measure rows.
func (a *api) count() (responses, measures int) {
	a.t.Helper()
	if err := a.db.QueryRow(`SELECT (SELECT COUNT(*) FROM responses), (SELECT COUNT(*) FROM measures)`).Scan(&responses, &measures); err != nil {
		a.t.Fatal(err)
	}
	return responses, measures
}

// round makes a round through the admin API.
func (a *api) round(id, questionnaire string, version int, opens, closes, previous string) {
	a.t.Helper()
	must(a.t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{
		"id": id, "questionnaire": questionnaire, "version": version, "opens": opens, "closes": closes, "previous": previous,
	}), http.StatusCreated)
}

// codes makes codes through the admin API and returns them by unit.
func (a *api) codes(round string, municipalities, counties []string) map[string]string {
	a.t.Helper()
	r := must(a.t, a.do("POST", "/api/admin/rounds/"+round+"/codes", adminToken, map[string]any{
		"municipalities": municipalities, "counties": counties,
	}), http.StatusCreated)
	var out struct {
		Codes []struct{ Kind, Unit, Code string }
	}
	r.decode(a.t, &out)
	m := map[string]string{}
	for _, c := range out.Codes {
		m[c.Unit] = c.Code
	}
	return m
}

// uuid makes a deterministic UUID for test response n.
func uuid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// response is a valid response body for the test kommun v1.
func response(n int, round, muni string, answers map[string]string) map[string]any {
	return map[string]any{
		"id": uuid(n), "round": round, "questionnaire": "kommun", "version": 1, "municipality": muni, "role": "chef",
		"answers": answers,
	}
}

// full are answers to every item of the test kommun v1.
func full(v string) map[string]string {
	return map[string]string{
		"rutiner.handlingsplan": v, "rutiner.ansvar": v, "kunskap.utbildning": v, "kunskap.chefer": v, "samverkan.polis": v,
	}
}
