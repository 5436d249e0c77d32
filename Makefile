# lawkb — two commands do everything on a fresh machine:
#   make run    build the index from ../shared/corpus/lawrefbook (first time) and serve on :8080
#   make test   unit tests (race detector), then the corpus-wide suite over ../shared

SHELL      := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
CORPUS     ?= ../shared/corpus/lawrefbook
DICT       ?= ../shared/dict/THUOCL_law.txt
INDEX      ?= data/index
ADDR       ?= :8080
BIN        := bin/lawkb

.PHONY: run build index test unit probe fuzz-short corpus-test e2e bench vet clean

build:
	go build -o $(BIN) ./cmd/lawkb

run: build
	$(BIN) serve --corpus $(CORPUS) --dict $(DICT) --index $(INDEX) --addr $(ADDR)

index: build
	$(BIN) index --corpus $(CORPUS) --dict $(DICT) --index $(INDEX)

test: vet unit probe fuzz-short corpus-test e2e

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	go vet -tags probe,overload ./api/

unit:
	go test -race -count=1 ./...

# Bad inputs on every route of a real server: each a 4xx, no 5xx, no panic.
probe:
	go test -tags probe -count=1 -run TestProbe ./api/

# Every fuzz target for a few seconds (scripts/fuzz.sh runs each for 10 minutes).
fuzz-short:
	FUZZTIME=3s scripts/fuzz.sh

# Whole-corpus checks (import, parser vs LawBench, citations, items, search quality);
# they skip with a message when ../shared is absent.
corpus-test:
	go test -tags corpus -count=1 -timeout 45m ./...

# The web UI in real headless Chromium against a real lawkb server.
e2e:
	go test -tags e2e -count=1 -timeout 20m ./web/

bench:
	go test -run '^$$' -bench . -benchtime 1x ./...

clean:
	rm -rf bin data
