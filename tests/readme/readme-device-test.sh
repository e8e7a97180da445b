#!/usr/bin/env bash
# The README's example device, built from the README itself: load it into
# the harness, check its register and interrupt, and its realize error.
set -euo pipefail
harness=$1
module=$2

out=$(printf '%s\n' 'writel 0x1000 4' 'readl 0x1000' \
        'irq_intercept_out /machine/peripheral/c' 'writel 0x1000 1' |
      "$harness" -x-module "$module" -device x-counter,id=c,limit=5 \
                 -x-map c,addr=0x1000 -qtest stdio)
expected=$'OK\nOK 0x0000000000000004\nOK\nIRQ raise 0\nOK'
if [ "$out" != "$expected" ]; then
  printf 'unexpected qtest exchange:\n%s\n' "$out" >&2
  exit 1
fi
err=$("$harness" -x-module "$module" -device x-counter,limit=0 2>&1 && exit 1 || true)
if [ "$err" != "qemu-harness: -device x-counter,limit=0: counter: limit must not be 0" ]; then
  printf 'unexpected realize error: %s\n' "$err" >&2
  exit 1
fi
echo "README device: register, interrupt and realize error as documented"
