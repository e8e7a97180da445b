/*
 * MemoryRegion: how many bytes memory_region_init_io() writes, where it
 * puts what it is given, where the container keeps its subregions, and a
 * real MMIO access through the shim's MemoryRegionOps, during which the
 * owner's re-entrancy guard is engaged.
 */
#include "probe.h"
#include "exec/cpu-common.h"
#include "exec/memory.h"
#include "qapi/error.h"

/* A free spot in virt's memory map (hw/arm/virt.c) for the probe's region. */
#define PROBE_MMIO_ADDR 0x09170000
#define PROBE_REGION_SIZE 0x3570

static int probe_opaque;
static DeviceState *guard_dev;
static size_t guard_n;
static uint8_t guard_snap[PROBE_SNAP];
static bool read_args_ok;
static uint64_t written_value;

static uint64_t probe_read(void *opaque, hwaddr addr, unsigned size)
{
    if (guard_dev) {
        memcpy(guard_snap, guard_dev, guard_n);
    }
    read_args_ok = opaque == &probe_opaque && addr == 4 && size == 4;
    return 0x5eed1234;
}

static void probe_write(void *opaque, hwaddr addr, uint64_t value,
                        unsigned size)
{
    if (opaque == &probe_opaque && addr == 8 && size == 4) {
        written_value = value;
    }
}

static const MemoryRegionOps probe_ops = {
    .read = probe_read,
    .write = probe_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

/* Two sentinels, so that a byte written with one of them still shows. */
static void init_io_written(int64_t *out)
{
    static const uint8_t sentinels[] = { 0xa5, 0x5a };
    size_t most = 0;

    for (size_t i = 0; i < ARRAY_SIZE(sentinels); i++) {
        uint8_t *buf = g_malloc(PROBE_SNAP);
        memset(buf, sentinels[i], PROBE_SNAP);
        memory_region_init_io((MemoryRegion *)buf, NULL, &probe_ops,
                              &probe_opaque, NULL, PROBE_REGION_SIZE);
        most = MAX(most, probe_extent(buf, PROBE_SNAP, sentinels[i]));
    }
    out[0] = most;
}

static void region_fields(int64_t *out)
{
    size_t n = probe_real_size("size.memory-region");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    MemoryRegion *mr = g_malloc0(PROBE_SNAP);

    memory_region_init_io(mr, OBJECT(dev), &probe_ops, &probe_opaque,
                          "x-abi-mr", PROBE_REGION_SIZE);
    /* The owner first, then (7.2.22's backport) the owner as a device. */
    out[0] = probe_find_word(mr, n, from, (uintptr_t)dev, 0);
    out[1] = probe_find_word(mr, n, from, (uintptr_t)dev, 1);
    out[2] = probe_find_word(mr, n, from, (uintptr_t)&probe_ops, 0);
    out[3] = probe_find_word(mr, n, from, (uintptr_t)&probe_opaque, 0);
    /* An Int128: the low half, then a zero high half. */
    for (size_t off = ROUND_UP(from, 8); off + 16 <= n; off += 8) {
        if (probe_word(mr, off) == memory_region_size(mr) &&
            probe_word(mr, off + 8) == 0) {
            out[4] = off;
            break;
        }
    }
    out[5] = probe_find_word(mr, n, from, (uintptr_t)memory_region_name(mr), 0);
}

/*
 * A region inside a container: container, addr and priority in the
 * subregion; the container's QTAILQ head points at it, and the head's
 * tql_prev at the subregion's link, whose own tql_prev points back.
 */
static void container_fields(int64_t *out)
{
    size_t n = probe_real_size("size.memory-region");
    size_t from = probe_real_size("size.object");
    MemoryRegion *c = g_malloc0(PROBE_SNAP), *mr = g_malloc0(PROBE_SNAP);

    memory_region_init(c, NULL, NULL, 0x10000);
    memory_region_init_io(mr, NULL, &probe_ops, &probe_opaque, NULL, 0x100);
    memory_region_add_subregion_overlap(c, 0x4680, mr, 0x2468);

    out[0] = probe_find_word(mr, n, from, (uintptr_t)c, 0);
    out[1] = probe_find_word(mr, n, from, 0x4680, 0);
    out[2] = probe_find_u32(mr, n, from, 0x2468);
    int64_t head = probe_find_word(c, n, from, (uintptr_t)mr, 0);
    out[3] = head;
    if (head >= 0 && (size_t)head + 16 <= n) {
        uint64_t link = probe_word(c, head + 8) - (uintptr_t)mr;
        if (link + 16 <= n && probe_word(mr, link + 8) == (uintptr_t)c + head) {
            out[4] = link;
        }
    }
}

/* terminates: set by init_io, not by init; enabled: cleared on request. */
static void region_flags(int64_t *out)
{
    size_t n = probe_real_size("size.memory-region");
    size_t from = probe_real_size("size.object");
    MemoryRegion *a = g_malloc0(PROBE_SNAP), *b = g_malloc0(PROBE_SNAP);
    static uint8_t before[PROBE_SNAP];

    memory_region_init(a, NULL, NULL, 0x100);
    memory_region_init_io(b, NULL, &probe_ops, &probe_opaque, NULL, 0x100);
    out[0] = probe_find_flag((uint8_t *)a, (uint8_t *)b, n, from, 0, 1);
    memcpy(before, b, n);
    memory_region_set_enabled(b, false);
    out[1] = probe_find_flag(before, (uint8_t *)b, n, from, 1, 0);
}

/* A read and a write through the address space, as a CPU would do them. */
static void mmio_round_trip(int64_t *out)
{
    static uint8_t after[PROBE_SNAP];
    DeviceState *dev = probe_dev_new(NULL);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    MemoryRegion *mr = g_malloc0(PROBE_SNAP);
    uint32_t v = 0, w = 0xc0ffee;

    memory_region_init_io(mr, OBJECT(dev), &probe_ops, &probe_opaque,
                          "x-abi-mmio", 0x100);
    sysbus_init_mmio(sbd, mr);
    sysbus_realize(sbd, &error_abort);
    sysbus_mmio_map(sbd, 0, PROBE_MMIO_ADDR);

    guard_n = probe_real_size("size.device");
    guard_dev = dev;
    cpu_physical_memory_rw(PROBE_MMIO_ADDR + 4, &v, sizeof(v), false);
    guard_dev = NULL;
    memcpy(after, dev, guard_n);
    cpu_physical_memory_rw(PROBE_MMIO_ADDR + 8, &w, sizeof(w), true);

    out[0] = read_args_ok && v == 0x5eed1234 && written_value == 0xc0ffee;
    /* Engaged (1) only while the access runs. */
    out[1] = probe_find_flag(after, guard_snap, guard_n,
                             probe_real_size("size.object"), 0, 1);
}

void probe_memory(void)
{
    probe_measure(init_io_written, "written.memory_region_init_io", NULL);
    probe_measure(region_fields, "MemoryRegion.owner", "MemoryRegion.dev",
                  "MemoryRegion.ops", "MemoryRegion.opaque",
                  "MemoryRegion.size", "MemoryRegion.name", NULL);
    probe_measure(container_fields, "MemoryRegion.container",
                  "MemoryRegion.addr", "MemoryRegion.priority",
                  "MemoryRegion.subregions", "MemoryRegion.subregions_link",
                  NULL);
    probe_measure(region_flags, "MemoryRegion.terminates",
                  "MemoryRegion.enabled", NULL);
    probe_measure(mmio_round_trip, "MemoryRegionOps.round_trip",
                  "DeviceState.mem_reentrancy_guard", NULL);
}
