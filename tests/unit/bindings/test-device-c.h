/*
 * A small sysbus device written in C the way a QEMU 7.2 device is, for
 * the C++ device-wrapper tests to drive: qdev properties, a realize that
 * can fail, a legacy reset, one MMIO region, one IRQ, one GPIO input and
 * one input clock.
 */
#ifndef TESTS_UNIT_BINDINGS_TEST_DEVICE_C_H
#define TESTS_UNIT_BINDINGS_TEST_DEVICE_C_H

#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "hw/clock.h"

G_BEGIN_DECLS

#define TYPE_TEST_SBD "test-sbd"

typedef struct TestSbd {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    Clock *clk;
    uint32_t value;
    bool fail;
    uint32_t reg;
    int realizes;
    int resets;
    int gpio_level;
} TestSbd;

G_END_DECLS

#endif /* TESTS_UNIT_BINDINGS_TEST_DEVICE_C_H */
