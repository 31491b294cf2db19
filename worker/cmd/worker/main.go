//go:build js && wasm

// Command worker is the Cloudflare Worker: the API handler on D1. Built to
// build/worker/app.wasm by `make worker`; wrangler.toml binds DB, and
// ADMIN_TOKEN comes from .dev.vars locally or `wrangler secret put` deployed.
//
// It serves and then waits forever, rather than ending after one request as
// workers.Serve does, so worker/glue/worker.mjs (installed by `make worker`
// over the generated worker.mjs) can keep one Go instance for many requests.
// The generated glue, which starts an instance per request, expects the
// program to end: use it only with workers.Serve.
package main

import (
	"database/sql"
	"net/http"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"

	"lagesbild/worker"
)

func main() {
	workers.ServeNonBlock(handler())
	workers.Ready()
	select {} // under js/wasm this yields to JavaScript: requests arrive as callbacks
}

func handler() http.Handler {
	c, err := d1.OpenConnector("DB")
	if err != nil {
		// A missing binding is a deployment fault: say so on every request
		// rather than crash with a stack trace.
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"code":"internal","error":"the D1 binding DB is missing"}` + "\n"))
		})
	}
	return worker.New(worker.Config{
		DB:         sql.OpenDB(c),
		AdminToken: cloudflare.Getenv("ADMIN_TOKEN"),
	})
}
