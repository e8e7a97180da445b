"""qemu_cxx_test: a qtest + QMP client for testing QEMU 7.2 devices, on
qemu-harness or the real qemu-system-arm (standard library only).

    from qemu_cxx_test import Target
    with Target(["qemu-harness", "-x-module", "./dev.so", "-device", "x-dev,id=d",
                 "-x-map", "d,addr=0x1000"]) as t:
        assert t.qtest.readl(0x1000) == 0xc0ffee
        t.qmp.execute("system_reset")
        t.qmp.event_wait("RESET")

A target started by other means: QMP(connect_unix(path)) for its
-qmp unix:PATH,server=on, QTest(StdioChannel(proc)) for -qtest stdio.

The C library with the same role is libqemu-cxx-qtest (pkg-config
qemu-cxx-qtest, header libqtest.h).
"""
from .errors import ProtocolError, QMPError, QTestError, TargetError
from .qmp import QMP
from .qtest import QTest
from .sockets import StdioChannel, connect_unix
from .target import Target

__all__ = ["Target", "QTest", "QMP", "connect_unix", "StdioChannel",
           "ProtocolError", "QTestError", "QMPError", "TargetError"]
