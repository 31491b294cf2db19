//go:build !js

// Command soak runs mixed traffic against the real worker in workerd for a
// bounded time (make soak; SOAK=60s for a short run) and restarts the worker
// twice on the same D1 state on the way: questionnaire answers, comparisons
// and exports, a workshop room (participants answering, the wall polled),
// and slow clients that send a body a byte at a time. At the end it checks
// in D1 that every response the worker acknowledged (201, or 200 for a
// repeat) is stored exactly once with its measures, and that every
// acknowledged workshop answer holds its last acknowledged value, and
// prints p95 per route with the count of each status. 429 (a write limit)
// and 408 (too slow) are valid answers and are counted; a connection
// refused while the worker restarts is counted as "down".
//
//	go run ./e2e/cmd/soak [-duration 10m] [-restarts 2] [-log file]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "how long the traffic runs")
	restarts := flag.Int("restarts", 2, "worker restarts, evenly spaced over the run")
	logs := flag.String("log", "", "write wrangler's output to this file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("soak: ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *duration, *restarts, *logs); err != nil {
		log.Fatal(err)
	}
}

// stats are the timings and statuses per route.
type stats struct {
	mu     sync.Mutex
	times  map[string][]time.Duration
	status map[string]map[string]int
}

func (s *stats) add(route, status string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status[route] == nil {
		s.status[route] = map[string]int{}
	}
	s.status[route][status]++
	if d > 0 {
		s.times[route] = append(s.times[route], d)
	}
}

// soak is one run's shared state.
type soak struct {
	url   atomic.Value // the worker's current URL (a restart changes its port)
	httpc *http.Client
	st    *stats

	mu       sync.Mutex
	acked    map[string]api.Response // response id → what the worker acknowledged
	wsAcked  map[[2]string]string    // (participant, item) → the last acknowledged value
	unsure   map[string]bool         // items with an answer sent but not answered (a restart): it may be stored
	wsCode   string
	wsItems  [][2]string // item, value choices joined by "|"
	joined   map[string]bool
	restarts atomic.Int32
}

func (s *soak) base() string { return s.url.Load().(string) }

// do sends a request and records it under route; it returns the status (0:
// no answer) and the body.
func (s *soak) do(ctx context.Context, route, method, path string, body []byte) (int, []byte) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base()+path, rd)
	if err != nil {
		log.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := s.httpc.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			s.st.add(route, "down", 0)
			time.Sleep(200 * time.Millisecond) // a restart: do not spin
		}
		return 0, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		s.st.add(route, "cut", 0)
		return 0, nil
	}
	s.st.add(route, fmt.Sprint(resp.StatusCode), time.Since(start))
	return resp.StatusCode, b
}

func run(ctx context.Context, duration time.Duration, restarts int, logs string) error {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return err
	}
	token := "soak-admin"
	w, err := workerd.Start(ctx, workerd.Options{AdminToken: token})
	if err != nil {
		return err
	}
	defer func() {
		if w != nil {
			w.Stop()
		}
	}()
	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: 10 * time.Second}
	s := &soak{httpc: &http.Client{Timeout: time.Minute, Transport: tr}, st: &stats{times: map[string][]time.Duration{}, status: map[string]map[string]int{}},
		acked: map[string]api.Response{}, wsAcked: map[[2]string]string{}, unsure: map[string]bool{}, joined: map[string]bool{}}
	s.url.Store(w.URL)

	// A workshop room on the first section's items.
	wc := &workshop.Client{URL: w.URL, HTTP: s.httpc}
	ws, err := wc.Create(ctx, map[string]any{"questionnaire": "kommun"})
	if err != nil {
		return fmt.Errorf("creating the workshop: %w", err)
	}
	s.wsCode = ws.Code
	for _, it := range q.Sections[0].Items {
		var vals []string
		for _, o := range it.Options {
			vals = append(vals, o.Value)
		}
		s.wsItems = append(s.wsItems, [2]string{it.ID, strings.Join(vals, "|")})
	}

	fmt.Printf("soak: %s of mixed traffic against %s, %d restarts\n", duration, w.URL, restarts)
	trafficCtx, stopTraffic := context.WithTimeout(ctx, duration)
	defer stopTraffic()
	var wg sync.WaitGroup
	goN := func(n int, f func(ctx context.Context, i int)) {
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); f(trafficCtx, i) }()
		}
	}
	goN(3, func(ctx context.Context, i int) { s.answers(ctx, q, uint64(1000+i)) })
	goN(2, s.reads)
	goN(3, s.participants)
	goN(1, s.wall)
	goN(2, s.slow)

	// Restarts, evenly spaced: stop (wrangler and workerd, mid-traffic) and
	// start again from the same D1 state.
	began := time.Now()
	for r := 1; r <= restarts; r++ {
		// At fixed points of the run (a slow restart does not push the next one out of it).
		select {
		case <-trafficCtx.Done():
		case <-time.After(time.Until(began.Add(duration * time.Duration(r) / time.Duration(restarts+1)))):
		}
		if trafficCtx.Err() != nil {
			break
		}
		state, err := w.StopKeepingState()
		w = nil
		if err != nil {
			return fmt.Errorf("restart %d: stopping: %w", r, err)
		}
		down := time.Now()
		w, err = workerd.Start(ctx, workerd.Options{AdminToken: token, StateFrom: state})
		os.RemoveAll(state)
		if err != nil {
			return fmt.Errorf("restart %d: %w", r, err)
		}
		s.url.Store(w.URL)
		s.restarts.Add(1)
		fmt.Printf("restart %d: the worker was down %.1f s (now %s)\n", r, time.Since(down).Seconds(), w.URL)
	}
	wg.Wait()
	if logs != "" {
		os.WriteFile(logs, []byte(w.Logs()), 0o644)
	}
	s.report()
	return s.check(ctx, w)
}

// answers posts questionnaire responses to the demo round; now and then it
// repeats an acknowledged one (a client retrying), which must not store it twice.
func (s *soak) answers(ctx context.Context, q *lagesbild.Questionnaire, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var last []byte
	for batch := seed; ctx.Err() == nil; batch += 100 {
		for _, r := range worker.DemoResponses("demo", q, batch) {
			if ctx.Err() != nil {
				return
			}
			route := "POST /api/responses"
			body, _ := json.Marshal(r)
			if last != nil && rng.IntN(10) == 0 {
				route, body = "POST /api/responses (repeat)", last
				json.Unmarshal(body, &r)
			}
			status, _ := s.do(ctx, route, "POST", "/api/responses", body)
			if status == http.StatusCreated || status == http.StatusOK {
				s.mu.Lock()
				s.acked[r.ID] = r
				s.mu.Unlock()
				last = body
			}
			time.Sleep(time.Duration(50+rng.IntN(150)) * time.Millisecond)
		}
	}
}

// reads are what county leads and the result page read.
func (s *soak) reads(ctx context.Context, i int) {
	paths := []struct{ route, path string }{
		{"GET /api/rounds/demo/counties/{county}", "/api/rounds/demo/counties/%02d"},
		{"GET /api/rounds/demo/counties", "/api/rounds/demo/counties"},
		{"GET /api/rounds/demo/export.csv", "/api/rounds/demo/export.csv"},
		{"GET /api/health", "/api/health"},
	}
	rng := rand.New(rand.NewPCG(uint64(i), 11))
	counties := []int{1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25}
	for ctx.Err() == nil {
		p := paths[rng.IntN(len(paths))]
		path := p.path
		if strings.Contains(path, "%") {
			path = fmt.Sprintf(path, counties[rng.IntN(len(counties))])
		}
		s.do(ctx, p.route, "GET", path, nil)
		time.Sleep(time.Duration(100+rng.IntN(200)) * time.Millisecond)
	}
}

// participants join the room and answer (and change) its items.
func (s *soak) participants(ctx context.Context, i int) {
	rng := rand.New(rand.NewPCG(uint64(i), 13))
	for n := i; ctx.Err() == nil; n += 3 {
		dev := workshop.Device("soak", n%60) // 60 devices, rejoining now and then
		body, _ := json.Marshal(map[string]string{"participant": dev})
		status, _ := s.do(ctx, "POST /api/workshops/{code}/participants", "POST", "/api/workshops/"+s.wsCode+"/participants", body)
		if status != http.StatusCreated && status != http.StatusOK {
			continue
		}
		for range 3 {
			it := s.wsItems[rng.IntN(len(s.wsItems))]
			vals := strings.Split(it[1], "|")
			v := vals[rng.IntN(len(vals))]
			body, _ := json.Marshal(map[string]string{"participant": dev, "item": it[0], "value": v})
			status, _ := s.do(ctx, "POST /api/workshops/{code}/answers", "POST", "/api/workshops/"+s.wsCode+"/answers", body)
			s.mu.Lock()
			switch status {
			case http.StatusCreated, http.StatusOK:
				s.wsAcked[[2]string{dev, it[0]}] = v
			case 0: // sent, never answered: stored or not
				s.unsure[it[0]] = true
			}
			s.mu.Unlock()
			time.Sleep(time.Duration(200+rng.IntN(400)) * time.Millisecond)
		}
	}
}

// wall polls the room's wall each second, as the projector does.
func (s *soak) wall(ctx context.Context, _ int) {
	for ctx.Err() == nil {
		s.do(ctx, "GET /api/workshops/{code}/wall", "GET", "/api/workshops/"+s.wsCode+"/wall", nil)
		time.Sleep(time.Second)
	}
}

// slow clients announce a 3 KB response and send it a byte every 200 ms,
// holding the connection for up to 30 s; whatever the worker answers is
// counted (408 expected once the glue has a deadline).
func (s *soak) slow(ctx context.Context, i int) {
	for ctx.Err() == nil {
		u, _ := url.Parse(s.base())
		start := time.Now()
		status := slowPost(ctx, u.Host, 30*time.Second)
		s.st.add("POST /api/responses (slow client)", status, time.Since(start))
	}
}

func slowPost(ctx context.Context, host string, hold time.Duration) string {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		time.Sleep(200 * time.Millisecond)
		return "down"
	}
	defer c.Close()
	body := bytes.Repeat([]byte(" "), 3000)
	fmt.Fprintf(c, "POST /api/responses HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", host, len(body))
	answered := make(chan string, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			answered <- "cut"
			return
		}
		resp.Body.Close()
		answered <- fmt.Sprint(resp.StatusCode)
	}()
	deadline := time.After(hold)
	for _, b := range body {
		select {
		case st := <-answered:
			return st
		case <-deadline:
			return "held"
		case <-ctx.Done():
			return "held"
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := c.Write([]byte{b}); err != nil {
			select {
			case st := <-answered:
				return st
			case <-time.After(5 * time.Second):
				return "cut"
			}
		}
	}
	select {
	case st := <-answered:
		return st
	case <-time.After(10 * time.Second):
		return "held"
	}
}

func (s *soak) report() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	var routes []string
	for r := range s.st.status {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Printf("%-48s %7s %9s %9s %9s  %s\n", "route", "n", "p50 ms", "p95 ms", "max ms", "statuses")
	for _, r := range routes {
		ds := s.st.times[r]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		q := func(p float64) float64 {
			if len(ds) == 0 {
				return 0
			}
			return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
		}
		var sts []string
		n := 0
		for k, v := range s.st.status[r] {
			sts = append(sts, fmt.Sprintf("%s×%d", k, v))
			n += v
		}
		sort.Strings(sts)
		fmt.Printf("%-48s %7d %9.1f %9.1f %9.1f  %s\n", r, n, q(0.5), q(0.95), q(1), strings.Join(sts, " "))
	}
}

// check reads D1 after the run: every acknowledged response once, with
// one measure row per measure it was scored with; every acknowledged
// workshop answer with its last acknowledged value.
func (s *soak) check(ctx context.Context, w *workerd.Worker) error {
	// Read the database once the worker is stopped: nothing writes any more.
	state, err := w.StopKeepingState()
	if err != nil {
		return err
	}
	defer os.RemoveAll(state)
	root, err := workerd.Root()
	if err != nil {
		return err
	}
	query := func(sql string) ([]map[string]any, error) {
		out, err := workerd.Wrangler(ctx, root, "d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command", sql)
		if err != nil {
			return nil, err
		}
		var res []struct {
			Results []map[string]any `json:"results"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			return nil, fmt.Errorf("%w: %s", err, out)
		}
		return res[0].Results, nil
	}
	rows, err := query(`SELECT r.id AS id, (SELECT count(*) FROM measures m WHERE m.response = r.id) AS m FROM responses r WHERE r.round = 'demo'`)
	if err != nil {
		return err
	}
	stored := map[string]int{}
	var problems []string
	for _, r := range rows {
		id := r["id"].(string)
		stored[id]++
		if m := r["m"].(float64); m == 0 {
			problems = append(problems, "response "+id+" has no measures")
		}
	}
	for id := range s.acked {
		if stored[id] != 1 {
			problems = append(problems, fmt.Sprintf("acknowledged response %s stored %d times", id, stored[id]))
		}
	}
	ws, err := query(`SELECT a.participant AS p, a.item AS item, a.value AS value FROM workshop_answers a JOIN workshops w ON w.id = a.workshop WHERE w.code = '` + s.wsCode + `'`)
	if err != nil {
		return err
	}
	got := map[[2]string]string{}
	for _, r := range ws {
		got[[2]string{r["p"].(string), r["item"].(string)}] = r["value"].(string)
	}
	// The stored participant is a hash of the session and the device: compare counts and values per item.
	wantPer, gotPer := map[string]map[string]int{}, map[string]map[string]int{}
	for k, v := range s.wsAcked {
		if wantPer[k[1]] == nil {
			wantPer[k[1]] = map[string]int{}
		}
		wantPer[k[1]][v]++
	}
	for k, v := range got {
		if gotPer[k[1]] == nil {
			gotPer[k[1]] = map[string]int{}
		}
		gotPer[k[1]][v]++
	}
	for item, want := range wantPer {
		if s.unsure[item] {
			// An answer the restart cut off may have been stored: check only that none of the item's acknowledged devices is missing.
			acked, stored := 0, 0
			for _, n := range want {
				acked += n
			}
			for _, n := range gotPer[item] {
				stored += n
			}
			if stored < acked {
				problems = append(problems, fmt.Sprintf("workshop item %s: %d answers stored, %d devices acknowledged", item, stored, acked))
			}
			continue
		}
		for v, n := range want {
			if gotPer[item][v] != n {
				problems = append(problems, fmt.Sprintf("workshop item %s value %s: %d stored, %d acknowledged last", item, v, gotPer[item][v], n))
			}
		}
	}
	fmt.Printf("D1 after the run: %d responses acknowledged, %d in the demo round (seeded: none; unacknowledged writes may be stored too), "+
		"%d workshop answers acknowledged, %d stored; %d restarts\n", len(s.acked), len(rows), len(s.wsAcked), len(got), s.restarts.Load())
	if len(problems) > 0 {
		sort.Strings(problems)
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("… and %d more", len(problems)-20))
		}
		return errors.New("not stored exactly once:\n  " + strings.Join(problems, "\n  "))
	}
	fmt.Println("every acknowledged response is stored exactly once, every acknowledged workshop answer holds its last value")
	return nil
}
