//go:build !js

// Package sqlite opens the worker's database natively, on modernc.org/sqlite
// (pure Go), for the native server and the tests: the same schema as D1,
// from worker/migrations.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"lagesbild/worker"
)

// Open opens (or creates) the database at path, or a private in-memory one
// for ":memory:", and applies the migrations. Foreign keys are on, as in D1.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	dsn := "file:" + url.PathEscape(path) + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
	if path == ":memory:" {
		dsn = "file::memory:?_pragma=foreign_keys(1)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// One connection: an in-memory database lives in its connection, and
	// SQLite writes one at a time anyway.
	db.SetMaxOpenConns(1)
	if err := worker.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	return db, nil
}
