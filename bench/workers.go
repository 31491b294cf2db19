//go:build !js

package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/e2e/workerd"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// A variant is one way to run the API in workerd. None has static assets
// (bench/pool/wrangler.toml says why).
type variant struct {
	name   string // "pool", "stock", "js"
	config string // wrangler configuration, relative to the repository
}

var variants = []variant{
	{name: "pool", config: "bench/pool/wrangler.toml"},   // the Go worker as deployed: the pool glue
	{name: "stock", config: "bench/stock/wrangler.toml"}, // the same binary, syumai's stock glue
	{name: "js", config: "bench/jsworker/wrangler.toml"}, // plain JavaScript, the same SQL
}

// cell is what one run of requests to one route measured.
type cell struct {
	cpu      float64 // ms of workerd CPU per request
	p50, p95 float64 // ms, wall clock at the client
	n        int
}

// groupBy asks the plain-JS worker for the aggregate as it was before the
// running aggregates (bench/jsworker/aggregate_groupby.sql).
const groupBy = "?sql=groupby"

// scaleRound is the round of a scale run with n responses.
func scaleRound(n int) string { return fmt.Sprintf("bench-%d", n) }

// Indicator figures (issue 16) of the scale rounds, read as a county lead
// reads them: with the lead token of county 24 (benchCode of the round).
// The scale rounds are open to all, so GET …/indicators has its national
// figures released live (pending only in a private round still open, for
// a reader below the admin: worker/indicators.go); GET
// …/indicators/county/24 is the lead's own county, live and unsuppressed.
// Both read the official answers (at most 290 municipalities), so their
// cost should not grow with the responses.
const (
	leadCounty     = "24"
	indicatorsPath = "/indicators"
	countyIndPath  = "/indicators/county/" + leadCounty
)

func scalePath(n int, route string) string { return "/api/rounds/" + scaleRound(n) + route }

// Private rounds (issue 11, publications): a reader of a private round
// sees the round's latest publication, made on a read once enough
// municipalities have changed since the last. privateRound has the demo
// round's responses and one publication once warmed up: its reads are the
// steady state. publishRounds have them too and no publication: the first
// read of each makes one, of all 290 municipalities at once, the costliest
// step there is. Each is read with a municipality code of its own
// (Malmö's).
const (
	privateRound  = "demo-private"
	publishRounds = 10
	privatePath   = "/api/rounds/" + privateRound + "/counties/24"
	// publishingPath names, in the results, the reads that made a publication.
	publishingPath = "/api/rounds/demo-publish-*/counties/24"
)

func publishRound(i int) string { return fmt.Sprintf("demo-publish-%d", i) }

// benchCode is the code of a round in the bench: the municipality code
// (Malmö's) of a private round, the lead token of county 24 in a scale round.
func benchCode(round string) string { return "BENCH-" + strings.ToUpper(round) }

// benchHash is benchCode as stored (worker/auth.go, hashCode).
func benchHash(round string) string {
	sum := sha256.Sum256([]byte(strings.NewReplacer("-", "", " ", "").Replace(benchCode(round))))
	return hex.EncodeToString(sum[:])
}

// benchToken is the code a request to path carries: a private round's
// municipality code, a scale round's lead token on its indicator routes,
// or none.
func benchToken(path string) string {
	rest, ok := strings.CutPrefix(path, "/api/rounds/")
	if !ok {
		return ""
	}
	round, route, _ := strings.Cut(rest, "/")
	switch {
	case strings.HasPrefix(round, "demo-"):
		return benchCode(round)
	case strings.HasPrefix(round, "bench-") && strings.HasPrefix("/"+route, indicatorsPath):
		return benchCode(round)
	}
	return ""
}

// privateSQL copies the demo round's responses into a private round with a
// code for Malmö (1280).
func privateSQL(round string) string {
	return fmt.Sprintf(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('%[1]s', 'kommun', 0, '2000-01-01T00:00:00Z', '9999-01-01T00:00:00Z', 0, NULL, '2026-01-01T00:00:00Z');
INSERT INTO codes (hash, round, kind, unit, created) VALUES ('%[2]s', '%[1]s', 'municipality', '1280', '2026-01-01T00:00:00Z');
INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
SELECT r.id || '-%[1]s', '%[1]s', r.questionnaire, r.version, r.municipality, r.county, r.role, r.answers, r.measures, r.received, r.updated
FROM responses AS r WHERE r.round = 'demo';
`, round, benchHash(round))
}

// seedFiles writes the SQL that fills the database the variants share: the
// demo round (351 synthetic responses of all 290 municipalities, as
// `make seed`), the private rounds, and one round per scale, whose
// responses are the demo round's repeated (new ids) up to n, inserted by
// SQLite itself so that 100 000 take seconds rather than 100 000 requests.
// A scale round is made private, filled, then opened to all: an open round
// keeps a municipality's latest 20 responses (migrations/0014), so filled
// open it would hold 5 800. Its previous round is the demo round (open to
// all, the same questionnaire), so its pages show a round beside the one
// before, as a county lead's do.
func seedFiles(dir string, scales []int) ([]string, error) {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return nil, err
	}
	demo := filepath.Join(dir, "demo.sql")
	f, err := os.Create(demo)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(f)
	if err := worker.WriteSeedSQL(bw, q, worker.DemoResponses("demo", q, 2026), "2026-01-01T00:00:00Z"); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	scale := filepath.Join(dir, "scale.sql")
	f, err = os.Create(scale)
	if err != nil {
		return nil, err
	}
	fmt.Fprint(f, privateSQL(privateRound))
	for i := range publishRounds {
		fmt.Fprint(f, privateSQL(publishRound(i)))
	}
	for _, n := range scales {
		copies := n/351 + 1
		fmt.Fprintf(f, `INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('%[1]s', 'kommun', 0, '2000-01-01T00:00:00Z', '9999-01-01T00:00:00Z', 0, 'demo', '2026-01-01T00:00:00Z');
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < %[3]d)
INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
SELECT r.id || '-%[1]s-' || k.i, '%[1]s', r.questionnaire, r.version, r.municipality, r.county, r.role, r.answers, r.measures, r.received, r.updated
FROM k CROSS JOIN (SELECT * FROM responses WHERE round = 'demo') AS r LIMIT %[2]d;
UPDATE rounds SET open_to_all = 1 WHERE id = '%[1]s';
INSERT INTO codes (hash, round, kind, unit, created) VALUES ('%[4]s', '%[1]s', 'county', '%[5]s', '2026-01-01T00:00:00Z');
`, scaleRound(n), n, copies, benchHash(scaleRound(n)), leadCounty)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return []string{demo, scale}, nil
}

var httpClient = &http.Client{Timeout: 60 * time.Second}

// get sends one GET request, with the code benchToken gives path, and
// returns how long the answer took.
func get(ctx context.Context, w *workerd.Worker, path string, status int) (time.Duration, error) {
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, "GET", w.URL+path, nil)
	if code := benchToken(path); code != "" {
		req.Header.Set("Authorization", "Bearer "+code)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != status {
		return 0, fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return time.Since(start), nil
}

// measure sends n sequential GET requests to path in each worker after a
// warm-up, taking turns (one request to each in turn, so that all see the
// same machine: other work on it slows them alike), and returns per worker
// the CPU its workerd process used per request and the latency percentiles.
func measure(ctx context.Context, ws []*workerd.Worker, path string, status, warm, n int) ([]cell, error) {
	for range warm { // warm-up: instances started, wasm code tiered up
		for _, w := range ws {
			if _, err := get(ctx, w, path, status); err != nil {
				return nil, err
			}
		}
	}
	before := make([]time.Duration, len(ws))
	lat := make([][]float64, len(ws))
	for i, w := range ws {
		var err error
		if before[i], err = w.WorkerCPU(); err != nil {
			return nil, err
		}
	}
	for range n {
		for i, w := range ws {
			d, err := get(ctx, w, path, status)
			if err != nil {
				return nil, err
			}
			lat[i] = append(lat[i], ms(d))
		}
	}
	out := make([]cell, len(ws))
	for i, w := range ws {
		after, err := w.WorkerCPU()
		if err != nil {
			return nil, err
		}
		l := lat[i]
		slices.Sort(l)
		q := func(p float64) float64 { return l[min(len(l)-1, int(p*float64(len(l))))] }
		out[i] = cell{cpu: ms(after-before[i]) / float64(n), p50: q(0.50), p95: q(0.95), n: n}
	}
	return out, nil
}

// measureOnce sends one GET request to each of paths in w, in order, and
// returns the CPU per request and the latency percentiles: for reads that
// do something once (a publication), which a warm-up would use up.
func measureOnce(ctx context.Context, w *workerd.Worker, paths []string, status int) (cell, error) {
	before, err := w.WorkerCPU()
	if err != nil {
		return cell{}, err
	}
	var l []float64
	for _, p := range paths {
		d, err := get(ctx, w, p, status)
		if err != nil {
			return cell{}, err
		}
		l = append(l, ms(d))
	}
	after, err := w.WorkerCPU()
	if err != nil {
		return cell{}, err
	}
	slices.Sort(l)
	q := func(p float64) float64 { return l[min(len(l)-1, int(p*float64(len(l))))] }
	return cell{cpu: ms(after-before) / float64(len(paths)), p50: q(0.50), p95: q(0.95), n: len(paths)}, nil
}

// checkLive makes sure the national indicator figures the bench measures
// are released, not pending (every figure suppressed until the round
// closes): that would measure less work than a reader of a released round
// causes.
func checkLive(ctx context.Context, w *workerd.Worker, path string) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", w.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+benchToken(path))
	resp, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var v api.Indicators
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	if len(v.Indicators) == 0 {
		return fmt.Errorf("GET %s: no indicators", path)
	}
	for _, iv := range v.Indicators {
		if iv.Current.Pending {
			return fmt.Errorf("GET %s: %s is pending: the bench would measure suppressed figures", path, iv.ID)
		}
	}
	return nil
}

// coldGroups names, in the results, the first reads of counties/24 after
// an answer that makes a new pattern for the municipality groups' decision.
const coldGroups = "/counties/24 (groups decided anew)"

// keptGroups names, in the results, the first read of counties/24 in a
// restarted worker: the groups' decision is read from D1.
const keptGroups = "/counties/24 (groups' decision read from D1)"

// coldAnswers is how many such answers and reads measureCold makes per
// scale round.
const coldAnswers = 5

// afterWrite names, in the results, the first read of an indicator route
// after an answer to its round: the instance's kept figures are stale (the
// round's revision moved, worker/indicators_cache.go) and made anew.
func afterWrite(route string) string { return route + " (first read after an answer)" }

// afterSame names the first read of an indicator route after an answer
// that leaves who has a value as it was (the same answers again, under a
// new id): made anew, but every release decision is kept.
func afterSame(route string) string { return route + " (first read after an answer, decisions kept)" }

// measureCold stores coldAnswers responses in the scale round of n, each
// for another municipality (in county 01, not the one read; from the
// offset-th: the scale rounds hold the same responses, and the same answer
// in two would be one pattern, kept) and answering only the first section,
// so that its other measures have no value, and measures the first GET
// counties/24 after each: the groups' decision is made anew. Then, after
// the same answer, the first read of each indicator route, keyed by
// afterWrite(route) in the map it returns with the counties/24 cell; and
// then, after coldAnswers answers that repeat the last one under new ids,
// the first read of each indicator route, keyed by afterSame(route).
func measureCold(ctx context.Context, w *workerd.Worker, n, offset int) (cell, map[string]cell, error) {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return cell{}, nil, err
	}
	first := q.Sections[0]
	ans := map[string]string{}
	for _, it := range first.Items {
		if len(it.Options) > 0 {
			ans[it.ID] = it.Options[0].Value
		}
	}
	munis := lagesbild.MunicipalitiesIn("01")
	reads := []string{"/counties/24", countyIndPath, indicatorsPath}
	cpu := map[string]float64{}
	lat := map[string][]float64{}
	for i := range 2 * coldAnswers {
		muni := munis[(offset+min(i, coldAnswers-1))%len(munis)].Code // from coldAnswers on, the last again
		body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%06d%06d", n, i), "round": scaleRound(n),
			"questionnaire": "kommun", "version": q.Version, "municipality": muni, "role": "chef", "answers": ans})
		req, _ := http.NewRequestWithContext(ctx, "POST", w.URL+"/api/responses", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := httpClient.Do(req)
		if err != nil {
			return cell{}, nil, err
		}
		rb, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return cell{}, nil, fmt.Errorf("POST /api/responses: %d %s", resp.StatusCode, rb)
		}
		for _, route := range reads {
			key := route
			if i >= coldAnswers {
				if route == reads[0] {
					continue
				}
				key = afterSame(route)
			}
			c, err := measureOnce(ctx, w, []string{scalePath(n, route)}, http.StatusOK)
			if err != nil {
				return cell{}, nil, err
			}
			cpu[key] += c.cpu
			lat[key] = append(lat[key], c.p50)
		}
	}
	cellOf := func(route string) cell {
		l := lat[route]
		slices.Sort(l)
		q95 := l[min(len(l)-1, int(0.95*float64(len(l))))]
		return cell{cpu: cpu[route] / coldAnswers, p50: l[len(l)/2], p95: q95, n: coldAnswers}
	}
	ind := map[string]cell{}
	for _, route := range reads[1:] {
		ind[afterWrite(route)] = cellOf(route)
		ind[afterSame(route)] = cellOf(afterSame(route))
	}
	return cellOf(reads[0]), ind, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// workerResults are the cells by variant and path.
type workerResults map[string]map[string]cell

// benchWorkers runs the variants side by side, each on its own copy of one
// seeded database, and measures every route in all of them by turns.
func benchWorkers(ctx context.Context, n int, scales []int, logf func(string, ...any)) (workerResults, error) {
	dir, err := os.MkdirTemp("", "lagesbild-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	seeds, err := seedFiles(dir, scales)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	state, err := workerd.NewState(ctx, workerd.Options{Seed: seeds})
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(state)
	logf("seeded the database (demo round, %v responses) in %s", scales, time.Since(start).Round(time.Second))

	running := map[string]*workerd.Worker{}
	defer func() {
		for _, w := range running {
			w.Stop()
		}
	}()
	for _, v := range variants {
		w, err := workerd.Start(ctx, workerd.Options{Config: v.config, StateFrom: state})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.name, err)
		}
		running[v.name] = w
	}
	type route struct {
		path         string
		status, warm int
		variants     []string
	}
	all := []string{"pool", "stock", "js"}
	routes := []route{
		{"/api/health", http.StatusOK, 200, all},     // liveness: reads no D1
		{"/api/health/db", http.StatusOK, 200, all},  // readiness: one small D1 read
		{"/api/nope", http.StatusNotFound, 200, all}, // reads no D1: the cost of a request alone
		{"/api/rounds/demo/counties/24", http.StatusOK, 200, all},
		{privatePath, http.StatusOK, 200, []string{"pool", "stock"}}, // the plain-JS worker has no publications
	}
	for _, s := range scales {
		p := scalePath(s, "/counties/24")
		routes = append(routes, route{p, http.StatusOK, 200, []string{"pool", "js"}},
			route{p + groupBy, http.StatusOK, 10, []string{"js"}},
			// The plain-JS worker has no indicators: the Go worker as deployed only.
			route{scalePath(s, countyIndPath), http.StatusOK, 200, []string{"pool"}},
			route{scalePath(s, indicatorsPath), http.StatusOK, 200, []string{"pool"}})
		if err := checkLive(ctx, running["pool"], scalePath(s, indicatorsPath)); err != nil {
			return nil, err
		}
	}
	out := workerResults{}
	for _, r := range routes {
		p := r.path
		names := r.variants
		var ws []*workerd.Worker
		for _, name := range names {
			ws = append(ws, running[name])
		}
		cells, err := measure(ctx, ws, p, r.status, r.warm, n)
		if err != nil {
			var logs strings.Builder
			for name, w := range running {
				fmt.Fprintf(&logs, "--- %s ---\n%s\n", name, w.Logs())
			}
			return nil, fmt.Errorf("%w\n%s", err, logs.String())
		}
		for i, name := range names {
			if out[name] == nil {
				out[name] = map[string]cell{}
			}
			out[name][p] = cells[i]
			logf("%-6s %-40s CPU %5.1f ms/request  p50 %5.1f ms  p95 %5.1f ms", name, p, cells[i].cpu, cells[i].p50, cells[i].p95)
		}
	}
	// The municipality groups' decision (worker/comparison.go, similar):
	// kept, a warm read only computes its key (measured above); the first
	// read after an answer that changes who has a value decides anew and
	// keeps the decision in D1. Each such answer, here a response of one
	// section only for another municipality, is a new pattern: its first
	// read is measured, after the other routes (it changes the round).
	for i, s := range scales {
		c, ind, err := measureCold(ctx, running["pool"], s, i*coldAnswers)
		if err != nil {
			return nil, fmt.Errorf("pool: %w", err)
		}
		out["pool"][scalePath(s, coldGroups)] = c
		logf("%-6s %-40s CPU %5.1f ms/request  p50 %5.1f ms  p95 %5.1f ms", "pool", scalePath(s, coldGroups), c.cpu, c.p50, c.p95)
		for route, c := range ind {
			out["pool"][scalePath(s, route)] = c
			logf("%-6s %-40s CPU %5.1f ms/request  p50 %5.1f ms  p95 %5.1f ms", "pool", scalePath(s, route), c.cpu, c.p50, c.p95)
		}
	}
	// The reads that make a publication, each of a round of its own: once
	// per round, so measured over all of them at once.
	var paths []string
	for i := range publishRounds {
		paths = append(paths, "/api/rounds/"+publishRound(i)+"/counties/24")
	}
	for _, name := range []string{"pool", "stock"} {
		c, err := measureOnce(ctx, running[name], paths, http.StatusOK)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name][publishingPath] = c
		logf("%-6s %-40s CPU %5.1f ms/request  p50 %5.1f ms  p95 %5.1f ms", name, publishingPath, c.cpu, c.p50, c.p95)
	}
	// A new instance (a deploy, an evicted isolate) has no decision in
	// memory: its first read of a pattern met before reads the one kept in
	// D1. The Go worker restarted on its database, warmed up on the
	// private round (the same code but the groups), reads each scale round
	// once.
	kept, err := running["pool"].StopKeepingState()
	delete(running, "pool")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(kept)
	w, err := workerd.Start(ctx, workerd.Options{Config: variants[0].config, StateFrom: kept})
	if err != nil {
		return nil, fmt.Errorf("pool, restarted: %w", err)
	}
	running["pool"] = w
	for range 100 {
		if _, err := get(ctx, w, privatePath, http.StatusOK); err != nil {
			return nil, err
		}
	}
	for _, s := range scales {
		c, err := measureOnce(ctx, w, []string{scalePath(s, "/counties/24")}, http.StatusOK)
		if err != nil {
			return nil, fmt.Errorf("pool, restarted: %w", err)
		}
		out["pool"][scalePath(s, keptGroups)] = c
		logf("%-6s %-40s CPU %5.1f ms/request  p50 %5.1f ms  p95 %5.1f ms", "pool", scalePath(s, keptGroups), c.cpu, c.p50, c.p95)
	}
	for name, w := range running {
		if err := w.Stop(); err != nil {
			return nil, err
		}
		delete(running, name)
	}
	return out, nil
}
