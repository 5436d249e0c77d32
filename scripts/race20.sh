#!/usr/bin/env bash
# Runs the race-detector suite of the given packages N times in a row
# (default 20 runs of ./api ./indexer ./search) and stops at the first
# failure; a suite that passes only sometimes blocks every later change.
#
#   scripts/race20.sh                      # 20 × go test -race ./api ./indexer ./search
#   RUNS=5 scripts/race20.sh ./indexer     # 5 runs of one package
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/go/bin:$PATH
runs=${RUNS:-20}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./api ./indexer ./search)
go test -race -count=1 -run '^$' "${pkgs[@]}" >/dev/null # compile once
start=$(date +%s)
for i in $(seq 1 "$runs"); do
	t0=$(date +%s)
	if ! out=$(go test -race -count=1 "${pkgs[@]}" 2>&1); then
		echo "$out"
		echo "race20: run $i of $runs FAILED"
		exit 1
	fi
	echo "race20: run $i of $runs passed ($(( $(date +%s) - t0 )) s)"
done
echo "race20: $runs of $runs runs passed in $(( $(date +%s) - start )) s: ${pkgs[*]}"
