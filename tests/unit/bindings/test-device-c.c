/*
 * The C device of test-device-c.h: written against the shim's C API only,
 * to show that the C++ wrappers drive C devices unchanged.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "exec/memory.h"
#include "test-device-c.h"

#define TEST_SBD(obj) OBJECT_CHECK(TestSbd, (obj), TYPE_TEST_SBD)

static uint64_t test_sbd_read(void *opaque, hwaddr addr, unsigned size)
{
    TestSbd *s = opaque;

    (void)size;
    return addr == 0 ? s->reg : s->value;
}

static void test_sbd_write(void *opaque, hwaddr addr, uint64_t value,
                           unsigned size)
{
    TestSbd *s = opaque;

    (void)size;
    if (addr == 0) {
        s->reg = value;
        qemu_set_irq(s->irq, value & 1);
    }
}

static const MemoryRegionOps test_sbd_ops = {
    .read = test_sbd_read,
    .write = test_sbd_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void test_sbd_gpio(void *opaque, int n, int level)
{
    (void)n;
    TEST_SBD(opaque)->gpio_level = level;
}

static void test_sbd_init(Object *obj)
{
    TestSbd *s = TEST_SBD(obj);

    memory_region_init_io(&s->iomem, obj, &test_sbd_ops, s, "test-sbd",
                          0x100);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_in(DEVICE(obj), test_sbd_gpio, 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
}

static void test_sbd_realize(DeviceState *dev, Error **errp)
{
    TestSbd *s = TEST_SBD(dev);

    if (s->fail) {
        error_setg(errp, "test-sbd: refusing to realize (fail=on)");
        return;
    }
    s->realizes++;
}

static void test_sbd_reset(DeviceState *dev)
{
    TEST_SBD(dev)->resets++;
    TEST_SBD(dev)->reg = 0;
}

static Property test_sbd_props[] = {
    DEFINE_PROP_UINT32("value", TestSbd, value, 5),
    DEFINE_PROP_BOOL("fail", TestSbd, fail, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_sbd_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    (void)data;
    dc->realize = test_sbd_realize;
    dc->reset = test_sbd_reset;
    device_class_set_props(dc, test_sbd_props);
}

static const TypeInfo test_sbd_types[] = {
    {
        .name = TYPE_TEST_SBD,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TestSbd),
        .instance_init = test_sbd_init,
        .class_init = test_sbd_class_init,
    },
};

DEFINE_TYPES(test_sbd_types)
