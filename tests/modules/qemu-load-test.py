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
import subprocess
import sys

from testsuite import check, qemu_system_arm, summary, verbose

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

    verbose()   # a line for every check, passed ones too
    qemu = qemu_system_arm()
    for spec in args.modules:
        path, _, type_name = spec.rpartition("=")
        name = os.path.basename(path)
        r = run_qemu(qemu, path, ["-device", type_name + ",help"])
        first = r.stdout.splitlines()[0] if r.stdout else ""
        ok = r.returncode == 0 and first == type_name + " options:"
        check(ok, "%s: %s registered inside qemu-system-arm (%d properties)"
              % (name, type_name, len(r.stdout.splitlines()) - 1) if ok else
              "%s: -device %s,help exited %d; stdout '%s'; stderr '%s'"
              % (name, type_name, r.returncode, first, r.stderr.strip()))

    r = run_qemu(qemu, args.shim, ["-device", "help"])
    ok = r.returncode != 0 and "which already exists" in r.stderr
    check(ok, "control: libqemu-shim preloaded aborts QEMU: %s"
          % r.stderr.strip().splitlines()[-1] if ok else
          "control: libqemu-shim preloaded: exit %d, stderr '%s' "
          "(expected a type registered twice)"
          % (r.returncode, r.stderr.strip()))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
