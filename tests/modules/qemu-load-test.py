#!/usr/bin/env python3
"""Each module we build loads into the unmodified qemu-system-arm and
registers its types there, with nothing of the shim.

The module is preloaded (LD_PRELOAD) into the real binary, whose own
exports resolve its undefined symbols; its type_init constructors run
before QEMU's main(), which then registers their types with QEMU's own.
`-device TYPE,help` must list TYPE's properties. Control: the shim
preloaded the same way must abort QEMU ("Registering `System' which
already exists"): what a module linked to it would do, and the proof that
preloading takes effect at all.

Usage: qemu-load-test.py --shim LIBQEMU_SHIM MODULE=TYPE...
The real binary is $QTEST_QEMU_BINARY, else qemu-system-arm on PATH.
Prints one line per run and "SUBTESTS: N passed, M failed".
"""
import argparse
import os
import shutil
import subprocess
import sys

TIMEOUT = 60.0


def run_qemu(qemu, preload, args):
    env = dict(os.environ, LD_PRELOAD=preload)
    env.pop("QEMU_MODULE_DIR", None)
    return subprocess.run([qemu, "-M", "none", "-display", "none",
                           "-nodefaults"] + args, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shim", required=True)
    ap.add_argument("modules", nargs="+", metavar="MODULE=TYPE")
    args = ap.parse_args()

    qemu = os.environ.get("QTEST_QEMU_BINARY") or \
        shutil.which("qemu-system-arm")
    if qemu is None:
        print("FAIL: qemu-system-arm is not installed (scripts/setup.sh)")
        print("SUBTESTS: 0 passed, 1 failed")
        return 1

    passed = failed = 0
    for spec in args.modules:
        path, _, type_name = spec.rpartition("=")
        name = os.path.basename(path)
        r = run_qemu(qemu, path, ["-device", type_name + ",help"])
        first = r.stdout.splitlines()[0] if r.stdout else ""
        if r.returncode == 0 and first == type_name + " options:":
            passed += 1
            print("ok %s: %s registered inside qemu-system-arm (%d "
                  "properties)" % (name, type_name,
                                   len(r.stdout.splitlines()) - 1))
        else:
            failed += 1
            print("FAIL %s: -device %s,help exited %d; stdout '%s'; "
                  "stderr '%s'" % (name, type_name, r.returncode, first,
                                   r.stderr.strip()))

    r = run_qemu(qemu, args.shim, ["-device", "help"])
    if r.returncode != 0 and "which already exists" in r.stderr:
        passed += 1
        print("ok control: libqemu-shim preloaded aborts QEMU: %s"
              % r.stderr.strip().splitlines()[-1])
    else:
        failed += 1
        print("FAIL control: libqemu-shim preloaded: exit %d, stderr '%s' "
              "(expected a type registered twice)"
              % (r.returncode, r.stderr.strip()))

    print("SUBTESTS: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
