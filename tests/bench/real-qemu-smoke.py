#!/usr/bin/env python3
"""The meson test bench-real-qemu: runs the two benchmarks inside the real
qemu-system-arm (guest-bench.py, qemu-mmio-bench.py) once on a tiny size
and checks that each wrote sane, non-zero figures that bench.py --merge
takes. Figures against their targets are never asserted.

Environment (meson sets it): QEMU, QEMU_CXX_RUN, PL011_C_MODULE,
PL011_CXX_MODULE, GUEST_CACHE, WORK (a folder of the build dir).
Prints one line per check, then 'SUBTESTS: N passed, M failed'.
"""
import importlib.util
import json
import os
import subprocess
import sys
import types

from testsuite import check, summary, verbose

HERE = os.path.dirname(os.path.abspath(__file__))


def run(script, args, out):
    if os.path.exists(out):
        os.unlink(out)
    r = subprocess.run([sys.executable, os.path.join(HERE, script)] + args
                       + ["--out", out], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=600)
    print(r.stdout, end="", flush=True)
    check(r.returncode == 0, "%s exits 0 (%d)" % (script, r.returncode))
    try:
        with open(out) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        check(False, "%s wrote its JSON: %s" % (script, e))
        return None
    check(doc.get("errors") == [], "%s: no errors %r"
          % (script, doc.get("errors")))
    return doc


def positive(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0


def targets_ok(doc, count):
    t = doc.get("targets", [])
    return len(t) == count and all(
        x["status"] in ("pass", "miss") and positive(x["value"]) for x in t)


def main():
    verbose()   # a line for every check, passed ones too
    env = os.environ
    work = env["WORK"]
    os.makedirs(work, exist_ok=True)
    mmio_out = os.path.join(work, "qemu-mmio-bench.json")
    guest_out = os.path.join(work, "guest-bench.json")

    mmio = run("qemu-mmio-bench.py", [
        "--qemu", env["QEMU"], "--qemu-cxx-run", env["QEMU_CXX_RUN"],
        "--module", "cxx=%s:pl011-cxx" % env["PL011_CXX_MODULE"],
        "--module", "c=%s:pl011-c" % env["PL011_C_MODULE"],
        "--n", "20", "--work", os.path.join(work, "qemu-mmio")], mmio_out)
    if mmio:
        fig = mmio["figures"]
        for u in ("builtin", "cxx", "c"):
            v = fig.get(u, {})
            check(all(positive(v.get(k)) for k in
                      ("read_ir", "write_ir", "per_access_ir")),
                  "qemu-mmio: %s Ir per read, write and access > 0: %r"
                  % (u, v))
        # The edge found for the built-in is QEMU's pl011_read/write.
        check(fig.get("builtin_is_pl011") == {"read": True, "write": True},
              "qemu-mmio: the built-in's callbacks are pl011_read/write "
              "(their trace events): %r" % fig.get("builtin_is_pl011"))
        check(positive(fig.get("cxx_over_builtin")) and
              targets_ok(mmio, 1),
              "qemu-mmio: C++/built-in ratio and its target reported: %r"
              % mmio.get("targets"))

    guest = run("guest-bench.py", [
        "--qemu", env["QEMU"], "--qemu-cxx-run", env["QEMU_CXX_RUN"],
        "--cxx-module", env["PL011_CXX_MODULE"],
        "--cache", env["GUEST_CACHE"], "--kib", "2", "--runs", "1"],
        guest_out)
    if guest:
        fig = guest["figures"]
        med = fig.get("median_bytes_per_s", {})
        for u in ("builtin", "cxx"):
            check(all(positive(med.get(u, {}).get(d))
                      for d in ("h2g", "g2h")),
                  "guest: %s bytes/s both ways > 0: %r" % (u, med.get(u)))
            b = fig.get("boot", {}).get(u, {})
            check(positive(b.get("wall_s")) and
                  positive(b.get("init_guest_s")),
                  "guest: %s boot times > 0: %r" % (u, b))
        check(fig.get("guest_clock", "").endswith("/proc/timer_list"),
              "guest: timed by the kernel's ns clock: %r"
              % fig.get("guest_clock"))
        check(targets_ok(guest, 2),
              "guest: C++/built-in ratios and targets reported: %r"
              % guest.get("targets"))

    # bench.py --merge takes both documents as they are.
    spec = importlib.util.spec_from_file_location(
        "bench", os.path.join(HERE, "bench.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    problems = []
    fake = types.SimpleNamespace(
        args=types.SimpleNamespace(merge=[mmio_out, guest_out]),
        check=lambda what, ok, msg="": problems.append((what, msg)))
    merged = bench.Bench.merged(fake)
    check(sorted(m["key"] for m in merged) ==
          ["guest_throughput", "qemu_mmio_ir"] and not problems,
          "bench.py --merge reads both: %r" % problems)

    return summary()


if __name__ == "__main__":
    sys.exit(main())
