#!/usr/bin/env bash
# meson install into a temporary root, then build an out-of-tree C++
# device with only `pkg-config qemu-cxx` and load it, together with the
# installed module directory, into the installed qemu-harness. Neither it
# nor the installed modules and libqemu-cxx may need libqemu-shim or a
# symbol qemu-system-arm does not export (CHECK is
# tests/modules/undefined-symbols.py, SANITIZED its --sanitized or "");
# each must find libqemu-cxx by its own RUNPATH, as inside qemu-system-arm.
# Usage: install-cxx-test.sh BUILD_DIR SOURCE_DIR CHECK [SANITIZED]
set -euo pipefail
build=$1
src=$2
check=$3
sanitized=${4:-}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# Its SUBTESTS line would count this one test as the files it checks.
check_modules() { python3 "$check" "$@" | sed '/^SUBTESTS:/d'; }

meson install -C "$build" --destdir "$root" --no-rebuild --quiet
pcdir=$(dirname "$(find "$root" -name qemu-cxx.pc | head -1)")
libdir=$(dirname "$(find "$root" -name 'libqemu-shim.so' | head -1)")
moddir=$(dirname "$(find "$root" -name 'hw-misc-test-device.so' | head -1)")
harness=$(find "$root" -type f -name qemu-harness | head -1)
for f in "$pcdir/qemu-cxx.pc" "$moddir/hw-char-pl011.so" "$harness"; do
  [ -e "$f" ] || { echo "not installed: $f" >&2; exit 1; }
done
# The bindings install as the umbrella qemu-cxx.hh and qemu-cxx/*.hh, and
# no installed header includes or names a qemu/*.hh (the old layout, easy
# to confuse with QEMU's qemu/*.h).
inc=$(dirname "$(find "$root" -name qemu-cxx.hh | head -1)")
[ -f "$inc/qemu-cxx.hh" ] && [ -f "$inc/qemu-cxx/sysbus.hh" ] ||
  { echo "qemu-cxx.hh or qemu-cxx/sysbus.hh not installed" >&2; exit 1; }
if grep -rnE 'qemu/[A-Za-z0-9_-]+\.hh' "$inc"; then
  echo "installed headers name qemu/*.hh headers" >&2
  exit 1
fi
# The .pc files name their prefix from their own place (relocatable).
export PKG_CONFIG_PATH=$pcdir
unset LD_LIBRARY_PATH QEMU_MODULE_DIR   # meson test's points into the build tree

# shellcheck disable=SC2046
c++ -Wall -Wextra -Werror -shared -fPIC -o "$root/oot-cxx-device.so" \
    "$src/oot-cxx-device.cc" $(pkg-config --cflags --libs qemu-cxx)

# No LD_LIBRARY_PATH yet: RUNPATH alone ($ORIGIN/.. for the installed
# modules, pkg-config's -rpath for this one) must find the installed
# libqemu-cxx, which a module loaded by qemu-system-arm has nothing else for.
for m in "$root/oot-cxx-device.so" "$moddir/hw-char-pl011.so" \
         "$moddir/hw-misc-test-device.so"; do
  found=$(ldd "$m" | awk '$1 ~ /^libqemu-cxx/ { print $3 }')
  case $found in
    "$root"/*) ;;
    *) echo "$m: libqemu-cxx resolves to '$found', not the install" >&2
       exit 1 ;;
  esac
done
check_modules "$root/oot-cxx-device.so"
# shellcheck disable=SC2086
check_modules $sanitized "$moddir"/hw-*.so "$libdir"/libqemu-cxx.so.*.*.*

# Its register, its counter, and an installed module's device beside it,
# from the installed module directory, which the harness finds itself.
out=$(printf 'readl 0x1000\nwritel 0x1000 5\nwritel 0x1000 6\nreadl 0x1004\nreadl 0x2000\n' |
      "$harness" -x-module "$root/oot-cxx-device.so" \
      -device x-oot-cxx-device,id=d0 -x-map d0,addr=0x1000 \
      -device x-cxx-test-device,id=t0 -x-map t0,addr=0x2000 -qtest stdio)
want=$'OK 0x0000000000c0ffee\nOK\nOK\nOK 0x000000000000000b\nOK 0x0000000043585444'
if [ "$out" != "$want" ]; then
  echo "unexpected qtest replies: '$out'" >&2
  exit 1
fi

# realize's Error reaches the command line.
if err=$("$harness" -x-module "$root/oot-cxx-device.so" \
         -device x-oot-cxx-device,magic=0 2>&1); then
  echo "magic=0 was accepted" >&2
  exit 1
fi
if [ "$err" != "qemu-harness: -device x-oot-cxx-device,magic=0: magic must not be 0" ]; then
  echo "unexpected error: '$err'" >&2
  exit 1
fi
# Its type name is not one of qemu-system-arm's, so it could load there too.
if ! log=$(python3 "$src/../qtest/type-collision-test.py" "$harness" \
           "$root/oot-cxx-device.so" 2>&1); then
  echo "$log" >&2
  exit 1
fi
echo "installed qemu-cxx: out-of-tree C++ device built with pkg-config and loaded"
