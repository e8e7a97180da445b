#!/usr/bin/env python3
"""No QOM type of our modules is a type built into qemu-system-arm.

A module that registers a name QEMU already has cannot load into QEMU
("Registering `pl011' which already exists" aborts it). QEMU's names come
from the real binary, QMP qom-list-types with abstract types (which loads
all of QEMU's own modules first, as -device help does). A module's names
are what qemu-harness lists with it loaded, less what it lists without it:
so every type the module brings, abstract and interface ones included, is
checked, and a new module needs no list kept by hand.

Usage: type-collision-test.py HARNESS MODULE...
Modules load in the order given, each after the ones before it (a module
may derive from another's type, as the mutant PL011 from pl011-c).
The real binary is $QTEST_QEMU_BINARY, else qemu-system-arm on PATH.
Prints "SUBTESTS: N passed, N failed".
"""
import json
import os
import shutil
import subprocess
import sys

from testsuite import check, summary

TIMEOUT = 60.0  # seconds for one run; QEMU loads its own modules first

# Types a module derives from: QEMU's names, so QEMU must list them too
# (else the comparison below could not see a collision at all).
BASE_TYPES = ("object", "device", "sys-bus-device", "bus", "System",
              "interface", "resettable")


def list_types(argv, who):
    """{name: parent} from QMP qom-list-types (abstract too) on stdio,
    or None with the reason printed."""
    qmp = "".join(json.dumps(c) + "\n" for c in (
        {"execute": "qmp_capabilities"},
        {"execute": "qom-list-types", "arguments": {"abstract": True}},
        {"execute": "quit"}))
    argv = argv + ["-display", "none", "-nodefaults", "-no-user-config",
                   "-chardev", "stdio,id=mon0",
                   "-mon", "chardev=mon0,mode=control"]
    # No module directory: only the modules named here load.
    env = {k: v for k, v in os.environ.items() if k != "QEMU_MODULE_DIR"}
    try:
        r = subprocess.run(argv, input=qmp, capture_output=True, text=True,
                           timeout=TIMEOUT, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        check(False, "%s: %s" % (who, e))
        return None
    types = None
    for line in r.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if isinstance(msg, dict) and isinstance(msg.get("return"), list):
            types = {t["name"]: t.get("parent", "") for t in msg["return"]}
    if not check(r.returncode == 0 and types is not None,
                 "%s: exit status %d, %s; stderr: %s"
                 % (who, r.returncode,
                    "no qom-list-types reply" if types is None else "types",
                    r.stderr.strip())):
        return None
    return types


def main():
    if len(sys.argv) < 3:
        print("usage: type-collision-test.py HARNESS MODULE...")
        return 2
    harness, modules = sys.argv[1], sys.argv[2:]
    qemu = os.environ.get("QTEST_QEMU_BINARY") or \
        shutil.which("qemu-system-arm")
    if not check(qemu is not None,
                 "qemu-system-arm is not installed (scripts/setup.sh)"):
        return finish()

    builtin = list_types([qemu, "-M", "none"], "qemu-system-arm")
    shim = list_types([harness], "qemu-harness without modules")
    if builtin is None or shim is None:
        return finish()
    print("qemu-system-arm: %d types; qemu-harness without modules: %d"
          % (len(builtin), len(shim)))
    check("pl011" in builtin,
          "qemu-system-arm does not list its own pl011: not the full list")
    for t in BASE_TYPES:
        check(t in shim and t in builtin,
              "base type %s: in the shim %s, in QEMU %s"
              % (t, t in shim, t in builtin))
    # The harness's own types (chardev backends and the like) never travel
    # with a module; listed so that a reader sees what they are.
    print("harness-only types: " + ", ".join(sorted(set(shim) - set(builtin))))

    before, loaded = shim, []
    for path in modules:
        name = os.path.basename(path)
        loaded += ["-x-module", path]
        types = list_types([harness] + loaded, name)
        if types is None:
            return finish()
        own = sorted(set(types) - set(before))
        before = types
        print("%s: %s" % (name, ", ".join(own)))
        if not check(own, "%s registers no type: nothing checked" % name):
            continue
        for t in own:
            check(t not in builtin,
                  "%s registers %s (parent %s), which qemu-system-arm "
                  "already has (parent %s)"
                  % (name, t, types[t] or "none",
                     builtin.get(t) or "none"))

    return finish()


def finish():
    return summary(require_some=True)


if __name__ == "__main__":
    sys.exit(main())
