/*
 * The harness's machine: the /machine tree QEMU builds (peripheral,
 * peripheral-anon, unattached), devices from -device, and the guest memory
 * map (-x-map for a sysbus device's MMIO region, -x-ram for RAM).
 */
#include "qemu/osdep.h"
#include "harness.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qom/object.h"
#include "sysemu/reset.h"

static char *machine_name;
static unsigned anon_devices;

void harness_machine_init(const char *name)
{
    machine_name = g_strdup(name ? name : "virt");
    /* QEMU's containers under /machine, created up front. */
    container_get(qdev_get_machine(), "/peripheral");
    container_get(qdev_get_machine(), "/peripheral-anon");
    container_get(qdev_get_machine(), "/unattached");
}

const char *harness_machine_name(void)
{
    return machine_name;
}

/*
 * A system reset as QEMU's qemu_system_reset() does it: the main system
 * bus and everything on it, then the handlers devices registered.
 */
void harness_system_reset(void)
{
    bus_cold_reset(sysbus_get_default());
    qemu_devices_reset();
}

/* QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
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

static DeviceClass *device_class_for(const char *type, Error **errp)
{
    ObjectClass *oc;

    if (!type) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    oc = object_class_by_name(type);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", type);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device type");
        return NULL;
    }
    /*
     * Unlike QEMU, sysbus devices are creatable: the harness has no board,
     * so -device is how a sysbus device gets made.
     */
    return DEVICE_CLASS(oc);
}

bool harness_device_add(const HarnessOpts *opts, Error **errp)
{
    const char *type = harness_opts_get(opts, "driver");
    const char *id = harness_opts_get(opts, "id");
    DeviceClass *dc;
    DeviceState *dev;
    Object *parent;
    g_autofree char *anon_name = NULL;

    dc = device_class_for(type, errp);
    if (!dc) {
        return false;
    }
    if (id && !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return false;
    }
    if (id) {
        parent = container_get(qdev_get_machine(), "/peripheral");
        if (object_resolve_path_component(parent, id)) {
            error_setg(errp, "Duplicate ID '%s' for device", id);
            return false;
        }
    }

    dev = qdev_new(type);
    if (id) {
        dev->id = g_strdup(id);
        object_property_add_child(parent, id, OBJECT(dev));
    } else {
        parent = container_get(qdev_get_machine(), "/peripheral-anon");
        anon_name = g_strdup_printf("device[%u]", anon_devices++);
        object_property_add_child(parent, anon_name, OBJECT(dev));
    }

    for (guint i = 0; i < opts->keys->len; i++) {
        const char *key = g_ptr_array_index(opts->keys, i);
        const char *value = g_ptr_array_index(opts->values, i);

        if (!strcmp(key, "driver") || !strcmp(key, "id")) {
            continue;
        }
        if (!object_property_parse(OBJECT(dev), key, value, errp)) {
            goto fail;
        }
    }

    if (!qdev_realize(dev, dc->bus_type ? sysbus_get_default() : NULL, errp)) {
        goto fail;
    }
    object_unref(OBJECT(dev));      /* the /machine tree holds it now */
    return true;

fail:
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    return false;
}

static bool parse_u64(const char *name, const char *text, uint64_t *value,
                      Error **errp)
{
    if (!text) {
        error_setg(errp, "Parameter '%s' is missing", name);
        return false;
    }
    if (!harness_parse_size(text, value)) {
        error_setg(errp, "Parameter '%s' expects a size", name);
        error_append_hint(errp, "You may use k, M, G or T suffixes for "
                          "kilobytes, megabytes, gigabytes and terabytes.\n");
        return false;
    }
    return true;
}

/* A region of @size bytes at @addr must not run past 2^64 - 1. */
static bool check_range(uint64_t addr, uint64_t size, Error **errp)
{
    if (size && addr > UINT64_MAX - (size - 1)) {
        error_setg(errp, "0x%" PRIx64 " bytes at 0x%" PRIx64 " run past the "
                   "end of the address space", size, addr);
        return false;
    }
    return true;
}

/* -x-map ID[,region=N],addr=ADDR: sysbus_mmio_map() from the command line. */
bool harness_map_mmio(const HarnessOpts *opts, Error **errp)
{
    static const char *const keys[] = { "id", "region", "addr", NULL };
    const char *id = harness_opts_get(opts, "id");
    const char *region_text = harness_opts_get(opts, "region");
    uint64_t addr, region = 0;
    Object *obj;
    SysBusDevice *sbd;

    if (!harness_opts_check_keys(opts, keys, errp)) {
        return false;
    }
    /* "-x-map addr=0": the implied id was never given. */
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    if (!parse_u64("addr", harness_opts_get(opts, "addr"), &addr, errp)) {
        return false;
    }
    if (region_text && !parse_u64("region", region_text, &region, errp)) {
        return false;
    }
    obj = object_resolve_path_component(
        container_get(qdev_get_machine(), "/peripheral"), id);
    if (!obj) {
        error_setg(errp, "Device '%s' not found", id);
        return false;
    }
    sbd = (SysBusDevice *)object_dynamic_cast(obj, TYPE_SYS_BUS_DEVICE);
    if (!sbd) {
        error_setg(errp, "Device '%s' is not a sysbus device", id);
        return false;
    }
    if (region >= (uint64_t)sbd->num_mmio) {
        error_setg(errp, "Device '%s' has no MMIO region %" PRIu64
                   " (it has %d)", id, region, sbd->num_mmio);
        return false;
    }
    if (!check_range(addr, memory_region_size(sbd->mmio[region].memory),
                     errp)) {
        return false;
    }
    sysbus_mmio_map(sbd, region, addr);
    return true;
}

/* -x-ram addr=ADDR,size=SIZE: guest RAM, for devices that do DMA. */
bool harness_add_ram(const HarnessOpts *opts, Error **errp)
{
    ERRP_GUARD();
    static const char *const keys[] = { "addr", "size", NULL };
    static unsigned ram_count;
    uint64_t addr, size;
    g_autofree char *name = NULL;
    MemoryRegion *ram;

    if (!harness_opts_check_keys(opts, keys, errp)) {
        return false;
    }
    if (!parse_u64("addr", harness_opts_get(opts, "addr"), &addr, errp) ||
        !parse_u64("size", harness_opts_get(opts, "size"), &size, errp)) {
        return false;
    }
    if (size == 0) {
        error_setg(errp, "Parameter 'size' expects a non-zero size");
        return false;
    }
    if (!check_range(addr, size, errp)) {
        return false;
    }
    name = g_strdup_printf("x-ram%u", ram_count++);
    ram = g_new0(MemoryRegion, 1);
    memory_region_init_ram(ram, container_get(qdev_get_machine(),
                                              "/unattached"),
                           name, size, errp);
    if (*errp) {
        g_free(ram);
        return false;
    }
    OBJECT(ram)->free = g_free;     /* freed with its owner, at teardown */
    memory_region_add_subregion(get_system_memory(), addr, ram);
    return true;
}

static const char *const category_names[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
    [DEVICE_CATEGORY_USB] = "USB",
    [DEVICE_CATEGORY_STORAGE] = "Storage",
    [DEVICE_CATEGORY_NETWORK] = "Network",
    [DEVICE_CATEGORY_INPUT] = "Input",
    [DEVICE_CATEGORY_DISPLAY] = "Display",
    [DEVICE_CATEGORY_SOUND] = "Sound",
    [DEVICE_CATEGORY_MISC] = "Misc",
    [DEVICE_CATEGORY_CPU] = "CPU",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
};

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

static void print_device(DeviceClass *dc)
{
    printf("name \"%s\"", object_class_get_name(OBJECT_CLASS(dc)));
    if (dc->bus_type) {
        printf(", bus %s", dc->bus_type);
    }
    if (dc->desc) {
        printf(", desc \"%s\"", dc->desc);
    }
    printf("\n");
}

static bool has_category(DeviceClass *dc, int cat)
{
    return dc->categories[cat / QEMU_SHIM_BITS_PER_LONG] &
           (1UL << (cat % QEMU_SHIM_BITS_PER_LONG));
}

/* -device help, grouped by category as QEMU prints it. */
void harness_device_help(void)
{
    GSList *list = g_slist_sort(object_class_get_list(TYPE_DEVICE, false),
                                class_name_cmp);
    bool printed_group = false;

    for (int cat = 0; cat <= DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;

        for (GSList *l = list; l; l = l->next) {
            DeviceClass *dc = DEVICE_CLASS(l->data);
            bool uncategorized = true;

            for (int c = 0; c < DEVICE_CATEGORY_MAX; c++) {
                uncategorized &= !has_category(dc, c);
            }
            if (cat < DEVICE_CATEGORY_MAX ? !has_category(dc, cat)
                                          : !uncategorized) {
                continue;
            }
            if (!header) {
                printf("%s%s devices:\n", printed_group ? "\n" : "",
                       cat < DEVICE_CATEGORY_MAX ? category_names[cat]
                                                 : "Uncategorized");
                header = printed_group = true;
            }
            print_device(dc);
        }
    }
    g_slist_free(list);
}

/* A property default as QEMU's help shows it (JSON). */
static char *qobject_to_text(const QObject *obj)
{
    int64_t i;
    uint64_t u;

    switch (qobject_type(obj)) {
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool((const QBool *)obj) ? "true" : "false");
    case QTYPE_QNUM:
        if (qnum_get_try_int((const QNum *)obj, &i)) {
            return g_strdup_printf("%" PRId64, i);
        }
        if (qnum_get_try_uint((const QNum *)obj, &u)) {
            return g_strdup_printf("%" PRIu64, u);
        }
        return g_strdup_printf("%g", qnum_get_double((const QNum *)obj));
    case QTYPE_QSTRING:
        return g_strdup_printf("\"%s\"", qstring_get_str((const QString *)obj));
    default:
        return g_strdup("null");
    }
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The properties QEMU's device-list-properties leaves out. */
static bool property_is_internal(const char *name)
{
    static const char *const internal[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };

    for (size_t i = 0; i < ARRAY_SIZE(internal); i++) {
        if (!strcmp(name, internal[i])) {
            return true;
        }
    }
    return g_str_has_prefix(name, "legacy-");
}

/* -device TYPE,help: one line per property, sorted, as QEMU 7.2 prints. */
bool harness_device_type_help(const char *type, Error **errp)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj;

    if (!device_class_for(type, errp)) {
        return false;
    }
    /* As QEMU does, make an instance: instance properties count too. */
    obj = object_new(type);
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        GString *line;

        if (property_is_internal(prop->name)) {
            continue;
        }
        line = g_string_new(NULL);
        g_string_append_printf(line, "  %s=<%s>", prop->name, prop->type);
        if (prop->description || prop->defval) {
            if (line->len < 24) {
                g_string_append_printf(line, "%*s", 24 - (int)line->len, "");
            }
            g_string_append_printf(line, " - %s",
                                   prop->description ? prop->description : "");
        }
        if (prop->defval) {
            g_autofree char *text = qobject_to_text(prop->defval);
            g_string_append_printf(line, " (default: %s)", text);
        }
        g_ptr_array_add(lines, g_string_free(line, false));
    }
    object_unref(obj);

    g_ptr_array_sort(lines, compare_lines);
    if (lines->len) {
        printf("%s options:\n", type);
    } else {
        printf("There are no options for %s.\n", type);
    }
    for (guint i = 0; i < lines->len; i++) {
        printf("%s\n", (char *)g_ptr_array_index(lines, i));
    }
    return true;
}
