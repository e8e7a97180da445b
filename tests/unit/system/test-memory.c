/*
 * Unit tests for exec/memory.h: the MemoryRegionOps dispatch rules (valid,
 * impl, endianness), the splitting address_space_read/write do above them,
 * the region tree (priorities, aliases, enable, delete), unmapped accesses
 * and MemoryRegion lifetime. Expected values are derived by hand from QEMU
 * 7.2's softmmu/memory.c and softmmu/physmem.c.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qom/object.h"

/* ---- A recording test device ------------------------------------------ */

typedef struct Call {
    bool is_write;
    hwaddr addr;
    unsigned size;
    uint64_t data;
} Call;

#define TYPE_TEST_DEV "test-mem-dev"
OBJECT_DECLARE_SIMPLE_TYPE(TestDev, TEST_DEV)

struct TestDev {
    Object parent_obj;
    MemoryRegion mmio;
    MemoryRegion mmio2;
    MemoryRegion container;
    MemoryRegion ram;
    MemoryRegion alias;
    /* Register bytes: reads return them little-endian, writes store. */
    uint8_t regs[0x100];
    Call calls[64];
    unsigned ncalls;
};

static int finalized;

static void test_dev_init(Object *obj)
{
    TestDev *d = TEST_DEV(obj);

    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = 0x10 + i;
    }
}

static void test_dev_finalize(Object *obj)
{
    (void)obj;
    finalized++;
}

static const TypeInfo test_dev_info = {
    .name = TYPE_TEST_DEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(TestDev),
    .instance_init = test_dev_init,
    .instance_finalize = test_dev_finalize,
};

static void record(TestDev *d, bool is_write, hwaddr addr, unsigned size,
                   uint64_t data)
{
    ck_assert_uint_lt(d->ncalls, G_N_ELEMENTS(d->calls));
    d->calls[d->ncalls++] = (Call) { is_write, addr, size, data };
}

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)d->regs[(addr + i) % sizeof(d->regs)] << (8 * i);
    }
    record(d, false, addr, size, val);
    return val;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    TestDev *d = opaque;

    record(d, true, addr, size, data);
    for (unsigned i = 0; i < size; i++) {
        d->regs[(addr + i) % sizeof(d->regs)] = data >> (8 * i);
    }
}

static void check_call(TestDev *d, unsigned n, bool is_write, hwaddr addr,
                       unsigned size, uint64_t data)
{
    ck_assert_uint_gt(d->ncalls, n);
    ck_assert_int_eq(d->calls[n].is_write, is_write);
    ck_assert_uint_eq(d->calls[n].addr, addr);
    ck_assert_uint_eq(d->calls[n].size, size);
    ck_assert_uint_eq(d->calls[n].data, data);
}

/* Like the PL011: no valid/impl limits. */
static const MemoryRegionOps ops_plain = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

static const MemoryRegionOps ops_be = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_BIG_ENDIAN,
};

static const MemoryRegionOps ops_impl4 = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static const MemoryRegionOps ops_impl4_be = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static const MemoryRegionOps ops_valid8 = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.max_access_size = 8,
};

static const MemoryRegionOps ops_valid8_be = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid.max_access_size = 8,
};

static const MemoryRegionOps ops_valid8_impl2 = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.max_access_size = 8,
    .impl.max_access_size = 2,
};

static const MemoryRegionOps ops_unaligned = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.unaligned = true,
    .impl.unaligned = true,
};

/* The device copes with unaligned accesses but the bus refuses them. */
static const MemoryRegionOps ops_impl_unaligned_only = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl.unaligned = true,
};

static const MemoryRegionOps ops_valid4 = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static bool accepts_low(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs)
{
    (void)opaque;
    (void)size;
    (void)is_write;
    (void)attrs;
    return addr < 0x10;
}

static const MemoryRegionOps ops_accepts = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.accepts = accepts_low,
};

static MemTxResult dev_read_attrs(void *opaque, hwaddr addr, uint64_t *data,
                                  unsigned size, MemTxAttrs attrs)
{
    *data = dev_read(opaque, addr, size);
    return attrs.secure ? MEMTX_ERROR : MEMTX_OK;
}

static MemTxResult dev_write_attrs(void *opaque, hwaddr addr, uint64_t data,
                                   unsigned size, MemTxAttrs attrs)
{
    dev_write(opaque, addr, data, size);
    return attrs.secure ? MEMTX_ERROR : MEMTX_OK;
}

static const MemoryRegionOps ops_attrs = {
    .read_with_attrs = dev_read_attrs,
    .write_with_attrs = dev_write_attrs,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static const MemoryRegionOps ops_write_only = {
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* ---- Fixture: a board with its own address space ----------------------- */

#define BASE 0x1000

static size_t live_at_start;
static TestDev *board;          /* owns the root container */
static AddressSpace as;

static void setup(void)
{
    /* The permanent objects (system memory, /machine/unattached) first. */
    get_system_memory();
    live_at_start = qemu_shim_live_objects();
    finalized = 0;
    board = TEST_DEV(object_new(TYPE_TEST_DEV));
    memory_region_init(&board->container, OBJECT(board), "root", UINT64_MAX);
    address_space_init(&as, &board->container, "test");
}

static void teardown(void)
{
    address_space_destroy(&as);
    object_unref(OBJECT(board));
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}

/* A device with one MMIO region, mapped at BASE in the board. */
static TestDev *map_dev(const MemoryRegionOps *ops, uint64_t size)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));

    memory_region_init_io(&d->mmio, OBJECT(d), ops, d, "dev", size);
    memory_region_add_subregion(&board->container, BASE, &d->mmio);
    return d;
}

static void unmap_dev(TestDev *d)
{
    memory_region_del_subregion(&board->container, &d->mmio);
    object_unref(OBJECT(d));
}

static uint64_t as_read(hwaddr addr, unsigned len, MemTxResult *res)
{
    uint8_t buf[8] = { 0 };
    uint64_t val = 0;

    ck_assert_uint_le(len, 8);
    *res = address_space_read(&as, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
    for (unsigned i = 0; i < len; i++) {
        val |= (uint64_t)buf[i] << (8 * i);
    }
    return val;
}

static MemTxResult as_write(hwaddr addr, uint64_t val, unsigned len)
{
    uint8_t buf[8];

    for (unsigned i = 0; i < len; i++) {
        buf[i] = val >> (8 * i);
    }
    return address_space_write(&as, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
}

static char *capture_end(void)
{
    return qemu_shim_log_capture_take();
}

/* ---- Dispatch: impl widening and splitting ----------------------------- */

START_TEST(test_narrow_read_widened)
{
    TestDev *d = map_dev(&ops_impl4, 0x100);
    uint64_t val;

    /* A 1-byte read at 1 becomes read(1, 4); the whole value comes back. */
    ck_assert_uint_eq(memory_region_dispatch_read(&d->mmio, 1, &val, MO_8,
                                                  MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    check_call(d, 0, false, 1, 4, 0x14131211);
    ck_assert_uint_eq(val, 0x14131211);

    /* A 2-byte read at 6: read(6, 4). */
    memory_region_dispatch_read(&d->mmio, 6, &val, MO_16,
                                MEMTXATTRS_UNSPECIFIED);
    check_call(d, 1, false, 6, 4, 0x19181716);
    ck_assert_uint_eq(val, 0x19181716);
    ck_assert_uint_eq(d->ncalls, 2);
    unmap_dev(d);
}
END_TEST

START_TEST(test_narrow_read_widened_through_as)
{
    TestDev *d = map_dev(&ops_impl4, 0x100);
    MemTxResult res;

    /* Only the bytes asked for reach the buffer. */
    ck_assert_uint_eq(as_read(BASE + 1, 1, &res), 0x11);
    ck_assert_uint_eq(res, MEMTX_OK);
    check_call(d, 0, false, 1, 4, 0x14131211);
    ck_assert_uint_eq(as_read(BASE + 2, 2, &res), 0x1312);
    check_call(d, 1, false, 2, 4, 0x15141312);
    unmap_dev(d);
}
END_TEST

START_TEST(test_narrow_read_widened_big_endian)
{
    TestDev *d = map_dev(&ops_impl4_be, 0x100);
    uint64_t val;

    /*
     * Big endian: the 4-byte piece's wanted byte is its most significant
     * one: shift (1 - 4 - 0) * 8 = -24, so 0x14131211 >> 24.
     */
    memory_region_dispatch_read(&d->mmio, 1, &val, MO_8,
                                MEMTXATTRS_UNSPECIFIED);
    check_call(d, 0, false, 1, 4, 0x14131211);
    ck_assert_uint_eq(val, 0x14);

    /* 2 bytes: >> 16, then swapped into host (little-endian) order. */
    memory_region_dispatch_read(&d->mmio, 0, &val, MO_16,
                                MEMTXATTRS_UNSPECIFIED);
    ck_assert_uint_eq(val, 0x1213);
    unmap_dev(d);
}
END_TEST

START_TEST(test_narrow_write_widened)
{
    TestDev *d = map_dev(&ops_impl4, 0x100);
    TestDev *b;

    memory_region_dispatch_write(&d->mmio, 2, 0xab, MO_8,
                                 MEMTXATTRS_UNSPECIFIED);
    check_call(d, 0, true, 2, 4, 0xab);
    unmap_dev(d);

    /* Big endian: the byte goes to the top of the piece (<< 24). */
    b = map_dev(&ops_impl4_be, 0x100);
    memory_region_dispatch_write(&b->mmio, 2, 0xab, MO_8,
                                 MEMTXATTRS_UNSPECIFIED);
    check_call(b, 0, true, 2, 4, 0xab000000);
    unmap_dev(b);
}
END_TEST

START_TEST(test_wide_access_split)
{
    TestDev *d = map_dev(&ops_valid8, 0x100);
    uint64_t val;

    /* impl max defaults to 4: an 8-byte access is two calls, low first. */
    ck_assert_uint_eq(memory_region_dispatch_read(&d->mmio, 8, &val, MO_64,
                                                  MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(d->ncalls, 2);
    check_call(d, 0, false, 8, 4, 0x1b1a1918);
    check_call(d, 1, false, 12, 4, 0x1f1e1d1c);
    ck_assert_uint_eq(val, 0x1f1e1d1c1b1a1918ULL);

    memory_region_dispatch_write(&d->mmio, 0x20, 0x8877665544332211ULL,
                                 MO_64, MEMTXATTRS_UNSPECIFIED);
    check_call(d, 2, true, 0x20, 4, 0x44332211);
    check_call(d, 3, true, 0x24, 4, 0x88776655);
    unmap_dev(d);
}
END_TEST

START_TEST(test_wide_access_split_big_endian)
{
    TestDev *d = map_dev(&ops_valid8_be, 0x100);
    uint64_t val;

    /*
     * Big endian: the piece at the lower address is the high half. The
     * value is then swapped to the caller's (host) order.
     */
    memory_region_dispatch_read(&d->mmio, 8, &val, MO_64 | MO_BE,
                                MEMTXATTRS_UNSPECIFIED);
    check_call(d, 0, false, 8, 4, 0x1b1a1918);
    check_call(d, 1, false, 12, 4, 0x1f1e1d1c);
    ck_assert_uint_eq(val, 0x1b1a19181f1e1d1cULL);

    memory_region_dispatch_read(&d->mmio, 8, &val, MO_64,
                                MEMTXATTRS_UNSPECIFIED);
    ck_assert_uint_eq(val, 0x1c1d1e1f18191a1bULL);

    memory_region_dispatch_write(&d->mmio, 0x20, 0x8877665544332211ULL,
                                 MO_64 | MO_BE, MEMTXATTRS_UNSPECIFIED);
    check_call(d, 4, true, 0x20, 4, 0x88776655);
    check_call(d, 5, true, 0x24, 4, 0x44332211);
    unmap_dev(d);
}
END_TEST

START_TEST(test_split_into_impl_max)
{
    TestDev *d = map_dev(&ops_valid8_impl2, 0x100);
    uint64_t val;

    memory_region_dispatch_read(&d->mmio, 0, &val, MO_64,
                                MEMTXATTRS_UNSPECIFIED);
    ck_assert_uint_eq(d->ncalls, 4);
    check_call(d, 0, false, 0, 2, 0x1110);
    check_call(d, 3, false, 6, 2, 0x1716);
    ck_assert_uint_eq(val, 0x1716151413121110ULL);
    unmap_dev(d);
}
END_TEST

START_TEST(test_with_attrs_callbacks)
{
    TestDev *d = map_dev(&ops_attrs, 0x100);
    MemTxAttrs secure = MEMTXATTRS_UNSPECIFIED;
    uint64_t val;

    ck_assert_uint_eq(memory_region_dispatch_read(&d->mmio, 4, &val, MO_32,
                                                  MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(val, 0x17161514);
    secure.secure = 1;
    ck_assert_uint_eq(memory_region_dispatch_write(&d->mmio, 4, 1, MO_32,
                                                   secure),
                      MEMTX_ERROR);
    check_call(d, 1, true, 4, 4, 1);
    unmap_dev(d);
}
END_TEST

START_TEST(test_missing_callback)
{
    TestDev *d = map_dev(&ops_write_only, 0x100);
    g_autofree char *log = NULL;
    uint64_t val = 1;

    qemu_shim_log_capture_start();
    ck_assert_uint_eq(memory_region_dispatch_read(&d->mmio, 0, &val, MO_32,
                                                  MEMTXATTRS_UNSPECIFIED),
                      MEMTX_ERROR);
    log = capture_end();
    ck_assert_uint_eq(val, 0);
    ck_assert_ptr_nonnull(strstr(log, "region 'dev' has no read callback"));
    unmap_dev(d);
}
END_TEST

/* ---- Endianness -------------------------------------------------------- */

START_TEST(test_big_endian_through_as)
{
    TestDev *d = map_dev(&ops_be, 0x100);
    uint8_t buf[4];

    /* The device's 0x13121110 appears in memory most significant first. */
    address_space_read(&as, BASE, MEMTXATTRS_UNSPECIFIED, buf, 4);
    ck_assert_uint_eq(buf[0], 0x13);
    ck_assert_uint_eq(buf[1], 0x12);
    ck_assert_uint_eq(buf[2], 0x11);
    ck_assert_uint_eq(buf[3], 0x10);

    buf[0] = 0x11;
    buf[1] = 0x22;
    buf[2] = 0x33;
    buf[3] = 0x44;
    address_space_write(&as, BASE + 8, MEMTXATTRS_UNSPECIFIED, buf, 4);
    check_call(d, 1, true, 8, 4, 0x11223344);

    /* Two bytes: swapped as 16 bits. */
    address_space_write(&as, BASE + 0x10, MEMTXATTRS_UNSPECIFIED, buf, 2);
    check_call(d, 2, true, 0x10, 2, 0x1122);
    unmap_dev(d);
}
END_TEST

START_TEST(test_memop_byte_order)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    uint64_t val;

    /* A big-endian access to a little-endian device is swapped. */
    memory_region_dispatch_read(&d->mmio, 0, &val, MO_32 | MO_BE,
                                MEMTXATTRS_UNSPECIFIED);
    ck_assert_uint_eq(val, 0x10111213);
    memory_region_dispatch_read(&d->mmio, 0, &val, MO_32 | MO_LE,
                                MEMTXATTRS_UNSPECIFIED);
    ck_assert_uint_eq(val, 0x13121110);
    memory_region_dispatch_write(&d->mmio, 0, 0x11223344, MO_32 | MO_BE,
                                 MEMTXATTRS_UNSPECIFIED);
    check_call(d, 2, true, 0, 4, 0x44332211);
    unmap_dev(d);
}
END_TEST

/* ---- Splitting above dispatch (physmem) -------------------------------- */

START_TEST(test_as_8byte_read_split_in_4)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    MemTxResult res;

    /* valid.max unset: address_space_read issues at most 4 bytes. */
    ck_assert_uint_eq(as_read(BASE + 8, 8, &res), 0x1f1e1d1c1b1a1918ULL);
    ck_assert_uint_eq(res, MEMTX_OK);
    ck_assert_uint_eq(d->ncalls, 2);
    check_call(d, 0, false, 8, 4, 0x1b1a1918);
    check_call(d, 1, false, 12, 4, 0x1f1e1d1c);

    as_write(BASE + 0x20, 0x8877665544332211ULL, 8);
    check_call(d, 2, true, 0x20, 4, 0x44332211);
    check_call(d, 3, true, 0x24, 4, 0x88776655);
    unmap_dev(d);
}
END_TEST

START_TEST(test_as_8byte_one_dispatch_when_valid8)
{
    TestDev *d = map_dev(&ops_valid8_impl2, 0x100);
    MemTxResult res;

    /* valid.max 8: one dispatch of 8, which impl.max 2 cuts in four. */
    ck_assert_uint_eq(as_read(BASE, 8, &res), 0x1716151413121110ULL);
    ck_assert_uint_eq(d->ncalls, 4);
    check_call(d, 0, false, 0, 2, 0x1110);
    unmap_dev(d);
}
END_TEST

START_TEST(test_as_unaligned_split)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    MemTxResult res;

    /*
     * readl at offset 1 of a device without impl.unaligned (the PL011
     * case): pieces no larger than their address's alignment: 1 byte at 1,
     * 2 bytes at 2, then the last byte at 4.
     */
    ck_assert_uint_eq(as_read(BASE + 1, 4, &res), 0x14131211);
    ck_assert_uint_eq(res, MEMTX_OK);
    ck_assert_uint_eq(d->ncalls, 3);
    check_call(d, 0, false, 1, 1, 0x11);
    check_call(d, 1, false, 2, 2, 0x1312);
    check_call(d, 2, false, 4, 1, 0x14);

    /* readl at 3: 1 at 3, then 2 at 4 (4 is 4-aligned, 3 bytes left), 1 at 6. */
    d->ncalls = 0;
    as_read(BASE + 3, 4, &res);
    ck_assert_uint_eq(d->ncalls, 3);
    check_call(d, 0, false, 3, 1, 0x13);
    check_call(d, 1, false, 4, 2, 0x1514);
    check_call(d, 2, false, 6, 1, 0x16);

    /* readw at 1: two single bytes. */
    d->ncalls = 0;
    ck_assert_uint_eq(as_read(BASE + 1, 2, &res), 0x1211);
    ck_assert_uint_eq(d->ncalls, 2);
    check_call(d, 1, false, 2, 1, 0x12);

    /* readq at 2: 2 at 2, 4 at 4, 2 at 8. */
    d->ncalls = 0;
    ck_assert_uint_eq(as_read(BASE + 2, 8, &res), 0x1918171615141312ULL);
    ck_assert_uint_eq(d->ncalls, 3);
    check_call(d, 0, false, 2, 2, 0x1312);
    check_call(d, 1, false, 4, 4, 0x17161514);
    check_call(d, 2, false, 8, 2, 0x1918);

    /* writel at 1: the same pieces, each with its bytes of the value. */
    d->ncalls = 0;
    as_write(BASE + 0x41, 0x44332211, 4);
    ck_assert_uint_eq(d->ncalls, 3);
    check_call(d, 0, true, 0x41, 1, 0x11);
    check_call(d, 1, true, 0x42, 2, 0x3322);
    check_call(d, 2, true, 0x44, 1, 0x44);
    unmap_dev(d);
}
END_TEST

START_TEST(test_as_unaligned_allowed)
{
    TestDev *d = map_dev(&ops_unaligned, 0x100);
    MemTxResult res;

    /* impl.unaligned: one access at the unaligned address. */
    ck_assert_uint_eq(as_read(BASE + 1, 4, &res), 0x14131211);
    ck_assert_uint_eq(res, MEMTX_OK);
    ck_assert_uint_eq(d->ncalls, 1);
    check_call(d, 0, false, 1, 4, 0x14131211);
    unmap_dev(d);
}
END_TEST

START_TEST(test_as_unaligned_rejected)
{
    TestDev *d = map_dev(&ops_impl_unaligned_only, 0x100);
    g_autofree char *log = NULL;
    MemTxResult res;

    /* Not split (impl.unaligned) but refused (!valid.unaligned). */
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_read(BASE + 1, 4, &res), 0);
    log = capture_end();
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(d->ncalls, 0);
    ck_assert_str_eq(log, "Invalid read at addr 0x1, size 4, region 'dev', "
                          "reason: unaligned\n");
    unmap_dev(d);
}
END_TEST

START_TEST(test_access_past_region_end)
{
    TestDev *d = map_dev(&ops_plain, 0x10);
    g_autofree char *log = NULL;
    MemTxResult res;

    /* 4 bytes at 0xe: 2 from the device, 2 from nothing. */
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_read(BASE + 0xe, 4, &res), 0x1f1e);
    log = capture_end();
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(d->ncalls, 1);
    check_call(d, 0, false, 0xe, 2, 0x1f1e);
    ck_assert_str_eq(log, "Invalid read at addr 0x1010, size 2, "
                          "region '(null)', reason: rejected\n");
    unmap_dev(d);
}
END_TEST

/* ---- valid: rejection ---------------------------------------------------- */

START_TEST(test_valid_accepts)
{
    TestDev *d = map_dev(&ops_accepts, 0x100);
    g_autofree char *log = NULL;
    MemTxResult res;

    ck_assert_uint_eq(as_read(BASE + 0xc, 4, &res), 0x1f1e1d1c);
    ck_assert_uint_eq(res, MEMTX_OK);

    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_read(BASE + 0x10, 4, &res), 0);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(as_write(BASE + 0x14, 0x12345678, 4),
                      MEMTX_DECODE_ERROR);
    log = capture_end();
    ck_assert_uint_eq(d->ncalls, 1);
    ck_assert_str_eq(log,
        "Invalid read at addr 0x10, size 4, region 'dev', reason: rejected\n"
        "Invalid write at addr 0x14, size 4, region 'dev', reason: rejected\n");
    ck_assert_uint_eq(d->regs[0x14], 0x24);
    unmap_dev(d);
}
END_TEST

START_TEST(test_valid_size)
{
    TestDev *d = map_dev(&ops_valid4, 0x100);
    g_autofree char *log = NULL;
    MemTxResult res;
    uint64_t val = 0xdead;

    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_read(BASE + 4, 1, &res), 0);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(memory_region_dispatch_read(&d->mmio, 8, &val, MO_64,
                                                  MEMTXATTRS_UNSPECIFIED),
                      MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(val, 0);
    log = capture_end();
    ck_assert_uint_eq(d->ncalls, 0);
    ck_assert_str_eq(log,
        "Invalid read at addr 0x4, size 1, region 'dev', reason: invalid "
        "size (min:4 max:4)\n"
        "Invalid read at addr 0x8, size 8, region 'dev', reason: invalid "
        "size (min:4 max:4)\n");

    /* An 8-byte buffer access is two valid 4-byte ones. */
    ck_assert_uint_eq(as_read(BASE, 8, &res), 0x1716151413121110ULL);
    ck_assert_uint_eq(res, MEMTX_OK);
    unmap_dev(d);
}
END_TEST

START_TEST(test_access_valid_helper)
{
    TestDev *d = map_dev(&ops_valid4, 0x100);
    g_autofree char *log = NULL;

    ck_assert(address_space_access_valid(&as, BASE, 8, false,
                                         MEMTXATTRS_UNSPECIFIED));
    qemu_shim_log_capture_start();
    ck_assert(!address_space_access_valid(&as, BASE + 2, 2, true,
                                          MEMTXATTRS_UNSPECIFIED));
    log = capture_end();
    ck_assert_ptr_nonnull(strstr(log, "Invalid write at addr 0x2, size 2"));
    ck_assert_uint_eq(d->ncalls, 0);
    unmap_dev(d);
}
END_TEST

/* ---- Unmapped addresses ------------------------------------------------ */

START_TEST(test_unmapped)
{
    g_autofree char *log = NULL;
    uint8_t buf[8];
    MemTxResult res;

    memset(buf, 0xff, sizeof(buf));
    qemu_shim_log_capture_start();
    res = address_space_read(&as, 0x2000, MEMTXATTRS_UNSPECIFIED, buf, 8);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(as_write(0x3001, 0xaabbccdd, 4), MEMTX_DECODE_ERROR);
    log = capture_end();
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_uint_eq(buf[i], 0);
    }
    /* Split like any region without limits: 4 + 4, and 1 + 2 + 1. */
    ck_assert_str_eq(log,
        "Invalid read at addr 0x2000, size 4, region '(null)', reason: rejected\n"
        "Invalid read at addr 0x2004, size 4, region '(null)', reason: rejected\n"
        "Invalid write at addr 0x3001, size 1, region '(null)', reason: rejected\n"
        "Invalid write at addr 0x3002, size 2, region '(null)', reason: rejected\n"
        "Invalid write at addr 0x3004, size 1, region '(null)', reason: rejected\n");
}
END_TEST

START_TEST(test_unmapped_not_logged_without_mask)
{
    g_autofree char *log = NULL;
    MemTxResult res;

    qemu_set_log(0, &error_abort);
    qemu_shim_log_capture_start();
    as_read(0x2000, 4, &res);
    log = capture_end();
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_str_eq(log, "");
}
END_TEST

START_TEST(test_ld_st_single_access)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    g_autofree char *log = NULL;
    MemTxResult res;

    ck_assert_uint_eq(address_space_ldl_le(&as, BASE + 4,
                                           MEMTXATTRS_UNSPECIFIED, &res),
                      0x17161514);
    ck_assert_uint_eq(res, MEMTX_OK);
    ck_assert_uint_eq(address_space_ldl_be(&as, BASE + 4,
                                           MEMTXATTRS_UNSPECIFIED, NULL),
                      0x14151617);
    ck_assert_uint_eq(address_space_lduw(&as, BASE + 2,
                                         MEMTXATTRS_UNSPECIFIED, NULL),
                      0x1312);
    ck_assert_uint_eq(address_space_ldub(&as, BASE + 3,
                                         MEMTXATTRS_UNSPECIFIED, NULL),
                      0x13);
    address_space_stl_be(&as, BASE + 8, 0x11223344, MEMTXATTRS_UNSPECIFIED,
                         &res);
    ck_assert_uint_eq(res, MEMTX_OK);
    check_call(d, 4, true, 8, 4, 0x44332211);

    /* Never split: an unaligned ldl is refused whole. */
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(address_space_ldl(&as, BASE + 1,
                                        MEMTXATTRS_UNSPECIFIED, &res), 0);
    log = capture_end();
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_str_eq(log, "Invalid read at addr 0x1, size 4, region 'dev', "
                          "reason: unaligned\n");
    unmap_dev(d);
}
END_TEST

/* ---- The region tree --------------------------------------------------- */

/* Which device answers at @addr (0 = nothing). */
static int who(TestDev *a, TestDev *b, hwaddr addr)
{
    unsigned na = a->ncalls, nb = b ? b->ncalls : 0;
    MemTxResult res;

    as_read(addr, 1, &res);
    if (a->ncalls != na) {
        return 1;
    }
    if (b && b->ncalls != nb) {
        return 2;
    }
    return 0;
}

static TestDev *new_dev(const char *name, uint64_t size)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));

    memory_region_init_io(&d->mmio, OBJECT(d), &ops_plain, d, name, size);
    return d;
}

START_TEST(test_overlap_priority)
{
    TestDev *a = new_dev("a", 0x100);
    TestDev *b = new_dev("b", 0x100);

    memory_region_add_subregion_overlap(&board->container, 0x0, &a->mmio, 0);
    memory_region_add_subregion_overlap(&board->container, 0x80, &b->mmio, 1);
    ck_assert_int_eq(who(a, b, 0x7f), 1);
    ck_assert_int_eq(who(a, b, 0x80), 2);
    ck_assert_int_eq(who(a, b, 0xff), 2);
    ck_assert_int_eq(who(a, b, 0x17f), 2);
    ck_assert_int_eq(who(a, b, 0x180), 0);
    /* b is offset 0 of its region at 0x80. */
    b->ncalls = 0;
    who(a, b, 0x90);
    check_call(b, 0, false, 0x10, 1, 0x20);

    /* Moving b under a: a shows through again. */
    memory_region_del_subregion(&board->container, &b->mmio);
    memory_region_add_subregion_overlap(&board->container, 0x80, &b->mmio,
                                        -1);
    ck_assert_int_eq(who(a, b, 0x80), 1);
    ck_assert_int_eq(who(a, b, 0x100), 2);

    memory_region_del_subregion(&board->container, &a->mmio);
    memory_region_del_subregion(&board->container, &b->mmio);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}
END_TEST

START_TEST(test_equal_priority_last_wins)
{
    TestDev *a = new_dev("a", 0x100);
    TestDev *b = new_dev("b", 0x100);

    memory_region_add_subregion_overlap(&board->container, 0x0, &a->mmio, 0);
    memory_region_add_subregion_overlap(&board->container, 0x80, &b->mmio, 0);
    ck_assert_int_eq(who(a, b, 0x90), 2);
    memory_region_del_subregion(&board->container, &a->mmio);
    memory_region_add_subregion_overlap(&board->container, 0x0, &a->mmio, 0);
    ck_assert_int_eq(who(a, b, 0x90), 1);
    ck_assert_int_eq(who(a, b, 0x110), 2);

    memory_region_del_subregion(&board->container, &a->mmio);
    memory_region_del_subregion(&board->container, &b->mmio);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}
END_TEST

START_TEST(test_nested_containers)
{
    TestDev *a = new_dev("a", 0x10);
    TestDev *b = new_dev("b", 0x100);

    /* A container at 0x4000 holding a at 0x20; b below the container. */
    memory_region_init(&a->container, OBJECT(a), "box", 0x100);
    memory_region_add_subregion(&a->container, 0x20, &a->mmio);
    memory_region_add_subregion_overlap(&board->container, 0x4000,
                                        &a->container, 1);
    memory_region_add_subregion(&board->container, 0x4000, &b->mmio);

    ck_assert_int_eq(who(a, b, 0x4024), 1);
    check_call(a, 0, false, 0x4, 1, 0x14);
    /* The container's empty parts let b through. */
    ck_assert_int_eq(who(a, b, 0x4000), 2);
    ck_assert_int_eq(who(a, b, 0x4030), 2);

    /* A container clips its subregions to its size. */
    memory_region_del_subregion(&a->container, &a->mmio);
    memory_region_add_subregion(&a->container, 0xf8, &a->mmio);
    ck_assert_int_eq(who(a, b, 0x40ff), 1);
    ck_assert_int_eq(who(a, b, 0x4100), 0);

    memory_region_del_subregion(&board->container, &a->container);
    memory_region_del_subregion(&board->container, &b->mmio);
    memory_region_del_subregion(&a->container, &a->mmio);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}
END_TEST

START_TEST(test_io_region_with_subregion)
{
    TestDev *a = new_dev("a", 0x100);
    TestDev *b = new_dev("b", 0x10);

    /* Subregions of an MMIO region cover it; the rest is the region. */
    memory_region_add_subregion(&a->mmio, 0x40, &b->mmio);
    memory_region_add_subregion(&board->container, 0x0, &a->mmio);
    ck_assert_int_eq(who(a, b, 0x3f), 1);
    ck_assert_int_eq(who(a, b, 0x40), 2);
    ck_assert_int_eq(who(a, b, 0x50), 1);
    a->ncalls = 0;
    who(a, b, 0x50);
    check_call(a, 0, false, 0x50, 1, 0x60);

    memory_region_del_subregion(&board->container, &a->mmio);
    memory_region_del_subregion(&a->mmio, &b->mmio);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}
END_TEST

START_TEST(test_del_subregion)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    g_autofree char *log = NULL;
    MemTxResult res;

    ck_assert(memory_region_is_mapped(&d->mmio));
    ck_assert_uint_eq(as_read(BASE, 1, &res), 0x10);
    memory_region_del_subregion(&board->container, &d->mmio);
    ck_assert(!memory_region_is_mapped(&d->mmio));
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_read(BASE, 1, &res), 0);
    log = capture_end();
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(d->ncalls, 1);
    ck_assert_str_eq(log, "Invalid read at addr 0x1000, size 1, "
                          "region '(null)', reason: rejected\n");
    object_unref(OBJECT(d));
}
END_TEST

START_TEST(test_disabled_region)
{
    TestDev *a = new_dev("a", 0x100);
    TestDev *b = new_dev("b", 0x100);
    MemTxResult res;

    memory_region_add_subregion_overlap(&board->container, 0x0, &a->mmio, 0);
    memory_region_add_subregion_overlap(&board->container, 0x0, &b->mmio, 1);
    ck_assert_int_eq(who(a, b, 0x10), 2);
    memory_region_set_enabled(&b->mmio, false);
    ck_assert_int_eq(who(a, b, 0x10), 1);
    memory_region_set_enabled(&a->mmio, false);
    ck_assert_int_eq(who(a, b, 0x10), 0);
    as_read(0x10, 1, &res);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    memory_region_set_enabled(&b->mmio, true);
    ck_assert_int_eq(who(a, b, 0x10), 2);

    /* A disabled container hides everything in it. */
    memory_region_set_enabled(&board->container, false);
    ck_assert_int_eq(who(a, b, 0x10), 0);
    memory_region_set_enabled(&board->container, true);

    memory_region_del_subregion(&board->container, &a->mmio);
    memory_region_del_subregion(&board->container, &b->mmio);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}
END_TEST

START_TEST(test_set_address_and_size)
{
    TestDev *d = map_dev(&ops_plain, 0x100);

    ck_assert_int_eq(who(d, NULL, BASE + 0xff), 1);
    memory_region_set_size(&d->mmio, 0x80);
    ck_assert_uint_eq(memory_region_size(&d->mmio), 0x80);
    ck_assert_int_eq(who(d, NULL, BASE + 0x7f), 1);
    ck_assert_int_eq(who(d, NULL, BASE + 0x80), 0);
    memory_region_set_address(&d->mmio, 0x8000);
    ck_assert_int_eq(who(d, NULL, BASE), 0);
    ck_assert_int_eq(who(d, NULL, 0x8000), 1);
    memory_region_set_address(&d->mmio, BASE);
    unmap_dev(d);
}
END_TEST

/*
 * The view remembers the range it found last: the addresses on either side
 * of it, and its neighbour, still go where the map says, in any order.
 */
START_TEST(test_lookup_remembers_last_range)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    TestDev *e = TEST_DEV(object_new(TYPE_TEST_DEV));

    memory_region_init_io(&e->mmio, OBJECT(e), &ops_plain, e, "e", 0x100);
    memory_region_add_subregion(&board->container, BASE + 0x100, &e->mmio);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(who(d, NULL, BASE + 0x10), 1);
        ck_assert_int_eq(who(d, NULL, BASE - 1), 0);
        ck_assert_int_eq(who(d, NULL, BASE), 1);
        ck_assert_int_eq(who(d, NULL, BASE + 0xff), 1);
        ck_assert_int_eq(who(e, NULL, BASE + 0x100), 1);
        ck_assert_int_eq(who(d, NULL, BASE + 0x100), 0);
        ck_assert_int_eq(who(e, NULL, BASE + 0x1ff), 1);
        ck_assert_int_eq(who(e, NULL, BASE + 0x200), 0);
        ck_assert_int_eq(who(d, NULL, BASE + 0x80), 1);
    }
    /* A new map is a new view: nothing remembered from the old one. */
    memory_region_del_subregion(&board->container, &e->mmio);
    ck_assert_int_eq(who(e, NULL, BASE + 0x100), 0);
    object_unref(OBJECT(e));
    unmap_dev(d);
}
END_TEST

START_TEST(test_alias)
{
    TestDev *d = new_dev("d", 0x100);
    MemTxResult res;

    /* A 0x10-byte window onto d at offset 0x40, mapped at 0x9000. */
    memory_region_init_alias(&d->alias, OBJECT(d), "win", &d->mmio, 0x40,
                             0x10);
    memory_region_add_subregion(&board->container, 0x9000, &d->alias);
    ck_assert(memory_region_is_mapped(&d->mmio));
    ck_assert_uint_eq(as_read(0x9004, 1, &res), 0x54);
    check_call(d, 0, false, 0x44, 1, 0x54);
    as_read(0x9010, 1, &res);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);

    memory_region_set_alias_offset(&d->alias, 0x80);
    ck_assert_uint_eq(as_read(0x9004, 1, &res), 0x94);

    memory_region_del_subregion(&board->container, &d->alias);
    ck_assert(!memory_region_is_mapped(&d->mmio));
    object_unref(OBJECT(d));
}
END_TEST

START_TEST(test_find)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    MemoryRegionSection s;

    s = memory_region_find(&board->container, BASE + 0x10, 0x1000);
    ck_assert_ptr_eq(s.mr, &d->mmio);
    ck_assert_uint_eq(s.offset_within_region, 0x10);
    ck_assert_uint_eq(s.offset_within_address_space, BASE + 0x10);
    ck_assert(int128_eq(s.size, int128_make64(0xf0)));
    memory_region_unref(s.mr);

    s = memory_region_find(&board->container, 0, 0x10);
    ck_assert_ptr_null(s.mr);
    unmap_dev(d);
}
END_TEST

START_TEST(test_many_regions)
{
    enum { N = 1000 };
    MemoryRegion *mrs = g_new0(MemoryRegion, N);
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    MemTxResult res;

    /* Mapped in a shuffled order; every one must still be found. */
    memory_region_transaction_begin();
    for (unsigned i = 0; i < N; i++) {
        unsigned k = (i * 7919) % N;
        g_autofree char *name = g_strdup_printf("r%u", k);

        memory_region_init_io(&mrs[k], OBJECT(d), &ops_plain, d, name, 0x10);
        memory_region_add_subregion(&board->container, 0x100000 + k * 0x20,
                                    &mrs[k]);
    }
    memory_region_transaction_commit();
    qemu_set_log(0, &error_abort);
    for (unsigned k = 0; k < N; k++) {
        d->ncalls = 0;
        as_read(0x100000 + k * 0x20 + 3, 1, &res);
        ck_assert_uint_eq(res, MEMTX_OK);
        ck_assert_uint_eq(d->ncalls, 1);
        check_call(d, 0, false, 3, 1, 0x13);
        as_read(0x100000 + k * 0x20 + 0x10, 1, &res);
        ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    }
    memory_region_transaction_begin();
    for (unsigned k = 0; k < N; k++) {
        memory_region_del_subregion(&board->container, &mrs[k]);
    }
    memory_region_transaction_commit();
    object_unref(OBJECT(d));
    g_free(mrs);
}
END_TEST

/* ---- RAM ----------------------------------------------------------------- */

START_TEST(test_ram_direct)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    uint8_t *host;
    uint8_t buf[16];
    MemTxResult res;

    memory_region_init_ram(&d->ram, OBJECT(d), "ram", 0x1000, &error_abort);
    ck_assert(memory_region_is_ram(&d->ram));
    host = memory_region_get_ram_ptr(&d->ram);
    ck_assert_uint_eq(host[0], 0);
    memory_region_add_subregion(&board->container, 0x10000, &d->ram);

    /* Unaligned and long: RAM is copied, never split. */
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = i + 1;
    }
    ck_assert_uint_eq(address_space_write(&as, 0x10003, MEMTXATTRS_UNSPECIFIED,
                                          buf, sizeof(buf)),
                      MEMTX_OK);
    ck_assert_uint_eq(host[3], 1);
    ck_assert_uint_eq(host[18], 16);
    ck_assert_uint_eq(as_read(0x10003, 8, &res), 0x0807060504030201ULL);
    ck_assert_uint_eq(address_space_ldl_be(&as, 0x10003,
                                           MEMTXATTRS_UNSPECIFIED, NULL),
                      0x01020304);
    address_space_stw_le(&as, 0x10000, 0xbeef, MEMTXATTRS_UNSPECIFIED, &res);
    ck_assert_uint_eq(host[0], 0xef);
    ck_assert_uint_eq(host[1], 0xbe);

    /* A write across the end of RAM: the RAM part lands, the rest fails. */
    qemu_set_log(0, &error_abort);
    ck_assert_uint_eq(as_write(0x10ffe, 0x44332211, 4), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(host[0xffe], 0x11);
    ck_assert_uint_eq(host[0xfff], 0x22);

    memory_region_del_subregion(&board->container, &d->ram);
    object_unref(OBJECT(d));
}
END_TEST

START_TEST(test_rom_readonly)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    g_autofree char *log = NULL;
    uint8_t *host;
    MemTxResult res;

    memory_region_init_rom(&d->ram, OBJECT(d), "rom", 0x100, &error_abort);
    ck_assert(memory_region_is_rom(&d->ram));
    host = memory_region_get_ram_ptr(&d->ram);
    host[4] = 0x5a;
    memory_region_add_subregion(&board->container, 0x20000, &d->ram);
    ck_assert_uint_eq(as_read(0x20004, 1, &res), 0x5a);

    qemu_shim_log_capture_start();
    ck_assert_uint_eq(as_write(0x20004, 0, 1), MEMTX_DECODE_ERROR);
    log = capture_end();
    ck_assert_uint_eq(host[4], 0x5a);
    ck_assert_str_eq(log, "Invalid write at addr 0x4, size 1, region 'rom', "
                          "reason: rejected\n");
    memory_region_del_subregion(&board->container, &d->ram);
    object_unref(OBJECT(d));
}
END_TEST

START_TEST(test_ram_too_big)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    Error *err = NULL;

    memory_region_init_ram(&d->ram, OBJECT(d), "huge", UINT64_C(1) << 50,
                           &err);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err),
                     "cannot set up guest memory 'huge': "
                     "Cannot allocate memory");
    error_free(err);
    ck_assert_uint_eq(memory_region_size(&d->ram), 0);
    object_unref(OBJECT(d));
}
END_TEST

START_TEST(test_memtx_attrs_memory)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    g_autofree char *log = NULL;
    uint8_t buf[4];

    attrs.memory = 1;
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(address_space_read(&as, BASE, attrs, buf, 4),
                      MEMTX_ACCESS_ERROR);
    log = capture_end();
    ck_assert_uint_eq(d->ncalls, 0);
    ck_assert_str_eq(log, "Invalid access to non-RAM device at addr 0x1000, "
                          "size 4, region 'dev'\n");
    unmap_dev(d);
}
END_TEST

/* ---- Lifetime ------------------------------------------------------------ */

START_TEST(test_owner_lifetime)
{
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    Object *child;

    memory_region_init_io(&d->mmio, OBJECT(d), &ops_plain, d, "my/reg", 0x10);
    ck_assert_ptr_eq(memory_region_owner(&d->mmio), OBJECT(d));
    ck_assert_str_eq(memory_region_name(&d->mmio), "my/reg");
    /* A QOM child of its owner, with the name escaped. */
    child = object_resolve_path_component(OBJECT(d), "my\\x2freg[0]");
    ck_assert_ptr_eq(child, OBJECT(&d->mmio));

    /* Mapping keeps the owner alive. */
    ck_assert_uint_eq(OBJECT(d)->ref, 1);
    memory_region_add_subregion(&board->container, BASE, &d->mmio);
    ck_assert_uint_gt(OBJECT(d)->ref, 1);
    object_unref(OBJECT(d));
    ck_assert_int_eq(finalized, 0);
    ck_assert_uint_eq(as_read(BASE, 1, &(MemTxResult){ 0 }), 0x10);

    /* Unmapping drops the last reference: owner and region go. */
    memory_region_del_subregion(&board->container, &d->mmio);
    ck_assert_int_eq(finalized, 1);
}
END_TEST

START_TEST(test_qom_properties)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    g_autofree char *container = NULL;
    g_autofree char *root_path = NULL;
    g_autofree char *none = NULL;

    memory_region_init_io(&d->mmio2, OBJECT(d), &ops_plain, d, "spare", 8);
    ck_assert_uint_eq(object_property_get_uint(OBJECT(&d->mmio), "addr",
                                               &error_abort), BASE);
    ck_assert_uint_eq(object_property_get_uint(OBJECT(&d->mmio), "size",
                                               &error_abort), 0x100);
    ck_assert_int_eq(object_property_get_int(OBJECT(&d->mmio), "priority",
                                             &error_abort), 0);
    /* The container's QOM path; "" when unmapped or not in the tree. */
    none = object_property_get_str(OBJECT(&d->mmio2), "container",
                                   &error_abort);
    ck_assert_str_eq(none, "");
    memory_region_add_subregion(get_system_memory(), 0x7000, &d->mmio2);
    container = object_property_get_str(OBJECT(&d->mmio2), "container",
                                        &error_abort);
    root_path = object_get_canonical_path(OBJECT(get_system_memory()));
    ck_assert_str_eq(root_path, "/machine/unattached/system[0]");
    ck_assert_str_eq(container, root_path);
    memory_region_del_subregion(get_system_memory(), &d->mmio2);
    ck_assert_uint_eq(object_property_get_uint(OBJECT(&board->container),
                                               "size", &error_abort),
                      UINT64_MAX);
    unmap_dev(d);
}
END_TEST

START_TEST(test_ownerless_region)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    size_t before = qemu_shim_live_objects();
    Object *found;

    memory_region_init_io(mr, NULL, &ops_plain, NULL, "loose", 0x10);
    ck_assert_uint_eq(qemu_shim_live_objects(), before + 1);
    found = object_resolve_path("/machine/unattached/loose[0]", NULL);
    ck_assert_ptr_eq(found, OBJECT(mr));
    object_unparent(OBJECT(mr));
    ck_assert_uint_eq(qemu_shim_live_objects(), before);
    g_free(mr);
}
END_TEST

START_TEST(test_misuse_is_reported)
{
    TestDev *d = map_dev(&ops_plain, 0x100);
    TestDev *e = new_dev("e", 0x10);

    /* Mapping twice and deleting from the wrong container: no effect. */
    memory_region_add_subregion(&board->container, 0x5000, &d->mmio);
    ck_assert_int_eq(who(d, NULL, BASE), 1);
    ck_assert_int_eq(who(d, NULL, 0x5000), 0);
    memory_region_del_subregion(&board->container, &e->mmio);
    ck_assert(!memory_region_is_mapped(&e->mmio));

    /* A region inside itself, directly or through a container: refused. */
    memory_region_init(&e->container, OBJECT(e), "box", 0x100);
    memory_region_add_subregion(&e->container, 0, &e->container);
    ck_assert(!memory_region_is_mapped(&e->container));
    memory_region_add_subregion(&e->container, 0, &e->mmio);
    memory_region_add_subregion(&e->mmio, 0, &e->container);
    ck_assert(!memory_region_is_mapped(&e->container));
    memory_region_del_subregion(&e->container, &e->mmio);
    object_unref(OBJECT(e));
    unmap_dev(d);
}
END_TEST

START_TEST(test_alias_loop)
{
    TestDev *d = new_dev("d", 0x100);
    MemTxResult res;

    /*
     * Two aliases of the container they sit in would recurse forever (and
     * branch at every level); the loop is cut, the rest still works.
     */
    memory_region_init(&d->container, OBJECT(d), "box", 0x100);
    memory_region_init_alias(&d->alias, OBJECT(d), "loop", &d->container, 0,
                             0x100);
    memory_region_init_alias(&d->mmio2, OBJECT(d), "loop2", &d->container, 0,
                             0x100);
    memory_region_add_subregion(&d->container, 0, &d->alias);
    memory_region_add_subregion(&d->container, 0x80, &d->mmio2);
    memory_region_add_subregion(&d->container, 0x10, &d->mmio);
    memory_region_add_subregion(&board->container, 0x6000, &d->container);
    qemu_set_log(0, &error_abort);
    as_read(0x6000, 4, &res);
    ck_assert_uint_eq(res, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(as_read(0x6010, 1, &res), 0x10);
    ck_assert_uint_eq(res, MEMTX_OK);

    memory_region_del_subregion(&board->container, &d->container);
    memory_region_del_subregion(&d->container, &d->alias);
    memory_region_del_subregion(&d->container, &d->mmio2);
    memory_region_del_subregion(&d->container, &d->mmio);
    object_unref(OBJECT(d));
}
END_TEST

/* ---- System memory ------------------------------------------------------- */

START_TEST(test_system_memory)
{
    MemoryRegion *sys = get_system_memory();
    TestDev *d = TEST_DEV(object_new(TYPE_TEST_DEV));
    uint8_t buf[4];

    ck_assert_ptr_eq(get_system_memory(), sys);
    ck_assert_str_eq(memory_region_name(sys), "system");
    ck_assert_uint_eq(memory_region_size(sys), UINT64_MAX);
    ck_assert_ptr_eq(address_space_memory.root, sys);

    memory_region_init_io(&d->mmio, OBJECT(d), &ops_plain, d, "dev", 0x1000);
    memory_region_add_subregion(sys, 0x09000000, &d->mmio);
    cpu_physical_memory_read(0x09000004, buf, 4);
    ck_assert_uint_eq(buf[0], 0x14);
    ck_assert_uint_eq(address_space_ldl(&address_space_memory, 0x09000000,
                                        MEMTXATTRS_UNSPECIFIED, NULL),
                      0x13121110);
    memory_region_del_subregion(sys, &d->mmio);
    object_unref(OBJECT(d));
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc;

    tc = tcase_create("dispatch");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_narrow_read_widened);
    tcase_add_test(tc, test_narrow_read_widened_through_as);
    tcase_add_test(tc, test_narrow_read_widened_big_endian);
    tcase_add_test(tc, test_narrow_write_widened);
    tcase_add_test(tc, test_wide_access_split);
    tcase_add_test(tc, test_wide_access_split_big_endian);
    tcase_add_test(tc, test_split_into_impl_max);
    tcase_add_test(tc, test_with_attrs_callbacks);
    tcase_add_test(tc, test_missing_callback);
    tcase_add_test(tc, test_big_endian_through_as);
    tcase_add_test(tc, test_memop_byte_order);
    suite_add_tcase(s, tc);

    tc = tcase_create("address-space");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_as_8byte_read_split_in_4);
    tcase_add_test(tc, test_as_8byte_one_dispatch_when_valid8);
    tcase_add_test(tc, test_as_unaligned_split);
    tcase_add_test(tc, test_as_unaligned_allowed);
    tcase_add_test(tc, test_as_unaligned_rejected);
    tcase_add_test(tc, test_access_past_region_end);
    tcase_add_test(tc, test_valid_accepts);
    tcase_add_test(tc, test_valid_size);
    tcase_add_test(tc, test_access_valid_helper);
    tcase_add_test(tc, test_unmapped);
    tcase_add_test(tc, test_unmapped_not_logged_without_mask);
    tcase_add_test(tc, test_ld_st_single_access);
    tcase_add_test(tc, test_memtx_attrs_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("tree");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_overlap_priority);
    tcase_add_test(tc, test_equal_priority_last_wins);
    tcase_add_test(tc, test_nested_containers);
    tcase_add_test(tc, test_io_region_with_subregion);
    tcase_add_test(tc, test_del_subregion);
    tcase_add_test(tc, test_disabled_region);
    tcase_add_test(tc, test_set_address_and_size);
    tcase_add_test(tc, test_lookup_remembers_last_range);
    tcase_add_test(tc, test_alias);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_many_regions);
    suite_add_tcase(s, tc);

    tc = tcase_create("ram-lifetime");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ram_direct);
    tcase_add_test(tc, test_rom_readonly);
    tcase_add_test(tc, test_ram_too_big);
    tcase_add_test(tc, test_owner_lifetime);
    tcase_add_test(tc, test_qom_properties);
    tcase_add_test(tc, test_ownerless_region);
    tcase_add_test(tc, test_misuse_is_reported);
    tcase_add_test(tc, test_alias_loop);
    tcase_add_test(tc, test_system_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    module_call_init(MODULE_INIT_QOM);
    type_register_static(&test_dev_info);
    qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, &error_abort);

    sr = srunner_create(memory_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
