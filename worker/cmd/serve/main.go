//go:build !js

// Command serve runs the worker's API natively on net/http with SQLite, for
// quick work on the API without workerd. It is not how Lägesbild runs: that
// is `make dev` (workerd and D1).
//
//	ADMIN_TOKEN=... go run ./worker/cmd/serve -addr 127.0.0.1:8788 -db build/native.sqlite
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"lagesbild/worker"
	"lagesbild/worker/sqlite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8788", "address to listen on")
	path := flag.String("db", "build/native.sqlite", `SQLite file (":memory:" for a throwaway one)`)
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	db, err := sqlite.Open(ctx, *path)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	srv := &http.Server{Addr: *addr, Handler: worker.New(worker.Config{DB: db, AdminToken: os.Getenv("ADMIN_TOKEN")}),
		ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	log.Printf("serving the API on http://%s (database %s)", *addr, *path)
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
