//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// sizes are bytes, brotli (quality 11) unless named raw or gzip.
type sizes struct {
	formWasm, formWasmRaw int64 // the questionnaire runner, build/public/form.wasm
	appWasm               int64 // the other pages' client (result, county, start), build/public/app.wasm
	chartsWasm            int64 // the charts, build/public/charts.wasm
	page                  int64 // the questionnaire page with its CSS and JS (not the wasm)
	surveyJS              int64 // survey-core + survey-js-ui + the default theme's CSS
	workerRaw, workerGzip int64 // build/worker/app.wasm
	goFloor               int64 // a Go program that only prints, built like form.wasm: what no Go wasm goes below
}

// surveyJSFiles are what the SurveyJS page loads from npm.
var surveyJSFiles = []string{
	"node_modules/survey-core/survey.core.min.js",
	"node_modules/survey-js-ui/survey-js-ui.min.js",
	"node_modules/survey-core/survey-core.min.css",
}

// questionnairePage is Lägesbild's pre-rendered questionnaire and what it loads besides the wasm.
var questionnairePage = []string{
	"build/public/enkat/kommun/index.html",
	"build/public/app.css",
	"build/public/loader.js",
	"build/public/wasm_exec.js",
	"build/public/enkat/kommun/v1.json",
}

func brotliSize(path string) (int64, error) {
	out, err := exec.Command("brotli", "-c", "-q", "11", path).Output()
	if err != nil {
		return 0, fmt.Errorf("brotli %s: %v (apt-get install brotli)", path, err)
	}
	return int64(len(out)), nil
}

func brotliSum(paths []string) (int64, error) {
	var sum int64
	for _, p := range paths {
		n, err := brotliSize(p)
		if err != nil {
			return 0, err
		}
		sum += n
	}
	return sum, nil
}

func measureSizes() (*sizes, error) {
	var s sizes
	var err error
	if s.formWasm, err = brotliSize("build/public/form.wasm"); err != nil {
		return nil, err
	}
	if fi, err := os.Stat("build/public/form.wasm"); err == nil {
		s.formWasmRaw = fi.Size()
	}
	if s.appWasm, err = brotliSize("build/public/app.wasm"); err != nil {
		return nil, err
	}
	if s.chartsWasm, err = brotliSize("build/public/charts.wasm"); err != nil {
		return nil, err
	}
	if s.page, err = brotliSum(questionnairePage); err != nil {
		return nil, err
	}
	if s.surveyJS, err = brotliSum(surveyJSFiles); err != nil {
		return nil, err
	}
	if s.goFloor, err = goFloor(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile("build/worker/app.wasm")
	if err != nil {
		return nil, err
	}
	s.workerRaw = int64(len(b))
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	s.workerGzip = int64(gz.Len())
	return &s, nil
}

// goFloor builds a Go program that only prints, with the flags of the
// client's binaries, and returns its brotli size: the runtime every Go wasm
// carries (TinyGo, which would go lower, cannot be had here).
func goFloor() (int64, error) {
	dir, err := os.MkdirTemp("", "lagesbild-gofloor-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	for name, text := range map[string]string{
		"go.mod":  "module floor\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() { println(\"hej\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return 0, err
		}
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", "floor.wasm", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building the floor program: %v\n%s", err, out)
	}
	return brotliSize(filepath.Join(dir, "floor.wasm"))
}
