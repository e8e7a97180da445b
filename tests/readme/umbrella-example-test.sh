#!/usr/bin/env bash
# The example device in src/qemu-cxx.hh's header comment, built from the
# header itself: load it into the harness and check that its register
# reads back what was written.
set -euo pipefail
harness=$1
module=$2

out=$(printf '%s\n' 'readl 0x1000' 'writel 0x1000 0x1234' 'readl 0x1000' |
      "$harness" -x-module "$module" -device x-scratch,id=s \
                 -x-map s,addr=0x1000 -qtest stdio)
expected=$'OK 0x0000000000000000\nOK\nOK 0x0000000000001234'
if [ "$out" != "$expected" ]; then
  printf 'unexpected qtest exchange:\n%s\n' "$out" >&2
  exit 1
fi
echo "qemu-cxx.hh example: builds from the umbrella alone, register reads back"
