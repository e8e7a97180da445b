/*
 * One PL011 for the benchmarks (see bench-dev.h): module loading, device
 * set-up, feeding the receive side, and the clock and statistics helpers.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties-system.h"
#include "bench-dev.h"

#include <time.h>

bool bench_load(const char *spec, const char **type, Error **errp)
{
    static GHashTable *loaded;
    const char *eq = strchr(spec, '=');
    g_autofree char *path = NULL;

    if (!eq || eq == spec || !eq[1]) {
        error_setg(errp, "'%s': expected MODULE=TYPE", spec);
        return false;
    }
    path = g_strndup(spec, eq - spec);
    *type = eq + 1;
    if (!loaded) {
        loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    if (g_hash_table_contains(loaded, path)) {
        return true;
    }
    if (!qemu_shim_module_load(path, errp)) {
        return false;
    }
    module_call_init(MODULE_INIT_QOM);
    g_hash_table_add(loaded, g_steal_pointer(&path));
    return true;
}

bool bench_dev_init(BenchDev *b, const char *type, const char *backend,
                    hwaddr base, Error **errp)
{
    static unsigned chardevs;
    g_autofree char *opts = NULL;
    SysBusDevice *sbd;
    ObjectClass *oc = object_class_by_name(type);

    memset(b, 0, sizeof(*b));
    if (!object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a concrete sysbus device type", type);
        return false;
    }
    if (!object_class_property_find(oc, "chardev")) {
        error_setg(errp, "'%s' has no 'chardev' property", type);
        return false;
    }
    b->type = type;
    b->base = base;
    b->chr_id = g_strdup_printf("bench%u", chardevs++);
    opts = g_strdup_printf("%s,id=%s", backend, b->chr_id);
    b->chr = qemu_shim_chr_new_from_opts(opts, errp);
    if (!b->chr) {
        return false;
    }

    b->dev = qdev_new(type);
    sbd = SYS_BUS_DEVICE(b->dev);
    qdev_prop_set_chr(b->dev, "chardev", b->chr);
    /* Keep our own reference: cleanup unparents, then drops it. */
    object_ref(OBJECT(b->dev));
    if (!sysbus_realize_and_unref(sbd, errp)) {
        object_unref(OBJECT(b->dev));
        b->dev = NULL;
        return false;
    }
    b->mr = sysbus_mmio_get_region(sbd, 0);
    if (!b->mr || !b->mr->ops ||
        !(b->mr->ops->read || b->mr->ops->read_with_attrs) ||
        !(b->mr->ops->write || b->mr->ops->write_with_attrs)) {
        error_setg(errp, "'%s' has no MMIO region 0 with read and write",
                   type);
        return false;
    }
    sysbus_mmio_map(sbd, 0, base);
    return true;
}

void bench_dev_cleanup(BenchDev *b)
{
    if (b->dev) {
        /* The mapping holds a reference to the device: drop it first. */
        if (b->mr) {
            sysbus_mmio_unmap(SYS_BUS_DEVICE(b->dev), 0);
        }
        object_unparent(OBJECT(b->dev));
        object_unref(OBJECT(b->dev));
    }
    if (b->chr_id) {
        Error *err = NULL;

        if (!qemu_shim_chr_remove(b->chr_id, &err)) {
            error_report_err(err);
        }
    }
    g_free(b->chr_id);
    memset(b, 0, sizeof(*b));
}

bool bench_feed(BenchDev *b, const uint8_t *buf, size_t len)
{
    qemu_shim_chr_memory_push(b->chr, buf, len);
    /* Each iteration delivers as much as can_receive allows. */
    for (int tries = 0; qemu_shim_chr_memory_pending(b->chr); tries++) {
        if (tries == 100) {
            return false;
        }
        main_loop_wait(true);
    }
    return true;
}

int64_t bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
    if (!n) {
        return 0;
    }
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
