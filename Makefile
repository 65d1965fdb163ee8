# Planboard: `make run` starts it with demo data, `make test` runs every test.
# Both install what they need on a fresh Debian/Ubuntu machine first.
SHELL := /bin/bash
GO ?= go
BIN := bin/planboard
# VERSION is what `planboard version`, /metrics and the admin's footer show.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: run test test-dates deps deps-browser build dist lint vet bench soak e2e fuzz clean

## run: build and serve on http://127.0.0.1:8080 with a private PostgreSQL and demo data in ./data
run: deps build
	./$(BIN) serve

## test: every Go test against a real PostgreSQL (private cluster), plus browser tests
test: deps deps-browser
	$(GO) vet ./...
	@bash scripts/check-layers.sh
	@bash scripts/check-clock.sh
	$(GO) test -count=1 -p 2 -timeout 20m ./...
	$(MAKE) e2e

## test-dates: the Go tests at hard moments (PLANBOARD_TEST_NOW moves the whole run's clock), then at
## the real date: New Year's Eve and Day in UTC+7 (the local and the UTC day differ), a day inside
## the January holidays and the first working day after them, 29 February, a Saturday, a Sunday,
## the last day of a quarter. Every moment runs even when an earlier one fails; the failing ones are
## listed at the end and the target exits non-zero. Before a release.
TEST_DATES ?= 2026-12-31T23:30:00+07:00 2027-01-01T00:30:00+07:00 2027-01-04T10:00:00+07:00 \
	2027-01-05T09:00:00+07:00 2027-01-11T09:00:00+07:00 2028-02-29T12:00:00+07:00 \
	2027-03-06T10:00:00+07:00 2027-03-07T22:00:00+07:00 2027-06-30T23:00:00+07:00
test-dates: deps
	@failed=""; for d in $(TEST_DATES) now; do \
	  echo "== PLANBOARD_TEST_NOW=$$d"; \
	  if [ "$$d" = now ]; then unset PLANBOARD_TEST_NOW; else export PLANBOARD_TEST_NOW=$$d; fi; \
	  $(GO) test -count=1 -p 2 -timeout 20m ./... || failed="$$failed $$d"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-dates: FAILED at$$failed"; exit 1; fi; \
	echo "test-dates: every moment passed"

## e2e: journeys 1–3, exports, accessibility (axe-core, keyboard, 200 % zoom) and reflow on phones
## (320 CSS px, every page as every role) in a real headless Chromium (screenshots in e2e/artifacts/)
e2e: deps-browser
	cd e2e && node --test --test-concurrency=1 journeys.test.mjs oversight.test.mjs a11y.test.mjs reflow.test.mjs import.test.mjs nok.test.mjs inbox.test.mjs siteaudit.test.mjs region.test.mjs survey.test.mjs

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/planboard

## dist: static binaries (CGO_ENABLED=0) for linux/amd64 and linux/arm64 in dist/, named
## planboard-<version>-<os>-<arch>, with dist/SHA256SUMS and dist/VERSION (VERSION=… overrides)
DIST_PLATFORMS := linux/amd64 linux/arm64
dist:
	rm -rf dist && mkdir -p dist
	@set -e; for p in $(DIST_PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; out=dist/planboard-$(VERSION)-$$os-$$arch; \
	  echo "== $$out"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $$out ./cmd/planboard; \
	done
	echo "$(VERSION)" > dist/VERSION
	cd dist && sha256sum planboard-* > SHA256SUMS && cat SHA256SUMS

## fuzz: every fuzz target (each func Fuzz* in a _test.go file) for FUZZTIME each (default 30s);
## `make test` runs their seed corpora (minimising a new input is capped at 5s so it does not eat the run). New crashers land in <pkg>/testdata/fuzz/ and stay as seeds.
FUZZTIME ?= 30s
fuzz:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for name in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | cut -d' ' -f2 | sort); do \
	    echo "== $$dir $$name ($(FUZZTIME))"; \
	    $(GO) test $$dir -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s; \
	  done; \
	done

## deps: PostgreSQL server binaries (apt) and Go modules
deps:
	@bash scripts/install-deps.sh postgres
	$(GO) mod download

## deps-browser: Chromium, LibreOffice Calc and the e2e node modules (for browser tests)
deps-browser:
	@bash scripts/install-deps.sh browser

lint: vet
	@bash scripts/check-layers.sh
	@bash scripts/check-clock.sh

vet:
	$(GO) vet ./...

## soak: the load and fault tests at full size (200 users for 60 s on the mixed journeys, a burst of
## 200 logins, three remind runners over a simulated week, three serve replicas delivering 2000 mails,
## a PostgreSQL restart); writes bench/soak-results.md. SOAK_USERS, SOAK_DURATION, SOAK_DAYS,
## SOAK_MAILS, SOAK_LOGINS override
soak: deps
	@bash bench/soak.sh

## bench: load benchmarks against a large synthetic data set (see bench/)
bench: deps build
	@bash bench/run.sh

clean:
	rm -rf bin dist
