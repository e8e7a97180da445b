#!/bin/sh
# A short libFuzzer run for `meson test`: FUZZER SEED_CORPUS [libFuzzer flags].
# New inputs and crash artifacts go to a temporary directory, so the source
# tree's seed corpus is only read. Ends with the line our test counter reads.
set -u
fuzzer=$1 seeds=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

"$fuzzer" -print_final_stats=1 -artifact_prefix="$work/" -timeout=10 \
    "$@" "$work/corpus" "$seeds" 2>&1
rc=$?
name=$(basename "$fuzzer")
if [ $rc -eq 0 ]; then
    echo "SUBTESTS: 1 passed, 0 failed"
else
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -e "$f" ] || continue
        echo "$name: finding $(basename "$f"), input (hex):"
        od -An -tx1 "$f" | head -20
    done
    echo "SUBTESTS: 0 passed, 1 failed"
fi
exit $rc
