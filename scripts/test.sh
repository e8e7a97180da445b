#!/usr/bin/env bash
# The test command: builds everything once, runs every test, then runs the
# whole suite again in an ASan+UBSan build. Ends with "N passed, N failed".
#   scripts/test.sh            both builds
#   scripts/test.sh --quick    the plain build only (for the edit-compile loop)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/setup.sh" || exit 1

werror=false
[ "${CI:-}" = "true" ] && werror=true

builds=("build:")
[ "${1:-}" = "--quick" ] || builds+=("build-san:-Db_sanitize=address,undefined -Db_lundef=false")

status=0
logs=()
for spec in "${builds[@]}"; do
  dir=${spec%%:*}
  opts=${spec#*:}
  echo "== $dir: configure and build"
  if [ ! -f "$dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$dir" -Dwerror=$werror $opts >"$dir.setup.log" 2>&1 \
      || { cat "$dir.setup.log"; echo "0 passed, 1 failed"; exit 1; }
  else
    meson configure "$dir" -Dwerror=$werror >/dev/null
  fi
  ninja -C "$dir" >"$dir.build.log" 2>&1 \
    || { tail -50 "$dir.build.log"; echo "0 passed, 1 failed"; exit 1; }
  echo "== $dir: test"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  meson test -C "$dir" --print-errorlogs --num-processes 2 || status=1
  logs+=("$dir/meson-logs/testlog.json")
done

python3 "$top/scripts/count-tests.py" "${logs[@]}" || status=1
exit $status
