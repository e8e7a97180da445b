/*
 * Sizes: instance sizes through object_type_get_instance_size(), and again
 * by search; class sizes by search; sizes of exported data objects from
 * the binary's symbol table.
 *
 * The search: QOM's type_initialize() asserts
 * parent->class_size <= ti->class_size (and likewise instance_size), so a
 * subtype registered with a size N below its parent's aborts. The smallest
 * N that survives is the parent's size; each try is a child.
 */
#define _GNU_SOURCE
#include "probe.h"
#include "exec/memory.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

#include <dlfcn.h>
#include <link.h>

/* The largest size searched for; QOM's base types are far below it. */
#define PROBE_SIZE_LIMIT 4096

static const char *const instance_types[] = {
    "object", "device", "sys-bus-device", "bus", "System",
    "memory-region", "clock", "irq", "pl011",
};

static const char *const class_types[] = {
    "object", "device", "sys-bus-device", "bus", "interface",
};

/* What the current child measures (set before forking). */
static const char *probe_type;
static bool probe_class;

static void instance_size_getter(int64_t *out)
{
    if (object_class_by_name(probe_type)) {
        out[0] = object_type_get_instance_size(probe_type);
    }
}

/* Exits 0 when a subtype of probe_type with size @n initialises. */
static int try_size(long n)
{
    static TypeInfo info;

    info = (TypeInfo) { .name = "x-abi-size", .parent = probe_type };
    if (probe_class) {
        info.class_size = n;
    } else {
        info.instance_size = n;
    }
    type_register_static(&info);
    return object_class_by_name("x-abi-size") ? 0 : 1;
}

static int64_t search_size(const char *type, bool class)
{
    long lo = 1, hi = PROBE_SIZE_LIMIT;

    probe_type = type;
    probe_class = class;
    /* A failure at the limit is no size: some other abort. */
    if (probe_child_status(try_size, hi) != 0) {
        return -1;
    }
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (probe_child_status(try_size, mid) == 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    /* N = 1 surviving means the parent's size is not what bounds it. */
    return lo > 1 ? lo : -1;
}

/* The st_size of the exported object at @addr (the binary's .dynsym). */
static int64_t symbol_size(const void *addr)
{
    Dl_info info;
    const ElfW(Sym) *sym = NULL;

    if (!dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) || !sym ||
        info.dli_saddr != addr) {
        return -1;
    }
    return sym->st_size;
}

void probe_sizes(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(instance_types); i++) {
        g_autofree char *name = g_strconcat("size.", instance_types[i], NULL);
        probe_type = instance_types[i];
        probe_measure(instance_size_getter, name, NULL);
    }
    for (size_t i = 0; i < ARRAY_SIZE(instance_types); i++) {
        g_autofree char *name = g_strconcat("size-search.", instance_types[i],
                                            NULL);
        probe_figure(name, search_size(instance_types[i], false));
    }
    for (size_t i = 0; i < ARRAY_SIZE(class_types); i++) {
        g_autofree char *name = g_strconcat("class-size.", class_types[i], NULL);
        probe_figure(name, search_size(class_types[i], true));
    }

    probe_figure("symbol-size.vmstate_clock", symbol_size(&vmstate_clock));
    probe_figure("symbol-size.vmstate_fifo8", symbol_size(&vmstate_fifo8));
    probe_figure("symbol-size.vmstate_info_uint64",
                 symbol_size(&vmstate_info_uint64));
    probe_figure("symbol-size.qdev_prop_uint32", symbol_size(&qdev_prop_uint32));
    probe_figure("symbol-size.unassigned_mem_ops",
                 symbol_size(&unassigned_mem_ops));
    probe_figure("symbol-size._TRACE_PL011_READ_EVENT",
                 symbol_size(&_TRACE_PL011_READ_EVENT));
}
