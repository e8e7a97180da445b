#!/usr/bin/env bash
# A longer fuzzing campaign: each libFuzzer target (tests/fuzz) for SECONDS
# from a corpus kept in the build directory, then a lockstep random
# campaign of the same length. Reports executions, coverage and findings.
# Usage: scripts/fuzz-campaign.sh [SECONDS (60)] [BUILD_DIR (build-fuzz)]
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
build=${2:-$root/build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" >/dev/null || exit 1
fi
ninja -C "$build" ${NINJA_JOBS:+-j"$NINJA_JOBS"} >/dev/null || {
    echo "fuzz-campaign: the build failed (ninja -C $build)" >&2
    exit 1
}
fz=$build/tests/fuzz
if [ ! -x "$fz/fuzz-lockstep" ]; then
    echo "fuzz-campaign: no fuzz targets in $build (clang and libFuzzer" \
         "are needed: scripts/setup.sh installs them)" >&2
    exit 1
fi
if [ -f "$build/tests/qtest/x-testdev.so" ]; then
    export FUZZ_MODULES=$build/tests/qtest/x-testdev.so
    export FUZZ_VMSTATE_TYPES=pl011-c,pl011_luminary-c,x-testdev
fi

findings=0
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
for t in lockstep vmstate qtest; do
    corpus=$build/fuzz-corpus/$t
    log=$build/fuzz-$t.log
    mkdir -p "$corpus"
    echo "fuzz-$t: running for ${secs}s (log: $log)"
    "$fz/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
        -artifact_prefix="$artifacts/$t-" "$corpus" \
        "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    units=$(find "$corpus" -type f | wc -l)
    echo "fuzz-$t: ${execs:-?} executions (${rate:-?}/s), coverage ${cov:-?}" \
         "edges, ${ft:-?} features, corpus $units inputs"
    if [ $rc -ne 0 ]; then
        findings=$((findings + 1))
        echo "fuzz-$t: FINDING (exit $rc); inputs in $artifacts, details:"
        grep -E 'FUZZ FINDING|ERROR: |runtime error|SUMMARY' "$log" | head -5
    fi
done

echo "lockstep: random campaign for ${secs}s"
seed=$(date +%s)
"$build/tests/diff/pl011-diff" --module "$build/hw/char/hw-char-pl011-c.so" \
    --seed "$seed" --time "$secs" --out "$build/lockstep-min.pl011" \
    >"$build/lockstep-campaign.log" 2>&1
rc=$?
grep -E '^coverage:|^SUBTESTS' "$build/lockstep-campaign.log"
if [ $rc -ne 0 ]; then
    findings=$((findings + 1))
    echo "lockstep: DIFFERENCE (seed range from $seed);" \
         "minimal scenario: $build/lockstep-min.pl011"
fi

echo "fuzz-campaign: $findings finding(s)"
[ $findings -eq 0 ]
