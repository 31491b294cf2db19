//go:build !js

// Package workerd runs the real Lägesbild worker in workerd (local and
// offline) for tests and measurements: a fresh D1 database in a temporary
// directory with the migrations applied, a free port, and a clean stop that
// leaves no process behind. It needs `make worker` (build/worker,
// build/public) and `make npm` (wrangler and miniflare in node_modules).
//
// The worker runs under Miniflare (serve.mjs), as wrangler dev runs it but
// without wrangler dev's proxy worker in front and without its reloads when
// build/ changes: the proxy could leave a GET unanswered for good (see
// serve.mjs), and neither exists where the worker is deployed. wrangler
// itself still applies the migrations and seeds (d1 … --local --persist-to),
// on the same state directory.
//
//	w, err := workerd.Start(ctx, workerd.Options{})
//	if errors.Is(err, workerd.ErrNotBuilt) { skip (or fail under CI: ForTests) }
//	defer w.Stop()
//	http.Get(w.URL + "/api/health")
//
// Options run other wrangler configurations (bench/: the stock glue, the
// plain-JS worker; e2e/pool: the test worker), pass worker variables, seed
// the database with SQL files, or start from a copy of a seeded state made
// once by NewState. WorkerCPU reads the CPU time of the workerd process that
// runs the worker (cpu.go), for `make bench`.
package workerd

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrNotBuilt is returned (wrapped) by Start when the worker or wrangler is
// missing: run `make worker` (and `make npm`).
var ErrNotBuilt = errors.New("the worker is not built")

// Options configure Start. The zero value is fine.
type Options struct {
	// Root is the repository root; "" finds it from the working directory.
	Root string
	// AdminToken is the worker's ADMIN_TOKEN; "" makes a random one.
	AdminToken string
	// Ready is how long to wait for /api/health; 0 means 90 s.
	Ready time.Duration
	// Config is the wrangler configuration to run, relative to Root; ""
	// means wrangler.toml (the worker as deployed, with the pool glue).
	// bench/ holds others: the stock glue, the plain-JavaScript worker;
	// e2e/pool/wrangler-testhooks.toml runs the test worker (build/worker-test).
	Config string
	// Vars are more worker variables (--var), e.g. GO_INSTANCES.
	Vars map[string]string
	// Limits keeps the rate limits of wrangler.toml on (worker/glue/limits.mjs).
	// Without it they are off (LIMITS=off): every test's requests come from
	// one address, and most tests make more of them than a client may. The
	// body's limits and deadline hold either way.
	Limits bool
	// Seed are SQL files (relative to Root) executed on the fresh database
	// after the migrations, before the worker starts.
	Seed []string
	// StateFrom is a state directory (e.g. made by NewState) copied as the
	// start of the fresh one, so a large seed is made once for many runs.
	StateFrom string
}

// Worker is a running worker: serve.mjs under node, with its workerd process.
type Worker struct {
	URL        string // http://127.0.0.1:<port>
	AdminToken string
	State      string // the --persist-to directory (D1 lives here)
	Inspector  string // host:port of workerd's inspector (V8 DevTools protocol), for profiling

	root      string
	cmd       *exec.Cmd
	logs      *syncBuffer
	exited    chan struct{}
	waitErr   error
	stop      sync.Once
	stopErr   error
	keepState bool // StopKeepingState: the database outlives the worker
}

// Root finds the repository root: the nearest directory up from the working
// directory with a wrangler.toml.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "wrangler.toml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no wrangler.toml above the working directory")
		}
		dir = parent
	}
}

// Built reports, as an error wrapping ErrNotBuilt, what is missing to run
// the worker from root.
func Built(root string) error {
	for _, p := range []struct{ path, how string }{
		{"node_modules/.bin/wrangler", "wrangler applies the migrations: `make setup` installs it from npm"},
		{"node_modules/miniflare/package.json", "miniflare runs workerd: `make setup` installs it from npm"},
		{"build/worker/app.wasm", "run `make worker`, or `make test`, which builds first"},
		{"build/worker/worker.mjs", "run `make worker`, or `make test`, which builds first"},
		{"build/public", "run `make worker`, or `make test`, which builds first"},
	} {
		if _, err := os.Stat(filepath.Join(root, p.path)); err != nil {
			return fmt.Errorf("%w: %s is missing (%s)", ErrNotBuilt, p.path, p.how)
		}
	}
	return nil
}

// env is the environment of wrangler: offline, no metrics, no account.
func env() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "CLOUDFLARE_API_TOKEN=") || strings.HasPrefix(kv, "CLOUDFLARE_ACCOUNT_ID=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=1", "NO_COLOR=1")
}

// Wrangler runs node_modules/.bin/wrangler in root with args and returns its
// combined output.
func Wrangler(ctx context.Context, root string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(root, "node_modules/.bin/wrangler"), args...)
	cmd.Dir = root
	cmd.Env = env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("wrangler %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return out, nil
}

// Start applies the migrations to a fresh local D1 in a temporary directory
// and starts the worker on a free port, returning once /api/health answers.
func Start(ctx context.Context, opt Options) (*Worker, error) {
	root := opt.Root
	if root == "" {
		var err error
		if root, err = Root(); err != nil {
			return nil, err
		}
	}
	if err := Built(root); err != nil {
		return nil, err
	}
	var config []string // wrangler's -c, when not the default
	cfg := "wrangler.toml"
	if opt.Config != "" {
		if _, err := os.Stat(filepath.Join(root, opt.Config)); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotBuilt, err)
		}
		config = []string{"-c", opt.Config}
		cfg = opt.Config
	}
	token := opt.AdminToken
	if token == "" {
		var b [16]byte
		rand.Read(b[:])
		token = "test-" + hex.EncodeToString(b[:])
	}
	state, err := os.MkdirTemp("", "lagesbild-workerd-")
	if err != nil {
		return nil, err
	}
	if opt.StateFrom != "" {
		if out, err := exec.CommandContext(ctx, "cp", "-a", opt.StateFrom+"/.", state).CombinedOutput(); err != nil {
			os.RemoveAll(state)
			return nil, fmt.Errorf("copying %s: %v\n%s", opt.StateFrom, err, out)
		}
	}
	if _, err := Wrangler(ctx, root, append([]string{"d1", "migrations", "apply", "DB", "--local", "--persist-to", state}, config...)...); err != nil {
		os.RemoveAll(state)
		return nil, err
	}
	for _, f := range opt.Seed {
		if _, err := Wrangler(ctx, root, append([]string{"d1", "execute", "DB", "--local", "--persist-to", state, "--file", f}, config...)...); err != nil {
			os.RemoveAll(state)
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(state)
		return nil, err
	}
	inspector, err := freePort()
	if err != nil {
		os.RemoveAll(state)
		return nil, err
	}
	w := &Worker{URL: "http://127.0.0.1:" + strconv.Itoa(port), AdminToken: token, State: state, root: root,
		logs: &syncBuffer{}, exited: make(chan struct{})}
	// --var wins over .dev.vars, so a developer's token never leaks into tests.
	args := []string{filepath.Join(root, "e2e/workerd/serve.mjs"), "--config", cfg,
		"--port", strconv.Itoa(port), "--inspector-port", strconv.Itoa(inspector),
		"--persist-to", state, "--var", "ADMIN_TOKEN:" + token}
	if !opt.Limits {
		args = append(args, "--var", "LIMITS:off")
	}
	for _, k := range sortedKeys(opt.Vars) {
		args = append(args, "--var", k+":"+opt.Vars[k])
	}
	if os.Getenv("LAGESBILD_WORKERD_LOG") != "" {
		args = append(args, "--log", os.Getenv("LAGESBILD_WORKERD_LOG")) // info: a line per request
	}
	w.Inspector = "127.0.0.1:" + strconv.Itoa(inspector)
	w.cmd = exec.Command("node", args...)
	w.cmd.Dir = root
	w.cmd.Env = env()
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	// Its own process group: Stop signals node and its workerd child together.
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.cmd.Start(); err != nil {
		os.RemoveAll(state)
		return nil, fmt.Errorf("starting the worker (node serve.mjs): %w", err)
	}
	go func() {
		w.waitErr = w.cmd.Wait()
		close(w.exited)
	}()
	ready := opt.Ready
	if ready == 0 {
		ready = 90 * time.Second
	}
	if err := w.waitHealthy(ctx, ready); err != nil {
		w.Stop()
		return nil, fmt.Errorf("%w\nthe worker said:\n%s", err, w.Logs())
	}
	return w, nil
}

// NewState makes a state directory with the migrations applied and opt.Seed
// executed, for Options.StateFrom; the caller removes it. Only Root,
// Config and Seed of opt are used.
func NewState(ctx context.Context, opt Options) (string, error) {
	root := opt.Root
	if root == "" {
		var err error
		if root, err = Root(); err != nil {
			return "", err
		}
	}
	var config []string
	if opt.Config != "" {
		config = []string{"-c", opt.Config}
	}
	state, err := os.MkdirTemp("", "lagesbild-state-")
	if err != nil {
		return "", err
	}
	if _, err := Wrangler(ctx, root, append([]string{"d1", "migrations", "apply", "DB", "--local", "--persist-to", state}, config...)...); err != nil {
		os.RemoveAll(state)
		return "", err
	}
	for _, f := range opt.Seed {
		if _, err := Wrangler(ctx, root, append([]string{"d1", "execute", "DB", "--local", "--persist-to", state, "--file", f}, config...)...); err != nil {
			os.RemoveAll(state)
			return "", err
		}
	}
	return state, nil
}

func (w *Worker) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(w.URL + "/api/health")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-w.exited:
			return fmt.Errorf("the worker exited before it was ready: %v", w.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/api/health did not answer 200 within %s (last: %v)", w.URL, limit, err)
		}
	}
}

// Logs returns what Miniflare and the worker printed so far.
func (w *Worker) Logs() string { return w.logs.String() }

// Stop ends the worker: node and its workerd process (SIGINT to the process
// group, SIGKILL after 15 s), checks that none is left, and removes the
// database. It is safe to call more than once.
func (w *Worker) Stop() error {
	w.stop.Do(func() {
		if !w.keepState {
			defer os.RemoveAll(w.State)
		}
		pgid := w.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGINT)
		select {
		case <-w.exited:
		case <-time.After(15 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-w.exited
		}
		// node has exited; its workerd child may take a moment longer.
		for i := 0; ; i++ {
			if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
				return // no process left in the group
			}
			if i == 50 {
				syscall.Kill(-pgid, syscall.SIGKILL)
			}
			if i == 100 {
				w.stopErr = fmt.Errorf("processes of group %d outlived the worker: %s", pgid, groupMembers(pgid))
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return w.stopErr
}

// StopKeepingState is Stop without removing the database: it returns the
// state directory, for Options.StateFrom of a worker that goes on with the
// same data (a restart). The caller removes the directory.
func (w *Worker) StopKeepingState() (string, error) {
	w.keepState = true
	return w.State, w.Stop()
}

// groupMembers lists the processes of a process group, for the error message.
func groupMembers(pgid int) string {
	out, _ := exec.Command("pgrep", "-a", "-g", strconv.Itoa(pgid)).CombinedOutput()
	return string(bytes.TrimSpace(out))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// syncBuffer is a bytes.Buffer safe for the worker's two output pipes and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
