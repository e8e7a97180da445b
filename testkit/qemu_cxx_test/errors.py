"""The exceptions of qemu_cxx_test."""


class ProtocolError(Exception):
    """The target broke the qtest or QMP protocol (a malformed or
    unexpected message, a reply id that is not ours, a connection that
    closed in the middle). The connection is unusable afterwards."""


class QTestError(Exception):
    """A qtest command was answered FAIL or ERR.

    ``reply`` is the whole reply line, ``kind`` "FAIL" or "ERR" and
    ``message`` the text after it."""

    def __init__(self, command, reply):
        self.command = command
        self.reply = reply
        self.kind, _, self.message = reply.partition(" ")
        super().__init__(f"qtest '{command}': {reply}")


class QMPError(Exception):
    """A QMP command was answered with {"error": {"class", "desc"}}."""

    def __init__(self, command, error_class, desc):
        self.command = command
        self.error_class = error_class
        self.desc = desc
        super().__init__(f"QMP {command}: {error_class}: {desc}")


class TargetError(Exception):
    """The target process did not start, did not connect, or ended in a
    way the test did not expect (exit status, a crash)."""
