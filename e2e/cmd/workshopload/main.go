//go:build !js

// Command workshopload loads a workshop session in the real worker: it starts
// workerd on a fresh local D1 (package workerd, loopback only) from a copy of
// the build (so nobody's rebuild restarts it mid-run), creates a session of
// the kommun questionnaire, and lets simulated participants (goroutines,
// bounded concurrency) join over half a minute and answer its first 12 items
// at a room's pace, some changing or repeating an answer, while they poll
// the session's state as phones do and one poller follows the wall as the
// projector does. It then checks that every answer is counted exactly once
// in D1, that the wall shows exactly the answers of each item's last step
// (the wall changes only in steps of lagesbild.WallMin new or changed
// answers, so up to WallMin − 1 of an item's last answers may not show), and
// prints the wall's update delay and what a poll and an answer cost the
// worker.
//
// The wall's update delay of an answer is the time from its acknowledgement
// (the answer's 2xx) until the wall poller holds a response that certainly
// includes it, if it is part of a step: the first wall response to a
// request sent after the acknowledgement. With the wall's 1 s poll this is
// the delay a projector shows, up to its redraw.
//
//	go run ./e2e/cmd/workshopload [-participants 200] [-items 12] [-think 15s] [-log file]    (make bench-workshop)
//	go run ./e2e/cmd/workshopload -think 0 -concurrency 50 -phone-poll 0    (a burst: the worker's throughput)
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
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lagesbild"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
	"lagesbild/questionnaires"
)

type config struct {
	participants int
	items        int
	concurrency  int
	wallPoll     time.Duration
	phonePoll    time.Duration
	think        time.Duration
	joinOver     time.Duration
	limit        time.Duration
	polls        int
	logs         string
	instances    int
}

func main() {
	var c config
	flag.IntVar(&c.participants, "participants", 200, "simulated participants")
	flag.IntVar(&c.items, "items", 12, "items each answers (the first of the kommun questionnaire)")
	flag.IntVar(&c.concurrency, "concurrency", 200, "participants answering at once")
	flag.DurationVar(&c.think, "think", 15*time.Second, "a participant's mean time to read and answer an item, uniform ±50 % (a room's pace; 0: a burst)")
	flag.DurationVar(&c.joinOver, "join-over", 30*time.Second, "the participants join spread over this time, as a room scans the QR code (0: all at once)")
	flag.DurationVar(&c.wallPoll, "wall-poll", time.Second, "the wall's poll interval")
	flag.DurationVar(&c.phonePoll, "phone-poll", 3*time.Second, "each phone's poll of the session state after a change, backing off to 20 s (0: none)")
	flag.DurationVar(&c.limit, "limit", 8*time.Minute, "the whole run's time limit")
	flag.IntVar(&c.polls, "polls", 200, "sequential polls timed for the cost of a poll")
	flag.StringVar(&c.logs, "log", "", "write wrangler's and the worker's output to this file")
	flag.IntVar(&c.instances, "go-instances", 0, "GO_INSTANCES for the glue's pool of Go instances (0: the glue's default)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("workshopload: ")

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
	if err := run(ctx, w, snap, c); err != nil {
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
	os.RemoveAll(snap)
	os.Exit(code)
}

// snapshot copies what wrangler dev needs to run the worker into a new
// folder: wrangler.toml, build/worker, the migrations, an empty site (the
// load needs no static files), and a link to node_modules.
func snapshot(root string) (string, error) {
	dir, err := os.MkdirTemp("", "lagesbild-workshopload-")
	if err != nil {
		return "", err
	}
	copies := map[string]string{"wrangler.toml": "wrangler.toml"}
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

// poll is one wall response: when its request was sent and when it came.
type poll struct {
	sent, got time.Time
	changed   bool
}

// stats are the participants' figures, shared by the goroutines.
type stats struct {
	mu         sync.Mutex
	acks       []time.Time     // acknowledged answers that changed the room
	joinLat    []time.Duration // join latencies
	answerLat  []time.Duration // answer latencies
	answers    int64           // answers sent and acknowledged (changes and repeats included)
	changes    int64
	repeats    int64
	limited    atomic.Int64 // 429s (retried)
	retried5xx atomic.Int64
	retriedNet atomic.Int64
	failures   atomic.Int64
	phonePoll  atomic.Int64
	phone304   atomic.Int64
	firstErr   atomic.Value
}

func (s *stats) fail(err error) {
	s.failures.Add(1)
	s.firstErr.CompareAndSwap(nil, err.Error())
}

func run(ctx context.Context, w *workerd.Worker, root string, c config) error {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return err
	}
	var items []*lagesbild.Item
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			if len(items) < c.items {
				items = append(items, &q.Sections[si].Items[ii])
			}
		}
	}
	if len(items) < c.items {
		return fmt.Errorf("kommun has %d items, fewer than -items %d", len(items), c.items)
	}
	api := workshop.New(w.URL)
	s, err := api.Create(ctx, map[string]any{"questionnaire": "kommun"})
	if err != nil {
		return err
	}
	// Revealed from the start, so the wall's counts can be checked at the end.
	if _, err := api.Change(ctx, s.Code, s.Token, map[string]any{"revealed": true}); err != nil {
		return err
	}
	fmt.Printf("session %s: kommun v%d, %d participants × %d items, joining over %s, at most %d at once, %s per answer; wall polled every %s, phones every %s (backing off)\n",
		s.Code, q.Version, c.participants, c.items, c.joinOver, c.concurrency, c.think, c.wallPoll, c.phonePoll)

	st := &stats{}
	final := make([]map[string]string, c.participants) // participant → item → last value

	// The wall.
	pollCtx, stopPolls := context.WithCancel(ctx)
	var polls []poll
	var pollErr error
	wallErrors := 0
	var pollers sync.WaitGroup
	pollers.Add(1)
	go func() {
		defer pollers.Done()
		etag := ""
		for pollCtx.Err() == nil {
			sent := time.Now()
			v, changed, err := api.Wall(pollCtx, s.Code, etag)
			if err != nil {
				// A wall keeps polling through a failed request; the
				// delays it causes are in the figures.
				if pollCtx.Err() == nil {
					wallErrors++
					if pollErr == nil {
						pollErr = err
					}
				}
			} else {
				if changed {
					etag = v.ETag
				}
				polls = append(polls, poll{sent: sent, got: time.Now(), changed: changed})
			}
			select {
			case <-pollCtx.Done():
			case <-time.After(c.wallPoll):
			}
		}
	}()

	start := time.Now()
	sem := make(chan struct{}, c.concurrency)
	var wg sync.WaitGroup
	for p := 0; p < c.participants && ctx.Err() == nil; p++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			defer func() { <-sem }()
			final[p] = participant(ctx, pollCtx, api, s.Code, p, items, c, st, &pollers)
		}(p)
	}
	wg.Wait()
	elapsed := time.Since(start)
	// Let the wall see the last answers, then stop polling.
	time.Sleep(c.wallPoll + 500*time.Millisecond)
	stopPolls()
	pollers.Wait()
	if wallErrors > 0 {
		fmt.Printf("the wall's poller: %d failed polls; the first: %v\n", wallErrors, pollErr)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("the run took longer than -limit %s: %w", c.limit, ctx.Err())
	}

	fmt.Printf("joins: %d, latency p50 %s, p95 %s\n", len(st.joinLat), pct(st.joinLat, 50), pct(st.joinLat, 95))
	fmt.Printf("answers: %d acknowledged (%d changed, %d repeated) in %s: %.0f answers/s; latency p50 %s, p95 %s\n",
		st.answers, st.changes, st.repeats, elapsed.Round(time.Millisecond), float64(st.answers)/elapsed.Seconds(),
		pct(st.answerLat, 50), pct(st.answerLat, 95))
	fmt.Printf("phones' state polls: %d, of which %d were 304; retried: %d after 429, %d after 5xx, %d after a dropped connection; failures: %d\n",
		st.phonePoll.Load(), st.phone304.Load(), st.limited.Load(), st.retried5xx.Load(), st.retriedNet.Load(), st.failures.Load())
	if f := st.failures.Load(); f > 0 {
		return fmt.Errorf("%d requests failed; the first: %v", f, st.firstErr.Load())
	}

	// The wall's update delay.
	delays := make([]time.Duration, 0, len(st.acks))
	j := 0
	sort.Slice(st.acks, func(a, b int) bool { return st.acks[a].Before(st.acks[b]) })
	for _, a := range st.acks {
		for j < len(polls) && !polls[j].sent.After(a) {
			j++
		}
		if j == len(polls) {
			return fmt.Errorf("an answer acknowledged at %s was never polled", a.Format(time.StampMilli))
		}
		delays = append(delays, polls[j].got.Sub(a))
	}
	changed := 0
	for _, p := range polls {
		if p.changed {
			changed++
		}
	}
	fmt.Printf("wall: %d polls (%d with new figures, %d 304); update delay after an answer: p50 %s, p95 %s, max %s (n %d)\n",
		len(polls), changed, len(polls)-changed, pct(delays, 50), pct(delays, 95), pct(delays, 100), len(delays))

	// Every answer counted exactly once: the wall and D1 against what was sent.
	if err := check(ctx, w, root, api, s.Code, items, final, c); err != nil {
		return err
	}
	return cost(ctx, w, api, s.Code, c.polls)
}

// participant joins and answers like a phone and returns its last answers.
func participant(ctx, pollCtx context.Context, api *workshop.Client, code string, p int, items []*lagesbild.Item, c config, st *stats, pollers *sync.WaitGroup) map[string]string {
	dev := workshop.Device("workshopload", p)
	if c.joinOver > 0 {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Duration(p) * c.joinOver / time.Duration(c.participants)):
		}
	}
	t0 := time.Now()
	if _, err := retry(ctx, st, func() (workshop.Reply, error) { return api.Join(ctx, code, dev) }, 201); err != nil {
		st.fail(fmt.Errorf("participant %d joining: %w", p, err))
		return nil
	}
	st.mu.Lock()
	st.joinLat = append(st.joinLat, time.Since(t0))
	st.mu.Unlock()
	if c.phonePoll > 0 {
		pollers.Add(1)
		go phone(pollCtx, api, code, c.phonePoll, p, st, pollers)
	}
	last := map[string]string{}
	send := func(it *lagesbild.Item, value string, kind string) {
		t0 := time.Now()
		r, err := retry(ctx, st, func() (workshop.Reply, error) { return api.Answer(ctx, code, dev, it.ID, value) }, 200, 201)
		if err != nil {
			st.fail(fmt.Errorf("participant %d answering %s: %w", p, it.ID, err))
			return
		}
		at := time.Now()
		var out struct{ Outcome string }
		json.Unmarshal(r.Body, &out)
		st.mu.Lock()
		defer st.mu.Unlock()
		st.answerLat = append(st.answerLat, at.Sub(t0))
		st.answers++
		switch kind {
		case "change":
			st.changes++
		case "repeat":
			st.repeats++
		}
		if out.Outcome == "created" || out.Outcome == "updated" {
			st.acks = append(st.acks, at) // it changed what the wall shows
		}
		last[it.ID] = value
	}
	for i, it := range items {
		if c.think > 0 { // reading the question: spread over ±50 % of the mean, the same on every run
			d := c.think/2 + time.Duration(hash(p, i, 9)%1000)*c.think/1000
			select {
			case <-ctx.Done():
				return last
			case <-time.After(d):
			}
		}
		send(it, pick(it, p, i, 0), "")
	}
	// Every tenth participant changes its mind on one item, and every
	// seventh sends an answer again (a retry after a lost acknowledgement).
	if p%10 == 0 {
		it := items[p%len(items)]
		send(it, pick(it, p, p%len(items), 1), "change")
	}
	if p%7 == 0 {
		it := items[(p+3)%len(items)]
		send(it, last[it.ID], "repeat")
	}
	return last
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

// phone polls the session's state as a participant's page does.
func phone(ctx context.Context, api *workshop.Client, code string, every time.Duration, p int, st *stats, pollers *sync.WaitGroup) {
	defer pollers.Done()
	etag := ""
	// Phones do not poll in step: start each at its own point of the interval.
	jitter := time.Duration(p%100) * every / 100
	select {
	case <-ctx.Done():
		return
	case <-time.After(jitter):
	}
	// As wasm/join: every after a change, backing off by half to 20 s
	// while nothing changes.
	wait := every
	for ctx.Err() == nil {
		var h []string
		if etag != "" {
			h = []string{"If-None-Match", etag}
		}
		r, err := api.Do(ctx, "GET", "/api/workshops/"+code, "", nil, h...)
		if err == nil {
			st.phonePoll.Add(1)
			switch r.Status {
			case 304:
				st.phone304.Add(1)
				wait = min(wait*3/2, 20*time.Second)
			case 200:
				etag, wait = workshop.Etag(r), every
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
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
	if v.Wall.Participants != c.participants || v.Wall.Answered != c.participants {
		problems = append(problems, fmt.Sprintf("the wall has %d participants, %d answered; want %d", v.Wall.Participants, v.Wall.Answered, c.participants))
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
	fmt.Printf("counted exactly once: %d answers of %d participants in D1, every item's distribution as sent; the wall shows each item's last step\n", rows, c.participants)
	return nil
}

// cost times sequential polls of the full session: unchanged (304) and a
// full read of the wall, with the worker's CPU per request.
func cost(ctx context.Context, w *workerd.Worker, api *workshop.Client, code string, n int) error {
	v, _, err := api.Wall(ctx, code, "")
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		etag string
		want int
	}{{"304 (unchanged, one small SELECT)", v.ETag, 304}, {"200 (full wall of the room)", "", 200}} {
		var lat []time.Duration
		cpu0, cpuErr := w.WorkerCPU()
		for i := 0; i < n; i++ {
			var h []string
			if c.etag != "" {
				h = []string{"If-None-Match", c.etag}
			}
			t0 := time.Now()
			r, err := api.Do(ctx, "GET", "/api/workshops/"+code+"/wall", "", nil, h...)
			if err != nil {
				return err
			}
			if r.Status != c.want {
				return fmt.Errorf("poll: got %d, want %d", r.Status, c.want)
			}
			lat = append(lat, time.Since(t0))
		}
		cpu1, _ := w.WorkerCPU()
		perReq := "n/a"
		if cpuErr == nil {
			perReq = ((cpu1 - cpu0) / time.Duration(n)).Round(10 * time.Microsecond).String()
		}
		fmt.Printf("poll cost, %s: p50 %s, p95 %s, worker CPU %s per request (%d sequential)\n", c.name, pct(lat, 50), pct(lat, 95), perReq, n)
	}
	// An answer, for comparison: one device changing one answer back and forth.
	dev := workshop.Device("workshopload", 0)
	var lat []time.Duration
	cpu0, cpuErr := w.WorkerCPU()
	for i := 0; i < n; i++ {
		t0 := time.Now()
		r, err := api.Answer(ctx, code, dev, "rutiner.ansvar", []string{"ja", "nej"}[i%2])
		if err != nil {
			return err
		}
		if r.Status != 200 && r.Status != 201 {
			return fmt.Errorf("answer: got %s", r)
		}
		lat = append(lat, time.Since(t0))
	}
	cpu1, _ := w.WorkerCPU()
	perReq := "n/a"
	if cpuErr == nil {
		perReq = ((cpu1 - cpu0) / time.Duration(n)).Round(10 * time.Microsecond).String()
	}
	fmt.Printf("answer cost (a changed answer, for comparison): p50 %s, p95 %s, worker CPU %s per request (%d sequential)\n", pct(lat, 50), pct(lat, 95), perReq, n)
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
