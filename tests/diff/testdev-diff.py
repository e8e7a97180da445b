#!/usr/bin/env python3
"""Differential test of two test devices (issue 18): x-cxx-test-device
(hw/misc/test-device.cc) and its C twin x-c-test-device
(hw/misc/test-device.c), each on its own qemu-harness, given the same
qtest and QMP sequences. Every answer is part of a transcript, compared
group by group after the type names are made alike:
  - every register offset read (the two devices of each run: td with
    every property set, td2 with the defaults and peer=td), then written
    with three values, each write followed by a read of every register,
    the interrupt lines' events and the guest-error log;
  - interrupt control, DMA (RAM to RAM, above dma-limit, unmapped source
    and destination, a DMA into its own DMA_CTRL), the timer counting
    down and firing, the chardev both ways, system_reset (registers,
    lifecycle counters, lines);
  - qom-list and qom-get of the device and its child, the properties of
    device-list-properties and of -device TYPE,help, unrealize and a
    second realize (lifecycle counters, chardev handlers back), the
    errors of bad -device options and of a failed realize;
  - 600 seeded random register accesses and clock steps;
  - migration: both saved in the same state, the device sections of the
    two streams byte for byte (and the whole streams); each stream loaded
    into the other device, which then answers as the source does, its
    timer firing at the same virtual time; a stream with a DMA status bit
    the device never sets is refused alike.
With --expect-diff, B is a mutant (the twin with one line changed) and
the test passes only if some group differs: it shows that the groups
catch a one-line change.

Usage: testdev-diff.py --a MODULE=TYPE --b MODULE=TYPE [--expect-diff]
       (env: QEMU_HARNESS; meson's python_test_env for the imports)
Prints "SUBTESTS: N passed, M failed".
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import QMPError, QTestError, Target
from testsuite import SubTests, env_path

HARNESS = env_path("QEMU_HARNESS")
DEV, DEV2, RAM, UNMAPPED = 0x10000000, 0x10001000, 0x40000000, 0x20000000
TD, TD2 = "/machine/peripheral/td", "/machine/peripheral/td2"
# Registers (hw/misc/test-device.hh)
R_SCRATCH, R_IRQ = 0x04, 0x08
R_DMA_SRC, R_DMA_DST, R_DMA_LEN, R_DMA_CTRL = 0x10, 0x14, 0x18, 0x1c
R_DMA_STATUS, R_TIMER, R_TIMER_STATUS, R_TX = 0x20, 0x24, 0x28, 0x2c
R_RX_COUNT = 0x30
OFFSETS = range(0, 0x100, 4)
# Registers whose reads have no side effect (the others log an error).
READABLE = [0x00, 0x04, 0x08, 0x10, 0x14, 0x18, 0x20, 0x24, 0x28, 0x30,
            0x34] + list(range(0x40, 0x6c, 4)) + list(range(0x80, 0x94, 4))
# The property types whose values qom-get compares.
GETTABLE = ("bool", "uint8", "uint16", "uint32", "uint64", "int32", "size",
            "str", "link", "child")
PROPS = ("foo=off,u8=200,u16=60000,u32=4000000000,u64=1234605616436508552,"
         "i32=-7,dma-limit=64k,label=hello")
# The migration section's name, the same for both (one wire format).
SECTION = b"x-cxx-test-device"
QEMU_VM_SECTION_FULL, QEMU_VM_SECTION_FOOTER = 0x04, 0x7e


class Twin:
    """One device kind: its module, its type and the names to normalise."""

    def __init__(self, spec):
        self.module, self.type = spec.split("=", 1)
        self.object_type = self.type.replace("-device", "-object")

    def normalise(self, text):
        # The migration state's name is the C++ type's for both (QEMU's
        # load errors name it).
        return (text.replace(self.type, "<dev>")
                .replace(SECTION.decode(), "<dev>")
                .replace(self.object_type, "<obj>"))

    def argv(self, log, extra=()):
        return [HARNESS, "-x-module", self.module,
                "-device", f"{self.type},id=td,chardev=c0,{PROPS}",
                "-device", f"{self.type},id=td2,peer={TD}",
                "-x-map", "td,addr=0x10000000",
                "-x-map", "td2,addr=0x10001000",
                "-x-ram", "addr=0x40000000,size=64k",
                "-d", "guest_errors", "-D", log, *extra]


class Run:
    """A harness with the two devices; out is the transcript, by group."""

    def __init__(self, twin, tmpdir, name, extra=()):
        self.twin = twin
        self.log = os.path.join(tmpdir, name + ".log")
        self.log_seen = 0
        self.t = Target(twin.argv(self.log, extra), chardevs=["c0"])
        self.q = self.t.qtest
        self.q.irq_intercept_out(TD)
        self.groups = {}
        self.group = None

    def begin(self, group):
        self.group = group
        self.groups[group] = []

    def note(self, line):
        self.groups[self.group].append(self.twin.normalise(str(line)))

    def events(self):
        """Interrupt events and new guest-error lines since the last call."""
        self.q.sync()
        if self.q.irq_events:
            self.note(f"  irq {self.q.irq_events}")
            self.q.irq_events.clear()
        with open(self.log, encoding="utf-8", errors="replace") as f:
            f.seek(self.log_seen)
            new = f.read()
            self.log_seen = f.tell()
        for line in new.splitlines():
            self.note("  log " + line)

    def rd(self, addr):
        v = self.q.readl(addr)
        self.note(f"read 0x{addr:x} = 0x{v:x}")
        return v

    def wr(self, addr, value):
        self.q.writel(addr, value)
        self.note(f"write 0x{addr:x} 0x{value:x}")

    def read_all(self, base=DEV):
        self.note(" ".join(f"{self.q.readl(base + r):x}" for r in READABLE))

    def qmp(self, name, args=None, shown=None):
        """@shown: what the transcript says of @args (e.g. not a path)."""
        try:
            r = self.t.qmp.execute(name, args)
        except QMPError as e:
            r = f"error {e}"
        if isinstance(r, list):
            # QOM lists properties in hash-table order, which their
            # names (the memory region's is the type's) change.
            r = sorted(r, key=repr)
        self.note(f"qmp {name} {args if shown is None else shown} -> {r}")
        return r

    def step(self, ns):
        self.note(f"clock_step {ns} -> {self.q.clock_step(ns)}")

    def quit(self):
        self.t.quit()


# ---- the sequences ----

def registers(r):
    r.begin("every offset read")
    for base in (DEV, DEV2):
        for off in OFFSETS:
            r.rd(base + off)
        r.events()

    r.begin("every offset written")
    for value in (0xffffffff, 0x5a5a5a00, 0):
        for off in OFFSETS:
            r.wr(DEV + off, value)
            r.read_all()
            r.read_all(DEV2)
            r.events()
        r.step(0x100000000)
        r.events()


def irq_dma_timer(r):
    r.begin("irq control")
    for op in (1, 1, 0, 2, 1, 2, 3, 0):
        r.wr(DEV + R_IRQ, op)
        r.rd(DEV + R_IRQ)
        r.events()

    r.begin("dma")
    r.q.memwrite(RAM, bytes(range(64)))
    for src, dst, n in ((RAM, RAM + 0x100, 16), (RAM, RAM + 0x200, 0),
                        (RAM, RAM + 0x300, 0x10001), (UNMAPPED, RAM, 16),
                        (RAM, UNMAPPED, 16), (RAM + 0xfffc, RAM, 8)):
        r.wr(DEV + R_DMA_SRC, src)
        r.wr(DEV + R_DMA_DST, dst)
        r.wr(DEV + R_DMA_LEN, n)
        r.wr(DEV + R_DMA_CTRL, 1)
        r.rd(DEV + R_DMA_STATUS)
        r.events()
        r.note(r.q.memread(RAM + 0x100, 32).hex())
        r.wr(DEV + R_DMA_STATUS, 3)
        r.events()
    # A DMA whose destination is its own DMA_CTRL: the copy starts no other.
    r.q.memwrite(RAM + 0x400, (1).to_bytes(4, "little"))
    r.wr(DEV + R_DMA_SRC, RAM + 0x400)
    r.wr(DEV + R_DMA_DST, DEV + R_DMA_CTRL)
    r.wr(DEV + R_DMA_LEN, 4)
    r.wr(DEV + R_DMA_CTRL, 1)
    r.rd(DEV + R_DMA_STATUS)
    r.events()

    r.begin("timer")
    r.step(100)
    r.wr(DEV + R_TIMER, 1000)
    for _ in range(3):
        r.step(300)
        r.rd(DEV + R_TIMER)
        r.rd(DEV + R_TIMER_STATUS)
        r.events()
    r.wr(DEV + R_TIMER_STATUS, 1)
    r.wr(DEV + R_TIMER, 500)
    r.wr(DEV + R_TIMER, 0)
    r.step(1000)
    r.rd(DEV + R_TIMER_STATUS)
    r.events()


def chardev(r):
    r.begin("chardev")
    sock = r.t.chardev("c0")
    for v in (ord("O"), ord("K"), 0x100 | ord("!")):
        r.wr(DEV + R_TX, v)
    sock.settimeout(5)
    got = b""
    while len(got) < 3:
        got += sock.recv(3 - len(got))
    r.note(f"chardev got {got!r}")
    sock.sendall(b"xyz")
    deadline = time.monotonic() + 5
    while r.q.readl(DEV + R_RX_COUNT) < 3 and time.monotonic() < deadline:
        r.q.sync()
    r.rd(DEV + R_RX_COUNT)
    r.rd(DEV + 0x34)
    r.events()


def reset(r):
    r.begin("system_reset")
    r.wr(DEV + R_SCRATCH, 0x1234)
    r.wr(DEV + R_IRQ, 1)
    r.wr(DEV + R_TIMER, 5000)
    r.events()
    r.qmp("system_reset")
    r.read_all()
    r.read_all(DEV2)
    r.step(10000)
    r.events()


def qom(r):
    r.begin("qom")
    for path in (TD, TD2, TD + "/lifecycle"):
        props = r.qmp("qom-list", {"path": path})
        if not isinstance(props, list):
            continue
        for p in sorted(props, key=lambda p: p["name"]):
            if p["name"] in ("parent_bus", "type") or \
                    p["type"].split("<")[0] not in GETTABLE:
                r.note(f"  {p['name']}: {p['type']}")
                continue
            r.qmp("qom-get", {"path": path, "property": p["name"]})
    r.qmp("device-list-properties", {"typename": r.twin.type})
    r.qmp("qom-list-properties", {"typename": r.twin.object_type})


def lifecycle(r):
    r.begin("unrealize and realize again")
    for realized in (False, True):
        r.qmp("qom-set", {"path": TD, "property": "realized",
                          "value": realized})
        for prop in ("realized", "unrealized", "reset-enter"):
            r.qmp("qom-get", {"path": TD + "/lifecycle", "property": prop})
        r.read_all()
        r.events()
    # The second realize gave the chardev its handlers back.
    r.t.chardev("c0").sendall(b"q")
    deadline = time.monotonic() + 5
    while r.q.readl(DEV + 0x34) != ord("q") and time.monotonic() < deadline:
        r.q.sync()
    r.read_all()
    r.events()


def random_ops(r, seed):
    r.begin(f"random accesses (seed {seed})")
    rng = random.Random(seed)
    values = [0, 1, 2, 3, 0xffffffff, 0x80000000, 0x100, 0x10]
    for _ in range(600):
        k = rng.random()
        off = rng.choice(READABLE + [R_DMA_CTRL, R_TX, 0xfc])
        if k < 0.45:
            r.rd(DEV + off)
        elif k < 0.9:
            # DMA and timer registers get addresses and delays that do
            # something; the rest any value.
            if off in (R_DMA_SRC, R_DMA_DST):
                v = rng.choice([RAM, RAM + 0x80, UNMAPPED, DEV + R_SCRATCH])
            elif off == R_DMA_LEN:
                v = rng.choice([0, 4, 16, 0x2000])
            elif off == R_TIMER:
                v = rng.choice([0, 50, 1000])
            else:
                v = rng.choice(values)
            r.wr(DEV + off, v)
        else:
            r.step(rng.choice([1, 49, 500]))
        r.events()


# Command lines the device refuses: bad property values, a realize error.
BAD_DEVICES = ["u8=256", "foo=maybe", "dma-limit=lots", "peer=/nope",
               "chardev=nope", "dma-limit=0", "dma-limit=65537", "nope=1"]


def refusals(twin):
    out = []
    for bad in BAD_DEVICES:
        try:
            p = subprocess.run([HARNESS, "-x-module", twin.module,
                                "-device", f"{twin.type},id=bad,{bad}"],
                               capture_output=True, text=True, timeout=30)
            out.append(twin.normalise(f"{bad}: exit {p.returncode}: "
                                      f"{p.stdout}{p.stderr}"))
        except subprocess.TimeoutExpired:
            out.append(f"{bad}: accepted (still running after 30 s)")
    return out


def help_text(twin):
    p = subprocess.run([HARNESS, "-x-module", twin.module,
                        "-device", twin.type + ",help"],
                       capture_output=True, text=True, timeout=30)
    return [twin.normalise(line) for line in
            (f"exit {p.returncode}\n" + p.stdout + p.stderr).splitlines()]


# ---- migration ----

def migrate(r, path):
    r.qmp("migrate", {"uri": "file:" + path}, shown="file:STREAM")
    st = r.t.qmp.execute("query-migrate")
    r.note(f"migration {st.get('status')}")
    with open(path, "rb") as f:
        return f.read()


def device_sections(stream):
    """The x-cxx-test-device sections (header to footer), in order."""
    found = []
    pat = re.compile(rb"\x04(.{4})" + bytes([len(SECTION)]) + SECTION +
                     rb"(.{4})(.{4})", re.S)
    for m in pat.finditer(stream):
        end = stream.find(bytes([QEMU_VM_SECTION_FOOTER]) + m.group(1),
                          m.end())
        found.append(stream[m.start():end + 5] if end >= 0 else b"")
    return found


# In a device section, after its header: scratch (4 bytes), irq_level (1),
# then the DMA registers src, dst, len (4 each) and status.
DMA_STATUS_AT = 4 + 1 + 12


def corrupt_load(twin, stream, tmpdir):
    """Loads @stream with the first device section's DMA status set to a
    bit the device never sets: post_load must refuse it."""
    m = re.search(rb"\x04.{4}" + bytes([len(SECTION)]) + SECTION + rb".{8}",
                  stream, re.S)
    at = m.end() + DMA_STATUS_AT
    bad = stream[:at] + (0x80).to_bytes(4, "big") + stream[at + 4:]
    path = os.path.join(tmpdir, "corrupt")
    with open(path, "wb") as f:
        f.write(bad)
    try:
        p = subprocess.run(twin.argv(os.devnull, [
                               "-chardev", "null,id=c0",
                               "-incoming", "file:" + path]),
                           capture_output=True, text=True, timeout=30)
        text = f"exit {p.returncode}: {p.stdout}{p.stderr}"
    except subprocess.TimeoutExpired:
        text = "loaded (still running after 30 s)"
    return [twin.normalise(line) for line in text.splitlines()]


def migration_state(r):
    """The state both are saved in: registers, DMA done, a byte received,
    the timer armed half way."""
    r.begin("before migration")
    r.wr(DEV + R_SCRATCH, 0xcafe)
    r.wr(DEV2 + R_SCRATCH, 0xbeef)
    r.q.memwrite(RAM, b"migrate!")
    r.wr(DEV + R_DMA_SRC, RAM)
    r.wr(DEV + R_DMA_DST, RAM + 0x100)
    r.wr(DEV + R_DMA_LEN, 8)
    r.wr(DEV + R_DMA_CTRL, 1)
    r.wr(DEV + R_IRQ, 1)
    r.t.chardev("c0").sendall(b"m")
    deadline = time.monotonic() + 5
    while r.q.readl(DEV + R_RX_COUNT) < 1 and time.monotonic() < deadline:
        r.q.sync()
    r.step(100)
    r.wr(DEV + R_TIMER, 1000)
    r.step(400)
    r.read_all()
    r.read_all(DEV2)
    r.events()


def after_migration(r):
    """What a destination (or the source, going on) answers afterwards."""
    r.begin("after migration")
    r.read_all()
    r.read_all(DEV2)
    r.note(f"clock {r.q.clock_step(0)}")
    r.step(599)
    r.rd(DEV + R_TIMER_STATUS)
    r.step(1)
    r.rd(DEV + R_TIMER_STATUS)
    r.events()
    return r.groups["after migration"]


# ---- the comparison ----

class Result(SubTests):
    """Each group compared is a sub-test; a difference prints its first
    differing line of each side."""

    def __init__(self):
        super().__init__()
        self.diffs = []

    def compare(self, what, a, b):
        if a == b:
            return self.check(True, what)
        self.diffs.append(what)
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y),
                  min(len(a), len(b)))
        return self.check(False, f"{what}: line {at} differs",
                          f"  A: {a[at] if at < len(a) else '<end>'}\n"
                          f"  B: {b[at] if at < len(b) else '<end>'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--expect-diff", action="store_true")
    args = ap.parse_args()
    twins = (Twin(args.a), Twin(args.b))
    res = Result()

    with tempfile.TemporaryDirectory(prefix="testdev-diff-") as tmp:
        runs = [Run(tw, tmp, f"{i}") for i, tw in enumerate(twins)]
        for seq in (registers, irq_dma_timer, chardev, reset, qom,
                    lifecycle, lambda r: random_ops(r, 18)):
            for r in runs:
                seq(r)
        for r in runs:
            r.quit()
        for g in runs[0].groups:
            res.compare(g, runs[0].groups[g], runs[1].groups.get(g, []))
        res.compare("-device TYPE,help", help_text(twins[0]),
                    help_text(twins[1]))
        res.compare("refused -device options", refusals(twins[0]),
                    refusals(twins[1]))

        # Migration: the same state saved by both, then each stream loaded
        # into the other kind.
        runs = [Run(tw, tmp, f"src{i}") for i, tw in enumerate(twins)]
        streams = []
        for i, r in enumerate(runs):
            migration_state(r)
            streams.append(migrate(r, os.path.join(tmp, f"stream{i}")))
        res.compare("before migration", runs[0].groups["before migration"],
                    runs[1].groups["before migration"])
        secs = [device_sections(s) for s in streams]
        # td and td2 each, header to footer, in both streams.
        res.compare("device sections found",
                    [(len(s), all(s)) for s in secs], [(2, True)] * 2)
        res.compare("device sections byte for byte",
                    [s.hex() for s in secs[0]], [s.hex() for s in secs[1]])
        res.compare("whole streams byte for byte", [streams[0].hex()],
                    [streams[1].hex()])
        source_after = [after_migration(r) for r in runs]
        res.compare("the sources after migration", *source_after)
        for src, dst in ((0, 1), (1, 0)):
            d = Run(twins[dst], tmp, f"dst{dst}",
                    ["-incoming", "file:" + os.path.join(tmp, f"stream{src}")])
            got = after_migration(d)
            d.quit()
            res.compare(f"stream of {twins[src].type} loaded into "
                        f"{twins[dst].type}", source_after[src], got)
        for r in runs:
            r.quit()
        refused = [corrupt_load(tw, streams[0], tmp) for tw in twins]
        res.check(any("post_load: DMA status has unknown bits" in line
                      for line in refused[0]),
                  "a corrupt stream: A refuses it in post_load",
                  "\n".join(refused[0]))
        res.compare("a corrupt stream refused alike", *refused)

    if args.expect_diff:
        verdict = SubTests()
        verdict.check(res.diffs, "the mutant differs from A",
                      "no group tells them apart")
        print("mutant caught by: " + (", ".join(res.diffs) or "nothing"))
        return verdict.summary()
    return res.summary(require_some=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (QTestError, QMPError) as e:
        print(f"FAIL: {e}")
        sys.exit(1)
