#!/usr/bin/env python3
"""The benchmark driver of issue 9 (scripts/bench.sh runs it).

Measures the C reference PL011 against the C++ PL011 (whenever its module
is built: until then its column says "not built") and qemu-harness against
the real qemu-system-arm, prints a table and writes the same figures as
JSON. Targets are reported as pass/miss, never asserted.

--smoke runs everything once with tiny counts, checks that every program
ran and that its output parsed, and prints "SUBTESTS: P passed, F failed"
for the test counter (the meson test 'bench-smoke').

--history FILE appends the run (its JSON, with the commit and a machine
id) to FILE, one line per run; --print-history N prints the last N runs of
FILE as a table, each target's figure and pass/miss, so that a regression
shows (scripts/bench.sh --history [N]).
"""
import hashlib
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CASES = ["fr-read", "dr-write", "dr-read", "imsc-write", "mixed"]
# The test device's register classes (issue 18), C twin against C++:
# plain read, plain write, a write that moves an IRQ line, one that arms or
# stops the timer. Measured on PATHS, counted in TARGET_IR.
TESTDEV_CASES = ["td-read", "td-write", "td-irq-write", "td-timer-write"]
PATHS = ["dispatch", "direct"]
# The Ir rows are also measured on this variant of both PL011s (issue 18).
VARIANT = "luminary"
PL011_BASE = 0x09000000

FULL = dict(ir_n=16000, ns_n=16000, ns_batches=15, rx_bytes=65536,
            rx_batches=9, mig_n=2000, mig_batches=9, starts=15, readl=20000,
            readl_batches=7, compiles=5)
SMOKE = dict(ir_n=32, ns_n=32, ns_batches=1, rx_bytes=64, rx_batches=1,
             mig_n=2, mig_batches=1, starts=1, readl=20, readl_batches=1,
             compiles=1)

# The targets of issue 9: (name, description, limit, comparison).
TARGET_IR = "C++/C instructions per access <= 1.00, every case"
TARGET_STARTUP = "harness start-up <= 1/10 of qemu-system-arm"
TARGET_READL = "harness qtest round trips >= 2x qemu-system-arm"
TARGET_TEXT = "C++ module .text <= 1.3x the C module"
TARGET_COMPILE = "compile time of pl011.cc <= 3x pl011_ref.c"  # at -O2
# Issue 18: the harness against the floor, measured in the same run.
TARGET_READL_FLOOR = "harness qtest round trips >= 90% of the floor"
TARGET_STARTUP_FLOOR = "harness start-up <= 1.5x the floor"
QTEST_KINDS = {"startup-ms", "readl-rtps", "startup-cpu-ms", "readl-cpu-us"}


class Bench:
    def __init__(self, args, params):
        self.args = args
        self.p = params
        b = os.path.abspath(args.build_dir)
        self.build = b
        self.pl011_bench = os.path.join(b, "tests/bench/pl011-bench")
        self.qtest_bench = os.path.join(b, "tests/bench/qtest-bench")
        self.qtest_floor = os.path.join(b, "tests/bench/qtest-floor")
        self.harness = os.path.join(b, "qemu-shim/host/qemu-harness")
        self.work = os.path.join(b, "tests/bench/work" +
                                 ("-smoke" if args.smoke else ""))
        os.makedirs(self.work, exist_ok=True)
        self.devs = [
            dict(key="c", label="C", type=args.c_type,
                 variant=args.c_variant_type,
                 module=os.path.join(b, "hw/char/hw-char-pl011-c.so"),
                 source="hw/char/pl011_ref.c"),
            dict(key="cxx", label="C++", type=args.cxx_type,
                 variant=args.cxx_variant_type,
                 module=os.path.join(b, "hw/char/hw-char-pl011.so"),
                 source="hw/char/pl011.cc"),
        ]
        self.testdevs = [
            dict(key="c", label="C", type="x-c-test-device",
                 module=os.path.join(b, "hw/misc/hw-misc-test-device-c.so")),
            dict(key="cxx", label="C++", type="x-cxx-test-device",
                 module=os.path.join(b, "hw/misc/hw-misc-test-device.so")),
        ]
        for d in self.devs + self.testdevs:
            d["built"] = os.path.exists(d["module"])
        self.checks = []    # (what, ok, message)
        self.errors = []

    # -- running and parsing ------------------------------------------------

    def check(self, what, ok, msg=""):
        self.checks.append((what, bool(ok), msg))
        if not ok:
            self.errors.append(f"{what}: {msg}")
            print(f"bench: {what}: {msg}", file=sys.stderr)
        return ok

    def run(self, what, cmd, timeout=600):
        """Runs @cmd; returns its stdout, or None after recording an error."""
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.check(what, False, str(e))
            return None
        if r.returncode != 0:
            self.check(what, False, f"exit {r.returncode}: "
                       + (r.stderr.strip() or r.stdout.strip())[-2000:])
            return None
        return r.stdout

    @staticmethod
    def parse(text):
        """The "result kind=K key=value ..." lines of a bench program."""
        out = []
        for line in text.splitlines():
            if not line.startswith("result "):
                continue
            fields = dict(kv.split("=", 1) for kv in line.split()[1:])
            if "value" in fields:
                fields["value"] = float(fields["value"])
            out.append(fields)
        return out

    def results(self, what, cmd, kinds, count):
        """Runs @cmd and checks it printed @count results of @kinds."""
        text = self.run(what, cmd)
        if text is None:
            return []
        try:
            res = self.parse(text)
        except ValueError as e:
            self.check(what, False, f"unparsable output: {e}")
            return []
        bad = [r for r in res if r.get("kind") not in kinds
               or ("value" in r and not r["value"] > 0)]
        ok = len(res) == count and not bad
        self.check(what, ok, "" if ok else
                   f"expected {count} positive results, got {res}")
        return res if ok else []

    def dev_args(self, devs=None):
        args = []
        for d in devs if devs is not None else self.built():
            args += ["--dev", f"{d['module']}={d['type']}"]
        return args

    def built_testdevs(self):
        return [d for d in self.testdevs if d["built"]]

    def testdev_cases(self):
        """TESTDEV_CASES; the smoke run measures one (a write with a side
        effect), which shows the test device's rows work."""
        return ["td-irq-write"] if self.args.smoke else TESTDEV_CASES

    def built(self):
        return [d for d in self.devs if d["built"]]

    # -- the measurements ---------------------------------------------------

    def instructions(self):
        """Callgrind: Ir per access, collection only around the accesses."""
        valgrind = shutil.which("valgrind")
        use_valgrind = valgrind and not self.args.no_valgrind
        if not use_valgrind and not self.args.smoke:
            self.check("callgrind", False,
                       "valgrind not found: scripts/setup.sh installs it")
            return {}
        out = {}

        def measure(d, typ, case, path):
            how = path.split()[-1]
            name = f"{typ}-{case}-{how}"
            cg = os.path.join(self.work, f"callgrind.{name}.out")
            cmd = [self.pl011_bench, "ir", "--dev", f"{d['module']}={typ}",
                   "--case", case, "--path", how, "--n", str(self.p["ir_n"])]
            if use_valgrind:
                cmd = [valgrind, "--tool=callgrind", "--collect-atstart=no",
                       f"--callgrind-out-file={cg}"] + cmd
            res = self.results(f"ir {name}", cmd, {"ir"}, 1)
            if not res or not use_valgrind:
                return
            ir = self.callgrind_total(cg)
            if self.check(f"callgrind {name}", ir, f"no totals in {cg}"):
                out[(d["key"], case, path)] = dict(
                    ir=ir / int(res[0]["accesses"]), file=cg)

        for d in self.built():
            for case in CASES:
                for path in self.ir_paths():
                    # "luminary direct": the variant's type, its path.
                    measure(d, d["variant"] if " " in path else d["type"],
                            case, path)
        for d in self.built_testdevs():
            for case in self.testdev_cases():
                for path in PATHS:
                    measure(d, d["type"], case, path)
        return out

    def ir_paths(self):
        """
        PATHS, and the same for the second PL011 variant if asked; the
        smoke run leaves the variant out (twice the callgrind runs, and
        the variant runs the very same commands).
        """
        if not self.args.smoke and all(d["variant"] for d in self.devs):
            return PATHS + [f"{VARIANT} {p}" for p in PATHS]
        return PATHS

    @staticmethod
    def callgrind_total(path):
        try:
            with open(path) as f:
                for line in f:
                    m = re.match(r"(?:summary|totals): (\d+)", line)
                    if m:
                        return int(m.group(1))
        except OSError:
            pass
        return 0

    def annotate(self, cg):
        """The top of callgrind_annotate for a run, saved next to it."""
        tool = shutil.which("callgrind_annotate")
        if not tool:
            return None
        r = subprocess.run([tool, "--inclusive=no", cg], capture_output=True,
                           text=True)
        path = cg.replace(".out", ".annotate.txt")
        with open(path, "w") as f:
            f.write(r.stdout)
        return path

    # Issue 16: the rows above have every trace event compiled in and
    # disabled; these have pl011_read and pl011_write enabled, logging to a
    # file (-trace pl011_read -trace pl011_write -D FILE).
    TRACE_CASES = ["fr-read", "dr-write"]

    def trace_instructions(self):
        """Callgrind Ir per access with pl011_read/write enabled."""
        if not shutil.which("valgrind") or self.args.no_valgrind:
            return {}
        out = {}
        # --smoke: one case shows the option works (the run is timed).
        cases = self.TRACE_CASES[:1] if self.args.smoke else self.TRACE_CASES
        for d in self.built():
            for case in cases:
                name = f"{d['type']}-{case}-traced"
                cg = os.path.join(self.work, f"callgrind.{name}.out")
                log = os.path.join(self.work, f"trace.{name}.log")
                if os.path.exists(log):
                    os.remove(log)    # -D appends
                res = self.results(f"ir {name}", [
                    shutil.which("valgrind"), "--tool=callgrind",
                    "--collect-atstart=no", f"--callgrind-out-file={cg}",
                    self.pl011_bench, "ir", "--dev",
                    f"{d['module']}={d['type']}", "--case", case,
                    "--path", "dispatch", "--n", str(self.p["ir_n"]),
                    "--trace", "pl011_read", "--trace", "pl011_write",
                    "--log", log], {"ir"}, 1)
                if not res:
                    continue
                # Proof the events were on: a line per measured access.
                with open(log) as f:
                    lines = sum(1 for _ in f)
                if not self.check(f"trace log {name}",
                                  lines >= int(res[0]["accesses"]),
                                  f"{lines} lines in {log}"):
                    continue
                ir = self.callgrind_total(cg)
                if self.check(f"callgrind {name}", ir, f"no totals in {cg}"):
                    out[(d["key"], case)] = ir / int(res[0]["accesses"])
        return out

    def times(self):
        res = self.results("time", [self.pl011_bench, "time"]
                           + self.dev_args()
                           + ["--n", str(self.p["ns_n"]),
                              "--batches", str(self.p["ns_batches"])],
                           {"ns"}, len(CASES) * len(PATHS) * len(self.built()))
        tds = self.built_testdevs()
        res += self.results("time testdev", [self.pl011_bench, "time",
                                             "--kind", "testdev"]
                            + self.dev_args(tds)
                            + ["--n", str(self.p["ns_n"]),
                               "--batches", str(self.p["ns_batches"])],
                            {"ns"}, len(TESTDEV_CASES) * len(PATHS) * len(tds))
        return {(self.key(r["type"]), r["case"], r["path"]): r["value"]
                for r in res}

    def rx(self):
        res = self.results("rx", [self.pl011_bench, "rx"] + self.dev_args()
                           + ["--bytes", str(self.p["rx_bytes"]),
                              "--batches", str(self.p["rx_batches"])],
                           {"rx"}, len(self.built()))
        return {self.key(r["type"]): r["value"] for r in res}

    def migration(self):
        res = self.results("migrate", [self.pl011_bench, "migrate"]
                           + self.dev_args()
                           + ["--n", str(self.p["mig_n"]),
                              "--batches", str(self.p["mig_batches"])],
                           {"save-us", "load-us"}, 2 * len(self.built()))
        return {(self.key(r["type"]), r["kind"]): r["value"] for r in res}

    def key(self, type_name):
        return next(d["key"] for d in self.devs + self.testdevs
                    if d["type"] == type_name)

    def qtest(self):
        c = self.devs[0]
        targets = {
            "harness": [self.harness, "-x-module", c["module"],
                        "-device", f"{c['type']},id=uart0,chardev=c0",
                        "-x-map", f"uart0,addr={PL011_BASE:#x}"],
            "qemu": ["qemu-system-arm", "-M", "virt,gic-version=2",
                     "-m", "16M", "-accel", "tcg", "-S", "-display", "none",
                     "-nodefaults", "-no-user-config",
                     "-serial", "chardev:c0"],
            # A target that does nothing: what the client and socket cost.
            "floor": [self.qtest_floor],
        }
        if not shutil.which(targets["qemu"][0]):
            self.check("qtest qemu", False, "qemu-system-arm not found: "
                       "scripts/setup.sh installs it")
            del targets["qemu"]
        cmd = [self.qtest_bench, "--starts", str(self.p["starts"]),
               "--readl", str(self.p["readl"]),
               "--batches", str(self.p["readl_batches"])]
        for name, argv in targets.items():
            cmd += ["--target", name + "=" + shlex.join(argv)]
        res = self.results("qtest " + ", ".join(targets), cmd,
                           QTEST_KINDS, len(QTEST_KINDS) * len(targets))
        return {(r["target"], r["kind"]): r["value"] for r in res}

    def sizes(self):
        """The .text section (code only, not tables or unwind data)."""
        out = {}
        for d in self.built():
            text = self.run(f"size {d['type']}", ["size", "-A", d["module"]])
            for line in (text or "").splitlines():
                # System V format: section size addr
                f = line.split()
                if len(f) == 3 and f[0] == ".text":
                    out[d["key"]] = int(f[1])
        return out

    def compile_times(self):
        """
        Median CPU seconds (user + sys of the compiler, which a loaded
        machine moves far less than the wall clock) to compile each PL011:
        with the build's command ("all"), at issue 18's -O2 ("O2"), and a
        file of the source's #include lines only at -O2 ("headers"), what
        the headers cost before the device's own code.
        """
        try:
            with open(os.path.join(self.build, "compile_commands.json")) as f:
                db = json.load(f)
        except (OSError, ValueError) as e:
            self.check("compile_commands.json", False, str(e))
            return {}
        out = {}
        for d in self.built():
            entry = next((e for e in db
                          if e["file"].endswith(d["source"])), None)
            if not self.check(f"compile {d['source']}", entry,
                              "not in compile_commands.json"):
                continue
            argv = shlex.split(entry["command"])
            cmd, skip = [], 0
            # Keep the flags; send the object and dependency files elsewhere.
            for i, a in enumerate(argv):
                if skip:
                    skip -= 1
                elif a in ("-MQ", "-MF", "-o"):
                    skip = 1
                elif a != "-MD":
                    cmd.append(a)
            src = os.path.join(entry["directory"], entry["file"])
            headers = os.path.join(
                self.work, "headers-" + d["key"] + os.path.splitext(src)[1])
            with open(src) as f, open(headers, "w") as h:
                h.writelines(line for line in f
                             if line.startswith("#include"))
            obj = os.path.join(self.work, "compile-" + d["key"] + ".o")
            o2 = [a for a in cmd if not re.fullmatch(r"-O[0-3sgz]?", a)]
            o2.insert(1, "-O2")
            runs = [("all", cmd), ("O2", o2)]
            if not self.args.smoke:    # the same command: smoke saves it
                runs.append(("headers", [headers if a == entry["file"]
                                         else a for a in o2]))
            for what, argv in runs:
                secs = []
                for _ in range(self.p["compiles"]):
                    t0 = _children_cpu()
                    r = subprocess.run(argv + ["-o", obj],
                                       cwd=entry["directory"],
                                       capture_output=True, text=True)
                    secs.append(_children_cpu() - t0)
                    if not self.check(f"compile {d['source']} ({what})",
                                      r.returncode == 0, r.stderr[-2000:]):
                        break
                else:
                    out[(d["key"], what)] = statistics.median(secs)
        return out

    def merged(self):
        """The JSON documents of --merge: {key, figures, table, targets,
        errors}, each written by a benchmark script of its own."""
        out = []
        for path in self.args.merge:
            try:
                with open(path) as f:
                    extra = json.load(f)
                missing = [k for k in ("key", "figures", "table", "targets")
                           if k not in extra]
                if missing:
                    raise ValueError(f"no {', '.join(missing)}")
            except (OSError, ValueError) as e:
                self.check(f"merge {path}", False, str(e))
                continue
            for e in extra.get("errors", []):
                self.check(f"merge {extra['key']}", False, e)
            out.append(extra)
        return out

    # -- report -------------------------------------------------------------

    def measure(self):
        self.ir = self.instructions()
        self.ns = self.times()
        self.rxs = self.rx()
        self.mig = self.migration()
        self.qt = self.qtest()
        self.size = self.sizes()
        self.cc = self.compile_times()
        self.trace_ir = self.trace_instructions()

    def machine(self):
        model = ""
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        model = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        buildtype = ""
        try:
            opts = json.loads(subprocess.run(
                ["meson", "introspect", "--buildoptions", self.build],
                capture_output=True, text=True).stdout)
            buildtype = next(o["value"] for o in opts
                             if o["name"] == "buildtype")
        except (OSError, ValueError, StopIteration):
            pass
        return dict(nproc=os.cpu_count(), cpu=model,
                    kernel=platform.release(),
                    date=datetime.datetime.now(datetime.timezone.utc)
                    .strftime("%Y-%m-%d %H:%M UTC"),
                    buildtype=buildtype, id=_machine_id(model),
                    commit=_commit(os.path.dirname(os.path.abspath(
                        __file__))))

    def report(self):
        """Builds the JSON document and the text table from the figures."""
        cxx = self.devs[1]["built"]
        nb = "not built"
        doc = dict(machine=self.machine(), smoke=self.args.smoke,
                   params=self.p,
                   devices={d["key"]: dict(type=d["type"], built=d["built"],
                                           module=os.path.relpath(
                                               d["module"], self.build))
                            for d in self.devs})
        lines = []
        m = doc["machine"]
        lines.append(f"PL011 benchmarks: {m['date']}, {m['nproc']} x "
                     f"{m['cpu']}, {m['buildtype']} build")
        lines.append(f"C: {self.devs[0]['type']}   C++: "
                     f"{self.devs[1]['type'] if cxx else nb}")
        doc["testdevices"] = {d["key"]: dict(type=d["type"], built=d["built"])
                              for d in self.testdevs}
        lines.append("td-* rows: the test device, C: "
                     f"{self.testdevs[0]['type']}   C++: "
                     f"{self.testdevs[1]['type']}")

        def ratio(a, b):
            return a / b if a is not None and b else None

        def fmt(v, spec):
            return "-" if v is None else format(v, spec)

        def fmtx(v, spec):
            return nb if v is None and not cxx else fmt(v, spec)

        def fmtr(v, spec=".3f"):
            return "-" if v is None else format(v, spec)

        # Instructions and ns per access.
        doc["per_access"] = []
        ir_miss = []
        rows_of = [(case, path) for case in CASES for path in self.ir_paths()]
        rows_of += [(case, path) for case in self.testdev_cases()
                    for path in PATHS]
        for case, path in rows_of:
            row = dict(case=case, path=path)
            for unit, src in (("ir", self.ir), ("ns", self.ns)):
                c = src.get(("c", case, path))
                x = src.get(("cxx", case, path))
                if unit == "ir":
                    c = c and c["ir"]
                    x = x and x["ir"]
                row[unit] = dict(c=c, cxx=x, ratio=ratio(x, c))
            r = row["ir"]["ratio"]
            row["target"] = (nb if r is None
                             else "pass" if r <= 1.00 else "miss")
            if row["target"] == "miss":
                ir_miss.append(f"{case}/{path}")
                row["annotate"] = [
                    os.path.relpath(p, self.build) for p in
                    (self.annotate(self.ir[(k, case, path)]["file"])
                     for k in ("c", "cxx")) if p]
            doc["per_access"].append(row)
        lines.append("")
        lines.append("Per MMIO access: instructions (callgrind Ir/access) "
                     "and wall-clock ns (median of batches)")
        hdr = ("case", "path", "Ir C", "Ir C++", "C++/C", "target",
               "ns C", "ns C++", "C++/C")
        rows = []
        for row in doc["per_access"]:
            i, n = row["ir"], row["ns"]
            rows.append((row["case"], row["path"], fmt(i["c"], ".1f"),
                         fmtx(i["cxx"], ".1f"), fmtr(i["ratio"], ".3f"),
                         row["target"], fmt(n["c"], ".1f"),
                         fmtx(n["cxx"], ".1f"), fmtr(n["ratio"], ".3f")))
        lines += _table(hdr, rows)

        # The dispatch's own cost: the same access with and without it.
        lines.append("")
        doc["dispatch_ir"] = {}
        for d in self.built():
            cost = {}
            for case in CASES + self.testdev_cases():
                a = self.ir.get((d["key"], case, "dispatch"))
                b = self.ir.get((d["key"], case, "direct"))
                if a and b:
                    cost[case] = a["ir"] - b["ir"]
            doc["dispatch_ir"][d["key"]] = cost
            lines.append(f"Dispatch's own cost ({d['label']}, Ir dispatch - "
                         "direct): " + (", ".join(
                             f"{c} {v:.0f}" for c, v in cost.items())
                             or "-"))

        # Receive throughput and migration.
        rx_c, rx_x = self.rxs.get("c"), self.rxs.get("cxx")
        doc["rx_bytes_per_s"] = dict(c=rx_c, cxx=rx_x, ratio=ratio(rx_x, rx_c))
        doc["migration_us"] = {}
        lines.append("")
        rows = [("rx (chardev -> FIFO -> DR reads)", "MB/s",
                 fmt(rx_c and rx_c / 1e6, ".2f"),
                 fmtx(rx_x and rx_x / 1e6, ".2f"),
                 fmtr(ratio(rx_x, rx_c), ".3f"))]
        for kind, label in (("save-us", "migration save"),
                            ("load-us", "migration load")):
            c, x = self.mig.get(("c", kind)), self.mig.get(("cxx", kind))
            doc["migration_us"][kind[:4]] = dict(c=c, cxx=x, ratio=ratio(x, c))
            rows.append((label, "us", fmt(c, ".3f"), fmtx(x, ".3f"),
                         fmtr(ratio(x, c), ".3f")))
        lines += _table(("measure", "unit", "C", "C++", "C++/C"), rows)

        # Size and compile time.
        sc, sx = self.size.get("c"), self.size.get("cxx")
        bc, bx = self.cc.get(("c", "all")), self.cc.get(("cxx", "all"))
        cc, cx = self.cc.get(("c", "O2")), self.cc.get(("cxx", "O2"))
        hc, hx = self.cc.get(("c", "headers")), self.cc.get(("cxx", "headers"))
        doc["text_bytes"] = dict(c=sc, cxx=sx, ratio=ratio(sx, sc))
        doc["compile_build_s"] = dict(c=bc, cxx=bx, ratio=ratio(bx, bc))
        doc["compile_s"] = dict(c=cc, cxx=cx, ratio=ratio(cx, cc))
        doc["compile_headers_s"] = dict(c=hc, cxx=hx, ratio=ratio(hx, hc))
        lines.append("")
        lines += _table(("measure", "unit", "C", "C++", "C++/C"), [
            ("module .text (size -A)", "bytes", fmt(sc, "d"), fmtx(sx, "d"),
             fmtr(ratio(sx, sc), ".3f")),
            ("compile CPU time, the build's flags (median)", "s",
             fmt(bc, ".3f"), fmtx(bx, ".3f"), fmtr(ratio(bx, bc), ".3f")),
            ("compile CPU time at -O2 (median)", "s", fmt(cc, ".3f"),
             fmtx(cx, ".3f"), fmtr(ratio(cx, cc), ".3f")),
            ("  of which #includes only", "s", fmt(hc, ".3f"),
             fmtx(hx, ".3f"), fmtr(ratio(hx, hc), ".3f"))])

        # Trace events enabled (issue 16).
        doc["traced_ir"] = {}
        rows = []
        for case in self.TRACE_CASES:
            c, x = self.trace_ir.get(("c", case)), \
                self.trace_ir.get(("cxx", case))
            doc["traced_ir"][case] = dict(c=c, cxx=x, ratio=ratio(x, c))
            rows.append((f"{case}, dispatch", fmt(c, ".1f"), fmtx(x, ".1f"),
                         fmtr(ratio(x, c), ".3f")))
        lines.append("")
        lines.append("Ir per access with pl011_read and pl011_write enabled "
                     "(-trace ... -D FILE); the table above: compiled in, "
                     "disabled")
        lines += _table(("case", "Ir C", "Ir C++", "C++/C"), rows)

        # Harness against QEMU.
        hs, qs = self.qt.get(("harness", "startup-ms")), \
            self.qt.get(("qemu", "startup-ms"))
        hr, qr = self.qt.get(("harness", "readl-rtps")), \
            self.qt.get(("qemu", "readl-rtps"))
        fs, fr = self.qt.get(("floor", "startup-ms")), \
            self.qt.get(("floor", "readl-rtps"))
        cpu = {(t, k): self.qt.get((t, k)) for t in ("harness", "qemu", "floor")
               for k in ("startup-cpu-ms", "readl-cpu-us")}
        doc["qtest"] = dict(
            startup_ms=dict(harness=hs, qemu=qs, floor=fs,
                            ratio=ratio(hs, qs), floor_ratio=ratio(hs, fs)),
            readl_per_s=dict(harness=hr, qemu=qr, floor=fr,
                             ratio=ratio(hr, qr), floor_ratio=ratio(hr, fr)),
            startup_cpu_ms={t: cpu[(t, "startup-cpu-ms")]
                            for t in ("harness", "qemu", "floor")},
            readl_cpu_us={t: cpu[(t, "readl-cpu-us")]
                          for t in ("harness", "qemu", "floor")})
        lines.append("")
        lines.append("qtest, same client (libqtest): harness "
                     f"({self.devs[0]['type']}) vs qemu-system-arm -M virt -S;"
                     " floor: a target that answers without doing anything")
        def cpu_row(label, kind, spec):
            h, q, f = (cpu[(t, kind)] for t in ("harness", "qemu", "floor"))
            return (label, fmt(h, spec), fmt(q, spec), fmt(f, spec),
                    fmtr(ratio(h, q), ".3f"), fmtr(ratio(h, f), ".3f"))

        lines += _table(("measure", "harness", "qemu", "floor",
                         "harness/qemu", "harness/floor"), [
            ("start-up to first reply (ms)", fmt(hs, ".1f"), fmt(qs, ".1f"),
             fmt(fs, ".1f"), fmtr(ratio(hs, qs), ".3f"),
             fmtr(ratio(hs, fs), ".3f")),
            ("readl round trips per s", fmt(hr, ".0f"), fmt(qr, ".0f"),
             fmt(fr, ".0f"), fmtr(ratio(hr, qr), ".2f"),
             fmtr(ratio(hr, fr), ".3f")),
            # The target's own CPU time: steadier than wall clock on a
            # loaded machine (the client's share is the same for all).
            cpu_row("  target CPU to first reply (ms)", "startup-cpu-ms",
                    ".2f"),
            cpu_row("  target CPU per round trip (us)", "readl-cpu-us",
                    ".2f")])

        # Targets.
        def status(v, ok):
            return "n/a" if v is None else "pass" if ok(v) else "miss"

        irs = [r["ir"]["ratio"] for r in doc["per_access"]]
        ir_worst = max(irs) if irs and None not in irs else None
        targets = [
            (TARGET_IR, ir_worst, nb if ir_worst is None else
             "miss" if ir_miss else "pass"),
            (TARGET_STARTUP, ratio(hs, qs),
             status(ratio(hs, qs), lambda v: v <= 0.1)),
            (TARGET_READL, ratio(hr, qr),
             status(ratio(hr, qr), lambda v: v >= 2)),
            (TARGET_TEXT, ratio(sx, sc),
             nb if sx is None else status(ratio(sx, sc), lambda v: v <= 1.3)),
            (TARGET_COMPILE, ratio(cx, cc),
             nb if cx is None else status(ratio(cx, cc), lambda v: v <= 3)),
            (TARGET_READL_FLOOR, ratio(hr, fr),
             status(ratio(hr, fr), lambda v: v >= 0.9)),
            (TARGET_STARTUP_FLOOR, ratio(hs, fs),
             status(ratio(hs, fs), lambda v: v <= 1.5)),
        ]
        # The benchmarks inside the real QEMU (issue 13), merged.
        for extra in self.merged():
            doc[extra["key"]] = extra["figures"]
            lines += [""] + extra["table"]
            targets += [(t["target"], t["value"], t["status"])
                        for t in extra["targets"]]
        doc["targets"] = [dict(target=t, value=v, status=s)
                          for t, v, s in targets]
        lines.append("")
        lines += _table(("target", "measured", "status"),
                        [(t, nb if s == nb else fmt(v, ".3f"), s)
                         for t, v, s in targets])
        if ir_miss:
            lines.append("instruction misses: " + ", ".join(ir_miss)
                         + "; callgrind_annotate output in "
                         + os.path.relpath(self.work, self.build))
        doc["errors"] = self.errors
        return doc, lines


def _now():
    return time.monotonic()


def _children_cpu():
    """User + system seconds of the waited-for children so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _machine_id(cpu):
    """A short id that tells one machine's runs from another's."""
    try:
        with open("/etc/machine-id") as f:
            ident = f.read().strip()
    except OSError:
        ident = ""
    ident = ident or f"{platform.node()} {cpu} {os.cpu_count()}"
    return hashlib.sha256(ident.encode()).hexdigest()[:8]


def _commit(src):
    """The source tree's commit, "+dirty" when it has local changes."""
    def git(*args):
        r = subprocess.run(["git", "-C", src] + list(args),
                           capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None

    head = git("rev-parse", "--short=12", "HEAD")
    if not head:
        return "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return head + ("+dirty" if dirty else "")


def append_history(path, doc):
    """Appends @doc to the history file @path, one JSON line per run."""
    with open(path, "a") as f:
        f.write(json.dumps(doc, separators=(",", ":")) + "\n")


def read_history(path):
    """The runs of @path, oldest first; unreadable lines are skipped."""
    runs = []
    try:
        with open(path) as f:
            for line in f:
                try:
                    runs.append(json.loads(line))
                except ValueError:
                    continue
    except OSError:
        pass
    return runs


# Short column names of the targets in the history table.
HISTORY_COLUMNS = [
    (TARGET_IR, "Ir C++/C"), (TARGET_STARTUP, "start/qemu"),
    (TARGET_READL, "rt/qemu"), (TARGET_TEXT, "text"),
    (TARGET_COMPILE, "compile"), (TARGET_READL_FLOOR, "rt/floor"),
    (TARGET_STARTUP_FLOOR, "start/floor"),
]


def history_row_matches(row, doc):
    """Whether a history table @row shows @doc's commit and, for each
    target, its figure marked as its status says."""
    if doc["machine"]["commit"] not in row:
        return False
    got = {t["target"]: t for t in doc["targets"]}
    for target, _ in HISTORY_COLUMNS:
        t = got.get(target)
        if t and t["value"] is not None:
            cell = f"{t['value']:.3f}" + ("!" if t["status"] == "miss" else "")
            if cell not in row.split():
                return False
    return True


def history_lines(runs, n):
    """The last @n of @runs as a table: one row per run, each target's
    figure with its status (a miss is marked "!"), and a key of columns."""
    runs = runs[-n:] if n > 0 else runs
    hdr = ("date", "commit", "machine") + tuple(c for _, c in HISTORY_COLUMNS)
    rows = []
    for run in runs:
        m = run.get("machine", {})
        got = {t.get("target"): t for t in run.get("targets", [])}
        cells = []
        for target, _ in HISTORY_COLUMNS:
            t = got.get(target)
            if not t or t.get("value") is None:
                cells.append("-")
            else:
                mark = {"pass": "", "miss": "!"}.get(t.get("status"), "?")
                cells.append(f"{t['value']:.3f}{mark}")
        rows.append((m.get("date", "?"), m.get("commit", "?"),
                     m.get("id", "?")) + tuple(cells))
    lines = _table(hdr, rows)
    lines.append("! = target missed; the columns:")
    lines += [f"  {c:<12} {t}" for t, c in HISTORY_COLUMNS]
    return lines


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    out = []
    for r in [header] + rows:
        out.append("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths)))
                   .rstrip())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--out", help="JSON results file "
                    "(default BUILD/bench-results.json)")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--no-valgrind", action="store_true",
                    help="run the ir command without callgrind (smoke only)")
    ap.add_argument("--merge", action="append", default=[],
                    metavar="JSON", help="another benchmark's figures to "
                    "add (tests/bench/guest-bench.py, qemu-mmio-bench.py)")
    ap.add_argument("--history", metavar="FILE",
                    help="append this run to FILE (one JSON line per run)")
    ap.add_argument("--print-history", type=int, metavar="N",
                    help="print the last N runs of --history FILE and exit "
                    "(0: all)")
    ap.add_argument("--c-type", default="pl011-c")
    ap.add_argument("--cxx-type", default="pl011-cxx")
    ap.add_argument("--c-variant-type", default="pl011_luminary-c",
                    help="measured for instructions too ('' to skip)")
    ap.add_argument("--cxx-variant-type", default="pl011_luminary-cxx")
    args = ap.parse_args()

    if args.print_history is not None:
        runs = read_history(args.history) if args.history else []
        if not runs:
            print(f"bench: no runs in {args.history}", file=sys.stderr)
            return 1
        print("\n".join(history_lines(runs, args.print_history)))
        return 0

    bench = Bench(args, SMOKE if args.smoke else FULL)
    bench.measure()
    doc, lines = bench.report()
    print("\n".join(lines))

    out = args.out or os.path.join(
        bench.work if args.smoke else bench.build, "bench-results.json")
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(out),
                                     delete=False) as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(f.name, out)
    # The JSON must read back: it is the machine-readable copy.
    with open(out) as f:
        bench.check("results json", json.load(f)["targets"])
    print(f"\nresults: {out}")
    history = args.history or (os.path.join(bench.work, "bench-history.jsonl")
                               if args.smoke else None)
    if history:
        append_history(history, doc)
        runs = read_history(history)
        bench.check("history", runs and runs[-1] == json.loads(
            json.dumps(doc)) and history_row_matches(
                history_lines(runs, 1)[1], doc),
            f"{history}: the run did not read back as its last row")
        print(f"history: {history} ({len(runs)} runs)")
        if args.smoke:
            # What scripts/bench.sh --history runs.
            r = subprocess.run([sys.executable, os.path.abspath(__file__),
                                "--build-dir", bench.build, "--history",
                                history, "--print-history", "2"],
                               capture_output=True, text=True)
            rows = r.stdout.splitlines()
            bench.check("print-history", r.returncode == 0 and len(rows) > 2
                        and history_row_matches(rows[min(2, len(runs))], doc),
                        r.stdout + r.stderr)

    if args.smoke:
        passed = sum(1 for c in bench.checks if c[1])
        failed = len(bench.checks) - passed
        print(f"SUBTESTS: {passed} passed, {failed} failed")
        return 1 if failed else 0
    if bench.errors:
        print("errors:\n  " + "\n  ".join(bench.errors))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
