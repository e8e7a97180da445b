#!/usr/bin/env python3
"""The memory re-entrancy guard of Debian's 7.2.22, in both hosts.

The C++ test device (hw/misc/test-device.cc) copies guest memory by DMA.
A DMA into its own registers re-enters its MMIO region: 7.2.22 refuses
that access (MEMTX_ACCESS_ERROR, so the copy fails) and warns once per
process: "Blocked re-entrant IO on MemoryRegion: NAME at addr: 0xADDR".
The same qtest commands run on qemu-harness and, through qemu-cxx-run, on
the real qemu-system-arm; replies and warnings must be the same, and be
what 7.2.22 does.

Environment (from meson): QEMU_HARNESS, QEMU_CXX_RUN, CXX_TEST_DEVICE.
"""
import os
import subprocess
import sys

from qemu_cxx_test import ProtocolError, QTest, StdioChannel
from testsuite import check, summary, verbose

DEV = 0x09200000
RAM = 0x40000000
SRC, DST, LEN, CTRL, STATUS, SCRATCH = 0x10, 0x14, 0x18, 0x1c, 0x20, 0x04
DMA_DONE, DMA_ERROR = 1, 2

# (command, expected reply)
STEPS = [
    ("writel 0x%x 0x1234" % RAM, "OK"),
    ("writel 0x%x 0x%x" % (DEV + SRC, RAM), "OK"),
    ("writel 0x%x 0x%x" % (DEV + LEN, 4), "OK"),
    # into its own scratch register: refused
    ("writel 0x%x 0x%x" % (DEV + DST, DEV + SCRATCH), "OK"),
    ("writel 0x%x 1" % (DEV + CTRL), "OK"),
    ("readl 0x%x" % (DEV + SCRATCH), "OK 0x%016x" % 0),
    ("readl 0x%x" % (DEV + STATUS), "OK 0x%016x" % DMA_ERROR),
    ("writel 0x%x 0x%x" % (DEV + STATUS, DMA_ERROR), "OK"),
    # into its own DMA control register: refused too, warned no more
    ("writel 0x%x 0x%x" % (DEV + DST, DEV + CTRL), "OK"),
    ("writel 0x%x 1" % (DEV + CTRL), "OK"),
    ("readl 0x%x" % (DEV + STATUS), "OK 0x%016x" % DMA_ERROR),
    ("writel 0x%x 0x%x" % (DEV + STATUS, DMA_ERROR), "OK"),
    # into RAM: done, so the guard was released
    ("writel 0x%x 0x%x" % (DEV + DST, RAM + 0x100), "OK"),
    ("writel 0x%x 1" % (DEV + CTRL), "OK"),
    ("readl 0x%x" % (DEV + STATUS), "OK 0x%016x" % DMA_DONE),
    ("readl 0x%x" % (RAM + 0x100), "OK 0x%016x" % 0x1234),
    # the device's own MMIO from the outside is not re-entrant
    ("writel 0x%x 0xbeef" % (DEV + SCRATCH), "OK"),
    ("readl 0x%x" % (DEV + SCRATCH), "OK 0x%016x" % 0xbeef),
]
WARNING = ("warning: Blocked re-entrant IO on MemoryRegion: "
           "x-cxx-test-device at addr: 0x%x" % SCRATCH)


def run(argv):
    """Runs @argv with qtest on stdio; returns (replies, warning lines)."""
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    replies = []
    qt = QTest(StdioChannel(p))
    try:
        for cmd, _ in STEPS:
            try:
                replies.append(qt.raw_command(cmd))
            except (OSError, ProtocolError) as e:   # the reply, as it failed
                replies.append(str(e))
                break
    finally:
        # QEMU does not quit when qtest's stdin closes; the harness does
        p.stdin.close()
        try:
            p.wait(timeout=2)
        except subprocess.TimeoutExpired:
            p.terminate()
        err = p.stderr.read()
        p.wait()
    warnings = [l for l in err.splitlines() if "re-entrant" in l]
    return replies, warnings


def main():
    env = os.environ
    harness = [env["QEMU_HARNESS"], "-x-module", env["CXX_TEST_DEVICE"],
               "-device", "x-cxx-test-device,id=td",
               "-x-map", "td,addr=0x%x" % DEV,
               "-x-ram", "addr=0x%x,size=64k" % RAM, "-qtest", "stdio"]
    qemu = [env["QEMU_CXX_RUN"], "-M", "virt", "-m", "16M", "-accel", "tcg",
            "-S", "-display", "none", "-nodefaults", "-no-user-config",
            "-x-module", env["CXX_TEST_DEVICE"],
            "-device", "x-cxx-test-device,id=td",
            "-x-map", "td,addr=0x%x" % DEV,
            "-qtest", "stdio", "-qtest-log", "/dev/null"]
    verbose()   # a line for every check, passed ones too
    results = {}
    for name, argv in (("qemu-harness", harness), ("qemu-system-arm", qemu)):
        replies, warnings = run(argv)
        results[name] = (replies, warnings)
        ok = replies == [want for _, want in STEPS]
        if not ok:
            for (cmd, want), got in zip(STEPS, replies + [None] * len(STEPS)):
                if got != want:
                    print("%s: '%s' answered %r, want %r" % (name, cmd, got,
                                                           want))
                    break
        check(ok, "%s: replies as 7.2.22 gives them" % name)
        ok = (len(warnings) == 1 and
              warnings[0] == "%s: %s" % (os.path.basename(argv[0])
                                         if name == "qemu-harness"
                                         else "qemu-system-arm", WARNING))
        check(ok, "%s: one warning, %r" % (name, warnings))
    check(results["qemu-harness"][0] == results["qemu-system-arm"][0],
          "the hosts agree on every reply")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
