#!/bin/sh
# A short libFuzzer run for `meson test`:
#   [--expect-difference] FUZZER SEED_CORPUS [libFuzzer flags]
# New inputs and crash artifacts go to a temporary directory, so the source
# tree's seed corpus is only read. With --expect-difference (the lockstep
# target fed a deliberately broken device) the run passes only if the
# fuzzer reports the devices' difference. Ends with the line our test
# counter reads.
set -u
expect=0
if [ "$1" = --expect-difference ]; then
    expect=1
    shift
fi
fuzzer=$1 seeds=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

"$fuzzer" -print_final_stats=1 -artifact_prefix="$work/" -timeout=10 \
    "$@" "$work/corpus" "$seeds" >"$work/log" 2>&1
rc=$?
cat "$work/log"
name=$(basename "$fuzzer")
if [ $expect -eq 1 ]; then
    if [ $rc -ne 0 ] && grep -q 'FUZZ FINDING: the devices differ' "$work/log"
    then
        echo "$name: found the expected difference"
        echo "SUBTESTS: 1 passed, 0 failed"
        exit 0
    fi
    echo "$name: the expected difference was not found"
    echo "SUBTESTS: 0 passed, 1 failed"
    exit 1
fi
if [ $rc -eq 0 ]; then
    echo "SUBTESTS: 1 passed, 0 failed"
else
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -e "$f" ] || continue
        echo "$name: finding $(basename "$f"), input (hex):"
        od -An -tx1 "$f" | head -20
    done
    echo "SUBTESTS: 0 passed, 1 failed"
    # Not libFuzzer's own code: 77 (its finding code) means "skipped" to meson.
    exit 1
fi
exit 0
