#!/usr/bin/env python3
"""qemu_cxx_test against scripted peers (every protocol violation it must
refuse) and against the live targets: qemu-harness with the C++ test
device and the real qemu-system-arm (-M virt -S).

Usage: client-test.py TESTKIT_DIR   (env: QEMU_HARNESS, CXX_TEST_DEVICE,
QEMU_SYSTEM_ARM). Prints "SUBTESTS: N passed, M failed".
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, sys.argv.pop(1))
from qemu_cxx_test import (QMP, ProtocolError, QMPError, QTest,  # noqa: E402
                           QTestError, StdioChannel, Target, TargetError,
                           connect_unix)

GREETING = (b'{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, '
            b'"major": 7}, "package": "x"}, "capabilities": ["oob"]}}\r\n')
EVENT = b'{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}\r\n'


class Peer:
    """The target's end of a socket pair: for each line the client sends,
    the next scripted answer (bytes, or a list of chunks sent apart);
    records what the client sent."""

    def __init__(self, answers, first=b""):
        self.client, self._sock = socket.socketpair()
        self.received = []
        self._answers = list(answers)
        if first:
            self._sock.sendall(first)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        buf = b""
        while self._answers:
            data = self._sock.recv(4096)
            if not data:
                return
            buf += data
            while b"\n" in buf and self._answers:
                line, buf = buf.split(b"\n", 1)
                self.received.append(line.decode())
                answer = self._answers.pop(0)
                for chunk in answer if isinstance(answer, list) else [answer]:
                    if chunk == b"<close>":
                        self._sock.close()
                        return
                    self._sock.sendall(chunk)

    def close(self):
        # Our end first: the peer's recv() sees EOF and its thread ends.
        self.client.close()
        self._thread.join(5)
        self._sock.close()


class PeerCase(unittest.TestCase):
    current = None      # the running test, whose cleanup closes the peers

    def setUp(self):
        PeerCase.current = self

    def peer(self, answers, first):
        peer = Peer(answers, first)
        self.addCleanup(peer.close)
        return peer


def qtest_with(*answers, first=b""):
    peer = PeerCase.current.peer(answers, first)
    return peer, QTest(peer.client, timeout=2)


def qmp_with(*answers, first=GREETING):
    peer = PeerCase.current.peer(answers, first)
    return peer, QMP(peer.client, timeout=2)


class QTestProtocol(PeerCase):
    def test_read_values(self):
        peer, qt = qtest_with(b"OK 0x00000000deadbeef\n", b"OK 0x00000000000000ab\n")
        self.assertEqual(qt.readl(0x1000), 0xdeadbeef)
        self.assertEqual(qt.readb(0x1004), 0xab)
        self.assertEqual(peer.received, ["readl 0x1000", "readb 0x1004"])

    def test_value_not_16_digits(self):
        _, qt = qtest_with(b"OK 0xdeadbeef\n")
        self.assertRaises(ProtocolError, qt.readl, 0)

    def test_value_wider_than_access(self):
        _, qt = qtest_with(b"OK 0x0000000000000100\n")
        self.assertRaises(ProtocolError, qt.readb, 0)

    def test_fail_and_err(self):
        _, qt = qtest_with(b"FAIL Unknown command 'x'\n", b"ERR invalid argument size\n",
                           b"FAIL\n")
        with self.assertRaises(QTestError) as cm:
            qt.command("x")
        self.assertEqual((cm.exception.kind, cm.exception.message),
                         ("FAIL", "Unknown command 'x'"))
        with self.assertRaises(QTestError) as cm:
            qt.command("write 0 1 0x")
        self.assertEqual(cm.exception.kind, "ERR")
        self.assertEqual(qt.raw_command("module_load a b"), "FAIL")

    def test_irq_lines_before_reply(self):
        _, qt = qtest_with(b"IRQ raise 3\nIRQ lower 3\nIRQ raise 10\nOK\n")
        qt.writel(0, 1)
        self.assertEqual(qt.irq_events, [(3, True), (3, False), (10, True)])
        self.assertFalse(qt.get_irq(3))
        self.assertTrue(qt.get_irq(10))

    def test_async_irq_between_commands(self):
        # The peer sends an IRQ line after the reply: the next command or
        # get_irq() takes it, not the next reply.
        _, qt = qtest_with(b"OK\nIRQ raise 1\n", b"OK little\n")
        qt.writel(0, 1)
        self.assertEqual(qt.endianness(), "little")
        self.assertTrue(qt.get_irq(1))

    def test_malformed_irq_line(self):
        for line in (b"IRQ raise\n", b"IRQ up 1\n", b"IRQ raise 01\n", b"IRQ raise -1\n"):
            _, qt = qtest_with(line + b"OK\n")
            self.assertRaises(ProtocolError, qt.writel, 0, 1)

    def test_garbage_reply(self):
        for line in (b"ok\n", b"OKAY\n", b"ERR\n", b"\n", b"\xff\xfe\n"):
            _, qt = qtest_with(line)
            self.assertRaises(ProtocolError, qt.command, "endianness")

    def test_reply_with_no_command(self):
        _, qt = qtest_with(b"OK\nOK\n", b"OK\n")
        qt.writel(0, 1)
        self.assertRaises(ProtocolError, qt.writel, 0, 2)

    def test_reply_in_pieces(self):
        _, qt = qtest_with([b"IRQ ra", b"ise 2\nOK 0x0000", b"000000000007", b"\n"])
        self.assertEqual(qt.readq(8), 7)
        self.assertEqual(qt.irq_events, [(2, True)])

    def test_timeout(self):
        _, qt = qtest_with(b"")
        qt.timeout = 0.2
        self.assertRaises(TimeoutError, qt.readl, 0)

    def test_closed_mid_line(self):
        _, qt = qtest_with([b"OK 0x00", b"<close>"])
        with self.assertRaises(ProtocolError) as cm:
            qt.readl(0)
        self.assertIn("inside a message", str(cm.exception))

    def test_bare_ok_expected(self):
        _, qt = qtest_with(b"OK 5\n")
        self.assertRaises(ProtocolError, qt.writel, 0, 1)

    def test_write_checks_width(self):
        _, qt = qtest_with()
        self.assertRaises(ValueError, qt.writeb, 0, 0x100)

    def test_memory_and_clock(self):
        peer, qt = qtest_with(b"OK 0x0102ff\n", b"OK AQL/\n", b"OK\n", b"OK\n",
                              b"OK 1500\n", b"OK -\n", b"OK 0x01\n", b"OK AQ==\n")
        self.assertEqual(qt.memread(0x40, 3), b"\x01\x02\xff")
        self.assertEqual(qt.bufread(0x40, 3), b"\x01\x02\xff")
        qt.memwrite(0x40, b"\xab\x01")
        qt.bufwrite(0x40, b"\x01")
        self.assertEqual(qt.clock_step(1500), 1500)
        self.assertRaises(ProtocolError, qt.clock_set, 0)
        self.assertRaises(ProtocolError, qt.memread, 0x40, 2)
        self.assertRaises(ProtocolError, qt.bufread, 0x40, 2)
        self.assertEqual(peer.received[2:5], ["write 0x40 0x2 0xab01",
                                              "b64write 0x40 0x1 AQ==",
                                              "clock_step 1500"])


class QMPProtocol(PeerCase):
    def test_handshake(self):
        peer, qmp = qmp_with(b'{"return": {}, "id": 1}\r\n')
        greeting = qmp.handshake()
        self.assertEqual(greeting["QMP"]["version"]["qemu"]["micro"], 22)
        self.assertEqual(peer.received, ['{"execute": "qmp_capabilities", "id": 1}'])

    def test_bad_greetings(self):
        for g in (b'{"return": {}}\n', b'{"QMP": {}}\n',
                  b'{"QMP": {"version": {"qemu": {"major": 7, "minor": 2, "micro": "0"},'
                  b' "package": ""}, "capabilities": []}}\n',
                  b'{"QMP": {"version": {"qemu": {"major": 7, "minor": 2, "micro": 0},'
                  b' "package": ""}, "capabilities": "oob"}}\n',
                  b'{"QMP": {"version": {"qemu": {"major": 7, "minor": 2, "micro": 0},'
                  b' "package": ""}, "capabilities": [], "x": 1}}\n'):
            _, qmp = qmp_with(first=g)
            self.assertRaises(ProtocolError, qmp.handshake)

    def test_capabilities_must_return_empty(self):
        _, qmp = qmp_with(b'{"return": {"x": 1}, "id": 1}\n')
        self.assertRaises(ProtocolError, qmp.handshake)

    def test_ids(self):
        peer, qmp = qmp_with(b'{"return": {}, "id": 1}\n', b'{"return": 5, "id": 2}\n',
                             b'{"return": 5, "id": 4}\n')
        qmp.handshake()
        self.assertEqual(qmp.execute("a"), 5)
        self.assertRaises(ProtocolError, qmp.execute, "b")
        self.assertEqual(peer.received[1], '{"execute": "a", "id": 2}')

    def test_id_missing_or_retyped(self):
        for rsp in (b'{"return": {}}\n', b'{"return": {}, "id": "1"}\n',
                    b'{"return": {}, "id": 1.0}\n', b'{"return": {}, "id": true}\n'):
            _, qmp = qmp_with(rsp)
            self.assertRaises(ProtocolError, qmp.handshake)

    def test_events_in_order(self):
        other = EVENT.replace(b"STOP", b"RESUME")
        _, qmp = qmp_with(b'{"return": {}, "id": 1}\n',
                          EVENT + other + b'{"return": {}, "id": 2}\n' + EVENT)
        qmp.handshake()
        qmp.execute("stop")
        self.assertEqual([e["event"] for e in qmp.events], ["STOP", "RESUME"])
        self.assertEqual(qmp.event_wait("RESUME")["event"], "RESUME")
        self.assertEqual(len(qmp.take_events("STOP")), 2)   # one came late
        self.assertEqual(qmp.take_events(), [])

    def test_event_wait_times_out(self):
        _, qmp = qmp_with(b'{"return": {}, "id": 1}\n')
        qmp.handshake()
        self.assertRaises(TimeoutError, qmp.event_wait, "RESET", 0.2)

    def test_timeout(self):
        # An answer the peer never sends: the client's own timeout ends it.
        _, qmp = qmp_with(b'{"return": {}, "id": 1}\n', b"")
        qmp.handshake()
        qmp.timeout = 0.2
        self.assertEqual(qmp.timeout, 0.2)
        start = time.monotonic()
        self.assertRaisesRegex(TimeoutError, "within 0.2 s", qmp.execute,
                               "query-status")
        self.assertLess(time.monotonic() - start, 2)

    def test_malformed_events(self):
        for ev in (b'{"event": "X"}\n',
                   b'{"event": 1, "timestamp": {"seconds": 1, "microseconds": 2}}\n',
                   b'{"event": "X", "data": [], "timestamp": {"seconds": 1, "microseconds": 2}}\n',
                   b'{"event": "X", "timestamp": {"seconds": 1, "microseconds": 1000000}}\n',
                   b'{"event": "X", "timestamp": {"seconds": 1}}\n',
                   b'{"event": "X", "id": 1, "timestamp": {"seconds": 1, "microseconds": 2}}\n'):
            _, qmp = qmp_with(ev + b'{"return": {}, "id": 1}\n')
            self.assertRaises(ProtocolError, qmp.handshake)

    def test_errors(self):
        _, qmp = qmp_with(b'{"return": {}, "id": 1}\n',
                          b'{"error": {"class": "CommandNotFound", "desc": "no"}, "id": 2}\n',
                          b'{"error": {"class": "GenericError"}, "id": 3}\n')
        qmp.handshake()
        with self.assertRaises(QMPError) as cm:
            qmp.execute("nope")
        self.assertEqual((cm.exception.error_class, cm.exception.desc),
                         ("CommandNotFound", "no"))
        self.assertRaises(ProtocolError, qmp.execute, "x")

    def test_not_a_response(self):
        for rsp in (b'{"return": 1, "error": {"class": "a", "desc": "b"}, "id": 1}\n',
                    b'{"return": {}, "extra": 1, "id": 1}\n', b'{"id": 1}\n',
                    b'[1]\n', b'{"return": \n', b'not json\n'):
            _, qmp = qmp_with(rsp)
            self.assertRaises(ProtocolError, qmp.handshake)

    def test_response_with_no_command(self):
        _, qmp = qmp_with(b'{"return": {}, "id": 1}\n{"return": {}, "id": 7}\n',
                          b'{"return": {}, "id": 2}\n')
        qmp.handshake()
        self.assertRaises(ProtocolError, qmp.execute, "x")

    def test_pieces_and_batches(self):
        _, qmp = qmp_with([b'{"ret', b'urn": {}, "id": 1}\r', b'\n' + EVENT[:9],
                           EVENT[9:]])
        qmp.handshake()
        self.assertEqual(qmp.event_wait("STOP")["timestamp"]["microseconds"], 2)

    def test_send_raw_command(self):
        peer, qmp = qmp_with(b'{"return": {}, "id": 1}\n',
                             b'{"error": {"class": "GenericError", "desc": "d"}, "id": 2}\n')
        qmp.handshake()
        rsp = qmp.send({"execute": "qom-get", "arguments": {"path": 1}})
        self.assertEqual(rsp, {"error": {"class": "GenericError", "desc": "d"}})
        self.assertEqual(peer.received[1],
                         '{"execute": "qom-get", "arguments": {"path": 1}, "id": 2}')


class ConnectUnix(unittest.TestCase):
    """connect_unix() waits for a server's listen(), not only its bind()."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="client-test-")
        self.path = os.path.join(self.dir, "s.sock")
        self.addCleanup(lambda: (os.path.exists(self.path)
                                 and os.unlink(self.path), os.rmdir(self.dir)))

    def test_listen_comes_late(self):
        server = socket.socket(socket.AF_UNIX)
        self.addCleanup(server.close)
        server.bind(self.path)      # the file is there, connect() refused
        timer = threading.Timer(0.3, server.listen)
        timer.start()
        start = time.monotonic()
        sock = connect_unix(self.path, timeout=5)
        timer.join()
        sock.close()
        self.assertGreaterEqual(time.monotonic() - start, 0.25)

    def test_nobody_listens(self):
        with self.assertRaisesRegex(TargetError, "nobody listens at .* 0.3 s"):
            connect_unix(self.path, timeout=0.3)

    def test_target_exits_first(self):
        proc = subprocess.Popen(["sh", "-c", "exit 3"])
        proc.wait()
        start = time.monotonic()
        with self.assertRaisesRegex(TargetError,
                                    "^qmp: the target exited with status 3"):
            connect_unix(self.path, timeout=5, proc=proc, what="qmp")
        self.assertLess(time.monotonic() - start, 1)


class Stdio(unittest.TestCase):
    """StdioChannel: a target that ends without replying is a closed
    connection, not a hang."""

    def test_target_ends_mid_command(self):
        proc = subprocess.Popen(["sh", "-c", "read line; printf 'OK 0x'"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.stdin.close)
        qt = QTest(StdioChannel(proc), timeout=5)
        with self.assertRaisesRegex(ProtocolError, "inside a message"):
            qt.readl(0)
        self.assertEqual(proc.wait(5), 0)
        self.assertRaises(BrokenPipeError, qt.readl, 0)


class Live(unittest.TestCase):
    """Both targets through Target; the same client, strict on both."""

    def harness(self, *extra, **kw):
        dev = os.environ["CXX_TEST_DEVICE"]
        return Target([os.environ["QEMU_HARNESS"], "-x-module", dev,
                       "-device", "x-cxx-test-device,id=t0",
                       "-x-map", "t0,addr=0x2000", *extra], timeout=20, **kw)

    def test_harness(self):
        with self.harness() as t:
            self.assertEqual(t.qmp.greeting["QMP"]["version"]["qemu"]["minor"], 2)
            self.assertEqual(t.qtest.readl(0x2000), 0x43585444)   # "CXTD"
            self.assertEqual(t.qtest.clock_step(1000), 1000)
            self.assertEqual(t.qmp.execute("query-status")["status"], "running")
            with self.assertRaises(QMPError) as cm:
                t.qmp.execute("no-such-command")
            self.assertEqual(cm.exception.error_class, "CommandNotFound")
            with self.assertRaises(QTestError):
                t.qtest.command("no_such_command")
            t.qmp.execute("system_reset")
            self.assertEqual(t.qmp.event_wait("RESET")["data"]["reason"],
                             "host-qmp-system-reset")

    def test_harness_on_stdio(self):
        # -qtest stdio, the target started by the test (text pipes, as
        # subprocess gives them most often): QTest(StdioChannel(proc)).
        dev = os.environ["CXX_TEST_DEVICE"]
        proc = subprocess.Popen(
            [os.environ["QEMU_HARNESS"], "-x-module", dev, "-device",
             "x-cxx-test-device,id=t0", "-x-map", "t0,addr=0x2000",
             "-qtest", "stdio"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        try:
            qt = QTest(StdioChannel(proc), timeout=20)
            self.assertEqual(qt.readl(0x2000), 0x43585444)       # "CXTD"
            qt.irq_intercept_out("/machine/peripheral/t0")
            self.assertEqual(qt.clock_step(1000), 1000)
            StdioChannel(proc).close()      # end of input: the harness ends
            self.assertEqual(proc.wait(20), 0)
            self.assertRaises(BrokenPipeError, qt.readl, 0x2000)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()

    def test_harness_exit_status_checked(self):
        # The target exits by itself with status 0 after QMP quit; expecting
        # 3 instead must fail the test.
        t = self.harness(expected_status=3)
        t.qmp.send({"execute": "quit"})
        t.proc.wait(20)
        self.assertRaises(TargetError, t.quit)

    def test_target_that_does_not_start(self):
        with self.assertRaises(TargetError) as cm:
            Target([os.environ["QEMU_HARNESS"], "-no-such-option"], timeout=20)
        self.assertIn("exited with status 1", str(cm.exception))

    def test_real_qemu(self):
        argv = [os.environ["QEMU_SYSTEM_ARM"], "-M", "virt", "-S", "-accel", "tcg",
                "-display", "none", "-nodefaults", "-no-user-config"]
        with Target(argv, timeout=20) as t:
            self.assertEqual(t.qmp.greeting["QMP"]["version"]["qemu"]["minor"], 2)
            self.assertEqual(t.qtest.readl(0x09000fe0), 0x11)       # PL011 PeriphID0
            self.assertEqual(t.qmp.execute("query-status")["status"], "prelaunch")
            t.qmp.execute("cont")
            t.qmp.event_wait("RESUME")
            t.qmp.execute("stop")
            t.qmp.event_wait("STOP")
            with self.assertRaises(QMPError) as cm:
                t.qmp.execute("qom-get", {"path": 1, "property": "type"})
            self.assertEqual(cm.exception.error_class, "GenericError")

    def test_real_qemu_qmp_server(self):
        # QEMU listening, started by the test: QMP(connect_unix(path)).
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "qmp.sock")
            proc = subprocess.Popen(
                [os.environ["QEMU_SYSTEM_ARM"], "-M", "virt", "-S", "-accel",
                 "tcg", "-display", "none", "-nodefaults", "-no-user-config",
                 "-qmp", f"unix:{path},server=on,wait=off"],
                stdin=subprocess.DEVNULL)
            try:
                sock = connect_unix(path, timeout=20, proc=proc)
                self.addCleanup(sock.close)
                qmp = QMP(sock, timeout=20)
                self.assertEqual(qmp.handshake()["QMP"]["version"]["qemu"]["minor"], 2)
                self.assertEqual(qmp.execute("query-status")["status"], "prelaunch")
                qmp.execute("quit")
                self.assertEqual(proc.wait(20), 0)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"SUBTESTS: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.wasSuccessful() else 0)
