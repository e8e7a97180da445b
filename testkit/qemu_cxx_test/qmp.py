"""The client side of QMP as QEMU 7.2 speaks it (docs/interop/qmp-spec.txt).

The server greets with {"QMP": {"version": ..., "capabilities": [...]}};
until "qmp_capabilities" succeeds no other command is served. Each command
carries an "id" that its response must echo; events ({"event", "data",
"timestamp"}) can come at any time and are kept, in order, until the test
takes them. Every message is one JSON object on one line. Anything else is
a ProtocolError.
"""
import json
import time

from ._lines import LineClient
from .errors import ProtocolError, QMPError


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check_greeting(msg):
    qmp = msg.get("QMP")
    if set(msg) != {"QMP"} or not isinstance(qmp, dict):
        raise ProtocolError(f"qmp: not a greeting: {msg!r}")
    version, caps = qmp.get("version"), qmp.get("capabilities")
    if set(qmp) != {"version", "capabilities"} or not isinstance(version, dict) \
            or not isinstance(caps, list) \
            or not all(isinstance(c, str) for c in caps):
        raise ProtocolError(f"qmp: malformed greeting: {msg!r}")
    qemu = version.get("qemu")
    if set(version) != {"qemu", "package"} \
            or not isinstance(version["package"], str) \
            or not isinstance(qemu, dict) \
            or set(qemu) != {"major", "minor", "micro"} \
            or not all(_is_int(qemu[k]) for k in qemu):
        raise ProtocolError(f"qmp: malformed greeting version: {version!r}")


def _check_event(msg):
    ts = msg.get("timestamp")
    if not set(msg) <= {"event", "data", "timestamp"} \
            or not isinstance(msg.get("event"), str) \
            or not isinstance(msg.get("data", {}), dict) \
            or not isinstance(ts, dict) or set(ts) != {"seconds", "microseconds"} \
            or not _is_int(ts["seconds"]) or not _is_int(ts["microseconds"]) \
            or not 0 <= ts["microseconds"] < 1000000:
        raise ProtocolError(f"qmp: malformed event: {msg!r}")


def _check_response(msg, command, cmd_id):
    if "id" not in msg:
        raise ProtocolError(f"qmp {command}: response without our id "
                            f"{cmd_id!r}: {msg!r}")
    if msg["id"] != cmd_id or type(msg["id"]) is not type(cmd_id):
        raise ProtocolError(f"qmp {command}: response to id {msg['id']!r}, "
                            f"not {cmd_id!r}")
    keys = set(msg) - {"id"}
    if keys == {"error"}:
        err = msg["error"]
        if not isinstance(err, dict) or set(err) != {"class", "desc"} \
                or not isinstance(err["class"], str) \
                or not isinstance(err["desc"], str):
            raise ProtocolError(f"qmp {command}: malformed error: {msg!r}")
    elif keys != {"return"}:
        raise ProtocolError(f"qmp {command}: not a response: {msg!r}")


class QMP(LineClient):
    """QMP over a connected stream socket @sock. handshake() first."""

    def __init__(self, sock, timeout=10.0):
        super().__init__(sock, "qmp", timeout)
        self._next_id = 1
        self.events = []        # event messages not taken yet, oldest first
        self.greeting = None

    def _parse(self, line):
        line = line.rstrip("\r")
        try:
            msg = json.loads(line)
        except ValueError as e:
            raise ProtocolError(f"qmp: not JSON: {line[:80]!r}") from e
        if not isinstance(msg, dict):
            raise ProtocolError(f"qmp: not a JSON object: {line[:80]!r}")
        return msg

    def _read(self, timeout=None):
        return self._parse(self._lines.read_line(timeout))

    def _take_ready_events(self):
        for line in self._lines.ready_lines():
            msg = self._parse(line)
            if "event" not in msg:
                raise ProtocolError(f"qmp: a response with no command: {msg!r}")
            _check_event(msg)
            self.events.append(msg)

    def handshake(self):
        """Reads the greeting and negotiates capabilities (none);
        returns the greeting."""
        if self.greeting is not None:
            raise RuntimeError("qmp: handshake done already")
        msg = self._read()
        _check_greeting(msg)
        self.greeting = msg
        if self.execute("qmp_capabilities") != {}:
            raise ProtocolError("qmp_capabilities: return value is not {}")
        return msg

    def command(self, name, arguments=None):
        """Sends command @name; returns its whole response, {"return": ...}
        or {"error": {...}} (the id checked and removed)."""
        cmd = {"execute": name}
        if arguments is not None:
            cmd["arguments"] = arguments
        return self.send(cmd)

    def send(self, cmd):
        """Sends the command object @cmd with our next id added; returns
        its response (id removed). For commands that are deliberately
        wrong, e.g. a bad argument type."""
        cmd_id = self._next_id
        self._next_id += 1
        self._take_ready_events()
        self._lines.send_line(json.dumps(dict(cmd, id=cmd_id)))
        name = cmd.get("execute", "?")
        while True:
            msg = self._read()
            if "event" in msg:
                _check_event(msg)
                self.events.append(msg)
                continue
            _check_response(msg, name, cmd_id)
            del msg["id"]
            return msg

    def execute(self, name, arguments=None):
        """Sends command @name; returns its "return" value, raises QMPError
        for an error response."""
        rsp = self.command(name, arguments)
        if "error" in rsp:
            raise QMPError(name, rsp["error"]["class"], rsp["error"]["desc"])
        return rsp["return"]

    def take_events(self, name=None):
        """Removes and returns the events received so far (only those
        called @name if given), oldest first."""
        self._take_ready_events()
        taken, kept = [], []
        for e in self.events:
            (taken if name is None or e["event"] == name else kept).append(e)
        self.events = kept
        return taken

    def event_wait(self, name, timeout=None):
        """Removes and returns the oldest event called @name, reading more
        for up to @timeout seconds (default: the client's); TimeoutError
        if none came."""
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"qmp: no {name} event within {wait} s")
            msg = self._read(left)
            if "event" not in msg:
                raise ProtocolError(f"qmp: a response with no command: {msg!r}")
            _check_event(msg)
            self.events.append(msg)
