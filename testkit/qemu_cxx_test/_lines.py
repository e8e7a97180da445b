"""Line framing over a stream socket, shared by the qtest and QMP clients.

Both protocols send one message per line ("\\n", QMP adds "\\r"). A line
that is not complete yet stays buffered; EOF inside a message, or bytes
that are not UTF-8, are protocol errors.
"""
import select
import time

from .errors import ProtocolError


class LineReader:
    def __init__(self, sock, what, timeout):
        self.sock = sock
        self.what = what            # "qtest" or "qmp", for messages
        self.timeout = timeout      # seconds, for every wait
        self._buf = b""
        self._eof = False

    def _take_line(self):
        end = self._buf.find(b"\n")
        if end < 0:
            return None
        raw, self._buf = self._buf[:end], self._buf[end + 1:]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ProtocolError(f"{self.what}: a line that is not UTF-8: "
                                f"{raw[:60]!r}") from e

    def _fill(self, wait):
        """Reads what is there; waits up to @wait seconds for the first
        bytes. False if nothing arrived."""
        if self._eof:
            return False
        ready, _, _ = select.select([self.sock], [], [], max(wait, 0))
        if not ready:
            return False
        data = self.sock.recv(65536)
        if not data:
            self._eof = True
            return False
        self._buf += data
        return True

    def read_line(self, timeout=None):
        """The next line without its "\\n"; TimeoutError if none arrives,
        ProtocolError if the peer closed the connection."""
        deadline = time.monotonic() + (self.timeout if timeout is None
                                       else timeout)
        while True:
            line = self._take_line()
            if line is not None:
                return line
            if self._eof:
                raise ProtocolError(self._eof_message())
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.what}: no reply within "
                                   f"{self.timeout if timeout is None else timeout} s")
            self._fill(left)

    def ready_lines(self):
        """Every complete line that arrived so far, without waiting."""
        lines = []
        while self._fill(0):
            pass
        while (line := self._take_line()) is not None:
            lines.append(line)
        return lines

    def _eof_message(self):
        if self._buf:
            return (f"{self.what}: connection closed inside a message "
                    f"({self._buf[:60]!r})")
        return f"{self.what}: connection closed by the target"

    def send_line(self, text):
        if "\n" in text or "\r" in text:
            raise ValueError(f"{self.what}: a message must be one line: {text!r}")
        self.sock.sendall(text.encode("utf-8") + b"\n")


class LineClient:
    """The base of the qtest and QMP clients: their lines, and the
    seconds every wait for a reply may take (.timeout, settable)."""

    def __init__(self, sock, what, timeout):
        self._lines = LineReader(sock, what, timeout)

    @property
    def timeout(self):
        return self._lines.timeout

    @timeout.setter
    def timeout(self, seconds):
        self._lines.timeout = seconds
