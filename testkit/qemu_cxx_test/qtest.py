"""The client side of QEMU 7.2's qtest protocol (softmmu/qtest.c).

One command line, one reply line: "OK" or "OK <value>", "FAIL" or
"FAIL <message>", "ERR <message>". Lines "IRQ raise N" / "IRQ lower N"
arrive on their own whenever an intercepted interrupt line changes (an
edge caused by a command arrives before that command's reply); they are
logged in arrival order. Anything else, or a reply when no command is
outstanding, is a ProtocolError.
"""
import base64
import re

from ._lines import LineClient
from .errors import ProtocolError, QTestError

_IRQ = re.compile(r"IRQ (raise|lower) (0|[1-9][0-9]*)")
# readb..readq print "0x%016" PRIx64; read prints two digits per byte.
_U64 = re.compile(r"0x[0-9a-f]{16}")
_HEX_BYTES = re.compile(r"0x((?:[0-9a-f]{2})*)")
_I64 = re.compile(r"-?(0|[1-9][0-9]*)")
_WIDTH = {"b": 8, "w": 16, "l": 32, "q": 64}


class QTest(LineClient):
    """qtest over a connected stream socket @sock."""

    def __init__(self, sock, timeout=10.0):
        super().__init__(sock, "qtest", timeout)
        self.irq_events = []    # (line, level) tuples, oldest first
        self._irq_level = {}

    # -- the protocol --

    def _irq_line(self, line):
        m = _IRQ.fullmatch(line)
        if not m:
            return False
        num, level = int(m.group(2)), m.group(1) == "raise"
        self.irq_events.append((num, level))
        self._irq_level[num] = level
        return True

    def _drain(self):
        """Takes IRQ lines that arrived since the last reply; anything else
        there answers no command of ours."""
        for line in self._lines.ready_lines():
            if not self._irq_line(line):
                raise ProtocolError(f"qtest: a line with no command: {line!r}")

    def raw_command(self, command):
        """Sends @command, returns its reply line (OK, FAIL or ERR)."""
        self._drain()
        self._lines.send_line(command)
        while True:
            line = self._lines.read_line()
            if self._irq_line(line):
                continue
            word = line.split(" ", 1)[0]
            if word in ("OK", "FAIL") or (word == "ERR" and line != "ERR"):
                return line
            raise ProtocolError(f"qtest '{command}': not a reply: {line!r}")

    def command(self, command):
        """Sends @command; returns the text after "OK " ("" for a bare OK),
        raises QTestError for FAIL and ERR."""
        reply = self.raw_command(command)
        if reply == "OK":
            return ""
        if reply.startswith("OK "):
            return reply[3:]
        raise QTestError(command, reply)

    def _ok(self, command):
        value = self.command(command)
        if value:
            raise ProtocolError(f"qtest '{command}': expected a bare OK, "
                                f"got 'OK {value}'")

    # -- memory --

    def _read(self, size, addr):
        cmd = f"read{size} 0x{addr:x}"
        text = self.command(cmd)
        if not _U64.fullmatch(text):
            raise ProtocolError(f"qtest '{cmd}': not a value: {text!r}")
        value = int(text, 16)
        if value >> _WIDTH[size]:
            raise ProtocolError(f"qtest '{cmd}': {text} is wider than "
                                f"{_WIDTH[size]} bits")
        return value

    def _write(self, size, addr, value):
        if not 0 <= value < 1 << _WIDTH[size]:
            raise ValueError(f"write{size}: {value:#x} does not fit "
                             f"{_WIDTH[size]} bits")
        self._ok(f"write{size} 0x{addr:x} 0x{value:x}")

    def readb(self, addr): return self._read("b", addr)
    def readw(self, addr): return self._read("w", addr)
    def readl(self, addr): return self._read("l", addr)
    def readq(self, addr): return self._read("q", addr)
    def writeb(self, addr, value): self._write("b", addr, value)
    def writew(self, addr, value): self._write("w", addr, value)
    def writel(self, addr, value): self._write("l", addr, value)
    def writeq(self, addr, value): self._write("q", addr, value)

    def memread(self, addr, size):
        """"read": @size bytes of guest memory (hex on the wire)."""
        cmd = f"read 0x{addr:x} 0x{size:x}"
        text = self.command(cmd)
        m = _HEX_BYTES.fullmatch(text)
        if not m or len(m.group(1)) != 2 * size:
            raise ProtocolError(f"qtest '{cmd}': not {size} bytes in hex: "
                                f"{text[:60]!r}")
        return bytes.fromhex(m.group(1))

    def memwrite(self, addr, data):
        self._ok(f"write 0x{addr:x} 0x{len(data):x} 0x{bytes(data).hex()}")

    def bufread(self, addr, size):
        """"b64read": the same as memread, base64 on the wire."""
        cmd = f"b64read 0x{addr:x} 0x{size:x}"
        text = self.command(cmd)
        try:
            data = base64.b64decode(text, validate=True)
        except ValueError as e:
            raise ProtocolError(f"qtest '{cmd}': not base64: {text[:60]!r}") from e
        if len(data) != size:
            raise ProtocolError(f"qtest '{cmd}': {len(data)} bytes, not {size}")
        return data

    def bufwrite(self, addr, data):
        b64 = base64.b64encode(bytes(data)).decode("ascii")
        self._ok(f"b64write 0x{addr:x} 0x{len(data):x} {b64}")

    def memset(self, addr, size, pattern):
        self._ok(f"memset 0x{addr:x} 0x{size:x} 0x{pattern:x}")

    # -- machine --

    def endianness(self):
        """"big" or "little"."""
        text = self.command("endianness")
        if text not in ("big", "little"):
            raise ProtocolError(f"qtest 'endianness': {text!r}")
        return text

    def _clock(self, cmd):
        text = self.command(cmd)
        if not _I64.fullmatch(text):
            raise ProtocolError(f"qtest '{cmd}': not a time in ns: {text!r}")
        return int(text)

    def clock_step(self, ns=None):
        """Advances the virtual clock by @ns, or to the next timer
        deadline; returns the new time in ns. (QEMU has it only with
        -accel qtest; qemu-harness always.)"""
        return self._clock("clock_step" if ns is None else f"clock_step {ns}")

    def clock_set(self, ns):
        return self._clock(f"clock_set {ns}")

    # -- interrupts --

    def irq_intercept_out(self, qom_path):
        """Reports the GPIO outputs of @qom_path as IRQ lines."""
        self._ok(f"irq_intercept_out {qom_path}")

    def irq_intercept_in(self, qom_path):
        """Reports the GPIO inputs of @qom_path as IRQ lines."""
        self._ok(f"irq_intercept_in {qom_path}")

    def set_irq_in(self, qom_path, name, num, level):
        """Drives input @num of the GPIO list @name (None: the unnamed one)."""
        self._ok(f"set_irq_in {qom_path} {name or 'unnamed-gpio-in'} "
                 f"{num} {int(level)}")

    def get_irq(self, num):
        """The level of line @num as last reported (False if never)."""
        self._drain()
        return self._irq_level.get(num, False)

    def sync(self):
        """One round trip, taking every IRQ line sent before it."""
        self.endianness()
