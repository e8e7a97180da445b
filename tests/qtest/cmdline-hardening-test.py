#!/usr/bin/env python3
"""qemu-harness's command line against bad input (issue 17).

Each case once crashed the harness, loaded the wrong file, or was taken
silently; each must now end in one error line and exit status 1, or
behave as the real qemu-system-arm 7.2 does (run here beside it):

- -x-map without an id (was SEGV), unknown keys of -x-map and -x-ram,
  ranges that run past 2^64 - 1 (were accepted and left unmapped);
- -D FILE without -d: QEMU opens FILE (creating it) and exits 1 if it
  cannot; -d help: QEMU's list of log items on stdout, exit 1;
- a module named without '/' is a file in the current directory, never
  a library from the dynamic linker's search path;
- control bytes in an echoed argument are printed as \\xNN;
- a device linked to itself (-device x-cxx-test-device,id=a,peer=a) does
  not outlive the exit (the harness's leak report listed 3 objects).

Environment (from meson): QEMU_HARNESS, QEMU_SYSTEM_ARM, X_TESTDEV,
CXX_TEST_DEVICE.
Prints one line per case and "SUBTESTS: N passed, M failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from testsuite import check, summary, verbose

HARNESS = os.environ["QEMU_HARNESS"]
QEMU = os.environ["QEMU_SYSTEM_ARM"]
TESTDEV = os.environ["X_TESTDEV"]
QEMU_BASE = ["-M", "virt", "-S", "-display", "none", "-nodefaults",
             "-no-user-config"]


def run(argv, cwd=None, stdin=subprocess.DEVNULL):
    """Runs @argv (10 s at most); returns (status, stdout, stderr).

    A harness given "-qtest stdio" and an empty stdin quits at once, so a
    command line that is accepted ends too."""
    try:
        p = subprocess.run(argv, cwd=cwd, stdin=stdin, capture_output=True,
                           timeout=10)
    except subprocess.TimeoutExpired:
        return "timeout", "", ""
    return (p.returncode, p.stdout.decode("latin-1"),
            p.stderr.decode("latin-1"))


def harness(*args, **kw):
    return run([HARNESS] + list(args), **kw)


def expect_line(args, line, what):
    """Exit status 1, stdout empty, stderr exactly "qemu-harness: LINE"."""
    status, out, err = harness(*args)
    ok = status == 1 and out == "" and err == "qemu-harness: %s\n" % line
    if not ok:
        print("  status %r, stdout %r, stderr %r" % (status, out, err))
    return check(ok, "%s: %s" % (what, line))


def cases_map_and_ram():
    testdev = ["-x-module", TESTDEV, "-device", "x-testdev,id=td"]
    expect_line(["-x-map", "addr=0"],
                "-x-map addr=0: Parameter 'id' is missing", "no id")
    expect_line(["-x-map", "region=0,addr=0"],
                "-x-map region=0,addr=0: Parameter 'id' is missing",
                "no id, region first")
    expect_line(testdev + ["-x-map", "td,addr=0,size=4"],
                "-x-map td,addr=0,size=4: Invalid parameter 'size'",
                "unknown -x-map key")
    expect_line(["-x-ram", "addr=0,size=4k,bogus=1"],
                "-x-ram addr=0,size=4k,bogus=1: Invalid parameter 'bogus'",
                "unknown -x-ram key")
    expect_line(testdev + ["-x-map", "td,addr=0xffffffffffffffff"],
                "-x-map td,addr=0xffffffffffffffff: 0x100 bytes at "
                "0xffffffffffffffff run past the end of the address space",
                "MMIO past 2^64")
    expect_line(["-x-ram", "addr=0xfffffffffffff000,size=8k"],
                "-x-ram addr=0xfffffffffffff000,size=8k: 0x2000 bytes at "
                "0xfffffffffffff000 run past the end of the address space",
                "RAM past 2^64")
    # The last bytes of the address space are usable.
    p = subprocess.run([HARNESS] + testdev +
                       ["-x-map", "td,addr=0xffffffffffffff00",
                        "-x-ram", "addr=0xfffffffffffff000,size=3840",
                        "-qtest", "stdio"],
                       input=b"writel 0xfffffffffffffefc 0x12345678\n"
                             b"readl 0xfffffffffffffefc\n"
                             b"readl 0xffffffffffffff00\n",
                       capture_output=True, timeout=10)
    replies = p.stdout.decode().splitlines()
    check(p.returncode == 0 and replies[:2] ==
          ["OK", "OK 0x0000000012345678"] and len(replies) == 3 and
          replies[2].startswith("OK "),
          "a map ending at 2^64 - 1 is accepted and answers (%r)" % replies)


def qemu_line(err):
    return err.replace("qemu-system-arm: ", "qemu-harness: ", 1)


def cases_logging():
    tmp = tempfile.mkdtemp(prefix="cmdline-hardening-")
    try:
        status, out, err = harness("-D", "/nonexistent-dir/x")
        qstatus, qout, qerr = run([QEMU] + QEMU_BASE +
                                  ["-D", "/nonexistent-dir/x"])
        check(status == 1 and qstatus == 1 and err == qemu_line(qerr) and
              err.count("\n") == 1,
              "-D into a missing directory: %r, as QEMU (%r, %r)" %
              (err, qstatus, qerr))
        # With -d, the same line and status.
        status, out, err = harness("-D", "/nonexistent-dir/x", "-d", "unimp")
        check(status == 1 and err == qemu_line(qerr),
              "-D into a missing directory with -d: %r" % err)
        # -D alone creates the file, as QEMU does.
        ours, theirs = os.path.join(tmp, "ours"), os.path.join(tmp, "qemu")
        harness("-D", ours, "-qtest", "stdio")
        q = subprocess.Popen([QEMU] + QEMU_BASE + ["-D", theirs],
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(theirs):
                break
            subprocess.run(["sleep", "0.05"])
        q.kill()
        q.wait()
        check(os.path.exists(ours) and os.path.exists(theirs),
              "-D FILE without -d creates FILE in both")
        # -d help: QEMU's list of items, stdout, exit status as QEMU's.
        status, out, err = harness("-d", "help")
        qstatus, qout, qerr = run([QEMU, "-d", "help"])
        ok = (status == qstatus == 1 and err == "" and
              out.startswith("Log items (comma separated):\n"))
        names = re.findall(r"^(\w+) +", out, re.M)
        # Each of our items reads as QEMU's does, continuation lines too.
        starts = [m.start() for m in re.finditer(r"^\w+ +", out, re.M)]
        chunks = [out[a:b] for a, b in zip(starts, starts[1:] + [len(out)])]
        missing = [c for c in chunks if c not in qout]
        check(ok and len(names) >= 15 and "guest_errors" in names and
              not missing,
              "-d help: %d items on stdout as QEMU prints them, exit %r "
              "(QEMU %r); differing: %r" % (len(names), status, qstatus,
                                            missing))
        expect_line(["-d", "unimp,bogus"],
                    "-d unimp,bogus: Unknown log item 'bogus'",
                    "unknown log item")
    finally:
        shutil.rmtree(tmp)


def cases_modules():
    tmp = tempfile.mkdtemp(prefix="cmdline-hardening-")
    try:
        shutil.copy(TESTDEV, os.path.join(tmp, "x-testdev.so"))
        status, _, err = harness("-x-module", "x-testdev.so",
                                 "-device", "x-testdev,id=td",
                                 "-qtest", "stdio", cwd=tmp)
        check(status == 0 and err == "",
              "-x-module NAME loads NAME from the current directory "
              "(%r, %r)" % (status, err))
        # A module named like a system library is the file, not the library.
        shutil.copy(TESTDEV, os.path.join(tmp, "libz.so.1"))
        status, _, err = harness("-x-module", "libz.so.1",
                                 "-device", "x-testdev,id=td",
                                 "-qtest", "stdio", cwd=tmp)
        check(status == 0 and err == "",
              "-x-module libz.so.1 is ./libz.so.1 (%r, %r)" % (status, err))
        os.unlink(os.path.join(tmp, "libz.so.1"))
        expect_line(["-x-module", "libz.so.1"],
                    "Could not load module 'libz.so.1': No such file or "
                    "directory", "no ./libz.so.1: the system's is not taken")
    finally:
        shutil.rmtree(tmp)


def cases_escapes():
    expect_line(["-\x1b[2Jx"], "-\\x1b[2Jx: invalid option",
                "an escape sequence in an option")
    expect_line(["-device", "no\x07such\x7f"],
                "-device no\\x07such\\x7f: 'no\\x07such\\x7f' is not a "
                "valid device model name", "control bytes in -device")
    expect_line(["-x-map", "a\nb,addr=0"],
                "-x-map a\\x0ab,addr=0: Device 'a\\x0ab' not found",
                "a newline cannot forge a second line")


def cases_links():
    mod = ["-x-module", os.environ["CXX_TEST_DEVICE"]]
    for devices in (["x-cxx-test-device,id=a,peer=a"],
                    ["x-cxx-test-device,id=a",
                     "x-cxx-test-device,id=b,peer=a"]):
        args = list(mod)
        for d in devices:
            args += ["-device", d]
        status, _, err = harness(*args, "-qtest", "stdio")
        check(status == 0 and err == "",
              "%s: nothing outlives the exit (%r, %r)" %
              (" ".join(devices), status, err))


def case_help():
    """-help says where the harness differs from QEMU on purpose, with the
    bounds peer-bounds-test.py holds it to."""
    status, out, _ = harness("-help")
    text = " ".join(out.split())
    check(status == 0 and "Unlike QEMU, on purpose:" in text and
          "more than 1024 KiB unread gets no more events" in text and
          "longer than %d bytes gets one ERR" % (2 * 16 * 1024 * 1024 + 256)
          in text and "(1e400) is echoed as sent" in text and
          "a PATH without '/' is in the current directory" in text,
          "-help lists the deliberate differences and the bounds")


def main():
    verbose()   # a line for every check, passed ones too
    cases_map_and_ram()
    cases_logging()
    cases_modules()
    cases_escapes()
    cases_links()
    case_help()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
