/*
 * A QEMU 7.2-style C device source (modules/compat-dev.c), built as a
 * module against the shim's headers, is loaded with qemu_shim_module_load()
 * and driven through the system address space: its REG32/FIELD registers,
 * its QTAILQ of pending words, its interrupt and its category bitmap.
 */
#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "compat-test.h"

#define FIFO_TYPE "compat-fifo"
#define FIFO_BASE 0x10000000

enum {
    CTRL = 0x00, PUSH = 0x04, POP = 0x08, STATUS = 0x0c, ID = 0x10,
    CTRL_EN = 1, CTRL_IRQEN = 2, CTRL_SWAP = 4,
    STATUS_EMPTY = 0x100, STATUS_FULL = 0x200,
};

static size_t live_start;
static int irq_level = -1;

static void irq_handler(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    irq_level = level;
}

static void load_module(void)
{
    Error *err = NULL;

    module_call_init(MODULE_INIT_QOM);
    container_get(qdev_get_machine(), "/unattached");
    sysbus_get_default();
    get_system_memory();
    if (!qemu_shim_module_load(COMPAT_MODULE, &err)) {
        ck_abort_msg("loading %s: %s", COMPAT_MODULE, error_get_pretty(err));
    }
    live_start = qemu_shim_live_objects();
}

static uint32_t rd(hwaddr offset)
{
    uint32_t v = 0;

    ck_assert_int_eq(address_space_read(&address_space_memory,
                                        FIFO_BASE + offset,
                                        MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
    return v;
}

static void wr(hwaddr offset, uint32_t v)
{
    ck_assert_int_eq(address_space_write(&address_space_memory,
                                         FIFO_BASE + offset,
                                         MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
}

/* A realized, mapped compat-fifo of @depth words with its IRQ observed. */
static DeviceState *create_fifo(uint32_t depth, qemu_irq *irq)
{
    DeviceState *dev = qdev_new(FIFO_TYPE);

    qdev_prop_set_uint32(dev, "depth", depth);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, FIFO_BASE);
    *irq = qemu_allocate_irq(irq_handler, NULL, 0);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, *irq);
    return dev;
}

static void destroy_fifo(DeviceState *dev, qemu_irq irq)
{
    sysbus_mmio_unmap(SYS_BUS_DEVICE(dev), 0);
    object_unparent(OBJECT(dev));
    /* Connecting put the line under /machine/unattached, as in QEMU. */
    object_unparent(OBJECT(irq));
    qemu_free_irq(irq);
    ck_assert_uint_eq(qemu_shim_live_objects(), live_start);
}

START_TEST(test_class)
{
    ObjectClass *oc;
    DeviceClass *dc;

    load_module();
    oc = object_class_by_name(FIFO_TYPE);
    ck_assert_ptr_nonnull(oc);
    ck_assert_ptr_nonnull(object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE));
    dc = DEVICE_CLASS(oc);
    ck_assert(test_bit(DEVICE_CATEGORY_MISC, dc->categories));
    ck_assert_uint_eq(find_first_bit(dc->categories, DEVICE_CATEGORY_MAX),
                      DEVICE_CATEGORY_MISC);
    ck_assert_uint_eq(find_next_bit(dc->categories, DEVICE_CATEGORY_MAX,
                                    DEVICE_CATEGORY_MISC + 1),
                      DEVICE_CATEGORY_MAX);
    ck_assert_str_eq(dc->desc, "QEMU 7.2-style FIFO (compat test)");
    ck_assert_uint_eq(qemu_shim_live_objects(), live_start);
}
END_TEST

START_TEST(test_fifo)
{
    DeviceState *dev;
    qemu_irq irq;

    load_module();
    dev = create_fifo(3, &irq);
    ck_assert_uint_eq(rd(ID), 0x7a11);
    ck_assert_uint_eq(rd(STATUS), STATUS_EMPTY);

    wr(CTRL, 0xffffffff);               /* only the defined bits stick */
    ck_assert_uint_eq(rd(CTRL), CTRL_EN | CTRL_IRQEN | CTRL_SWAP);
    wr(CTRL, CTRL_EN);
    wr(PUSH, 0x11);
    wr(PUSH, 0x22);
    ck_assert_uint_eq(rd(STATUS), 2);
    ck_assert_int_eq(irq_level, 0);     /* pending, but IRQEN is clear */
    wr(CTRL, CTRL_EN | CTRL_IRQEN | CTRL_SWAP);
    ck_assert_int_eq(irq_level, 1);
    wr(PUSH, 0x11223344);               /* byte-swapped on the way in */
    ck_assert_uint_eq(rd(STATUS), 3 | STATUS_FULL);

    /* First in, first out; the line drops with the last word. */
    ck_assert_uint_eq(rd(POP), 0x11);
    ck_assert_uint_eq(rd(POP), 0x22);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(rd(POP), 0x44332211);
    ck_assert_int_eq(irq_level, 0);
    ck_assert_uint_eq(rd(STATUS), STATUS_EMPTY);

    /* Reset frees what is pending and clears CTRL. */
    wr(PUSH, 1);
    wr(PUSH, 2);
    ck_assert_int_eq(irq_level, 1);
    device_cold_reset(dev);
    ck_assert_uint_eq(rd(STATUS), STATUS_EMPTY);
    ck_assert_uint_eq(rd(CTRL), 0);
    ck_assert_int_eq(irq_level, 0);

    /* Words still pending at unparent are freed by instance_finalize. */
    wr(CTRL, CTRL_EN);
    wr(PUSH, 3);
    destroy_fifo(dev, irq);
}
END_TEST

/* Guest errors are logged, as a QEMU device does, and change nothing. */
START_TEST(test_guest_errors)
{
    DeviceState *dev;
    qemu_irq irq;
    g_autofree char *log = NULL;

    load_module();
    dev = create_fifo(1, &irq);
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    qemu_shim_log_capture_start();
    wr(PUSH, 5);                        /* disabled */
    ck_assert_uint_eq(rd(POP), 0);      /* empty */
    wr(CTRL, CTRL_EN);
    wr(PUSH, 6);
    wr(PUSH, 7);                        /* full */
    ck_assert_uint_eq(rd(0x20), 0);     /* no such register */
    log = qemu_shim_log_capture_take();
    ck_assert_str_eq(log,
                     "compat_fifo_write: push while disabled\n"
                     "compat_fifo_read: pop from an empty FIFO\n"
                     "compat_fifo_write: push to a full FIFO\n"
                     "compat_fifo_read: bad offset 0x20\n");
    ck_assert_uint_eq(rd(STATUS), 1 | STATUS_FULL);
    ck_assert_uint_eq(rd(POP), 6);
    destroy_fifo(dev, irq);
}
END_TEST

/* The device's realize refuses a bad property value with an Error. */
START_TEST(test_bad_depth)
{
    DeviceState *dev;
    Error *err = NULL;

    load_module();
    dev = qdev_new(FIFO_TYPE);
    qdev_prop_set_uint32(dev, "depth", 0);
    ck_assert(!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err),
                     "compat-fifo: depth must be between 1 and 255");
    error_free(err);
    ck_assert_uint_eq(qemu_shim_live_objects(), live_start);
}
END_TEST

static Suite *device_module_suite(void)
{
    Suite *s = suite_create("device-module");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_class);
    tcase_add_test(tc, test_fifo);
    tcase_add_test(tc, test_guest_errors);
    tcase_add_test(tc, test_bad_depth);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(device_module_suite());
}
