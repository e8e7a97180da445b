#!/usr/bin/env python3
"""SP804 register behaviour three-way: QEMU 7.2's own sp804, ours in qemu-harness, ours inside the real QEMU.

Targets, each driven over qtest on stdio with the same commands:
  qemu            qemu-system-arm -M versatilepb: its sp804 (timers 0/1)
                  at 0x101e2000, interrupt on PL190 VIC input 4
  harness:TYPE    qemu-harness -device TYPE at 0x101e2000
  qemu:TYPE       TYPE inside qemu-system-arm -M versatilepb through
                  qemu-cxx-run, at 0x101f5000 (free on that board)
for TYPE in sp804-c and sp804-cxx. The CPU is held (-S) and the harness's
clock is never stepped, so time does not advance anywhere: what is
compared is what a register access does at one instant (reads after
writes, the IDs, reload and free-running values, the prescaler's effect
on nothing but the rate, the raw and masked interrupt status, bad offsets
and access sizes), the guest-error/unimp log (-d guest_errors,unimp) and
the "Timer with ... zero" messages. The interrupt line is compared where
it can be seen: QEMU's own through the VIC's raw status (0x10140008 bit
4), ours in the harness through irq_intercept_out. Ours inside QEMU has
no line: the loader wires GIC and NVIC inputs only, not a PL190.
Not comparable without time: counting itself (TimerValue as it falls,
expiry, periodic reload) -- sp804-lockstep steps the clock for that.

Usage: sp804-three-way.py (environment from meson: QEMU_HARNESS,
QEMU_CXX_RUN, SP804_C, SP804_CXX; QTEST_QEMU_BINARY or qemu-system-arm)
Prints "SUBTESTS: N passed, M failed".
"""
import os
import random
import subprocess
import sys
import tempfile

from qemu_cxx_test import QTest, StdioChannel
from testsuite import (check, qemu_system_arm, summary, verbose,
                       wait_or_kill)

QEMU_BASE = 0x101e2000
LOADER_BASE = 0x101f5000
VIC_RAW = 0x10140008
VIC_TIMER01 = 1 << 4


def directed():
    """(op, offset, value): what a driver does first, then edge cases."""
    steps = [("readl", o, None) for o in range(0xfe0, 0x1000, 4)]
    steps += [("readl", o, None) for o in range(0, 0x40, 4)]
    steps += [
        ("writel", 0x00, 100), ("readl", 0x04, None),      # free-running
        ("writel", 0x08, 0xe2), ("readl", 0x04, None),     # periodic 32-bit
        ("readl", 0x08, None), ("readl", 0x10, None),
        ("writel", 0x18, 7), ("readl", 0x00, None), ("readl", 0x04, None),
        ("writel", 0x04, 9), ("readl", 0x04, None),        # ignored
        ("writel", 0x00, 0),                               # trigger, stop
        ("readl", 0x10, None), ("readl", 0x14, None), ("readl", 0x08, None),
        ("writel", 0x08, 0x02), ("readl", 0x14, None),     # IE off
        ("writel", 0x08, 0x22), ("readl", 0x14, None),
        ("writel", 0x0c, 1), ("readl", 0x10, None),        # IntClr
        ("writel", 0x28, 0xa3), ("readl", 0x24, None),     # free 32, 1-shot
        ("writel", 0x28, 0x8b), ("readl", 0x24, None),     # /256, 16-bit
        ("writel", 0x20, 0), ("readl", 0x30, None),
        ("readl", 0xf00, None), ("readl", 0xf04, None),    # unimp
        ("writel", 0xf00, 1), ("readl", 0x40, None), ("writel", 0x44, 3),
        ("readl", 0x0c, None), ("readl", 0x1c, None), ("writel", 0x10, 1),
        ("readb", 0xfe1, None), ("readw", 0x02, None), ("writeb", 0x01, 0x12),
        ("readl", 0x00, None), ("writew", 0x20, 0x3456), ("readl", 0x20, None),
    ]
    return steps


def random_steps(seed, n):
    r = random.Random(seed)
    steps = []
    for _ in range(n):
        off = r.choice([0x20 * r.randrange(2) + 4 * r.randrange(8)] * 6 +
                       [0xf00, 0xf04, 0xfe0 + 4 * r.randrange(8), 0x40,
                        0x800])
        if r.randrange(2):
            if off & 0x1f == 0x08:
                v = r.randrange(256)
            else:
                v = r.choice([0, 1, 2, r.randrange(100),
                              r.randrange(1 << 32)])
            size = r.choice(["writel"] * 4 + ["writew", "writeb"])
            steps.append((size, off, v))
        else:
            size = r.choice(["readl"] * 4 + ["readw", "readb"])
            steps.append((size, off, None))
    # the state each sequence ends in, read back
    steps += [("readl", o, None) for o in range(0, 0x40, 4)
              if o & 0x1f not in (0x0c, 0x1c)]
    return steps


class Target:
    def __init__(self, name, argv, base, line):
        self.name, self.argv, self.base, self.line = name, argv, base, line

    def run(self, steps):
        """Returns (replies, levels, log text, zero-timer messages)."""
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            env = dict(os.environ, QEMU_AUDIO_DRV="none")
            p = subprocess.Popen(self.argv + ["-d", "guest_errors,unimp",
                                              "-D", log],
                                 stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
            replies, levels = [], []
            level = 0
            qt = QTest(StdioChannel(p), timeout=30)
            try:
                if self.line == "intercept":
                    qt.raw_command("irq_intercept_out t0")
                for op, off, v in steps:
                    cmd = "%s 0x%x" % (op, self.base + off)
                    if v is not None:
                        cmd += " 0x%x" % v
                    seen = len(qt.irq_events)
                    replies.append(qt.raw_command(cmd))
                    irqs = qt.irq_events[seen:]
                    if self.line == "vic":
                        level = int(bool(qt.readl(VIC_RAW) & VIC_TIMER01))
                    for _, raised in irqs:
                        level = int(raised)
                    levels.append(level if self.line else None)
            finally:
                p.stdin.close()
                if self.line != "intercept":
                    p.terminate()       # QEMU does not quit on EOF
                wait_or_kill(p)
                err = p.stderr.read()
                p.stdout.close()
                p.stderr.close()
            text = open(log).read() if os.path.exists(log) else ""
        zero = [l for l in err.splitlines() if l.startswith("Timer with")]
        return replies, levels, text, zero


def main():
    verbose()   # a line for every comparison, passed ones too
    env = os.environ
    qemu = qemu_system_arm()
    board = ["-M", "versatilepb", "-accel", "tcg", "-S", "-display", "none",
             "-nodefaults", "-no-user-config", "-qtest", "stdio",
             "-qtest-log", "/dev/null"]
    targets = [Target("qemu", [qemu] + board, QEMU_BASE, "vic")]
    for t, m in (("sp804-c", env["SP804_C"]), ("sp804-cxx", env["SP804_CXX"])):
        targets.append(Target("harness:" + t, [
            env["QEMU_HARNESS"], "-x-module", m, "-device", t + ",id=t0",
            "-x-map", "t0,addr=0x%x" % QEMU_BASE, "-qtest", "stdio"],
            QEMU_BASE, "intercept"))
        targets.append(Target("qemu:" + t, [
            env["QEMU_CXX_RUN"]] + board + [
            "-x-module", m, "-device", t + ",id=t0",
            "-x-map", "t0,addr=0x%x" % LOADER_BASE], LOADER_BASE, None))
    sequences = [("directed", directed())]
    sequences += [("random-%d" % s, random_steps(s, 150)) for s in range(8)]
    for seq_name, steps in sequences:
        results = {t.name: t.run(steps) for t in targets}
        ref = results["qemu"]
        # the reference's log names its own base; ours sit elsewhere
        for t in targets[1:]:
            got = results[t.name]
            problems = []
            for i, (a, b) in enumerate(zip(ref[0], got[0])):
                if a != b:
                    problems.append("step %d %s 0x%x: %r, qemu %r" % (
                        i, steps[i][0], steps[i][1], b, a))
                    break
            if len(ref[0]) != len(got[0]):
                problems.append("%d replies, qemu %d" % (len(got[0]),
                                                         len(ref[0])))
            if t.line and ref[1] != got[1]:
                i = next(i for i, (a, b) in enumerate(zip(ref[1], got[1]))
                         if a != b)
                problems.append("line %d after step %d, qemu's %d" % (
                    got[1][i], i, ref[1][i]))
            if ref[2] != got[2]:
                problems.append("log differs:\n--- qemu\n%s--- %s\n%s" % (
                    ref[2], t.name, got[2]))
            if ref[3] != got[3]:
                problems.append("messages %r, qemu %r" % (got[3], ref[3]))
            check(not problems, "%s %s (%d accesses%s)" % (
                seq_name, t.name, len(steps),
                ", line compared" if t.line else ""),
                "\n".join("   " + pr for pr in problems))
        edges = sum(1 for a, b in zip([0] + ref[1], ref[1]) if a != b)
        logged = len(ref[2].splitlines())
        print("   (qemu: %d line changes, %d log lines, %d 'Timer with' "
              "messages)" % (edges, logged, len(ref[3])))
        if seq_name == "directed":
            # else the comparisons above compared nothing
            check(edges > 0 and logged > 0 and len(ref[3]) > 0,
                  "directed: qemu's own sp804 raised and lowered its line, "
                  "logged and warned")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
