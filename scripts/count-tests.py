#!/usr/bin/env python3
"""Adds up the sub-tests of one or more Meson test logs.

Meson counts one result per test(); a Check binary holds many tests and
prints "NN%: Checks: C, Failures: F, Errors: E". A test that prints such a
line counts C results; any other test counts as one. A Check binary whose
process failed without a summary (a crash) counts as one failure.
Prints the closing line "N passed, N failed[, N skipped]" and exits 1 on
any failure.
"""
import json
import re
import sys

CHECK = re.compile(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)")
SUBTESTS = re.compile(r"^SUBTESTS: (\d+) passed, (\d+) failed$", re.M)


def main(paths):
    passed = failed = skipped = 0
    for path in paths:
        with open(path) as f:
            for line in f:
                t = json.loads(line)
                out = t.get("stdout") or ""
                result = t.get("result")
                m = CHECK.search(out)
                s = SUBTESTS.search(out)
                if result == "SKIP":
                    skipped += 1
                elif m:
                    c, fl, e = (int(x) for x in m.groups())
                    failed += fl + e
                    passed += c - fl - e
                    if result != "OK" and fl + e == 0:
                        failed += 1   # the binary failed after its summary
                elif s:
                    passed += int(s.group(1))
                    failed += int(s.group(2))
                    if result != "OK" and int(s.group(2)) == 0:
                        failed += 1
                elif result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                else:
                    failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
