//go:build !js

package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lagesbild/e2e/ci"
)

// TestBackupRestore does what README.md's restore steps say, against a
// local D1 (offline): a database with the migrations and the demo seed,
// `deploy.sh backup --local`, the database wiped, the export executed into
// a fresh one; every table then has the rows it had.
func TestBackupRestore(t *testing.T) {
	repo, err := filepath.Abs("..")
	must(t, err)
	wrangler := filepath.Join(repo, "node_modules/.bin/wrangler")
	if _, err := os.Stat(wrangler); err != nil {
		why, err := ci.Skip("wrangler is missing: make setup installs it")
		if err != nil {
			t.Fatal(err)
		}
		t.Skip(why)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "wrangler.toml") // its local D1 lives in dir/.wrangler/state
	if out, err := run(repo, wrangler, "", "config", "local-lagesbild", cfg); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	w := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(wrangler, append(args, "--local", "-c", cfg)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=1", "NO_COLOR=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("wrangler %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	w("d1", "migrations", "apply", "DB")
	seed := filepath.Join(dir, "seed.sql")
	cmd := exec.Command("go", "run", "./worker/cmd/seed", "-o", seed)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	w("d1", "execute", "DB", "--file", seed, "-y")

	counts := func() map[string]int {
		t.Helper()
		var tables []struct {
			Results []struct{ Name string } `json:"results"`
		}
		must(t, json.Unmarshal(w("d1", "execute", "DB", "--json", "--command",
			`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name`), &tables))
		// One row, a column per table (D1 refuses a UNION of a dozen SELECTs).
		var q []string
		for _, r := range tables[0].Results {
			q = append(q, `(SELECT count(*) FROM "`+r.Name+`") AS "`+r.Name+`"`)
		}
		var rows []struct {
			Results []map[string]int `json:"results"`
		}
		must(t, json.Unmarshal(w("d1", "execute", "DB", "--json", "--command", "SELECT "+strings.Join(q, ", ")), &rows))
		m := rows[0].Results[0]
		return m
	}
	before := counts()
	if before["responses"] == 0 || before["measures"] == 0 || before["d1_migrations"] == 0 {
		t.Fatalf("the seeded database has no responses, measures or migrations: %v", before)
	}

	backup := filepath.Join(dir, "backups/test.sql")
	out, err := run(repo, wrangler, "", "backup", "--local", "--config", cfg, "--output", backup)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out[strings.LastIndex(out, "backup:"):]))
	must(t, os.RemoveAll(filepath.Join(dir, ".wrangler")))
	w("d1", "execute", "DB", "--file", backup, "-y")
	after := counts()
	if !reflect.DeepEqual(after, before) {
		t.Errorf("rows per table after the restore:\n%v\nwant, as before the backup:\n%v", after, before)
	}
	t.Logf("rows per table before the backup and after the restore: %v", before)
}
