#!/usr/bin/env bash
# Runs every fuzz target of the repository for FUZZTIME each (default 10m):
# the parsers of corpus, crawler and the analyzer, and the request decoders
# of the API and the web UI. `make test` runs it with FUZZTIME=3s; crashers
# land in testdata/fuzz and become regression cases of the plain tests.
# JOBS runs that many targets at a time, one fuzzing worker each.
#
#   scripts/fuzz.sh                 # 10 minutes per target, one after the other
#   JOBS=2 scripts/fuzz.sh          # two at a time (docs/QUALITY.md's figures)
#   FUZZTIME=30s scripts/fuzz.sh    # a quick pass
#   scripts/fuzz.sh ./api           # the targets of one package
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/go/bin:$PATH
export FUZZTIME=${FUZZTIME:-10m}
jobs=${JOBS:-1}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=($(go list ./... | sed "s|^$(go list -m)|.|"))

# one runs a target and prints a line; a failure also prints the output.
# Go's fuzzing engine can end a run with "context deadline exceeded" and no
# failing input when a worker is still busy as the fuzz time runs out (a
# loaded machine, a slow input): that run is not a finding, so it is run
# once more, and said so; a failure that writes a failing input never is.
one() {
	local pkg=$1 target=$2 start out execs workers=() ok=1 note=""
	start=$(date +%s)
	[ "$JOBS" -le 1 ] || workers=(-parallel 1)
	run() { out=$(go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "${workers[@]}" "$pkg" 2>&1); }
	if ! run; then
		ok=0
		if grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input' <<<"$out"; then
			note=" (run again: the engine's deadline passed with no failing input)"
			run && ok=1
		fi
	fi
	if [ $ok = 1 ]; then
		execs=$(echo "$out" | grep -o 'execs: [0-9]*' | tail -1 | cut -d' ' -f2 || true)
		echo "fuzz: $pkg $target: ok, ${execs:-?} execs in $(( $(date +%s) - start )) s$note"
	else
		echo "$out" | grep -v '^time=' | tail -30
		echo "fuzz: $pkg $target: FAILED"
		return 1
	fi
}
export -f one
export JOBS=$jobs

targets=()
for pkg in "${pkgs[@]}"; do
	for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		targets+=("$pkg" "$target")
	done
done
if printf '%s\n' "${targets[@]}" | xargs -n 2 -P "$jobs" bash -c 'one "$0" "$1"'; then
	exit 0
fi
echo "fuzz: some targets failed"
exit 1
