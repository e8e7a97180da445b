#!/usr/bin/env bash
# Benchmarks (issue 9): the C reference PL011 against the C++ PL011 (its
# column says "not built" until hw/char/pl011.cc is), and qemu-harness
# against the real qemu-system-arm 7.2 through the same qtest client.
# Builds what it needs in its own release build, prints a table on stdout
# and writes the same figures as JSON. Targets are reported, not asserted.
# Each run is also appended, with its commit and a machine id, to
# BUILD-DIR/bench-history.jsonl; --history prints the last N runs (default
# 10) as a table of the targets' figures, so that a regression shows.
#   scripts/bench.sh [BUILD-DIR]                 (default build-bench)
#   scripts/bench.sh --history [N] [BUILD-DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "${1:-}" = --history ]; then
  n=10
  if [[ "${2:-}" =~ ^[0-9]+$ ]]; then
    n=$2
    shift
  fi
  build=${2:-build-bench}
  exec python3 "$top/tests/bench/bench.py" --build-dir "$build" \
    --history "$build/bench-history.jsonl" --print-history "$n"
fi
build=${1:-build-bench}

"$top/scripts/setup.sh" valgrind

# Benchmarks measure optimised code: -O3, NDEBUG.
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release >"$build.setup.log" 2>&1 \
    || { cat "$build.setup.log"; exit 1; }
else
  meson configure "$build" --buildtype=release >/dev/null
fi

# Only what the benchmarks run, so an unrelated broken test does not stop them.
targets=(tests/bench/pl011-bench tests/bench/qtest-bench
         tests/bench/qtest-floor qemu-shim/host/qemu-harness
         hw/char/hw-char-pl011-c.so
         hw/misc/hw-misc-test-device-c.so hw/misc/hw-misc-test-device.so
         qemu-shim/loader/qemu-cxx-run qemu-shim/loader/libqemu-cxx-loader.so)
cxx_module=hw/char/hw-char-pl011.so
ninja -C "$build" build.ninja >/dev/null    # regenerate: new modules appear
# grep reads to the end (no -q): an early exit would SIGPIPE ninja, and
# pipefail would then call a present module absent.
if ninja -C "$build" -t targets all | grep "^$cxx_module:" >/dev/null; then
  targets+=("$cxx_module")
else
  rm -f "${build:?}/$cxx_module"    # never measure a stale module
fi
ninja -C "$build" -j2 "${targets[@]}" >"$build.bench-build.log" 2>&1 \
  || { tail -40 "$build.bench-build.log"; exit 1; }

# Inside the real qemu-system-arm (issue 13), the C++ module against QEMU's
# own PL011: guest-measured throughput and instructions per MMIO access.
# Each writes its JSON even when it fails; bench.py merges and reports it.
merge=()
rm -f "$build/guest-bench.json" "$build/qemu-mmio-bench.json"
if [ -f "$build/$cxx_module" ]; then
  run_args=(--qemu "$(command -v qemu-system-arm)"
            --qemu-cxx-run "$build/qemu-shim/loader/qemu-cxx-run")
  python3 "$top/tests/bench/guest-bench.py" "${run_args[@]}" \
    --cxx-module "$build/$cxx_module" --cache "$build/tests/guest/cache" \
    --out "$build/guest-bench.json" >/dev/null || true
  python3 "$top/tests/bench/qemu-mmio-bench.py" "${run_args[@]}" \
    --module "cxx=$build/$cxx_module:pl011-cxx" \
    --module "c=$build/hw/char/hw-char-pl011-c.so:pl011-c" \
    --work "$build/tests/bench/work" \
    --out "$build/qemu-mmio-bench.json" >/dev/null || true
  merge=(--merge "$build/guest-bench.json"
         --merge "$build/qemu-mmio-bench.json")
fi

exec python3 "$top/tests/bench/bench.py" --build-dir "$build" \
  --out "$build/bench-results.json" --history "$build/bench-history.jsonl" \
  "${merge[@]}"
