#!/usr/bin/env python3
"""The virtual clock across migration (issue 15, point 3).

qemu-harness saves QEMU_CLOCK_VIRTUAL in QEMU 7.2's "timer" section
(softmmu/cpu-timers.c: cpu_ticks_offset, 8 unused bytes, cpu_clock_offset)
and a destination started with -incoming goes on from the saved time:
  - each timer device (the C++ test device, the SP804 pair in C and C++) is
    armed, stepped half way and migrated; the destination and the source,
    which goes on un-migrated, are stepped alike: their clocks, counter
    reads and interrupt lines are equal at every step, and the interrupt
    comes at the same virtual time;
  - the section has the real qemu-system-arm's layout: a -S stream of
    QEMU's (clock never started) and a fresh harness's hold the same
    "timer" bytes (name, instance 0, version 2, fields) and the same entry
    in the JSON description, and in both it is the first device section;
  - a malformed timer section (negative clock, version 3, cut short, an
    icount subsection the harness does not have) is refused: exit status
    1 and one line, never a crash; a version 1 section (no clock) loads.

Usage: clock-migration-test.py TESTKIT_DIR (env: QEMU_HARNESS,
CXX_TEST_DEVICE, SP804_C, SP804_CXX, QEMU_SYSTEM_ARM).
Prints "SUBTESTS: N passed, M failed".
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import QMP, Target, connect_unix
from testsuite import check, summary

HARNESS = os.environ["QEMU_HARNESS"]
QEMU = os.environ.get("QEMU_SYSTEM_ARM", "qemu-system-arm")
BASE = 0x10000000

# The test device (hw/misc/test-device.hh): R_TIMER counts down in ns.
R_TIMER, R_TIMER_STATUS = 0x24, 0x28
# SP804 (ARM DDI 0271): timer 1 at 0x00, timer 2 at 0x20; 1 MHz.
LOAD, VALUE, CONTROL, RIS = 0x00, 0x04, 0x08, 0x10
CTRL_32BIT_IE_PERIODIC_EN = 0xe2

QEMU_VM_SECTION_FULL, QEMU_VM_SUBSECTION = 0x04, 0x05
QEMU_VM_EOF, QEMU_VM_VMDESCRIPTION = 0x00, 0x06


# ---- the stream ----

def timer_section(stream):
    """(start, end) of the "timer" section's fields, and its header's
    start: QEMU_VM_SECTION_FULL, section id, "timer", instance, version."""
    m = re.search(rb"\x04(.{4})\x05timer(.{4})(.{4})", stream, re.S)
    if not m:
        raise RuntimeError("no timer section in the stream")
    return m.start(), m.end()


def vmdesc(stream):
    """The JSON description after QEMU_VM_EOF (its devices in stream
    order)."""
    at = stream.rindex(b'{"page_size"') - 6
    if stream[at:at + 2] != bytes([QEMU_VM_EOF, QEMU_VM_VMDESCRIPTION]):
        raise RuntimeError("no QEMU_VM_VMDESCRIPTION after QEMU_VM_EOF")
    size = struct.unpack(">I", stream[at + 2:at + 6])[0]
    return json.loads(stream[at + 6:at + 6 + size])


def desc_of(desc, name):
    return [d for d in desc["devices"] if d["name"] == name]


def migrate(t, path):
    t.qmp.execute("migrate", {"uri": "file:" + path})
    st = t.qmp.execute("query-migrate")
    if st.get("status") != "completed":
        raise RuntimeError(f"migrate: {st!r}")
    with open(path, "rb") as f:
        return f.read()


# ---- timers go on where they were ----

def lockstep(name, src, dst, read, irq, steps):
    """Steps both alike; their clocks, reads and IRQ levels must agree.
    Returns the virtual time at which dst's IRQ rose (None if not)."""
    rose = None
    for n, step in enumerate(steps):
        a, b = src.qtest.clock_step(step), dst.qtest.clock_step(step)
        ra, rb = read(src), read(dst)
        ia, ib = src.qtest.get_irq(irq), dst.qtest.get_irq(irq)
        if (a, ra, ia) != (b, rb, ib):
            check(False, f"{name} step {n}: source clock {a} reads {ra} "
                  f"irq {ia}, destination clock {b} reads {rb} irq {ib}")
            return None
        if ib and rose is None:
            rose = b
    check(True, f"{name}: {len(steps)} steps alike")
    return rose


def test_device(tmp, module):
    args = [HARNESS, "-x-module", module, "-device", "x-cxx-test-device,id=td",
            "-x-map", f"td,addr={BASE:#x}"]
    path = os.path.join(tmp, "testdev.state")
    with Target(args) as src:
        src.qtest.clock_step(100)
        src.qtest.writel(BASE + R_TIMER, 1000)          # due at 1100
        src.qtest.clock_step(400)
        before = src.qtest.readl(BASE + R_TIMER)
        check(before == 600, f"test device: 600 ns left before, {before}")
        stream = migrate(src, path)
        with Target(args + ["-incoming", "file:" + path]) as dst:
            now = dst.qtest.clock_step(0)
            check(now == 500, f"test device: clock {now} after -incoming")
            left = dst.qtest.readl(BASE + R_TIMER)
            check(left == before, f"test device: {left} ns left after the "
                  f"load, {before} before")
            for t in (src, dst):
                t.qtest.irq_intercept_out("/machine/peripheral/td")
            rose = lockstep("test device", src, dst,
                            lambda t: (t.qtest.readl(BASE + R_TIMER),
                                       t.qtest.readl(BASE + R_TIMER_STATUS)),
                            2, [250, 349, 1, 100])
            check(rose == 1100, f"test device: IRQ at {rose}, due at 1100")
    return stream


def test_sp804(tmp, kind, module):
    args = [HARNESS, "-x-module", module, "-device", f"{kind},id=t",
            "-x-map", f"t,addr={BASE:#x}"]
    path = os.path.join(tmp, kind + ".state")
    with Target(args) as src:
        # timer 1: 1000 ticks periodic; timer 2: 3000, both at 1 MHz
        src.qtest.writel(BASE + LOAD, 1000)
        src.qtest.writel(BASE + CONTROL, CTRL_32BIT_IE_PERIODIC_EN)
        src.qtest.writel(BASE + 0x20 + LOAD, 3000)
        src.qtest.writel(BASE + 0x20 + CONTROL, CTRL_32BIT_IE_PERIODIC_EN)
        src.qtest.clock_step(400000)
        before = [src.qtest.readl(BASE + o + VALUE) for o in (0, 0x20)]
        check(before == [600, 2600], f"{kind}: values {before} before")
        migrate(src, path)
        with Target(args + ["-incoming", "file:" + path]) as dst:
            after = [dst.qtest.readl(BASE + o + VALUE) for o in (0, 0x20)]
            check(after == before, f"{kind}: values {after} after the load, "
                  f"{before} before")
            for t in (src, dst):
                t.qtest.irq_intercept_out("/machine/peripheral/t")
            rose = lockstep(kind, src, dst,
                            lambda t: tuple(t.qtest.readl(BASE + o + r)
                                            for o in (0, 0x20)
                                            for r in (VALUE, RIS)),
                            0, [300000, 299000, 1000, 1000, 1500000])
            check(rose == 1000000, f"{kind}: IRQ at {rose}, timer 1 due at "
                  "1000000")


# ---- the section's format is QEMU's ----

def qemu_stream(tmp):
    """A migration stream of qemu-system-arm -M virt -S (clock at 0)."""
    qmp_path = os.path.join(tmp, "qemu-qmp.sock")
    out = os.path.join(tmp, "qemu.state")
    proc = subprocess.Popen([QEMU, "-M", "virt", "-accel", "tcg", "-S",
                             "-display", "none", "-nodefaults",
                             "-qmp", f"unix:{qmp_path},server=on,wait=off"],
                            stdin=subprocess.DEVNULL)
    try:
        sock = connect_unix(qmp_path, 15, proc, "qemu-system-arm's QMP")
        q = QMP(sock)
        q.handshake()
        q.execute("migrate", {"uri": f"exec:cat > {out}"})
        for _ in range(200):
            if q.execute("query-migrate").get("status") == "completed":
                break
            time.sleep(0.05)
        q.execute("quit")
        sock.close()
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with open(out, "rb") as f:
        return f.read()


def test_format(tmp, module):
    path = os.path.join(tmp, "fresh.state")
    with Target([HARNESS, "-x-module", module, "-device",
                 "x-cxx-test-device,id=td"]) as t:
        ours = migrate(t, path)
    theirs = qemu_stream(tmp)
    (oh, oe), (qh, qe) = timer_section(ours), timer_section(theirs)
    # header after the section id, the 24 bytes of fields, the footer mark
    check(ours[oh + 5:oe] == theirs[qh + 5:qe],
          f"timer header {ours[oh + 5:oe]!r} vs QEMU's {theirs[qh + 5:qe]!r}")
    check(ours[oe:oe + 25] == theirs[qe:qe + 25],
          f"timer fields {ours[oe:oe + 25].hex()} vs QEMU's "
          f"{theirs[qe:qe + 25].hex()}")
    check(ours[oe + 24] == 0x7e and ours[oe + 25:oe + 29] == ours[oh + 1:oh + 5],
          "timer section footer")
    od, qd = desc_of(vmdesc(ours), "timer"), desc_of(vmdesc(theirs), "timer")
    check(len(od) == 1 and od == qd, f"timer description {od} vs QEMU's {qd}")
    on = [d["name"] for d in vmdesc(ours)["devices"]]
    qn = [d["name"] for d in vmdesc(theirs)["devices"]]
    check(on[:1] == ["timer"] and qn[:1] == ["timer"],
          f"first sections: ours {on[:2]}, QEMU's {qn[:2]}")


# ---- malformed timer sections ----

def load(tmp, module, stream):
    path = os.path.join(tmp, "bad.state")
    with open(path, "wb") as f:
        f.write(stream)
    p = subprocess.run([HARNESS, "-x-module", module, "-device",
                        "x-cxx-test-device,id=td", "-x-map",
                        f"td,addr={BASE:#x}", "-incoming", "file:" + path,
                        "-qtest", "stdio", "-qtest-log", "none"],
                       input=b"clock_step 0\n", capture_output=True,
                       timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def test_malformed(tmp, module, stream):
    h, f = timer_section(stream)
    ticks, clock = f, f + 16

    def refused(what, bad, want):
        rc, out, err = load(tmp, module, bad)
        check(rc == 1 and err.count("\n") == 1 and want in err and
              err.startswith("qemu-harness: -incoming "),
              f"{what}: status {rc}, stderr {err!r}")

    refused("negative clock", stream[:clock] + struct.pack(">q", -1) +
            stream[clock + 8:], "is negative")
    refused("version 3", stream[:f - 4] + struct.pack(">I", 3) + stream[f:],
            "unsupported version 3 for 'timer'")
    refused("cut in the clock", stream[:clock + 3], "timer")
    sub = (bytes([QEMU_VM_SUBSECTION, len(b"timer/icount")]) +
           b"timer/icount" + struct.pack(">Iqq", 1, 0, 0))
    refused("icount subsection", stream[:f + 24] + sub + stream[f + 24:],
            "timer")

    # version 1 (no cpu_clock_offset) loads; the clock stays at 0, as in QEMU
    v1 = (stream[:f - 4] + struct.pack(">I", 1) + stream[f:f + 16] +
          stream[f + 24:])
    rc, out, err = load(tmp, module, v1)
    check(rc == 0 and out.split("\n")[0] == "OK 0",
          f"version 1: status {rc}, {out!r}, {err!r}")
    # and the intact stream continues from its time
    rc, out, err = load(tmp, module, stream)
    saved = struct.unpack(">q", stream[clock:clock + 8])[0]
    check(rc == 0 and out.split("\n")[0] == f"OK {saved}" and saved == 500,
          f"intact: status {rc}, {out!r}, {err!r}")
    check(stream[ticks:ticks + 8] == bytes(8), "cpu_ticks_offset is 0")


def main():
    testdev = os.environ["CXX_TEST_DEVICE"]
    with tempfile.TemporaryDirectory(prefix="clock-migration-") as tmp:
        stream = test_device(tmp, testdev)
        test_sp804(tmp, "sp804-c", os.environ["SP804_C"])
        test_sp804(tmp, "sp804-cxx", os.environ["SP804_CXX"])
        test_malformed(tmp, testdev, stream)
        test_format(tmp, testdev)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
