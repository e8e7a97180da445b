#!/usr/bin/env bash
# README.md's "Install", word for word: its two command blocks (between
# <!-- readme-install --> and <!-- readme-install-module -->) run as they
# stand, in a copy of this checkout, with HOME a temporary folder (the
# prefix is $HOME/qemu-cxx) and the README's counter as counter.cc. Then,
# with no environment at all (env -i), the installed programs: qemu-harness
# lists the module directory's types, loads a module from it for a -device
# and serves qtest; qemu-cxx-run runs a module in qemu-system-arm; no
# RUNPATH or .pc file names the prefix. Then the prefix moves and all of
# it runs again, a device built against the moved prefix included.
# Usage: readme-install-test.sh SOURCE_ROOT QEMU_SYSTEM_ARM
set -euo pipefail
src=$1
qemu=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LD_LIBRARY_PATH PKG_CONFIG_PATH QEMU_MODULE_DIR PYTHONPATH
passed=0
fail() {
  echo "FAIL: $*" >&2
  echo "SUBTESTS: $passed passed, 1 failed"
  exit 1
}
ok() { passed=$((passed + 1)); }

# The README's commands build with ninja's default parallelism; this
# machine's tests keep to two jobs.
real_ninja=$(command -v ninja)
mkdir "$tmp/tools" "$tmp/home" "$tmp/counter"
printf '#!/bin/sh\nexec "%s" -j2 "$@"\n' "$real_ninja" > "$tmp/tools/ninja"
chmod +x "$tmp/tools/ninja"

# The checkout as it is (tracked and new files, not the build folders).
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 \
  || fail "$src is not a git checkout"
mkdir "$tmp/src"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
   while IFS= read -r -d '' f; do
     [ -e "$f" ] && printf '%s\0' "$f"
   done | xargs -0 cp --parents -t "$tmp/src")

# The blocks, and the device they build.
python3 - "$src/README.md" "$tmp" <<'EOF'
import sys
text = open(sys.argv[1]).read()
def block(marker, fence):
    start = text.index(marker)
    begin = text.index(fence, start) + len(fence)
    return text[begin:text.index("```", begin)]
out = sys.argv[2]
open(out + "/install.sh", "w").write(block("<!-- readme-install -->\n", "```sh\n"))
open(out + "/module.sh", "w").write(
    block("<!-- readme-install-module -->\n", "```sh\n"))
open(out + "/counter/counter.cc", "w").write(
    block("<!-- readme-device -->\n", "```cpp\n"))
EOF

# One shell, as a user types them: the first block's exports reach the
# second, which runs where counter.cc is.
if ! HOME=$tmp/home PATH=$tmp/tools:$PATH bash -c '
    set -euo pipefail
    cd "$1"
    . "$3/install.sh"
    cd "$2"
    . "$3/module.sh"' sh "$tmp/src" "$tmp/counter" "$tmp" \
    >"$tmp/readme.log" 2>&1; then
  tail -40 "$tmp/readme.log" >&2
  fail "README's install commands failed"
fi
ok
log=$(cat "$tmp/readme.log")
for want in 'name "pl011-cxx", bus System' $'OK\nOK 0x0000000000000004' \
            'x-counter options:' '  limit=<uint32>         -  (default: 10)'; do
  [[ $log == *"$want"* ]] || { tail -40 "$tmp/readme.log" >&2
                               fail "README's commands did not print '$want'"; }
  ok
done

multiarch=x86_64-linux-gnu   # as the README says
# Every installed program, with no environment at all.
check_prefix() {
  local prefix=$1 moddir=$1/lib/$multiarch/qemu-cxx out err
  local harness=$prefix/bin/qemu-harness

  out=$(timeout 60 env -i "$harness" -device help 2>"$tmp/err") \
    || fail "$harness -device help: $(cat "$tmp/err")"
  [ -s "$tmp/err" ] && fail "$harness -device help warned: $(cat "$tmp/err")"
  for type in pl011-cxx pl011-c sp804-cxx sp804-c x-cxx-test-device x-counter; do
    [[ $out == *"name \"$type\""* ]] || fail "-device help lacks $type: $out"
  done
  ok
  [[ $(env -i "$harness" -help) == *"$moddir"* ]] \
    || fail "-help does not name $moddir"
  ok

  # A -device of an installed module (no -x-module), driven with qtest.
  out=$(printf 'readl 0x1fe0\nwritel 0x2000 4\nreadl 0x2000\n' |
        timeout 60 env -i "$harness" -device pl011-cxx,id=u -x-map u,addr=0x1000 \
          -device x-counter,id=c,limit=5 -x-map c,addr=0x2000 -qtest stdio \
          2>&1) || fail "installed modules by type: $out"
  [ "$out" = $'OK 0x0000000000000011\nOK\nOK 0x0000000000000004' ] \
    || fail "installed modules by type: '$out'"
  ok

  # The C++ PL011 inside the real QEMU, through qemu-cxx-run: read by
  # the monitor's xp, then quit (QEMU does not leave when qtest's stdin
  # closes).
  out=$(printf 'xp /1wx 0x09100018\nquit\n' |
        timeout 120 env -i PATH=/usr/bin:/bin QEMU_CXX_QEMU="$qemu" \
          "$prefix/bin/qemu-cxx-run" -M virt -nic none -display none \
          -x-module "$moddir/hw-char-pl011.so" -device pl011-cxx,id=uart1 \
          -x-map uart1,addr=0x09100000 -S -monitor stdio 2>&1) \
    || fail "qemu-cxx-run: $out"
  [[ $out == *"0000000009100018: 0x00000090"* ]] || fail "qemu-cxx-run: '$out'"
  ok

  # Nothing names the prefix: programs by $ORIGIN, .pc files by pcfiledir.
  for f in "$prefix/bin/qemu-harness" "$prefix/bin/qemu-cxx-run"; do
    runpath=$(readelf -d "$f" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
    [ "$runpath" = "\$ORIGIN/../lib/$multiarch" ] \
      || fail "$f: RUNPATH '$runpath'"
  done
  if grep -rl "$prefix" "$prefix/lib/$multiarch/pkgconfig"; then
    fail ".pc files name $prefix"
  fi
  ok
}

prefix=$tmp/home/qemu-cxx
check_prefix "$prefix"

# Moved: the same, and a device built against the moved prefix.
mv "$prefix" "$tmp/home/moved"
prefix=$tmp/home/moved
check_prefix "$prefix"
export PKG_CONFIG_PATH=$prefix/lib/$multiarch/pkgconfig
# shellcheck disable=SC2046
c++ -shared -fPIC -o "$tmp/x-counter.so" "$tmp/counter/counter.cc" \
    $(pkg-config --cflags --libs qemu-cxx)
found=$(env -i ldd "$tmp/x-counter.so" | awk '$1 ~ /^libqemu-cxx/ { print $3 }')
case $found in
  "$prefix"/*) ok ;;
  *) fail "x-counter.so's libqemu-cxx resolves to '$found', not $prefix" ;;
esac
out=$(printf 'writel 0x1000 7\nreadl 0x1000\n' |
      timeout 60 env -i "$prefix/bin/qemu-harness" -x-module "$tmp/x-counter.so" \
        -device x-counter,id=c -x-map c,addr=0x1000 -qtest stdio 2>&1) \
  || fail "rebuilt x-counter: $out"
[ "$out" = $'OK\nOK 0x0000000000000007' ] || fail "rebuilt x-counter: '$out'"
ok
pythondir=$(pkg-config --variable=pythondir qemu-cxx-qtest)
[ -f "$pythondir/qemu_cxx_test/__init__.py" ] \
  || fail "no qemu_cxx_test in pythondir '$pythondir'"
ok
echo "SUBTESTS: $passed passed, 0 failed"
