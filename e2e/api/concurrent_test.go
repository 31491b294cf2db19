//go:build !js

package api_test

import (
	"strings"
	"sync"
	"testing"
)

// TestConcurrentRequests: the glue gives each of its Go instances one
// request at a time (e2e/pool tests it further); many at once must all be
// answered, each counted once, with no cross-request I/O error from workerd.
func TestConcurrentRequests(t *testing.T) {
	need(t)
	q, _ := round(t, "e2e-concurrent")
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan string, 2*n)
	munis := []string{"0114", "0115", "0117", "0120", "0123", "0125"}
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			r := post(t, "/api/responses", w.AdminToken, response(t, i, "e2e-concurrent", q, munis[i%len(munis)], answers(q, i%3)))
			if r.Status != 201 {
				errs <- "POST: " + r.String()
			}
		}(i)
		go func() {
			defer wg.Done()
			if r := get(t, "/api/rounds/e2e-concurrent/counties/01", w.AdminToken); r.Status != 200 {
				errs <- "GET: " + r.String()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := count(t, "e2e-concurrent"); got != n {
		t.Errorf("%d responses stored, want %d", got, n)
	}
	for _, bad := range []string{"Cannot perform I/O", "different request", "Uncaught", "panic:"} {
		if strings.Contains(w.Logs(), bad) {
			t.Errorf("workerd logged %q:\n%s", bad, w.Logs())
		}
	}
}
