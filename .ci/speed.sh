#!/usr/bin/env bash
# Whole-process speed of the commands (issue 23): the median CPU time (user + system, all
# threads) and wall time of N runs of `yibao run` and `yibao report` on the baseline scenario,
# with the machine's load average before and after. In-process timings are criterion benches:
#   cargo bench --bench projection -- "one thread|key columns"   # projection rows
#   cargo bench --bench outputs                                   # projection.csv, one chart PNG
#   cargo bench --bench app_frame                                 # one lever change in the app
# Usage: .ci/speed.sh [N] (default 21); YIBAO_BIN=path measures another build (no build then). Results are written to stdout; see docs/ARCHITECTURE.md
# "Speed" for the figures and the load they were measured at.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-21}"
if [ -z "${YIBAO_BIN:-}" ]; then
    cargo build --release --quiet
fi
bin="${YIBAO_BIN:-${CARGO_TARGET_DIR:-target}/release/yibao}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Median of the numbers on stdin.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Runs "$@" n times; prints the median CPU time (perf's task-clock, all threads; with no perf,
# user + sys from /usr/bin/time at 10 ms resolution) and wall time in milliseconds.
measure() {
    local label="$1"
    shift
    local cpu=() wall=()
    "$@" >/dev/null 2>&1 # warm the page cache
    for _ in $(seq "$n"); do
        local t0 t1
        t0="$(date +%s%N)"
        if command -v perf >/dev/null; then
            perf stat -x, -e task-clock -o "$out/time" "$@" >/dev/null 2>&1
            t1="$(date +%s%N)"
            cpu+=("$(grep task-clock "$out/time" | cut -d, -f1)")
        else
            /usr/bin/time -o "$out/time" -f '%U %S' "$@" >/dev/null 2>&1
            t1="$(date +%s%N)"
            cpu+=("$(awk '{print ($1 + $2) * 1000}' "$out/time")")
        fi
        wall+=("$(((t1 - t0) / 1000000))")
    done
    printf '%-40s CPU %7.1f ms   wall %6.0f ms   (median of %d)\n' "$label" \
        "$(printf '%s\n' "${cpu[@]}" | median)" "$(printf '%s\n' "${wall[@]}" | median)" "$n"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
measure "yibao run scenarios/baseline.ron" "$bin" run scenarios/baseline.ron --out "$out/run"
measure "yibao report scenarios/baseline.ron" "$bin" report scenarios/baseline.ron --out "$out/report"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
