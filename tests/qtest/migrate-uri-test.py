#!/usr/bin/env python3
"""QMP migrate to peers that are slow, absent or not regular files.

unix:PATH, on qemu-harness and on the real qemu-system-arm alike:
  - a listener that never accepts (its backlog full, so connect() would
    block): migrate returns at once, qtest and QMP go on, query-migrate
    says "setup", a second migrate is refused as QEMU refuses it; once the
    listener accepts, the stream arrives whole and the status is
    "completed";
  - no listener: migrate returns {}, then "failed" with QEMU's error-desc.
file:PATH (qemu-harness only: QEMU 7.2 has no file: URI; 8.2's opens the
path and writes it): a symlink is followed and stays, a FIFO is written
(while it has no reader, qtest goes on), a hard link stays one, an
existing file keeps its mode, a new one is created 0600.

usage: migrate-uri-test.py --harness HARNESS --module PATH --qemu QEMU
"""
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import QMP, ProtocolError, QTest, StdioChannel, connect_unix
from testsuite import check, harness_and_qemu_args, summary, wait_or_kill


def wait_for(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return False


class Machine:
    """A process under qtest (stdio) and QMP; replies time out, not hang."""

    def __init__(self, argv, tmp, name):
        self.qmp_path = os.path.join(tmp, name + ".qmp")
        self.proc = subprocess.Popen(
            argv + ["-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                    "-qtest", "stdio"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.qmp_sock = connect_unix(self.qmp_path, 10, self.proc,
                                     name + "'s QMP")
        self.qmp = QMP(self.qmp_sock, timeout=5)
        self.qmp.handshake()
        self.qt = QTest(StdioChannel(self.proc), timeout=5)

    def cmd(self, name, **args):
        """The reply, or None when none came within 5 s."""
        try:
            return self.qmp.command(name, args)
        except (TimeoutError, OSError, ProtocolError):
            return None

    def status(self):
        reply = self.cmd("query-migrate")
        return reply["return"] if reply and "return" in reply else {}

    def qtest_alive(self):
        """A qtest round trip that answers within 5 s."""
        try:
            return self.qt.raw_command("readl 0x0").startswith("OK")
        except (OSError, ProtocolError):      # TimeoutError too
            return False

    def close(self):
        self.cmd("quit")
        wait_or_kill(self.proc)
        self.qmp_sock.close()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


def read_all(fd):
    data = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return data
        data += chunk


def unix_cases(name, machine, tmp):
    # No listener at all: {} now, the failure in query-migrate. First:
    # QEMU refuses to migrate again once a migration completed.
    gone = os.path.join(tmp, name + "-none.sock")
    reply = machine.cmd("migrate", uri="unix:" + gone)
    check(reply == {"return": {}}, "%s: migrate to no listener returns {} "
          "(%s)" % (name, reply))
    wait_for(lambda: machine.status().get("status") == "failed")
    check(machine.status() == {
        "status": "failed",
        "error-desc": "Failed to connect to '%s': No such file or directory"
                      % gone},
        "%s: failed, with QEMU's error-desc (%s)" % (name, machine.status()))

    # A listener whose backlog is full: one more connect() would block.
    path = os.path.join(tmp, name + "-mig.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(0)
    queued = socket.socket(socket.AF_UNIX)
    queued.connect(path)
    probe = socket.socket(socket.AF_UNIX)
    probe.setblocking(False)
    try:
        probe.connect(path)
        full = False
    except BlockingIOError:
        full = True
    probe.close()
    check(full, "%s: the listener's backlog is full" % name)

    start = time.monotonic()
    reply = machine.cmd("migrate", uri="unix:" + path)
    check(reply == {"return": {}} and time.monotonic() - start < 2,
          "%s: migrate to a listener that never accepts returns at once "
          "(%s)" % (name, reply))
    check(machine.qtest_alive(), "%s: qtest goes on meanwhile" % name)
    time.sleep(0.3)
    check(machine.status().get("status") == "setup",
          "%s: query-migrate says setup (%s)" % (name, machine.status()))
    reply = machine.cmd("migrate", uri="unix:" + path)
    check(reply is not None and reply.get("error", {}).get("desc") ==
          "There's a migration process in progress",
          "%s: a second migrate is refused (%s)" % (name, reply))

    listener.settimeout(10)
    first, _ = listener.accept()
    conn, _ = listener.accept()
    conn.settimeout(30)
    stream = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        stream += chunk
    check(stream[:8] == b"QEVM\0\0\0\3",
          "%s: the stream arrives once accepted (%d bytes)" %
          (name, len(stream)))
    check(wait_for(lambda: machine.status().get("status") == "completed"),
          "%s: then completed (%s)" % (name, machine.status()))
    for s in (first, conn, queued, listener):
        s.close()

def file_cases(machine, tmp):
    def migrate(path):
        reply = machine.cmd("migrate", uri="file:" + path)
        return reply == {"return": {}} and wait_for(
            lambda: machine.status().get("status") == "completed")

    def is_stream(path):
        with open(path, "rb") as f:
            return f.read(8) == b"QEVM\0\0\0\3"

    target = os.path.join(tmp, "target")
    link = os.path.join(tmp, "link")
    with open(target, "w") as f:
        f.write("old")
    os.symlink(target, link)
    check(migrate(link) and os.path.islink(link) and is_stream(target),
          "file: a symlink is followed and stays a symlink")

    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    reply = machine.cmd("migrate", uri="file:" + fifo)
    check(reply == {"return": {}} and machine.qtest_alive() and
          machine.status().get("status") == "setup",
          "file: a FIFO without a reader waits in the background (%s, %s)"
          % (reply, machine.status()))
    fd = os.open(fifo, os.O_RDONLY)
    data = read_all(fd)
    os.close(fd)
    check(data[:8] == b"QEVM\0\0\0\3" and
          wait_for(lambda: machine.status().get("status") == "completed") and
          stat.S_ISFIFO(os.lstat(fifo).st_mode),
          "file: a FIFO's reader gets the stream, the FIFO stays")

    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    with open(a, "w") as f:
        f.write("old")
    os.link(a, b)
    check(migrate(a) and os.stat(a).st_ino == os.stat(b).st_ino and
          os.stat(a).st_nlink == 2 and is_stream(b),
          "file: a hard link stays one")

    for mode in (0o600, 0o640):
        kept = os.path.join(tmp, "mode-%o" % mode)
        with open(kept, "w") as f:
            f.write("old")
        os.chmod(kept, mode)
        ino = os.stat(kept).st_ino
        check(migrate(kept) and os.stat(kept).st_ino == ino and
              stat.S_IMODE(os.stat(kept).st_mode) == mode and is_stream(kept),
              "file: an existing file keeps its inode and mode %o" % mode)
    new = os.path.join(tmp, "new")
    check(migrate(new) and stat.S_IMODE(os.stat(new).st_mode) == 0o600,
          "file: a new file is created 0600, as QEMU creates it")


def main():
    args = harness_and_qemu_args()
    tmp = tempfile.mkdtemp(prefix="migrate-uri-")
    targets = (
        ("qemu-harness", [args.harness, "-x-module", args.module, "-device",
                          "pl011-c,id=u0", "-x-map", "u0,addr=0x0"]),
        ("qemu-system-arm", [args.qemu, "-M", "virt", "-accel", "tcg", "-S",
                             "-display", "none", "-nodefaults"]),
    )
    for name, argv in targets:
        machine = Machine(argv, tmp, name)
        unix_cases(name, machine, tmp)
        if name == "qemu-harness":
            file_cases(machine, tmp)
        check(machine.qtest_alive(), "%s: alive at the end" % name)
        machine.close()
    shutil.rmtree(tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
