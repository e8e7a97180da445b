#!/usr/bin/env python3
"""Every module we build loads into the real qemu-system-arm as it is.

A module is a QEMU module (shared/docs/architecture.md, "Modules"): each
undefined dynamic symbol must be one the installed qemu-system-arm exports
(nm -D --defined-only), or one of the runtime libraries a module may
bring or find in QEMU's process: libc, libm, libstdc++, libgcc_s, GLib,
and libqemu-cxx for the C++ modules (which this script checks too, as one
of the files). A DT_NEEDED outside that list fails, libqemu-shim above
all: it would load a second QOM runtime into QEMU.

Usage: undefined-symbols.py [--sanitized] [--expect NAME:FINDING]... FILE...
  --sanitized  the build uses -fsanitize=address,undefined: allow exactly
               the __asan_*/__ubsan_* symbols and libasan/libubsan.
  --expect     FILE's basename NAME must have exactly these findings
               (FINDING is a symbol, or "needs LIB" for a DT_NEEDED);
               every other FILE must have none. Without --expect every
               FILE must be clean.
The real binary is $QTEST_QEMU_BINARY, else qemu-system-arm on PATH.
Prints one line per FILE and "SUBTESTS: N passed, M failed".
"""
import argparse
import os
import re
import subprocess
import sys

from testsuite import check, qemu_system_arm, summary, verbose

# Libraries (by soname, before ".so") a module may load or find loaded.
RUNTIME_LIBS = ("libc", "libm", "libstdc++", "libgcc_s", "libglib-2.0",
                "ld-linux-x86-64")
OUR_LIBS = ("libqemu-cxx",)
SANITIZER_LIBS = ("libasan", "libubsan")
SANITIZER_SYMBOLS = ("__asan_", "__ubsan_")
# Weak references the toolchain's start files make; unresolved, they stay
# null and never stop a load.
TOOLCHAIN_WEAK = {"__gmon_start__", "_ITM_deregisterTMCloneTable",
                  "_ITM_registerTMCloneTable", "__cxa_finalize"}


def soname_stem(name):
    return os.path.basename(name).split(".so")[0]


def run(argv):
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(argv), r.stderr.strip()))
    return r.stdout


def nm_symbols(path, undefined):
    """{name: nm type letter}, symbol versions stripped."""
    flag = "--undefined-only" if undefined else "--defined-only"
    syms = {}
    for line in run(["nm", "-D", flag, path]).splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        syms[fields[-1].split("@")[0]] = fields[-2]
    return syms


def needed(path):
    """The DT_NEEDED entries of PATH, in order."""
    out = run(["readelf", "-d", "-W", path])
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def ldd(path):
    """{soname: path or None} of everything PATH loads, as the dynamic
    linker resolves it (RUNPATH included)."""
    libs = {}
    for line in run(["ldd", path]).splitlines():
        m = re.match(r"\s*(\S+) => (.*?)(?: \(0x[0-9a-f]+\))?$", line)
        if m:
            target = m.group(2).strip()
            libs[m.group(1)] = None if target == "not found" else target
        else:
            m = re.match(r"\s*(/\S+) \(0x[0-9a-f]+\)$", line)
            if m:
                libs[os.path.basename(m.group(1))] = m.group(1)
    return libs


class Exports:
    """Defined dynamic symbols per library file, read once each."""

    def __init__(self):
        self.cache = {}

    def of(self, path):
        if path not in self.cache:
            self.cache[path] = set(nm_symbols(path, undefined=False))
        return self.cache[path]


def findings_of(path, allowed_libs, base, exports, sanitized):
    """(findings, counts): what stops PATH from loading into QEMU, and how
    many undefined symbols each provider (the first that has it) answers.
    BASE: [(name, symbols)] of what QEMU's process holds anyway."""
    findings = []
    for lib in needed(path):
        if soname_stem(lib) not in allowed_libs:
            findings.append("needs " + lib)
    provided = list(base)
    for soname, lib in sorted(ldd(path).items()):
        stem = soname_stem(soname)
        if stem not in allowed_libs or stem in SANITIZER_LIBS or \
                any(n == stem for n, _ in provided):
            continue   # sanitizer runtimes count by prefix, not all they define
        if lib is None:
            findings.append("needs %s, which is not found" % soname)
            continue
        provided.append((stem, exports.of(lib)))
    undefined = nm_symbols(path, undefined=True)
    counts = {}
    if not undefined:
        findings.append("nm lists no undefined symbol: not a module?")
    for sym, kind in sorted(undefined.items()):
        who = next((name for name, syms in provided if sym in syms), None)
        if who is None and kind in "wv" and sym in TOOLCHAIN_WEAK:
            who = "weak"
        if who is None and sanitized and sym.startswith(SANITIZER_SYMBOLS):
            who = "sanitizer"
        if who is None:
            findings.append(sym)
        else:
            counts[who] = counts.get(who, 0) + 1
    return findings, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    verbose()   # a line for every file, clean ones too
    qemu = qemu_system_arm()

    exports = Exports()
    # What QEMU's process holds: the binary's exports and its runtime libs.
    base = [("qemu-system-arm", exports.of(qemu))]
    for soname, lib in sorted(ldd(qemu).items()):
        if soname_stem(soname) in RUNTIME_LIBS and lib:
            base.append((soname_stem(soname), exports.of(lib)))
    # Sanity: this is QEMU's export list, not an empty or stripped one.
    for sym in ("type_register_static", "memory_region_init_io",
                "qemu_mutex_iothread_locked"):
        if sym not in exports.of(qemu):
            check(False, "%s does not export %s: not QEMU 7.2's binary?"
                  % (qemu, sym))
            return summary()

    allowed_libs = set(RUNTIME_LIBS + OUR_LIBS)
    if args.sanitized:
        allowed_libs |= set(SANITIZER_LIBS)

    expected = {}
    for e in args.expect:
        name, _, finding = e.partition(":")
        expected.setdefault(name, set()).add(finding)
    names = {os.path.basename(f) for f in args.files}
    for name in sorted(set(expected) - names):
        check(False, "--expect names %s, which is not among the files" % name)

    for path in args.files:
        name = os.path.basename(path)
        try:
            findings, counts = findings_of(path, allowed_libs, base,
                                           exports, args.sanitized)
        except RuntimeError as e:
            check(False, "%s: %s" % (name, e))
            continue
        want = expected.get(name, set())
        got = set(findings)
        if got == want and want:
            check(True, "%s: rejected as expected: %s"
                  % (name, ", ".join(sorted(want))))
            continue
        if got == want:
            check(True, "%s: %d undefined symbols, from %s" % (
                name, sum(counts.values()),
                ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
            continue
        problems = []
        for f in sorted(got - want):
            if f.startswith("needs ") or " " in f:
                problems.append("%s: %s" % (name, f))
            else:
                problems.append("%s: %s is exported neither by "
                                "qemu-system-arm nor by a library a module "
                                "may load (%s)"
                                % (name, f, ", ".join(sorted(allowed_libs))))
        for f in sorted(want - got):
            problems.append("%s: expected the check to report '%s', it did "
                            "not" % (name, f))
        check(False, problems[0], "\n".join(problems[1:]))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
