#!/usr/bin/env python3
"""qemu-harness against QMP and qtest peers that misbehave (issue 17).

- A QMP client that never reads, with more output queued than its socket
  holds, must not hold the harness up: QMP quit (from another monitor),
  SIGTERM and a qtest hang-up each end it promptly, with exit status 0.
- Events for a monitor that does not read are bounded: past 1 MiB of
  unsent output they are dropped, whole messages only; the monitor works
  again once its peer reads.
- A qtest line without a newline is bounded (one ERR once it passes the
  longest line a command needs, then skipped up to its newline) and
  scanned once, not on every read; a valid long line sent in pieces works.
- QMP ids come back as the real qemu-system-arm echoes them (integers
  beyond int64, doubles), run beside it; 1e400, which QEMU prints as the
  non-JSON "inf", comes back as sent.

Environment (from meson): QEMU_HARNESS, QEMU_SYSTEM_ARM.
Prints one line per case and "SUBTESTS: N passed, M failed".
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from testsuite import check, summary, verbose

HARNESS = os.environ["QEMU_HARNESS"]
QEMU = os.environ["QEMU_SYSTEM_ARM"]
QEMU_BASE = ["-M", "virt", "-S", "-display", "none", "-nodefaults",
             "-no-user-config"]
MIB = 1024 * 1024
# qemu-shim/host/qmp.c and qtest.c
QMP_MAX_PENDING_OUTPUT = MIB
QTEST_MAX_LINE = 2 * 16 * MIB + 256

TMP = tempfile.mkdtemp(prefix="peer-bounds-")


def wait_for(path, proc):
    for _ in range(400):
        if os.path.exists(path) or proc.poll() is not None:
            return
        time.sleep(0.025)


class Qmp:
    """A QMP client on a unix socket."""

    def __init__(self, path, negotiate=True):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.buf = b""
        self.line()     # greeting
        if negotiate:
            self.cmd('{"execute":"qmp_capabilities"}')

    def line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP peer closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode().strip()

    def cmd(self, text):
        """Sends @text; returns the reply's text (events skipped)."""
        self.sock.sendall(text.encode() + b"\n")
        while True:
            line = self.line()
            if '"event"' not in line:
                return line

    def drain(self):
        """Everything the harness has for us, until it sends no more."""
        data = self.buf
        self.buf = b""
        self.sock.settimeout(0.5)
        try:
            while True:
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        self.sock.settimeout(20)
        return data

    def close(self):
        self.sock.close()


def start_harness(nqmp, tag):
    paths = [os.path.join(TMP, "%s-qmp%d.sock" % (tag, i))
             for i in range(nqmp)]
    argv = [HARNESS, "-qtest", "stdio"]
    for p in paths:
        argv += ["-qmp", "unix:%s,server=on,wait=off" % p]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for p in paths:
        wait_for(p, proc)
    return proc, paths


def stall(path):
    """A negotiated client that sends commands and never reads, until the
    harness stops reading them (its output is past the bound)."""
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(b'{"execute":"qmp_capabilities"}\n')
    s.setblocking(False)
    cmd = b'{"execute":"qom-list-types"}\n' * 64
    deadline = time.time() + 20
    stuck_since = None
    while time.time() < deadline:
        try:
            s.send(cmd)
            stuck_since = None
        except BlockingIOError:
            stuck_since = stuck_since or time.time()
            if time.time() - stuck_since > 0.5:
                break
            time.sleep(0.01)
    return s


def ends_promptly(proc, how):
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        status = "hang"
    err = proc.stderr.read().decode()
    check(status == 0, "exit on %s with a QMP client that never reads: "
          "status %r %s" % (how, status, err.strip()))


def case_exit(how):
    proc, paths = start_harness(2, "exit-" + how)
    staller = stall(paths[0])
    if how == "quit":
        q = Qmp(paths[1])
        q.cmd('{"execute":"quit"}')
    elif how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        proc.stdin.close()
    ends_promptly(proc, how)
    staller.close()


def rss_kib(proc):
    with open("/proc/%d/status" % proc.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def case_event_bound():
    proc, paths = start_harness(2, "events")
    idle = Qmp(paths[0])            # negotiated, then never reads
    busy = Qmp(paths[1])
    rss_before = rss_kib(proc)
    batch = ('{"execute":"stop"}\n{"execute":"cont"}\n' * 100).encode()
    events = 0
    for _ in range(150):            # 30000 events of ~100 bytes
        busy.sock.sendall(batch)
        replies = 0
        while replies < 200:
            line = busy.line()
            if '"return"' in line:
                replies += 1
            else:
                events += 1
    rss_after = rss_kib(proc)
    data = idle.drain()
    lines = data.split(b"\r\n")
    complete = lines[-1] == b"" and all(json.loads(l) for l in lines[:-1])
    check(complete and events == 30000 and
          QMP_MAX_PENDING_OUTPUT <= len(data) < QMP_MAX_PENDING_OUTPUT + MIB,
          "events for a monitor that does not read: %d bytes of %d events "
          "queued, whole messages (%d events sent to a reader; RSS %d -> "
          "%d KiB)" % (len(data), len(lines) - 1, events, rss_before,
                       rss_after))
    reply = idle.cmd('{"execute":"query-status","id":7}')
    check(json.loads(reply).get("id") == 7,
          "the monitor answers once read: %s" % reply)
    proc.stdin.close()
    ends_promptly(proc, "qtest hang-up after the event flood")


def case_qtest_long_line():
    proc = subprocess.Popen([HARNESS, "-x-ram", "addr=0x40000000,size=4M",
                             "-qtest", "stdio"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # A valid 4 MiB write, in 4 KiB pieces, then read back in part.
    data = bytes(range(256)) * (4 * MIB // 256)
    line = b"write 0x40000000 0x%x 0x%s\n" % (len(data), data.hex().encode())
    t0 = time.time()
    for i in range(0, len(line), 4096):
        proc.stdin.write(line[i:i + 4096])
        proc.stdin.flush()
    proc.stdin.write(b"read 0x403ffff0 16\n")
    proc.stdin.flush()
    r1 = proc.stdout.readline().decode().strip()
    r2 = proc.stdout.readline().decode().strip()
    check(r1 == "OK" and r2 == "OK 0x" + data[-16:].hex(),
          "a 4 MiB write line in 4 KiB pieces: %s, %s (%.1f s)" %
          (r1, r2[:40], time.time() - t0))
    # Past the bound: one ERR, the rest up to the newline is skipped.
    # Four times the bound: kept whole, it would take more than the 3.5
    # times allowed below (which leave room for ASan's quarantine).
    rss_before = rss_kib(proc)
    t0 = time.time()
    chunk = b"x" * MIB
    sent = 0
    while sent <= 4 * QTEST_MAX_LINE:
        proc.stdin.write(chunk)
        sent += len(chunk)
    proc.stdin.write(b"\nendianness\n")
    proc.stdin.flush()
    r1 = proc.stdout.readline().decode().strip()
    r2 = proc.stdout.readline().decode().strip()
    elapsed = time.time() - t0
    rss = rss_kib(proc)
    check(r1 == "ERR line longer than %d bytes" % QTEST_MAX_LINE and
          r2 == "OK little",
          "%d MiB without a newline: %r, then %r (%.1f s, RSS %d KiB)" %
          (sent // MIB, r1, r2, elapsed, rss))
    check(rss - rss_before < 7 * QTEST_MAX_LINE // 2048,
          "memory stays within the line bound: RSS %d -> %d KiB, growth "
          "below %d KiB" % (rss_before, rss, 7 * QTEST_MAX_LINE // 2048))
    proc.stdin.close()
    proc.wait(timeout=10)
    check(proc.returncode == 0, "exit status %r" % proc.returncode)


IDS = ["18446744073709551616", "9223372036854775808", "18446744073709551615",
       "-9223372036854775809", "123456789012345678901234567890", "1.5",
       "0.1", "1e3", "1E2", "-0", "1.0", "5e-324", "-7", '"a\\u0000b"',
       "[1,18446744073709551616,{\"a\":null}]", "true", "null"]


def echoed_ids(argv, tag):
    path = os.path.join(TMP, tag + "-ids.sock")
    proc = subprocess.Popen(argv + ["-qmp",
                                    "unix:%s,server=on,wait=off" % path],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for(path, proc)
    q = Qmp(path)
    out = []
    for i in IDS + ["1e400"]:
        reply = q.cmd('{"execute":"query-version","id":%s}' % i)
        # QEMU writes ", " and ": " where json-glib writes none.
        text = reply[reply.rindex('"id":') + 5:-1].strip()
        out.append(text.replace(", ", ",").replace(": ", ":"))
    q.close()
    proc.kill()
    proc.wait()
    return out


def case_ids():
    ours = echoed_ids([HARNESS, "-qtest", "stdio"], "harness")
    theirs = echoed_ids([QEMU] + QEMU_BASE, "qemu")
    for i, sent in enumerate(IDS):
        check(ours[i] == theirs[i],
              "id %s echoed as %s (QEMU: %s)" % (sent, ours[i], theirs[i]))
    check(ours[-1] == "1e400" and json.loads(ours[-1]) == float("inf"),
          "id 1e400 echoed as sent, %s (QEMU: %s, not JSON)" %
          (ours[-1], theirs[-1]))


def main():
    verbose()   # a line for every check, passed ones too
    try:
        for how in ("quit", "SIGTERM", "qtest hang-up"):
            case_exit(how)
        case_event_bound()
        case_qtest_long_line()
        case_ids()
    finally:
        shutil.rmtree(TMP)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
