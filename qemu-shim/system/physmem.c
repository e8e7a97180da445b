/*
 * system/physmem.c - accesses to an address space, as QEMU 7.2's
 * softmmu/physmem.c does them: a buffer access walks the flat view, copies
 * RAM directly and cuts MMIO into the pieces memory_access_size() allows;
 * the ld/st helpers make exactly one access each.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "qemu/log.h"
#include "memory-internal.h"

/* Largest power of two not above @n (n > 0). */
static uint64_t pow2floor(uint64_t n)
{
    return UINT64_C(1) << (63 - __builtin_clzll(n));
}

/*
 * The size of the next MMIO piece of an access with @len bytes left at
 * @addr (relative to @mr): at most valid.max_access_size (4 when unset,
 * the shim's limit of 8 in any case); unless the device handles unaligned
 * accesses itself, at most the alignment of @addr; a power of two.
 */
static unsigned memory_access_size(MemoryRegion *mr, hwaddr len, hwaddr addr)
{
    unsigned max = mr->ops->valid.max_access_size ?: 4;

    max = MIN(max, 8);
    if (!mr->ops->impl.unaligned) {
        /* QEMU keeps this in an unsigned: alignments >= 2^32 become 0. */
        unsigned align = (unsigned)(addr & -addr);

        if (align != 0 && align < max) {
            max = align;
        }
    }
    return pow2floor(MIN(len, (hwaddr)max));
}

static bool memory_access_is_direct(MemoryRegion *mr, bool is_write)
{
    if (is_write) {
        return memory_region_is_ram(mr) && !mr->readonly && !mr->rom_device;
    }
    return memory_region_is_ram(mr) || memory_region_is_romd(mr);
}

/* With attrs.memory set, only RAM may be reached. */
static bool flatview_access_allowed(MemoryRegion *mr, MemTxAttrs attrs,
                                    hwaddr addr, hwaddr len)
{
    if (!attrs.memory || memory_region_is_ram(mr)) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "Invalid access to non-RAM device at addr "
                  "0x%" HWADDR_PRIX ", size %" HWADDR_PRIu ", region '%s'\n",
                  addr, len, memory_region_name(mr) ?: "(null)");
    return false;
}

/* Host-order loads and stores of 1, 2, 4 or 8 bytes (ldn_he_p/stn_he_p). */
static uint64_t load_host_order(const uint8_t *p, unsigned size)
{
    uint16_t b16;
    uint32_t b32;
    uint64_t b64;

    switch (size) {
    case 1:
        return *p;
    case 2:
        memcpy(&b16, p, 2);
        return b16;
    case 4:
        memcpy(&b32, p, 4);
        return b32;
    default:
        memcpy(&b64, p, 8);
        return b64;
    }
}

static void store_host_order(uint8_t *p, unsigned size, uint64_t val)
{
    uint16_t b16 = val;
    uint32_t b32 = val;

    switch (size) {
    case 1:
        *p = val;
        break;
    case 2:
        memcpy(p, &b16, 2);
        break;
    case 4:
        memcpy(p, &b32, 4);
        break;
    default:
        memcpy(p, &val, 8);
        break;
    }
}

static MemTxResult flatview_read(FlatView *fv, hwaddr addr, MemTxAttrs attrs,
                                 uint8_t *buf, hwaddr len)
{
    MemTxResult result = MEMTX_OK;
    hwaddr l = len, xlat;
    MemoryRegion *mr = flatview_translate(fv, addr, &xlat, &l);

    if (!flatview_access_allowed(mr, attrs, addr, len)) {
        return MEMTX_ACCESS_ERROR;
    }
    for (;;) {
        if (!flatview_access_allowed(mr, attrs, xlat, l)) {
            result |= MEMTX_ACCESS_ERROR;
        } else if (!memory_access_is_direct(mr, false)) {
            uint64_t val;

            l = memory_access_size(mr, l, xlat);
            result |= memory_region_dispatch_read(mr, xlat, &val,
                                                  size_memop(l), attrs);
            store_host_order(buf, l, val);
        } else {
            memcpy(buf, qemu_shim_ram_ptr(mr, xlat), l);
        }

        len -= l;
        buf += l;
        addr += l;
        if (!len) {
            return result;
        }
        l = len;
        mr = flatview_translate(fv, addr, &xlat, &l);
    }
}

static MemTxResult flatview_write(FlatView *fv, hwaddr addr,
                                  MemTxAttrs attrs, const uint8_t *buf,
                                  hwaddr len)
{
    MemTxResult result = MEMTX_OK;
    hwaddr l = len, xlat;
    MemoryRegion *mr = flatview_translate(fv, addr, &xlat, &l);

    if (!flatview_access_allowed(mr, attrs, addr, len)) {
        return MEMTX_ACCESS_ERROR;
    }
    for (;;) {
        if (!flatview_access_allowed(mr, attrs, xlat, l)) {
            result |= MEMTX_ACCESS_ERROR;
        } else if (!memory_access_is_direct(mr, true)) {
            l = memory_access_size(mr, l, xlat);
            result |= memory_region_dispatch_write(mr, xlat,
                                                   load_host_order(buf, l),
                                                   size_memop(l), attrs);
        } else {
            memmove(qemu_shim_ram_ptr(mr, xlat), buf, l);
        }

        len -= l;
        buf += l;
        addr += l;
        if (!len) {
            return result;
        }
        l = len;
        mr = flatview_translate(fv, addr, &xlat, &l);
    }
}

MemTxResult address_space_read_full(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, void *buf, hwaddr len)
{
    MemTxResult result = MEMTX_OK;
    FlatView *fv;

    if (len > 0) {
        /* The device may change the map: keep this view until we are done. */
        fv = address_space_get_flatview(as);
        result = flatview_read(fv, addr, attrs, buf, len);
        if (fv) {
            flatview_unref(fv);
        }
    }
    return result;
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    MemTxResult result = MEMTX_OK;
    FlatView *fv;

    if (len > 0) {
        fv = address_space_get_flatview(as);
        result = flatview_write(fv, addr, attrs, buf, len);
        if (fv) {
            flatview_unref(fv);
        }
    }
    return result;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    if (is_write) {
        return address_space_write(as, addr, attrs, buf, len);
    }
    return address_space_read_full(as, addr, attrs, buf, len);
}

MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs)
{
    uint8_t fill[512];
    MemTxResult result = MEMTX_OK;

    memset(fill, c, sizeof(fill));
    while (len > 0) {
        hwaddr l = MIN(len, (hwaddr)sizeof(fill));

        result |= address_space_write(as, addr, attrs, fill, l);
        len -= l;
        addr += l;
    }
    return result;
}

bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs)
{
    FlatView *fv = address_space_get_flatview(as);
    bool ok = true;

    while (len > 0) {
        hwaddr l = len, xlat;
        MemoryRegion *mr = flatview_translate(fv, addr, &xlat, &l);

        if (!memory_access_is_direct(mr, is_write)) {
            l = memory_access_size(mr, l, xlat);
            if (!memory_region_access_valid(mr, xlat, l, is_write, attrs)) {
                ok = false;
                break;
            }
        }
        len -= l;
        addr += l;
    }
    if (fv) {
        flatview_unref(fv);
    }
    return ok;
}

void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len, bool is_write)
{
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                     buf, len, is_write);
}

/* ---- Single accesses (QEMU's memory_ldst.c.inc) ------------------------ */

/* RAM bytes as an integer of the given byte order, and back. */
static uint64_t ram_load(const uint8_t *p, unsigned size, bool big_endian)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        val = (val << 8) | p[big_endian ? i : size - 1 - i];
    }
    return val;
}

static void ram_store(uint8_t *p, unsigned size, bool big_endian,
                      uint64_t val)
{
    for (unsigned i = 0; i < size; i++) {
        p[big_endian ? size - 1 - i : i] = val;
        val >>= 8;
    }
}

/*
 * One access of @size bytes: never split, so the region's valid rules
 * judge it whole. Only an access entirely inside RAM is direct.
 */
static uint64_t address_space_ld_internal(AddressSpace *as, hwaddr addr,
                                          MemTxAttrs attrs,
                                          MemTxResult *result, unsigned size,
                                          enum device_endian endian)
{
    FlatView *fv = address_space_get_flatview(as);
    hwaddr l = size, xlat;
    MemoryRegion *mr = flatview_translate(fv, addr, &xlat, &l);
    uint64_t val;
    MemTxResult r;

    if (l < size || !memory_access_is_direct(mr, false)) {
        MemOp op = (MemOp)(size_memop(size) | devend_memop(endian));

        r = memory_region_dispatch_read(mr, xlat, &val, op, attrs);
    } else {
        val = ram_load(qemu_shim_ram_ptr(mr, xlat), size,
                       endian == DEVICE_BIG_ENDIAN);
        r = MEMTX_OK;
    }
    if (result) {
        *result = r;
    }
    if (fv) {
        flatview_unref(fv);
    }
    return val;
}

static void address_space_st_internal(AddressSpace *as, hwaddr addr,
                                      uint64_t val, MemTxAttrs attrs,
                                      MemTxResult *result, unsigned size,
                                      enum device_endian endian)
{
    FlatView *fv = address_space_get_flatview(as);
    hwaddr l = size, xlat;
    MemoryRegion *mr = flatview_translate(fv, addr, &xlat, &l);
    MemTxResult r;

    if (l < size || !memory_access_is_direct(mr, true)) {
        MemOp op = (MemOp)(size_memop(size) | devend_memop(endian));

        r = memory_region_dispatch_write(mr, xlat, val, op, attrs);
    } else {
        ram_store(qemu_shim_ram_ptr(mr, xlat), size,
                  endian == DEVICE_BIG_ENDIAN, val);
        r = MEMTX_OK;
    }
    if (result) {
        *result = r;
    }
    if (fv) {
        flatview_unref(fv);
    }
}

#define DEFINE_LD(name, type, size, endian)                                 \
    type name(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,              \
              MemTxResult *result)                                          \
    {                                                                       \
        return address_space_ld_internal(as, addr, attrs, result, size,     \
                                         endian);                           \
    }

#define DEFINE_ST(name, type, size, endian)                                 \
    void name(AddressSpace *as, hwaddr addr, type val, MemTxAttrs attrs,    \
              MemTxResult *result)                                          \
    {                                                                       \
        address_space_st_internal(as, addr, val, attrs, result, size,       \
                                  endian);                                  \
    }

DEFINE_LD(address_space_ldub, uint32_t, 1, DEVICE_NATIVE_ENDIAN)
DEFINE_LD(address_space_lduw, uint32_t, 2, DEVICE_NATIVE_ENDIAN)
DEFINE_LD(address_space_lduw_le, uint32_t, 2, DEVICE_LITTLE_ENDIAN)
DEFINE_LD(address_space_lduw_be, uint32_t, 2, DEVICE_BIG_ENDIAN)
DEFINE_LD(address_space_ldl, uint32_t, 4, DEVICE_NATIVE_ENDIAN)
DEFINE_LD(address_space_ldl_le, uint32_t, 4, DEVICE_LITTLE_ENDIAN)
DEFINE_LD(address_space_ldl_be, uint32_t, 4, DEVICE_BIG_ENDIAN)
DEFINE_LD(address_space_ldq, uint64_t, 8, DEVICE_NATIVE_ENDIAN)
DEFINE_LD(address_space_ldq_le, uint64_t, 8, DEVICE_LITTLE_ENDIAN)
DEFINE_LD(address_space_ldq_be, uint64_t, 8, DEVICE_BIG_ENDIAN)

DEFINE_ST(address_space_stb, uint32_t, 1, DEVICE_NATIVE_ENDIAN)
DEFINE_ST(address_space_stw, uint32_t, 2, DEVICE_NATIVE_ENDIAN)
DEFINE_ST(address_space_stw_le, uint32_t, 2, DEVICE_LITTLE_ENDIAN)
DEFINE_ST(address_space_stw_be, uint32_t, 2, DEVICE_BIG_ENDIAN)
DEFINE_ST(address_space_stl, uint32_t, 4, DEVICE_NATIVE_ENDIAN)
DEFINE_ST(address_space_stl_le, uint32_t, 4, DEVICE_LITTLE_ENDIAN)
DEFINE_ST(address_space_stl_be, uint32_t, 4, DEVICE_BIG_ENDIAN)
DEFINE_ST(address_space_stq, uint64_t, 8, DEVICE_NATIVE_ENDIAN)
DEFINE_ST(address_space_stq_le, uint64_t, 8, DEVICE_LITTLE_ENDIAN)
DEFINE_ST(address_space_stq_be, uint64_t, 8, DEVICE_BIG_ENDIAN)
