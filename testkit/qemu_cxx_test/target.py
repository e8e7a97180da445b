"""Starting a target (qemu-harness or qemu-system-arm) with qtest, QMP and
chardev sockets, as libqtest's qtest_start_argv() does.

The sockets listen before the target starts; the target connects to them
as a client, as QEMU does, so nothing it sends at start-up is lost:
  -qtest unix:Q -qtest-log /dev/null
  -chardev socket,id=qtest-qmp,path=M -mon chardev=qtest-qmp,mode=control
  -chardev socket,id=ID,path=P        (one per chardev id asked for)
"""
import ctypes
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from .errors import TargetError
from .qmp import QMP
from .qtest import QTest

_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # The target dies with the test, even if the test never calls quit().
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _listen(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(1)
    return sock


def _describe(returncode):
    if returncode < 0:
        return f"killed by signal {-returncode} ({signal.Signals(-returncode).name})"
    return f"exited with status {returncode}"


class Target:
    """A running target: .qtest (QTest), .qmp (QMP, negotiated),
    .chardev(ID) (the socket of a chardev id given to the constructor).

    @argv is the command line without the sockets; argv[0] is looked up
    in PATH. Usable as a context manager, which calls quit()."""

    def __init__(self, argv, chardevs=(), timeout=10.0, expected_status=0,
                 env=None):
        self.expected_status = expected_status
        self.timeout = timeout
        self.proc = None
        self._chardevs = {}
        self._listeners = []
        self._tmpdir = tempfile.mkdtemp(prefix="qemu-cxx-test-")
        try:
            self._start(list(argv), list(chardevs), env)
        except BaseException:
            self._stop(check=False)
            raise

    def _start(self, argv, chardevs, env):
        qtest_path = os.path.join(self._tmpdir, "qtest.sock")
        qmp_path = os.path.join(self._tmpdir, "qmp.sock")
        qtest_l, qmp_l = _listen(qtest_path), _listen(qmp_path)
        self._listeners += [qtest_l, qmp_l]
        argv += ["-qtest", f"unix:{qtest_path}", "-qtest-log", "/dev/null",
                 "-chardev", f"socket,id=qtest-qmp,path={qmp_path}",
                 "-mon", "chardev=qtest-qmp,mode=control"]
        chardev_l = []
        for n, cid in enumerate(chardevs):
            path = os.path.join(self._tmpdir, f"chardev-{n}.sock")
            chardev_l.append((cid, _listen(path)))
            self._listeners.append(chardev_l[-1][1])
            argv += ["-chardev", f"socket,id={cid},path={path}"]
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         env=env, preexec_fn=_die_with_parent)
        except OSError as e:
            raise TargetError(f"cannot start {argv[0]}: {e}") from e

        qtest_sock = self._accept(qtest_l, "qtest")
        qmp_sock = self._accept(qmp_l, "qmp")
        for cid, listener in chardev_l:
            self._chardevs[cid] = self._accept(listener, f"chardev '{cid}'")
        self._close_listeners()
        self.qtest = QTest(qtest_sock, self.timeout)
        self.qmp = QMP(qmp_sock, self.timeout)
        self.qtest.endianness()
        self.qmp.handshake()

    def _accept(self, listener, what):
        deadline = time.monotonic() + self.timeout
        while True:
            ready, _, _ = select.select([listener], [], [], 0.05)
            if ready:
                sock, _ = listener.accept()
                return sock
            if self.proc.poll() is not None:
                raise TargetError(f"{what}: target {_describe(self.proc.returncode)} "
                                  "before connecting")
            if time.monotonic() >= deadline:
                raise TargetError(f"{what}: the target did not connect within "
                                  f"{self.timeout} s")

    def _close_listeners(self):
        for sock in self._listeners:
            sock.close()
        self._listeners = []
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def chardev(self, cid):
        return self._chardevs[cid]

    @property
    def pid(self):
        return self.proc.pid

    def _stop(self, check):
        self._close_listeners()
        if self.proc is None:
            return
        if self.proc.poll() is None:
            # SIGCONT too, so that a stopped target acts on the SIGTERM.
            self.proc.send_signal(signal.SIGTERM)
            self.proc.send_signal(signal.SIGCONT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for sock in self._chardevs.values():
            sock.close()
        for client in ("qtest", "qmp"):
            if hasattr(self, client):
                getattr(self, client)._lines.sock.close()
        rc = self.proc.returncode
        if check and rc not in (self.expected_status, -signal.SIGTERM,
                                -signal.SIGKILL):
            raise TargetError(f"target {_describe(rc)} "
                              f"(expected status {self.expected_status})")

    def quit(self):
        """Ends the target (SIGTERM, then SIGKILL after 5 s). It must have
        exited with expected_status or died of SIGTERM/SIGKILL, as with
        libqtest's qtest_quit(); anything else raises TargetError."""
        self._stop(check=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # Do not hide the test's own exception behind a status check.
        self._stop(check=exc_type is None)
