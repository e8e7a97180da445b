#!/usr/bin/env bash
# Installs the Debian packages qemu-cxx needs, skipping those already present.
# Runs as root on a fresh Debian 12 machine (apt-get update first, once).
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc g++ python3
  libglib2.0-dev check libjson-glib-dev qemu-system-arm
  clang libclang-rt-14-dev   # libFuzzer targets (tests/fuzz)
  valgrind                   # the harness end to end (tests/qtest/valgrind-test.py)
  device-tree-compiler       # fdtput: the guest's device tree (tests/guest)
)
# Extra packages a caller needs (e.g. qemu-system-arm for the conformance runs).
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run as root or install them" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
