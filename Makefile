# Lägesbild. The two commands a newcomer needs: `make dev` and `make test`.
# Everything they need (npm packages, Chromium) is installed by `make setup`.

SHELL := /bin/bash
GO ?= go
BUILD := build
WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

.PHONY: all setup npm chromium questionnaires check-questionnaires build test test-core-wasm fuzz lint size bench dev clean

all: build

## setup: installs what the project needs beyond Go and Node (idempotent).
setup: npm chromium

npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund
	@touch $@

chromium:
	@command -v chromium >/dev/null || { \
	  echo "installing chromium from apt"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium >/dev/null; }

## questionnaires: checks every questionnaire file and compiles it to canonical JSON.
questionnaires:
	$(GO) run ./questionnaires/check -w

## check-questionnaires: checks them only (exit 1 on the first bad file).
check-questionnaires:
	$(GO) run ./questionnaires/check

build: questionnaires

## test: every test — core natively and under js/wasm, worker in workerd, browser in Chromium.
test: setup build
	$(GO) test -count=1 ./...
	$(MAKE) test-core-wasm

## test-core-wasm: the pure core's tests under GOOS=js GOARCH=wasm with node, so the browser and the worker compute the same numbers.
test-core-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" . ./questionnaires

## fuzz: runs each fuzz target for FUZZTIME (default 30s). Minimizing is capped: the seeds are large questionnaires.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x ./questionnaires/authoring
	$(GO) test -run='^$$' -fuzz=FuzzScore -fuzztime=$(FUZZTIME) -fuzzminimizetime=50x .

## lint: go vet (native and js/wasm), gofmt, staticcheck.
lint:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) tool staticcheck ./...
	GOOS=js GOARCH=wasm $(GO) tool staticcheck ./...

clean:
	rm -rf $(BUILD)
