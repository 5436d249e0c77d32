#!/usr/bin/env bash
# Runs every fuzz target of the repository, one after the other, for
# FUZZTIME each (default 10m): the parsers of corpus, crawler and the
# analyzer, and the request decoders of the API and the web UI.
# `make test` runs it with FUZZTIME=3s; crashers land in testdata/fuzz and
# become regression cases of the plain tests.
#
#   scripts/fuzz.sh                 # 10 minutes per target
#   FUZZTIME=30s scripts/fuzz.sh    # a quick pass
#   scripts/fuzz.sh ./api           # the targets of one package
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/go/bin:$PATH
fuzztime=${FUZZTIME:-10m}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=($(go list ./... | sed "s|^$(go list -m)|.|"))
failed=0
for pkg in "${pkgs[@]}"; do
	for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		start=$(date +%s)
		if out=$(go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" 2>&1); then
			execs=$(echo "$out" | grep -o 'execs: [0-9]*' | tail -1 | cut -d' ' -f2 || true)
			echo "fuzz: $pkg $target: ok, ${execs:-?} execs in $(( $(date +%s) - start )) s"
		else
			echo "$out" | grep -v '^time=' | tail -30
			echo "fuzz: $pkg $target: FAILED"
			failed=$((failed + 1))
		fi
	done
done
[ "$failed" -eq 0 ] || { echo "fuzz: $failed targets failed"; exit 1; }
