/*
 * The loader's plan (loader-plan.h): parsed with the harness's QemuOpts
 * parser (qemu-shim/host/options.c), so that -device, -x-map and -x-irq
 * read the same as on qemu-harness.
 */
#include "qemu/osdep.h"
#include "loader-plan.h"

static void loader_device_free(gpointer p)
{
    LoaderDevice *dev = p;

    g_free(dev->text);
    harness_opts_free(dev->opts);
    g_free(dev);
}

static void loader_map_free(gpointer p)
{
    LoaderMap *map = p;

    g_free(map->text);
    g_free(map->id);
    g_free(map);
}

static void loader_irq_free(gpointer p)
{
    LoaderIrq *irq = p;

    g_free(irq->text);
    g_free(irq->id);
    g_free(irq);
}

LoaderPlan *loader_plan_new(void)
{
    LoaderPlan *plan = g_new0(LoaderPlan, 1);

    plan->modules = g_ptr_array_new_with_free_func(g_free);
    plan->devices = g_ptr_array_new_with_free_func(loader_device_free);
    plan->maps = g_ptr_array_new_with_free_func(loader_map_free);
    plan->irqs = g_ptr_array_new_with_free_func(loader_irq_free);
    return plan;
}

void loader_plan_free(LoaderPlan *plan)
{
    if (!plan) {
        return;
    }
    g_ptr_array_unref(plan->modules);
    g_ptr_array_unref(plan->devices);
    g_ptr_array_unref(plan->maps);
    g_ptr_array_unref(plan->irqs);
    g_free(plan);
}

bool loader_plan_option(const char *name)
{
    return !strcmp(name, "x-module") || !strcmp(name, "device") ||
           !strcmp(name, "x-map") || !strcmp(name, "x-irq");
}

/* Refuses keys other than @allowed (NULL-terminated), as QemuOpts does. */
static bool check_keys(const HarnessOpts *opts, const char *const *allowed,
                       Error **errp)
{
    for (guint i = 0; i < opts->keys->len; i++) {
        const char *key = g_ptr_array_index(opts->keys, i);
        bool known = false;

        for (const char *const *a = allowed; *a; a++) {
            known |= !strcmp(key, *a);
        }
        if (!known) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    return true;
}

/* Parameter @key of @opts as a number; @def when absent (if @optional). */
static bool get_number(const HarnessOpts *opts, const char *key,
                       bool optional, uint64_t def, bool size_suffixes,
                       uint64_t *value, Error **errp)
{
    const char *text = harness_opts_get(opts, key);
    bool ok;

    if (!text) {
        if (!optional) {
            error_setg(errp, "Parameter '%s' is missing", key);
            return false;
        }
        *value = def;
        return true;
    }
    ok = size_suffixes ? harness_parse_size(text, value)
                       : harness_parse_u64(text, value);
    if (!ok) {
        error_setg(errp, "Parameter '%s' expects a number, not '%s'", key,
                   text);
        return false;
    }
    return true;
}

/* The "ID" every -x-map and -x-irq starts with. */
static bool get_id(const HarnessOpts *opts, char **id, Error **errp)
{
    const char *text = harness_opts_get(opts, "id");

    if (!text || !*text) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    *id = g_strdup(text);
    return true;
}

static bool add_device(LoaderPlan *plan, const char *arg, Error **errp)
{
    HarnessOpts *opts = harness_opts_parse(arg, "driver", errp);
    LoaderDevice *dev;

    if (!opts) {
        return false;
    }
    dev = g_new0(LoaderDevice, 1);
    dev->text = g_strdup(arg);
    dev->opts = opts;
    dev->type = harness_opts_get(opts, "driver");
    dev->id = harness_opts_get(opts, "id");
    g_ptr_array_add(plan->devices, dev);
    if (!dev->type || !*dev->type) {
        error_setg(errp, "Parameter 'driver' is missing");
        return false;
    }
    return true;
}

static bool add_map(LoaderPlan *plan, const char *arg, Error **errp)
{
    static const char *const keys[] = { "id", "addr", "region", NULL };
    g_autoptr(HarnessOpts) opts = harness_opts_parse(arg, "id", errp);
    LoaderMap *map;

    if (!opts || !check_keys(opts, keys, errp)) {
        return false;
    }
    map = g_new0(LoaderMap, 1);
    map->text = g_strdup(arg);
    g_ptr_array_add(plan->maps, map);
    /* addr takes k/M/G suffixes, as the harness's -x-map does. */
    return get_id(opts, &map->id, errp) &&
           get_number(opts, "addr", false, 0, true, &map->addr, errp) &&
           get_number(opts, "region", true, 0, false, &map->region, errp);
}

static bool add_irq(LoaderPlan *plan, const char *arg, Error **errp)
{
    static const char *const keys[] = { "id", "line", "irq", NULL };
    g_autoptr(HarnessOpts) opts = harness_opts_parse(arg, "id", errp);
    LoaderIrq *irq;

    if (!opts || !check_keys(opts, keys, errp)) {
        return false;
    }
    irq = g_new0(LoaderIrq, 1);
    irq->text = g_strdup(arg);
    g_ptr_array_add(plan->irqs, irq);
    return get_id(opts, &irq->id, errp) &&
           get_number(opts, "line", false, 0, false, &irq->line, errp) &&
           get_number(opts, "irq", true, 0, false, &irq->irq, errp);
}

bool loader_plan_add(LoaderPlan *plan, const char *name, const char *arg,
                     Error **errp)
{
    bool ok;

    if (!strcmp(name, "x-module")) {
        ok = *arg != '\0';
        if (ok) {
            g_ptr_array_add(plan->modules, g_canonicalize_filename(arg, NULL));
        } else {
            error_setg(errp, "expects the path of a module");
        }
    } else if (!strcmp(name, "device")) {
        ok = add_device(plan, arg, errp);
    } else if (!strcmp(name, "x-map")) {
        ok = add_map(plan, arg, errp);
    } else if (!strcmp(name, "x-irq")) {
        ok = add_irq(plan, arg, errp);
    } else {
        error_setg(errp, "not a loader option");
        ok = false;
    }
    if (!ok) {
        error_prepend(errp, "-%s %s: ", name, arg);
    }
    return ok;
}

/* QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
static bool id_is_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

const LoaderDevice *loader_plan_find_device(const LoaderPlan *plan,
                                            const char *id)
{
    for (guint i = 0; i < plan->devices->len; i++) {
        const LoaderDevice *dev = g_ptr_array_index(plan->devices, i);

        if (dev->id && !strcmp(dev->id, id)) {
            return dev;
        }
    }
    return NULL;
}

static bool check_devices(const LoaderPlan *plan, Error **errp)
{
    for (guint i = 0; i < plan->devices->len; i++) {
        const LoaderDevice *dev = g_ptr_array_index(plan->devices, i);

        if (!dev->id) {
            continue;
        }
        if (!id_is_wellformed(dev->id)) {
            error_setg(errp, "-device %s: Parameter 'id' expects an "
                       "identifier (a letter, then letters, digits, '-', "
                       "'.', '_')", dev->text);
            return false;
        }
        if (loader_plan_find_device(plan, dev->id) != dev) {
            error_setg(errp, "-device %s: Duplicate device ID '%s'",
                       dev->text, dev->id);
            return false;
        }
    }
    return true;
}

bool loader_plan_check(const LoaderPlan *plan, Error **errp)
{
    if (!check_devices(plan, errp)) {
        return false;
    }
    for (guint i = 0; i < plan->maps->len; i++) {
        const LoaderMap *map = g_ptr_array_index(plan->maps, i);

        if (!loader_plan_find_device(plan, map->id)) {
            error_setg(errp, "-x-map %s: no -device with id '%s' of a "
                       "-x-module type", map->text, map->id);
            return false;
        }
        for (guint j = 0; j < i; j++) {
            const LoaderMap *other = g_ptr_array_index(plan->maps, j);

            if (!strcmp(other->id, map->id) && other->region == map->region) {
                error_setg(errp, "-x-map %s: region %" PRIu64 " of '%s' is "
                           "already mapped by -x-map %s", map->text,
                           map->region, map->id, other->text);
                return false;
            }
        }
    }
    for (guint i = 0; i < plan->irqs->len; i++) {
        const LoaderIrq *irq = g_ptr_array_index(plan->irqs, i);

        if (!loader_plan_find_device(plan, irq->id)) {
            error_setg(errp, "-x-irq %s: no -device with id '%s' of a "
                       "-x-module type", irq->text, irq->id);
            return false;
        }
        for (guint j = 0; j < i; j++) {
            const LoaderIrq *other = g_ptr_array_index(plan->irqs, j);

            if (!strcmp(other->id, irq->id) && other->irq == irq->irq) {
                error_setg(errp, "-x-irq %s: IRQ output %" PRIu64 " of '%s' "
                           "is already wired by -x-irq %s", irq->text,
                           irq->irq, irq->id, other->text);
                return false;
            }
        }
    }
    return true;
}

static void append_option(GString *out, const char *name, const char *arg)
{
    g_autofree char *quoted = g_shell_quote(arg);

    g_string_append_printf(out, "%s-%s %s", out->len ? " " : "", name,
                           quoted);
}

char *loader_plan_encode(const LoaderPlan *plan)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < plan->modules->len; i++) {
        append_option(out, "x-module", g_ptr_array_index(plan->modules, i));
    }
    for (guint i = 0; i < plan->devices->len; i++) {
        append_option(out, "device",
                      ((LoaderDevice *)g_ptr_array_index(plan->devices, i))->text);
    }
    for (guint i = 0; i < plan->maps->len; i++) {
        append_option(out, "x-map",
                      ((LoaderMap *)g_ptr_array_index(plan->maps, i))->text);
    }
    for (guint i = 0; i < plan->irqs->len; i++) {
        append_option(out, "x-irq",
                      ((LoaderIrq *)g_ptr_array_index(plan->irqs, i))->text);
    }
    return g_string_free(out, false);
}

LoaderPlan *loader_plan_decode(const char *text, Error **errp)
{
    g_autoptr(LoaderPlan) plan = loader_plan_new();
    g_auto(GStrv) words = NULL;
    g_autoptr(GError) gerr = NULL;
    int n;

    if (!g_shell_parse_argv(text, &n, &words, &gerr)) {
        error_setg(errp, "malformed %s: %s", LOADER_PLAN_ENV, gerr->message);
        return NULL;
    }
    for (int i = 0; i < n; i += 2) {
        if (words[i][0] != '-' || !loader_plan_option(words[i] + 1) ||
            i + 1 >= n) {
            error_setg(errp, "malformed %s at '%s'", LOADER_PLAN_ENV,
                       words[i]);
            return NULL;
        }
        if (!loader_plan_add(plan, words[i] + 1, words[i + 1], errp)) {
            return NULL;
        }
    }
    if (!loader_plan_check(plan, errp)) {
        return NULL;
    }
    return g_steal_pointer(&plan);
}
