//go:build !js

package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"lagesbild/e2e/ci"
)

const goodID = "3f2a9c4e-1b7d-4e8a-9f10-2c3d4e5f6a7b"

// fakeRoot is a copy of what deploy.sh reads (itself, wrangler.toml, a
// built worker) in a temporary folder, and a stand-in wrangler there that
// logs its arguments and answers `secret list` with secrets (JSON), so the
// order of the deploy's steps can be checked without an account.
func fakeRoot(t *testing.T, secrets string) (root, log string) {
	t.Helper()
	root = t.TempDir()
	for _, f := range []string{"deploy/deploy.sh", "wrangler.toml"} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		must(t, os.MkdirAll(filepath.Join(root, filepath.Dir(f)), 0o755))
		must(t, os.WriteFile(filepath.Join(root, f), b, 0o755))
	}
	must(t, os.MkdirAll(filepath.Join(root, "build/worker"), 0o755))
	must(t, os.MkdirAll(filepath.Join(root, "build/public"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "build/worker/app.wasm"), nil, 0o644))
	log = filepath.Join(root, "wrangler.log")
	fake := "#!/bin/sh\necho \"$*\" >> " + log + "\ncase \"$1 $2\" in 'secret list') printf '%s\\n' '" + secrets + "';; esac\n"
	must(t, os.WriteFile(filepath.Join(root, "wrangler"), []byte(fake), 0o755))
	return root, log
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func run(root, wrangler, id string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(root, "deploy/deploy.sh"), args...)
	cmd.Env = append(os.Environ(), "WRANGLER="+wrangler, "LAGESBILD_D1_ID="+id,
		"WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CLOUDFLARE_API_TOKEN=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestDeployRefuses: no database id, the local one, or one that is no D1
// id stops the deploy before wrangler runs; so does a worker without the
// secret ADMIN_TOKEN, before any migration.
func TestDeployRefuses(t *testing.T) {
	tests := []struct {
		name, id, secrets, want string
	}{
		{"no id", "", `[{"name":"ADMIN_TOKEN","type":"secret_text"}]`, "LAGESBILD_D1_ID is not set"},
		{"local id", "local-lagesbild", `[{"name":"ADMIN_TOKEN","type":"secret_text"}]`, "the local database's id"},
		{"not an id", "lagesbild", `[{"name":"ADMIN_TOKEN","type":"secret_text"}]`, "is not a D1 database id"},
		{"no secret", goodID, `[]`, "the worker has no secret ADMIN_TOKEN"},
		{"another secret", goodID, `[{"name": "ADMIN_TOKEN_OLD", "type": "secret_text"}]`, "the worker has no secret ADMIN_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, log := fakeRoot(t, tt.secrets)
			out, err := run(root, filepath.Join(root, "wrangler"), tt.id, "deploy")
			if code := exitCode(err); code != 1 {
				t.Fatalf("exit %d, want 1; output:\n%s", code, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output %q, want it to say %q", out, tt.want)
			}
			calls, _ := os.ReadFile(log)
			for _, c := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
				if c != "" && !strings.HasPrefix(c, "secret list") {
					t.Errorf("wrangler %s ran before the refusal", c)
				}
			}
		})
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// TestDeployOrder: with the id and the secret, the remote database is
// migrated before the code is deployed, both with the generated
// configuration, which holds the id and is under build/ (git-ignored).
func TestDeployOrder(t *testing.T) {
	root, log := fakeRoot(t, `[{"name": "ADMIN_TOKEN", "type": "secret_text"}]`)
	out, err := run(root, filepath.Join(root, "wrangler"), goodID, "deploy")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	calls, err := os.ReadFile(log)
	must(t, err)
	cfg := "-c build/wrangler.deploy.toml"
	want := "secret list --format json " + cfg + "\nd1 migrations apply DB --remote " + cfg + "\ndeploy " + cfg + "\n"
	if got := string(calls); got != want {
		t.Errorf("wrangler ran\n%s\nwant\n%s", got, want)
	}
	toml, err := os.ReadFile(filepath.Join(root, "build/wrangler.deploy.toml"))
	must(t, err)
	for _, line := range []string{`database_id = "` + goodID + `"`, `main = "../build/worker/worker.mjs"`,
		`migrations_dir = "../worker/migrations"`, `directory = "../build/public"`} {
		if !strings.Contains(string(toml), line+"\n") {
			t.Errorf("the generated configuration lacks %s:\n%s", line, toml)
		}
	}
}

// TestDeployRefusesLoggedOut runs the real wrangler, offline and without
// a token: it cannot list the secrets, so the deploy stops saying how to
// log in.
func TestDeployRefusesLoggedOut(t *testing.T) {
	wrangler, err := filepath.Abs("../node_modules/.bin/wrangler")
	must(t, err)
	if _, err := os.Stat(wrangler); err != nil {
		why, err := ci.Skip("wrangler is missing: make setup installs it")
		if err != nil {
			t.Fatal(err)
		}
		t.Skip(why)
	}
	root, _ := fakeRoot(t, "")
	out, err := run(root, wrangler, goodID, "deploy")
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit %d, want 1; output:\n%s", code, out)
	}
	if !strings.Contains(out, "could not list the worker's secrets (not logged in? run npx wrangler login)") {
		t.Errorf("output %q, want the refusal", out)
	}
}
