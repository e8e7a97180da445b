#!/usr/bin/env bash
# The main job: build everything, load the C++ PL011 module and the C
# reference module into qemu-harness, compare them with each other and with
# the real qemu-system-arm 7.2, and print a report. Exits 1 if anything
# diverges.
#   scripts/main.sh                 a random lockstep campaign of 6 s
#   scripts/main.sh --seconds N     a campaign of N seconds
#   scripts/main.sh --long          10 minutes, and 1000 random three-way scenarios
#   scripts/main.sh --random N      N random three-way scenarios (200)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

seconds=6
random=200
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --random) random=${2:?--random needs a number}; shift ;;
    --long) seconds=600; random=1000 ;;
    -h|--help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "main.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $seconds$random in
  *[!0-9]*) echo "main.sh: --seconds and --random take whole numbers" >&2
            exit 2 ;;
esac

build=${MAIN_BUILD_DIR:-build}    # another directory only for trying this script
logs=$build/main-logs
c_mod=$build/hw/char/hw-char-pl011-c.so
cxx_mod=$build/hw/char/hw-char-pl011.so
diff=$build/tests/diff/pl011-diff
t_start=$(date +%s)

phase() { local n=$1; shift; printf '\n[%s] %s\n' "$n" "$*"; }
fail_build() { tail -40 "$1"; echo "main.sh: the build failed (log: $1)"; exit 1; }

phase 1/7 "set-up: Debian packages"
"$top/scripts/setup.sh" || exit 1
echo "  present"

phase 2/7 "build: everything, once, in $build/"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >"$build.setup.log" 2>&1 || fail_build "$build.setup.log"
fi
ninja -C "$build" -j2 >"$build.main-build.log" 2>&1 \
  || fail_build "$build.main-build.log"
mkdir -p "$logs"
echo "  $(grep -c '^\[' "$build.main-build.log") build steps; modules:"
echo "    C reference: $c_mod (types pl011-c, pl011_luminary-c)"
echo "    C++:         $cxx_mod (types pl011-cxx, pl011_luminary-cxx)"

divergent=0
status_line() { # name ok-text
  printf '  %-10s %s\n' "$1" "$2"
}

# --- Three-way, five targets: C and C++ in qemu-harness, the same modules
# inside the real QEMU 7.2 (qemu-cxx-run), and QEMU's own PL011.
phase 3/7 "three-way: the conformance corpus and $random random scenarios on" \
  "harness:pl011-c, harness:pl011-cxx, qemu:pl011-c, qemu:pl011-cxx" \
  "(our modules inside qemu-system-arm) and qemu-system-arm's own PL011"
"$build/tests/pl011/pl011-three-way" \
  --harness "$build/qemu-shim/host/qemu-harness" \
  --loader "$build/qemu-shim/loader/qemu-cxx-run" \
  --module "$c_mod" --module "$cxx_mod" \
  --target harness:pl011-c --target harness:pl011-cxx --target qemu \
  --target qemu:pl011-c --target qemu:pl011-cxx \
  --random "$random" --seed 1 --ops 30 \
  tests/pl011/scenarios >"$logs/three-way.log" 2>"$logs/three-way.stderr" &
tw_pid=$!
tail -n +1 -f --pid=$tw_pid "$logs/three-way.log" 2>/dev/null \
  | grep --line-buffered '^three-way: \(corpus\|random\)' | sed 's/^/  /'
wait $tw_pid
tw_rc=$?
tw_summary=$(grep '^three-way: [0-9]* targets' "$logs/three-way.log")
tw_checks=$(grep -o 'Checks: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' \
  "$logs/three-way.log")
if [ $tw_rc -ne 0 ]; then
  divergent=$((divergent + 1))
  grep -A30 '^\(FAIL\|ERROR\)' "$logs/three-way.log" | head -60 | sed 's/^/  | /'
fi

# --- Lockstep: the C reference and the C++ PL011 in one process.
phase 4/7 "lockstep campaign: pl011-c vs pl011-cxx in one process, ${seconds} s" \
  "(random sequences of 2000 operations; every read, IRQ line, TX byte, log" \
  "line and migration stream compared after each one)"
ls_seeds=0 ls_ops=0 ls_bad=()
for variant in pl011 pl011_luminary; do
  log=$logs/lockstep-$variant.log
  half=$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 2 }')
  "$diff" --module "$c_mod" --module "$cxx_mod" \
    --a "$variant-c" --b "$variant-cxx" \
    --time "$half" --ops 2000 --seed "$(date +%s)" \
    --out "$logs/lockstep-min-$variant.pl011" >"$log" 2>"$log.stderr" &
  pid=$!
  # A counter that moves while the campaign runs (a line every 10 s in a log).
  tick=0
  while kill -0 $pid 2>/dev/null; do
    sleep 1
    tick=$((tick + 1))
    n=$(grep -c '^PASS: seed' "$log")
    if [ -t 1 ]; then
      printf '\r  %-15s %6d sequences' "$variant" "$n"
    elif [ $((tick % 10)) -eq 0 ]; then
      printf '  %-15s %6d sequences so far\n' "$variant" "$n"
    fi
  done
  wait $pid
  rc=$?
  n=$(grep -c '^PASS: seed\|^FAIL: seed' "$log")
  ops=$(awk '/^coverage: [0-9]+ runs; ops:/ {
               for (i = 5; i <= NF; i += 2) s += $(i + 1) } END { print s + 0 }' "$log")
  [ -t 1 ] && printf '\r'
  printf '  %-15s %6d sequences, %d operations, first seed %s: %s\n' \
    "$variant" "$n" "$ops" "$(sed -n 's/.*seeds from \([0-9]*\).*/\1/p' "$log")" \
    "$([ $rc -eq 0 ] && echo "no divergence" || echo "DIVERGENCE")"
  ls_seeds=$((ls_seeds + n)) ls_ops=$((ls_ops + ops))
  if [ $rc -ne 0 ]; then
    ls_bad+=("$variant")
    divergent=$((divergent + 1))
    grep -m1 '^DIFFERENCE' "$log" | sed 's/^/  | /'
    sed -n '/^--- minimal scenario/,/^FAIL: /p' "$log" | sed 's/^/  | /'
  fi
done

# --- The MMIO sweep: every offset and width, both variants.
phase 5/7 "MMIO sweep: offsets 0x000-0x100f, widths 1/2/4/8, reads and writes of" \
  "0, all-ones and a pattern"
sw_ops=0 sw_bad=()
for variant in pl011 pl011_luminary; do
  log=$logs/sweep-$variant.log
  "$diff" --module "$c_mod" --module "$cxx_mod" \
    --a "$variant-c" --b "$variant-cxx" --sweep >"$log" 2>"$log.stderr"
  rc=$?
  ops=$(sed -n 's/^sweep: \([0-9]*\) operations.*/\1/p' "$log")
  printf '  %-15s %6d operations on each side: %s\n' "$variant" "${ops:-0}" \
    "$([ $rc -eq 0 ] && echo "identical" || echo "DIVERGENCE")"
  sw_ops=$((sw_ops + ${ops:-0}))
  if [ $rc -ne 0 ]; then
    sw_bad+=("$variant")
    divergent=$((divergent + 1))
    grep -m3 -A8 '^DIFFERENCE\|^FAIL' "$log" | head -30 | sed 's/^/  | /'
  fi
done

# --- A real guest: Linux's own PL011 driver on the C++ module inside QEMU.
phase 6/7 "guest: Linux's amba-pl011 driver on pl011-cxx inside qemu-system-arm" \
  "(tests/guest: Debian's armhf kernel; all scenarios on three UARTs: meson test guest-pl011)"
QEMU=$(command -v qemu-system-arm || echo qemu-system-arm) \
QEMU_CXX_RUN=$build/qemu-shim/loader/qemu-cxx-run PL011_C_MODULE=$c_mod \
PL011_CXX_MODULE=$cxx_mod GUEST_CACHE=$build/tests/guest/cache \
  python3 tests/guest/guest-test.py --uart cxx --scenario console \
  --scenario bulk >"$logs/guest.log" 2>&1
g_rc=$?
grep '^scenario: ' "$logs/guest.log" | sed 's/^scenario: cxx /  /'
if [ $g_rc -ne 0 ]; then
  divergent=$((divergent + 1))
  grep '^FAIL' "$logs/guest.log" | head -20 | sed 's/^/  | /'
  tail -5 "$logs/guest.log" | sed 's/^/  | /'
fi

# --- What the C++ costs next to C, from scripts/bench.sh's results.
phase 7/7 "costs: C++ next to C"
bench="build-bench/bench-results.json"
if [ -f "$bench" ]; then
  python3 - "$bench" "$logs/costs.txt" <<'EOF' || echo "  (cannot read $bench)"
import json, sys
d = json.load(open(sys.argv[1]))
print(f"  from {sys.argv[1]} ({d['machine']['date']}, {d['machine']['buildtype']}"
      f" build; scripts/bench.sh refreshes it)")
for path in ("dispatch", "direct"):
    r = [a["ir"]["ratio"] for a in d["per_access"] if a["path"] == path]
    if r:
        print(f"  instructions per MMIO access, {path:8}  C++/C {min(r):.2f}-{max(r):.2f}"
              f" ({len(r)} cases)")
def pair(name, v, unit):
    print(f"  {name:38} C {v['c']:.4g} {unit}, C++ {v['cxx']:.4g} {unit},"
          f" C++/C {v['ratio']:.2f}")
pair("receive throughput", {k: (v / 1e6 if k != 'ratio' else v)
     for k, v in d["rx_bytes_per_s"].items()}, "MB/s")
pair("migration load", d["migration_us"]["load"], "us")
pair("module text", d["text_bytes"], "bytes")
pair("compile time", d["compile_s"], "s")
for t in d.get("targets", []):
    print(f"  target: {t['target']}: {t['value']:.3g} ({t['status']})")
r = [a["ir"]["ratio"] for a in d["per_access"]]
with open(sys.argv[2], "w") as f:
    f.write(f"C++/C instructions per access {min(r):.2f}-{max(r):.2f}, module"
            f" text {d['text_bytes']['ratio']:.1f}x ({d['machine']['date']})\n")
EOF
else
  echo "  no measurements yet: scripts/bench.sh (a few minutes) writes $bench"
  echo "not measured yet (scripts/bench.sh)" >"$logs/costs.txt"
fi

# --- The report.
elapsed=$(( $(date +%s) - t_start ))
echo
echo "=== Report: the C++ PL011 (hw/char/pl011.cc) against the C reference PL011"
echo "    and the real QEMU 7.2, ${elapsed} s"
status_line "three-way" "${tw_summary#three-way: }"
status_line "" "$tw_checks (one check per scenario: the C, C++ and QEMU traces"
status_line "" "all equal the file, or for random scenarios each other)"
status_line "" "$([ $tw_rc -eq 0 ] && echo "agreement with qemu-system-arm 7.2: complete" \
  || echo "DIVERGENCE: see above and $logs/three-way.log")"
status_line "lockstep" "$ls_seeds random sequences, $ls_ops operations on each side:" 
status_line "" "$([ ${#ls_bad[@]} -eq 0 ] && echo "no divergence" \
  || echo "DIVERGENCE in ${ls_bad[*]}: minimal scenario in $logs/lockstep-min-*.pl011")"
status_line "sweep" "$sw_ops accesses on each side: $([ ${#sw_bad[@]} -eq 0 ] \
  && echo "identical" || echo "DIVERGENCE in ${sw_bad[*]}")"
status_line "guest" "$([ $g_rc -eq 0 ] && echo "console and bulk on pl011-cxx: every check holds" \
  || echo "FAILED: see above and $logs/guest.log")"
status_line "costs" "$(cat "$logs/costs.txt" 2>/dev/null)"
status_line "logs" "$logs/"
if [ $divergent -ne 0 ]; then
  echo "RESULT: $divergent comparison(s) found a divergence"
  exit 1
fi
echo "RESULT: no divergence"
