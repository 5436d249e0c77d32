#!/usr/bin/env bash
# Starts lawkb serve on an existing index and polls /api/v1/search until it
# answers; hyperfine times the whole (docs/PERFORMANCE.md):
#
#   hyperfine --warmup 1 --runs 8 'scripts/first-answer.sh data/index'
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:-data/index}
port=${PORT:-18191}
bin/lawkb serve --index "$index" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/search?q=%E5%8D%A0%E9%81%93%E7%BB%8F%E8%90%A5"; do
	kill -0 $pid 2>/dev/null || { echo "lawkb serve exited" >&2; exit 1; }
	sleep 0.02
done
