//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"lagesbild"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
	"lagesbild/questionnaires"
	poll "lagesbild/wasm/workshop"
)

// wallPoll is one wall response: when its request was sent and when it came.
type wallPoll struct {
	sent, got time.Time
	changed   bool
}

// sighting is a phone holding a state of the session: when, and its section.
type sighting struct {
	at      time.Time
	section string
}

// move is a facilitator's move of the room: when the PATCH was sent.
type move struct {
	sent    time.Time
	section string
}

// stats are one session's figures, shared by the goroutines.
type stats struct {
	mu         sync.Mutex
	acks       []time.Time // acknowledged answers that changed the room
	answerLat  []time.Duration
	answers    int64 // acknowledged (changes and repeats included)
	limited    atomic.Int64
	retried5xx atomic.Int64
	retriedNet atomic.Int64
	failures   atomic.Int64
	phonePolls atomic.Int64
	phone304   atomic.Int64
	firstErr   atomic.Value
}

func (s *stats) fail(err error) {
	s.failures.Add(1)
	s.firstErr.CompareAndSwap(nil, err.Error())
}

// result is what one rate gave.
type result struct {
	rate             float64
	answers          int64
	achieved         float64
	answerP95        time.Duration
	wallP50, wallP95 time.Duration
	once             error
	moves            []time.Duration // every phone's delay for every move
	missed           int             // (phone, move) pairs never seen before the next move
	phonePolls       int64
	phone304         int64
	phoneRate        float64 // the phones' requests per second, all of them together
	limited, r5xx    int64
	code             string
	failed           error // requests failed (the worker saturated): nothing else measured
}

// sweep runs one session per rate, then times single polls, and prints the
// targets' table (issue 17).
func sweep(ctx context.Context, w *workerd.Worker, root string, c config) ([]result, []costRow, error) {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return nil, nil, err
	}
	var items []*lagesbild.Item
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			if len(items) < c.items {
				items = append(items, &q.Sections[si].Items[ii])
			}
		}
	}
	if len(items) < c.items || len(q.Sections) < 2 {
		return nil, nil, fmt.Errorf("kommun has %d items and %d sections; want -items %d and 2 sections", len(items), len(q.Sections), c.items)
	}
	pp := poll.ParticipantPoll
	phones := fmt.Sprintf("phones long-poll (held up to %s, at least %s apart unless held)", c.hold, pp.Every)
	if c.hold <= 0 {
		phones = fmt.Sprintf("phones poll every %s (no long-poll)", pp.Every)
	}
	fmt.Printf("kommun v%d: %d participants × %d items per session, rates %v answers/s for %s each; %s; "+
		"the wall every %s; the facilitator moves the room every %s\n",
		q.Version, c.participants, c.items, c.rates, c.phase, phones, c.wallPoll, c.sectionEvery)
	var results []result
	for _, rate := range c.rates {
		r, err := runRate(ctx, w, root, c, q, items, rate)
		if err != nil {
			return nil, nil, fmt.Errorf("at %.0f answers/s: %w", rate, err)
		}
		if r.failed != nil {
			fmt.Printf("  %.0f/s: %v\n", rate, r.failed)
			results = append(results, r)
			continue
		}
		once := "yes"
		if r.once != nil {
			once = "NO: " + r.once.Error()
		}
		fmt.Printf("  %.0f/s: %d answers at %.1f/s, answer p95 %s; wall delay p50 %s, p95 %s; counted once: %s; "+
			"phones: %d polls (%d 304, %.1f/s), section change p50 %s, p95 %s, max %s (%d not seen before the next); retried %d×429, %d×5xx\n",
			rate, r.answers, r.achieved, r.answerP95, r.wallP50, r.wallP95, once, r.phonePolls, r.phone304, r.phoneRate,
			pct(r.moves, 50), pct(r.moves, 95), pct(r.moves, 100), r.missed, r.limited, r.r5xx)
		results = append(results, r)
	}
	// The phones' last held polls run to their timeout: locally a client
	// that leaves does not end its hold (Miniflare's front does not pass the
	// disconnect on to workerd's req.signal), and their ticks would be
	// counted in the costs below. The costs are of a room at rest.
	if c.phones && c.hold > 0 {
		select {
		case <-time.After(c.hold + time.Second):
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
	costs, err := cost(ctx, w, results[len(results)-1].code, items, c.polls)
	return results, costs, err
}

// runRate runs one session: everyone joins, phones and the wall poll, the
// answers come at rate per second for c.phase while the facilitator moves
// the room; then every answer is checked in D1 and on the wall.
func runRate(ctx context.Context, w *workerd.Worker, root string, c config, q *lagesbild.Questionnaire, items []*lagesbild.Item, rate float64) (result, error) {
	api := workshop.New(w.URL)
	s, err := api.Create(ctx, map[string]any{"questionnaire": "kommun"})
	if err != nil {
		return result{}, err
	}
	// Revealed from the start, so the wall steps and its counts can be checked.
	if _, err := api.Change(ctx, s.Code, s.Token, map[string]any{"revealed": true}); err != nil {
		return result{}, err
	}
	st := &stats{}
	devs := make([]string, c.participants)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for p := range devs {
		devs[p] = workshop.Device(fmt.Sprintf("workshopload-%s", s.Code), p)
		sem <- struct{}{}
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			defer func() { <-sem }()
			if _, err := retry(ctx, st, func() (workshop.Reply, error) { return api.Join(ctx, s.Code, devs[p]) }, 201); err != nil {
				st.fail(fmt.Errorf("participant %d joining: %w", p, err))
			}
		}(p)
	}
	wg.Wait()
	if f := st.failures.Load(); f > 0 {
		return result{}, fmt.Errorf("%d joins failed; the first: %v", f, st.firstErr.Load())
	}

	pollCtx, stopPolls := context.WithCancel(ctx)
	defer stopPolls()
	var pollers sync.WaitGroup
	seen := make([][]sighting, c.participants)
	pollStart := time.Now()
	if c.phones {
		for p := range seen {
			pollers.Add(1)
			go func(p int) {
				defer pollers.Done()
				seen[p] = phone(pollCtx, api, s.Code, p, c.hold, st)
			}(p)
		}
	}
	var walls []wallPoll
	var wallSeen atomic.Int64 // when the latest answered wall poll was sent (UnixNano)
	pollers.Add(1)
	go func() {
		defer pollers.Done()
		walls = wallPoller(pollCtx, api, s.Code, c.wallPoll, &wallSeen)
	}()
	// Let every phone hold the first state before anything moves.
	time.Sleep(2 * time.Second)

	final := make([]map[string]string, c.participants)
	for p := range final {
		final[p] = map[string]string{}
	}
	var moves []move
	t0 := time.Now()
	movesDone := make(chan struct{})
	go func() { // the facilitator
		defer close(movesDone)
		for i := 1; ; i++ {
			select {
			case <-pollCtx.Done():
				return
			case <-time.After(time.Until(t0.Add(time.Duration(i)*c.sectionEvery - c.sectionEvery/2))):
			}
			if time.Since(t0) > c.phase {
				return
			}
			sec := q.Sections[i%2].ID
			sent := time.Now()
			// Sent again after a 5xx as the facilitator's page does: setting the section is idempotent.
			if _, err := retry(ctx, st, func() (workshop.Reply, error) {
				return api.Do(ctx, "PATCH", "/api/workshops/"+s.Code, s.Token, map[string]any{"section": sec})
			}, 200); err != nil {
				st.fail(fmt.Errorf("moving the room: %w", err))
				return
			}
			moves = append(moves, move{sent: sent, section: sec})
		}
	}()
	n := int(rate * c.phase.Seconds())
	send := make(chan struct{}, 256)
	for k := 0; k < n && ctx.Err() == nil; k++ {
		time.Sleep(time.Until(t0.Add(time.Duration(float64(k) / rate * float64(time.Second)))))
		send <- struct{}{}
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			defer func() { <-send }()
			answerK(ctx, api, s.Code, devs, items, final, st, k)
		}(k)
	}
	wg.Wait()
	elapsed := time.Since(t0)
	<-movesDone
	// The wall sees the last answers: a poll sent after the last one was acknowledged has come back.
	for last := time.Now(); wallSeen.Load() <= last.UnixNano() && time.Since(last) < time.Minute && ctx.Err() == nil; {
		time.Sleep(100 * time.Millisecond)
	}
	stopPolls()
	pollSpan := time.Since(pollStart)
	pollers.Wait()
	if ctx.Err() != nil {
		return result{}, fmt.Errorf("the run took longer than -limit %s: %w", c.limit, ctx.Err())
	}
	if f := st.failures.Load(); f > 0 {
		// Saturated: an answer whose request timed out may or may not be
		// stored, so nothing can be checked; the sweep goes on.
		return result{rate: rate, code: s.Code, failed: fmt.Errorf("saturated: %d requests failed; the first: %v", f, st.firstErr.Load())}, nil
	}
	r := result{rate: rate, answers: st.answers, achieved: float64(st.answers) / elapsed.Seconds(), answerP95: pct(st.answerLat, 95),
		phonePolls: st.phonePolls.Load(), phone304: st.phone304.Load(), phoneRate: float64(st.phonePolls.Load()) / pollSpan.Seconds(), limited: st.limited.Load(), r5xx: st.retried5xx.Load(), code: s.Code}
	delays, err := wallDelays(st.acks, walls)
	if err != nil {
		return result{}, err
	}
	r.wallP50, r.wallP95 = pct(delays, 50), pct(delays, 95)
	if c.phones {
		r.moves, r.missed = moveDelays(moves, seen, t0.Add(c.phase))
	}
	r.once = check(ctx, w, root, api, s.Code, items, final, c)
	return r, nil
}

// answerK sends the k-th answer of the session: participants take turns, a
// room answering item after item; every 11th is changed after it was sent,
// and every 13th is followed by the participant's previous answer again (a
// retry after a lost acknowledgement).
func answerK(ctx context.Context, api *workshop.Client, code string, devs []string, items []*lagesbild.Item, final []map[string]string, st *stats, k int) {
	p, j := k%len(devs), k/len(devs)
	i, try := j%len(items), j/len(items)
	it := items[i]
	sendOne := func(it *lagesbild.Item, value string) {
		t0 := time.Now()
		r, err := retry(ctx, st, func() (workshop.Reply, error) { return api.Answer(ctx, code, devs[p], it.ID, value) }, 200, 201)
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
		if out.Outcome == "created" || out.Outcome == "updated" {
			st.acks = append(st.acks, at)
		}
		final[p][it.ID] = value
	}
	sendOne(it, pick(it, p, i, try))
	if k%11 == 10 {
		sendOne(it, pick(it, p, i, try+1))
	}
	if k%13 == 12 && i > 0 {
		prev := items[i-1]
		st.mu.Lock()
		v, ok := final[p][prev.ID]
		st.mu.Unlock()
		if ok {
			sendOne(prev, v)
		}
	}
}

// wallPoller polls the wall as the projector does until ctx ends.
func wallPoller(ctx context.Context, api *workshop.Client, code string, every time.Duration, seen *atomic.Int64) []wallPoll {
	var polls []wallPoll
	etag := ""
	for ctx.Err() == nil {
		sent := time.Now()
		v, changed, err := api.Wall(ctx, code, etag)
		if err == nil { // a wall keeps polling through a failed request; the delay shows in the figures
			if changed {
				etag = v.ETag
			}
			polls = append(polls, wallPoll{sent: sent, got: time.Now(), changed: changed})
			seen.Store(sent.UnixNano())
		}
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
	return polls
}

// wallDelays are, for each acknowledged answer that changed the room, the
// time until the wall held a response to a request sent after it.
func wallDelays(acks []time.Time, polls []wallPoll) ([]time.Duration, error) {
	acks = append([]time.Time(nil), acks...)
	sortTimes(acks)
	delays := make([]time.Duration, 0, len(acks))
	j := 0
	for _, a := range acks {
		for j < len(polls) && !polls[j].sent.After(a) {
			j++
		}
		if j == len(polls) {
			return nil, fmt.Errorf("an answer acknowledged at %s was never polled", a.Format(time.StampMilli))
		}
		delays = append(delays, polls[j].got.Sub(a))
	}
	return delays, nil
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// phone long-polls the session's state as assets/workshop/join.mjs does
// (workshop.ParticipantPoll: Prefer: wait=hold with the ETag, the next poll
// after LongWait; the page shown) until ctx ends, and returns the states it
// held. With hold 0 it polls every second without Prefer.
func phone(ctx context.Context, api *workshop.Client, code string, p int, hold time.Duration, st *stats) []sighting {
	var out []sighting
	pl := poll.ParticipantPoll
	pl.Hold = hold
	rnd := rand.New(rand.NewPCG(uint64(p), 17))
	// Phones do not poll in step: each starts at its own point of the interval.
	wait := time.Duration(p%100) * pl.Every / 100
	etag := ""
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return out
		case <-time.After(wait):
		}
		var h []string
		if etag != "" {
			h = []string{"If-None-Match", etag}
			if pl.Hold > 0 {
				h = append(h, "Prefer", fmt.Sprintf("wait=%d", int(pl.Hold/time.Second)))
			}
		}
		t0 := time.Now()
		r, err := api.Do(ctx, "GET", "/api/workshops/"+code, "", nil, h...)
		if ctx.Err() != nil {
			return out
		}
		failed := err != nil || r.Status >= 500 || r.Status == 429 || r.Status == 408
		held := false
		if err == nil {
			st.phonePolls.Add(1)
			held = (r.Status == 200 || r.Status == 304) && strings.Contains(r.Header.Get("Preference-Applied"), "wait=")
			switch r.Status {
			case 304:
				st.phone304.Add(1)
			case 200:
				var v struct {
					Section string `json:"section"`
				}
				if json.Unmarshal(r.Body, &v) == nil {
					out = append(out, sighting{at: time.Now(), section: v.Section})
				}
				etag = workshop.Etag(r)
			}
		}
		if failed {
			failures++
		} else {
			failures = 0
		}
		wait = pl.LongWait(failed, held, time.Since(t0), failures, rnd.Float64())
	}
}

// moveDelays are, for every move and every phone, the time from the PATCH
// being sent until the phone held the new section; a phone that did not
// before the next move (or end) counts as missed, with that whole time.
func moveDelays(moves []move, seen [][]sighting, end time.Time) (delays []time.Duration, missed int) {
	for mi, m := range moves {
		until := end
		if mi+1 < len(moves) {
			until = moves[mi+1].sent
		}
		for _, ss := range seen {
			d := time.Duration(-1)
			for _, s := range ss {
				if s.at.After(m.sent) && s.section == m.section {
					d = s.at.Sub(m.sent)
					break
				}
			}
			if d < 0 || m.sent.Add(d).After(until) {
				missed++
				d = until.Sub(m.sent)
			}
			delays = append(delays, d)
		}
	}
	return delays, missed
}

// costRow is the worker's CPU and latency of one kind of request, sent one
// after another.
type costRow struct {
	name     string
	how      string        // how they were sent; "": n sequential
	cpu      time.Duration // per request; -1: not measured
	p50, p95 time.Duration
}

// cost times sequential requests of one kind each: a phone's unchanged poll
// of the state, the wall's unchanged poll, a full read of the wall, and a
// changed answer.
func cost(ctx context.Context, w *workerd.Worker, code string, items []*lagesbild.Item, n int) ([]costRow, error) {
	api := workshop.New(w.URL)
	dev := workshop.Device("workshopload-cost", 0) // joins first: a join moves the wall's ETag
	if _, err := api.Join(ctx, code, dev); err != nil {
		return nil, err
	}
	wall, _, err := api.Wall(ctx, code, "")
	if err != nil {
		return nil, err
	}
	state, err := api.Do(ctx, "GET", "/api/workshops/"+code, "", nil)
	if err != nil {
		return nil, err
	}
	it := items[0]
	kinds := []struct {
		name string
		do   func(i int) (workshop.Reply, error)
		want []int
	}{
		{"a phone's poll, state unchanged (304)", func(int) (workshop.Reply, error) {
			return api.Do(ctx, "GET", "/api/workshops/"+code, "", nil, "If-None-Match", workshop.Etag(state))
		}, []int{304}},
		{"the wall's poll, unchanged (304)", func(int) (workshop.Reply, error) {
			return api.Do(ctx, "GET", "/api/workshops/"+code+"/wall", "", nil, "If-None-Match", wall.ETag)
		}, []int{304}},
		{"the full wall of the room (200)", func(int) (workshop.Reply, error) {
			return api.Do(ctx, "GET", "/api/workshops/"+code+"/wall", "", nil)
		}, []int{200}},
		{"an answer, changed (for comparison)", func(i int) (workshop.Reply, error) {
			return api.Answer(ctx, code, dev, it.ID, it.Options[i%2].Value)
		}, []int{200, 201}},
	}
	rows, err := heldCost(ctx, w, api, code, workshop.Etag(state))
	if err != nil {
		return nil, err
	}
	for _, k := range kinds {
		var lat []time.Duration
		cpu0, cpuErr := w.WorkerCPU()
		for i := 0; i < n; i++ {
			t0 := time.Now()
			r, err := k.do(i)
			if err != nil {
				return nil, err
			}
			if !contains(k.want, r.Status) {
				return nil, fmt.Errorf("%s: got %s, want %v", k.name, r, k.want)
			}
			lat = append(lat, time.Since(t0))
		}
		cpu1, _ := w.WorkerCPU()
		row := costRow{name: k.name, cpu: -1, p50: pct(lat, 50), p95: pct(lat, 95)}
		if cpuErr == nil {
			row.cpu = ((cpu1 - cpu0) / time.Duration(n)).Round(10 * time.Microsecond)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// heldCost is the worker's CPU per held poll: heldPhones phones' polls of
// an unchanged state, sent at once with Prefer: wait=heldWait, each held
// until it is answered 304.
func heldCost(ctx context.Context, w *workerd.Worker, api *workshop.Client, code, etag string) ([]costRow, error) {
	const heldPhones, heldWait = 300, 5 * time.Second
	lat := make([]time.Duration, heldPhones)
	errs := make([]error, heldPhones)
	cpu0, cpuErr := w.WorkerCPU()
	var wg sync.WaitGroup
	for i := range heldPhones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			r, err := api.Do(ctx, "GET", "/api/workshops/"+code, "", nil, "If-None-Match", etag, "Prefer", fmt.Sprintf("wait=%d", int(heldWait/time.Second)))
			lat[i] = time.Since(t0)
			switch {
			case err != nil:
				errs[i] = err
			case r.Status != 304 || r.Header.Get("Preference-Applied") == "":
				errs[i] = fmt.Errorf("a held poll: got %s (Preference-Applied %q), want 304 held", r, r.Header.Get("Preference-Applied"))
			}
		}()
	}
	wg.Wait()
	cpu1, _ := w.WorkerCPU()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	row := costRow{name: fmt.Sprintf("a phone's poll held %s, state unchanged (304)", heldWait), how: fmt.Sprintf("%d at once", heldPhones),
		cpu: -1, p50: pct(lat, 50), p95: pct(lat, 95)}
	if cpuErr == nil {
		row.cpu = ((cpu1 - cpu0) / heldPhones).Round(10 * time.Microsecond)
	}
	return []costRow{row}, nil
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// report prints the per-rate table, the cost of single requests, and the
// issue's targets with whether each is met: the whole table of issue 17
// when the page benches ran (p) and the creations were tried (cr).
func report(out io.Writer, c config, results []result, costs []costRow, p *pages, cr *creation) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(out)
	fmt.Fprintln(tw, "rate tried\tanswers/s sent\twall delay p50\twall delay p95\tcounted once\tphones' section change p95\tmax\tphones' requests/s\t")
	held := 0.0
	once := true
	var moves []time.Duration
	missed := 0
	for _, r := range results {
		if r.failed != nil {
			fmt.Fprintf(tw, "%.0f/s\tsaturated\t\t\tnot checked\t\t\t\t\n", r.rate)
			continue
		}
		ok := "yes"
		if r.once != nil {
			ok, once = "NO", false
		}
		fmt.Fprintf(tw, "%.0f/s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%.1f\t\n", r.rate, r.achieved, r.wallP50, r.wallP95, ok, pct(r.moves, 95), pct(r.moves, 100), r.phoneRate)
		if r.wallP95 <= 2*time.Second && r.achieved >= 0.95*r.rate && r.rate > held {
			held = r.rate
		}
		moves = append(moves, r.moves...)
		missed += r.missed
	}
	tw.Flush()
	fmt.Fprintln(out)
	for _, k := range costs {
		cpu := "n/a"
		if k.cpu >= 0 {
			cpu = k.cpu.String()
		}
		how := k.how
		if how == "" {
			how = fmt.Sprintf("%d sequential", c.polls)
		}
		fmt.Fprintf(out, "%s: worker CPU %s per request, latency p50 %s, p95 %s (%s)\n", k.name, cpu, k.p50, k.p95, how)
	}
	fmt.Fprintln(out)
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "NO"
	}
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.Debug)
	fmt.Fprintf(tw, "figure (%d participants × %d items)\tmeasured\ttarget\tmet?\t\n", c.participants, c.items)
	fmt.Fprintf(tw, "answers per second held with wall delay p95 ≤ 2 s\t%.0f\t≥ 30\t%s\t\n", held, yes(held >= 30))
	checked := 0.0
	for _, r := range results {
		if r.failed == nil {
			checked = max(checked, r.rate)
		}
	}
	atTop := checked == results[len(results)-1].rate
	fmt.Fprintf(tw, "every acknowledged answer counted exactly once\t%s (checked up to %.0f/s)\tyes, also at the highest rate\t%s\t\n",
		yes(once), checked, yes(once && atTop))
	mp := pct(moves, 95)
	fmt.Fprintf(tw, "a phone learns of a section change, p95 over %d phones (%d moves×phones, %d missed)\t%s\t≤ 2 s\t%s\t\n",
		c.participants, len(moves), missed, mp, yes(c.phones && len(moves) > 0 && mp <= 2*time.Second))
	cpu := costs[1].cpu
	fmt.Fprintf(tw, "worker CPU per poll that finds nothing new (a phone's; held %s; the wall's %s)\t%s\t≤ 1 ms\t%s\t\n", costs[0].cpu, costs[2].cpu, cpu, yes(cpu >= 0 && cpu <= time.Millisecond))
	if p != nil {
		j := p.join["this"]
		a := j.Figures["answerable"].Median
		fmt.Fprintf(tw, "participant page, first answerable, 4× slower CPU, 1.6 Mbit/s down, 150 ms RTT (median of %d)\t%s%s\t≤ 1.5 s\t%s\t\n",
			j.Loads, ms(a), before(p.join, "answerable"), yes(a > 0 && a <= 1500))
		wl := p.wall["this"]
		code, chart := wl.Figures["code"].Median, wl.Figures["chart"].Median
		fmt.Fprintf(tw, "wall: code and QR visible / chart drawn, at 10 Mbit/s (median of %d)\t%s / %s%s\t≤ 1 s / ≤ 3 s\t%s\t\n",
			wl.Loads, ms(code), ms(chart), beforeWall(p.wall), yes(code > 0 && code <= 1000 && chart > 0 && chart <= 3000))
	}
	if cr != nil {
		// "Small": a facilitator's few sessions a minute, not a flood; the
		// number is wrangler.toml's (worker/README.md, "Limits").
		fmt.Fprintf(tw, "sessions an anonymous client can create in a minute (%d tries in %s)\t%d, then 429 %s (after %s, in Swedish and English: %s)\ta small, documented number\t%s\t\n",
			cr.tries, c.createFor, cr.created, lagesbild.ERateLimited, cr.firstRefusal.Round(time.Millisecond), yes(bilingual(cr.refusal)),
			yes(cr.refused > 0 && cr.created <= 10 && bilingual(cr.refusal)))
	}
	tw.Flush()
	if !once {
		var errs []string
		for _, r := range results {
			if r.once != nil {
				errs = append(errs, fmt.Sprintf("%.0f/s: %v", r.rate, r.once))
			}
		}
		return fmt.Errorf("answers not counted exactly once:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}

// ms is a duration in ms as the table shows it.
func ms(v float64) string { return fmt.Sprintf("%.0f ms", v) }

// before is a page figure's median on the "before" site, if it ran.
func before(site map[string]workshop.PageBench, figure string) string {
	b, ok := site["before"]
	if !ok {
		return ""
	}
	return " (before: " + ms(b.Figures[figure].Median) + ")"
}

// beforeWall is the wall's two medians on the "before" site, if it ran.
func beforeWall(site map[string]workshop.PageBench) string {
	b, ok := site["before"]
	if !ok {
		return ""
	}
	return " (before: " + ms(b.Figures["code"].Median) + " / " + ms(b.Figures["chart"].Median) + ")"
}
