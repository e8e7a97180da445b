"""What the project's Python tests share and a device author's tests do not
(theirs use the installed qemu_cxx_test only): the sub-test counter that
scripts/count-tests.py reads, the paths meson hands a test, and the
processes it runs.

meson puts this folder and testkit/ on PYTHONPATH (tests/meson.build,
python_test_env), so a test says

    from testsuite import check, summary, env_path
    HARNESS = env_path("QEMU_HARNESS")
    ...
    check(reply == "OK", "writel DR")
    return summary()        # prints "SUBTESTS: N passed, M failed"
"""
import argparse
import os
import shutil
import subprocess
import sys


class SubTests:
    """Counts checks. A failed one prints "FAIL: what" (and @detail on the
    lines after it, when given); with @verbose a passed one prints
    "ok: what" too, for tests whose log is a table of cases."""

    def __init__(self, verbose=False):
        self.verbose = verbose
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        """Counts @ok (any truth value); returns it as a bool."""
        ok = bool(ok)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        if not ok or self.verbose:
            print(("ok: " if ok else "FAIL: ") + what
                  + ("\n" + detail if detail and not ok else ""), flush=True)
        return ok

    def summary(self, require_some=False):
        """Prints the SUBTESTS line; returns the exit status, 1 on any
        failure (and with @require_some when nothing passed at all)."""
        print(f"SUBTESTS: {self.passed} passed, {self.failed} failed",
              flush=True)
        return 1 if self.failed or (require_some and not self.passed) else 0


# One counter a test script: most scripts use these.
_default = SubTests()


def verbose(on=True):
    """Every check prints its line, passed ones as "ok: what"."""
    _default.verbose = on


def check(ok, what, detail=""):
    return _default.check(ok, what, detail)


def passed():
    return _default.passed


def failed():
    return _default.failed


def summary(require_some=False):
    return _default.summary(require_some)


def env_path(name):
    """The path meson gave the test in $@name (a built program or module,
    a source file); a clear error, not a KeyError, when the test is run
    by hand without it."""
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{os.path.basename(sys.argv[0])}: ${name} is not set: "
                 "run it through meson test (it passes the paths)")
    return value


def qemu_system_arm():
    """The real QEMU to run beside ours: $QTEST_QEMU_BINARY, else the
    qemu-system-arm on PATH. Without one the test fails, saying so (it
    never skips: scripts/setup.sh installs it)."""
    qemu = (os.environ.get("QTEST_QEMU_BINARY")
            or shutil.which("qemu-system-arm"))
    if qemu is None:
        check(False, "qemu-system-arm is not installed (scripts/setup.sh)")
        sys.exit(summary())
    return qemu


def harness_and_qemu_args():
    """The command line of a test that runs a module's device on
    qemu-harness beside the real qemu-system-arm's own: --harness PATH
    --module PATH --qemu PATH (meson passes the built ones)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--harness", required=True)
    ap.add_argument("--module", required=True)
    ap.add_argument("--qemu", required=True)
    return ap.parse_args()


def wait_or_kill(proc, timeout=10):
    """@proc's exit status once it ends (it was told to); killed when it
    has not within @timeout seconds."""
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
