#!/usr/bin/env python3
"""The C++ PL011's trace events inside the real qemu-system-arm 7.2.

The same qtest input (every register read, writes that change the baud
rate, the FIFO mode, the interrupt mask, TX, bad offsets, bytes received
through a socket chardev in FIFO and in character mode) goes to QEMU's
built-in PL011 (virt's UART) and to pl011-cxx (qemu-cxx-run, at a free
address of virt) with -trace 'pl011_*' -D FILE. The two logs must be equal
line for line: same event names, arguments and formats (the built-in is
the judge, nothing is hard-coded).

pl011_can_receive is asked by the chardev layer on every main-loop
iteration, a timing-dependent number of times; consecutive identical
pl011_can_receive lines are folded into one on both sides before
comparing (a changed answer or argument is still a line of its own).

Also: -msg timestamp=on prefixes each line with "TID@SEC.USEC:" as 7.2's
log backend (TID QEMU's main thread, the time within the run, the rest of
the line unchanged); an event left disabled prints nothing; our events are
registered with QEMU (QMP trace-event-get-state lists each pl011 event
twice: the built-in's and ours) and QMP trace-event-set-state disables one
at run time.

Environment: QEMU_CXX_RUN, QEMU, PL011_CXX_MODULE. Prints "SUBTESTS: N
passed, M failed".
"""
import os
import re
import sys
import tempfile
import time

from qemu_cxx_test import Target
from testsuite import check, summary, verbose

RUN = os.environ["QEMU_CXX_RUN"]
QEMU = os.environ["QEMU"]
MODULE = os.environ["PL011_CXX_MODULE"]
BUILTIN_BASE = 0x09000000   # virt's UART
CXX_BASE = 0x09100000       # a free address of virt
TIMEOUT = 20
COMMON = ["-M", "virt,gic-version=2", "-m", "16M", "-accel", "tcg", "-S",
          "-display", "none", "-nodefaults", "-no-user-config"]

def builtin_argv(log, extra):
    return [QEMU] + COMMON + ["-serial", "chardev:c0", "-D", log] + extra


def cxx_argv(log, extra):
    return ([RUN, "-x-qemu", QEMU] + COMMON +
            ["-x-module", MODULE, "-device", "pl011-cxx,id=u1,chardev=c0",
             "-x-map", f"u1,addr={CXX_BASE:#x}", "-D", log] + extra)


def log_lines(log):
    try:
        with open(log) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def wait_for(log, event, count):
    """Waits until @log has @count lines of @event (bytes arrive
    asynchronously: the next access must come after them)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        n = sum(1 for l in log_lines(log) if strip(l).startswith(event + " "))
        if n >= count:
            return True
        time.sleep(0.02)
    return False


STAMP = re.compile(r"^(\d+)@(\d+)\.(\d{6}):(.*)$")


def strip(line):
    m = STAMP.match(line)
    return m.group(4) if m else line


def fold(lines):
    out = []
    for l in map(strip, lines):
        if l.startswith("pl011_can_receive ") and out and out[-1] == l:
            continue
        out.append(l)
    return out


# Registers: offset, and what to write (None: read only).
READS = list(range(0x000, 0x04c, 4)) + list(range(0xfe0, 0x1000, 4)) + [0x100]
WRITES = [(0x024, 0x27), (0x028, 0x04), (0x024, 0x0), (0x028, 0x3f),
          (0x024, 0x04000000), (0x028, 0x0),       # a zero divisor
          (0x02c, 0x70), (0x038, 0x50), (0x030, 0x301), (0x034, 0x12),
          (0x000, 0x41), (0x044, 0x7ff), (0x038, 0x70), (0x000, 0x42),
          (0x004, 0x1), (0x020, 0x5), (0x018, 0x1), (0x04c, 0x1),
          (0x100, 0x1)]


def accesses(t, base, log):
    """Every register read, then the writes."""
    for off in READS:
        t.qtest.readl(base + off)
    for off, value in WRITES:
        t.qtest.writel(base + off, value)
    return None


def scenario(t, base, log):
    """The accesses and bytes; returns why it could not run, or None."""
    q = t.qtest
    accesses(t, base, log)
    sock = t.chardev("c0")
    put = 0
    # FIFO mode (LCR_H 0x70): five bytes queue, then read them out.
    sock.sendall(b"hello")
    put += 5
    if not wait_for(log, "pl011_put_fifo", put):
        return "the FIFO-mode bytes never arrived"
    for _ in range(6):
        q.readl(base + 0x000)
    q.readl(base + 0x018)
    # Character mode: one byte fills the holding register, the next waits
    # until DR is read.
    q.writel(base + 0x02c, 0x60)
    sock.sendall(b"xy")
    put += 1
    if not wait_for(log, "pl011_put_fifo", put):
        return "the first character-mode byte never arrived"
    q.readl(base + 0x000)
    put += 1
    if not wait_for(log, "pl011_put_fifo", put):
        return "the second character-mode byte never arrived"
    q.readl(base + 0x000)
    q.readl(base + 0x018)
    return None


def run(argv_of, base, tmp, name, extra=(), action=scenario):
    log = os.path.join(tmp, name + ".log")
    with Target(argv_of(log, list(extra)), chardevs=["c0"],
                timeout=TIMEOUT) as t:
        start = time.time()
        why = action(t, base, log)
        t.qtest.sync()
        pid = t.pid
        t.quit()
        end = time.time()
    return dict(lines=log_lines(log), why=why, pid=pid, start=start, end=end)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: built-in {x!r}, pl011-cxx {y!r}"
    return f"lengths {len(a)} and {len(b)}"


def main():
    verbose()   # a line for every check, passed ones too
    with tempfile.TemporaryDirectory(prefix="trace-cxx-") as tmp:
        trace = ["-trace", "pl011_*"]
        ref = run(builtin_argv, BUILTIN_BASE, tmp, "builtin", trace)
        cxx = run(cxx_argv, CXX_BASE, tmp, "cxx", trace)
        check(ref["why"] is None, "the scenario ran on the built-in PL011",
              ref["why"])
        check(cxx["why"] is None, "the scenario ran on pl011-cxx",
              cxx["why"])
        a, b = fold(ref["lines"]), fold(cxx["lines"])
        events = {l.split()[0] for l in a}
        check(len(events) == 8, "the built-in emitted all 8 pl011 events",
              f"only {sorted(events)}")
        check(a == b and len(a) > 0,
              f"pl011-cxx's trace equals the built-in's ({len(a)} lines)",
              first_difference(a, b))

        # -msg timestamp=on: "TID@SEC.USEC:" then the same line.
        ts = run(cxx_argv, CXX_BASE, tmp, "cxx-ts",
                 trace + ["-msg", "timestamp=on"])
        ms = [STAMP.match(l) for l in ts["lines"]]
        check(ms and all(ms),
              "with timestamps, every line is TID@SEC.USEC:EVENT",
              next((l for l, m in zip(ts["lines"], ms) if not m),
                   "no lines"))
        if ms and all(ms):
            tids = {int(m.group(1)) for m in ms}
            check(tids == {ts["pid"]}, "the TID is QEMU's main thread",
                  f"tids {tids}, QEMU pid {ts['pid']}")
            stamps = [int(m.group(2)) + int(m.group(3)) / 1e6 for m in ms]
            ok = (stamps == sorted(stamps) and
                  ts["start"] - 1 <= stamps[0] and
                  stamps[-1] <= ts["end"] + 1)
            check(ok, "timestamps are the time of day, in order",
                  f"{stamps[0]}..{stamps[-1]} outside "
                  f"{ts['start']}..{ts['end']} or out of order")
            check(fold(ts["lines"]) == b,
                  "without the prefix, the timestamped trace is the same",
                  first_difference(b, fold(ts["lines"])))

        # One event enabled: only its lines.
        one = run(cxx_argv, CXX_BASE, tmp, "cxx-one",
                  ["-trace", "pl011_write"], accesses)
        names = {strip(l).split()[0] for l in one["lines"]}
        writes = [l for l in b if l.startswith("pl011_write ")]
        writes = writes[:len(WRITES)]
        check(names == {"pl011_write"} and
              [strip(l) for l in one["lines"]] == writes,
              "only the enabled event prints (-trace pl011_write)",
              f"events {sorted(names)}, {len(one['lines'])} lines")
        none = run(cxx_argv, CXX_BASE, tmp, "cxx-none", (), accesses)
        check(none["lines"] == [], "no -trace: nothing is printed",
              f"{none['lines'][:3]}")

        # QEMU's trace control sees our events and turns one off.
        def qmp_control(t, base, log):
            got = t.qmp.execute("trace-event-get-state", {"name": "pl011_*"})
            names = sorted(e["name"] for e in got)
            if names != sorted(sorted(events) * 2):
                return f"trace-event-get-state pl011_*: {names}"
            t.qtest.readl(base + 0x018)
            t.qmp.execute("trace-event-set-state",
                          {"name": "pl011_read", "enable": False})
            t.qtest.readl(base + 0x018)
            t.qtest.writel(base + 0x038, 0)
            return None
        ctl = run(cxx_argv, CXX_BASE, tmp, "cxx-qmp", trace, qmp_control)
        check(ctl["why"] is None,
              "QMP lists pl011-cxx's events beside the built-in's",
              ctl["why"])
        lines = [strip(l).split()[0] for l in ctl["lines"]]
        check(ctl["why"] is None and lines.count("pl011_read") == 1 and
              "pl011_write" in lines,
              "QMP trace-event-set-state disables pl011-cxx's event",
              f"{lines}")

    return summary()


if __name__ == "__main__":
    sys.exit(main())
