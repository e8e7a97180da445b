#!/usr/bin/env python3
"""The adversarial run: qemu-harness fed tables of bad input.

Five classes, each input run under a timeout:
  command line  bad command lines; each must exit non-zero with a message
  qtest         seeded random and mutated qtest input; every line answered
  qmp           hostile JSON, a client that never reads; the monitor answers
  migration     every truncation (sampled in the CI subset) and single-byte
                mutations of a valid stream of each PL011 and the C++ test
                device, loaded with -incoming file:; refused or loaded
  chardev       bytes through both PL011s both ways, a slow reader, a peer
                that vanishes; every byte the device accepted arrives once
                and in order
A crash is a death by signal or a sanitizer report, a hang a timeout,
"wrong" any other broken promise (exit 0 on a bad command line, a line
left unanswered, invalid JSON), "lost" bytes accepted that never arrived.

Rows that exercise a bug of issue 17 still awaiting its fix are tagged
with the item's number; AWAITING lists those items, whose rows run only
with --pending (the table says how many were left out).

Usage: adversarial.py --build DIR [--long] [--seed N] [--pending]
                      [--class NAME]...
Prints the table and "SUBTESTS: N passed, M failed"; exits 1 on a finding.
"""
import argparse
import json
import os
import random
import select
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

# Items of issue 17 whose fix has not landed: remove one once `git log`
# shows the fix, and its rows join the default run. Item 11's points:
# 11-ids (QMP ids), 11-keys (-x-map/-x-ram keys and addresses), 11-D,
# 11-dhelp, 11-ringbuf (size=0x10), 11-migmsg (one printable line per
# refused stream), 11-leak (peer=itself). Findings of this run that no
# issue item covers get names of their own (timer-overflow: a delay added
# to a virtual clock near INT64_MAX in qemu::Timer::mod_in_ns; fixed).
AWAITING = set()

SAN_EXIT = 86       # sanitizers exit with this, so a report is never "refused"
SAN_MARKERS = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer",
               b"runtime error:", b"AddressSanitizer:DEADLYSIGNAL",
               b"SUMMARY: UndefinedBehaviorSanitizer")

# Guest addresses of the devices every stateful run maps.
U0, U1, T1, RAM = 0x09000000, 0x09001000, 0x10000000, 0x40000000
DR, FR, IBRD, FBRD, LCR_H, CR, IFLS, IMSC, ICR = (0x00, 0x18, 0x24, 0x28,
                                                  0x2c, 0x30, 0x34, 0x38, 0x44)
FR_RXFE = 1 << 4
PL011_REGS = [0x00, 0x04, 0x18, 0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38,
              0x3c, 0x40, 0x48, 0xfe0, 0xfe4, 0xff0]
TESTDEV_REGS = list(range(0, 0x94, 4))


class Paths:
    def __init__(self, build):
        build = os.path.abspath(build)      # rows run in other directories
        self.harness = os.path.join(build, "qemu-shim/host/qemu-harness")
        self.pl011_c = os.path.join(build, "hw/char/hw-char-pl011-c.so")
        self.pl011_cxx = os.path.join(build, "hw/char/hw-char-pl011.so")
        self.testdev = os.path.join(build, "hw/misc/hw-misc-test-device.so")
        for p in (self.harness, self.pl011_c, self.pl011_cxx, self.testdev):
            if not os.path.exists(p):
                sys.exit("adversarial: %s is missing (build first)" % p)

    def modules(self):
        return ["-x-module", self.pl011_c, "-x-module", self.pl011_cxx,
                "-x-module", self.testdev]


def harness_env(rss=False):
    """RSS: a run whose peak RSS is measured; ASan's quarantine of freed
    memory (256 MiB) would count as the harness's own."""
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ("detect_leaks=1:abort_on_error=0:exitcode=%d%s"
                           % (SAN_EXIT, ":quarantine_size_mb=0" if rss
                              else ""))
    env["UBSAN_OPTIONS"] = ("print_stacktrace=1:halt_on_error=1:exitcode=%d"
                            % SAN_EXIT)
    return env


def sanitizer_report(err):
    return any(m in err for m in SAN_MARKERS)


class Tally:
    """One class's row of the table."""

    def __init__(self, name):
        self.name = name
        self.inputs = 0
        self.crashes = 0
        self.hangs = 0
        self.wrong = 0
        self.lost = 0
        self.lost_counted = False
        self.skipped = set()
        self.findings = []
        self.passed = 0
        self.failed = 0
        self.extra = ""

    def record(self, what, verdict, detail="", lost=0):
        """verdict: ok, crash, hang or wrong; one input, one sub-test."""
        self.inputs += 1
        if lost:
            self.lost += lost
            verdict = "lost" if verdict == "ok" else verdict
        if verdict == "ok":
            self.passed += 1
            return True
        self.failed += 1
        if verdict == "crash":
            self.crashes += 1
        elif verdict == "hang":
            self.hangs += 1
        elif verdict == "wrong":
            self.wrong += 1
        self.findings.append("%s: %s: %s%s" % (self.name, verdict.upper(),
                                               what, ": " + detail
                                               if detail else ""))
        print("  " + self.findings[-1][:600], flush=True)
        return False


def judge_exit(rc, err, timed_out):
    """crash, hang or None for a finished (or killed) harness."""
    if timed_out:
        return "hang"
    if rc is not None and (rc < 0 or rc == SAN_EXIT):
        return "crash"
    if sanitizer_report(err):
        return "crash"
    return None


def first_line(data):
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def run_harness(argv, stdin=b"", timeout=20.0, cwd=None):
    """Run to completion: (rc, out, err, timed_out)."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=harness_env(), cwd=cwd,
                            start_new_session=True)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
        return proc.returncode, out, err, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err, True


def allowed(tally, item, opts):
    """Rows of an item awaiting its fix run only with --pending."""
    if item and item in AWAITING and not opts.pending:
        tally.skipped.add(item)
        return False
    return True


# ---------------------------------------------------------------- command line

def cmdline_rows(paths, tmp):
    """(what, extra argv, expect, item, cwd): expect "fail" means exit
    non-zero with a message; "ok" exit 0."""
    missing = os.path.join(tmp, "no-such-dir", "x")
    empty = os.path.join(tmp, "empty")
    text = os.path.join(tmp, "text.so")
    truncated = os.path.join(tmp, "truncated.so")
    garbage = os.path.join(tmp, "garbage.stream")
    no_listener = os.path.join(tmp, "no-listener.sock")
    long_path = os.path.join(tmp, "l" * 120)
    dev = ["-device", "pl011-c,id=u0"]
    modcopy = os.path.join(tmp, "libz.so.1")
    rows = []

    def row(what, argv, expect="fail", item=None, cwd=None):
        rows.append((what, argv, expect, item, cwd))

    # options and their arguments
    row("unknown option", ["-no-such-option"])
    row("empty argument", [""])
    row("positional argument", ["stray"])
    row("lone dash", ["-"])
    row("double dash unknown option", ["--no-such-option"])
    for opt in ("device", "chardev", "x-map", "x-ram", "qtest", "qmp", "mon",
                "d", "D", "incoming", "x-module", "x-module-dir", "M",
                "qtest-log"):
        row("-%s without its argument" % opt, ["-" + opt])
    # -device
    row("-device empty", ["-device", ""])
    row("-device unknown type", ["-device", "no-such-type,id=x"])
    row("-device abstract type", ["-device", "sys-bus-device,id=x"])
    row("-device root type", ["-device", "object,id=x"])
    row("-device not a device", ["-device", "chardev-null,id=x"])
    row("-device empty driver", ["-device", ",id=x"])
    row("-device unknown property", ["-device", "pl011-c,id=u0,nosuch=1"])
    row("-device empty key", ["-device", "pl011-c,id=u0,=x"])
    row("-device bad id", ["-device", "pl011-c,id=1bad"])
    row("-device control bytes in id", ["-device", "pl011-c,id=u\x01\x1b[2J"])
    row("-device duplicate id", dev + dev)
    row("-device unknown chardev", ["-device", "pl011-c,id=u0,chardev=nosuch"])
    row("-device chardev in use", ["-chardev", "null,id=n1",
                                   "-device", "pl011-c,id=u0,chardev=n1",
                                   "-device", "pl011-c,id=u1,chardev=n1"])
    row("-device u8 too big", ["-device", "x-cxx-test-device,id=t,u8=256"])
    row("-device u64 huge", ["-device",
                             "x-cxx-test-device,id=t,u64=" + "9" * 40])
    row("-device i32 negative overflow",
        ["-device", "x-cxx-test-device,id=t,i32=-2147483649"])
    row("-device bool not a bool", ["-device", "x-cxx-test-device,id=t,foo=2"])
    row("-device size refused by realize",
        ["-device", "x-cxx-test-device,id=t,dma-limit=0"])
    row("-device size suffix overflow",
        ["-device", "x-cxx-test-device,id=t,dma-limit=99999999T"])
    row("-device link to nothing",
        ["-device", "x-cxx-test-device,id=t,peer=nosuch"])
    row("-device link to itself",
        ["-device", "x-cxx-test-device,id=a,peer=a"], "ok", item="11-leak")
    row("-device 120 KiB id", ["-device", "pl011-c,id=" + "a" * 120000], "ok")
    row("-device 120 KiB property name",
        ["-device", "pl011-c,id=u0," + "p" * 120000 + "=1"])
    # -chardev
    row("-chardev without id", ["-chardev", "null"])
    row("-chardev unknown backend", ["-chardev", "no-such,id=c"])
    row("-chardev duplicate id", ["-chardev", "null,id=c",
                                  "-chardev", "null,id=c"])
    row("-chardev empty id", ["-chardev", "null,id="])
    row("-chardev socket without path", ["-chardev", "socket,id=c"])
    row("-chardev socket in missing dir",
        ["-chardev", "socket,id=c,path=%s,server=on,wait=off" % missing])
    row("-chardev socket, no listener",
        ["-chardev", "socket,id=c,path=%s" % no_listener])
    row("-chardev socket path too long",
        ["-chardev", "socket,id=c,path=%s,server=on,wait=off" % long_path])
    row("-chardev socket server=maybe",
        ["-chardev", "socket,id=c,path=%s,server=maybe" % no_listener])
    row("-chardev file without path", ["-chardev", "file,id=c"])
    row("-chardev file in missing dir", ["-chardev",
                                         "file,id=c,path=%s" % missing])
    row("-chardev file on a directory", ["-chardev", "file,id=c,path=%s" % tmp])
    row("-chardev ringbuf size 3", ["-chardev", "ringbuf,id=c,size=3"])
    row("-chardev ringbuf size 0", ["-chardev", "ringbuf,id=c,size=0"])
    row("-chardev ringbuf size -1", ["-chardev", "ringbuf,id=c,size=-1"])
    row("-chardev ringbuf size huge",
        ["-chardev", "ringbuf,id=c,size=" + "9" * 30])
    row("-chardev ringbuf size 1E", ["-chardev", "ringbuf,id=c,size=1E"])
    row("-chardev ringbuf size 0x10 accepted",
        ["-chardev", "ringbuf,id=c,size=0x10"], "ok", item="11-ringbuf")
    # -x-map
    row("-x-map addr first", ["-x-map", "addr=0"], item=1)
    row("-x-map region first", ["-x-map", "region=0,addr=0"], item=1)
    row("-x-map unknown device", ["-x-map", "nosuch,addr=0x1000"])
    row("-x-map without addr", dev + ["-x-map", "u0"])
    row("-x-map addr not a number", dev + ["-x-map", "u0,addr=zz"])
    row("-x-map addr huge", dev + ["-x-map", "u0,addr=" + "9" * 30])
    row("-x-map addr negative", dev + ["-x-map", "u0,addr=-4096"])
    row("-x-map region 5", dev + ["-x-map", "u0,addr=0x1000,region=5"])
    row("-x-map region -1", dev + ["-x-map", "u0,addr=0x1000,region=-1"])
    row("-x-map region huge", dev + ["-x-map",
                                     "u0,addr=0x1000,region=4294967296"])
    row("-x-map past the address space",
        dev + ["-x-map", "u0,addr=0xffffffffffffffff"], item="11-keys")
    row("-x-map unknown key", dev + ["-x-map", "u0,addr=0x1000,bogus=1"],
        item="11-keys")
    row("-x-map a chardev", ["-chardev", "null,id=c", "-x-map", "c,addr=0"])
    # -x-ram
    row("-x-ram without size", ["-x-ram", "addr=0"])
    row("-x-ram without addr", ["-x-ram", "size=4k"])
    row("-x-ram size 0", ["-x-ram", "addr=0,size=0"])
    row("-x-ram size 1E", ["-x-ram", "addr=0,size=1E"])
    row("-x-ram size 16T", ["-x-ram", "addr=0,size=16T"])
    row("-x-ram size -4k", ["-x-ram", "addr=0,size=-4k"])
    row("-x-ram wraps around", ["-x-ram", "addr=0xfffffffffffff000,size=8k"])
    row("-x-ram unknown key", ["-x-ram", "addr=0,size=4k,bogus=1"],
        item="11-keys")
    # -qtest, -qmp, -mon
    row("-qtest tcp", ["-qtest", "tcp:127.0.0.1:1"])
    row("-qtest unix in missing dir", ["-qtest", "unix:" + missing])
    row("-qtest unix empty", ["-qtest", "unix:"])
    row("-qtest garbage", ["-qtest", "\x01\x02garbage"])
    row("-qtest-log in missing dir", ["-qtest-log", missing,
                                      "-qtest", "stdio"])
    row("-qmp unknown backend", ["-qmp", "bogus:x"])
    row("-qmp unix in missing dir",
        ["-qmp", "unix:%s,server=on,wait=off" % missing])
    row("-mon unknown chardev", ["-mon", "chardev=nosuch,mode=control"])
    row("-mon without chardev", ["-mon", "mode=control"])
    # -d, -D
    row("-d unknown item", ["-d", "no_such_item"])
    row("-d control bytes", ["-d", "guest_errors,\x07\x1b"])
    row("-d only commas", ["-d", ",,,"])
    row("-D in missing dir with -d", ["-D", missing, "-d", "guest_errors"])
    row("-D in missing dir without -d", ["-D", missing], item="11-D")
    # QEMU 7.2 prints the items on stdout and exits 1.
    row("-d help lists the items", ["-d", "help"], "help", item="11-dhelp")
    # -incoming
    row("-incoming missing file", ["-incoming", "file:" + missing])
    row("-incoming unknown transport", ["-incoming", "tcp:127.0.0.1:1"])
    row("-incoming file: empty name", ["-incoming", "file:"])
    row("-incoming empty file", ["-incoming", "file:" + empty])
    row("-incoming garbage file", ["-incoming", "file:" + garbage])
    row("-incoming a directory", ["-incoming", "file:" + tmp])
    # -x-module
    row("-x-module missing file", ["-x-module", missing])
    row("-x-module empty file", ["-x-module", empty])
    row("-x-module text file", ["-x-module", text])
    row("-x-module truncated module", ["-x-module", truncated])
    row("-x-module a directory", ["-x-module", tmp])
    row("-x-module-dir missing", ["-x-module-dir", missing])
    row("-x-module named like a system library, from its folder",
        ["-x-module", "libz.so.1", "-device", "pl011-c,help"], "ok", item=3,
        cwd=tmp)
    return rows, {"empty": empty, "text": text, "truncated": truncated,
                  "garbage": garbage, "modcopy": modcopy}


def run_cmdline(paths, opts, tmp):
    t = Tally("command line")
    rows, files = cmdline_rows(paths, tmp)
    open(files["empty"], "wb").close()
    with open(files["text"], "w") as f:
        f.write("this is not an ELF file\n" * 10)
    with open(paths.pl011_c, "rb") as f:
        module = f.read()
    with open(files["truncated"], "wb") as f:
        f.write(module[:len(module) // 3])
    with open(files["modcopy"], "wb") as f:
        f.write(module)
    with open(files["garbage"], "wb") as f:
        f.write(random.Random(opts.seed).randbytes(4096))
    for what, extra, expect, item, cwd in rows:
        if not allowed(t, item, opts):
            continue
        # A row run from its own folder loads only what it names.
        argv = [paths.harness] + (paths.modules() if cwd is None else []) \
            + extra
        if "-qtest" not in extra:
            argv += ["-qtest", "stdio"]     # a good line ends at stdin's EOF
        rc, out, err, timed_out = run_harness(argv, timeout=opts.timeout,
                                              cwd=cwd)
        bad = judge_exit(rc, err, timed_out)
        if bad:
            t.record(what, bad, first_line(err))
        elif expect == "ok":
            t.record(what, "ok" if rc == 0 else "wrong",
                     "exit %s: %s" % (rc, first_line(err)))
        elif expect == "help":
            t.record(what, "ok" if rc == 1 and b"guest_errors" in out
                     else "wrong", "exit %s, stdout %r" % (rc, out[:60]))
        elif rc == 0:
            t.record(what, "wrong", "exit 0")
        elif not err.strip():
            t.record(what, "wrong", "exit %d without a message" % rc)
        else:
            t.record(what, "ok")
    return t


# ---------------------------------------------------------------- qtest

def device_argv(paths, tmp, tag):
    """Both PL011s and the C++ test device on ringbuf/null chardevs, and RAM."""
    return [paths.harness] + paths.modules() + [
        "-chardev", "ringbuf,id=r0,size=1024",
        "-chardev", "ringbuf,id=r1,size=1024",
        "-chardev", "null,id=n0",
        "-device", "pl011-c,id=u0,chardev=r0",
        "-device", "pl011-cxx,id=u1,chardev=r1",
        "-device", "x-cxx-test-device,id=t1,chardev=n0",
        "-x-map", "u0,addr=%#x" % U0, "-x-map", "u1,addr=%#x" % U1,
        "-x-map", "t1,addr=%#x" % T1,
        "-x-ram", "addr=%#x,size=64k" % RAM]


QTEST_WORDS = ["readb", "readw", "readl", "readq", "writeb", "writew",
               "writel", "writeq", "read", "write", "b64read", "b64write",
               "memset", "irq_intercept_out", "irq_intercept_in",
               "set_irq_in", "clock_step", "clock_set", "endianness"]
ODD_NUMBERS = ["0", "-1", "0x", "0x-1", "18446744073709551615",
               "18446744073709551616", "9" * 40, "1e5", "0b101", "077", "08",
               " ", "", "0X10", "+5", "0x8000000000000000", "-0",
               "-9223372036854775808", "9223372036854775807"]
PATHS = ["/machine/peripheral/u0", "/machine/peripheral/u1",
         "/machine/peripheral/t1", "/machine", "/", "", "//", "/machine/..",
         "/machine/peripheral/t1/lifecycle", "x" * 300]


def qtest_addr(rng):
    base = rng.choice([U0, U1, T1, RAM, RAM + 0xfff0, 0, 0xfffffffffffffff8])
    return base + rng.choice([0, rng.randrange(0, 0x1000, 4),
                              rng.randrange(0, 0x1000)])


def qtest_line(rng):
    w = rng.choice(QTEST_WORDS)
    num = lambda: (rng.choice(ODD_NUMBERS) if rng.random() < 0.1
                   else hex(rng.getrandbits(rng.choice([8, 32, 64]))))
    addr = lambda: (rng.choice(ODD_NUMBERS) if rng.random() < 0.1
                    else hex(qtest_addr(rng) & (2**64 - 1)))
    length = lambda: str(rng.choice([1, 2, 4, 16, 255, 4096,
                                     rng.randrange(1, 70000), 0,
                                     64 * 1024 * 1024 + 1]))
    if w.startswith(("read", "b64read")) and w not in ("read", "b64read"):
        args = [addr()]
    elif w.startswith("write") and w != "write":
        args = [addr(), num()]
    elif w in ("read", "b64read"):
        args = [addr(), length()]
    elif w == "write":
        n = rng.randrange(1, 64)
        args = [addr(), str(n), "0x" + rng.randbytes(
            rng.randrange(0, n + 2)).hex()]
    elif w == "b64write":
        import base64
        args = [addr(), str(rng.randrange(1, 64)),
                base64.b64encode(rng.randbytes(rng.randrange(0, 64))).decode()]
    elif w == "memset":
        args = [addr(), rng.choice(["0", "1", "4096", "65537"]), num()]
    elif w.startswith("irq_intercept"):
        args = [rng.choice(PATHS)]
    elif w == "set_irq_in":
        args = [rng.choice(PATHS), rng.choice(["sysbus-irq", "", "x", "gpio"]),
                rng.choice(["0", "1", "-1", "99"]), rng.choice(["0", "1", "2"])]
    elif w == "clock_step":
        odd = rng.choice(ODD_NUMBERS)
        if "timer-overflow" in AWAITING and odd.startswith("9"):
            odd = "0x"
        args = rng.choice([[], [str(rng.randrange(0, 10**9))], [odd]])
    elif w == "clock_set":
        top = 2**63 if "timer-overflow" not in AWAITING else 2**62
        args = [str(rng.randrange(0, top))]
    else:
        args = []
    # Sometimes a wrong number of arguments.
    if rng.random() < 0.05:
        args = args[:-1] if args else ["extra"]
    elif rng.random() < 0.05:
        args = args + ["extra"]
    return (" ".join([w] + args)).encode()


def mutate(rng, line):
    data = bytearray(line)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(20) % 5 if rng.random() < 0.9 else 4
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.randbytes(rng.randrange(1, 8))
        elif op == 2:
            del data[pos:pos + rng.randrange(1, 8)]
        elif op == 3:
            data[pos:pos] = rng.choice([b" ", b"  ", b"\t", b"\r", b"\0",
                                        b"\x1b[2J", b"\xff\xfe", b"%s%n"])
        elif op == 4 and rng.random() < 0.2:
            data[pos:pos] = b"9" * rng.randrange(20, 2000)
        else:
            data[pos:pos] = rng.choice([b"0x", b"-", b"0", b"ff", b"/"])
    return bytes(data).replace(b"\n", b" ")


def qtest_input(rng, size):
    lines = []
    total = 0
    while total < size:
        r = rng.random()
        if r < 0.6:
            line = qtest_line(rng)
        elif r < 0.9:
            line = mutate(rng, qtest_line(rng))
        else:
            line = rng.randbytes(rng.randrange(0, 200)).replace(b"\n", b"\r")
        lines.append(line)
        total += len(line) + 1
    return lines


def run_qtest(paths, opts, tmp):
    t = Tally("qtest")
    runs, size = (64, 96 * 1024) if opts.long else (10, 32 * 1024)
    nlines = nbytes = 0
    for i in range(runs):
        rng = random.Random(opts.seed * 1000 + i)
        lines = qtest_input(rng, size)
        data = b"".join(l + b"\n" for l in lines)
        nlines += len(lines)
        nbytes += len(data)
        argv = device_argv(paths, tmp, "q") + ["-qtest", "stdio",
                                               "-qtest-log", "none"]
        rc, out, err, timed_out = run_harness(argv, data,
                                              timeout=opts.timeout * 6)
        what = "run %d (seed %d, %d lines)" % (i, opts.seed * 1000 + i,
                                               len(lines))
        bad = judge_exit(rc, err, timed_out)
        replies = [l for l in out.split(b"\n")[:-1]
                   if not l.startswith(b"IRQ ")]
        if bad:
            t.record(what, bad, first_line(err))
        elif len(replies) != len(lines):
            t.record(what, "wrong", "%d replies to %d lines"
                     % (len(replies), len(lines)))
        elif rc != 0:
            t.record(what, "wrong", "exit %d: %s" % (rc, first_line(err)))
        else:
            t.record(what, "ok")
    t.extra = "%d lines, %d KiB" % (nlines, nbytes // 1024)
    if allowed(t, "timer-overflow", opts):
        # The C++ test device's timer armed at a clock near INT64_MAX.
        lines = [b"clock_set 9223372036854775807",
                 b"writel %#x 0xdbdae0db" % (T1 + 0x24),
                 b"readl %#x" % (T1 + 0x24), b"clock_step 1000"]
        rc, out, err, timed_out = run_harness(
            device_argv(paths, tmp, "o") + ["-qtest", "stdio"],
            b"".join(l + b"\n" for l in lines), timeout=opts.timeout)
        bad = judge_exit(rc, err, timed_out)
        t.record("a timer armed at the end of time", bad or (
            "ok" if out.count(b"\n") == len(lines) else "wrong"),
            first_line(err))
    if allowed(t, 9, opts):
        qtest_endless_line(paths, opts, tmp, t)
    return t


def peak_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def qtest_endless_line(paths, opts, tmp, t):
    """Item 9: a line without a newline must not grow without bound. The
    longest valid line (a write of 16 MiB) is 32 MiB of hex, so the peak
    RSS after 64 MiB and after every further 64 MiB must stay the same."""
    laps = 3 if opts.long else 2
    proc = subprocess.Popen(device_argv(paths, tmp, "l") +
                            ["-qtest", "stdio", "-qtest-log", "none"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=harness_env(True))
    chunk = b"x" * 65536
    start = time.monotonic()
    peaks = []

    pipe = proc.stdin

    def feed():
        try:
            for _ in range(laps):
                for _ in range(1024):
                    pipe.write(chunk)
                pipe.flush()
                peaks.append(peak_rss_kib(proc.pid))
            pipe.write(b"\nendianness\n")
            pipe.close()
        except (BrokenPipeError, ValueError):
            pass
    # A harness that rescans its buffer on every read takes minutes.
    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    writer.join(opts.timeout * 6)
    timed_out = writer.is_alive()
    if timed_out:
        os.kill(proc.pid, signal.SIGKILL)
    proc.stdin = None
    try:
        out, err = proc.communicate(timeout=opts.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        out, err = proc.communicate()
    what = "a %d MiB line without a newline (%.1f s)" % (
        64 * laps, time.monotonic() - start)
    bad = judge_exit(None if timed_out else proc.returncode, err, timed_out)
    grown = peaks[-1] - peaks[0] if len(peaks) == laps else 0
    if bad:
        t.record(what, bad, first_line(err))
    elif len(peaks) < laps:
        t.record(what, "wrong", "the harness stopped reading")
    elif grown > 8 * 1024:
        t.record(what, "wrong", "peak RSS grew by %d MiB after the first "
                 "64 MiB" % (grown >> 10))
    elif b"OK little" not in out:
        t.record(what, "wrong", "the next line went unanswered")
    else:
        t.record(what, "ok")


# ---------------------------------------------------------------- QMP

class Qmp:
    def __init__(self, path, timeout):
        self.timeout = timeout
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.buf = b""
        self.invalid = []
        self.recv_line()                     # the greeting

    def recv_line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def parse(self, line):
        def no_constant(name):
            raise ValueError("not JSON: " + name)
        try:
            return json.loads(line, parse_constant=no_constant)
        except ValueError:
            self.invalid.append(line[:200])
            return None

    def send(self, data):
        self.sock.sendall(data)

    def probe(self, tag):
        """Send query-status with id TAG, read up to its reply."""
        self.send(b'{"execute": "query-status", "id": "%s"}\n' % tag.encode())
        self.seen = []
        while True:
            msg = self.parse(self.recv_line())
            if isinstance(msg, dict) and msg.get("id") == tag:
                return msg
            self.seen.append(msg)

    def negotiate(self):
        self.send(b'{"execute": "qmp_capabilities"}\n')
        while True:
            msg = self.parse(self.recv_line())
            if isinstance(msg, dict) and ("return" in msg or "error" in msg):
                return msg


def qmp_messages(long):
    """(what, bytes, item): each a complete top-level text (or several)."""
    n = 200000 if long else 20000
    big = 2 * 1024 * 1024
    m = []

    def add(what, text, item=None):
        m.append((what, text.encode() if isinstance(text, str) else text,
                  item))

    add("nesting 1000 arrays", "[" * 1000 + "]" * 1000)
    add("nesting 1025 arrays", "[" * 1025 + "]" * 1025)
    add("nesting %d arrays" % n, "[" * n + "]" * n)
    add("nesting %d objects" % n, '{"a":' * n + "1" + "}" * n)
    add("nesting in arguments",
        '{"execute":"qom-get","arguments":' + '{"a":' * 2000 + "1" +
        "}" * 2000 + "}")
    add("unbalanced closers", "]]]}}}")
    add("closer first", "}{\"execute\":\"query-status\"}")
    add("id 1e400", '{"execute":"query-status","id":1e400}', "11-ids")
    add("id -1e400", '{"execute":"query-status","id":-1e400}', "11-ids")
    add("id beyond int64", '{"execute":"query-status","id":%d}' % 2**70,
        "11-ids")
    add("id beyond uint64", '{"execute":"query-status","id":%s}' % ("9" * 60),
        "11-ids")
    add("id 1.5e308", '{"execute":"query-status","id":1.5e308}')
    add("id a nested value",
        '{"execute":"query-status","id":{"a":[1,2,{"b":null}],"c":"\\u0001"}}')
    add("huge exponent", '{"execute":"query-status","arguments":{"x":1e999999999999}}')
    add("execute a number", '{"execute":1}')
    add("execute null", '{"execute":null}')
    add("execute an array", '{"execute":["query-status"]}')
    add("execute an object", '{"execute":{"a":1}}')
    add("execute empty", '{"execute":""}')
    add("execute control bytes", '{"execute":"\\u0000\\u0001\\u001b[2J"}')
    add("execute raw control bytes", b'{"execute":"qu\x01\x07ery"}')
    add("execute 100000 characters", '{"execute":"%s"}' % ("x" * 100000))
    add("unknown command", '{"execute":"no-such-command"}')
    add("both execute and exec-oob",
        '{"execute":"query-status","exec-oob":"query-status"}')
    add("exec-oob", '{"exec-oob":"query-status"}')
    add("no execute", '{"arguments":{}}')
    add("unknown top-level key", '{"execute":"query-status","bogus":1}')
    add("arguments an array", '{"execute":"qom-get","arguments":[]}')
    add("arguments a string", '{"execute":"qom-get","arguments":"x"}')
    add("arguments null", '{"execute":"query-status","arguments":null}')
    add("unexpected argument", '{"execute":"query-status","arguments":{"x":1}}')
    add("qom-get wrong types",
        '{"execute":"qom-get","arguments":{"path":1,"property":{}}}')
    add("qom-get missing property",
        '{"execute":"qom-get","arguments":{"path":"/machine"}}')
    for p in ["", "/", "//", "/machine/..", "/machine/peripheral/t1/lifecycle",
              "x" * 4096, "/machine/peripheral/u0/\u00e9\U0001f600"]:
        add("qom-list %r" % p[:40],
            json.dumps({"execute": "qom-list", "arguments": {"path": p}}))
    for prop, val in [("scratch", {"deep": [[[[]]]]}), ("u32", 2**70),
                      ("u32", -1), ("u32", "str"), ("u8", 1e400),
                      ("label", "x" * 100000), ("chardev", "n0"),
                      ("peer", "/machine/peripheral/t1"), ("realized", False),
                      ("type", "x"), ("parent_bus", None)]:
        text = json.dumps({"execute": "qom-set", "arguments": {
            "path": "/machine/peripheral/t1", "property": prop,
            "value": val}}, allow_nan=True).replace("Infinity", "1e400")
        add("qom-set %s %.20r" % (prop, val), text)
    for typ in ["", "object", "device", "sys-bus-device", "chardev-socket",
                "irq", "container", "x-cxx-test-device", "no-such-type",
                "pl011-c"]:
        add("device-list-properties %r" % typ, json.dumps(
            {"execute": "device-list-properties",
             "arguments": {"typename": typ}}))
    add("qom-list-types bad type",
        '{"execute":"qom-list-types","arguments":{"abstract":"yes"}}')
    add("qom-list-types implements nothing",
        '{"execute":"qom-list-types","arguments":{"implements":"nosuch"}}')
    add("chardev-send-break unknown", '{"execute":"chardev-send-break",'
        '"arguments":{"id":"nosuch"}}')
    add("chardev-send-break a number", '{"execute":"chardev-send-break",'
        '"arguments":{"id":5}}')
    add("chardev-send-break a ringbuf", '{"execute":"chardev-send-break",'
        '"arguments":{"id":"n0"}}')
    for uri in [5, "", "tcp:127.0.0.1:1", "exec:true", "file:",
                "file:/no-such-dir/x", "unix:", "unix:/no-such-dir/s",
                "fd:3", "x" * 10000]:
        add("migrate %.30r" % (uri,), json.dumps(
            {"execute": "migrate", "arguments": {"uri": uri}}))
    add("stop cont x100", '{"execute":"stop"}{"execute":"cont"}' * 100)
    add("qmp_capabilities again", '{"execute":"qmp_capabilities"}')
    add("top-level array", "[1,2,3]")
    add("top-level number", "42")
    add("top-level string", '"query-status"')
    add("top-level literals", "null true false")
    add("trailing comma", '{"execute":"query-status",}')
    add("missing colon", '{"execute" "query-status"}')
    # What QEMU's parser accepts, and what it refuses (issue 18: the
    # shim's own parser instead of json-glib).
    add("single-quoted request", "{'execute':'query-status','id':'sq'}")
    add("single-quoted key, escaped quote", "{'execute':'query-status',"
        "'id':'it\\'s'}")
    add("id a surrogate pair", '{"execute":"query-status",'
        '"id":"\\ud83d\\ude00"}')
    add("lone low surrogate", '{"execute":"\\udc00"}')
    add("surrogate then no pair", '{"execute":"\\ud800\\u0041"}')
    add("overlong UTF-8", b'{"execute":"\xc0\xaf"}')
    add("encoded surrogate", b'{"execute":"\xed\xa0\x80"}')
    add("leading zero", '{"execute":"query-status","id":01}')
    add("bare fraction", '{"execute":"query-status","id":1.}')
    add("capitalised keyword", '{"execute":"query-status","id":True}')
    add("unknown keyword", '{"execute":"query-status","id":undefined}')
    add("NaN and Infinity", '{"execute":"query-status",'
        '"arguments":{"x":[NaN,Infinity]}}')
    add("trailing garbage", '{"execute":"query-status"} garbage')
    add("string not closed at the newline", '{"execute":"query-st\natus"}')
    add("500 levels in the id, echoed", '{"execute":"query-status","id":' +
        "[" * 500 + "]" * 500 + "}")
    add("duplicate keys", '{"execute":"stop","execute":"cont"}')
    add("invalid UTF-8", b'{"execute":"\xff\xfe\xc0\xaf"}')
    add("lone surrogate", '{"execute":"\\ud800"}')
    add("bad escapes", '{"execute":"\\x41\\u12"}')
    add("NUL byte", b'{"execute":"query-status"\x00}')
    add("1 MiB of whitespace", " " * (1 << 20) + '{"execute":"query-status"}')
    add("oversized message (2 MiB id)",
        '{"execute":"query-status","id":"%s"}' % ("x" * big))
    add("oversized message (2 MiB nested)",
        '{"execute":"query-status","arguments":{"a":[%s]}}'
        % ",".join(['"xxxxxxxx"'] * (big // 11)))
    # Random bytes, without openers: an unclosed string or array would
    # swallow the next command, in QEMU too (whose strings may also be
    # single-quoted).
    add("random bytes", bytes(b if b not in b'"\'[{' else 0x20
                              for b in random.Random(1).randbytes(4096)))
    return m


def message_id(text):
    """The id of a message that is one JSON object with a finite id."""
    try:
        msg = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(msg, dict) or "id" not in msg:
        return None
    i = msg["id"]
    if isinstance(i, float) and (i != i or i in (float("inf"),
                                                 float("-inf"))):
        return None
    return i


def same_id(got, sent):
    """An echoed id: the same value; an integer beyond 64 bits may come
    back as the nearest double, as QEMU parses it."""
    if isinstance(sent, int) and not isinstance(sent, bool) and \
            not -2**63 <= sent < 2**64:
        return isinstance(got, (int, float)) and not isinstance(got, bool) \
            and abs(got - sent) <= abs(sent) * 1e-15
    return got == sent and type(got) is type(sent)


def start_qmp_harness(paths, tmp, tag, nmon=2, rss=False):
    socks = [os.path.join(tmp, "%s-%d.qmp" % (tag, i)) for i in range(nmon)]
    argv = device_argv(paths, tmp, tag) + ["-qtest", "stdio",
                                           "-qtest-log", "none"]
    for s in socks:
        argv += ["-qmp", "unix:%s,server=on,wait=off" % s]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=harness_env(rss), start_new_session=True)
    return proc, socks


def qtest_alive(proc, timeout):
    """One qtest round trip on the harness's stdin/stdout."""
    try:
        proc.stdin.write(b"endianness\n")
        proc.stdin.flush()
    except BrokenPipeError:
        return False
    fd = proc.stdout.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    while b"OK little\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return False
        data = os.read(fd, 4096)
        if not data:
            return False
        buf += data
    return True


def finish_harness(proc, timeout):
    """End by qtest EOF: (rc, stderr, timed_out)."""
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.stdin = None           # closed: communicate() must not flush it
    try:
        _, err = proc.communicate(timeout=timeout)
        return proc.returncode, err, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        return None, err, True


def run_qmp(paths, opts, tmp):
    t = Tally("QMP")
    proc, socks = start_qmp_harness(paths, tmp, "m")
    qmp = None
    dead = False
    for i, (what, text, item) in enumerate(qmp_messages(opts.long)):
        if not allowed(t, item, opts):
            continue
        if dead:
            t.record(what, "crash", "the harness had died")
            continue
        try:
            if qmp is None:
                qmp = Qmp(socks[0], opts.timeout)
                qmp.negotiate()
            qmp.send(text + b"\n")
            qmp.probe("probe-%d" % i)
            # Past 64 MiB of tokens a message is refused (QEMU's bound).
            sent_id = message_id(text) if len(text) <= 64 << 20 else None
            if sent_id is not None and not any(
                    isinstance(r, dict) and "id" in r and
                    same_id(r["id"], sent_id) for r in qmp.seen):
                t.record(what, "wrong", "id %.40r not echoed: %.200r"
                         % (sent_id, qmp.seen))
            elif qmp.invalid:
                t.record(what, "wrong", "invalid JSON in reply: %r"
                         % qmp.invalid[0][:120], )
                qmp.invalid = []
            else:
                t.record(what, "ok")
        except socket.timeout:
            t.record(what, "hang", "no reply to a probe")
            qmp = None
        except (EOFError, OSError) as e:
            if proc.poll() is not None:
                dead = True
                t.record(what, "crash", "exit %s: %s" % (
                    proc.returncode, first_line(proc.stderr.read())))
            else:
                t.record(what, "wrong", str(e))
            qmp = None
    if not dead:
        qmp_before_negotiation(socks[0], opts, t, qmp)
        qmp_never_reads(proc, socks, opts, t, keep_open=False)
    rc, err, timed_out = finish_harness(proc, opts.timeout)
    bad = judge_exit(rc, err, timed_out)
    t.record("exit after the hostile messages", bad or
             ("ok" if rc == 0 else "wrong"), "exit %s: %s"
             % (rc, first_line(err)))
    if allowed(t, 4, opts):
        proc, socks = start_qmp_harness(paths, tmp, "n")
        qmp_never_reads(proc, socks, opts, t, keep_open=True)
        rc, err, timed_out = finish_harness(proc, opts.timeout)
        bad = judge_exit(rc, err, timed_out)
        t.record("exit with a client that never reads", bad or "ok",
                 first_line(err))
    if allowed(t, 9, opts):
        qmp_event_flood(paths, opts, tmp, t)
    return t


def qmp_before_negotiation(path, opts, t, old):
    """Commands before qmp_capabilities, on a fresh connection."""
    if old:
        old.sock.close()
    what = "commands before qmp_capabilities"
    try:
        q = Qmp(path, opts.timeout)
        q.send(b'{"execute":"query-status"}\n{"execute":"quit"}\n')
        replies = [q.parse(q.recv_line()) for _ in range(2)]
        ok = all(isinstance(r, dict) and "error" in r for r in replies)
        q.negotiate()
        q.probe("after")
        q.sock.close()
        t.record(what, "ok" if ok else "wrong", "replies %r" % (replies,))
    except socket.timeout:
        t.record(what, "hang")
    except (EOFError, OSError) as e:
        t.record(what, "wrong", str(e))


def qmp_never_reads(proc, socks, opts, t, keep_open):
    """A client floods commands and never reads: the other monitor and
    qtest go on answering."""
    what = "a client that never reads%s" % (
        " (still connected at exit)" if keep_open else "")
    try:
        lazy = Qmp(socks[1], opts.timeout)
        lazy.negotiate()
        lazy.sock.setblocking(False)
        msg = b'{"execute":"qom-list-types"}\n' * 64
        sent = 0
        deadline = time.monotonic() + opts.timeout
        stalled = 0
        while sent < (64 << 20) and time.monotonic() < deadline:
            try:
                sent += lazy.sock.send(msg)
                stalled = 0
            except BlockingIOError:
                stalled += 1
                if stalled > 20:
                    break           # the harness stopped reading it
                time.sleep(0.01)
        other = Qmp(socks[0], opts.timeout)
        other.negotiate()
        other.probe("other")
        ok = qtest_alive(proc, opts.timeout)
        other.sock.close()
        if not keep_open:
            lazy.sock.close()
        else:
            t.lazy = lazy           # keep it open until the harness ends
        t.record(what + " (%d KiB sent)" % (sent >> 10),
                 "ok" if ok else "hang", "" if ok else "qtest stopped")
    except socket.timeout:
        t.record(what, "hang", "the other monitor stopped answering")
    except (EOFError, OSError) as e:
        t.record(what, "wrong", str(e))


def qmp_event_flood(paths, opts, tmp, t):
    """Item 9: events for a client that never reads must not pile up."""
    proc, socks = start_qmp_harness(paths, tmp, "e", rss=True)
    what = "150000 events for a client that never reads"
    try:
        lazy = Qmp(socks[1], opts.timeout)
        lazy.negotiate()
        q = Qmp(socks[0], opts.timeout)
        q.negotiate()
        q.probe("start")
        base = peak_rss_kib(proc.pid)
        for b in range(75):
            q.send(b'{"execute":"stop"}\n{"execute":"cont"}\n' * 1000)
            q.probe("batch-%d" % b)
        grown = peak_rss_kib(proc.pid) - base
        # Unbounded, 150000 events take 19 MiB; bounded, 3.
        t.record(what, "ok" if grown < 8 * 1024 else "wrong",
                 "peak RSS grew by %d MiB" % (grown >> 10))
        lazy.sock.close()
    except socket.timeout:
        t.record(what, "hang")
    except (EOFError, OSError) as e:
        t.record(what, "wrong", str(e))
    rc, err, timed_out = finish_harness(proc, opts.timeout)
    bad = judge_exit(rc, err, timed_out)
    if bad:
        t.record(what + ": exit", bad, first_line(err))


# ---------------------------------------------------------------- migration

MIGRATION_DEVICES = {
    "pl011-c": (["-chardev", "null,id=n0",
                 "-device", "pl011-c,id=d,chardev=n0"], PL011_REGS),
    "pl011-cxx": (["-chardev", "null,id=n0",
                   "-device", "pl011-cxx,id=d,chardev=n0"], PL011_REGS),
    "x-cxx-test-device": (["-chardev", "null,id=n0", "-device",
                           "x-cxx-test-device,id=d,chardev=n0"],
                          TESTDEV_REGS),
}


def migration_argv(paths, name):
    args, _ = MIGRATION_DEVICES[name]
    return [paths.harness] + paths.modules() + args + [
        "-x-map", "d,addr=%#x" % U0, "-x-ram", "addr=%#x,size=4k" % RAM]


def make_stream(paths, opts, tmp, name):
    """A valid stream of device NAME in a non-reset state."""
    path = os.path.join(tmp, name + ".stream")
    if name.startswith("pl011"):
        script = ["writel %#x 0x70" % (U0 + LCR_H), "writel %#x 0x301"
                  % (U0 + CR), "writel %#x 0x12" % (U0 + IMSC),
                  "writel %#x 0x1b" % (U0 + IBRD), "writel %#x 0x2" % (U0 + IFLS),
                  "writel %#x 0x41" % (U0 + DR)]
    else:
        script = ["writel %#x 0xdeadbeef" % (U0 + 0x04),
                  "writel %#x 1" % (U0 + 0x08),
                  "writel %#x 100000" % (U0 + 0x24),
                  "writel %#x %#x" % (U0 + 0x10, RAM),
                  "writel %#x %#x" % (U0 + 0x14, RAM + 0x100),
                  "writel %#x 16" % (U0 + 0x18)]
    qmp_path = os.path.join(tmp, name + ".qmp")
    argv = migration_argv(paths, name) + [
        "-qtest", "stdio", "-qtest-log", "none",
        "-qmp", "unix:%s,server=on,wait=off" % qmp_path]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=harness_env(), start_new_session=True)
    for line in script:
        proc.stdin.write(line.encode() + b"\n")
    proc.stdin.flush()
    q = Qmp(qmp_path, opts.timeout)
    q.negotiate()
    qtest_alive(proc, opts.timeout)
    q.send(json.dumps({"execute": "migrate",
                       "arguments": {"uri": "file:" + path}}).encode())
    reply = q.parse(q.recv_line())
    q.sock.close()
    finish_harness(proc, opts.timeout)
    if not isinstance(reply, dict) or "return" not in reply:
        sys.exit("adversarial: cannot make a %s stream: %r" % (name, reply))
    with open(path, "rb") as f:
        return f.read()


def load_stream(paths, opts, tmp, name, data, what, t):
    path = os.path.join(tmp, "load.stream")
    with open(path, "wb") as f:
        f.write(data)
    _, regs = MIGRATION_DEVICES[name]
    script = "".join("readl %#x\n" % (U0 + r) for r in regs)
    script += "writel %#x 0x55\nreadl %#x\n" % (U0, U0)
    argv = migration_argv(paths, name) + ["-incoming", "file:" + path,
                                          "-qtest", "stdio",
                                          "-qtest-log", "none"]
    rc, out, err, timed_out = run_harness(argv, script.encode(),
                                          timeout=opts.timeout)
    bad = judge_exit(rc, err, timed_out)
    if bad:
        return t.record(what, bad, first_line(err))
    if rc == 0:
        t.loaded = getattr(t, "loaded", 0) + 1
        n = out.count(b"\n")
        return t.record(what, "ok" if n == len(regs) + 2 else "wrong",
                        "%d replies to %d lines" % (n, len(regs) + 2))
    if not err.strip():
        return t.record(what, "wrong", "refused without a message")
    if "11-migmsg" not in AWAITING:
        # Item 11: a refusal is one line, without raw control bytes.
        text = err.decode("latin-1").rstrip("\n")
        if "\n" in text or any(ord(c) < 32 or ord(c) == 127 for c in text):
            return t.record(what, "wrong", "message %r" % text[:200])
    return t.record(what, "ok")


def run_migration(paths, opts, tmp):
    t = Tally("migration")
    rng = random.Random(opts.seed)
    loads = sizes = 0
    for name in MIGRATION_DEVICES:
        data = make_stream(paths, opts, tmp, name)
        sizes += len(data)
        load_stream(paths, opts, tmp, name, data, "%s intact" % name, t)
        if opts.long:
            cuts = range(len(data))
        else:
            cuts = sorted(set([0, 1, 4, 8, len(data) - 1] +
                              rng.sample(range(len(data)), 12)))
        for n in cuts:
            load_stream(paths, opts, tmp, name, data[:n],
                        "%s cut at %d of %d" % (name, n, len(data)), t)
        if opts.long:           # one mutation at every byte
            muts = [(p, v) for p in range(len(data))
                    for v in [rng.choice([data[p] ^ 1, data[p] ^ 0x80, 0,
                                          0xff, rng.randrange(256)])]
                    if v != data[p]]
        else:
            muts = [(p, v) for p in rng.sample(range(len(data)), 40)
                    for v in [rng.choice([data[p] ^ 1, data[p] ^ 0x80, 0,
                                          0xff, rng.randrange(256)])]
                    if v != data[p]]
        for p, v in muts:
            mutated = data[:p] + bytes([v]) + data[p + 1:]
            load_stream(paths, opts, tmp, name, mutated,
                        "%s byte %d %#04x -> %#04x" % (name, p, data[p], v), t)
        loads += 1 + len(cuts) + len(muts)
    t.extra = "%d loads of 3 streams (%d bytes), %d loaded" % (
        loads, sizes, getattr(t, "loaded", 0))
    if allowed(t, 6, opts):
        migrate_file_kinds(paths, opts, tmp, t)
    if allowed(t, 5, opts):
        migrate_no_accept(paths, opts, tmp, t)
    return t


def qmp_migrate(proc, qmp_path, uri, opts):
    q = Qmp(qmp_path, opts.timeout)
    q.negotiate()
    q.send(json.dumps({"execute": "migrate",
                       "arguments": {"uri": uri}}).encode() + b"\n")
    reply = q.parse(q.recv_line())
    q.sock.close()
    return reply


def migrate_file_kinds(paths, opts, tmp, t):
    """Item 6: migrate file:PATH writes the path, as QEMU does."""
    kinds = ["symlink", "fifo", "mode 0600", "hard link"]
    for kind in kinds:
        d = tempfile.mkdtemp(dir=tmp)
        target = os.path.join(d, "target")
        path = os.path.join(d, "path")
        reader = None
        if kind == "symlink":
            open(target, "wb").close()
            os.symlink(target, path)
        elif kind == "fifo":
            os.mkfifo(path)
            reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        elif kind == "mode 0600":
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
        else:
            open(target, "wb").close()
            os.link(target, path)
        qmp_path = os.path.join(d, "q")
        argv = migration_argv(paths, "pl011-c") + [
            "-qtest", "stdio", "-qtest-log", "none",
            "-qmp", "unix:%s,server=on,wait=off" % qmp_path]
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=harness_env(), start_new_session=True)
        got = b""
        what = "migrate file: onto a %s" % kind
        try:
            if reader is not None:
                done = []
                threading.Thread(target=lambda: done.append(
                    qmp_migrate(proc, qmp_path, "file:" + path, opts)),
                    daemon=True).start()
                deadline = time.monotonic() + opts.timeout
                while not done and time.monotonic() < deadline:
                    if select.select([reader], [], [], 0.1)[0]:
                        got += os.read(reader, 65536)
                os.close(reader)
                reply = done[0] if done else None
            else:
                reply = qmp_migrate(proc, qmp_path, "file:" + path, opts)
        except (socket.timeout, EOFError, OSError) as e:
            reply = None
            got = str(e).encode()
        rc, err, timed_out = finish_harness(proc, opts.timeout)
        bad = judge_exit(rc, err, timed_out)
        st = os.lstat(path)
        if bad:
            t.record(what, bad, first_line(err))
        elif kind == "symlink":
            t.record(what, "ok" if stat.S_ISLNK(st.st_mode) and
                     os.path.getsize(target) > 0 else "wrong",
                     "the link was replaced")
        elif kind == "fifo":
            t.record(what, "ok" if stat.S_ISFIFO(st.st_mode) and got
                     else "wrong", "fifo replaced or nothing read (%r)"
                     % (reply,))
        elif kind == "mode 0600":
            t.record(what, "ok" if stat.S_IMODE(st.st_mode) == 0o600
                     else "wrong", "mode %o" % stat.S_IMODE(st.st_mode))
        else:
            t.record(what, "ok" if os.path.samefile(path, target) else
                     "wrong", "the hard link was broken")


def migrate_no_accept(paths, opts, tmp, t):
    """Item 5: migrate unix:P to a listener that never accepts."""
    lsn = os.path.join(tmp, "never-accepts.sock")
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(lsn)
    srv.listen(0)
    fillers = []
    for _ in range(4):          # fill the backlog: connect() then blocks
        c = socket.socket(socket.AF_UNIX)
        c.setblocking(False)
        try:
            c.connect(lsn)
        except BlockingIOError:
            pass
        except OSError:
            pass
        fillers.append(c)
    proc, socks = start_qmp_harness(paths, tmp, "u", nmon=1)
    what = "migrate unix: to a listener that never accepts"
    try:
        q = Qmp(socks[0], opts.timeout)
        q.negotiate()
        q.send(json.dumps({"execute": "migrate", "arguments":
                           {"uri": "unix:" + lsn}}).encode() + b"\n")
        # QEMU answers at once and migrates in the background.
        q.sock.settimeout(3.0)
        q.recv_line()
        ok = qtest_alive(proc, 3.0)
        t.record(what, "ok" if ok else "hang", "qtest blocked")
        q.sock.close()
    except (socket.timeout, EOFError, OSError) as e:
        t.record(what, "hang", str(e))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    for c in fillers:
        c.close()
    srv.close()


# ---------------------------------------------------------------- chardev

class Uart:
    """A PL011 at BASE driven over qtest, its chardev a socket we serve."""
    last = None         # the latest one, for a failed case's verdict

    def __init__(self, paths, opts, tmp, dtype, extra_chardev=None):
        Uart.last = self
        self.opts = opts
        self.sock_path = os.path.join(tmp, dtype + ".uart")
        chardev = extra_chardev or ("socket,id=c0,path=%s,server=on,wait=off"
                                    % self.sock_path)
        argv = [paths.harness] + paths.modules() + [
            "-chardev", chardev, "-device", "%s,id=u,chardev=c0" % dtype,
            "-x-map", "u,addr=%#x" % U0, "-qtest", "stdio",
            "-qtest-log", "none"]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     env=harness_env(),
                                     start_new_session=True)
        self.buf = b""
        self.cmds(["writel %#x 0x70" % (U0 + LCR_H),
                   "writel %#x 0x301" % (U0 + CR)])

    def cmds(self, lines):
        """Pipelined qtest commands; their replies (IRQ lines dropped)."""
        self.proc.stdin.write(("\n".join(lines) + "\n").encode())
        self.proc.stdin.flush()
        fd = self.proc.stdout.fileno()
        replies = []
        deadline = time.monotonic() + self.opts.timeout
        while len(replies) < len(lines):
            while b"\n" not in self.buf:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise TimeoutError("no qtest reply")
                data = os.read(fd, 65536)
                if not data:
                    raise EOFError("qtest closed")
                self.buf += data
            line, self.buf = self.buf.split(b"\n", 1)
            if not line.startswith(b"IRQ "):
                replies.append(line.decode())
        return replies

    def connect(self):
        deadline = time.monotonic() + self.opts.timeout
        while True:
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(self.sock_path)
                return s
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def write_bytes(self, data):
        """The guest writes DATA to DR, 256 writes per round trip."""
        for i in range(0, len(data), 256):
            r = self.cmds(["writeb %#x %#x" % (U0 + DR, b)
                           for b in data[i:i + 256]])
            if any(x != "OK" for x in r):
                raise RuntimeError("DR write: %r" % r[:3])

    def read_bytes(self, limit, idle):
        """The guest reads DR while FR says a byte is there, until LIMIT
        bytes or IDLE seconds without one."""
        got = bytearray()
        fr = int(self.cmds(["readl %#x" % (U0 + FR)])[0][3:], 16)
        last = time.monotonic()
        while len(got) < limit:
            if fr & FR_RXFE:
                if time.monotonic() - last > idle:
                    break
                time.sleep(0.001)
                fr = int(self.cmds(["readl %#x" % (U0 + FR)])[0][3:], 16)
                continue
            dr, fr = self.cmds(["readl %#x" % (U0 + DR),
                                "readl %#x" % (U0 + FR)])
            got.append(int(dr[3:], 16) & 0xff)
            fr = int(fr[3:], 16)
            last = time.monotonic()
        return bytes(got)

    def finish(self):
        return finish_harness(self.proc, self.opts.timeout)


def reader_thread(sock, out, delay, stop_after=None):
    """Read into OUT; DELAY seconds between 512-byte reads (a slow reader);
    close after STOP_AFTER bytes (a peer that vanishes)."""
    done = threading.Event()

    def run():
        sock.settimeout(0.2)
        while stop_after is None or len(out) < stop_after:
            try:
                data = sock.recv(512 if stop_after is None else
                                 min(512, stop_after - len(out)))
            except socket.timeout:
                if done.is_set():
                    break
                continue
            except OSError:
                break
            if not data:
                break
            out.extend(data)
            if delay:
                time.sleep(delay)
        sock.close()
    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.done = done              # set: stop once nothing more comes
    return th


def lost_after(sent, got):
    """Bytes of SENT missing from GOT, GOT being a prefix (else all)."""
    if sent[:len(got)] != got:
        common = 0
        while common < len(got) and got[common] == sent[common]:
            common += 1
        return len(sent) - common
    return len(sent) - len(got)


class Crash(Exception):
    pass


def chardev_case(t, what, fn):
    try:
        lost, detail = fn()
        t.record(what, "ok", lost=lost) if not lost else \
            t.record(what, "ok", detail, lost=lost)
    except (TimeoutError, socket.timeout) as e:
        t.record(what, "hang", str(e))
    except Crash as e:
        t.record(what, "crash", str(e))
    except (EOFError, OSError, RuntimeError, ValueError) as e:
        u = Uart.last
        if u and u.proc.poll() is not None and judge_exit(
                u.proc.returncode, b"", False):
            t.record(what, "crash", "exit %d" % u.proc.returncode)
        else:
            t.record(what, "wrong", str(e))
    if Uart.last and Uart.last.proc.poll() is None:
        os.killpg(Uart.last.proc.pid, signal.SIGKILL)   # left by a failure
        Uart.last.proc.communicate()


def run_chardev(paths, opts, tmp):
    t = Tally("chardev")
    t.lost_counted = True
    tx_n = (1 << 20) if opts.long else (16 << 10)
    rx_n = (256 << 10) if opts.long else (2 << 10)
    moved = [0]
    for dtype in ("pl011-c", "pl011-cxx"):
        def tx_slow():
            u = Uart(paths, opts, tmp, dtype)
            s = u.connect()
            out = bytearray()
            th = reader_thread(s, out, 0.002)
            sent = bytes(i % 251 for i in range(tx_n))
            u.write_bytes(sent)
            deadline = time.monotonic() + opts.timeout
            while len(out) < len(sent) and time.monotonic() < deadline:
                time.sleep(0.05)
            th.done.set()
            th.join(5)
            finish_check(u, t, dtype + " TX slow reader: exit")
            moved[0] += len(out)
            return lost_after(sent, bytes(out)), "%d of %d" % (len(out),
                                                               len(sent))

        def tx_vanish():
            u = Uart(paths, opts, tmp, dtype)
            s1 = u.connect()
            out1 = bytearray()
            half = tx_n // 4
            th = reader_thread(s1, out1, 0, stop_after=half)
            first = bytes(i % 251 for i in range(tx_n))
            u.write_bytes(first)            # the reader leaves midway
            th.join(opts.timeout)
            # A second peer: the guest writes a marker until it arrives,
            # then a tail that must arrive whole.
            s2 = u.connect()
            out2 = bytearray()
            th2 = reader_thread(s2, out2, 0)
            deadline = time.monotonic() + opts.timeout
            while 0xff not in out2:
                if time.monotonic() > deadline:
                    raise TimeoutError("the second peer got nothing")
                u.write_bytes(b"\xff")
                time.sleep(0.01)
            tail = bytes(i % 251 for i in range(tx_n // 4))
            u.write_bytes(tail)
            deadline = time.monotonic() + opts.timeout
            while (len(out2) - out2.rindex(0xff) - 1 < len(tail) and
                   time.monotonic() < deadline):
                time.sleep(0.02)
            th2.done.set()
            th2.join(5)
            finish_check(u, t, dtype + " TX vanishing peer: exit")
            got2 = bytes(out2[out2.rindex(0xff) + 1:])
            moved[0] += len(out1) + len(got2)
            lost = lost_after(first[:len(out1)], bytes(out1))
            lost += lost_after(tail, got2)
            return lost, "first peer %d (a prefix?), second %d of %d" % (
                len(out1), len(got2), len(tail))

        def rx_fast():
            u = Uart(paths, opts, tmp, dtype)
            s = u.connect()
            sent = bytes(i % 251 for i in range(rx_n))
            th = threading.Thread(target=s.sendall, args=(sent,), daemon=True)
            th.start()
            got = u.read_bytes(len(sent), idle=opts.timeout / 4)
            s.close()
            finish_check(u, t, dtype + " RX: exit")
            moved[0] += len(got)
            return lost_after(sent, got), "%d of %d" % (len(got), len(sent))

        def rx_vanish():
            u = Uart(paths, opts, tmp, dtype)
            s1 = u.connect()
            first = bytes(i % 128 for i in range(rx_n))       # 0x00-0x7f
            s1.sendall(first[:64])
            got = bytearray(u.read_bytes(8, idle=opts.timeout / 4))
            try:
                s1.setblocking(False)
                s1.send(first[64:])
            except BlockingIOError:
                pass
            s1.close()                   # gone, bytes still in flight
            s2 = u.connect()
            second = bytes(0x80 | (i % 128) for i in range(rx_n // 2))
            th = threading.Thread(target=s2.sendall, args=(second,),
                                  daemon=True)
            th.start()
            got += u.read_bytes(len(first) + len(second),
                                idle=opts.timeout / 4)
            s2.close()
            finish_check(u, t, dtype + " RX vanishing peer: exit")
            split = next((i for i, b in enumerate(got) if b & 0x80), len(got))
            got1, got2 = bytes(got[:split]), bytes(got[split:])
            moved[0] += len(got)
            lost = 0 if first[:len(got1)] == got1 else len(got1)
            lost += lost_after(second, got2)
            return lost, "first peer %d bytes arrived, second %d of %d" % (
                len(got1), len(got2), len(second))

        chardev_case(t, "%s TX %d bytes, a slow reader" % (dtype, tx_n),
                     tx_slow)
        chardev_case(t, "%s TX, the reader vanishes midway" % dtype,
                     tx_vanish)
        chardev_case(t, "%s RX %d bytes" % (dtype, rx_n), rx_fast)
        chardev_case(t, "%s RX, the writer vanishes midway" % dtype,
                     rx_vanish)
        if allowed(t, 10, opts):
            chardev_case(t, "%s RX, a departed client frees the socket"
                         % dtype, lambda: departed_client(paths, opts, tmp,
                                                          dtype, t))
        if allowed(t, 7, opts):
            chardev_case(t, "%s TX into a FIFO whose reader left" % dtype,
                         lambda: fifo_reader_left(paths, opts, tmp, dtype, t))
    t.extra = "%d KiB moved" % (moved[0] >> 10)
    return t


def finish_check(u, t, what):
    rc, err, timed_out = u.finish()
    bad = judge_exit(rc, err, timed_out)
    if bad:
        t.record(what, bad, first_line(err))
    elif rc != 0:
        t.record(what, "wrong", "exit %d: %s" % (rc, first_line(err)))


def departed_client(paths, opts, tmp, dtype, t):
    """Item 10: a client leaves 64 bytes behind while the guest does not
    read. As in QEMU, its connection goes at once (three clients can
    connect), the FIFO keeps what it accepted, and the next client's bytes
    follow those."""
    u = Uart(paths, opts, tmp, dtype)
    s1 = u.connect()
    s1.sendall(bytes(range(64)))
    u.cmds(["endianness"] * 4)
    s1.close()
    u.cmds(["endianness"] * 4)
    socks = []
    for _ in range(3):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(2.0)
        try:
            s.connect(u.sock_path)
        except (BlockingIOError, socket.timeout):
            raise TimeoutError("connect() %d after the departure blocks"
                               % (len(socks) + 1))
        socks.append(s)
        u.cmds(["endianness"] * 4)
    socks[0].sendall(b"\x80\x81\x82\x83")
    got = u.read_bytes(200, idle=2.0)
    for s in socks:
        s.close()
    finish_check(u, t, dtype + " departed client: exit")
    if got[-4:] != b"\x80\x81\x82\x83":
        return 4, "the next client's bytes did not arrive: %r" % got[-8:]
    if len(got) - 4 > 17:
        raise RuntimeError("%d bytes of the departed client arrived, more "
                           "than the FIFO held" % (len(got) - 4))
    return 0, ""


def fifo_reader_left(paths, opts, tmp, dtype, t):
    """Item 7: a file chardev on a FIFO whose reader has gone."""
    fifo = os.path.join(tmp, dtype + ".fifo")
    if os.path.exists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    u = Uart(paths, opts, tmp, dtype,
             extra_chardev="file,id=c0,path=%s" % fifo)
    u.write_bytes(b"abc")
    got = os.read(reader, 16)
    os.close(reader)
    try:
        u.write_bytes(b"def")
        alive = u.cmds(["endianness"]) == ["OK little"]
    except (EOFError, TimeoutError, BrokenPipeError):
        alive = False
    rc, err, timed_out = u.finish()
    bad = judge_exit(rc, err, timed_out)
    if bad:
        raise Crash("%s (exit %s): %s" % (bad, rc, first_line(err)))
    if not alive:
        raise Crash("the harness died on the write (exit %s)" % rc)
    return 0 if got == b"abc" else 3, "read %r" % got


# ---------------------------------------------------------------- main

CLASSES = {"cmdline": run_cmdline, "qtest": run_qtest, "qmp": run_qmp,
           "migration": run_migration, "chardev": run_chardev}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the build directory")
    ap.add_argument("--long", action="store_true", help="the full-size run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pending", action="store_true",
                    help="also the rows of items awaiting their fix")
    ap.add_argument("--class", dest="classes", action="append",
                    choices=sorted(CLASSES))
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds for any one run or reply")
    opts = ap.parse_args()
    paths = Paths(opts.build)
    if opts.pending:
        AWAITING.clear()
    classes = opts.classes or list(CLASSES)
    print("adversarial: seed %d, %s, harness %s" % (
        opts.seed, "full run" if opts.long else "CI subset (--long: full)",
        paths.harness), flush=True)
    tallies = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="adversarial-") as tmp:
        for name in classes:
            t0 = time.monotonic()
            print("== %s" % name, flush=True)
            t = CLASSES[name](paths, opts, os.path.join(tmp))
            t.seconds = time.monotonic() - t0
            tallies.append(t)
    print()
    print("%-13s %7s %8s %6s %6s %11s  %s" % ("class", "inputs", "crashes",
                                             "hangs", "wrong", "bytes lost",
                                             "notes"))
    for t in tallies:
        print("%-13s %7d %8d %6d %6d %11s  %s%s(%.0f s)" % (
            t.name, t.inputs, t.crashes, t.hangs, t.wrong,
            t.lost if t.lost_counted else "-", t.extra,
            ", " if t.extra else "", t.seconds))
    skipped = sorted(set().union(*(t.skipped for t in tallies)), key=str)
    if skipped:
        print("rows awaiting a fix were not run: %s (--pending runs them)"
              % " ".join(map(str, skipped)))
    findings = [f for t in tallies for f in t.findings]
    for f in findings:
        print("FINDING " + f[:600])
    passed = sum(t.passed for t in tallies)
    failed = sum(t.failed for t in tallies)
    print("adversarial: %.0f s" % (time.monotonic() - start))
    print("SUBTESTS: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
