# Lägesbild. The two commands a newcomer needs: `make dev` and `make test`.
# Everything they need (npm packages, Chromium) is installed by `make setup`.

SHELL := /bin/bash
GO ?= go
BUILD := build
WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
# Where `make setup` installs Chromium (apt) and where the tests and `make bench` look for it
# (e2e/chromium.DefaultPath says the same: TestMakefileAgrees).
export LAGESBILD_CHROMIUM ?= /usr/bin/chromium

.PHONY: all setup npm apt questionnaires check-questionnaires build test test-core-wasm fuzz lint size bench dev clean

all: build

## setup: installs what the project needs beyond Go and Node (idempotent).
setup: npm apt

# npm ci installs what package-lock.json says and never rewrites it (npm install may: make test must not change tracked files).
npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# From apt, as <file>:<package>: Chromium (browser tests, make bench), brotli (make bench, bench-client).
# One apt-get update and install for whatever is missing, then each file must be there.
APT := $(LAGESBILD_CHROMIUM):chromium /usr/bin/brotli:brotli
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
apt:
	@missing=; for fp in $(APT); do test -x "$${fp%:*}" || missing="$$missing $${fp##*:}"; done; \
	  if [ -n "$$missing" ]; then echo "installing from apt:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null || exit 1; fi; \
	  for fp in $(APT); do test -x "$${fp%:*}" || { echo "$${fp%:*} is missing after apt-get install $${fp##*:}"; exit 1; }; done

## questionnaires: checks every questionnaire file and compiles it to canonical JSON.
questionnaires:
	$(GO) run ./questionnaires/check -w

## check-questionnaires: checks them, and that compiled/ is what they compile to, writing nothing (exit 1 naming the stale file).
check-questionnaires:
	$(GO) run ./questionnaires/check

# build (and so test, dev, bench) only checks compiled/: a check that rewrote what it checks could never fail.
build: check-questionnaires worker client assets

## test: every test — core natively and under js/wasm, worker in workerd, the glue's pool and the participants' page's script in node, browser in Chromium, the deployable bundle (dry run), and the size budgets (make size).
test: setup build worker-test dry-run size
	$(GO) test -count=1 ./...
	$(MAKE) test-core-wasm
	$(MAKE) test-glue
	$(MAKE) test-join

## test-core-wasm: under GOOS=js GOARCH=wasm with node, the tests of every package that builds for it (core, questionnaires, worker, client), so the browser and the worker compute the same numbers.
# The list is computed: a test that needs the host (a process, SQLite) is tagged //go:build !js, not its package left out.
# It fails when a package the shipped wasm binaries (WASM_MAINS) contain has tests, but none that runs under js/wasm.
WASM_MAINS := ./worker/cmd/worker $(addprefix ./wasm/,form app charts facilitator wall)
HAS_TESTS := {{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}
test-core-wasm:
	@set -eo pipefail; \
	  pkgs=$$(GOOS=js GOARCH=wasm $(GO) list -f '$(HAS_TESTS)' ./... | sort); \
	  shipped=$$(GOOS=js GOARCH=wasm $(GO) list -deps -f '{{if and .Module (eq .Module.Path "lagesbild")}}{{.ImportPath}}{{end}}' $(WASM_MAINS)); \
	  gap=$$(comm -23 <($(GO) list -e -f '$(HAS_TESTS)' $$shipped | sort) <(echo "$$pkgs")); \
	  if [ -n "$$gap" ]; then echo "test-core-wasm: shipped in js/wasm, but no test of theirs builds for it (tag only the host-only tests !js):" $$gap; exit 1; fi; \
	  echo GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=go_js_wasm_exec $$pkgs; \
	  GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" $$pkgs

## fuzz: runs each fuzz target for FUZZTIME (default 30s). Minimizing is capped: the seeds are large questionnaires.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./questionnaires/authoring
	$(GO) test -run='^$$' -fuzz=FuzzScore -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x .
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/tinyjson
	$(GO) test -run='^$$' -fuzz=FuzzAppendString -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/tinyjson
	$(GO) test -run='^$$' -fuzz=FuzzParseDraft -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/ui
	$(GO) test -run='^$$' -fuzz=FuzzParseLink -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/ui
	$(GO) test -run='^$$' -fuzz=FuzzParseTokens -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/invite
	$(GO) test -run='^$$' -fuzz=FuzzKeyRounds -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./wasm/invite
	$(GO) test -run='^$$' -fuzz=FuzzResponse -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./worker
	$(GO) test -run='^$$' -fuzz=FuzzRunningText -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./worker

## lint: go vet (native and js/wasm), gofmt, staticcheck.
lint:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) tool staticcheck ./...
	@# The tool itself must run natively: take its path, then check the js/wasm build.
	GOOS=js GOARCH=wasm $$($(GO) tool -n staticcheck) ./...

## ---- the worker (worker/, wrangler.toml, e2e/) ----
WRANGLER := node_modules/.bin/wrangler
# The local D1 database and what else wrangler keeps between `make dev` runs.
STATE := .wrangler/state
WORKER_SRC = $(shell find worker -name '*.go' -not -name '*_test.go') $(filter-out %_test.go,$(wildcard *.go)) \
	$(wildcard worker/sql/*.sql) questionnaires/questionnaires.go $(wildcard questionnaires/compiled/*.json data/*.csv) go.mod go.sum \
	$(filter-out %_test.go,$(wildcard api/*.go markup/*.go qr/*.go))

.PHONY: worker migrate seed bench-worker

## worker: the Cloudflare Worker: Go to build/worker/app.wasm, with syumai/workers' JS runtime and our glue (worker/glue).
worker: $(BUILD)/worker/app.wasm
	@# Our glue (worker.mjs and the modules it imports) keeps a pool of Go instances per isolate; the generated
	@# one starts one per request and is kept as stock.mjs, for `make bench` to compare (bench/stock/wrangler.toml).
	@for f in $(GLUE); do cmp -s $$f $(BUILD)/worker/$${f##*/} || cp $$f $(BUILD)/worker/; done
	@stock=$$($(GO) list -m -f '{{.Dir}}' github.com/syumai/workers)/cmd/workers-assets-gen/assets/common/worker.mjs; \
	  cmp -s $$stock $(BUILD)/worker/stock.mjs || cp $$stock $(BUILD)/worker/stock.mjs
	@test -d $(BUILD)/public || { mkdir -p $(BUILD)/public && \
	  echo '<!doctype html><html lang="sv"><meta charset="utf-8"><title>Lägesbild</title><p>Klienten är inte byggd. API: <a href="/api/health">/api/health</a></html>' \
	  > $(BUILD)/public/index.html; }

$(BUILD)/worker/app.wasm: $(WORKER_SRC)
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(BUILD)/worker
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./worker/cmd/worker

# The glue's modules: worker.mjs imports the others (wrangler bundles them); not its tests.
GLUE = $(filter-out %.test.mjs,$(wildcard worker/glue/*.mjs))

.PHONY: worker-test test-glue test-join
## worker-test: the worker built with the test routes of worker/cmd/worker/hooks.go (tag testhooks) in build/worker-test, for e2e/pool (e2e/pool/wrangler-testhooks.toml); never deployed.
worker-test: worker $(BUILD)/worker-test/app.wasm
	@cp -p $(BUILD)/worker/wasm_exec.js $(addprefix $(BUILD)/worker/,$(notdir $(GLUE))) $(BUILD)/worker-test/

$(BUILD)/worker-test/app.wasm: $(WORKER_SRC)
	@mkdir -p $(@D)
	GOOS=js GOARCH=wasm $(GO) build -tags testhooks -trimpath -ldflags='-s -w' -o $@ ./worker/cmd/worker

## test-join: the participants' page's script (assets/workshop/join.mjs) under Node's own test runner: no browser.
test-join:
	node --test assets/workshop/*.test.mjs

## test-glue: the glue's pool (worker/glue/pool.mjs) under Node's own test runner, with fake Go instances: no workerd.
test-glue:
	node --test worker/glue/*.test.mjs

## migrate: applies worker/migrations to the local D1 database under .wrangler/state.
migrate: npm
	$(WRANGLER) d1 migrations apply DB --local --persist-to $(STATE)

## seed: synthetic responses of all 290 municipalities in the demo round (fixed seed; existing rows are kept, so seeding twice changes nothing).
seed: migrate
	@mkdir -p $(BUILD)
	$(GO) run ./worker/cmd/seed -o $(BUILD)/seed.sql
	$(WRANGLER) d1 execute DB --local --persist-to $(STATE) --file $(BUILD)/seed.sql >/dev/null

# The admin token of the local worker; git-ignored.
.dev.vars:
	@printf 'ADMIN_TOKEN=dev-%s\n' "$$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" > $@
	@echo "made .dev.vars: the admin token of the local worker (Authorization: Bearer <ADMIN_TOKEN>)"

## dev: builds everything, migrates and seeds the local D1, and serves the app and the API in workerd on http://127.0.0.1:8787.
dev: setup build .dev.vars seed
	$(WRANGLER) dev --local --ip 127.0.0.1 --port 8787 --persist-to $(STATE) --show-interactive-dev-session=false

## ---- deploying (README.md, "I produktion / In production"; deploy/deploy.sh) ----
.PHONY: deploy dry-run backup
## deploy: migrates the remote D1 database, then deploys; needs LAGESBILD_D1_ID (never committed) and the secret ADMIN_TOKEN set.
deploy: npm build
	deploy/deploy.sh deploy

## dry-run: wrangler deploy --dry-run (offline) of the configuration `make deploy` generates; fails on an invalid configuration or a bundle over 3 MB gzip. Part of `make test`.
dry-run: npm worker assets
	deploy/deploy.sh dry-run $(BUILD)/dry-run

## backup: a dated SQL export of the remote D1 database into backups/ (git-ignored); needs LAGESBILD_D1_ID.
backup: npm
	deploy/deploy.sh backup

## size: the worker's wasm in bytes, raw and gzip (Cloudflare's free plan takes 3 MB gzip), and the projector wall's
## wall.wasm, raw and brotli (under 1.2 MB: its chart drawn within 3 s at 10 Mbit/s, issue 17; 0.97 MB now).
size: worker $(BUILD)/public/wall.wasm
	@raw=$$(stat -c %s $(BUILD)/worker/app.wasm); gz=$$(gzip -9 -c $(BUILD)/worker/app.wasm | wc -c); \
	  printf 'worker wasm: %d bytes raw, %d bytes gzip (limit 3000000)\n' $$raw $$gz; \
	  test $$gz -lt 3000000 || { echo "the worker is over 3 MB gzip"; exit 1; }
	@set -o pipefail; raw=$$(stat -c %s $(BUILD)/public/wall.wasm); br=$$(brotli -c $(BUILD)/public/wall.wasm | wc -c); \
	  printf 'wall.wasm: %d bytes raw, %d bytes brotli (limit 1200000)\n' $$raw $$br; \
	  test $$br -lt 1200000 || { echo "wall.wasm is over 1.2 MB brotli: its chart would miss 3 s at 10 Mbit/s"; exit 1; }

## bench: issue 6's figures in one run and one table (also build/bench.txt): worker CPU per request in workerd with
## the pool glue, the stock glue and a plain-JS worker on the same SQL; comparisons over 1k/10k/100k responses; the
## questionnaire beside SurveyJS in headless Chromium; wasm sizes. Method: README.md, "Performance". About 10 minutes.
.PHONY: bench-workers bench-pages
bench: setup build
	$(GO) run ./bench
## bench-workers, bench-pages: the worker part, or the browser part and sizes, of `make bench` alone.
bench-workers: npm worker
	$(GO) run ./bench -only workers -o $(BUILD)/bench-workers.txt
bench-pages: setup build
	$(GO) run ./bench -only browser -o $(BUILD)/bench-pages.txt

## bench-worker: p50/p95 latency of GET /api/rounds/demo/counties/24 in workerd (demo seeded through the API), 200 requests.
bench-worker: npm worker
	$(GO) run ./e2e/cmd/latency

## bench-workshop: issue 17's targets in one run (about 8 minutes): per rate of 8/16/30/40 answers/s a session of 300 simulated participants with their phones long-polling as assets/workshop/join.mjs does (wasm/workshop.ParticipantPoll) and a wall; the wall's delay, every answer counted once, how soon phones follow a section change, and the worker's CPU per unchanged poll; then the participants' page and the wall in Chromium (e2e/workshop's TestBenchJoinPage, TestBenchWall) and the sessions one client may create in a minute; prints issue 17's whole table. BENCH_BEFORE=<a built checkout, e.g. main's> loads its pages by turns too.
.PHONY: bench-workshop
BENCH_BEFORE ?=
bench-workshop: npm build
	$(GO) run ./e2e/cmd/workshopload $(if $(BENCH_BEFORE),-before $(BENCH_BEFORE))

## soak: mixed traffic (answers, comparisons, exports, a workshop room, slow clients) against workerd for SOAK (default 10m), the worker restarted twice on the same D1; checks every acknowledged write is stored exactly once and prints p95 per route.
SOAK ?= 10m
.PHONY: soak
soak: npm worker
	$(GO) run ./e2e/cmd/soak -duration $(SOAK)

## ---- the browser client (wasm/, assets/) ----
CLIENT_SRC = $(shell find wasm/app wasm/plan wasm/coordinator wasm/form wasm/page wasm/report wasm/tinyjson wasm/charts wasm/chart wasm/dom wasm/i18n wasm/ui markup wasm/retry qr wasm/invite wasm/table api -name '*.go' -not -name '*_test.go') \
	$(filter-out %_test.go,$(wildcard *.go)) \
	questionnaires/questionnaires.go $(wildcard questionnaires/compiled/*.json data/*.csv) go.mod go.sum
ASSETS_SRC = $(shell find assets -type f -not -name '*_test.go' -not -path 'assets/build/testdata/*')

# The workshop's binaries (issue 5): facilitator (syscall/js, with the QR encoder), projector wall (canvas 2D). The participants'
# page has none: its script is assets/workshop/join.mjs (issue 17), tested under node (make test-join).
WORKSHOP_SRC = $(shell find wasm/facilitator wasm/wall wasm/workshop qr wasm/dom wasm/page wasm/i18n wasm/ui wasm/tinyjson markup wasm/retry api -name '*.go' -not -name '*_test.go') \
	$(filter-out %_test.go,$(wildcard *.go)) questionnaires/questionnaires.go go.mod go.sum
WORKSHOP_WASM = $(BUILD)/public/facilitator.wasm $(BUILD)/public/wall.wasm

.PHONY: client assets bench-client

## client: the browser client's wasm binaries, the questionnaire runner (form, small: syscall/js without fmt or reflect), the other pages (app), the charts (ebiten), and the workshop's two (facilitator, wall), in build/public.
client: $(BUILD)/public/form.wasm $(BUILD)/public/app.wasm $(BUILD)/public/charts.wasm $(WORKSHOP_WASM)

$(BUILD)/public/%.wasm: $(CLIENT_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/$*

$(WORKSHOP_WASM): $(BUILD)/public/%.wasm: $(WORKSHOP_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/$*

## assets: renders the pages (every questionnaire as plain HTML), minifies them with the CSS, JS and SVG, and writes them with wasm_exec.js into build/public.
assets: $(BUILD)/public/sw.js

$(BUILD)/public/sw.js: $(ASSETS_SRC) $(CLIENT_SRC) $(BUILD)/public/form.wasm $(BUILD)/public/app.wasm $(BUILD)/public/charts.wasm $(WORKSHOP_WASM)
	$(GO) run ./assets/build -out $(BUILD)/public

## bench-client: brotli sizes of the wasm binaries, and the time from navigation until the first question can be answered (median of cold loads in headless Chromium, served by workerd).
# setup: brotli and Chromium from apt. A size that cannot be taken stops it (pipefail), rather than printing 0.
bench-client: setup build
	@set -eo pipefail; for f in form app charts; do raw=$$(stat -c %s $(BUILD)/public/$$f.wasm); br=$$(brotli -c $(BUILD)/public/$$f.wasm | wc -c); \
	  printf '%s.wasm: %d bytes raw, %d bytes brotli\n' $$f $$raw $$br; done
	LAGESBILD_BENCH=1 $(GO) test -count=1 -run '^TestBenchFirstAnswer$$' -v ./e2e

clean:
	rm -rf $(BUILD)
