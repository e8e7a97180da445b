#!/usr/bin/env python3
"""A state QEMU 7.2 reaches migrates both ways between it and our PL011s.

Breaks into a full FIFO take read_count past the depth (16 bytes with FEN
set, then three breaks: read_count 19). QEMU 7.2 saves that state and
reloads it; so must we:
  - QEMU -> ours: the real qemu-system-arm (-M virt, its own PL011) reaches
    the state and migrates; its pl011 section's fields replace those of a
    stream of ours, which qemu-harness loads with each PL011 module;
  - ours -> QEMU: qemu-harness reaches the state with each module and
    migrates; its pl011 fields go into a stream of the real QEMU's, which a
    second qemu-system-arm loads with -incoming.
After the load, 21 DR reads (with FR, RIS and RSR after each) must give on
the destination what the source gives when it goes on from the same state.
The fields both sides write for the same operations must be equal, and our
PL011s must still refuse the states that would index outside the FIFO
(read_pos 16, read_count -1), each with one error line.

With --loader (qemu-cxx-run), each module also runs inside
qemu-system-arm, reaches the state there and migrates to a second QEMU
process.

usage: migrate-breaks-test.py --qemu QEMU --harness HARNESS
       --module TYPE=PATH... [--loader QEMU_CXX_RUN]
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

from qemu_cxx_test import (QMP, ProtocolError, QMPError, QTest, StdioChannel,
                           connect_unix)
from testsuite import check, summary, wait_or_kill

BASE = 0x09000000
DR, RSR, FR, LCR_H, RIS = 0x000, 0x004, 0x018, 0x02c, 0x03c
FEN, RXFF = 0x10, 0x40
FIELDS_LEN = 124        # the pl011 section's fields, read_fifo included
READ_COUNT_AT = 116     # i32 read_pos at 112, read_count at 116
LOADER_BASE = 0x09100000   # ours beside the board's PL011 (qemu-cxx-run)


def section(instance):
    """A pl011 section's header, version 2, of this instance id."""
    return re.compile(rb"\x04.{4}\x05pl011" + struct.pack(">I", instance) +
                      rb"\x00\x00\x00\x02", re.S)


def wait_for(cond, what, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for " + what)


class Machine:
    """A qemu-harness or qemu-system-arm under qtest (stdio) and QMP."""

    def __init__(self, argv, tmp, name, base=BASE):
        self.base = base
        self.qmp_path = os.path.join(tmp, name + ".qmp")
        self.chr_path = os.path.join(tmp, name + ".chr")
        argv = argv + [
            "-chardev", "socket,id=s0,path=%s,server=on,wait=off"
            % self.chr_path,
            "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
            "-qtest", "stdio"]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        wait_for(lambda: os.path.exists(self.qmp_path) or
                 self.proc.poll() is not None, name + "'s QMP socket")
        if self.proc.poll() is not None:
            raise RuntimeError("%s exited %d: %s" % (
                name, self.proc.returncode, self.proc.stderr.read()))
        self.qmp_sock = connect_unix(self.qmp_path, proc=self.proc,
                                     what=name + "'s QMP socket")
        self.qmp = QMP(self.qmp_sock, timeout=60)
        self.qmp.handshake()
        self.chr = connect_unix(self.chr_path, proc=self.proc,
                                what=name + "'s chardev socket")
        self.qt = QTest(StdioChannel(self.proc), timeout=60)

    def cmd(self, name, **args):
        """The return value of QMP command @name; QMPError for an error."""
        return self.qmp.execute(name, args)

    def readl(self, off):
        return self.qt.readl(self.base + off)

    def writel(self, off, value):
        self.qt.writel(self.base + off, value)

    def reach_state(self):
        """16 bytes into the enabled FIFO, then three breaks."""
        self.writel(LCR_H, FEN)
        self.chr.sendall(bytes(range(0x61, 0x71)))
        wait_for(lambda: self.readl(FR) & RXFF, "a full FIFO")
        for _ in range(3):
            self.cmd("chardev-send-break", id="s0")

    def migrate(self, uri):
        self.cmd("migrate", uri=uri)
        wait_for(lambda: self.cmd("query-migrate").get("status") in
                 ("completed", "failed"), "the migration")
        status = self.cmd("query-migrate")
        if status.get("status") != "completed":
            raise RuntimeError("migrate %s: %s" % (uri, status))

    def reads(self):
        return [(self.readl(DR), self.readl(FR), self.readl(RIS),
                 self.readl(RSR)) for _ in range(21)]

    def close(self):
        try:
            self.cmd("quit")
        except (OSError, ProtocolError, QMPError):
            pass                                 # gone already
        wait_or_kill(self.proc)
        self.qmp_sock.close()
        self.chr.close()
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.proc.stderr.close()


def fields_at(stream, instance=0):
    found = section(instance).search(stream)
    if not found:
        raise RuntimeError("no pl011 section instance 0 version 2")
    return found.end()


def fields(stream, instance=0):
    at = fields_at(stream, instance)
    return stream[at:at + FIELDS_LEN]


def splice(stream, new_fields):
    at = fields_at(stream)
    return stream[:at] + new_fields + stream[at + FIELDS_LEN:]


def in_qemu(args, kind, path, tmp, q_fields, q_reads):
    """Our module inside qemu-system-arm (section pl011 instance 1), from
    one QEMU process to another: a real migrate and -incoming."""
    argv = [args.loader, "-x-qemu", args.qemu, "-M", "virt", "-accel", "tcg",
            "-S", "-display", "none", "-nodefaults", "-x-module", path,
            "-device", kind + ",id=u1,chardev=s0",
            "-x-map", "u1,addr=0x%x" % LOADER_BASE]
    src = Machine(argv, tmp, "qemu-" + kind + "-src", LOADER_BASE)
    src.reach_state()
    out = os.path.join(tmp, "qemu-" + kind + ".stream")
    src.migrate("exec:cat > " + out)
    reads = src.reads()
    src.close()
    stream = open(out, "rb").read()
    check(fields(stream, 1) == q_fields,
          "%s in QEMU writes QEMU's fields for the same state" % kind)
    check(reads == q_reads,
          "%s in QEMU: reads go on as QEMU's PL011's" % kind)
    dst = Machine(argv + ["-incoming", "exec:cat " + out], tmp,
                  "qemu-" + kind + "-dst", LOADER_BASE)
    wait_for(lambda: dst.cmd("query-status")["status"] != "inmigrate",
             "QEMU's -incoming")
    check(dst.cmd("query-status")["status"] == "prelaunch" and
          dst.reads() == reads,
          "%s in QEMU loads its own stream and goes on the same way" % kind)
    dst.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--harness", required=True)
    ap.add_argument("--module", action="append", required=True)
    ap.add_argument("--loader", help="qemu-cxx-run: also migrate between "
                    "two qemu-system-arm running our PL011 module")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pl011-mig-")
    qemu_argv = [args.qemu, "-M", "virt", "-accel", "tcg", "-S",
                 "-display", "none", "-nodefaults", "-serial", "chardev:s0"]

    def harness_argv(kind, path, extra=()):
        return [args.harness, "-x-module", path, "-device",
                kind + ",id=u0,chardev=s0", "-x-map",
                "u0,addr=0x%x" % BASE] + list(extra)

    def qemu_stream(name, state):
        m = Machine(qemu_argv, tmp, name)
        if state:
            m.reach_state()
        out = os.path.join(tmp, name + ".stream")
        m.migrate("exec:cat > " + out)
        return m, open(out, "rb").read()

    def harness_stream(kind, path, name, state):
        m = Machine(harness_argv(kind, path), tmp, name)
        if state:
            m.reach_state()
        out = os.path.join(tmp, name + ".stream")
        m.migrate("file:" + out)
        return m, open(out, "rb").read()

    # QEMU's side: the state, its section, and how reads go on from it.
    src, q_state = qemu_stream("qemu-src", True)
    q_fields = fields(q_state)
    check(struct.unpack(">i", q_fields[READ_COUNT_AT:READ_COUNT_AT + 4])[0]
          == 19, "QEMU 7.2 reaches read_count 19")
    q_reads = src.reads()
    src.close()
    empty, q_empty = qemu_stream("qemu-empty", False)
    empty.close()

    for spec in args.module:
        kind, path = spec.split("=", 1)
        # ours -> QEMU
        src, h_state = harness_stream(kind, path, kind + "-src", True)
        h_fields = fields(h_state)
        check(h_fields == q_fields,
              "%s writes QEMU's fields for the same state" % kind)
        h_reads = src.reads()
        src.close()
        check(h_reads == q_reads,
              "%s's reads go on as QEMU's from the same state" % kind)
        into = os.path.join(tmp, kind + "-into-qemu")
        open(into, "wb").write(splice(q_empty, h_fields))
        dst = Machine(qemu_argv + ["-incoming", "exec:cat " + into], tmp,
                      kind + "-qemu-dst")
        wait_for(lambda: dst.cmd("query-status")["status"] != "inmigrate",
                 "QEMU's -incoming")
        # loaded, in the run state the source had (-S: never started)
        status = dst.cmd("query-status")["status"]
        check(status == "prelaunch",
              "QEMU loads %s's stream (status %s)" % (kind, status))
        check(dst.reads() == h_reads,
              "QEMU goes on from %s's state as %s does" % (kind, kind))
        dst.close()

        # QEMU -> ours
        base, h_empty = harness_stream(kind, path, kind + "-empty", False)
        base.close()
        into = os.path.join(tmp, "qemu-into-" + kind)
        open(into, "wb").write(splice(h_empty, q_fields))
        dst = Machine(harness_argv(kind, path, ["-incoming", "file:" + into]),
                      tmp, kind + "-dst")
        check(dst.reads() == q_reads,
              "%s goes on from QEMU's state as QEMU does" % kind)
        dst.close()

        # still refused: what would index outside read_fifo
        for name, at, value in (("read_pos 16", 112, 16),
                                ("read_count -1", READ_COUNT_AT, -1)):
            bad = bytearray(h_empty)
            off = fields_at(h_empty) + at
            bad[off:off + 4] = struct.pack(">i", value)
            into = os.path.join(tmp, "bad-" + kind)
            open(into, "wb").write(bytes(bad))
            run = subprocess.run(harness_argv(kind, path,
                                              ["-chardev", "null,id=s0",
                                               "-incoming", "file:" + into]),
                                 stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True, timeout=30)
            # one line, with the device's own reason when it gives one
            lines = run.stderr.strip().splitlines()
            check(run.returncode == 1 and len(lines) == 1 and
                  "post_load rejected the state" in lines[0] and
                  (kind == "pl011-c" or "FIFO position out of range" in
                   lines[0]),
                  "%s refuses %s in one line (exit %d: %s)" %
                  (kind, name, run.returncode, run.stderr.strip()))

        if args.loader:
            in_qemu(args, kind, path, tmp, q_fields, q_reads)

    shutil.rmtree(tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
