#!/usr/bin/env python3
"""A PL011's chardev peers that go away, on qemu-harness and on the real
qemu-system-arm alike (the board's PL011 on -M virt, ours at the same
address on the harness); each target must give the expected trace.

  - file chardev on a FIFO whose reader has gone: the next DR write is a
    write error, not SIGPIPE: the process goes on, and a new reader gets
    what is written after it came;
  - socket chardev server: a client sends 8 bytes while the UART (FIFO
    off) takes one, then hangs up. Its connection goes at once: a second
    client connects and is heard, a third connect() does not block, the
    byte the UART took stays and the other 7 are dropped.

usage: chardev-peers-test.py --harness HARNESS --module PATH --qemu QEMU
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import ProtocolError, QTest, QTestError, StdioChannel
from testsuite import check, harness_and_qemu_args, summary, wait_or_kill

BASE = 0x09000000
DR, FR = 0x000, 0x018
RXFE = 0x10


class Target:
    """One process under qtest on stdio, its PL011 on -chardev @chardev."""

    # Every process started, so that main() kills what a case that failed
    # half-way (an exception) left running.
    started = []

    def __init__(self, argv, chardev):
        self.proc = subprocess.Popen(argv + ["-chardev", chardev,
                                             "-qtest", "stdio"],
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        Target.started.append(self.proc)
        self.qt = QTest(StdioChannel(self.proc))

    def readl(self, off):
        """The value, or None when the process is gone."""
        try:
            return self.qt.readl(BASE + off)
        except (OSError, ProtocolError):
            return None

    def writel(self, off, value):
        """The reply ("OK"), or None when the process is gone."""
        try:
            self.qt.writel(BASE + off, value)
            return "OK"
        except QTestError as e:
            return e.reply
        except (OSError, ProtocolError):
            return None

    def wait_rx(self, timeout=3.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            fr = self.readl(FR)
            if fr is None or not fr & RXFE:
                return fr is not None
            time.sleep(0.02)
        return False

    def close(self):
        """Exit status on SIGTERM (0 for both), -13 if SIGPIPE killed it."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
        wait_or_kill(self.proc)
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode, err


def read_fifo(fd, timeout=2.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            data = os.read(fd, 64)
            if data:
                return data
        except BlockingIOError:
            pass
        time.sleep(0.02)
    return b""


def fifo_case(name, argv, tmp):
    fifo = os.path.join(tmp, name + ".fifo")
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    t = Target(argv, "file,id=s0,path=" + fifo)
    check(t.writel(DR, 0x41) == "OK" and read_fifo(reader) == b"A",
          "%s: a byte out through the FIFO" % name)
    os.close(reader)
    check(t.writel(DR, 0x42) == "OK" and t.readl(FR) is not None,
          "%s: a DR write after the reader left is survived" % name)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    check(t.writel(DR, 0x43) == "OK" and read_fifo(reader) == b"C",
          "%s: a new reader gets the next byte" % name)
    os.close(reader)
    status, err = t.close()
    check(status == 0, "%s: exits 0 (%s, %s)" % (name, status,
                                              err.strip()[-300:]))


def connect(path, timeout=2.0):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(timeout)
    try:
        s.connect(path)
        return s
    except OSError:
        s.close()
        return None


def socket_case(name, argv, tmp):
    path = os.path.join(tmp, name + ".sock")
    t = Target(argv, "socket,id=s0,path=%s,server=on,wait=off" % path)
    for _ in range(100):
        if os.path.exists(path):
            break
        time.sleep(0.05)
    first = connect(path)
    first.sendall(b"abcdefgh")
    check(t.wait_rx(), "%s: the UART takes the first byte" % name)
    time.sleep(0.2)
    first.close()
    time.sleep(0.3)
    second = connect(path)
    check(second is not None, "%s: a second client connects" % name)
    third = connect(path)
    check(third is not None, "%s: a third connect() does not block" % name)
    got = [t.readl(DR)]
    if second:
        second.sendall(b"z")
    t.wait_rx()
    got.append(t.readl(DR))
    time.sleep(0.2)
    got.append(t.readl(FR))
    check(got == [0x61, 0x7a, 0x90],
          "%s: the byte taken stays, the second client's arrives, nothing "
          "else (%s)" % (name, got))
    for s in (second, third):
        if s:
            s.close()
    status, err = t.close()
    check(status == 0, "%s: exits 0 (%s, %s)" % (name, status,
                                              err.strip()[-300:]))


def main():
    args = harness_and_qemu_args()
    tmp = tempfile.mkdtemp(prefix="chardev-peers-")
    targets = (
        ("qemu-harness", [args.harness, "-x-module", args.module,
                          "-device", "pl011-c,id=u0,chardev=s0",
                          "-x-map", "u0,addr=0x%x" % BASE]),
        ("qemu-system-arm", [args.qemu, "-M", "virt", "-accel", "tcg", "-S",
                             "-display", "none", "-nodefaults",
                             "-serial", "chardev:s0"]),
    )
    try:
        for name, argv in targets:
            fifo_case(name, argv, tmp)
            socket_case(name, argv, tmp)
    finally:
        for proc in Target.started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
