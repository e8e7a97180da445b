#!/usr/bin/env bash
# examples/out-of-tree (a device project with its own meson.build, a C
# test on libqtest and a Python test on qemu_cxx_test) built and tested
# with its own `meson test`, one of two ways:
#   pkg-config  meson install into a temporary root, then qemu-cxx,
#               qemu-cxx-qtest and the Python package come from that prefix
#               (PKG_CONFIG_PATH, the harness on PATH), never a subproject;
#   subproject  a clone of this checkout, where the example's committed
#               subprojects/qemu-cxx.wrap (url = ../../..) clones it again
#               and builds it as a subproject, with no pkg-config.
# The subproject route builds what is committed (the wrap clones HEAD).
# Usage: oot-project-test.sh pkg-config BUILD_DIR SOURCE_ROOT
#        oot-project-test.sh subproject SOURCE_ROOT
set -euo pipefail
mode=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
unset LD_LIBRARY_PATH PKG_CONFIG_PATH   # meson test's point into our build
checks=0
fail() { echo "$*" >&2; exit 1; }

case $mode in
pkg-config)
  build=$2
  src=$3
  meson install -C "$build" --destdir "$root/inst" --no-rebuild --quiet
  pcdir=$(dirname "$(find "$root/inst" -name qemu-cxx-qtest.pc | head -1)")
  bindir=$(dirname "$(find "$root/inst" -type f -name qemu-harness | head -1)")
  # The .pc files name their prefix from their own place (relocatable),
  # the harness finds libqemu-shim by its RUNPATH.
  export PKG_CONFIG_PATH=$pcdir
  export PATH=$bindir:$PATH
  # The Python package is where qemu-cxx-qtest.pc says.
  pythondir=$(pkg-config --variable=pythondir qemu-cxx-qtest)
  pkgfile=$(PYTHONPATH=$pythondir python3 -c \
            'import qemu_cxx_test; print(qemu_cxx_test.__file__)')
  case $pkgfile in
    "$root/inst"/*) checks=$((checks + 1)) ;;
    *) fail "qemu_cxx_test imported from $pkgfile, not the install" ;;
  esac
  cp -r "$src/examples/out-of-tree" "$root/doorbell"
  rm -rf "$root/doorbell/subprojects"   # nothing to fall back to
  proj=$root/doorbell
  meson setup "$proj/build" "$proj" --wrap-mode=nofallback >"$root/setup.log" 2>&1 \
    || { cat "$root/setup.log"; fail "meson setup failed"; }
  ;;
subproject)
  src=$2
  git -C "$src" rev-parse --git-dir >/dev/null 2>&1 \
    || fail "$src is not a git checkout: the wrap has nothing to clone"
  git clone --quiet "$src" "$root/checkout"
  proj=$root/checkout/examples/out-of-tree
  # Forced, so that a qemu-cxx installed on this machine cannot stand in.
  meson setup "$proj/build" "$proj" \
    --force-fallback-for=qemu-cxx,qemu-cxx-qtest >"$root/setup.log" 2>&1 \
    || { cat "$root/setup.log"; fail "meson setup failed"; }
  [ -d "$proj/subprojects/qemu-cxx/.git" ] \
    || fail "the wrap did not clone qemu-cxx into subprojects/"
  checks=$((checks + 1))
  ;;
*)
  fail "unknown mode '$mode'"
  ;;
esac

# Which way each dependency came: an external one (pkg-config), or the
# subproject's override.
found="Run-time dependency %s found: YES"
[ "$mode" = subproject ] && found="Dependency %s found: YES .* (overridden)"
for dep in qemu-cxx qemu-cxx-qtest; do
  # shellcheck disable=SC2059
  grep -q "^$(printf "$found" "$dep")" "$root/setup.log" \
    || { cat "$root/setup.log"; fail "$dep: no line '$(printf "$found" "$dep")'"; }
  checks=$((checks + 1))
done

ninja -C "$proj/build" -j2 >"$root/build.log" 2>&1 \
  || { tail -40 "$root/build.log"; fail "the example did not build"; }
if [ "$mode" = pkg-config ]; then
  # The C test finds the installed libqtest by its RUNPATH alone.
  found=$(env -u LD_LIBRARY_PATH ldd "$proj/build/doorbell-test" |
          awk '$1 ~ /^libqemu-cxx-qtest/ { print $3 }')
  case $found in
    "$root/inst"/*) checks=$((checks + 1)) ;;
    *) fail "libqemu-cxx-qtest resolves to '$found', not the install" ;;
  esac
fi

if [ "$mode" = pkg-config ]; then
  # Its type name is not one of qemu-system-arm's, so it could load there too.
  if ! log=$(python3 "$src/tests/qtest/type-collision-test.py" \
             "$bindir/qemu-harness" "$proj/build/doorbell.so" 2>&1); then
    echo "$log" >&2
    fail "x-oot-doorbell collides with a type of qemu-system-arm"
  fi
  checks=$((checks + 1))
fi

status=0
meson test -C "$proj/build" >"$root/test.log" 2>&1 || status=$?
# The example's tests, each with its SUBTESTS line; both must have run.
python3 - "$proj/build/meson-logs/testlog.json" "$checks" "$status" <<'EOF'
import json, re, sys
path, checks, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
passed, failed, names = checks, 0, set()
for line in open(path):
    t = json.loads(line)
    names.add(t["name"])
    m = re.search(r"^SUBTESTS: (\d+) passed, (\d+) failed$", t["stdout"] or "", re.M)
    if t["result"] != "OK" or not m:
        print(f"{t['name']}: {t['result']}\n{t['stdout']}{t.get('stderr') or ''}",
              file=sys.stderr)
        failed += 1
    if m:
        passed += int(m.group(1))
        failed += int(m.group(2))
if names != {"doorbell-c", "doorbell-python"}:
    print(f"the example ran {sorted(names)}", file=sys.stderr)
    failed += 1
if status and not failed:
    failed = 1
print(f"SUBTESTS: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
