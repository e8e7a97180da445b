#!/usr/bin/env bash
# The adversarial run: qemu-harness of the ASan+UBSan build fed tables of
# bad input (command lines, qtest, QMP, migration streams, chardev peers;
# tests/adversarial/adversarial.py has the tables), each run under a
# timeout. Prints, per class, the inputs tried, crashes, hangs, wrong
# answers and bytes lost; exits 1 unless they are all zero.
#   scripts/adversarial.sh             the CI-sized subset (under a minute)
#   scripts/adversarial.sh --long      the full run (every truncation, MBs)
#   scripts/adversarial.sh --pending   also the rows awaiting a fix
#   --seed N, --class NAME: passed on to adversarial.py
# Build directory: $ADVERSARIAL_BUILD_DIR, else build-san (scripts/test.sh's).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

case ${1:-} in
  -h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

build=${ADVERSARIAL_BUILD_DIR:-build-san}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false \
    >"$build.setup.log" 2>&1 || { cat "$build.setup.log"; exit 1; }
fi
ninja -C "$build" -j2 qemu-shim/host/qemu-harness hw/char/hw-char-pl011-c.so \
  hw/char/hw-char-pl011.so hw/misc/hw-misc-test-device.so \
  >"$build.adversarial-build.log" 2>&1 || {
    tail -40 "$build.adversarial-build.log"
    echo "adversarial.sh: the build failed (log: $build.adversarial-build.log)"
    exit 1
  }
exec python3 "$top/tests/adversarial/adversarial.py" --build "$build" "$@"
