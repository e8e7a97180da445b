#!/usr/bin/env python3
"""x-oot-doorbell through qemu_cxx_test (the installed Python client):
registers, its interrupt line, a reset over QMP and the QMP view of the
device. Usage: doorbell_test.py HARNESS MODULE"""
import sys
import unittest

from qemu_cxx_test import QMPError, Target

BASE, ID, RING, PENDING = 0x1000, 0x0, 0x4, 0x8


class Doorbell(unittest.TestCase):
    def setUp(self):
        harness, module = sys.argv[1:3]
        self.t = Target([harness, "-x-module", module,
                         "-device", "x-oot-doorbell,id=d0",
                         "-x-map", "d0,addr=0x1000"])
        self.addCleanup(self.t.quit)
        self.qt = self.t.qtest
        self.qt.irq_intercept_out("/machine/peripheral/d0")

    def test_registers_and_line(self):
        self.assertEqual(self.qt.readl(BASE + ID), 0x444f4f52)
        self.qt.writel(BASE + RING, 0x3)
        self.assertEqual(self.qt.readl(BASE + PENDING), 0x3)
        self.qt.writel(BASE + PENDING, 0x1)
        self.assertTrue(self.qt.get_irq(0))
        self.qt.writel(BASE + PENDING, 0x2)
        self.assertEqual(self.qt.irq_events, [(0, True), (0, False)])

    def test_reset(self):
        self.qt.writel(BASE + RING, 0x10)
        self.t.qmp.execute("system_reset")
        self.assertEqual(self.t.qmp.event_wait("RESET")["data"]["guest"], False)
        self.assertEqual(self.qt.readl(BASE + PENDING), 0)
        self.assertEqual(self.qt.irq_events, [(0, True), (0, False)])

    def test_qmp_view(self):
        qmp = self.t.qmp
        self.assertEqual(qmp.execute("qom-get", {"path": "/machine/peripheral/d0",
                                                 "property": "type"}),
                         "x-oot-doorbell")
        types = [t["name"] for t in qmp.execute("qom-list-types",
                                                {"implements": "sys-bus-device"})]
        self.assertIn("x-oot-doorbell", types)
        # (QEMU's class here is DeviceNotFound; qemu-harness says GenericError.)
        with self.assertRaises(QMPError) as cm:
            qmp.execute("qom-get", {"path": "/machine/peripheral/d1",
                                    "property": "type"})
        self.assertIn("/machine/peripheral/d1", cm.exception.desc)


if __name__ == "__main__":
    result = unittest.main(argv=sys.argv[:1], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"SUBTESTS: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if result.wasSuccessful() and result.testsRun else 1)
