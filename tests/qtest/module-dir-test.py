#!/usr/bin/env python3
"""qemu-harness's module directories and their precedence.

The installed module directory (QEMU's CONFIG_QEMU_MODDIR) is found from
the executable's own place, so this test copies the harness into a
prefix of its own: PREFIX/bin/qemu-harness with PREFIX/MODDIR holding
modules (MODDIR is the path meson installs them to, relative to bindir).
Checked, each with no $QEMU_MODULE_DIR unless said:
- -device help loads every module of the installed directory and lists
  their types; a module that does not load gets one warning line naming
  it and the others still load; without -device help or an unknown type
  nothing there is loaded (no warning);
- -device TYPE and -device TYPE,help with a type of an unloaded module
  load the directory, as do QMP qom-list-types and device-list-properties
  of an unknown type; a module -x-module loaded already is skipped;
- precedence: every -x-module-dir, else $QEMU_MODULE_DIR, else the
  installed directory; a directory named either way loads whole at
  start-up and a module that does not load there stops the harness;
- a moved prefix keeps working; no installed directory is no error.

Usage: module-dir-test.py (paths from the environment, set by meson).
Prints "SUBTESTS: N passed, N failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from testsuite import check, summary

TIMEOUT = 60.0

HARNESS = os.environ["QEMU_HARNESS"]
MODDIR = os.environ["HARNESS_MODDIR_FROM_BINDIR"]
X_TESTDEV = os.environ["X_TESTDEV"]
PL011_C = os.environ["PL011_C_MODULE"]
BADABI = os.environ["BROKEN_BADABI"]
UNDEF = os.environ["BROKEN_UNDEF"]


def make_prefix(root, modules, extra=()):
    """PREFIX/bin/qemu-harness (a copy) and PREFIX/MODDIR with copies of
    @modules and the files @extra (name, bytes)."""
    bindir = os.path.join(root, "bin")
    os.makedirs(bindir)
    shutil.copy(HARNESS, bindir)
    moddir = os.path.normpath(os.path.join(bindir, MODDIR))
    if modules is not None:
        os.makedirs(moddir)
        for m in modules:
            shutil.copy(m, moddir)
        for name, data in extra:
            with open(os.path.join(moddir, name), "wb") as f:
                f.write(data)
    return os.path.join(bindir, "qemu-harness"), moddir


def dir_of(root, modules):
    d = os.path.join(root, "dir")
    os.makedirs(d)
    for m in modules:
        shutil.copy(m, d)
    return d


def run(harness, args, module_dir=None, stdin=""):
    env = {k: v for k, v in os.environ.items() if k != "QEMU_MODULE_DIR"}
    if module_dir is not None:
        env["QEMU_MODULE_DIR"] = module_dir
    # The copy lost the build tree's $ORIGIN rpath to libqemu-shim.
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        [os.path.dirname(os.environ["SHIM_LIBRARY"])] +
        [p for p in [os.environ.get("LD_LIBRARY_PATH")] if p])
    return subprocess.run([harness] + args, input=stdin, capture_output=True,
                          text=True, timeout=TIMEOUT, env=env)


def qmp(harness, commands, module_dir=None):
    """The return values of @commands, QMP on stdio after qmp_capabilities
    (None for an error reply)."""
    lines = "".join(json.dumps({"execute": c, "arguments": a}) + "\n"
                    for c, a in [("qmp_capabilities", {})] + commands +
                    [("quit", {})])
    r = run(harness, ["-chardev", "stdio,id=m", "-mon",
                      "chardev=m,mode=control"], module_dir, lines)
    replies = [json.loads(line) for line in r.stdout.splitlines()]
    replies = [m for m in replies if "return" in m or "error" in m]
    return [m.get("return") for m in replies[1:1 + len(commands)]]


def listed(out, name):
    return f'name "{name}"' in out


def main():
    tmp = tempfile.mkdtemp(prefix="module-dir-test-")
    try:
        # The installed directory: x-testdev and pl011-c.
        good, good_dir = make_prefix(os.path.join(tmp, "good"),
                                     [X_TESTDEV, PL011_C])
        r = run(good, ["-device", "help"])
        check(r.returncode == 0 and r.stderr == "" and
              listed(r.stdout, "x-testdev") and listed(r.stdout, "pl011-c") and
              listed(r.stdout, "pl011_luminary-c"),
              "-device help lists the installed modules' types",
              r.stdout + r.stderr)
        help_text = run(good, ["-help"]).stdout
        check(good_dir in help_text, "-help names the installed directory",
              help_text)

        # -device TYPE of an installed module: loaded, then it works.
        r = run(good, ["-device", "pl011-c,id=u0", "-x-map", "u0,addr=0x1000",
                       "-qtest", "stdio"], stdin="readl 0x1fe0\n")
        check(r.returncode == 0 and r.stdout == "OK 0x0000000000000011\n",
              "-device TYPE loads its installed module", r.stdout + r.stderr)
        r = run(good, ["-device", "x-testdev,help"])
        check(r.returncode == 0 and r.stdout.startswith("x-testdev options:\n"),
              "-device TYPE,help loads its installed module",
              r.stdout + r.stderr)
        types = qmp(good, [("qom-list-types",
                            {"implements": "sys-bus-device"})])[0] or []
        check({"x-testdev", "pl011-c"} <= {t["name"] for t in types},
              "QMP qom-list-types loads the installed modules", str(types))
        props = qmp(good, [("device-list-properties",
                            {"typename": "x-testdev"})])[0] or []
        check(any(p["name"] == "scratch" for p in props),
              "QMP device-list-properties of an installed type loads it",
              str(props))
        r = run(good, ["-device", "x-nosuch"])
        check(r.returncode == 1 and r.stderr == "qemu-harness: -device "
              "x-nosuch: 'x-nosuch' is not a valid device model name\n",
              "a type no module has is still unknown", r.stderr)
        # The same file by -x-module first: skipped, no 'already loaded'.
        r = run(good, ["-x-module", os.path.join(good_dir,
                                                 os.path.basename(X_TESTDEV)),
                       "-device", "help"])
        check(r.returncode == 0 and r.stderr == "" and
              listed(r.stdout, "x-testdev") and listed(r.stdout, "pl011-c"),
              "a module -x-module loaded is not loaded twice", r.stderr)

        # Broken modules among good ones: a warning each, the others load.
        broken, broken_dir = make_prefix(
            os.path.join(tmp, "broken"), [BADABI, X_TESTDEV, UNDEF, PL011_C],
            [("not-elf.so", b"#!/bin/sh\n")])
        r = run(broken, ["-device", "help"])
        lines = r.stderr.splitlines()
        want = {os.path.basename(BADABI): "was built for ABI",
                os.path.basename(UNDEF): "undefined symbol",
                "not-elf.so": "not a shared object"}
        ok = r.returncode == 0 and len(lines) == 3
        for name, cause in want.items():
            path = os.path.join(broken_dir, name)
            ok = ok and any(line.startswith("qemu-harness: warning: ") and
                            path in line and cause in line for line in lines)
        check(ok and listed(r.stdout, "x-testdev") and
              listed(r.stdout, "pl011-c"),
              "a broken installed module is a warning, the others load",
              r.stdout + r.stderr)
        # Only loaded when needed: a known type touches nothing there.
        r = run(broken, ["-x-module", X_TESTDEV, "-device", "x-testdev,help"])
        check(r.returncode == 0 and r.stderr == "",
              "the installed directory is not loaded for a known type",
              r.stderr)

        # Precedence. $QEMU_MODULE_DIR replaces the installed directory.
        env_dir = dir_of(os.path.join(tmp, "env"), [PL011_C])
        r = run(good, ["-device", "help"], module_dir=env_dir)
        check(r.returncode == 0 and listed(r.stdout, "pl011-c") and
              not listed(r.stdout, "x-testdev"),
              "$QEMU_MODULE_DIR is searched instead of the installed one",
              r.stdout + r.stderr)
        r = run(good, ["-device", "x-testdev,help"], module_dir=env_dir)
        check(r.returncode == 1 and "'x-testdev' is not a valid device model "
              "name" in r.stderr,
              "with $QEMU_MODULE_DIR, an installed type is unknown", r.stderr)
        r = run(good, ["-device", "help"], module_dir="")
        check(r.returncode == 0 and listed(r.stdout, "x-testdev"),
              "an empty $QEMU_MODULE_DIR counts as unset", r.stdout + r.stderr)
        # -x-module-dir replaces both: the broken $QEMU_MODULE_DIR is
        # not loaded (it would stop the harness), nor the installed one.
        bad_env = dir_of(os.path.join(tmp, "bad-env"), [BADABI])
        opt_dir = dir_of(os.path.join(tmp, "opt"), [PL011_C])
        r = run(good, ["-x-module-dir", opt_dir, "-device", "help"],
                module_dir=bad_env)
        check(r.returncode == 0 and r.stderr == "" and
              listed(r.stdout, "pl011-c") and not listed(r.stdout, "x-testdev"),
              "-x-module-dir is searched instead of both", r.stdout + r.stderr)
        # A directory named on purpose stops the harness on a broken module.
        r = run(good, ["-device", "help"], module_dir=bad_env)
        check(r.returncode == 1 and r.stdout == "" and
              r.stderr.startswith("qemu-harness: ") and
              "was built for ABI" in r.stderr,
              "a broken module of $QEMU_MODULE_DIR stops the harness",
              r.stderr)

        # The prefix moves; the harness finds the directory's new place.
        moved = os.path.join(tmp, "moved")
        os.rename(os.path.join(tmp, "good"), moved)
        r = run(os.path.join(moved, "bin", "qemu-harness"),
                ["-device", "help"])
        check(r.returncode == 0 and listed(r.stdout, "x-testdev"),
              "a moved prefix keeps its module directory", r.stdout + r.stderr)

        # Nothing installed: -device help lists the built-in types only.
        empty, _ = make_prefix(os.path.join(tmp, "empty"), None)
        r = run(empty, ["-device", "help"])
        check(r.returncode == 0 and r.stderr == "" and
              not listed(r.stdout, "x-testdev"),
              "no installed directory is no error", r.stdout + r.stderr)
    finally:
        shutil.rmtree(tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
