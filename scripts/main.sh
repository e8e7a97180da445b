#!/usr/bin/env bash
# The main job: build everything, load the device modules into the harness,
# compare the C++ PL011 with the C reference, and print the report.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/setup.sh"
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build
# The harness, the two PL011 modules and the differential runner land with
# issues 4, 5, 7 and 8; until then the main job builds the shim and runs its
# unit tests so that a new user sees the layer that exists working.
meson test -C build --suite unit
