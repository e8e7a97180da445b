/*
 * system/memory.c - MemoryRegion as a QOM object, the region tree and its
 * flattening into the sorted ranges that accesses search (QEMU 7.2's
 * softmmu/memory.c semantics: priorities, aliases, enable/disable, owner
 * references, transactions).
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "hw/qdev-core.h"
#include "qom/object.h"
#include "memory-internal.h"

/* The host memory behind a RAM region. */
struct RAMBlock {
    uint8_t *host;
    uint64_t size;
};

/*
 * The shim allocates RAM with malloc: refuse sizes no host can give rather
 * than let the allocator (or a sanitizer) abort.
 */
#define QEMU_SHIM_RAM_MAX (UINT64_C(1) << 40)

static unsigned memory_region_transaction_depth;
static bool memory_region_update_pending;
static GPtrArray *address_spaces;

static MemoryRegion *system_memory;
AddressSpace address_space_memory;

/* ---- Region names ------------------------------------------------------ */

/* '/', '[', ']' and '\' would break the QOM path "OWNER/NAME[N]". */
static char *memory_region_escape_name(const char *name)
{
    GString *escaped = g_string_new(NULL);

    for (const char *p = name; *p; p++) {
        if (*p == '/' || *p == '[' || *p == ']' || *p == '\\') {
            g_string_append_printf(escaped, "\\x%02x", (unsigned char)*p);
        } else {
            g_string_append_c(escaped, *p);
        }
    }
    return g_string_free(escaped, false);
}

const char *memory_region_name(const MemoryRegion *mr)
{
    /* As in QEMU, an unnamed region is known by its QOM path component. */
    if (!mr->name && OBJECT(mr)->parent) {
        ((MemoryRegion *)mr)->name =
            g_strdup(object_get_canonical_path_component(OBJECT(mr)));
    }
    return mr->name;
}

/* ---- The QOM type ------------------------------------------------------ */

static void memory_region_destructor_none(MemoryRegion *mr)
{
    (void)mr;
}

static void memory_region_destructor_ram(MemoryRegion *mr)
{
    if (mr->ram_block) {
        g_free(mr->ram_block->host);
        g_free(mr->ram_block);
        mr->ram_block = NULL;
    }
}

/* Read-only QOM properties, as QEMU gives every region (for qom-get). */
static void memory_region_get_container(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    MemoryRegion *mr = MEMORY_REGION(obj);
    g_autofree char *path = NULL;

    (void)opaque;
    path = mr->container ? object_get_canonical_path(OBJECT(mr->container))
                         : g_strdup("");
    visit_type_str(v, name, &path, errp);
}

static void memory_region_get_priority(Object *obj, Visitor *v,
                                       const char *name, void *opaque,
                                       Error **errp)
{
    int32_t value = MEMORY_REGION(obj)->priority;

    (void)opaque;
    visit_type_int32(v, name, &value, errp);
}

static void memory_region_get_size(Object *obj, Visitor *v, const char *name,
                                   void *opaque, Error **errp)
{
    uint64_t value = memory_region_size(MEMORY_REGION(obj));

    (void)opaque;
    visit_type_uint64(v, name, &value, errp);
}

static void memory_region_initfn(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);

    mr->ops = &unassigned_mem_ops;
    QTAILQ_INIT(&mr->subregions);
    QTAILQ_INIT(&mr->coalesced);
    mr->enabled = true;
    mr->romd_mode = true;
    mr->destructor = memory_region_destructor_none;

    object_property_add(obj, "container", "link<" TYPE_MEMORY_REGION ">",
                        memory_region_get_container, NULL, NULL, NULL);
    object_property_add_uint64_ptr(obj, "addr", &mr->addr,
                                   OBJ_PROP_FLAG_READ);
    object_property_add(obj, "priority", "uint32",
                        memory_region_get_priority, NULL, NULL, NULL);
    object_property_add(obj, "size", "uint64", memory_region_get_size,
                        NULL, NULL, NULL);
}

static void memory_region_finalize(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);

    /*
     * A mapped region holds a reference on its owner, so only a reference
     * counting bug gets here with a container: say so, and unlink it so
     * that the container does not point to freed memory.
     */
    if (mr->container) {
        error_report("memory region '%s' finalized while mapped in '%s'",
                     mr->name ? mr->name : "(null)",
                     mr->container->name ? mr->container->name : "(null)");
        QTAILQ_REMOVE(&mr->container->subregions, mr, subregions_link);
        mr->container = NULL;
        memory_region_update_pending = true;
    }

    /* Not visible anywhere any more: no need for set_enabled's update. */
    mr->enabled = false;
    memory_region_transaction_begin();
    while (!QTAILQ_EMPTY(&mr->subregions)) {
        memory_region_del_subregion(mr, QTAILQ_FIRST(&mr->subregions));
    }
    memory_region_transaction_commit();

    mr->destructor(mr);
    g_free((char *)mr->name);
    mr->name = NULL;
}

static const TypeInfo memory_region_info = {
    .name = TYPE_MEMORY_REGION,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MemoryRegion),
    .instance_init = memory_region_initfn,
    .instance_finalize = memory_region_finalize,
};

static void memory_register_types(void)
{
    type_register_static(&memory_region_info);
}

type_init(memory_register_types)

/* ---- Initialisation ---------------------------------------------------- */

static Int128 memory_region_size_from_u64(uint64_t size)
{
    /* UINT64_MAX stands for the 2^64 bytes no uint64_t can hold. */
    return size == UINT64_MAX ? int128_2_64() : int128_make64(size);
}

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    object_initialize(mr, sizeof(*mr), TYPE_MEMORY_REGION);
    mr->size = memory_region_size_from_u64(size);
    mr->name = g_strdup(name);
    mr->owner = owner;
    mr->dev = (DeviceState *)object_dynamic_cast(owner, TYPE_DEVICE);
    mr->ram_block = NULL;

    if (name) {
        g_autofree char *escaped = memory_region_escape_name(name);
        g_autofree char *propname = g_strdup_printf("%s[*]", escaped);
        Object *parent = owner;

        if (!parent) {
            parent = container_get(object_get_root(), "/machine/unattached");
        }
        /* From here on the parent holds the only reference. */
        object_property_add_child(parent, propname, OBJECT(mr));
        object_unref(OBJECT(mr));
    }
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->ops = ops ? ops : &unassigned_mem_ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

void memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner,
                                      const char *name, uint64_t size,
                                      Error **errp)
{
    uint8_t *host = NULL;

    memory_region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    mr->destructor = memory_region_destructor_ram;

    if (size <= QEMU_SHIM_RAM_MAX) {
        host = g_try_malloc0(MAX(size, 1));
    }
    if (!host) {
        error_setg_errno(errp, ENOMEM, "cannot set up guest memory '%s'",
                         name ? name : "(null)");
        mr->size = int128_zero();
        object_unparent(OBJECT(mr));
        return;
    }
    mr->ram_block = g_new0(RAMBlock, 1);
    mr->ram_block->host = host;
    mr->ram_block->size = size;
}

void memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    /* No RAM migration in the shim: nothing to register. */
    memory_region_init_ram_nomigrate(mr, owner, name, size, errp);
}

void memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    memory_region_init_ram_nomigrate(mr, owner, name, size, errp);
    mr->readonly = true;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

/* ---- Simple accessors -------------------------------------------------- */

void memory_region_ref(MemoryRegion *mr)
{
    /*
     * Device callbacks use their owner's state, so the owner is what must
     * stay alive; the owner in turn keeps the region (its child) alive.
     */
    if (mr && mr->owner) {
        object_ref(mr->owner);
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_unref(mr->owner);
    }
}

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

uint64_t memory_region_size(MemoryRegion *mr)
{
    if (int128_eq(mr->size, int128_2_64())) {
        return UINT64_MAX;
    }
    return int128_get64(mr->size);
}

bool memory_region_is_rom(MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

bool memory_region_is_mapped(MemoryRegion *mr)
{
    return mr->container || mr->mapped_via_alias;
}

uint8_t *qemu_shim_ram_ptr(MemoryRegion *mr, hwaddr offset)
{
    return mr->ram_block->host + offset;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    while (mr->alias) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    if (!mr->ram_block) {
        error_report("memory_region_get_ram_ptr: region '%s' is not RAM",
                     mr->name ? mr->name : "(null)");
        abort();
    }
    return qemu_shim_ram_ptr(mr, offset);
}

/* ---- Transactions ------------------------------------------------------ */

static void address_space_update_topology(AddressSpace *as);

void memory_region_transaction_begin(void)
{
    memory_region_transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    if (!memory_region_transaction_depth) {
        error_report("memory_region_transaction_commit without a begin");
        return;
    }
    if (--memory_region_transaction_depth || !memory_region_update_pending) {
        return;
    }
    /*
     * Dropping an old view may finalize an owner, whose regions may change
     * the map again: stay in a transaction and go round until it settles.
     */
    memory_region_transaction_depth++;
    while (memory_region_update_pending) {
        memory_region_update_pending = false;
        for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
            address_space_update_topology(g_ptr_array_index(address_spaces,
                                                            i));
        }
    }
    memory_region_transaction_depth--;
}

/* ---- The region tree --------------------------------------------------- */

static void memory_region_add_subregion_common(MemoryRegion *mr,
                                               hwaddr offset,
                                               MemoryRegion *subregion)
{
    MemoryRegion *other;

    if (subregion->container) {
        error_report("memory region '%s' is already mapped in '%s'",
                     subregion->name ? subregion->name : "(null)",
                     subregion->container->name ?
                     subregion->container->name : "(null)");
        return;
    }
    for (MemoryRegion *up = mr; up; up = up->container) {
        if (up == subregion) {
            error_report("memory region '%s' cannot contain itself",
                         subregion->name ? subregion->name : "(null)");
            return;
        }
    }

    memory_region_transaction_begin();
    subregion->container = mr;
    subregion->addr = offset;
    for (MemoryRegion *alias = subregion->alias; alias; alias = alias->alias) {
        alias->mapped_via_alias++;
    }
    memory_region_ref(subregion);

    /* Highest priority first; a newcomer goes before its equals. */
    QTAILQ_FOREACH(other, &mr->subregions, subregions_link) {
        if (subregion->priority >= other->priority) {
            QTAILQ_INSERT_BEFORE(other, subregion, subregions_link);
            break;
        }
    }
    if (!other) {
        QTAILQ_INSERT_TAIL(&mr->subregions, subregion, subregions_link);
    }

    memory_region_update_pending |= mr->enabled && subregion->enabled;
    memory_region_transaction_commit();
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    if (!subregion->container) {
        subregion->priority = 0;
    }
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    if (!subregion->container) {
        subregion->priority = priority;
    }
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    if (subregion->container != mr) {
        error_report("memory region '%s' is not a subregion of '%s'",
                     subregion->name ? subregion->name : "(null)",
                     mr->name ? mr->name : "(null)");
        return;
    }

    memory_region_transaction_begin();
    QTAILQ_REMOVE(&mr->subregions, subregion, subregions_link);
    subregion->container = NULL;
    for (MemoryRegion *alias = subregion->alias; alias; alias = alias->alias) {
        alias->mapped_via_alias--;
    }
    memory_region_update_pending |= mr->enabled && subregion->enabled;
    /* May drop the last reference on the owner: the views still hold one. */
    memory_region_unref(subregion);
    memory_region_transaction_commit();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (enabled == mr->enabled) {
        return;
    }
    memory_region_transaction_begin();
    mr->enabled = enabled;
    memory_region_update_pending = true;
    memory_region_transaction_commit();
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    Int128 s = memory_region_size_from_u64(size);

    if (int128_eq(s, mr->size)) {
        return;
    }
    memory_region_transaction_begin();
    mr->size = s;
    memory_region_update_pending = true;
    memory_region_transaction_commit();
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    MemoryRegion *container = mr->container;

    if (addr == mr->addr || !container) {
        mr->addr = addr;
        return;
    }
    /* Re-add at the new place; keep the owner alive in between. */
    memory_region_transaction_begin();
    memory_region_ref(mr);
    memory_region_del_subregion(container, mr);
    memory_region_add_subregion_common(container, addr, mr);
    memory_region_unref(mr);
    memory_region_transaction_commit();
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    if (offset == mr->alias_offset) {
        return;
    }
    memory_region_transaction_begin();
    mr->alias_offset = offset;
    memory_region_update_pending |= mr->enabled;
    memory_region_transaction_commit();
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly == readonly) {
        return;
    }
    memory_region_transaction_begin();
    mr->readonly = readonly;
    memory_region_update_pending |= mr->enabled;
    memory_region_transaction_commit();
}

/* ---- Flat views -------------------------------------------------------- */

static Int128 flatrange_end(const FlatRange *fr)
{
    return int128_add(fr->start, fr->size);
}

static FlatView *flatview_new(MemoryRegion *root)
{
    FlatView *view = g_new0(FlatView, 1);

    view->ref = 1;
    view->root = root;
    memory_region_ref(root);
    return view;
}

/* Each range keeps its region's owner alive, like a mapping does. */
static void flatview_insert(FlatView *view, unsigned pos, const FlatRange *fr)
{
    if (view->nr == view->nr_allocated) {
        view->nr_allocated = MAX(2 * view->nr, 10);
        view->ranges = g_renew(FlatRange, view->ranges, view->nr_allocated);
    }
    memmove(view->ranges + pos + 1, view->ranges + pos,
            (view->nr - pos) * sizeof(FlatRange));
    view->ranges[pos] = *fr;
    memory_region_ref(fr->mr);
    view->nr++;
}

void flatview_ref(FlatView *view)
{
    view->ref++;
}

void flatview_unref(FlatView *view)
{
    if (--view->ref) {
        return;
    }
    for (unsigned i = 0; i < view->nr; i++) {
        memory_region_unref(view->ranges[i].mr);
    }
    g_free(view->ranges);
    memory_region_unref(view->root);
    g_free(view);
}

/*
 * Make [start, start + size) of the view show @tmpl's region wherever no
 * range is there yet: the ranges already present came from regions of
 * higher priority. tmpl->offset_in_region is the offset of @start.
 */
static void flatview_fill_gaps(FlatView *view, const FlatRange *tmpl,
                               Int128 start, Int128 size)
{
    Int128 end = int128_add(start, size);
    Int128 pos = start;
    unsigned i = 0;

    while (i < view->nr && int128_le(flatrange_end(&view->ranges[i]), pos)) {
        i++;
    }
    while (int128_lt(pos, end)) {
        FlatRange fr = *tmpl;
        Int128 gap_end = end;

        if (i < view->nr && int128_le(view->ranges[i].start, pos)) {
            /* Covered: skip to the end of what covers it. */
            pos = flatrange_end(&view->ranges[i++]);
            continue;
        }
        if (i < view->nr) {
            gap_end = int128_min(end, view->ranges[i].start);
        }
        fr.start = pos;
        fr.size = int128_sub(gap_end, pos);
        fr.offset_in_region += int128_get64(int128_sub(pos, start));
        flatview_insert(view, i++, &fr);
        pos = gap_end;
    }
}

/* The regions being drawn, innermost first: to catch alias loops. */
typedef struct RenderStack {
    const MemoryRegion *mr;
    const struct RenderStack *up;
} RenderStack;

/*
 * Draw @mr, placed at @base, into @view, limited to [clip_start, clip_end).
 * Subregions are drawn first, in priority order, and what is drawn first
 * stays visible.
 */
static void render_memory_region(FlatView *view, MemoryRegion *mr,
                                 Int128 base, Int128 clip_start,
                                 Int128 clip_end, bool readonly,
                                 bool nonvolatile, const RenderStack *up)
{
    RenderStack here = { mr, up };
    Int128 start, end;

    if (!mr->enabled) {
        return;
    }
    for (const RenderStack *p = up; p; p = p->up) {
        if (p->mr == mr) {
            /* An alias into its own container: QEMU would recurse forever. */
            error_report("memory region '%s' contains itself through an "
                         "alias: not mapped", mr->name ? mr->name : "(null)");
            return;
        }
    }
    base = int128_add(base, int128_make64(mr->addr));
    readonly |= mr->readonly;
    nonvolatile |= mr->nonvolatile;

    start = int128_max(base, clip_start);
    end = int128_min(int128_add(base, mr->size), clip_end);
    if (int128_le(end, start)) {
        return;
    }

    if (mr->alias) {
        /* Place the target so that alias_offset lands at @base. */
        Int128 target_base = int128_sub(base, int128_make64(mr->alias->addr));

        target_base = int128_sub(target_base, int128_make64(mr->alias_offset));
        render_memory_region(view, mr->alias, target_base, start, end,
                             readonly, nonvolatile, &here);
        return;
    }

    MemoryRegion *sub;

    QTAILQ_FOREACH(sub, &mr->subregions, subregions_link) {
        render_memory_region(view, sub, base, start, end, readonly,
                             nonvolatile, &here);
    }

    if (mr->terminates) {
        FlatRange tmpl = {
            .mr = mr,
            .offset_in_region = int128_get64(int128_sub(start, base)),
            .readonly = readonly,
            .nonvolatile = nonvolatile,
        };
        flatview_fill_gaps(view, &tmpl, start, int128_sub(end, start));
    }
}

static bool flatrange_can_merge(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr
        && int128_eq(flatrange_end(a), b->start)
        && int128_eq(int128_add(int128_make64(a->offset_in_region), a->size),
                     int128_make64(b->offset_in_region))
        && a->readonly == b->readonly
        && a->nonvolatile == b->nonvolatile;
}

/* Merge neighbours that are consecutive pieces of the same region. */
static void flatview_simplify(FlatView *view)
{
    unsigned out = 0;

    for (unsigned i = 0; i < view->nr; i++) {
        if (out && flatrange_can_merge(&view->ranges[out - 1],
                                       &view->ranges[i])) {
            int128_addto(&view->ranges[out - 1].size, view->ranges[i].size);
            memory_region_unref(view->ranges[i].mr);
        } else {
            view->ranges[out++] = view->ranges[i];
        }
    }
    view->nr = out;
}

static FlatView *generate_memory_topology(MemoryRegion *root)
{
    FlatView *view = flatview_new(root);

    if (root) {
        render_memory_region(view, root, int128_zero(), int128_zero(),
                             int128_2_64(), false, false, NULL);
    }
    flatview_simplify(view);
    return view;
}

static bool flatrange_contains(const FlatRange *fr, hwaddr addr)
{
    return int128_le(fr->start, int128_make64(addr)) &&
           int128_lt(int128_make64(addr), flatrange_end(fr));
}

FlatRange *flatview_lookup(FlatView *view, hwaddr addr)
{
    unsigned lo = 0, hi = view->nr;

    if (view->mru && flatrange_contains(view->mru, addr)) {
        return view->mru;
    }
    /* Find the last range that starts at or below @addr. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;

        if (int128_le(view->ranges[mid].start, int128_make64(addr))) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    if (int128_lt(int128_make64(addr), flatrange_end(&view->ranges[lo - 1]))) {
        view->mru = &view->ranges[lo - 1];
        return view->mru;
    }
    return NULL;
}

MemoryRegion *flatview_translate(FlatView *view, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen)
{
    FlatRange *fr = view ? flatview_lookup(view, addr) : NULL;
    Int128 left;

    if (!fr) {
        *xlat = addr;
        return &io_mem_unassigned;
    }
    *xlat = fr->offset_in_region +
            int128_get64(int128_sub(int128_make64(addr), fr->start));
    if (memory_region_is_ram(fr->mr)) {
        left = int128_sub(flatrange_end(fr), int128_make64(addr));
        *plen = int128_get64(int128_min(left, int128_make64(*plen)));
    }
    return fr->mr;
}

/* ---- Address spaces ---------------------------------------------------- */

static void address_space_update_topology(AddressSpace *as)
{
    FlatView *old = as->current_map;

    as->current_map = generate_memory_topology(as->root);
    if (old) {
        flatview_unref(old);
    }
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    if (as == &address_space_memory && !as->current_map) {
        /* Created on first use, from whichever side comes first. */
        get_system_memory();
    }
    if (!as->current_map) {
        return NULL;
    }
    flatview_ref(as->current_map);
    return as->current_map;
}

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    memory_region_ref(root);
    as->root = root;
    as->current_map = NULL;
    as->name = g_strdup(name ? name : "anonymous");
    if (!address_spaces) {
        address_spaces = g_ptr_array_new();
    }
    g_ptr_array_add(address_spaces, as);
    address_space_update_topology(as);
}

void address_space_destroy(AddressSpace *as)
{
    MemoryRegion *root = as->root;

    if (!address_spaces || !g_ptr_array_remove(address_spaces, as)) {
        error_report("address_space_destroy: address space '%s' is not "
                     "initialised", as->name ? as->name : "(null)");
        return;
    }
    if (as->current_map) {
        flatview_unref(as->current_map);
    }
    as->current_map = NULL;
    as->root = NULL;
    g_free(as->name);
    as->name = NULL;
    memory_region_unref(root);
}

MemoryRegion *get_system_memory(void)
{
    if (!system_memory) {
        system_memory = g_new0(MemoryRegion, 1);
        memory_region_init(system_memory, NULL, "system", UINT64_MAX);
        OBJECT(system_memory)->free = g_free;
        address_space_init(&address_space_memory, system_memory, "memory");
    }
    return system_memory;
}

void qemu_shim_memory_teardown(void)
{
    if (!system_memory) {
        return;
    }
    address_space_destroy(&address_space_memory);
    /*
     * Finalizing "system" unmaps its subregions, which drops the
     * references they hold on their owners: unparented devices go now.
     */
    object_unparent(OBJECT(system_memory));
    system_memory = NULL;
}

/* The address space whose root is the top container of @mr, or NULL. */
static AddressSpace *memory_region_to_address_space(MemoryRegion *mr)
{
    while (mr->container) {
        mr = mr->container;
    }
    for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(address_spaces, i);

        if (as->root == mr) {
            return as;
        }
    }
    return NULL;
}

MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size)
{
    MemoryRegionSection ret;
    AddressSpace *as;
    FlatView *view;
    FlatRange *fr;
    Int128 start, end, lo, hi;
    unsigned first = 0, last;

    memset(&ret, 0, sizeof(ret));
    for (MemoryRegion *r = mr; r; r = r->container) {
        addr += r->addr;
    }
    as = memory_region_to_address_space(mr);
    view = as ? as->current_map : NULL;
    if (!view) {
        return ret;
    }

    /* The first range that ends above @addr... */
    start = int128_make64(addr);
    end = int128_add(start, int128_make64(size));
    last = view->nr;
    while (first < last) {
        unsigned mid = first + (last - first) / 2;

        if (int128_le(flatrange_end(&view->ranges[mid]), start)) {
            first = mid + 1;
        } else {
            last = mid;
        }
    }
    if (first == view->nr) {
        return ret;
    }
    /* ...if it overlaps the range (or, for size 0, contains @addr). */
    fr = &view->ranges[first];
    if (!int128_lt(fr->start, end) && !int128_le(fr->start, start)) {
        return ret;
    }

    lo = int128_max(start, fr->start);
    hi = int128_max(lo, int128_min(end, flatrange_end(fr)));
    ret.mr = fr->mr;
    ret.fv = view;
    ret.offset_within_region = fr->offset_in_region +
                               int128_get64(int128_sub(lo, fr->start));
    ret.size = int128_sub(hi, lo);
    ret.offset_within_address_space = int128_get64(lo);
    ret.readonly = fr->readonly;
    ret.nonvolatile = fr->nonvolatile;
    memory_region_ref(ret.mr);
    return ret;
}
