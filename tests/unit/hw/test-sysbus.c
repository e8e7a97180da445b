/*
 * Unit tests for hw/sysbus.h: the main system bus, MMIO regions mapped into
 * the system address space, IRQs as the "sysbus-irq" GPIO list (connected,
 * queried, intercepted), sysbus_create_*, bus reset, and VMState sections
 * registered at realize.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "qapi/error.h"
#include "hw-test.h"

#define TYPE_SB_DEV "sb-dev"

typedef struct SbDev {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq[2];
    uint32_t reg;
    int resets;
} SbDev;

#define SB_DEV(obj) OBJECT_CHECK(SbDev, (obj), TYPE_SB_DEV)

static uint64_t sb_read(void *opaque, hwaddr addr, unsigned size G_GNUC_UNUSED)
{
    SbDev *s = (SbDev *)opaque;

    return addr == 0 ? s->reg : 0xdead;
}

static void sb_write(void *opaque, hwaddr addr, uint64_t value,
                     unsigned size G_GNUC_UNUSED)
{
    SbDev *s = (SbDev *)opaque;

    if (addr == 0) {
        s->reg = (uint32_t)value;
        /* Writing a register drives the IRQs, as a UART would. */
        qemu_set_irq(s->irq[0], value & 1);
        qemu_set_irq(s->irq[1], (value >> 1) & 1);
    }
}

static const MemoryRegionOps sb_ops = {
    .read = sb_read,
    .write = sb_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void sb_init(Object *obj)
{
    SbDev *s = SB_DEV(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &sb_ops, s, "sb-dev", 0x100);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq[0]);
    sysbus_init_irq(sbd, &s->irq[1]);
}

static void sb_reset(DeviceState *dev)
{
    SB_DEV(dev)->resets++;
    SB_DEV(dev)->reg = 0;
}

static const VMStateDescription vmstate_sb = {
    .name = "sb-dev",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, SbDev),
        VMSTATE_END_OF_LIST()
    },
};

static void sb_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = sb_reset;
    dc->vmsd = &vmstate_sb;
}

static const TypeInfo sb_types[] = {
    {
        .name = TYPE_SB_DEV,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SbDev),
        .instance_init = sb_init,
        .class_init = sb_class_init,
    },
};

DEFINE_TYPES(sb_types)

static GString *trace;

static void log_handler(void *opaque, int n, int level)
{
    g_string_append_printf(trace, "%s%s%d=%d", trace->len ? " " : "",
                           (const char *)opaque, n, level);
}

static uint32_t read_reg(hwaddr addr, MemTxResult *res)
{
    uint32_t v = 0;

    *res = address_space_read(&address_space_memory, addr,
                              MEMTXATTRS_UNSPECIFIED, &v, 4);
    return v;
}

static void write_reg(hwaddr addr, uint32_t v)
{
    ck_assert_int_eq(address_space_write(&address_space_memory, addr,
                                         MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
}

/* Whether a whole-state save holds a section whose name contains @idstr. */
static bool saved_state_mentions(const char *idstr)
{
    QEMUFile *f = qemu_shim_file_new_output();
    size_t n = strlen(idstr);
    const uint8_t *data;
    bool found = false;
    size_t len, i;

    ck_assert_int_eq(qemu_shim_savevm_state(f, &error_abort), 0);
    data = qemu_shim_file_output_data(f, &len);
    for (i = 0; !found && i + n <= len; i++) {
        found = memcmp(data + i, idstr, n) == 0;
    }
    qemu_fclose(f);
    return found;
}

static void free_dev(DeviceState *dev)
{
    object_unparent(OBJECT(dev));
}

static void setup(void)
{
    hw_test_setup();
    /* The system memory region lives as long as the process. */
    get_system_memory();
    hw_test_live_start = qemu_shim_live_objects();
    trace = g_string_new(NULL);
}

static void teardown(void)
{
    g_string_free(trace, TRUE);
}

START_TEST(test_main_system_bus)
{
    BusState *bus = sysbus_get_default();

    ck_assert_str_eq(object_get_typename(OBJECT(bus)), TYPE_SYSTEM_BUS);
    ck_assert_str_eq(bus->name, "main-system-bus");
    ck_assert_ptr_eq(object_resolve_path("/machine/unattached/sysbus", NULL),
                     OBJECT(bus));
    ck_assert_ptr_eq(sysbus_get_default(), bus);
    ck_assert_ptr_eq(SYSTEM_BUS(bus), bus);
}
END_TEST

START_TEST(test_realize_on_main_bus)
{
    DeviceState *dev = qdev_new(TYPE_SB_DEV);

    ck_assert(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort));
    ck_assert_ptr_eq(qdev_get_parent_bus(dev), sysbus_get_default());
    ck_assert_str_eq(dev->canonical_path, "/machine/unattached/device[0]");
    free_dev(dev);

    /* qdev_realize without a bus also picks the main system bus. */
    dev = qdev_new(TYPE_SB_DEV);
    ck_assert(qdev_realize_and_unref(dev, NULL, &error_abort));
    ck_assert_ptr_eq(qdev_get_parent_bus(dev), sysbus_get_default());
    free_dev(dev);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_mmio_map)
{
    DeviceState *dev = qdev_new(TYPE_SB_DEV);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    MemTxResult res;

    sysbus_realize_and_unref(sbd, &error_abort);
    ck_assert_int_eq(sbd->num_mmio, 1);
    ck_assert(sysbus_has_mmio(sbd, 0));
    ck_assert(!sysbus_has_mmio(sbd, 1));
    ck_assert_ptr_eq(sysbus_mmio_get_region(sbd, 0), &SB_DEV(dev)->iomem);
    ck_assert_uint_eq(qemu_shim_sysbus_mmio_get_addr(sbd, 0), (hwaddr)-1);

    sysbus_mmio_map(sbd, 0, 0x9000000);
    ck_assert_uint_eq(qemu_shim_sysbus_mmio_get_addr(sbd, 0), 0x9000000);
    write_reg(0x9000000, 0x1234);
    ck_assert_uint_eq(SB_DEV(dev)->reg, 0x1234);
    ck_assert_uint_eq(read_reg(0x9000000, &res), 0x1234);
    ck_assert_int_eq(res, MEMTX_OK);
    ck_assert_uint_eq(read_reg(0x9000004, &res), 0xdead);

    /* Mapping again moves the region. */
    sysbus_mmio_map(sbd, 0, 0xa000000);
    read_reg(0x9000000, &res);
    ck_assert_int_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(read_reg(0xa000000, &res), 0x1234);
    ck_assert_int_eq(res, MEMTX_OK);

    sysbus_mmio_unmap(sbd, 0);
    read_reg(0xa000000, &res);
    ck_assert_int_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(qemu_shim_sysbus_mmio_get_addr(sbd, 0), (hwaddr)-1);

    /* Unparenting a mapped device unmaps it. */
    sysbus_mmio_map_overlap(sbd, 0, 0xb000000, 1);
    ck_assert_uint_eq(read_reg(0xb000000, &res), 0x1234);
    sysbus_mmio_unmap(sbd, 0);
    free_dev(dev);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_irqs)
{
    DeviceState *dev = qdev_new(TYPE_SB_DEV);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    qemu_irq *pins = qemu_allocate_irqs(log_handler, (void *)"pin", 2);

    sysbus_realize_and_unref(sbd, &error_abort);
    sysbus_mmio_map(sbd, 0, 0x9000000);
    ck_assert(sysbus_has_irq(sbd, 1));
    ck_assert(!sysbus_has_irq(sbd, 2));
    ck_assert(!sysbus_is_irq_connected(sbd, 0));
    ck_assert_str_eq(object_property_get_type(OBJECT(dev), "sysbus-irq[1]",
                                              &error_abort), "link<irq>");

    sysbus_connect_irq(sbd, 0, pins[0]);
    sysbus_connect_irq(sbd, 1, pins[1]);
    ck_assert(sysbus_is_irq_connected(sbd, 1));
    ck_assert_ptr_eq(sysbus_get_connected_irq(sbd, 1), pins[1]);

    write_reg(0x9000000, 3);
    write_reg(0x9000000, 0);
    ck_assert_str_eq(trace->str, "pin0=1 pin1=1 pin0=0 pin1=0");

    /* The host's intercept covers the sysbus IRQs, numbered in the list. */
    g_string_truncate(trace, 0);
    ck_assert(qemu_shim_gpio_intercept_out(dev, log_handler, (void *)"IRQ",
                                           &error_abort));
    write_reg(0x9000000, 2);
    ck_assert_str_eq(trace->str, "pin0=0 IRQ0=0 pin1=1 IRQ1=1");

    sysbus_mmio_unmap(sbd, 0);
    free_dev(dev);
    object_unparent(OBJECT(pins[0]));
    object_unparent(OBJECT(pins[1]));
    qemu_free_irqs(pins, 2);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_create_varargs)
{
    qemu_irq *pins = qemu_allocate_irqs(log_handler, (void *)"p", 2);
    DeviceState *dev = sysbus_create_varargs(TYPE_SB_DEV, 0x9000000,
                                             pins[0], pins[1], NULL);
    DeviceState *simple = sysbus_create_simple(TYPE_SB_DEV, (hwaddr)-1,
                                               NULL);
    MemTxResult res;

    ck_assert(dev->realized && simple->realized);
    ck_assert_ptr_eq(sysbus_get_connected_irq(SYS_BUS_DEVICE(dev), 1),
                     pins[1]);
    ck_assert(!sysbus_is_irq_connected(SYS_BUS_DEVICE(simple), 0));
    ck_assert_uint_eq(qemu_shim_sysbus_mmio_get_addr(SYS_BUS_DEVICE(simple),
                                                     0), (hwaddr)-1);
    write_reg(0x9000000, 1);
    ck_assert_str_eq(trace->str, "p0=1 p1=0");
    ck_assert_uint_eq(read_reg(0x9000000, &res), 1);

    sysbus_mmio_unmap(SYS_BUS_DEVICE(dev), 0);
    free_dev(dev);
    free_dev(simple);
    object_unparent(OBJECT(pins[0]));
    object_unparent(OBJECT(pins[1]));
    qemu_free_irqs(pins, 2);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_bus_reset)
{
    DeviceState *a = qdev_new(TYPE_SB_DEV);
    DeviceState *b = qdev_new(TYPE_SB_DEV);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(a), &error_abort);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(b), &error_abort);
    SB_DEV(a)->reg = 5;
    bus_cold_reset(sysbus_get_default());
    ck_assert_int_eq(SB_DEV(a)->resets, 1);
    ck_assert_int_eq(SB_DEV(b)->resets, 1);
    ck_assert_uint_eq(SB_DEV(a)->reg, 0);
    free_dev(a);
    free_dev(b);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_vmstate_registered_while_realized)
{
    DeviceState *dev = qdev_new(TYPE_SB_DEV);

    ck_assert(!saved_state_mentions("sb-dev"));
    sysbus_realize(SYS_BUS_DEVICE(dev), &error_abort);
    /* A sysbus device's section is named by its vmsd alone, as in QEMU. */
    ck_assert(saved_state_mentions("sb-dev"));
    qdev_unrealize(dev);
    ck_assert(!saved_state_mentions("sb-dev"));
    free_dev(dev);
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-sysbus");
    TCase *tc = tcase_create("sysbus");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_main_system_bus);
    tcase_add_test(tc, test_realize_on_main_bus);
    tcase_add_test(tc, test_mmio_map);
    tcase_add_test(tc, test_irqs);
    tcase_add_test(tc, test_create_varargs);
    tcase_add_test(tc, test_bus_reset);
    tcase_add_test(tc, test_vmstate_registered_while_realized);
    suite_add_tcase(s, tc);
    return hw_test_run(s);
}
