#!/usr/bin/env python3
"""qemu-harness end to end under valgrind.

Three short runs of the harness, each under valgrind (any invalid access or
definite/indirect leak makes valgrind exit 99): the C and C++ PL011s, the C
and C++ test devices on socket, file, ringbuf and null chardevs, driven
through "-qtest stdio" and a QMP socket; the first run migrates to a file
and quits over QMP, the second loads that file with -incoming and ends on
stdin EOF, the third ends on SIGTERM. Each run must also exit 0: the
harness exits 2 when QOM objects outlive its teardown.

Environment: QEMU_HARNESS, VALGRIND, PL011_C_MODULE, PL011_CXX_MODULE,
X_TESTDEV, CXX_TEST_DEVICE. Prints "SUBTESTS: N passed, N failed".
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import (ProtocolError, QTest, QTestError, StdioChannel,
                           TargetError, connect_unix)
from testsuite import check, summary, wait_or_kill

TIMEOUT = 30.0  # seconds for any one reply: valgrind is slow

U0, U1 = 0x09000000, 0x09001000         # pl011-c, pl011-cxx
T0, T1 = 0x10000000, 0x10001000         # x-testdev, x-cxx-test-device
RAM = 0x40000000

# PL011 registers and bits.
UARTDR, UARTFR, UARTCR, UARTIMSC, UARTMIS = 0x00, 0x18, 0x30, 0x38, 0x40
FR_RXFE = 1 << 4
CR_ENABLE = 0x301               # UARTEN | TXE | RXE
INT_RX = 1 << 4

started = []    # every harness, so that a failed run leaves none behind


class Harness:
    """One qemu-harness under valgrind, qtest on its stdin/stdout."""

    def __init__(self, tmp, name, extra=()):
        self.tmp = tmp
        self.name = name
        self.vglog = os.path.join(tmp, name + ".valgrind")
        self.qmp_path = os.path.join(tmp, name + ".qmp")
        self.sock_path = os.path.join(tmp, name + ".s0")
        env = dict(os.environ, G_SLICE="always-malloc", G_DEBUG="gc-friendly")
        argv = [os.environ["VALGRIND"], "-q", "--error-exitcode=99",
                "--leak-check=full",
                "--errors-for-leak-kinds=definite,indirect",
                "--show-leak-kinds=definite,indirect",
                "--log-file=" + self.vglog,
                os.environ["QEMU_HARNESS"],
                "-qtest", "stdio", "-qtest-log", "none",
                "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                "-x-module", os.environ["PL011_C_MODULE"],
                "-x-module", os.environ["PL011_CXX_MODULE"],
                "-x-module", os.environ["X_TESTDEV"],
                "-x-module", os.environ["CXX_TEST_DEVICE"],
                "-chardev", "socket,id=s0,path=%s,server=on,wait=off"
                % self.sock_path,
                "-chardev", "file,id=f0,path=%s,input-path=%s"
                % (os.path.join(tmp, name + ".u1out"),
                   os.path.join(tmp, "u1.in")),
                "-chardev", "ringbuf,id=r0,size=256",
                "-chardev", "null,id=n0",
                "-device", "pl011-c,id=u0,chardev=s0",
                "-device", "pl011-cxx,id=u1,chardev=f0",
                "-device", "x-testdev,id=t0,chardev=r0",
                "-device", "x-cxx-test-device,id=t1,chardev=n0",
                "-x-map", "u0,addr=%#x" % U0, "-x-map", "u1,addr=%#x" % U1,
                "-x-map", "t0,addr=%#x" % T0, "-x-map", "t1,addr=%#x" % T1,
                "-x-ram", "addr=%#x,size=4k" % RAM] + list(extra)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)
        started.append(self.proc)
        self.qt = QTest(StdioChannel(self.proc), TIMEOUT)

    def cmd(self, text):
        """One qtest command's reply line; IRQ lines before it are kept
        (self.qt.irq_events)."""
        return self.qt.raw_command(text)

    def readl(self, addr):
        return self.qt.readl(addr)

    def writel(self, addr, value):
        check(self.cmd("writel %#x %#x" % (addr, value)) == "OK",
              "%s: writel %#x" % (self.name, addr))

    def wait_for(self, what, pred):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if pred():
                return check(True, what)
            time.sleep(0.05)
        return check(False, "%s: %s" % (self.name, what))

    def finish(self, how):
        """End the run (how: None if it is already quitting, 'eof',
        'sigterm'), then check valgrind's and the harness's verdicts."""
        if how == "sigterm":
            self.proc.send_signal(signal.SIGTERM)
        if how in ("eof", "sigterm"):
            self.proc.stdin.close()
        rc = wait_or_kill(self.proc, TIMEOUT)
        with open(self.vglog) as f:
            report = f.read()
        check(rc != 99 and not report.strip(),
              "%s: valgrind reports errors:\n%s" % (self.name, report))
        check(rc == 0, "%s: harness exited with status %d" % (self.name, rc))


class Qmp:
    """Every reply whole, for checks of "return" or "error" in it (where
    qemu_cxx_test.QMP would raise on the error the test expects)."""

    def __init__(self, path):
        self.sock = connect_unix(path, TIMEOUT)
        self.sock.settimeout(TIMEOUT)
        self.file = self.sock.makefile("rb")
        self.greeting = self._recv()

    def _recv(self):
        line = self.file.readline()
        if not line:
            raise RuntimeError("QMP closed")
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            reply = self._recv()
            if "event" not in reply:
                return reply

    def close(self):
        self.file.close()
        self.sock.close()


def run_save(tmp, state):
    h = Harness(tmp, "save")
    check(h.readl(T0) == 0x58544456, "x-testdev ID")
    check(h.readl(T1) == 0x43585444, "x-cxx-test-device ID")

    # C PL011: RX through the socket chardev raises the intercepted IRQ.
    check(h.cmd("irq_intercept_out /machine/peripheral/u0") == "OK",
          "irq_intercept_out")
    h.writel(U0 + UARTCR, CR_ENABLE)
    h.writel(U0 + UARTIMSC, INT_RX)
    peer = connect_unix(h.sock_path, TIMEOUT)
    peer.sendall(b"hi")
    h.wait_for("pl011-c receives", lambda: not h.readl(U0 + UARTFR) & FR_RXFE)
    check(h.readl(U0 + UARTMIS) & INT_RX, "pl011-c RX interrupt pending")
    check(any(level for _, level in h.qt.irq_events), "IRQ raise seen")
    check(h.readl(U0 + UARTDR) & 0xff == ord("h"), "pl011-c DR")
    h.writel(U0 + UARTDR, ord("!"))
    check(peer.recv(1) == b"!", "pl011-c TX on the socket")

    # C++ PL011: RX from the file chardev's input, TX to its output.
    h.writel(U1 + UARTCR, CR_ENABLE)
    h.wait_for("pl011-cxx receives",
               lambda: not h.readl(U1 + UARTFR) & FR_RXFE)
    check(h.readl(U1 + UARTDR) & 0xff == ord("Z"), "pl011-cxx DR")
    h.writel(U1 + UARTDR, ord("A"))

    # Test devices: state to migrate, a timer that fires and one left armed.
    h.writel(T0 + 0x04, 0x1234)
    h.writel(T0 + 0x10, 1000)
    check(h.cmd("clock_step 2000").startswith("OK"), "clock_step")
    check(h.readl(T0 + 0x14) == 1, "x-testdev timer fired")
    h.writel(T0 + 0x18, ord("x"))                   # into the ringbuf
    h.writel(T1 + 0x04, 0x77)
    h.writel(T1 + 0x24, 5000)                       # armed at migration
    h.writel(T1 + 0x2c, ord("y"))                   # into the null chardev
    h.writel(RAM, 0xcafe)

    qmp = Qmp(h.qmp_path)
    check("QMP" in qmp.greeting, "QMP greeting")
    check("return" in qmp.cmd("qmp_capabilities"), "qmp_capabilities")
    st = qmp.cmd("query-status")
    check(st.get("return", {}).get("status") == "running", "query-status")
    names = [p["name"] for p in
             qmp.cmd("qom-list", path="/machine/peripheral").get("return", [])]
    check({"u0", "u1", "t0", "t1"} <= set(names), "qom-list peripheral")
    check("error" in qmp.cmd("qom-get", path="/nowhere", property="x"),
          "qom-get of a bad path fails")
    check("return" in qmp.cmd("stop"), "stop")
    check("return" in qmp.cmd("migrate", uri="file:" + state), "migrate")
    st = qmp.cmd("query-migrate").get("return", {}).get("status")
    check(st == "completed", "query-migrate: %s" % st)
    check("return" in qmp.cmd("quit"), "quit")
    qmp.close()
    peer.close()
    h.finish(None)
    with open(os.path.join(tmp, "save.u1out"), "rb") as f:
        check(f.read() == b"A", "pl011-cxx TX in the file")


def run_load(tmp, state):
    h = Harness(tmp, "load", ["-incoming", "file:" + state])
    check(h.readl(T0 + 0x04) == 0x1234, "x-testdev state migrated")
    check(h.readl(T1 + 0x04) == 0x77, "x-cxx-test-device state migrated")
    check(h.readl(T1 + 0x24) > 0, "x-cxx-test-device timer still armed")
    check(h.cmd("clock_step 10000").startswith("OK"), "clock_step")
    check(h.readl(T1 + 0x28) == 1, "migrated timer fired")
    check(h.readl(U0 + UARTCR) == CR_ENABLE, "pl011-c state migrated")
    h.finish("eof")


def run_sigterm(tmp):
    h = Harness(tmp, "sigterm")
    h.writel(T1 + 0x24, 5000)
    check(h.readl(U1 + 0xfe0) == 0x11, "pl011-cxx UARTPeriphID0")
    h.finish("sigterm")


def main():
    with tempfile.TemporaryDirectory(prefix="valgrind-test.") as tmp:
        state = os.path.join(tmp, "state")
        with open(os.path.join(tmp, "u1.in"), "wb") as f:
            f.write(b"Z")
        for run in (lambda: run_save(tmp, state), lambda: run_load(tmp, state),
                    lambda: run_sigterm(tmp)):
            try:
                run()
            except (RuntimeError, OSError, ValueError, TargetError,
                    ProtocolError, QTestError) as e:
                check(False, str(e))
        for proc in started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return summary(require_some=True)


if __name__ == "__main__":
    sys.exit(main())
