//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
)

// pages are the page benches' figures: the participants' page and the
// wall in Chromium (e2e/workshop's TestBenchJoinPage and TestBenchWall),
// per site ("this", and "before" with -before).
type pages struct {
	join, wall map[string]workshop.PageBench
}

// pageBenches runs e2e/workshop's page benches as `go test` runs them
// (with the tests' own workerd and Chromium), and reads the figures they
// write. Their lines ("bench-join: …", "bench-wall: …") go to stdout; all
// their output if they fail.
func pageBenches(ctx context.Context, root, before string) (pages, error) {
	dir, err := os.MkdirTemp("", "lagesbild-pagebench-")
	if err != nil {
		return pages{}, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, "go", "test", "./e2e/workshop", "-run", "^TestBench(JoinPage|Wall)$", "-count=1", "-v")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "LAGESBILD_BENCH=1", "LAGESBILD_BENCH_OUT="+dir)
	if before != "" {
		cmd.Env = append(cmd.Env, "LAGESBILD_BENCH_BEFORE="+before)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.Stdout.Write(out)
		return pages{}, fmt.Errorf("the page benches (go test ./e2e/workshop -run TestBench…): %w", err)
	}
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		if strings.HasPrefix(sc.Text(), "bench-") {
			fmt.Println("  " + sc.Text())
		}
	}
	p := pages{join: map[string]workshop.PageBench{}, wall: map[string]workshop.PageBench{}}
	for page, into := range map[string]map[string]workshop.PageBench{"join": p.join, "wall": p.wall} {
		figures, err := workshop.ReadPageBench(dir, page)
		if err != nil {
			return pages{}, err
		}
		for _, f := range figures {
			into[f.Site] = f
		}
	}
	return p, nil
}

// creation is what one anonymous client may do in a minute: how many
// sessions it created, how many of its tries were refused, and the first
// refusal.
type creation struct {
	created, refused int
	tries            int
	firstRefusal     time.Duration // after the first try
	refusal          workshop.Reply
}

// creations tries to create a session every 200 ms for d, from one address
// with no token, against the worker with its rate limits on as deployed
// (wrangler.toml: LIMIT_WORKSHOPS; workerd.Options.Limits). The load's
// worker runs with them off: 300 participants share one address there.
func creations(ctx context.Context, root string, d time.Duration) (creation, error) {
	w, err := workerd.Start(ctx, workerd.Options{Root: root, Limits: true})
	if err != nil {
		return creation{}, err
	}
	defer w.Stop()
	api := workshop.New(w.URL)
	var c creation
	start := time.Now()
	for tick := time.NewTicker(200 * time.Millisecond); time.Since(start) < d; <-tick.C {
		r, err := api.Do(ctx, "POST", "/api/workshops", "", map[string]any{})
		if err != nil {
			return c, fmt.Errorf("creating a session: %w", err)
		}
		c.tries++
		switch {
		case r.Status == http.StatusCreated:
			c.created++
		case r.Status == http.StatusTooManyRequests && r.Code() == lagesbild.ERateLimited:
			if c.refused == 0 {
				c.firstRefusal, c.refusal = time.Since(start), r
			}
			c.refused++
		default:
			return c, fmt.Errorf("creating a session: got %s, want 201 or 429", r)
		}
	}
	return c, nil
}

// bilingual reports whether a refusal's message is in Swedish and English
// (the glue's RATE_MESSAGE: "… / …").
func bilingual(r workshop.Reply) bool {
	_, msg := r.Error()
	return strings.Contains(msg, "Vänta") && strings.Contains(msg, "Wait")
}
