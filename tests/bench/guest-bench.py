#!/usr/bin/env python3
"""Guest-visible serial throughput inside the real qemu-system-arm (issue
13): Linux's amba-pl011 driver on QEMU's built-in PL011 against our C++
PL011 module (qemu-cxx-run), the same guest and kernel.

    guest-bench.py --qemu QEMU --qemu-cxx-run RUN --cxx-module SO
        --cache DIR [--kib N] [--runs R] --out JSON

Uses tests/guest's kit and its Guest class (guest-test.py): both guests
boot at once, each with its console and a shell on the UART under test,
its host side a unix socket. Then, R rounds, the two UARTs in turn (the
order swapped every round, so neither always goes first): N KiB of random
bytes host->guest (the guest's `head -c` in raw mode) and the same bytes
guest->host (`cat`), timed by the guest itself around its read and its
write (the kernel's clock in ns, /proc/timer_list). The bytes are
checked (count, then equality on the host), never only timed. Figures:
the median bytes/s per UART and direction, its spread ((max-min)/median)
and the C++/built-in ratio of the medians against the target (>= 0.98),
reported, not asserted.

Writes JSON {key, figures, table, targets, errors} for bench.py --merge;
exits 1 when a figure is missing.
"""
import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import bench_report

HERE = os.path.dirname(os.path.abspath(__file__))
GUEST_DIR = os.path.join(HERE, "..", "guest")
UARTS = [("builtin", "built-in (QEMU's pl011)"), ("cxx", "pl011-cxx")]
DIRS = [("h2g", "host->guest"), ("g2h", "guest->host")]
TARGET = "C++/built-in guest throughput %s >= 0.98 (median)"


def load_guest_test():
    spec = importlib.util.spec_from_file_location(
        "guest_test", os.path.join(GUEST_DIR, "guest-test.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def clock_command(g):
    """The guest's clock in ns: the kernel's monotonic clock from
    /proc/timer_list ("now at N nsecs"; busybox's date has no %N), else
    /proc/uptime (10 ms steps)."""
    ns = "awk '/^now at/ {print $3; exit}' /proc/timer_list"
    out = g.cmd(ns).strip()
    if out.isdigit():
        return ns, 1e-9
    return "cut -d' ' -f1 /proc/uptime | tr -d .", 1e-2


def transfer(gt, g, clock, data, timeout):
    """One round on guest @g: returns (h2g seconds, g2h seconds), both
    timed by the guest, after checking every byte arrived."""
    n = g.cmd_no = g.cmd_no + 1
    g.sock.sendall(("s=$(stty -g); stty raw -echo; echo READY%d; a=$(%s); "
                    "head -c %d > /tmp/in; b=$(%s); stty $s; "
                    "echo \"<<R%d $a $b $(wc -c < /tmp/in)\"; "
                    "echo \"<<E%d\"\">>\"\n"
                    % (n, clock, len(data), clock, n, n)).encode())
    m = g.expect(rb"READY%d\r?\n" % n, gt.CMD_TIMEOUT, b"\n")
    g.take(m.end())
    sender = threading.Thread(target=g.sock.sendall, args=(data,))
    sender.start()
    m = g.expect(rb"<<R%d (\d+) (\d+) (\d+)\r?\n<<E%d>>" % (n, n), timeout,
                 b">>")
    sender.join()
    g.take(m.end())
    if int(m.group(3)) != len(data):
        raise gt.Failure("%s: the guest read %s bytes of %d"
                         % (g.name, m.group(3).decode(), len(data)))
    h2g = int(m.group(2)) - int(m.group(1))

    n = g.cmd_no = g.cmd_no + 1
    g.sock.sendall(("s=$(stty -g); stty raw -echo; echo READY%d; a=$(%s); "
                    "cat /tmp/in; b=$(%s); stty $s; echo \"<<R%d $a $b\"; "
                    "echo \"<<E%d\"\">>\"\n"
                    % (n, clock, clock, n, n)).encode())
    m = g.expect(rb"READY%d\n" % n, gt.CMD_TIMEOUT, b"\n")     # raw: no \r
    g.take(m.end())
    deadline = time.monotonic() + timeout
    while len(g.buf) < len(data) and g.fill(deadline):
        pass
    if g.take(len(data)) != data:
        raise gt.Failure("%s: guest->host bytes differ from those sent"
                         % g.name)
    m = g.expect(rb"<<R%d (\d+) (\d+)\r?\n<<E%d>>" % (n, n), timeout, b">>")
    g.take(m.end())
    return h2g, int(m.group(2)) - int(m.group(1))


def measure(args, gt, kit, tmp, doc):
    fig = doc["figures"]
    guests = {}
    try:
        # Both QEMUs start now and boot side by side.
        for u, _ in UARTS:
            guests[u] = gt.Guest(u, kit, tmp)
        for u, _ in UARTS:
            obs = {"times": {}}
            gt.sc_console(guests[u], obs)
            fig.setdefault("boot", {})[u] = dict(
                wall_s=obs["times"]["boot_wall_s"],
                init_guest_s=obs["times"]["init_guest_s"])
        clocks = {u: clock_command(guests[u]) for u, _ in UARTS}
        fig["guest_clock"] = clocks["cxx"][0]
        rates = {u: {d: [] for d, _ in DIRS} for u, _ in UARTS}
        size = args.kib * 1024
        # A guest reads at a few KB/s host->guest (README of tests/guest).
        timeout = 60 + size / 1000
        for r in range(args.runs):
            data = random.Random(1300 + r).randbytes(size)
            order = UARTS if r % 2 == 0 else UARTS[::-1]
            for u, _ in order:
                cmd, unit = clocks[u]
                t = transfer(gt, guests[u], cmd, data, timeout)
                for (d, _), ticks in zip(DIRS, t):
                    if ticks <= 0:
                        raise gt.Failure("%s: %s took no measurable time "
                                         "(%d ticks)" % (u, d, ticks))
                    rates[u][d].append(size / (ticks * unit))
        fig["rates_bytes_per_s"] = {
            u: {d: [round(x) for x in v] for d, v in dd.items()}
            for u, dd in rates.items()}
        return rates
    finally:
        for g in guests.values():
            g.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--qemu-cxx-run", required=True)
    ap.add_argument("--cxx-module", required=True)
    ap.add_argument("--cache", required=True,
                    help="the guest kit's folder (guest-kit.py)")
    ap.add_argument("--kib", type=int, default=32)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    # guest-test.py's Guest reads these.
    os.environ.update(QEMU=args.qemu, QEMU_CXX_RUN=args.qemu_cxx_run,
                      PL011_CXX_MODULE=os.path.abspath(args.cxx_module))
    gt = load_guest_test()

    doc = bench_report.new("guest_throughput", kib=args.kib, runs=args.runs)
    fig = doc["figures"]
    t0 = time.monotonic()
    rates = None
    kit = subprocess.run([sys.executable,
                          os.path.join(GUEST_DIR, "guest-kit.py"),
                          args.cache, args.qemu],
                         stdout=subprocess.PIPE, text=True)
    if kit.returncode != 0:
        doc["errors"].append("guest-bench: guest-kit.py exited %d"
                             % kit.returncode)
    else:
        with tempfile.TemporaryDirectory(prefix="guest-bench-") as tmp:
            try:
                rates = measure(args, gt, kit.stdout.split(), tmp, doc)
            except (gt.Failure, OSError, ValueError, KeyError) as e:
                doc["errors"].append("guest-bench: %s: %s"
                                     % (type(e).__name__, e))
    fig["wall_s"] = round(time.monotonic() - t0, 1)

    lines = doc["table"]
    lines.append("Guest-measured serial throughput inside "
                 "qemu-system-arm (Linux amba-pl011, raw tty),")
    lines.append("%d KiB each way, %d rounds, UARTs alternated; median "
                 "B/s and spread (max-min)/median" % (args.kib, args.runs))
    boot = fig.get("boot", {})
    if rates:
        med = {u: {d: statistics.median(v) for d, v in dd.items()}
               for u, dd in rates.items()}
        spread = {u: {d: (max(v) - min(v)) / statistics.median(v)
                      for d, v in dd.items()} for u, dd in rates.items()}
        fig["median_bytes_per_s"] = {u: {d: round(x) for d, x in dd.items()}
                                     for u, dd in med.items()}
        fig["spread"] = {u: {d: round(x, 3) for d, x in dd.items()}
                         for u, dd in spread.items()}
        fig["cxx_over_builtin"] = {d: round(med["cxx"][d] /
                                            med["builtin"][d], 4)
                                   for d, _ in DIRS}
        hdr = ("UART", "h2g B/s", "spread", "g2h B/s", "spread",
               "boot wall s", "/init guest s")
        rows = [(label, "%.0f" % med[u]["h2g"], "%.2f" % spread[u]["h2g"],
                 "%.0f" % med[u]["g2h"], "%.2f" % spread[u]["g2h"],
                 str(boot.get(u, {}).get("wall_s")),
                 str(boot.get(u, {}).get("init_guest_s")))
                for u, label in UARTS]
        rows.append(("C++/built-in",
                     "%.3f" % fig["cxx_over_builtin"]["h2g"], "",
                     "%.3f" % fig["cxx_over_builtin"]["g2h"], "", "", ""))
        lines += bench_report.table(hdr, rows)
        for d, label in DIRS:
            v = fig["cxx_over_builtin"][d]
            doc["targets"].append(dict(target=TARGET % label, value=v,
                                       status="pass" if v >= 0.98
                                       else "miss"))
    else:
        lines.append("  (no figures: %s)" % "; ".join(doc["errors"]))
        for d, label in DIRS:
            doc["targets"].append(dict(target=TARGET % label, value=None,
                                       status="n/a"))
    return bench_report.finish(doc, args.out)


if __name__ == "__main__":
    sys.exit(main())
