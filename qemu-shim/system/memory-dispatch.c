/*
 * system/memory-dispatch.c - one access to one MemoryRegion, with QEMU
 * 7.2's rules: the ops' "valid" constraints (rejected accesses are logged
 * as guest errors), adaptation to the "impl" sizes (narrow accesses are
 * widened, wide ones split, each piece shifted and masked into place) and
 * the byte swap for big-endian devices.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "hw/qdev-core.h"
#include "memory-internal.h"

static bool unassigned_mem_accepts(void *opaque, hwaddr addr, unsigned size,
                                   bool is_write, MemTxAttrs attrs)
{
    (void)opaque;
    (void)addr;
    (void)size;
    (void)is_write;
    (void)attrs;
    return false;
}

const MemoryRegionOps unassigned_mem_ops = {
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid.accepts = unassigned_mem_accepts,
};

/*
 * What unmapped addresses reach: 2^64 bytes, rejecting everything, with no
 * name (QEMU logs it as '(null)'). Not a QOM object: it is never
 * referenced, freed or looked up, and keeps the live-object count clean.
 */
MemoryRegion io_mem_unassigned = {
    .ops = &unassigned_mem_ops,
    .size = (Int128)1 << 64,
    .terminates = true,
    .enabled = true,
};

/* printf would print a NULL name as "(null)"; spell it out portably. */
static const char *log_name(const MemoryRegion *mr)
{
    const char *name = memory_region_name(mr);

    return name ? name : "(null)";
}

bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs)
{
    const char *dir = is_write ? "write" : "read";

    if (mr->ops->valid.accepts &&
        !mr->ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: rejected\n",
                      dir, addr, size, log_name(mr));
        return false;
    }

    if (!mr->ops->valid.unaligned && (addr & (size - 1))) {
        qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: unaligned\n",
                      dir, addr, size, log_name(mr));
        return false;
    }

    /* A max of 0 means any size goes (the "1 to 4" is physmem's limit). */
    if (!mr->ops->valid.max_access_size) {
        return true;
    }

    if (size > mr->ops->valid.max_access_size ||
        size < mr->ops->valid.min_access_size) {
        qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: invalid size "
                      "(min:%u max:%u)\n",
                      dir, addr, size, log_name(mr),
                      mr->ops->valid.min_access_size,
                      mr->ops->valid.max_access_size);
        return false;
    }
    return true;
}

static bool memory_region_big_endian(MemoryRegion *mr)
{
    /* Native is the target's order, little endian for the shim. */
    return mr->ops->endianness == DEVICE_BIG_ENDIAN;
}

/* Convert between the caller's byte order (@op) and the device's. */
static void adjust_endianness(MemoryRegion *mr, uint64_t *data, MemOp op)
{
    if ((op & MO_BSWAP) == devend_memop(mr->ops->endianness)) {
        return;
    }
    switch (op & MO_SIZE) {
    case MO_16:
        *data = GUINT16_SWAP_LE_BE((uint16_t)*data);
        break;
    case MO_32:
        *data = GUINT32_SWAP_LE_BE((uint32_t)*data);
        break;
    case MO_64:
        *data = GUINT64_SWAP_LE_BE(*data);
        break;
    default:
        break;
    }
}

/*
 * One call of the device for a piece of an access: @shift says where the
 * piece's bits sit in the whole value (negative when a widened piece holds
 * more than the access: a big-endian device's wanted bytes are its high
 * ones), @mask which bits of the piece count.
 */
typedef MemTxResult AccessFn(MemoryRegion *mr, hwaddr addr, uint64_t *value,
                             unsigned size, int shift, uint64_t mask,
                             MemTxAttrs attrs);

static void merge_read_piece(uint64_t *value, int shift, uint64_t mask,
                             uint64_t piece)
{
    if (shift >= 0) {
        *value |= (piece & mask) << shift;
    } else {
        *value |= (piece & mask) >> -shift;
    }
}

static uint64_t extract_write_piece(const uint64_t *value, int shift,
                                    uint64_t mask)
{
    if (shift >= 0) {
        return (*value >> shift) & mask;
    }
    return (*value << -shift) & mask;
}

static MemTxResult read_accessor(MemoryRegion *mr, hwaddr addr,
                                 uint64_t *value, unsigned size, int shift,
                                 uint64_t mask, MemTxAttrs attrs)
{
    (void)attrs;
    merge_read_piece(value, shift, mask,
                     mr->ops->read(mr->opaque, addr, size));
    return MEMTX_OK;
}

static MemTxResult read_with_attrs_accessor(MemoryRegion *mr, hwaddr addr,
                                            uint64_t *value, unsigned size,
                                            int shift, uint64_t mask,
                                            MemTxAttrs attrs)
{
    uint64_t piece = 0;
    MemTxResult r;

    r = mr->ops->read_with_attrs(mr->opaque, addr, &piece, size, attrs);
    merge_read_piece(value, shift, mask, piece);
    return r;
}

static MemTxResult write_accessor(MemoryRegion *mr, hwaddr addr,
                                  uint64_t *value, unsigned size, int shift,
                                  uint64_t mask, MemTxAttrs attrs)
{
    (void)attrs;
    mr->ops->write(mr->opaque, addr, extract_write_piece(value, shift, mask),
                   size);
    return MEMTX_OK;
}

static MemTxResult write_with_attrs_accessor(MemoryRegion *mr, hwaddr addr,
                                             uint64_t *value, unsigned size,
                                             int shift, uint64_t mask,
                                             MemTxAttrs attrs)
{
    return mr->ops->write_with_attrs(mr->opaque, addr,
                                     extract_write_piece(value, shift, mask),
                                     size, attrs);
}

/*
 * Issue an access of @size bytes as calls of the size the device
 * implements: at least impl.min (default 1), at most impl.max (default 4).
 * Like QEMU 7.2, a widened access keeps its (possibly unaligned) address.
 */
static MemTxResult access_with_adjusted_size(MemoryRegion *mr, hwaddr addr,
                                             uint64_t *value, unsigned size,
                                             AccessFn *access_fn,
                                             MemTxAttrs attrs)
{
    /* Pieces wider than a uint64_t cannot be shifted into place. */
    unsigned min = MIN(mr->ops->impl.min_access_size ?: 1, 8);
    unsigned max = mr->ops->impl.max_access_size ?: 4;
    unsigned access_size = MAX(MIN(size, max), min);
    uint64_t mask = access_size >= 8 ? UINT64_MAX
                                     : (UINT64_C(1) << (access_size * 8)) - 1;
    MemTxResult r = MEMTX_OK;

    /*
     * Debian's 7.2.22 ("memory: prevent dma-reentracy issues"): while a
     * device is in one of its MMIO handlers, an access to one of its own
     * I/O regions (directly or by DMA it started) is refused. As in that
     * backport, the guard is cleared after any access to a region with an
     * owning device, whether or not this access set it.
     */
    if (mr->dev && !mr->disable_reentrancy_guard && !mr->ram_device &&
        !mr->ram && !mr->rom_device && !mr->readonly) {
        if (mr->dev->mem_reentrancy_guard.engaged_in_io) {
            warn_report_once("Blocked re-entrant IO on MemoryRegion: "
                             "%s at addr: 0x%" HWADDR_PRIX,
                             memory_region_name(mr), addr);
            return MEMTX_ACCESS_ERROR;
        }
        mr->dev->mem_reentrancy_guard.engaged_in_io = true;
    }

    for (unsigned i = 0; i < size; i += access_size) {
        int shift = memory_region_big_endian(mr)
                    ? ((int)size - (int)access_size - (int)i) * 8
                    : (int)i * 8;

        r |= access_fn(mr, addr + i, value, access_size, shift, mask, attrs);
    }
    if (mr->dev) {
        mr->dev->mem_reentrancy_guard.engaged_in_io = false;
    }
    return r;
}

/* The shim only knows 1, 2, 4 and 8 byte accesses. */
static bool memop_size_supported(MemoryRegion *mr, hwaddr addr, MemOp op,
                                 bool is_write)
{
    if ((op & MO_SIZE) <= MO_64) {
        return true;
    }
    qemu_log_mask(LOG_UNIMP, "Invalid %s at addr 0x%" HWADDR_PRIX
                  ", size %u, region '%s', reason: the shim supports "
                  "accesses of at most 8 bytes\n",
                  is_write ? "write" : "read", addr, memop_size(op),
                  log_name(mr));
    return false;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs)
{
    unsigned size = memop_size(op);
    MemTxResult r;

    if (mr->alias) {
        return memory_region_dispatch_read(mr->alias, mr->alias_offset + addr,
                                           pval, op, attrs);
    }
    *pval = 0;
    if (!memop_size_supported(mr, addr, op, false)) {
        return MEMTX_ERROR;
    }
    if (!memory_region_access_valid(mr, addr, size, false, attrs)) {
        /* QEMU's unassigned_mem_read: reads as 0. */
        return MEMTX_DECODE_ERROR;
    }

    if (mr->ops->read) {
        r = access_with_adjusted_size(mr, addr, pval, size, read_accessor,
                                      attrs);
    } else if (mr->ops->read_with_attrs) {
        r = access_with_adjusted_size(mr, addr, pval, size,
                                      read_with_attrs_accessor, attrs);
    } else {
        qemu_log_mask(LOG_UNIMP, "%s: region '%s' has no read callback\n",
                      __func__, log_name(mr));
        return MEMTX_ERROR;
    }
    adjust_endianness(mr, pval, op);
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs)
{
    unsigned size = memop_size(op);

    if (mr->alias) {
        return memory_region_dispatch_write(mr->alias,
                                            mr->alias_offset + addr,
                                            data, op, attrs);
    }
    if (!memop_size_supported(mr, addr, op, true)) {
        return MEMTX_ERROR;
    }
    if (!memory_region_access_valid(mr, addr, size, true, attrs)) {
        /* QEMU's unassigned_mem_write: dropped. */
        return MEMTX_DECODE_ERROR;
    }

    adjust_endianness(mr, &data, op);
    if (mr->ops->write) {
        return access_with_adjusted_size(mr, addr, &data, size,
                                         write_accessor, attrs);
    }
    if (mr->ops->write_with_attrs) {
        return access_with_adjusted_size(mr, addr, &data, size,
                                         write_with_attrs_accessor, attrs);
    }
    qemu_log_mask(LOG_UNIMP, "%s: region '%s' has no write callback\n",
                  __func__, log_name(mr));
    return MEMTX_ERROR;
}
