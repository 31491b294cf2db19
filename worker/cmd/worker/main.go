//go:build js && wasm

// Command worker is the Cloudflare Worker: the API handler on D1. Built to
// build/worker/app.wasm by `make worker`; wrangler.toml binds DB, and
// ADMIN_TOKEN comes from .dev.vars locally or `wrangler secret put` deployed.
//
// It runs under two glues, with the same binary:
//   - worker/glue/worker.mjs (the default, installed by `make worker`) keeps a
//     pool of Go instances and sets keepAlive in each instance's runtime
//     context: the program then serves request after request and never ends;
//   - the stock glue of workers-assets-gen (build/worker/stock.mjs, for
//     `make bench`) starts an instance per request and expects the program
//     to end after it, as workers.Serve does.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log"
	"net/http"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"

	"lagesbild/worker"
)

func main() {
	// Log lines go straight to console.log, one call each, without the
	// timestamp (workerd's clock stands still while a request runs, and its
	// logs are stamped anyway): os.Stderr would cost a round trip through
	// wasm_exec's file system emulation per write.
	log.SetFlags(0)
	log.SetOutput(console{js.Global().Get("console")})
	h := handler()
	if !js.Global().Get("context").Get("keepAlive").Truthy() {
		workers.Serve(h) // the stock glue: one request, then exit
		return
	}
	bind(h) // the way in for the pool glue (serve.go)
	workers.Ready()
	select {} // under js/wasm this yields to JavaScript: requests arrive as callbacks
}

// console writes log output with console.log.
type console struct{ js.Value }

func (c console) Write(p []byte) (int, error) {
	c.Call("log", strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func handler() http.Handler {
	if _, err := d1.OpenConnector("DB"); err != nil {
		// A missing binding is a deployment fault: say so on every request
		// rather than crash with a stack trace.
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"code":"internal","error":"the D1 binding DB is missing"}` + "\n"))
		})
	}
	var db *sql.DB
	if b := newBridge(); b != nil {
		db = sql.OpenDB(bridgeConnector{b}) // the pool glue's D1 (d1.go)
	} else {
		db = sql.OpenDB(currentD1{})
		// No idle connections: each one is made for the request at hand,
		// with that request's binding.
		db.SetMaxIdleConns(0)
	}
	// MAX_WORKSHOPS (a var in wrangler.toml) caps the workshop sessions
	// running at once; unset or not a number: worker.DefaultMaxWorkshops.
	maxRooms, _ := strconv.Atoi(cloudflare.Getenv("MAX_WORKSHOPS"))
	h := worker.New(worker.Config{
		DB:           db,
		AdminToken:   cloudflare.Getenv("ADMIN_TOKEN"),
		MaxWorkshops: maxRooms,
	})
	return testHooks(h, db)
}

// currentD1 connects to the DB binding of the request being served: it reads
// the binding from the runtime context on every Connect, where d1's own
// connector keeps the one of the instance's first request.
type currentD1 struct{}

func (currentD1) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := d1.OpenConnector("DB")
	if err != nil {
		return nil, err
	}
	return c.Connect(ctx)
}

func (currentD1) Driver() driver.Driver { return &d1.Driver{} }
