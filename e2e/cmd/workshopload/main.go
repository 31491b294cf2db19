//go:build !js

// Command workshopload measures issue 17's workshop targets in the real
// worker, in one run: it starts workerd on a fresh local D1 (package
// workerd, loopback only) from a copy of the build (so nobody's rebuild
// restarts it mid-run) and, for each rate of a sweep (8, 16, 30, 40 answers
// per second), creates a session of the kommun questionnaire that 300
// simulated participants join. Then, for -phase, answers come at that rate
// (participants take turns through the first 12 items; some answers are
// changed at once, some sent again), while every participant's phone polls
// the session's state as assets/workshop/join.mjs does (a long-poll:
// workshop.ParticipantPoll), one
// poller follows the wall as the projector does, and the facilitator moves
// the room to another section every -section-every. It checks that every
// acknowledged answer is counted exactly once in D1 and that the wall shows
// exactly the answers of each item's last step (the wall changes only in
// steps of lagesbild.WallMin new or changed answers, so up to WallMin − 1
// of an item's last answers may not show). Last it times single requests
// with the worker's CPU (Δ utime+stime of workerd): a phone's and the wall's
// poll that finds nothing new, a full wall, an answer. Then (-pages) it runs
// the page benches in Chromium, e2e/workshop's TestBenchJoinPage and
// TestBenchWall, as go test runs them (-before: a built checkout's pages by
// turns with this one's), while one client tries to create sessions for a
// minute with the rate limits on. It prints a table of every row of issue
// 17's targets.
//
// The wall's update delay of an answer is the time from its acknowledgement
// (the answer's 2xx) until the wall poller holds a response that certainly
// includes it, if it is part of a step: the first wall response to a
// request sent after the acknowledgement. A phone's delay for a section
// change is the time from the facilitator's PATCH being sent until the
// phone holds a state with the new section.
//
//	go run ./e2e/cmd/workshopload [-rates 8,16,30,40] [-participants 300] [-phase 30s] [-log file] [-before /tmp/main]    (make bench-workshop)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
	poll "lagesbild/wasm/workshop"
)

type config struct {
	participants int
	items        int
	rates        []float64
	phase        time.Duration
	sectionEvery time.Duration
	wallPoll     time.Duration
	phones       bool
	hold         time.Duration
	limit        time.Duration
	polls        int
	logs         string
	instances    int
	pages        bool
	before       string
	createFor    time.Duration
}

func main() {
	var c config
	var rates string
	flag.IntVar(&c.participants, "participants", 300, "simulated participants (and phones) per session")
	flag.IntVar(&c.items, "items", 12, "items each may answer (the first of the kommun questionnaire)")
	flag.StringVar(&rates, "rates", "8,16,30,40", "the answer rates tried, answers per second, one session each")
	flag.DurationVar(&c.phase, "phase", 30*time.Second, "how long answers are sent at each rate")
	flag.DurationVar(&c.sectionEvery, "section-every", 10*time.Second, "the facilitator moves the room to another section this often")
	flag.DurationVar(&c.wallPoll, "wall-poll", time.Second, "the wall's poll interval")
	flag.BoolVar(&c.phones, "phones", true, "every participant's phone long-polls the session's state as assets/workshop/join.mjs does (workshop.ParticipantPoll)")
	flag.DurationVar(&c.hold, "hold", poll.ParticipantPoll.Hold, "how long a phone asks the worker to hold its poll (Prefer: wait); 0: phones poll every second, as before the long-poll")
	flag.DurationVar(&c.limit, "limit", 15*time.Minute, "the whole run's time limit")
	flag.IntVar(&c.polls, "polls", 1000, "sequential polls timed for the cost of a poll (the CPU clock ticks in 10 ms: a thousand polls of about 1 ms make that 1 %)")
	flag.StringVar(&c.logs, "log", "", "write wrangler's and the worker's output to this file")
	flag.IntVar(&c.instances, "go-instances", 0, "GO_INSTANCES for the glue's pool of Go instances (0: the glue's default)")
	flag.BoolVar(&c.pages, "pages", true, "after the load, the page benches in Chromium (e2e/workshop's TestBenchJoinPage, TestBenchWall) and the sessions one client may create in a minute")
	flag.StringVar(&c.before, "before", "", "a built checkout (e.g. main's) whose pages the page benches load by turns with this one's (LAGESBILD_BENCH_BEFORE)")
	flag.DurationVar(&c.createFor, "create-for", time.Minute, "how long one client tries to create sessions (with the rate limits on)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("workshopload: ")
	for _, f := range strings.Split(rates, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r <= 0 {
			log.Fatalf("-rates: %q is not a rate", f)
		}
		c.rates = append(c.rates, r)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, c.limit)
	defer cancel()
	// The worker runs from a copy of the build: wrangler dev restarts the
	// worker whenever build/ changes under it, and on a shared machine
	// someone may be building while this measures.
	root, err := workerd.Root()
	if err != nil {
		log.Fatal(err)
	}
	if err := workerd.Built(root); err != nil {
		log.Fatal(err)
	}
	snap, err := snapshot(root)
	if err != nil {
		log.Fatal(err)
	}
	if c.instances > 0 {
		// .dev.vars of the copy; the harness's --var ADMIN_TOKEN is added to it.
		if err := os.WriteFile(filepath.Join(snap, ".dev.vars"), fmt.Appendf(nil, "GO_INSTANCES=%d\n", c.instances), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	defer os.RemoveAll(snap)
	w, err := workerd.Start(ctx, workerd.Options{Root: snap})
	if err != nil {
		os.RemoveAll(snap)
		log.Fatal(err)
	}
	code := 0
	results, costs, err := sweep(ctx, w, snap, c)
	if err != nil {
		log.Print(err)
		code = 1
	}
	if c.logs != "" {
		if err := os.WriteFile(c.logs, []byte(w.Logs()), 0o644); err != nil {
			log.Print(err)
		}
	}
	if err := w.Stop(); err != nil {
		log.Print(err)
		code = 1
	}
	if code == 0 {
		var p *pages
		var cr *creation
		if c.pages {
			if p, cr, err = browserAndCreation(ctx, root, snap, c); err != nil {
				log.Print(err)
				code = 1
			}
		}
		if err := report(os.Stdout, c, results, costs, p, cr); err != nil {
			log.Print(err)
			code = 1
		}
	}
	os.RemoveAll(snap)
	os.Exit(code)
}

// browserAndCreation runs the page benches (from the checkout at root: its
// build and Chromium) and, meanwhile, one client's session creations
// against a worker of its own (from the copy snap): a few requests a
// second, which leave the pages' machine alone.
func browserAndCreation(ctx context.Context, root, snap string, c config) (*pages, *creation, error) {
	sites := "this checkout"
	if c.before != "" {
		sites += " and " + c.before + " by turns"
	}
	fmt.Printf("page benches in Chromium (go test ./e2e/workshop -run TestBench…), %s; one client creates sessions for %s\n", sites, c.createFor)
	type created struct {
		c   creation
		err error
	}
	done := make(chan created, 1)
	go func() {
		cr, err := creations(ctx, snap, c.createFor)
		done <- created{cr, err}
	}()
	p, err := pageBenches(ctx, root, c.before)
	cr := <-done
	if err != nil {
		return nil, nil, err
	}
	if cr.err != nil {
		return nil, nil, cr.err
	}
	return &p, &cr.c, nil
}

// snapshot copies what the harness needs to run the worker into a new
// folder: wrangler.toml, serve.mjs, build/worker, the migrations, an empty site (the
// load needs no static files), and a link to node_modules.
func snapshot(root string) (string, error) {
	dir, err := os.MkdirTemp("", "lagesbild-workshopload-")
	if err != nil {
		return "", err
	}
	copies := map[string]string{"wrangler.toml": "wrangler.toml", "e2e/workerd/serve.mjs": "e2e/workerd/serve.mjs"}
	for _, pattern := range []string{"build/worker/*", "worker/migrations/*.sql"} {
		files, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, f := range files {
			rel, _ := filepath.Rel(root, f)
			copies[rel] = rel
		}
	}
	for src, dst := range copies {
		b, err := os.ReadFile(filepath.Join(root, src))
		if err != nil {
			os.RemoveAll(dir)
			return "", err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, dst)), 0o755); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "build/public"), 0o755); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	os.WriteFile(filepath.Join(dir, "build/public/index.html"), []byte("<!doctype html><title>load</title>"), 0o644)
	if err := os.Symlink(filepath.Join(root, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// pick is participant p's answer to the i-th item on try n: spread over the
// options, the same on every run.
func pick(it *lagesbild.Item, p, i, n int) string {
	v := it.Options[hash(p, i, n)%len(it.Options)].Value
	if n > 0 && v == pick(it, p, i, 0) { // a change must change
		for _, o := range it.Options {
			if o.Value != v {
				return o.Value
			}
		}
	}
	return v
}

func hash(p, i, n int) int {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d/%d/%d", p, i, n)
	return int(h.Sum32() & 0x7fffffff)
}

// retry sends a request until it is answered with one of the statuses; a
// rate_limited (429) waits as a phone does and is counted.
func retry(ctx context.Context, st *stats, do func() (workshop.Reply, error), statuses ...int) (workshop.Reply, error) {
	tries := 0
	for wait := 500 * time.Millisecond; ; wait = min(2*wait, 8*time.Second) {
		r, err := do()
		if err != nil {
			// A dropped connection (the worker restarting) is sent again,
			// as a phone does, a few times.
			if tries++; tries > 5 || ctx.Err() != nil {
				return r, err
			}
			st.retriedNet.Add(1)
			time.Sleep(wait)
			continue
		}
		for _, s := range statuses {
			if r.Status == s {
				return r, nil
			}
		}
		switch {
		case r.Code() == lagesbild.ERateLimited:
			st.limited.Add(1)
		case r.Status >= 500:
			// wrangler dev restarts the worker when build/ changes under it
			// ("Your worker restarted mid-request"); a phone sends again, and
			// an answer is one idempotent statement, so sending again is safe.
			st.retried5xx.Add(1)
		default:
			return r, fmt.Errorf("got %s, want %v", r, statuses)
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// check compares what D1 holds with the participants' last answers (every
// answer counted exactly once), and what the wall shows with the answers of
// each item's last step in D1 (workshop_answers.shown), no more than
// WallMin − 1 answers behind.
func check(ctx context.Context, w *workerd.Worker, root string, api *workshop.Client, code string, items []*lagesbild.Item, final []map[string]string, c config) error {
	want := map[string]map[string]int{}
	rows := 0
	for _, f := range final {
		for item, v := range f {
			if want[item] == nil {
				want[item] = map[string]int{}
			}
			want[item][v]++
			rows++
		}
	}
	v, _, err := api.Wall(ctx, code, "")
	if err != nil {
		return err
	}
	var problems []string
	answered := 0
	for _, f := range final {
		if len(f) > 0 {
			answered++
		}
	}
	if v.Wall.Participants != c.participants || v.Wall.Answered != answered {
		problems = append(problems, fmt.Sprintf("the wall has %d participants, %d answered; want %d, %d", v.Wall.Participants, v.Wall.Answered, c.participants, answered))
	}
	out, err := workerd.Wrangler(ctx, root, "d1", "execute", "DB", "--local", "--persist-to", w.State, "--json", "--command",
		fmt.Sprintf(`SELECT item, value, shown, COUNT(*) AS n, COUNT(DISTINCT participant) AS p FROM workshop_answers
			WHERE workshop = (SELECT id FROM workshops WHERE code = '%s') GROUP BY item, value, shown`, code))
	if err != nil {
		return err
	}
	var res []struct {
		Results []struct {
			Item, Value string
			Shown       *string
			N           int
		}
	}
	if err := json.Unmarshal(out[strings.IndexByte(string(out), '['):], &res); err != nil || len(res) == 0 {
		return fmt.Errorf("reading D1's counts: %v\n%s", err, out)
	}
	d1, shown := map[string]map[string]int{}, map[string]map[string]int{}
	n, behind := 0, map[string]int{}
	for _, r := range res[0].Results {
		if d1[r.Item] == nil {
			d1[r.Item], shown[r.Item] = map[string]int{}, map[string]int{}
		}
		d1[r.Item][r.Value] += r.N
		n += r.N
		if r.Shown != nil {
			shown[r.Item][*r.Shown] += r.N
		}
		if r.Shown == nil || *r.Shown != r.Value {
			behind[r.Item] += r.N
		}
	}
	if n != rows {
		problems = append(problems, fmt.Sprintf("D1 holds %d answers; sent %d", n, rows))
	}
	for _, it := range items {
		if fmt.Sprint(d1[it.ID]) != fmt.Sprint(want[it.ID]) {
			problems = append(problems, fmt.Sprintf("%s: D1 counts %v, sent %v", it.ID, d1[it.ID], want[it.ID]))
		}
		got, _ := workshop.Count(v, it.ID)
		if fmt.Sprint(got) != fmt.Sprint(shown[it.ID]) {
			problems = append(problems, fmt.Sprintf("%s: the wall counts %v, its last step %v", it.ID, got, shown[it.ID]))
		}
		if behind[it.ID] >= v.MinAnswers {
			problems = append(problems, fmt.Sprintf("%s: %d answers not shown, the wall steps at %d", it.ID, behind[it.ID], v.MinAnswers))
		}
	}
	if len(problems) > 0 {
		return errors.New("answers not counted exactly once:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}

// pct is the p-th percentile (nearest rank) of ds.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))].Round(time.Millisecond)
}
