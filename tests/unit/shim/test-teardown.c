/*
 * Unit tests for qemu/shim.h: qemu_shim_teardown() leaves no live QOM
 * object behind (devices mapped in system memory, on chardevs, wired to
 * each other, with armed timers, RAM, the permanent containers), names
 * what a leaked reference keeps alive, and leaves a usable, empty shim.
 */
#include "qemu/osdep.h"
#include "qemu/shim.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/sysbus.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qom/object.h"

#include <check.h>

#define TYPE_TD_DEV "td-dev"

/* A sysbus device with everything teardown must undo. */
typedef struct TdDev {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    QEMUTimer *timer;
    CharBackend chr;
} TdDev;

#define TD_DEV(obj) OBJECT_CHECK(TdDev, (obj), TYPE_TD_DEV)

static unsigned finalized;

static uint64_t td_read(void *opaque G_GNUC_UNUSED, hwaddr addr G_GNUC_UNUSED,
                        unsigned size G_GNUC_UNUSED)
{
    return 0;
}

static void td_write(void *opaque G_GNUC_UNUSED, hwaddr addr G_GNUC_UNUSED,
                     uint64_t value G_GNUC_UNUSED, unsigned size G_GNUC_UNUSED)
{
}

static const MemoryRegionOps td_ops = {
    .read = td_read,
    .write = td_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

static void td_timer_cb(void *opaque G_GNUC_UNUSED)
{
}

static void td_gpio_in(void *opaque G_GNUC_UNUSED, int n G_GNUC_UNUSED,
                       int level G_GNUC_UNUSED)
{
}

static void td_init(Object *obj)
{
    TdDev *s = TD_DEV(obj);

    memory_region_init_io(&s->iomem, obj, &td_ops, s, "td-dev", 0x100);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_in(DEVICE(obj), td_gpio_in, 1);
}

static void td_realize(DeviceState *dev, Error **errp G_GNUC_UNUSED)
{
    TdDev *s = TD_DEV(dev);

    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, td_timer_cb, s);
    timer_mod(s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 1000);
}

static void td_unrealize(DeviceState *dev)
{
    TdDev *s = TD_DEV(dev);

    g_clear_pointer(&s->timer, timer_free);
}

static void td_finalize(Object *obj G_GNUC_UNUSED)
{
    finalized++;
}

static Property td_properties[] = {
    DEFINE_PROP_CHR("chardev", TdDev, chr),
    DEFINE_PROP_END_OF_LIST(),
};

static void td_class_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = td_realize;
    dc->unrealize = td_unrealize;
    device_class_set_props(dc, td_properties);
}

static const TypeInfo td_info = {
    .name = TYPE_TD_DEV,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(TdDev),
    .instance_init = td_init,
    .instance_finalize = td_finalize,
    .class_init = td_class_init,
};

static void td_register_types(void)
{
    type_register_static(&td_info);
}

type_init(td_register_types)

/* A device as qemu-harness makes one: under /machine/peripheral, mapped. */
static DeviceState *add_device(const char *id, const char *chardev,
                               hwaddr addr)
{
    DeviceState *dev = qdev_new(TYPE_TD_DEV);

    object_property_add_child(container_get(qdev_get_machine(),
                                            "/peripheral"),
                              id, OBJECT(dev));
    if (chardev) {
        qdev_prop_set_chr(dev, "chardev", qemu_chr_find(chardev));
    }
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    return dev;
}

static void setup(void)
{
    module_call_init(MODULE_INIT_QOM);
    finalized = 0;
}

START_TEST(test_empty)
{
    /* Only what the shim creates on first use. */
    get_system_memory();
    sysbus_get_default();
    object_get_internal_root();
    ck_assert_uint_gt(qemu_shim_live_objects(), 0);
    qemu_shim_teardown();
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);
}
END_TEST

START_TEST(test_machine)
{
    DeviceState *a, *b, *anon;
    MemoryRegion *ram = g_new0(MemoryRegion, 1);

    ck_assert_ptr_nonnull(qemu_shim_chr_new_from_opts("ringbuf,id=c0",
                                                      &error_abort));
    ck_assert_ptr_nonnull(qemu_shim_chr_new_from_opts("null,id=c1",
                                                      &error_abort));
    a = add_device("a", "c0", 0x1000);
    b = add_device("b", "c1", 0x2000);
    /* Wired to each other: a's IRQ drives b's GPIO input. */
    sysbus_connect_irq(SYS_BUS_DEVICE(a), 0, qdev_get_gpio_in(b, 0));
    /* Realized without a parent: it lands in /machine/unattached. */
    anon = qdev_new(TYPE_TD_DEV);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(anon), &error_abort);
    memory_region_init_ram(ram, container_get(qdev_get_machine(),
                                              "/unattached"),
                           "ram", 0x1000, &error_abort);
    OBJECT(ram)->free = g_free;
    memory_region_add_subregion(get_system_memory(), 0x10000, ram);

    qemu_shim_teardown();
    ck_assert_uint_eq(finalized, 3);
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);
}
END_TEST

static void collect_type(Object *obj, void *opaque)
{
    g_ptr_array_add(opaque, (gpointer)object_get_typename(obj));
}

START_TEST(test_leak_is_visible)
{
    DeviceState *dev = add_device("a", NULL, 0x1000);
    g_autoptr(GPtrArray) types = g_ptr_array_new();

    object_ref(OBJECT(dev));            /* a reference nobody drops */
    qemu_shim_teardown();
    ck_assert_uint_eq(finalized, 0);
    /* The device, and its region, IRQ and GPIO input, which it owns. */
    ck_assert_uint_gt(qemu_shim_live_objects(), 1);
    qemu_shim_live_objects_foreach(collect_type, types);
    ck_assert_uint_eq(types->len, qemu_shim_live_objects());
    ck_assert(g_ptr_array_find_with_equal_func(types, TYPE_TD_DEV,
                                               g_str_equal, NULL));

    object_unref(OBJECT(dev));
    ck_assert_uint_eq(finalized, 1);
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);
}
END_TEST

START_TEST(test_usable_after)
{
    add_device("a", NULL, 0x1000);
    qemu_shim_teardown();
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);

    /* A new, empty tree: the old devices are gone, new ones work. */
    ck_assert_ptr_null(object_resolve_path("/machine/peripheral/a", NULL));
    add_device("a", NULL, 0x1000);
    ck_assert_ptr_nonnull(object_resolve_path("/machine/peripheral/a", NULL));
    qemu_shim_teardown();
    ck_assert_uint_eq(finalized, 2);
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);
}
END_TEST

START_TEST(test_twice)
{
    add_device("a", NULL, 0x1000);
    qemu_shim_teardown();
    qemu_shim_teardown();
    ck_assert_uint_eq(finalized, 1);
    ck_assert_uint_eq(qemu_shim_live_objects(), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shim-teardown");
    TCase *tc = tcase_create("teardown");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_machine);
    tcase_add_test(tc, test_leak_is_visible);
    tcase_add_test(tc, test_usable_after);
    tcase_add_test(tc, test_twice);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
