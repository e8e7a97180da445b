/*
 * system/memory-internal.h - what memory.c (the region tree and its flat
 * views) shares with memory-dispatch.c and physmem.c (the accesses). Not
 * installed: nothing outside the shim sees FlatView's layout.
 */
#ifndef SYSTEM_MEMORY_INTERNAL_H
#define SYSTEM_MEMORY_INTERNAL_H

#include "exec/memory.h"

/* A piece of a region visible at [start, start + size) of an address space. */
typedef struct FlatRange {
    MemoryRegion *mr;
    hwaddr offset_in_region;
    Int128 start;
    Int128 size;
    bool readonly;
    bool nonvolatile;
} FlatRange;

/*
 * An address space flattened into sorted, non-overlapping ranges: priorities,
 * containers, aliases and disabled regions are resolved when it is built,
 * so an access is one binary search. Rebuilt on every map change; accesses
 * in progress keep the view they started with alive through @ref.
 */
struct FlatView {
    unsigned ref;
    MemoryRegion *root;
    FlatRange *ranges;
    unsigned nr;
    unsigned nr_allocated;
    /*
     * The range flatview_lookup() found last, as QEMU's dispatch keeps its
     * most recently used section: a device's accesses come in runs. A view
     * is never changed once built (a new map is a new view), so it stays
     * valid for the view's life.
     */
    FlatRange *mru;
};

void flatview_ref(FlatView *view);
void flatview_unref(FlatView *view);

/* The current view of @as, with a reference the caller drops. */
FlatView *address_space_get_flatview(AddressSpace *as);

/* The range containing @addr, or NULL if nothing is mapped there. */
FlatRange *flatview_lookup(FlatView *view, hwaddr addr);

/*
 * The region that handles @addr and the offset in it (@xlat). For RAM,
 * *@plen is cut at the end of the range; MMIO is not cut, as in QEMU (the
 * access size rules bound it). Unmapped addresses give io_mem_unassigned
 * with @xlat = @addr and *@plen unchanged.
 */
MemoryRegion *flatview_translate(FlatView *view, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen);

/* The region that rejects every access: what unmapped addresses reach. */
extern MemoryRegion io_mem_unassigned;

/* Host memory behind a RAM region (not through aliases). */
uint8_t *qemu_shim_ram_ptr(MemoryRegion *mr, hwaddr offset);

/*
 * The MemOp byte-order bit that makes a value in host order match a device
 * of endianness @end. The shim's target is little endian.
 */
static inline MemOp devend_memop(enum device_endian end)
{
    bool device_big = end == DEVICE_BIG_ENDIAN;
    bool host_big = G_BYTE_ORDER == G_BIG_ENDIAN;

    return device_big != host_big ? MO_BSWAP : (MemOp)0;
}

#endif /* SYSTEM_MEMORY_INTERNAL_H */
