//go:build !js

// Package ci decides what a test does when something it needs is missing
// (Chromium, the built worker or client, wrangler): on a developer's
// machine it skips, saying why; under CI it fails. A skipped test still
// prints ok, so in CI a missing browser would pass the browser tests
// without anyone noticing. The harnesses (e2e/chromium, e2e/workerd) use it;
// test packages use the harnesses.
package ci

import (
	"fmt"
	"os"
	"strings"
)

// On reports whether the tests run under CI: $CI set to anything but
// "", "0" or "false" (.ci/run sets CI=true, as CI services do).
func On() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("CI"))) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// Skip turns why (what is missing, and how to get it) into the reason to
// skip, or under CI into an error that should fail the run. An empty why
// is nothing missing.
func Skip(why string) (skipWhy string, err error) {
	if why == "" {
		return "", nil
	}
	if On() {
		return "", fmt.Errorf("CI=%s: not skipping, this must run in CI: %s", os.Getenv("CI"), why)
	}
	return why, nil
}
