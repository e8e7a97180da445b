"""Connecting to a socket the target serves (-qmp unix:P,server=on,wait=off,
-chardev socket,...,server=on), for tests that start the target
themselves instead of through Target.

The socket file exists from the target's bind() on, but connect() is
refused until it calls listen(), and neither happens before the target
has parsed its command line: retry until then.
"""
import socket
import time

from .errors import TargetError


def connect_unix(path, timeout=10.0, proc=None, what=None):
    """A stream socket connected to @path. TargetError when nothing
    listens there within @timeout seconds, or when @proc (a Popen, if
    given) ends first; @what names the socket in that message."""
    what = what or path
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except (ConnectionRefusedError, FileNotFoundError):
            sock.close()
        if proc is not None and proc.poll() is not None:
            raise TargetError(f"{what}: the target exited with status "
                              f"{proc.returncode} before listening")
        if time.monotonic() >= deadline:
            raise TargetError(f"{what}: nobody listens at {path} within "
                              f"{timeout} s")
        time.sleep(0.01)
