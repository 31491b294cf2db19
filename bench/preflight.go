//go:build !js

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"lagesbild/e2e/chromium"
	"lagesbild/e2e/workerd"
)

// parts are what -only may name; "" runs them all.
var parts = []string{"workers", "sizes", "browser"}

// runs reports whether a run with -only only measures part. The browser
// part also prints the sizes.
func runs(only, part string) bool {
	return only == "" || only == part || only == "browser" && part == "sizes"
}

// requirement is something a part needs on this machine, and how to get it.
type requirement struct {
	part    string
	path    string // a file (relative to the repository, or absolute), or with command a program on PATH
	command bool
	how     string
}

func requirements() []requirement {
	const setup, build = "make setup installs it", "make build makes it"
	reqs := []requirement{
		{"workers", "build/worker/stock.mjs", false, "make worker makes it"}, // the stock glue, bench/stock
		{"sizes", "brotli", true, "make setup installs it from apt"},
		{"sizes", "go", true, "the Go toolchain, for the floor program"},
		{"sizes", "build/worker/app.wasm", false, "make worker makes it"},
		{"sizes", "build/public/form.wasm", false, build},
		{"sizes", "build/public/app.wasm", false, build},
		{"sizes", "build/public/charts.wasm", false, build},
		{"browser", chromium.Path(), false, "make setup installs it from apt"},
		{"browser", "bench/surveyjs/index.html", false, "part of the repository"},
	}
	for _, f := range questionnairePage {
		reqs = append(reqs, requirement{"sizes", f, false, build})
	}
	for _, f := range surveyJSFiles {
		reqs = append(reqs, requirement{"sizes", f, false, setup + " from npm"})
	}
	for _, v := range variants {
		reqs = append(reqs, requirement{"workers", v.config, false, "part of the repository"})
	}
	return reqs
}

// missing lists what the parts that only asks for need and this machine
// (root, lookPath for programs) lacks, each with how to get it, so that
// `make bench` stops at once rather than after minutes of measuring.
func missing(root, only string, lookPath func(string) (string, error)) ([]string, error) {
	if only != "" && !slices.Contains(parts, only) {
		return nil, fmt.Errorf("-only %q: want one of %v", only, parts)
	}
	var out []string
	if runs(only, "workers") {
		if err := workerd.Built(root); err != nil { // wrangler and the worker, as the tests need them
			out = append(out, err.Error())
		}
	}
	for _, r := range requirements() {
		if !runs(only, r.part) {
			continue
		}
		if r.command {
			if _, err := lookPath(r.path); err != nil {
				out = append(out, fmt.Sprintf("%s is not on PATH (%s)", r.path, r.how))
			}
			continue
		}
		p := r.path
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		if _, err := os.Stat(p); err != nil {
			out = append(out, fmt.Sprintf("%s is missing (%s)", r.path, r.how))
		}
	}
	return slices.Compact(out), nil
}

// preflight fails with everything missing, or returns nil.
func preflight(root, only string) error {
	m, err := missing(root, only, exec.LookPath)
	if err != nil {
		return err
	}
	if len(m) == 0 {
		return nil
	}
	msg := "cannot start, this machine lacks (`make setup build` gets all of it):"
	for _, s := range m {
		msg += "\n  - " + s
	}
	return fmt.Errorf("%s", msg)
}
