//go:build !js

// Command profile shows where the Go worker spends its CPU in workerd: it
// builds the worker with symbol names and the test routes (build/worker-prof,
// tag testhooks, so /api/_test/noop can be profiled too), runs it with the
// pool glue on a seeded local D1 (bench/profile/wrangler.toml), and takes a
// V8 CPU profile through wrangler's inspector over sequential requests to
// one route. It prints the functions with the most self time and the time
// by Go package. A tool for finding what to optimize; `make bench` does not
// run it.
//
//	go run ./bench/cmd/profile [-path /api/health] [-n 300] [-config bench/jsworker/wrangler.toml]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/chromedp/remote"

	"lagesbild/e2e/workerd"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

func main() {
	path := flag.String("path", "/api/rounds/demo/counties/24", "route to profile")
	n := flag.Int("n", 300, "requests while profiling")
	top := flag.Int("top", 40, "functions to list")
	config := flag.String("config", "bench/profile/wrangler.toml", "wrangler configuration to profile, e.g. bench/jsworker/wrangler.toml for the plain-JS floor")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("profile: ")
	root, err := workerd.Root()
	if err != nil {
		log.Fatal(err)
	}
	os.Chdir(root)
	// It copies make worker's glue and runs wrangler: check both before building.
	if err := workerd.Built(root); err != nil {
		log.Fatal(err)
	}
	if err := build(); err != nil {
		log.Fatal(err)
	}
	// Interrupted, or its output cut short (| head), it still stops wrangler.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, _ := os.MkdirTemp("", "lagesbild-profile-")
	defer os.RemoveAll(dir)
	seed := filepath.Join(dir, "demo.sql")
	q, _ := questionnaires.Get("kommun", 0)
	f, _ := os.Create(seed)
	bw := bufio.NewWriter(f)
	if err := worker.WriteSeedSQL(bw, q, worker.DemoResponses("demo", q, 2026), "2026-01-01T00:00:00Z"); err != nil {
		log.Fatal(err)
	}
	bw.Flush()
	f.Close()
	w, err := workerd.Start(ctx, workerd.Options{Config: *config, Seed: []string{seed}})
	if err != nil {
		log.Fatal(err)
	}
	err = run(ctx, w, *path, *n, *top)
	if serr := w.Stop(); err == nil {
		err = serr
	}
	if err != nil {
		os.RemoveAll(dir)
		log.Fatal(err)
	}
}

func run(ctx context.Context, w *workerd.Worker, path string, n, top int) error {
	get := func() error {
		req, _ := http.NewRequestWithContext(ctx, "GET", w.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 && resp.StatusCode != 404 {
			return fmt.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		return nil
	}
	for range 50 {
		if err := get(); err != nil {
			return err
		}
	}
	var getErr error
	prof, err := profile(ctx, w.Inspector, func() {
		cpu0, _ := w.WorkerCPU()
		for range n {
			if getErr = get(); getErr != nil {
				return
			}
		}
		cpu1, _ := w.WorkerCPU()
		fmt.Printf("workerd CPU: %.1f ms per request over %d requests\n", float64((cpu1-cpu0).Microseconds())/1000/float64(n), n)
	})
	if err != nil {
		return err
	}
	if getErr != nil {
		return getErr
	}
	report(prof, n, top)
	return nil
}

func build() error {
	out := "build/worker-prof"
	os.MkdirAll(out, 0o755)
	cmd := exec.Command("go", "build", "-tags", "testhooks", "-trimpath", "-o", out+"/app.wasm", "./worker/cmd/worker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	glue, _ := filepath.Glob("worker/glue/*.mjs") // worker.mjs and the modules it imports
	for _, src := range append([]string{"build/worker/wasm_exec.js", "build/worker/runtime.mjs"}, glue...) {
		if strings.HasSuffix(src, ".test.mjs") {
			continue
		}
		dst := filepath.Base(src)
		b, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("%v (make worker first)", err)
		}
		if err := os.WriteFile(filepath.Join(out, dst), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type node struct {
	ID        int `json:"id"`
	CallFrame struct {
		FunctionName string `json:"functionName"`
		URL          string `json:"url"`
	} `json:"callFrame"`
	HitCount int   `json:"hitCount"`
	Children []int `json:"children"`
}

type cpuProfile struct {
	Nodes      []node  `json:"nodes"`
	StartTime  float64 `json:"startTime"`
	EndTime    float64 `json:"endTime"`
	Samples    []int   `json:"samples"`
	TimeDeltas []int   `json:"timeDeltas"`
}

func profile(ctx context.Context, inspector string, during func()) (*cpuProfile, error) {
	resp, err := http.Get("http://" + inspector + "/json")
	if err != nil {
		return nil, err
	}
	var targets []struct {
		Title, URL           string
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	if len(targets) == 0 {
		return nil, fmt.Errorf("no inspector targets at %s", inspector)
	}
	ws := targets[0].WebSocketDebuggerURL
	for _, t := range targets {
		log.Printf("inspector target: %s %s", t.Title, t.WebSocketDebuggerURL)
	}
	conn, err := remote.DialContext(ctx, ws, remote.WithConnHTTPHeader(http.Header{"Origin": {"http://" + inspector}}))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	id := int64(0)
	call := func(method string, params any) (json.RawMessage, error) {
		id++
		p, _ := json.Marshal(params)
		if err := conn.Write(ctx, &cdproto.Message{ID: id, Method: cdproto.MethodType(method), Params: p}); err != nil {
			return nil, err
		}
		for {
			var m cdproto.Message
			if err := conn.Read(ctx, &m); err != nil {
				return nil, err
			}
			if m.ID == id {
				if m.Error != nil {
					return nil, fmt.Errorf("%s: %v", method, m.Error)
				}
				return json.RawMessage(m.Result), nil
			}
		}
	}
	if _, err := call("Profiler.enable", struct{}{}); err != nil {
		return nil, err
	}
	if _, err := call("Profiler.setSamplingInterval", map[string]int{"interval": 100}); err != nil {
		return nil, err
	}
	if _, err := call("Profiler.start", struct{}{}); err != nil {
		return nil, err
	}
	start := time.Now()
	during()
	res, err := call("Profiler.stop", struct{}{})
	if err != nil {
		return nil, err
	}
	log.Printf("profiled %s", time.Since(start).Round(time.Millisecond))
	var out struct{ Profile cpuProfile }
	if err := json.Unmarshal(res, &out); err != nil {
		return nil, err
	}
	return &out.Profile, nil
}

func report(p *cpuProfile, n, top int) {
	byID := map[int]*node{}
	parent := map[int]int{}
	for i := range p.Nodes {
		byID[p.Nodes[i].ID] = &p.Nodes[i]
		for _, c := range p.Nodes[i].Children {
			parent[c] = p.Nodes[i].ID
		}
	}
	self := map[int]float64{} // µs by node
	for i, s := range p.Samples {
		if i+1 < len(p.TimeDeltas) {
			self[s] += float64(p.TimeDeltas[i+1])
		}
	}
	name := func(nd *node) string {
		f := nd.CallFrame.FunctionName
		if f == "" {
			f = "(anonymous)"
		}
		if u := nd.CallFrame.URL; u != "" && !strings.HasPrefix(f, "(") {
			f += " " + filepath.Base(u)
		}
		return f
	}
	selfByName := map[string]float64{}
	incl := map[string]float64{}
	pkg := map[string]float64{}
	var total float64
	for id, us := range self {
		nd := byID[id]
		total += us
		selfByName[name(nd)] += us
		pkg[pkgOf(nd.CallFrame.FunctionName, nd.CallFrame.URL)] += us
		seen := map[string]bool{}
		for cur := id; cur != 0; cur = parent[cur] {
			nm := name(byID[cur])
			if !seen[nm] {
				incl[nm] += us
				seen[nm] = true
			}
		}
	}
	idle := selfByName["(idle)"] + selfByName["(program)"]
	fmt.Printf("profile: %.1f ms sampled, %.1f ms idle/program; per request: %.2f ms busy\n", total/1000, idle/1000, (total-idle)/1000/float64(n))
	list := func(title string, m map[string]float64, k int) {
		type kv struct {
			k string
			v float64
		}
		var s []kv
		for a, b := range m {
			s = append(s, kv{a, b})
		}
		sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
		fmt.Printf("\n%s (ms per request)\n", title)
		for i, e := range s {
			if i == k {
				break
			}
			fmt.Printf("%8.3f  %s\n", e.v/1000/float64(n), e.k)
		}
	}
	list("self time by function", selfByName, top)
	list("self time by Go package / JS file", pkg, 30)
	list("inclusive time by function", incl, top)

	// The call tree, top down, nodes of at least 1% of the busy time.
	inclNode := map[int]float64{}
	for id, us := range self {
		for cur := id; cur != 0; cur = parent[cur] {
			inclNode[cur] += us
		}
	}
	fmt.Printf("\ncall tree (ms per request, inclusive; nodes >= 1%% of busy time)\n")
	var walk func(id, depth int)
	walk = func(id, depth int) {
		nd := byID[id]
		if inclNode[id] < (total-idle)/100 || depth > 40 {
			return
		}
		fmt.Printf("%8.3f %s%s\n", inclNode[id]/1000/float64(n), strings.Repeat("  ", depth), name(nd))
		kids := append([]int(nil), nd.Children...)
		sort.Slice(kids, func(i, j int) bool { return inclNode[kids[i]] > inclNode[kids[j]] })
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(p.Nodes[0].ID, 0)
}

// pkgOf is the Go package of a wasm function name, or the JS file.
func pkgOf(fn, url string) string {
	if strings.HasSuffix(url, ".wasm") || strings.Contains(url, "wasm://") {
		f := strings.TrimPrefix(fn, "$")
		if i := strings.LastIndex(f, "/"); i >= 0 {
			j := strings.Index(f[i:], ".")
			if j >= 0 {
				return f[:i+j]
			}
		}
		if j := strings.Index(f, "."); j >= 0 {
			return f[:j]
		}
		return f
	}
	if url == "" {
		return fn
	}
	return filepath.Base(url)
}
