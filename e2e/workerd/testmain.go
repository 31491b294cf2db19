//go:build !js

package workerd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"lagesbild/e2e/ci"
)

// ForTests starts the worker a test package shares, for its TestMain (after
// flag.Parse). With -short, or when the worker or wrangler is missing, it
// returns no worker and why the tests skip; an error is a worker that would
// not start, or, under CI (e2e/ci), what is missing: CI must not pass by
// skipping.
func ForTests(opt Options) (w *Worker, skipWhy string, err error) {
	if testing.Short() {
		return nil, "-short: not starting workerd", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w, err = Start(ctx, opt)
	if errors.Is(err, ErrNotBuilt) {
		skipWhy, err = ci.Skip(err.Error())
		return nil, skipWhy, err
	}
	if err != nil {
		return nil, "", fmt.Errorf("starting the worker in workerd: %w", err)
	}
	return w, "", nil
}

// Main is the whole TestMain of a package whose tests share one worker and
// need nothing else: it starts the worker (ForTests), runs the tests and
// stops it, returning the exit code. *w is the worker, nil when the tests
// are to skip, and *skipWhy then says why (for the package's need).
func Main(m *testing.M, opt Options, w **Worker, skipWhy *string) int {
	flag.Parse()
	var err error
	if *w, *skipWhy, err = ForTests(opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if *w == nil {
		return m.Run()
	}
	return (*w).Finish(m.Run())
}

// Finish ends a TestMain that ran against w: it prints the worker's output
// when a test failed (or with -v), stops the worker, and returns the exit
// code, 1 when the worker did not stop cleanly.
func (w *Worker) Finish(code int) int {
	if code != 0 || testing.Verbose() {
		fmt.Fprintf(os.Stderr, "--- the worker's output ---\n%s\n", w.Logs())
	}
	if err := w.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping the worker:", err)
		return 1
	}
	return code
}
