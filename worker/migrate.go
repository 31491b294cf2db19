//go:build !js

package worker

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// The migrations that wrangler applies to D1, applied here to SQLite for the
// native server and the tests. Not built into the worker: D1's schema is
// wrangler's job there.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies the migrations not yet applied, in name order, recording
// them in d1_migrations as wrangler does, so a database can move between
// the two.
func Migrate(ctx context.Context, db *sql.DB) error { return migrate(ctx, db, "") }

// migrate applies the migrations not yet applied up to and including the one
// named last ("" for all): a test applies the older ones, stores data, and
// then the rest.
func migrate(ctx context.Context, db *sql.DB, last string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS d1_migrations (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		name TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, path := range names {
		name := path[len("migrations/"):]
		if last != "" && name > last {
			break
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM d1_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if n > 0 {
			continue
		}
		b, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO d1_migrations (name) VALUES (?)`, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}
