#!/usr/bin/env python3
"""testsuite's counter as scripts/count-tests.py reads it: the SUBTESTS
line counts every check, a failed one says what failed (and its detail),
verbose mode shows passed ones too, and the exit status is 1 on any
failure (or with require_some, when nothing passed). Each case runs a
small script in a subprocess, as a test script runs. Then the helpers
for paths and processes.

Usage: testsuite-test.py (testsuite on PYTHONPATH).
"""
import signal
import subprocess
import sys
import textwrap
import time

from testsuite import check, summary, wait_or_kill


def run(body):
    p = subprocess.run([sys.executable, "-c", textwrap.dedent(body)],
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def main():
    rc, out, _ = run("""
        import sys
        from testsuite import check, summary
        check(True, "one")
        check(1, "two")
        check([], "three", "the detail")
        check(None, "four")
        sys.exit(summary())
        """)
    check(rc == 1, f"a failed check: exit status 1 (got {rc})")
    check(out == "FAIL: three\nthe detail\nFAIL: four\n"
          "SUBTESTS: 2 passed, 2 failed\n", f"failures and counts: {out!r}")

    rc, out, _ = run("""
        import sys
        from testsuite import check, summary, verbose
        verbose()
        ok = check(2 > 1, "passes", "no detail shown")
        sys.exit(summary() if ok is True else 5)
        """)
    check(rc == 0, f"all passed: exit status 0 (got {rc})")
    check(out == "ok: passes\nSUBTESTS: 1 passed, 0 failed\n",
          f"verbose: passed checks shown: {out!r}")

    rc, out, _ = run("""
        import sys
        from testsuite import summary
        sys.exit(summary(require_some=True) * 10 + summary())
        """)
    check(rc == 10, f"nothing passed: 1 with require_some, else 0 (got {rc})")

    rc, out, err = run("""
        import os
        from testsuite import env_path
        os.environ.pop("NO_SUCH_PATH", None)
        env_path("NO_SUCH_PATH")
        """)
    check(rc == 1 and "$NO_SUCH_PATH is not set" in err
          and "Traceback" not in err, f"env_path: a clear error: {err!r}")

    start = time.monotonic()
    status = wait_or_kill(subprocess.Popen(["sleep", "30"]), 0.2)
    check(status == -signal.SIGKILL and time.monotonic() - start < 5,
          f"wait_or_kill: a process that does not end is killed ({status})")
    check(wait_or_kill(subprocess.Popen(["sh", "-c", "exit 3"])) == 3,
          "wait_or_kill: the exit status of one that ends")

    rc, out, err = run("""
        import sys
        from testsuite import harness_and_qemu_args
        sys.argv[1:] = ["--harness", "h", "--module", "m", "--qemu", "q"]
        a = harness_and_qemu_args()
        print(a.harness, a.module, a.qemu)
        sys.argv[1:] = ["--harness", "h", "--module", "m"]
        harness_and_qemu_args()
        """)
    check(rc == 2 and out == "h m q\n" and "--qemu" in err,
          f"harness_and_qemu_args: the three paths, all required: {rc} "
          f"{out!r} {err!r}")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
