/*
 * exec/memory.h - QEMU 7.2's memory API: MemoryRegion (a QOM object with an
 * owner), MemoryRegionOps with their valid/impl access rules, the region
 * tree (subregions, priorities, aliases), AddressSpace and the accessors
 * that go through it. system/memory.c flattens each address space into
 * sorted ranges; system/physmem.c does the accesses.
 */
#ifndef MEMORY_H
#define MEMORY_H

#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "exec/hwaddr.h"
#include "exec/memattrs.h"
#include "exec/memop.h"
#include "qemu/int128.h"
#include "qemu/bswap.h"
#include "qemu/queue.h"
#include "qom/object.h"

G_BEGIN_DECLS

#define TYPE_MEMORY_REGION "memory-region"
DECLARE_INSTANCE_CHECKER(MemoryRegion, MEMORY_REGION, TYPE_MEMORY_REGION)

typedef struct RAMBlock RAMBlock;

/*
 * How a region's registers are reached. The dispatcher first checks an
 * access against @valid (rejecting it with a LOG_GUEST_ERROR line), then
 * widens or splits it into the sizes @impl allows, then converts between
 * the device's @endianness and the caller's.
 */
typedef struct MemoryRegionOps {
    /* Read from the region; @addr is relative to the region. */
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    /* Write to the region. */
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);

    /* Same, with attributes and a result; used when read/write are NULL. */
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);

    enum device_endian endianness;

    /* Guest-visible constraints. */
    struct {
        /*
         * Access sizes the bus accepts, in bytes. max 0 means "1 to 4, and
         * address_space_* never issue more than 4 at once".
         */
        unsigned min_access_size;
        unsigned max_access_size;
        /* Accesses not aligned to their size are accepted. */
        bool unaligned;
        /* If present and it returns false, the access is rejected. */
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;

    /* What the callbacks implement; the core adapts other sizes to it. */
    struct {
        /* 0 means 1 and 4 respectively. */
        unsigned min_access_size;
        unsigned max_access_size;
        /* The callbacks handle unaligned accesses themselves. */
        bool unaligned;
    } impl;
} MemoryRegionOps;

/* The ops of io_mem_unassigned: every access is rejected. */
extern const MemoryRegionOps unassigned_mem_ops;

/* Fields are private: use the memory_region_* functions. */
struct MemoryRegion {
    Object parent_obj;

    bool romd_mode;
    bool ram;
    bool subpage;
    bool readonly;          /* for RAM regions */
    bool nonvolatile;
    bool rom_device;
    bool flush_coalesced_mmio;
    uint8_t dirty_log_mask;
    bool is_iommu;
    RAMBlock *ram_block;
    Object *owner;
    /* owner as a device, for the re-entrancy guard (7.2.22's backport) */
    DeviceState *dev;

    const MemoryRegionOps *ops;
    void *opaque;
    MemoryRegion *container;
    int mapped_via_alias;   /* mapped via an alias; container may be NULL */
    Int128 size;
    hwaddr addr;
    void (*destructor)(MemoryRegion *mr);
    uint64_t align;
    bool terminates;
    bool ram_device;
    bool enabled;
    bool warning_printed;
    uint8_t vga_logging_count;
    MemoryRegion *alias;
    hwaddr alias_offset;
    int32_t priority;
    /* Subregions, highest priority first (newest first among equals). */
    QTAILQ_HEAD(, MemoryRegion) subregions;
    QTAILQ_ENTRY(MemoryRegion) subregions_link;
    QTAILQ_HEAD(, CoalescedMemoryRange) coalesced;     /* unused here */
    const char *name;
    unsigned ioeventfd_nb;                              /* unused here */
    MemoryRegionIoeventfd *ioeventfds;                  /* unused here */
    RamDiscardManager *rdm;                             /* unused here */
    /* Set by devices that re-enter their own MMIO on purpose. */
    bool disable_reentrancy_guard;
};

/* A mapped piece of a region (see memory_region_find). */
struct MemoryRegionSection {
    Int128 size;
    MemoryRegion *mr;
    FlatView *fv;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    bool readonly;
    bool nonvolatile;
};

/* Fields are private: use the address_space_* functions. */
struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;
};

/*
 * Initialise a container: a region with no accesses of its own that only
 * holds subregions. A named region becomes a QOM child "NAME[*]" of @owner
 * (of /machine/unattached without an owner), which then keeps it alive.
 */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);

/*
 * Take or drop a reference on the region's owner: what keeps a mapped
 * region's device alive. Regions without an owner live forever.
 */
void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);

/* Initialise an MMIO region whose accesses go to @ops with @opaque. */
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);

/*
 * Initialise a RAM region backed by zeroed host memory. On failure @errp is
 * set and the region has size 0. The shim has no migration of RAM, so the
 * plain and _nomigrate forms are the same.
 */
void memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner,
                                      const char *name, uint64_t size,
                                      Error **errp);
void memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);
/* A RAM region the guest can only read. */
void memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);

/* A window of @size bytes onto @orig starting at @offset. */
void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);

Object *memory_region_owner(MemoryRegion *mr);
/* The size in bytes; UINT64_MAX for a region of 2^64 bytes. */
uint64_t memory_region_size(MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);

static inline bool memory_region_is_ram(MemoryRegion *mr)
{
    return mr->ram;
}

static inline bool memory_region_is_romd(MemoryRegion *mr)
{
    return mr->rom_device && mr->romd_mode;
}

bool memory_region_is_rom(MemoryRegion *mr);

/*
 * Host pointer to the start of a RAM region (through aliases). Aborts with
 * a message if the region has no RAM behind it.
 */
void *memory_region_get_ram_ptr(MemoryRegion *mr);

void memory_region_set_readonly(MemoryRegion *mr, bool readonly);

/*
 * Map @subregion at @offset in the container @mr. Overlapping subregions
 * must use the _overlap form; the higher @priority wins and, among equal
 * priorities, the region added last. Mapping takes a reference on the
 * subregion's owner until memory_region_del_subregion.
 */
void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);

/* A disabled region and its subregions vanish from every address space. */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move a mapped region within its container. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
/* Resize; UINT64_MAX means 2^64. */
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);

/* True if the region is a subregion of something or mapped via an alias. */
bool memory_region_is_mapped(MemoryRegion *mr);

/*
 * Find what is visible at @addr (relative to @mr) in the address space
 * whose root contains @mr. .mr is NULL if nothing is; otherwise a reference
 * is taken on it, dropped with memory_region_unref(section.mr).
 */
MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size);

/* Batch map changes: the flat views are rebuilt once, at the last commit. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/*
 * Check an access against ops->valid: accepts(), alignment, size. Logs a
 * LOG_GUEST_ERROR line ("Invalid read at addr 0x..., size N, region 'NAME',
 * reason: ...") and returns false if it is rejected.
 */
bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs);

/*
 * One access of memop_size(@op) bytes (1 to 8) at @addr in @mr, in the byte
 * order of @op, after the valid/impl rules. A rejected read yields 0 and
 * MEMTX_DECODE_ERROR; a rejected write is dropped.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs);

/* An address space rooted at @root (which gets a reference). */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);

/*
 * Copy @len bytes between @buf and the address space. MMIO is cut into the
 * accesses QEMU's physmem.c makes (at most valid.max_access_size, default 4,
 * and, unless impl.unaligned, no larger than the address's alignment); RAM
 * is copied directly. Unmapped bytes read as 0, writes to them are dropped;
 * the results of all the pieces are ORed together.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);
MemTxResult address_space_read_full(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, void *buf, hwaddr len);

static inline MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                                             MemTxAttrs attrs, void *buf,
                                             hwaddr len)
{
    return address_space_read_full(as, addr, attrs, buf, len);
}

/* Fill @len bytes with @c. */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs);

/* Would every piece of this access be accepted? Logs as the access would. */
bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs);

/*
 * Single accesses of 1, 2, 4 or 8 bytes: one dispatch, never split, in
 * target (no suffix), little or big endian order. @result may be NULL.
 */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr,
                            MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw(AddressSpace *as, hwaddr addr,
                            MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl(AddressSpace *as, hwaddr addr,
                           MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq(AddressSpace *as, hwaddr addr,
                           MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq(AddressSpace *as, hwaddr addr, uint64_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);

G_END_DECLS

#endif /* MEMORY_H */
