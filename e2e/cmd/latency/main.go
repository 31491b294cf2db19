//go:build !js

// Command latency measures the worker in workerd: it starts the real worker
// on a fresh local D1 (package workerd), fills the demo round by posting the
// synthetic responses of all 290 municipalities through the API, then times
// sequential GET /api/rounds/demo/counties/24 and prints p50/p95. The
// figures are wall-clock times seen by a client on the same machine,
// wrangler's local proxy included.
//
//	go run ./e2e/cmd/latency [-n 200]    (make bench-worker)
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"time"

	"lagesbild/e2e/workerd"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

func main() {
	n := flag.Int("n", 200, "GET requests to time")
	path := flag.String("path", "/api/rounds/demo/counties/24", "route to time")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("latency: ")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	w, err := workerd.Start(ctx, workerd.Options{})
	if err != nil {
		log.Fatal(err)
	}
	code := 0
	if err := measure(ctx, w, *n, *path); err != nil {
		log.Print(err)
		code = 1
	}
	if err := w.Stop(); err != nil {
		log.Print(err)
		code = 1
	}
	os.Exit(code)
}

func measure(ctx context.Context, w *workerd.Worker, n int, path string) error {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	responses := worker.DemoResponses("demo", q, 2026)
	var posts []time.Duration
	postCPU, _ := w.WorkerCPU()
	for _, r := range responses {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		b, _ := json.Marshal(r)
		start := time.Now()
		resp, err := client.Post(w.URL+"/api/responses", "application/json", bytes.NewReader(b))
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		posts = append(posts, time.Since(start))
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("POST %s: %d %s", r.ID, resp.StatusCode, body)
		}
	}
	fmt.Printf("seeded the demo round through the API: %d responses, %d municipalities\n", len(responses), 290)
	report("POST /api/responses", posts)
	if after, err := w.WorkerCPU(); err == nil && postCPU > 0 {
		fmt.Printf("%-40s %.1f ms per request\n", "CPU of the worker (POST)", ms(after-postCPU)/float64(len(posts)))
	}

	var gets []time.Duration
	var cpuBefore time.Duration
	for i := 0; i < n+5; i++ {
		if i == 5 {
			if cpuBefore, err = w.WorkerCPU(); err != nil {
				log.Print(err) // the latency is still worth printing
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		start := time.Now()
		resp, err := client.Get(w.URL + path)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		if i >= 5 { // the first few warm wrangler's proxy up
			gets = append(gets, time.Since(start))
		}
	}
	report("GET "+path, gets)
	if cpuAfter, err := w.WorkerCPU(); err == nil && cpuBefore > 0 {
		fmt.Printf("%-40s %.1f ms per request (the workerd process holding D1, over %d requests)\n",
			"CPU of the worker", ms(cpuAfter-cpuBefore)/float64(len(gets)), len(gets))
	}
	return nil
}

func report(what string, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	fmt.Printf("%-40s n=%d  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", what, len(ds),
		ms(q(0.50)), ms(q(0.95)), ms(ds[len(ds)-1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
