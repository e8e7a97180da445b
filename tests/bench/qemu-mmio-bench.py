#!/usr/bin/env python3
"""Instructions per MMIO access inside the real qemu-system-arm (issue 13):
QEMU's built-in PL011 against our PL011 modules, one callgrind run.

    qemu-mmio-bench.py --qemu QEMU --qemu-cxx-run RUN
        --module KEY=PATH:TYPE ... [--n N] --work DIR --out JSON

One qemu-system-arm -M virt (-accel qtest) holds the board's PL011 at
0x09000000 and each --module's device (through qemu-cxx-run's loader);
a qtest client sends each UART the same sequence, N times: a FR read, a
DR write, an IMSC write (alternately TX masked and unmasked, so the IRQ
line moves). Callgrind counts the whole run.

The method: the Debian binary has no symbol for its static pl011_read and
pl011_write (no .symtab; the debug-symbol archive is out of reach here),
but callgrind names each function it sees by its address and records
every call edge with its count and inclusive cost. QEMU's memory core
calls a region's ops->read/ops->write from one accessor function each.
The accessor is found as the qemu-system-arm function that calls the
module's read (write) callback, the one module function called exactly N
(2N) times from the binary; the built-in's callback is that accessor's
callee inside qemu-system-arm called exactly N (2N) times, and must be
the only one. Per access: the edge's inclusive instructions divided by
its calls, i.e. the callback and everything it calls (FIFO, chardev,
IRQ to the GIC), which is what the device costs QEMU per access. The
qtest parsing and the dispatch are the same for every UART and left out.

Prints the table, writes JSON {key, figures, table, targets, errors}
for bench.py --merge; exits 1 when a figure is missing.
"""
import argparse
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

import bench_report

BUILTIN_BASE = 0x09000000
# Our devices: above the board's UART, free on virt 7.2 (tests/loader).
MODULE_BASE = 0x09100000
MODULE_STRIDE = 0x10000
MODULE_SPI = 10             # the board's UART has SPI 1
FR, DR, IMSC = 0x18, 0x00, 0x38
TX_INT = 0x20
TARGET = "C++/built-in instructions per MMIO access <= 1.00 (real QEMU)"
# The launcher /usr/bin/valgrind is dynamically linked and would run the
# preloaded loader (whose constructor wants QEMU): the tool is started
# directly, as the launcher itself does, so that only QEMU preloads it.
VALGRIND_LIB = "/usr/libexec/valgrind"


def sequence(base, n):
    """The qtest lines for one UART: (command, kind) n times over."""
    out = []
    for i in range(n):
        out.append(("readl 0x%x" % (base + FR), "read"))
        out.append(("writel 0x%x 0x%x" % (base + DR, 0x41 + i % 26), "write"))
        out.append(("writel 0x%x 0x%x" % (base + IMSC, TX_INT * (i & 1)),
                    "write"))
    return out


def qemu_command(args, uarts, qtest_path):
    """The qemu-system-arm argv and environment qemu-cxx-run would use."""
    cmd = [args.qemu_cxx_run, "-x-dry-run", "-x-qemu", args.qemu]
    for u in uarts[1:]:
        cmd += ["-x-module", u["module"]]
    cmd += ["-M", "virt,gic-version=2", "-m", "16M", "-accel", "tcg", "-S",
            "-display", "none", "-nodefaults", "-no-user-config",
            "-serial", "null", "-qtest", "unix:" + qtest_path,
            "-qtest-log", "/dev/null"]
    for u in uarts[1:]:
        cmd += ["-chardev", "null,id=c%s" % u["key"],
                "-device", "%s,id=u%s,chardev=c%s" % (u["type"], u["key"],
                                                      u["key"]),
                "-x-map", "u%s,addr=0x%x" % (u["key"], u["base"]),
                "-x-irq", "u%s,line=%d" % (u["key"], u["spi"])]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("qemu-cxx-run -x-dry-run: " + r.stderr.strip())
    words = shlex.split(r.stdout)
    env = dict(os.environ)
    while words and re.match(r"[A-Z_]+=", words[0]):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    return words, env


def drive(conn, lines, batch=200):
    """Sends the qtest lines in batches; every reply must be OK."""
    f = conn.makefile("rb")
    for i in range(0, len(lines), batch):
        chunk = lines[i:i + batch]
        conn.sendall("".join(c + "\n" for c, _ in chunk).encode())
        for c, _ in chunk:
            reply = f.readline()
            if not reply.startswith(b"OK"):
                raise RuntimeError("qtest %r answered %r" % (c, reply))


def run_callgrind(args, uarts, work):
    """Runs QEMU under callgrind, drives every UART; returns the profile."""
    sock_path = os.path.join(work, "qtest.sock")
    out = os.path.join(work, "callgrind.qemu-mmio.out")
    for p in (sock_path, out):
        if os.path.exists(p):
            os.unlink(p)
    argv, env = qemu_command(args, uarts, sock_path)
    tool = os.path.join(VALGRIND_LIB, "callgrind-amd64-linux")
    # Valgrind runs a traced child through the launcher it names.
    launcher = shutil.which("valgrind.bin") or shutil.which("valgrind")
    env.update(VALGRIND_LIB=VALGRIND_LIB, VALGRIND_LAUNCHER=launcher or tool)
    vg = [tool, "--tool=callgrind", "--callgrind-out-file=" + out,
          "--compress-strings=no", "--compress-pos=no", "--dump-line=no"]
    lsock = socket.socket(socket.AF_UNIX)
    lsock.bind(sock_path)
    lsock.listen(1)
    log = open(os.path.join(work, "qemu-mmio.log"), "wb")
    proc = subprocess.Popen(vg + argv, env=env, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=log)
    try:
        lsock.settimeout(1)
        deadline = time.monotonic() + args.timeout
        while True:
            try:
                conn, _ = lsock.accept()
                break
            except socket.timeout:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("QEMU never connected to qtest "
                                       "(status %s; log %s)"
                                       % (proc.poll(), log.name))
        conn.settimeout(args.timeout)
        for u in uarts:
            drive(conn, sequence(u["base"], args.n))
        conn.close()
        # As libqtest ends QEMU: SIGTERM, a clean exit (callgrind then
        # writes the profile).
        proc.terminate()
        proc.wait(timeout=args.timeout)
    finally:
        lsock.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
    if not os.path.exists(out):
        raise RuntimeError("callgrind wrote no profile (log %s)" % log.name)
    return out


def call_edges(path):
    """(caller object, caller fn, callee object, callee fn) -> [calls,
    inclusive Ir], from a profile written with --compress-strings=no
    --compress-pos=no --dump-line=no."""
    edges = {}
    ob = fn = cob = cfn = None
    pending = None          # calls count: the next line is its cost
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if pending is not None:
                key = (ob, fn, cob or ob, cfn)
                e = edges.setdefault(key, [0, 0])
                e[0] += pending
                e[1] += int(line.split()[1])
                pending = None
                cob = cfn = None
            elif line.startswith("ob="):
                ob = line[3:]
            elif line.startswith("fn="):
                fn = line[3:]
                cob = cfn = None
            elif line.startswith("cob="):
                cob = line[4:]
            elif line.startswith("cfn="):
                cfn = line[4:]
            elif line.startswith("calls="):
                pending = int(line[6:].split()[0])
    return edges


def callback_costs(edges, qemu, uarts, n):
    """{uart key: {"read": Ir per call, "write": Ir per call}} (see the
    module's docstring for how the callbacks are found)."""
    real = os.path.realpath
    costs = {u["key"]: {} for u in uarts}
    notes = []
    builtins = {}
    for op, calls in (("read", n), ("write", 2 * n)):
        accessors = set()
        for u in uarts[1:]:
            hits = [(k, v) for k, v in edges.items()
                    if real(k[0]) == real(qemu) and real(k[2]) ==
                    real(u["module"]) and v[0] == calls]
            # Keep the callback, not what it calls: the callee whose
            # caller is in QEMU; exactly one per op.
            if len(hits) != 1:
                raise RuntimeError("%s: %d module functions called %d times "
                                   "from QEMU, want 1: %s" % (
                                       u["key"], len(hits), calls,
                                       [k[3] for k, _ in hits]))
            (k, v), = hits
            accessors.add(k[1])
            costs[u["key"]][op] = v[1] / v[0]
            notes.append("%s %s: %s from %s" % (u["key"], op, k[3], k[1]))
        if len(accessors) != 1:
            raise RuntimeError("the modules' %s callbacks have different "
                               "callers: %s" % (op, accessors))
        acc, = accessors
        hits = [(k, v) for k, v in edges.items()
                if k[1] == acc and real(k[0]) == real(qemu) and
                real(k[2]) == real(qemu) and v[0] == calls]
        if len(hits) != 1:
            raise RuntimeError("the %s accessor %s calls %d functions of "
                               "QEMU %d times, want 1 (the built-in's): %s" % (
                                   op, acc, len(hits), calls,
                                   [k[3] for k, _ in hits]))
        (k, v), = hits
        costs["builtin"][op] = v[1] / v[0]
        notes.append("builtin %s: %s from %s" % (op, k[3], acc))
        builtins[op] = k[3]
    return costs, notes, builtins


def is_pl011(qemu, addr, op):
    """Cross-check of the identification: QEMU's pl011_read (write) tests
    its trace event's state, _TRACE_PL011_READ_DSTATE (WRITE), a dynamic
    symbol objdump names, within its first KiB of code."""
    try:
        a = int(addr, 16)
        r = subprocess.run(["objdump", "-d", "--start-address=%d" % a,
                            "--stop-address=%d" % (a + 1024), qemu],
                           capture_output=True, text=True)
    except (ValueError, OSError):
        return False
    return "<_TRACE_PL011_%s_DSTATE" % op.upper() in r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--qemu-cxx-run", required=True)
    ap.add_argument("--module", action="append", required=True,
                    help="KEY=PATH:TYPE, e.g. cxx=hw-char-pl011.so:pl011-cxx")
    ap.add_argument("--n", type=int, default=2000,
                    help="sequences (FR read, DR write, IMSC write) per UART")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    qemu = shutil.which(args.qemu) or args.qemu

    uarts = [dict(key="builtin", label="built-in (QEMU's pl011)",
                  base=BUILTIN_BASE)]
    for i, m in enumerate(args.module):
        key, rest = m.split("=", 1)
        path, typ = rest.rsplit(":", 1)
        uarts.append(dict(key=key, label="%s (%s)" % (typ, key),
                          module=os.path.abspath(path), type=typ,
                          base=MODULE_BASE + i * MODULE_STRIDE,
                          spi=MODULE_SPI + i))

    doc = bench_report.new("qemu_mmio_ir")
    os.makedirs(args.work, exist_ok=True)
    t0 = time.monotonic()
    try:
        if not os.path.exists(os.path.join(VALGRIND_LIB,
                                           "callgrind-amd64-linux")):
            raise RuntimeError("callgrind not found in %s: scripts/setup.sh "
                               "installs valgrind" % VALGRIND_LIB)
        profile = run_callgrind(args, uarts, args.work)
        costs, notes, builtins = callback_costs(call_edges(profile), qemu,
                                                uarts, args.n)
        doc["figures"]["builtin_is_pl011"] = {
            op: is_pl011(qemu, addr, op) for op, addr in builtins.items()}
    except (RuntimeError, OSError, subprocess.SubprocessError,
            ValueError) as e:
        doc["errors"].append("qemu-mmio: %s" % e)
        costs, notes, profile = None, [], None

    fig = doc["figures"]
    fig.update(method="callgrind call edges: QEMU's accessor -> each "
               "UART's read/write callback, inclusive Ir per call",
               sequences=args.n, wall_s=round(time.monotonic() - t0, 1),
               profile=profile, found=notes)
    lines = doc["table"]
    lines.append("Inside qemu-system-arm (qtest, callgrind): instructions "
                 "per MMIO access in the")
    lines.append("device's callbacks, %d x (FR read, DR write, IMSC write) "
                 "per UART, one run" % args.n)
    if costs:
        b = costs["builtin"]
        per = {}
        rows = []
        for u in uarts:
            c = costs[u["key"]]
            per[u["key"]] = (c["read"] + 2 * c["write"]) / 3
            fig[u["key"]] = dict(read_ir=round(c["read"], 2),
                                 write_ir=round(c["write"], 2),
                                 per_access_ir=round(per[u["key"]], 2))
            rows.append((u["label"], "%.1f" % c["read"],
                         "%.1f" % c["write"], "%.1f" % per[u["key"]],
                         "%.3f" % (per[u["key"]] / per["builtin"])))
        hdr = ("UART", "Ir/read", "Ir/write", "Ir/access", "/built-in")
        lines += bench_report.table(hdr, rows)
        if "cxx" in costs:
            ratio = per["cxx"] / per["builtin"]
            fig["cxx_over_builtin"] = round(ratio, 4)
            fig["cxx_over_builtin_read"] = round(
                costs["cxx"]["read"] / b["read"], 4)
            fig["cxx_over_builtin_write"] = round(
                costs["cxx"]["write"] / b["write"], 4)
            doc["targets"].append(dict(
                target=TARGET, value=ratio,
                status="pass" if ratio <= 1.00 else "miss"))
    else:
        lines.append("  (no figures: %s)" % "; ".join(doc["errors"]))
        doc["targets"].append(dict(target=TARGET, value=None, status="n/a"))
    return bench_report.finish(doc, args.out)


if __name__ == "__main__":
    sys.exit(main())
