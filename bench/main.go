//go:build !js

// Command bench measures Lägesbild against what it is compared with, in one
// run, and prints one table (also written to build/bench.txt): `make bench`.
//
//   - The worker in workerd (wrangler dev, local, offline) on one seeded D1
//     database, three ways: the Go worker with the project's glue (a pool of
//     reused Go instances), the same Go binary under the stock glue of
//     syumai/workers (bench/stock: an instance per request), and a plain
//     JavaScript worker running the same SQL files (bench/jsworker). CPU is
//     Δ(utime+stime) of the workerd process that holds the D1 file open, over
//     sequential requests after a warm-up; latency is wall clock at the client.
//   - Comparisons over 1k, 10k and 100k stored responses, and beside them
//     the indicator routes (national and county 24's, as its lead reads them).
//   - The questionnaire in headless Chromium: Lägesbild's pre-rendered page and
//     wasm client, and the same questionnaire in SurveyJS (bench/surveyjs, from
//     npm, never shipped), both served by one small Go server here; median of
//     cold loads, at full speed and with the CPU slowed 4×.
//   - Sizes: the wasm binaries and SurveyJS, brotli.
//
// The method is in README.md, "Performance".
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"lagesbild/e2e/workerd"
)

func main() {
	requests := flag.Int("requests", 300, "sequential requests per worker cell")
	loads := flag.Int("loads", 15, "cold page loads per browser cell")
	scaleList := flag.String("scales", "1000,10000,100000", "responses per scale round")
	out := flag.String("o", "build/bench.txt", "file to write the table to (relative to the repository)")
	only := flag.String("only", "", "run only part: workers, browser or sizes")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")

	root, err := workerd.Root()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.Chdir(root); err != nil {
		log.Fatal(err)
	}
	// Everything is checked now: the run takes minutes, and a tool missing
	// at its end (brotli, for the sizes) would waste them.
	if err := preflight(root, *only); err != nil {
		log.Fatal(err)
	}
	var scales []int
	for _, s := range strings.Split(*scaleList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("-scales: %q is not a number of responses", s)
		}
		scales = append(scales, n)
	}
	signal.Ignore(syscall.SIGPIPE) // output cut short (| head): still stop wrangler and Chromium
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logf := func(format string, args ...any) { log.Printf(format, args...) }

	start := time.Now()
	var r results
	r.scales = scales
	r.requests = strconv.Itoa(*requests)
	if *only == "" || *only == "workers" {
		if r.workers, err = benchWorkers(ctx, *requests, scales, logf); err != nil {
			log.Fatal(err)
		}
	}
	if *only == "" || *only == "sizes" || *only == "browser" {
		if r.sizes, err = measureSizes(); err != nil {
			log.Fatal(err)
		}
	}
	if *only == "" || *only == "browser" {
		if r.browser, err = benchBrowser(ctx, *loads, logf); err != nil {
			log.Fatal(err)
		}
	}
	r.took = time.Since(start)
	table := r.table()
	fmt.Print(table)
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*out, []byte(table), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %s", *out)
	}
}
