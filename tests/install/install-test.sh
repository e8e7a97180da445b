#!/usr/bin/env bash
# meson install into a temporary root, then build an out-of-tree C device
# with only pkg-config (qemu-module: headers, no library) and load it into
# the installed qemu-harness. The module must not need libqemu-shim and
# must use nothing qemu-system-arm does not export (CHECK is
# tests/modules/undefined-symbols.py).
# Usage: install-test.sh BUILD_DIR SOURCE_DIR CHECK
set -euo pipefail
build=$1
src=$2
check=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# Its SUBTESTS line would count this one test as the files it checks.
check_modules() { python3 "$check" "$@" | sed '/^SUBTESTS:/d'; }

meson install -C "$build" --destdir "$root" --no-rebuild --quiet
pcdir=$(dirname "$(find "$root" -name qemu-shim.pc | head -1)")
harness=$(find "$root" -type f -name qemu-harness | head -1)
# The .pc files name their prefix from their own place (relocatable), and
# the harness finds libqemu-shim by its RUNPATH: no LD_LIBRARY_PATH.
export PKG_CONFIG_PATH=$pcdir
unset LD_LIBRARY_PATH QEMU_MODULE_DIR   # meson test's points into the build tree

# shellcheck disable=SC2046
cc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC \
   -o "$root/oot-device.so" "$src/oot-device.c" \
   $(pkg-config --cflags --libs qemu-module)
check_modules "$root/oot-device.so"

out=$(printf 'readl 0x1000\n' | "$harness" -x-module "$root/oot-device.so" \
      -device x-oot-device,id=d0 -x-map d0,addr=0x1000 -qtest stdio)
if [ "$out" != "OK 0x0000000000c0ffee" ]; then
  echo "unexpected qtest reply: '$out'" >&2
  exit 1
fi
# Its type name is not one of qemu-system-arm's, so it could load there too.
if ! log=$(python3 "$src/../qtest/type-collision-test.py" "$harness" \
           "$root/oot-device.so" 2>&1); then
  echo "$log" >&2
  exit 1
fi
echo "installed qemu-shim: out-of-tree device built with pkg-config and loaded"
