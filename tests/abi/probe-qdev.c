/*
 * qdev: DeviceState, DeviceClass, Property, BusState, BusChild,
 * SysBusDevice, the GPIO and clock lists, and QEMU's own PL011 state.
 * Each field is found by the value an API call puts there (or reads from
 * there), never by the shim's offsets.
 */
#include "probe.h"
#include "exec/cpu-common.h"
#include "exec/memory.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/resettable.h"
#include "migration/vmstate.h"
#include "qapi/error.h"

/* virt's UART (hw/arm/virt.c's memory map) and its flag register. */
#define VIRT_UART_BASE 0x09000000
#define PL011_FR 0x18
/* A free spot in virt's map for the probe's own regions. */
#define PROBE_MMIO_ADDR 0x09170000

static uint8_t s0[PROBE_SNAP], s1[PROBE_SNAP], s2[PROBE_SNAP], s3[PROBE_SNAP];

/* The offset of a u32 in [@from, @n) that went @a -> @b between snapshots. */
static int64_t find_u32_change(const uint8_t *x, const uint8_t *y, size_t n,
                               size_t from, uint32_t a, uint32_t b)
{
    for (size_t off = ROUND_UP(from, 4); off + 4 <= n; off += 4) {
        uint32_t u, v;
        memcpy(&u, x + off, 4);
        memcpy(&v, y + off, 4);
        if (u == a && v == b) {
            return off;
        }
    }
    return -1;
}

static void device_fields(int64_t *out)
{
    size_t n = probe_real_size("size.device");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    BusState *bus = sysbus_get_default();
    char *id = g_strdup("x-abi-id");

    qdev_set_id(dev, id, &error_abort);
    out[0] = probe_find_word(dev, n, from, (uintptr_t)id, 0);

    qdev_set_parent_bus(dev, bus, &error_abort);
    out[1] = probe_find_word(dev, n, from, (uintptr_t)bus, 0);

    /* qdev_realize() without its parent-bus step: only "realized" is new. */
    memcpy(s0, dev, n);
    object_property_set_bool(OBJECT(dev), "realized", true, &error_abort);
    memcpy(s1, dev, n);
    out[2] = probe_find_flag(s0, s1, n, from, 0, 1);

    g_autofree char *path = object_get_canonical_path(OBJECT(dev));
    out[3] = path ? probe_find_str_ptr(dev, n, from, path) : -1;
}

static void gpio_handler(void *opaque, int n, int level)
{
}

/* DeviceState.gpios heads a list of NamedGPIOList: find the word that
 * points at one naming our lines and holding our input array. */
static void gpio_fields(int64_t *out)
{
    size_t n = probe_real_size("size.device");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);

    qdev_init_gpio_in_named_with_opaque(dev, gpio_handler, NULL, "x-abi-gpio", 3);
    qemu_irq in0 = qdev_get_gpio_in_named(dev, "x-abi-gpio", 0);

    for (size_t off = ROUND_UP(from, 8); off + 8 <= n; off += 8) {
        uint8_t ngl[64];
        if (!probe_peek((void *)(uintptr_t)probe_word(dev, off), ngl, sizeof(ngl))) {
            continue;
        }
        int64_t name = probe_find_str_ptr(ngl, sizeof(ngl), 0, "x-abi-gpio");
        for (size_t k = 0; name >= 0 && k + 8 <= sizeof(ngl); k += 8) {
            uint64_t first;
            if (probe_peek((void *)(uintptr_t)probe_word(ngl, k), &first, 8) &&
                first == (uintptr_t)in0) {
                out[0] = off;
                out[1] = name;
                out[2] = k;
                out[3] = probe_find_u32(ngl, sizeof(ngl), 0, 3);
                return;
            }
        }
    }
}

/* DeviceState.clocks heads a list of NamedClockList. */
static void clock_list_fields(int64_t *out)
{
    size_t n = probe_real_size("size.device");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    Clock *clk = qdev_init_clock_in(dev, "x-abi-clk", NULL, NULL, 0);

    for (size_t off = ROUND_UP(from, 8); off + 8 <= n; off += 8) {
        uint8_t ncl[64];
        if (!probe_peek((void *)(uintptr_t)probe_word(dev, off), ncl, sizeof(ncl))) {
            continue;
        }
        int64_t name = probe_find_str_ptr(ncl, sizeof(ncl), 0, "x-abi-clk");
        int64_t clock = probe_find_word(ncl, sizeof(ncl), 0, (uintptr_t)clk, 0);
        if (name >= 0 && clock >= 0) {
            out[0] = off;
            out[1] = name;
            out[2] = clock;
            return;
        }
    }
}

/* A bus with a parent device: BusState.parent/name, DeviceState.child_bus. */
static void child_bus_fields(int64_t *out)
{
    size_t n = probe_real_size("size.device");
    size_t nb = probe_real_size("size.bus");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    BusState *bus = qbus_new("System", dev, "x-abi-bus");

    out[0] = probe_find_word(dev, n, from, (uintptr_t)bus, 0);
    out[1] = probe_find_word(bus, nb, from, (uintptr_t)dev, 0);
    out[2] = probe_find_str_ptr(bus, nb, from, "x-abi-bus");
}

/* BusState.children: a QTAILQ of BusChild, newest first; the new child's
 * sibling link points back at the list head inside the bus. */
static void bus_child_fields(int64_t *out)
{
    size_t nb = probe_real_size("size.bus");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    BusState *bus = sysbus_get_default();

    qdev_set_parent_bus(dev, bus, &error_abort);
    for (size_t off = ROUND_UP(from, 8); off + 8 <= nb; off += 8) {
        uint8_t kid[64];
        if (!probe_peek((void *)(uintptr_t)probe_word(bus, off), kid, sizeof(kid))) {
            continue;
        }
        int64_t child = probe_find_word(kid, sizeof(kid), 0, (uintptr_t)dev, 0);
        int64_t back = probe_find_word(kid, sizeof(kid), 0,
                                       (uintptr_t)bus + off, 0);
        if (child >= 0) {
            out[0] = off;
            out[1] = child;
            out[2] = back >= 8 ? back - 8 : -1;
            return;
        }
    }
}

/* ResettableState.count is 1 while the enter phase runs, 0 around it. */
static uint8_t reset_snap[PROBE_SNAP];
static size_t reset_n;
static ResettablePhases reset_parent;

static void reset_enter(Object *obj, ResetType type)
{
    memcpy(reset_snap, obj, reset_n);
}

static void reset_hook(ObjectClass *klass)
{
    ResettableClass *rc = (ResettableClass *)
        object_class_dynamic_cast(klass, TYPE_RESETTABLE_INTERFACE);

    resettable_class_set_parent_phases(rc, reset_enter, NULL, NULL,
                                       &reset_parent);
}

static void reset_fields(int64_t *out)
{
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(reset_hook);

    reset_n = probe_real_size("size.device");
    memcpy(s0, dev, reset_n);
    device_cold_reset(dev);
    memcpy(s1, dev, reset_n);
    for (size_t off = ROUND_UP(from, 4); off + 4 <= reset_n; off += 4) {
        uint32_t a, b, c;
        memcpy(&a, s0 + off, 4);
        memcpy(&b, reset_snap + off, 4);
        memcpy(&c, s1 + off, 4);
        if (a == 0 && b == 1 && c == 0) {
            out[0] = off;
            return;
        }
    }
}

/* DeviceClass fields QEMU writes: props_ (device_class_set_props) and
 * reset (device_class_set_parent_reset). The two properties also show
 * whether QEMU reads the shim's Property array: name, info, offset,
 * default and the stride between entries. */
static Property probe_props[3];
static DeviceReset parent_reset;

static void probe_reset(DeviceState *dev)
{
}

static void props_hook(ObjectClass *klass)
{
    size_t x = probe_dev_extra();

    probe_props[0] = (Property) {
        .name = "x-abi-u32", .info = &qdev_prop_uint32, .offset = x,
        .set_default = true, .defval.u = 0x1234567,
    };
    probe_props[1] = (Property) {
        .name = "x-abi-u32b", .info = &qdev_prop_uint32, .offset = x + 8,
        .set_default = true, .defval.u = 0x7654321,
    };
    device_class_set_props(DEVICE_CLASS(klass), probe_props);
    device_class_set_parent_reset(DEVICE_CLASS(klass), probe_reset,
                                  &parent_reset);
}

static uint32_t u32_at(const void *base, size_t off)
{
    uint32_t v;

    memcpy(&v, (const char *)base + off, sizeof(v));
    return v;
}

static void device_class_written(int64_t *out)
{
    size_t n = probe_real_size("class-size.device");
    size_t from = probe_real_size("class-size.object");
    DeviceState *dev = probe_dev_new(props_hook);
    ObjectClass *klass = object_get_class(OBJECT(dev));
    size_t x = probe_dev_extra();

    out[0] = probe_find_word(klass, n, from, (uintptr_t)probe_props, 0);
    out[1] = probe_find_word(klass, n, from, (uintptr_t)probe_reset, 0);
    out[2] = u32_at(dev, x) == 0x1234567 && u32_at(dev, x + 8) == 0x7654321 &&
             object_property_set_uint(OBJECT(dev), "x-abi-u32b", 42, NULL) &&
             u32_at(dev, x + 8) == 42 &&
             object_property_get_uint(OBJECT(dev), "x-abi-u32", NULL) == 0x1234567;
}

/* DeviceClass fields QEMU's own classes set: "device" is user-creatable,
 * "sys-bus-device" is not and plugs into the bus type "System". */
static void device_class_set(int64_t *out)
{
    size_t n = probe_real_size("class-size.device");
    size_t from = probe_real_size("class-size.object");
    ObjectClass *dc = object_class_by_name(TYPE_DEVICE);
    ObjectClass *sbc = object_class_by_name(TYPE_SYS_BUS_DEVICE);

    memcpy(s0, dc, n);
    memcpy(s1, sbc, n);
    out[0] = probe_find_flag(s0, s1, n, from, 1, 0);
    out[1] = probe_find_str_ptr(sbc, n, from, "System");
}

/*
 * DeviceClass fields QEMU only reads: a candidate slot gets the probe's
 * value in a child of its own, and the slot QEMU reads it from is found
 * by what QEMU does with it.
 */
static long class_slot;
static void *class_slot_value;
static const VMStateDescription probe_vmsd = { .name = "x-abi-vmsd" };

static void probe_realize(DeviceState *dev, Error **errp)
{
    error_setg(errp, "x-abi-realize");
}

static void slot_hook(ObjectClass *klass)
{
    ((void **)klass)[class_slot / 8] = class_slot_value;
}

static int try_vmsd_slot(long k)
{
    class_slot = k;
    class_slot_value = (void *)&probe_vmsd;
    DeviceState *dev = probe_dev_new(slot_hook);
    return qdev_get_vmsd(dev) == &probe_vmsd ? 0 : 1;
}

/* A realize that fails with our message; a reset hook in the slot would
 * run only after a successful realize. */
static int try_realize_slot(long k)
{
    Error *err = NULL;

    class_slot = k;
    class_slot_value = (void *)probe_realize;
    DeviceState *dev = probe_dev_new(slot_hook);
    bool ok = qdev_realize(dev, sysbus_get_default(), &err);
    return !ok && err && !strcmp(error_get_pretty(err), "x-abi-realize") ? 0 : 1;
}

static int64_t search_slot(int (*try)(long k))
{
    int64_t n = probe_real("class-size.device");
    int64_t from = probe_real("class-size.object");

    for (int64_t k = ROUND_UP(from, 8); from > 0 && k + 8 <= n; k += 8) {
        if (probe_child_status(try, k) == 0) {
            return k;
        }
    }
    return -1;
}

static void sysbus_fields(int64_t *out)
{
    size_t n = probe_real_size("size.sys-bus-device");
    size_t from = probe_real_size("size.device");
    DeviceState *dev = probe_dev_new(NULL);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    MemoryRegion *mr0 = g_malloc0(PROBE_SNAP), *mr1 = g_malloc0(PROBE_SNAP);

    memory_region_init(mr0, OBJECT(dev), "x-abi-mmio0", 0x100);
    memory_region_init(mr1, OBJECT(dev), "x-abi-mmio1", 0x100);
    memcpy(s0, dev, n);
    sysbus_init_mmio(sbd, mr0);
    memcpy(s1, dev, n);
    sysbus_init_mmio(sbd, mr1);
    memcpy(s2, dev, n);
    for (size_t off = ROUND_UP(from, 4); off + 4 <= n; off += 4) {
        if (u32_at(s0, off) == 0 && u32_at(s1, off) == 1 && u32_at(s2, off) == 2) {
            out[0] = off;
            break;
        }
    }
    out[1] = probe_find_word(dev, n, from, (uintptr_t)mr0, 0);
    out[2] = probe_find_word(dev, n, from, (uintptr_t)mr1, 0);
    sysbus_mmio_map(sbd, 1, PROBE_MMIO_ADDR);
    out[3] = probe_find_word(dev, n, from, PROBE_MMIO_ADDR, 0);

    memcpy(s0, dev, n);
    sysbus_init_ioports(sbd, 0x5a5, 2);
    memcpy(s3, dev, n);
    out[4] = find_u32_change(s0, s3, n, from, 0, 2);
    out[5] = probe_find_u32(s3, n, from, 0x5a5);
}

/* QEMU's own PL011 on virt: its state against the C reference's copy. */
static void pl011_fields(int64_t *out)
{
    size_t n = probe_real_size("size.pl011");
    size_t from = probe_real_size("size.device");
    size_t mr_size = probe_real_size("size.memory-region");
    Object *obj = object_resolve_path_type("", "pl011", NULL);
    uint32_t fr = 0;

    if (!obj) {
        return;
    }
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);
    ptrdiff_t iomem = (char *)sysbus_mmio_get_region(sbd, 0) - (char *)obj;
    if (iomem < 0 || (size_t)iomem >= n) {
        return;
    }
    out[0] = iomem;
    cpu_physical_memory_rw(VIRT_UART_BASE + PL011_FR, &fr, sizeof(fr), false);
    /* readbuff (0) comes first; flags is the first word holding FR. */
    out[1] = fr ? probe_find_u32(obj, n, iomem + mr_size, fr) : -1;
    out[2] = probe_find_word(obj, n, from,
                             (uintptr_t)sysbus_get_connected_irq(sbd, 0), 0);
    out[3] = probe_find_word(obj, n, from,
                             (uintptr_t)qdev_get_clock_in(DEVICE(obj), "clk"), 0);
}

void probe_qdev(void)
{
    probe_measure(device_fields, "DeviceState.id", "DeviceState.parent_bus",
                  "DeviceState.realized",
                  "DeviceState.canonical_path", NULL);
    probe_measure(gpio_fields, "DeviceState.gpios", "NamedGPIOList.name",
                  "NamedGPIOList.in", "NamedGPIOList.num_in", NULL);
    probe_measure(clock_list_fields, "DeviceState.clocks",
                  "NamedClockList.name", "NamedClockList.clock", NULL);
    probe_measure(child_bus_fields, "DeviceState.child_bus", "BusState.parent",
                  "BusState.name", NULL);
    probe_measure(bus_child_fields, "BusState.children", "BusChild.child",
                  "BusChild.sibling", NULL);
    probe_measure(reset_fields, "DeviceState.reset", NULL);

    probe_measure(device_class_written, "DeviceClass.props_",
                  "DeviceClass.reset", "Property.round_trip", NULL);
    probe_measure(device_class_set, "DeviceClass.user_creatable",
                  "DeviceClass.bus_type", NULL);
    probe_figure("DeviceClass.vmsd", search_slot(try_vmsd_slot));
    probe_figure("DeviceClass.realize", search_slot(try_realize_slot));

    probe_measure(sysbus_fields, "SysBusDevice.num_mmio",
                  "SysBusDevice.mmio[0].memory", "SysBusDevice.mmio[1].memory",
                  "SysBusDevice.mmio[1].addr", "SysBusDevice.num_pio",
                  "SysBusDevice.pio", NULL);
    probe_measure(pl011_fields, "PL011State.iomem", "PL011State.flags",
                  "PL011State.irq", "PL011State.clk", NULL);
}
