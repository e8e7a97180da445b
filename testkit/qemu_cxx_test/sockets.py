"""The channels of a target a test starts itself instead of through
Target, as QTest and QMP take them (a connected stream socket):

  - connect_unix(): a socket the target serves (-qmp unix:P,server=on,
    wait=off, -chardev socket,...,server=on). The socket file exists from
    the target's bind() on, but connect() is refused until it calls
    listen(), and neither happens before the target has parsed its
    command line: retry until then;
  - StdioChannel: the target's stdin and stdout (-qtest stdio).
"""
import os
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


class StdioChannel:
    """The stdin and stdout pipes of @proc (a Popen, text or binary) as
    the socket QTest reads: QTest(StdioChannel(proc)) for -qtest stdio.
    It reads and writes the pipes' descriptors, never their buffers, so
    nothing else may read the target's stdout. A target that is gone:
    BrokenPipeError on sending, end of file on reading (ProtocolError in
    the client)."""

    def __init__(self, proc):
        self._out, self._in = proc.stdout, proc.stdin

    def fileno(self):
        return self._out.fileno()

    def recv(self, size):
        return os.read(self._out.fileno(), size)

    def sendall(self, data):
        if self._in.closed:
            raise BrokenPipeError("the target's stdin is closed")
        while data:
            data = data[os.write(self._in.fileno(), data):]

    def close(self):
        """Closes the target's stdin: end of input, as QEMU sees it."""
        self._in.close()
