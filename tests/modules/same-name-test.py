#!/usr/bin/env python3
"""Two modules, each defining a C++ class Dev, loaded side by side.

Both are built from same-name.cc with the default visibility (no
-fvisibility=hidden), one with SAME_NAME_VARIANT 1 and one with 2: the
same C++ class name, different QOM types, property defaults, MMIO
regions, class constants. In one qemu-harness they must stay distinct
(QMP qom-get and qom-list, qtest reads), and nm -DC must show no
STB_GNU_UNIQUE ("u") object of the bindings (qemu::...) in either: such
a symbol is bound process-wide, whatever RTLD_LOCAL says.

Usage: same-name-test.py HARNESS MODULE1 MODULE2
Prints "SUBTESTS: N passed, M failed".
"""
import json
import shutil
import subprocess
import sys

from testsuite import check, summary, verbose

TIMEOUT = 60.0


def run(argv, stdin):
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                       timeout=TIMEOUT)
    return r


def devices(mods):
    args = []
    for m in mods:
        args += ["-x-module", m]
    for v, addr in (("1", "0x1000"), ("2", "0x2000")):
        args += ["-device", "x-same-name-%s,id=d%s" % (v, v),
                 "-x-map", "d%s,addr=%s" % (v, addr)]
    return args


def qmp(harness, mods):
    cmds = [{"execute": "qmp_capabilities"}]
    for v in ("1", "2"):
        cmds.append({"execute": "qom-get", "id": "width" + v, "arguments": {
            "path": "/machine/peripheral/d" + v, "property": "width"}})
        cmds.append({"execute": "qom-list", "id": "list" + v, "arguments": {
            "path": "/machine/peripheral/d" + v}})
        cmds.append({"execute": "qom-get", "id": "type" + v, "arguments": {
            "path": "/machine/peripheral/d" + v, "property": "type"}})
    cmds.append({"execute": "quit"})
    r = run([harness] + devices(mods) +
            ["-chardev", "stdio,id=mon0", "-mon", "chardev=mon0,mode=control"],
            "".join(json.dumps(c) + "\n" for c in cmds))
    replies = {}
    for line in r.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if isinstance(msg, dict) and "id" in msg:
            replies[msg["id"]] = msg.get("return", msg.get("error"))
    if not check(r.returncode == 0, "both modules load side by side (%s)"
                 % r.stderr.strip()):
        return
    for v in ("1", "2"):
        check(replies.get("type" + v) == "x-same-name-" + v,
              "d%s is an x-same-name-%s: %r" % (v, v, replies.get("type" + v)))
        check(replies.get("width" + v) == 8 * int(v),
              "d%s's width default is its own, %d: %r"
              % (v, 8 * int(v), replies.get("width" + v)))
        names = {p.get("name") for p in replies.get("list" + v) or []}
        other = "2" if v == "1" else "1"
        check("x-same-name-%s-regs[0]" % v in names and
              "x-same-name-%s-regs[0]" % other not in names,
              "d%s owns its own region: %s" % (v, sorted(names)))


def qtest(harness, mods):
    lines = ["writel 0x1000 0x11", "writel 0x2000 0x22", "readl 0x1000",
             "readl 0x2000", "readl 0x1180", "readl 0x2180"]
    r = run([harness] + devices(mods) + ["-qtest", "stdio",
                                         "-qtest-log", "none"],
            "".join(l + "\n" for l in lines))
    got = [l for l in r.stdout.splitlines() if l.startswith("OK")]
    print("qtest replies: %r" % got)
    if not check(len(got) == len(lines), "qtest answers every line"):
        return
    # Variant << 8 | last write; region 1 is 0x100 bytes, region 2 0x200.
    check(int(got[2].split()[1], 16) == 0x111, "d1 reads 0x111: " + got[2])
    check(int(got[3].split()[1], 16) == 0x222, "d2 reads 0x222: " + got[3])
    check(int(got[4].split()[1], 16) == 0, "d1's region ends at 0x100")
    check(int(got[5].split()[1], 16) == 0x222, "d2's region is 0x200 long")


def symbols(mods):
    nm = shutil.which("nm")
    if not check(nm is not None, "nm is installed"):
        return
    for m in mods:
        out = subprocess.run([nm, "-DC", m], capture_output=True, text=True,
                             check=True).stdout
        unique = [l for l in out.splitlines()
                  if l.split()[1:2] == ["u"] and "qemu::" in l]
        check(not unique, "%s exports no unique object of the bindings: %s"
              % (m, unique))
        # The build is what it claims: Dev's member functions are exported.
        check(any(" T Dev::Dev()" in l for l in out.splitlines()),
              "%s is built with the default visibility (Dev::Dev() exported)"
              % m)


def main():
    verbose()   # a line for every check, passed ones too
    harness, mods = sys.argv[1], sys.argv[2:4]
    qmp(harness, mods)
    qtest(harness, mods)
    symbols(mods)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
