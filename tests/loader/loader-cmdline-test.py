#!/usr/bin/env python3
"""qemu-cxx-run's command line, and every bad input it must refuse.

Each bad input exits 1 with one line on stderr (QEMU's own warnings aside)
and the guest never runs. To see the guest run, the board boots a tiny
kernel that writes 'G' to the virt board's UART (-serial file:...). A
refusal by qemu-cxx-run itself must leave that file uncreated (QEMU never
started); a refusal by the loader inside QEMU must leave it empty (QEMU
started, the guest did not). The good command line is the control: there
the 'G' arrives.

A guest on the real CPU writes through the C++ PL011 (the README's use).
The -x-dry-run cases check what goes to QEMU: the options that are not the
loader's, unchanged; the loader library next to the wrapper, or in libdir
when the wrapper is installed.

Environment: QEMU_CXX_RUN, QEMU, PL011_C_MODULE, PL011_CXX_MODULE,
BROKEN_BADABI (a module with another ABI stamp), SHIM_ONLY_MODULE (a
module that needs a symbol QEMU does not export), LOADER_LIBDIR (libdir,
relative to the prefix), LOADER_LIBRARY (the built loader), and
PLAIN_BUILD=1 when QEMU may be run (not in sanitizer builds: an
instrumented loader or module cannot be preloaded into QEMU).
Prints "SUBTESTS: N passed, M failed".
"""
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import time

from testsuite import check, summary, verbose

RUN = os.environ["QEMU_CXX_RUN"]
QEMU = os.environ["QEMU"]
PL011_C = os.environ["PL011_C_MODULE"]
PL011_CXX = os.environ["PL011_CXX_MODULE"]
BADABI = os.environ["BROKEN_BADABI"]
SHIM_ONLY = os.environ["SHIM_ONLY_MODULE"]
LIBDIR = os.environ["LOADER_LIBDIR"]
LOADER = os.environ["LOADER_LIBRARY"]
PLAIN = os.environ.get("PLAIN_BUILD") == "1"
TIMEOUT = 30
# The C reference PL011 at a free address of virt, its IRQ on free SPI 10.
GOOD = ["-x-module", PL011_C, "-device", "pl011-c,id=u1",
        "-x-map", "u1,addr=0x09100000", "-x-irq", "u1,line=10"]

def write_kernel(path):
    """mov r0, #0x09000000; mov r1, #'G'; str r1, [r0]; b ."""
    code = [0xe3a00409, 0xe3a01047, 0xe5801000, 0xeafffffe]
    with open(path, "wb") as f:
        f.write(b"".join(struct.pack("<I", c) for c in code))


def board(tmp, serial):
    return ["-x-qemu", QEMU, "-M", "virt,gic-version=2", "-display", "none",
            "-nodefaults", "-no-user-config", "-kernel",
            os.path.join(tmp, "kernel.bin"), "-serial", "file:" + serial]


def error_lines(stderr):
    """stderr without QEMU's own warnings (e.g. a NIC without a peer)."""
    return [l for l in stderr.splitlines()
            if not l.startswith("qemu-system-arm: warning:")]


def control(tmp):
    """The good command line runs the guest: 'G' arrives on the UART."""
    serial = os.path.join(tmp, "control.out")
    proc = subprocess.Popen([RUN] + board(tmp, serial) + GOOD,
                            stdin=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    got = b""
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(serial):
            with open(serial, "rb") as f:
                got = f.read()
            if got:
                break
        time.sleep(0.05)
    alive = proc.poll() is None
    proc.terminate()
    _, err = proc.communicate()
    check(alive and got == b"G",
          "control: the good command line runs the guest",
          f"running={alive} uart={got!r} stderr={err!r}")


def guest_output(tmp):
    """A guest on the real CPU writes "Hi\\n" to the C++ PL011 (0x09100000),
    whose chardev is a file: the README's use, with a CPU."""
    # mov r0, #0x09100000; then for each byte: mov r1, #B; str r1, [r0]
    code = [0xe3a00691]
    for b in b"Hi\n":
        code += [0xe3a01000 | b, 0xe5801000]
    code.append(0xeafffffe)     # b .
    kernel = os.path.join(tmp, "hi.bin")
    with open(kernel, "wb") as f:
        f.write(b"".join(struct.pack("<I", c) for c in code))
    out = os.path.join(tmp, "uart1.out")
    proc = subprocess.Popen(
        [RUN, "-x-qemu", QEMU, "-M", "virt", "-nic", "none", "-display",
         "none", "-kernel", kernel, "-x-module", PL011_CXX,
         "-chardev", "file,id=u1,path=" + out,
         "-device", "pl011-cxx,id=uart1,chardev=u1",
         "-x-map", "uart1,addr=0x09100000", "-x-irq", "uart1,line=10"],
        stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    got = b""
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(out):
            with open(out, "rb") as f:
                got = f.read()
            if got == b"Hi\n":
                break
        time.sleep(0.05)
    proc.terminate()
    _, err = proc.communicate()
    check(got == b"Hi\n",
          "a guest writes through pl011-cxx in qemu-system-arm -M virt",
          f"chardev got {got!r}; stderr {err!r}")


def refuse(tmp, name, args, stage, pattern, machine=None):
    """@args must exit 1 with one line matching @pattern, guest not run.

    @stage is "wrapper" (QEMU must not start) or "qemu" (QEMU or the loader
    inside it refuses before the guest runs; plain builds only)."""
    if stage != "wrapper" and not PLAIN:
        return
    serial = os.path.join(tmp, name + ".out")
    cmd = [RUN] + (machine or board(tmp, serial)) + args
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        check(False, name, "still running after %d s" % TIMEOUT)
        return
    lines = error_lines(p.stderr)
    why = []
    if p.returncode != 1:
        why.append(f"exit status {p.returncode}")
    if len(lines) != 1 or not re.fullmatch(pattern, lines[0]):
        why.append(f"stderr {p.stderr!r} does not match {pattern!r}")
    if machine is None:
        exists = os.path.exists(serial)
        content = open(serial, "rb").read() if exists else b""
        if stage == "wrapper" and exists:
            why.append("QEMU started")
        if content:
            why.append(f"the guest ran (UART {content!r})")
    check(not why, name, "; ".join(why))


def refusals(tmp):
    truncated = os.path.join(tmp, "truncated.so")
    with open(PL011_C, "rb") as src, open(truncated, "wb") as dst:
        dst.write(src.read(4096))
    text = os.path.join(tmp, "text.so")
    with open(text, "w") as f:
        f.write("not a module\n")
    missing = os.path.join(tmp, "missing.so")
    u2 = ["-device", "pl011-c,id=u2"]
    q = re.escape

    refuse(tmp, "module of another ABI", ["-x-module", BADABI] + GOOD,
           "wrapper", r"qemu-cxx-run: Module '%s' was built for ABI "
           r"'qemu-shim-abi-0\.0-0', but this qemu-shim has ABI '[^']+'"
           % q(BADABI))
    refuse(tmp, "missing module", ["-x-module", missing] + GOOD[2:],
           "wrapper", r"qemu-cxx-run: Could not load module '%s': No such "
           r"file or directory" % q(missing))
    refuse(tmp, "truncated module", ["-x-module", truncated] + GOOD[2:],
           "wrapper", r"qemu-cxx-run: Could not load module '%s': truncated "
           r"\(4096 bytes, its segments need \d+\)" % q(truncated))
    refuse(tmp, "not a shared object", ["-x-module", text] + GOOD[2:],
           "wrapper", r"qemu-cxx-run: Could not load module '%s': not a "
           r"shared object" % q(text))
    refuse(tmp, "a symbol QEMU does not export",
           ["-x-module", SHIM_ONLY] + GOOD, "qemu",
           r"qemu-cxx-run: -x-module %s: %s: undefined symbol: "
           r"qemu_shim_live_objects" % (q(SHIM_ONLY), q(SHIM_ONLY)))
    refuse(tmp, "unknown type", GOOD + ["-device", "no-such-type,id=x"],
           "qemu", r"qemu-system-arm: -device no-such-type,id=x: "
           r"'no-such-type' is not a valid device model name")
    refuse(tmp, "-x-map of an unknown id",
           GOOD + ["-x-map", "u9,addr=0x09200000"], "wrapper",
           r"qemu-cxx-run: -x-map u9,addr=0x09200000: no -device with id "
           r"'u9' of a -x-module type")
    refuse(tmp, "-x-irq of an unknown id", GOOD + ["-x-irq", "u9,line=11"],
           "wrapper", r"qemu-cxx-run: -x-irq u9,line=11: no -device with id "
           r"'u9' of a -x-module type")
    refuse(tmp, "-x-map of a device without id",
           GOOD + ["-device", "pl011-c", "-x-map", "pl011-c,addr=0x09200000"],
           "wrapper", r"qemu-cxx-run: -x-map pl011-c,addr=0x09200000: no "
           r"-device with id 'pl011-c' of a -x-module type")
    refuse(tmp, "duplicate id", GOOD + u2 + u2, "wrapper",
           r"qemu-cxx-run: -device pl011-c,id=u2: Duplicate device ID 'u2'")
    refuse(tmp, "malformed addr", GOOD[:4] + ["-x-map", "u1,addr=0x9zz"],
           "wrapper", r"qemu-cxx-run: -x-map u1,addr=0x9zz: Parameter "
           r"'addr' expects a number, not '0x9zz'")
    refuse(tmp, "missing addr", GOOD[:4] + ["-x-map", "u1"], "wrapper",
           r"qemu-cxx-run: -x-map u1: Parameter 'addr' is missing")
    refuse(tmp, "malformed line", GOOD[:6] + ["-x-irq", "u1,line=-1"],
           "wrapper", r"qemu-cxx-run: -x-irq u1,line=-1: Parameter 'line' "
           r"expects a number, not '-1'")
    refuse(tmp, "unknown -x-map parameter",
           GOOD[:4] + ["-x-map", "u1,addr=0x09100000,size=4k"], "wrapper",
           r"qemu-cxx-run: -x-map u1,addr=0x09100000,size=4k: Invalid "
           r"parameter 'size'")
    refuse(tmp, "MMIO over the board's UART",
           GOOD[:4] + ["-x-map", "u1,addr=0x09000000"], "qemu",
           r"qemu-cxx-run: -x-map u1,addr=0x09000000: 0x9000000\.\.0x9000fff "
           r"overlaps 'pl011' of /machine/unattached/device\[\d+\], mapped "
           r"at 0x9000000")
    refuse(tmp, "MMIO partly over the board's UART",
           GOOD[:4] + ["-x-map", "u1,addr=0x08fff800"], "qemu",
           r"qemu-cxx-run: -x-map u1,addr=0x08fff800: 0x8fff800\.\.0x90007ff "
           r"overlaps 'pl011' of /machine/unattached/device\[\d+\], mapped "
           r"at 0x9000000")
    refuse(tmp, "MMIO over RAM", GOOD[:4] + ["-x-map", "u1,addr=0x40000000"],
           "qemu", r"qemu-cxx-run: -x-map u1,addr=0x40000000: "
           r"0x40000000\.\.0x40000fff overlaps 'mach-virt\.ram' of .+, "
           r"mapped at 0x40000000")
    refuse(tmp, "MMIO over another of ours",
           GOOD + u2 + ["-x-map", "u2,addr=0x09100800"], "qemu",
           r"qemu-cxx-run: -x-map u2,addr=0x09100800: 0x9100800\.\.0x91017ff "
           r"overlaps 'pl011' of /machine/peripheral/u1, mapped at 0x9100000")
    refuse(tmp, "MMIO region beyond the device's",
           GOOD + ["-x-map", "u1,addr=0x09200000,region=1"], "qemu",
           r"qemu-cxx-run: -x-map u1,addr=0x09200000,region=1: device 'u1' "
           r"has no MMIO region 1 \(it has 1\)")
    refuse(tmp, "IRQ line beyond the GIC's SPIs",
           GOOD[:6] + ["-x-irq", "u1,line=256"], "qemu",
           r"qemu-cxx-run: -x-irq u1,line=256: line 256 is beyond the GIC "
           r"SPI lines 0\.\.255 of arm_gic")
    refuse(tmp, "IRQ output beyond the device's",
           GOOD[:6] + ["-x-irq", "u1,line=12,irq=6"], "qemu",
           r"qemu-cxx-run: -x-irq u1,line=12,irq=6: device 'u1' has no IRQ "
           r"output 6 \(it has 6\)")
    refuse(tmp, "IRQ output wired twice",
           GOOD + ["-x-irq", "u1,line=12"], "wrapper",
           r"qemu-cxx-run: -x-irq u1,line=12: IRQ output 0 of 'u1' is "
           r"already wired by -x-irq u1,line=10")
    refuse(tmp, "unknown chardev", GOOD[:2] +
           ["-device", "pl011-c,id=u1,chardev=nosuch"] + GOOD[4:], "qemu",
           r"qemu-cxx-run: -device pl011-c,id=u1,chardev=nosuch: Property "
           r"'pl011-c\.chardev' can't find value 'nosuch'")
    refuse(tmp, "unknown property", GOOD[:2] +
           ["-device", "pl011-c,id=u1,baud=9600"] + GOOD[4:], "qemu",
           r"qemu-cxx-run: -device pl011-c,id=u1,baud=9600: Property "
           r"'pl011-c\.baud' not found")
    refuse(tmp, "IRQ line beyond the GICv3's SPIs",
           GOOD[:6] + ["-x-irq", "u1,line=256"], "qemu",
           r"qemu-cxx-run: -x-irq u1,line=256: line 256 is beyond the GICv3 "
           r"SPI lines 0\.\.255 of arm-gicv3",
           machine=["-x-qemu", QEMU, "-M", "virt,gic-version=3", "-S",
                    "-display", "none", "-nodefaults"])
    # ARMv7-M: the NVIC's external interrupts, 64 on lm3s6965evb.
    lm3s = ["-x-qemu", QEMU, "-M", "lm3s6965evb", "-S", "-display", "none",
            "-nodefaults", "-no-user-config"]
    refuse(tmp, "IRQ line beyond the NVIC's", GOOD[:4] +
           ["-x-map", "u1,addr=0x40010000", "-x-irq", "u1,line=64"], "qemu",
           r"qemu-cxx-run: -x-irq u1,line=64: line 64 is beyond the external "
           r"interrupt lines 0\.\.63 of armv7m", machine=lm3s)
    refuse(tmp, "no interrupt controller", GOOD, "qemu",
           r"qemu-cxx-run: -x-irq u1,line=10: the machine has no interrupt "
           r"controller the loader knows \(a GICv2, a GICv3 or an ARMv7-M "
           r"NVIC\)", machine=["-x-qemu", QEMU, "-M", "none", "-S",
                               "-display", "none", "-nodefaults"])
    true = shutil.which("true")
    refuse(tmp, "not a QEMU", GOOD, "qemu",
           r"qemu-cxx-run: '%s' is not a QEMU system emulator \(it has no "
           r"qemu_add_machine_init_done_notifier\)"
           % q(os.path.realpath(true)), machine=["-x-qemu", true])


def dry_run(args, env=None, run=RUN):
    p = subprocess.run([run, "-x-dry-run"] + args, capture_output=True,
                       text=True, env=env, timeout=TIMEOUT)
    if p.returncode != 0:
        return None, p.stderr
    words = shlex.split(p.stdout)
    envs = {}
    while words and re.match(r"[A-Z_]+=", words[0]):
        k, v = words.pop(0).split("=", 1)
        envs[k] = v
    return (envs, words), p.stderr


def dry_runs(tmp):
    here = os.path.dirname(os.path.realpath(RUN))
    rel = os.path.relpath(PL011_C)
    env = dict(os.environ, LD_PRELOAD="")
    env.pop("QEMU_CXX_QEMU", None)
    res, err = dry_run(["-M", "virt", "-device", "virtio-rng-device",
                        "-x-module", rel, "-name", "a b,c",
                        "-device", "pl011-c,id=u1,chardev=c1",
                        "--device", "pl011-c,help", "-x-map",
                        "u1,addr=64k", "-S"], env=env)
    ok = res is not None
    if ok:
        envs, words = res
        plan = shlex.split(envs.get("QEMU_CXX_LOADER_PLAN", ""))
        ok = (words == ["qemu-system-arm", "-M", "virt", "-device",
                        "virtio-rng-device", "-name", "a b,c", "--device",
                        "pl011-c,help", "-S"] and
              envs.get("LD_PRELOAD") ==
              os.path.join(here, "libqemu-cxx-loader.so") and
              plan == ["-x-module", os.path.realpath(PL011_C), "-device",
                       "pl011-c,id=u1,chardev=c1", "-x-map", "u1,addr=64k"])
    check(ok, "dry run: QEMU gets every other option unchanged, the loader "
          "the plan", f"{res} {err}")

    env = dict(os.environ, QEMU_CXX_QEMU="/opt/q/qemu-a", LD_PRELOAD="x.so")
    res, err = dry_run(["-x-module", PL011_C, "-M", "virt"], env=env)
    ok = (res is not None and res[1][0] == "/opt/q/qemu-a" and
          res[0]["LD_PRELOAD"].endswith("/libqemu-cxx-loader.so:x.so"))
    res2, err2 = dry_run(["-x-qemu", "/opt/q/qemu-b", "-M", "virt"], env=env)
    ok = ok and res2 is not None and res2[1][0] == "/opt/q/qemu-b" and \
        not res2[0]
    check(ok, "dry run: $QEMU_CXX_QEMU, -x-qemu; LD_PRELOAD kept; no module, "
          "no preload", f"{res} {err} {res2} {err2}")

    # Installed: PREFIX/bin/qemu-cxx-run finds PREFIX/LIBDIR/the loader.
    prefix = os.path.join(tmp, "prefix")
    os.makedirs(os.path.join(prefix, "bin"))
    os.makedirs(os.path.join(prefix, LIBDIR))
    run = os.path.join(prefix, "bin", "qemu-cxx-run")
    shutil.copy(RUN, run)
    shutil.copy(LOADER, os.path.join(prefix, LIBDIR))
    env = dict(os.environ, LD_PRELOAD="")
    # The copy lost its build-tree rpath to libqemu-shim.so.
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        [os.environ["SHIM_LIBDIR"]] +
        [p for p in [os.environ.get("LD_LIBRARY_PATH")] if p])
    res, err = dry_run(["-x-module", PL011_C], env=env, run=run)
    ok = res is not None and res[0].get("LD_PRELOAD") == os.path.join(
        prefix, LIBDIR, "libqemu-cxx-loader.so")
    os.remove(os.path.join(prefix, LIBDIR, "libqemu-cxx-loader.so"))
    p = subprocess.run([run, "-x-module", PL011_C], capture_output=True,
                       text=True, env=env, timeout=TIMEOUT)
    ok = ok and p.returncode == 1 and re.fullmatch(
        r"qemu-cxx-run: cannot find libqemu-cxx-loader\.so next to .+\n",
        p.stderr) is not None
    check(ok, "installed: the loader is found in libdir, or a clear error",
          f"{res} {err} {p.stderr!r}")

    p = subprocess.run([RUN, "-help"], capture_output=True, text=True,
                       timeout=TIMEOUT)
    ok = p.returncode == 0 and all(
        o in p.stdout for o in ["-x-module PATH", "-x-map ID,addr=ADDR",
                                "-x-irq ID,line=M", "-x-qemu PATH",
                                "'qemu-system-arm -help'"])
    check(ok, "-help lists the loader's options and points at QEMU's",
          p.stdout + p.stderr)


def main():
    verbose()   # a line for every check, passed ones too
    with tempfile.TemporaryDirectory(prefix="loader-cmdline-") as tmp:
        write_kernel(os.path.join(tmp, "kernel.bin"))
        dry_runs(tmp)
        if PLAIN:
            control(tmp)
            guest_output(tmp)
        refusals(tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
