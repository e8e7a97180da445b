/*
 * libqemu-cxx-loader.so: puts device modules into the unmodified
 * qemu-system-arm. qemu-cxx-run preloads it (LD_PRELOAD) with the plan in
 * LOADER_PLAN_ENV.
 *
 * Before QEMU's main() runs, the constructor dlopens each module
 * (RTLD_GLOBAL, so its undefined symbols bind to QEMU's exports): the
 * module's constructors register its QOM inits with QEMU's
 * register_module_init(), and QEMU's own module_call_init(MODULE_INIT_QOM)
 * registers its types along with QEMU's. Once the board is built (chardevs
 * exist, the guest has not run), a machine-init-done notifier creates the
 * devices, maps their MMIO regions and wires their IRQs to the board's
 * interrupt controller. Any error: one line, exit(1), before the guest runs.
 *
 * Everything here calls QEMU's own functions through the shim's headers;
 * the library never links libqemu-shim.so.
 */
#define _GNU_SOURCE     /* dladdr(), RTLD_DEFAULT */
#include "qemu/osdep.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qom/object.h"
#include "loader-plan.h"
#include "qemu-host.h"

#include <dlfcn.h>

/* Interrupt controllers the loader wires to, tried in this order. */
typedef struct IrqController {
    const char *type;       /* a QOM type; subclasses match too */
    const char *what;       /* for messages */
    unsigned internal;      /* inputs counted by num-irq that are not ours */
} IrqController;

static const IrqController controllers[] = {
    /* num-irq counts the 32 SGIs and PPIs; unnamed inputs 0.. are SPIs. */
    { "arm_gic_common", "GIC SPI", 32 },        /* arm_gic, kvm-arm-gic */
    { "arm-gicv3-common", "GICv3 SPI", 32 },    /* arm-gicv3, kvm-arm-gicv3 */
    /* The NVIC adds its 16 exceptions to num-irq when it is realized. */
    { "armv7m", "external interrupt", 16 },
};

static LoaderPlan *plan;
/* Per device of the plan, the object created in the notifier. */
static SysBusDevice **created;

static G_NORETURN void die(const char *option, const char *arg,
                           const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static G_NORETURN void die(const char *option, const char *arg,
                           const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", LOADER_PROG_NAME);
    if (option) {
        fprintf(stderr, "-%s %s: ", option, arg);
    }
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static G_NORETURN void die_err(const char *option, const char *arg,
                               Error *err)
{
    g_autofree char *msg = g_strdup(error_get_pretty(err));

    error_free(err);
    die(option, arg, "%s", msg);
}

static SysBusDevice *device_by_id(const char *id)
{
    for (guint i = 0; i < plan->devices->len; i++) {
        LoaderDevice *dev = g_ptr_array_index(plan->devices, i);

        if (dev->id && !strcmp(dev->id, id)) {
            return created[i];
        }
    }
    return NULL;
}

/* -device TYPE,id=ID,...: as QEMU's -device, for a sysbus device. */
static SysBusDevice *create_device(const LoaderDevice *ld)
{
    ObjectClass *oc = object_class_by_name(ld->type);
    DeviceState *dev;
    Error *err = NULL;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        die("device", ld->text, "'%s' is not a device type of any -x-module",
            ld->type);
    }
    if (object_class_is_abstract(oc)) {
        die("device", ld->text, "'%s' is an abstract type", ld->type);
    }
    if (!object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE)) {
        die("device", ld->text, "'%s' is not a sysbus device; the loader "
            "creates sysbus devices only", ld->type);
    }

    dev = qdev_new(ld->type);
    /* /machine/peripheral/ID, or peripheral-anon, as -device places it. */
    if (!qdev_set_id(dev, g_strdup(ld->id), &err)) {
        die_err("device", ld->text, err);
    }
    for (guint i = 0; i < ld->opts->keys->len; i++) {
        const char *key = g_ptr_array_index(ld->opts->keys, i);
        const char *value = g_ptr_array_index(ld->opts->values, i);

        if (!strcmp(key, "driver") || !strcmp(key, "id")) {
            continue;
        }
        if (!object_property_parse(OBJECT(dev), key, value, &err)) {
            die_err("device", ld->text, err);
        }
    }
    /* The peripheral container keeps the device. */
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &err)) {
        die_err("device", ld->text, err);
    }
    return SYS_BUS_DEVICE(dev);
}

static unsigned count_mmio(SysBusDevice *sbd)
{
    unsigned n = 0;

    while (n < QDEV_MAX_MMIO && sysbus_has_mmio(sbd, n)) {
        n++;
    }
    return n;
}

static unsigned count_irqs(SysBusDevice *sbd)
{
    unsigned n = 0;

    while (n < INT_MAX && sysbus_has_irq(sbd, (int)n)) {
        n++;
    }
    return n;
}

/* -x-map: sysbus_mmio_map() where nothing is mapped yet. */
static void map_region(const LoaderMap *map)
{
    SysBusDevice *sbd = device_by_id(map->id);
    unsigned count = count_mmio(sbd);
    MemoryRegionSection section;
    MemoryRegion *mr;
    uint64_t size;

    if (map->region >= count) {
        die("x-map", map->text, "device '%s' has no MMIO region %" PRIu64
            " (it has %u)", map->id, map->region, count);
    }
    mr = sysbus_mmio_get_region(sbd, (int)map->region);
    size = memory_region_size(mr);
    if (size == 0 || map->addr > UINT64_MAX - (size - 1)) {
        die("x-map", map->text, "region %" PRIu64 " (0x%" PRIx64 " bytes) "
            "does not fit at 0x%" PRIx64, map->region, size, map->addr);
    }
    /* Any part of the range already mapped (board devices, RAM, ours). */
    section = memory_region_find(get_system_memory(), map->addr, size);
    if (section.mr) {
        uint64_t at = section.offset_within_address_space -
                      section.offset_within_region;
        Object *owner = memory_region_owner(section.mr);
        g_autofree char *name = g_strdup(memory_region_name(section.mr));
        g_autofree char *path = owner ? object_get_canonical_path(owner)
                                      : NULL;

        memory_region_unref(section.mr);
        die("x-map", map->text, "0x%" PRIx64 "..0x%" PRIx64 " overlaps "
            "'%s' of %s, mapped at 0x%" PRIx64, map->addr,
            map->addr + (size - 1), name, path ? path : "the machine", at);
    }
    sysbus_mmio_map(sbd, (int)map->region, map->addr);
}

/* The board's interrupt controller, or exit naming the option. */
static Object *find_controller(const LoaderIrq *irq,
                               const IrqController **kind)
{
    for (size_t i = 0; i < G_N_ELEMENTS(controllers); i++) {
        bool ambiguous = false;
        Object *obj = object_resolve_path_type("", controllers[i].type,
                                               &ambiguous);

        if (ambiguous) {
            die("x-irq", irq->text, "the machine has more than one '%s'",
                controllers[i].type);
        }
        if (obj) {
            *kind = &controllers[i];
            return obj;
        }
    }
    die("x-irq", irq->text, "the machine has no interrupt controller the "
        "loader knows (a GICv2, a GICv3 or an ARMv7-M NVIC)");
}

/* -x-irq: IRQ output N of the device to input M of the controller. */
static void wire_irq(const LoaderIrq *irq)
{
    SysBusDevice *sbd = device_by_id(irq->id);
    const IrqController *kind = NULL;
    Object *ctrl = find_controller(irq, &kind);
    unsigned outputs = count_irqs(sbd);
    Error *err = NULL;
    uint64_t num_irq, inputs;
    g_autofree char *input = NULL;

    if (irq->irq >= outputs) {
        die("x-irq", irq->text, "device '%s' has no IRQ output %" PRIu64
            " (it has %u)", irq->id, irq->irq, outputs);
    }
    num_irq = object_property_get_uint(ctrl, "num-irq", &err);
    if (err) {
        die_err("x-irq", irq->text, err);
    }
    inputs = num_irq > kind->internal ? num_irq - kind->internal : 0;
    /*
     * qdev_get_gpio_in() asserts on a bad index: check the count, and that
     * the input really exists ("unnamed-gpio-in[M]" is its QOM child).
     */
    input = g_strdup_printf("unnamed-gpio-in[%" PRIu64 "]", irq->line);
    if (irq->line >= inputs || !object_property_find(ctrl, input)) {
        die("x-irq", irq->text, "line %" PRIu64 " is beyond the %s lines "
            "0..%" PRIu64 " of %s", irq->line, kind->what,
            inputs ? inputs - 1 : 0, object_get_typename(ctrl));
    }
    sysbus_connect_irq(sbd, (int)irq->irq,
                       qdev_get_gpio_in(DEVICE(ctrl), (int)irq->line));
}

static void machine_ready(Notifier *notifier G_GNUC_UNUSED,
                          void *data G_GNUC_UNUSED)
{
    created = g_new0(SysBusDevice *, plan->devices->len);
    for (guint i = 0; i < plan->devices->len; i++) {
        created[i] = create_device(g_ptr_array_index(plan->devices, i));
    }
    for (guint i = 0; i < plan->maps->len; i++) {
        map_region(g_ptr_array_index(plan->maps, i));
    }
    for (guint i = 0; i < plan->irqs->len; i++) {
        wire_irq(g_ptr_array_index(plan->irqs, i));
    }
}

static Notifier machine_ready_notifier = { .notify = machine_ready };

/*
 * Drop this library from LD_PRELOAD so that QEMU's children (exec:
 * migration, helpers) start clean; the user's other entries stay.
 */
static void leave_preload(void)
{
    const char *preload = getenv("LD_PRELOAD");
    g_autoptr(GString) kept = g_string_new(NULL);
    g_auto(GStrv) entries = NULL;
    Dl_info self;

    if (!preload || !dladdr((void *)leave_preload, &self) ||
        !self.dli_fname) {
        return;
    }
    entries = g_strsplit_set(preload, ": ", -1);
    for (char **e = entries; *e; e++) {
        if (**e && strcmp(*e, self.dli_fname) != 0) {
            g_string_append_printf(kept, "%s%s", kept->len ? ":" : "", *e);
        }
    }
    if (kept->len) {
        setenv("LD_PRELOAD", kept->str, 1);
    } else {
        unsetenv("LD_PRELOAD");
    }
}

static void __attribute__((constructor)) loader_init(void)
{
    const char *text = getenv(LOADER_PLAN_ENV);
    g_autofree char *copy = NULL;
    g_autofree char *exe = NULL;
    Error *err = NULL;

    if (!text) {
        return;     /* preloaded without a plan: stay out of the way */
    }
    copy = g_strdup(text);
    unsetenv(LOADER_PLAN_ENV);
    leave_preload();

    /* Lazy binding: nothing of QEMU's has been called yet. */
    if (!dlsym(RTLD_DEFAULT, "qemu_add_machine_init_done_notifier")) {
        exe = g_file_read_link("/proc/self/exe", NULL);
        die(NULL, NULL, "'%s' is not a QEMU system emulator (it has no "
            "qemu_add_machine_init_done_notifier)", exe ? exe : "?");
    }
    plan = loader_plan_decode(copy, &err);
    if (!plan) {
        die_err(NULL, NULL, err);
    }
    for (guint i = 0; i < plan->modules->len; i++) {
        const char *path = g_ptr_array_index(plan->modules, i);

        /* RTLD_NOW: a symbol QEMU does not export fails here, by name. */
        if (!dlopen(path, RTLD_NOW | RTLD_GLOBAL)) {
            die("x-module", path, "%s", dlerror());
        }
    }
    qemu_add_machine_init_done_notifier(&machine_ready_notifier);
}
