/*
 * abi-probe: runs the unmodified qemu-system-arm with the probe preloaded
 * (README.md) and compares every figure it measured with the shim's value,
 * compiled in here from the shim's headers. Fails naming each struct and
 * field that differ; ends with the table "struct | real | shim".
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/qdev-properties.h"
#include "exec/memory.h"
#include "chardev/char-fe.h"
#include "migration/vmstate.h"
#include "qemu/timer.h"
#include "trace/control.h"
#include "hw/char/pl011_ref.h"
#include "irq-internal.h"          /* the shim's private IRQState */

#include <signal.h>
#include <sys/wait.h>

/* The probe forks a few hundred children; QEMU starts in well under 1 s. */
#define QEMU_TIMEOUT_S 100

typedef struct Figure {
    const char *key;        /* the probe's name for it */
    const char *strukt;     /* the shim's struct */
    const char *field;      /* field, or what the size is */
    const char *how;        /* how the probe measured it */
    int64_t shim;
} Figure;

#define SIZES(type, T)                                                      \
    { "size." type, #T, "sizeof",                                           \
      "object_type_get_instance_size(\"" type "\")", sizeof(T) },           \
    { "size-search." type, #T, "sizeof",                                    \
      "smallest instance_size of a subtype of \"" type "\" QOM accepts",    \
      sizeof(T) }
#define CLASS_SIZE(type, T)                                                 \
    { "class-size." type, #T, "sizeof",                                     \
      "smallest class_size of a subtype of \"" type "\" QOM accepts",       \
      sizeof(T) }
#define SYMBOL_SIZE(sym, T)                                                 \
    { "symbol-size." #sym, #T, "sizeof", "st_size of " #sym, sizeof(T) }
#define WRITTEN(fn, T)                                                      \
    { "written." #fn, #T, "sizeof", "bytes " #fn "() writes", sizeof(T) }
#define OFFSET(T, f, how)                                                   \
    { #T "." #f, #T, #f, how, offsetof(T, f) }
#define ROUND_TRIP(T, how)                                                  \
    { #T ".round_trip", #T, "round_trip", how, 1 }

static const Figure figures[] = {
    SIZES("object", Object),
    SIZES("device", DeviceState),
    SIZES("sys-bus-device", SysBusDevice),
    SIZES("bus", BusState),
    SIZES("System", BusState),
    SIZES("memory-region", MemoryRegion),
    SIZES("clock", Clock),
    /*
     * QEMU keeps IRQState private (a module holds qemu_irq pointers only);
     * the shim's has intercept fields after QEMU's: compare QEMU's part.
     */
    { "size.irq", "IRQState", "sizeof (QEMU's fields, up to .saved)",
      "object_type_get_instance_size(\"irq\")", offsetof(IRQState, saved) },
    { "size-search.irq", "IRQState", "sizeof (QEMU's fields, up to .saved)",
      "smallest instance_size of a subtype of \"irq\" QOM accepts",
      offsetof(IRQState, saved) },
    /* QEMU's own PL011State against the C reference's copy of it. */
    { "size.pl011", "PL011RefState", "sizeof",
      "object_type_get_instance_size(\"pl011\"), QEMU's PL011State",
      sizeof(PL011RefState) },
    { "size-search.pl011", "PL011RefState", "sizeof",
      "smallest instance_size of a subtype of \"pl011\" QOM accepts",
      sizeof(PL011RefState) },
    CLASS_SIZE("object", ObjectClass),
    CLASS_SIZE("device", DeviceClass),
    CLASS_SIZE("sys-bus-device", SysBusDeviceClass),
    CLASS_SIZE("bus", BusClass),
    CLASS_SIZE("interface", InterfaceClass),
    SYMBOL_SIZE(vmstate_clock, VMStateDescription),
    SYMBOL_SIZE(vmstate_fifo8, VMStateDescription),
    SYMBOL_SIZE(vmstate_info_uint64, VMStateInfo),
    SYMBOL_SIZE(qdev_prop_uint32, PropertyInfo),
    SYMBOL_SIZE(unassigned_mem_ops, MemoryRegionOps),
    SYMBOL_SIZE(_TRACE_PL011_READ_EVENT, TraceEvent),
    OFFSET(TraceEvent, vcpu_id, "TRACE_VCPU_EVENT_NONE in QEMU's pl011_read"),
    OFFSET(TraceEvent, name, "points at \"pl011_read\""),
    OFFSET(TraceEvent, sstate, "1, the first non-pointer byte that is"),
    OFFSET(TraceEvent, dstate, "&_TRACE_PL011_READ_DSTATE"),
    ROUND_TRIP(TraceEvent, "QEMU's trace_event_set_state_dynamic() sets "
               "*dstate and trace_events_enabled_count"),

    OFFSET(Object, klass, "object_get_class()"),
    OFFSET(Object, free, "g_free, set by object_new()"),
    OFFSET(Object, ref, "+1 across object_ref(), back after object_unref()"),
    OFFSET(Object, parent, "object_property_add_child()"),
    OFFSET(ObjectClass, type, "points at the name object_class_get_name() gives"),
    ROUND_TRIP(TypeInfo, "sizes, hooks, class_data, interfaces as QEMU reads them"),

    OFFSET(DeviceState, id, "qdev_set_id()"),
    OFFSET(DeviceState, parent_bus, "qdev_set_parent_bus()"),
    OFFSET(DeviceState, realized, "0 -> 1 on realize"),
    OFFSET(DeviceState, canonical_path, "object_get_canonical_path() after realize"),
    OFFSET(DeviceState, gpios, "qdev_init_gpio_in_named_with_opaque()"),
    OFFSET(DeviceState, clocks, "qdev_init_clock_in()"),
    OFFSET(DeviceState, child_bus, "qbus_new() with the device as parent"),
    { "DeviceState.reset", "DeviceState", "reset.count",
      "1 during the enter phase of device_cold_reset()",
      offsetof(DeviceState, reset.count) },
    { "DeviceState.mem_reentrancy_guard", "DeviceState",
      "mem_reentrancy_guard.engaged_in_io",
      "1 during an MMIO access to a region it owns",
      offsetof(DeviceState, mem_reentrancy_guard.engaged_in_io) },
    OFFSET(NamedGPIOList, name, "the list entry's name"),
    OFFSET(NamedGPIOList, in, "holds qdev_get_gpio_in_named(, 0)"),
    OFFSET(NamedGPIOList, num_in, "3 lines"),
    OFFSET(NamedClockList, name, "the list entry's name"),
    OFFSET(NamedClockList, clock, "qdev_init_clock_in()'s result"),
    OFFSET(BusState, parent, "qbus_new()"),
    OFFSET(BusState, name, "qbus_new()"),
    OFFSET(BusState, children, "QTAILQ head, newest child first"),
    OFFSET(BusChild, child, "the device on the bus"),
    OFFSET(BusChild, sibling, "QTAILQ link back to BusState.children"),

    OFFSET(DeviceClass, props_, "device_class_set_props()"),
    OFFSET(DeviceClass, reset, "device_class_set_parent_reset()"),
    OFFSET(DeviceClass, realize, "the slot whose function realize calls"),
    OFFSET(DeviceClass, vmsd, "the slot qdev_get_vmsd() reads"),
    OFFSET(DeviceClass, user_creatable, "1 in \"device\", 0 in \"sys-bus-device\""),
    OFFSET(DeviceClass, bus_type, "\"System\" in \"sys-bus-device\""),
    ROUND_TRIP(Property, "two qdev_prop_uint32 defaults and a set land at .offset"),

    OFFSET(SysBusDevice, num_mmio, "0, 1, 2 across sysbus_init_mmio()"),
    OFFSET(SysBusDevice, mmio[0].memory, "sysbus_init_mmio()"),
    OFFSET(SysBusDevice, mmio[1].memory, "sysbus_init_mmio()"),
    OFFSET(SysBusDevice, mmio[1].addr, "sysbus_mmio_map()"),
    OFFSET(SysBusDevice, num_pio, "sysbus_init_ioports(, , 2)"),
    OFFSET(SysBusDevice, pio, "sysbus_init_ioports()"),

    { "PL011State.iomem", "PL011RefState", "iomem",
      "QEMU's pl011: sysbus_mmio_get_region(, 0)", offsetof(PL011RefState, iomem) },
    { "PL011State.flags", "PL011RefState", "flags",
      "QEMU's pl011: the FR value read at 0x09000018", offsetof(PL011RefState, flags) },
    { "PL011State.irq", "PL011RefState", "irq",
      "QEMU's pl011: sysbus_get_connected_irq(, 0)", offsetof(PL011RefState, irq) },
    { "PL011State.clk", "PL011RefState", "clk",
      "QEMU's pl011: qdev_get_clock_in(, \"clk\")", offsetof(PL011RefState, clk) },

    WRITTEN(memory_region_init_io, MemoryRegion),
    OFFSET(MemoryRegion, owner, "memory_region_init_io()'s owner, first"),
    OFFSET(MemoryRegion, dev, "memory_region_init_io()'s owner, second"),
    OFFSET(MemoryRegion, ops, "memory_region_init_io()"),
    OFFSET(MemoryRegion, opaque, "memory_region_init_io()"),
    OFFSET(MemoryRegion, size, "memory_region_size()"),
    OFFSET(MemoryRegion, name, "memory_region_name()"),
    OFFSET(MemoryRegion, container, "memory_region_add_subregion_overlap()"),
    OFFSET(MemoryRegion, addr, "memory_region_add_subregion_overlap()"),
    OFFSET(MemoryRegion, priority, "memory_region_add_subregion_overlap()"),
    OFFSET(MemoryRegion, subregions, "the container's QTAILQ head"),
    OFFSET(MemoryRegion, subregions_link, "the subregion's QTAILQ link"),
    OFFSET(MemoryRegion, terminates, "set by init_io, not by init"),
    OFFSET(MemoryRegion, enabled, "memory_region_set_enabled(, false)"),
    ROUND_TRIP(MemoryRegionOps, "a read and a write at 0x09170000 reach the callbacks"),

    WRITTEN(qemu_chr_fe_init, CharBackend),
    OFFSET(CharBackend, chr, "qemu_chr_fe_init()"),
    OFFSET(CharBackend, chr_event, "qemu_chr_fe_set_handlers()"),
    OFFSET(CharBackend, chr_can_read, "qemu_chr_fe_set_handlers()"),
    OFFSET(CharBackend, chr_read, "qemu_chr_fe_set_handlers()"),
    OFFSET(CharBackend, chr_be_change, "qemu_chr_fe_set_handlers()"),
    OFFSET(CharBackend, opaque, "qemu_chr_fe_set_handlers()"),
    OFFSET(CharBackend, fe_open, "qemu_chr_fe_set_open(, 1)"),

    WRITTEN(timer_init_full, QEMUTimer),
    OFFSET(QEMUTimer, expire_time, "-1 from timer_init_full()"),
    OFFSET(QEMUTimer, timer_list, "main_loop_tlg.tl[QEMU_CLOCK_VIRTUAL]"),
    OFFSET(QEMUTimer, cb, "timer_init_full()"),
    OFFSET(QEMUTimer, opaque, "timer_init_full()"),
    OFFSET(QEMUTimer, attributes, "timer_init_full()"),
    OFFSET(QEMUTimer, scale, "timer_init_full()"),

    OFFSET(Clock, callback, "qdev_init_clock_in()"),
    OFFSET(Clock, callback_opaque, "qdev_init_clock_in()"),
    OFFSET(Clock, callback_events, "qdev_init_clock_in()"),
    OFFSET(Clock, period, "clock_set()"),
    OFFSET(Clock, multiplier, "clock_set_mul_div()"),
    OFFSET(Clock, divider, "clock_set_mul_div()"),
    OFFSET(Clock, source, "clock_set_source()"),
    OFFSET(Clock, children, "clock_set_source(), in the source"),
    OFFSET(Clock, canonical_path, "clock_setup_canonical_path()"),

    OFFSET(IRQState, handler, "qemu_allocate_irq()"),
    OFFSET(IRQState, opaque, "qemu_allocate_irq()"),
    OFFSET(IRQState, n, "qemu_allocate_irq()"),

    OFFSET(VMStateDescription, name, "vmstate_clock's \"clock\""),
    OFFSET(VMStateDescription, fields, "vmstate_clock's field \"period\""),
    { "VMStateField.stride", "VMStateField", "sizeof",
      "between vmstate_fifo8's fields \"data\" and \"head\"", sizeof(VMStateField) },
    OFFSET(VMStateField, info, "&vmstate_info_uint64 in vmstate_clock's field"),
    OFFSET(VMStateField, offset, "Clock.period in vmstate_clock's field"),
    OFFSET(VMStateField, size, "8 in vmstate_clock's field"),
    OFFSET(VMStateField, flags, "VMS_SINGLE in vmstate_clock's field"),
};

static const char *qemu_binary(void)
{
    const char *env = g_getenv("QEMU_SYSTEM_ARM");

    return env ? env : g_find_program_in_path("qemu-system-arm");
}

/* Runs QEMU with the probe; returns its exit status, -1 on a timeout. */
static int run_qemu(const char *qemu, const char *probe, const char *out)
{
    const char *argv[] = {
        qemu, "-M", "virt", "-display", "none", "-nodefaults",
        "-no-user-config", "-S", "-m", "16M", "-accel", "tcg", NULL,
    };
    /* LD_PRELOAD for QEMU alone, not for this test or anything else. */
    g_auto(GStrv) envp = g_get_environ();
    g_autoptr(GError) err = NULL;
    GPid pid;
    int status;

    envp = g_environ_setenv(envp, "LD_PRELOAD", probe, TRUE);
    envp = g_environ_setenv(envp, "ABI_PROBE_OUT", out, TRUE);
    if (!g_spawn_async(NULL, (char **)argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                       NULL, NULL, &pid, &err)) {
        printf("cannot start %s: %s\n", qemu, err->message);
        return -1;
    }
    for (int ms = 0; ms < QEMU_TIMEOUT_S * 1000; ms += 50) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        g_usleep(50 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    printf("%s did not end within %d s: the probe did not run (-S waits)\n",
           qemu, QEMU_TIMEOUT_S);
    return -1;
}

/* "name value" lines; "end" last. */
static GHashTable *parse(const char *text, bool *complete)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    *complete = false;
    for (char **l = lines; *l; l++) {
        if (!strcmp(*l, "end")) {
            *complete = true;
            continue;
        }
        const char *sp = strchr(*l, ' ');
        if (sp) {
            g_hash_table_insert(h, g_strndup(*l, sp - *l), g_strdup(sp + 1));
        }
    }
    return h;
}

int main(void)
{
    const char *probe = g_getenv("ABI_PROBE");
    const char *qemu = qemu_binary();
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    int passed = 0, failed = 0;
    bool complete;

    if (!probe || !qemu) {
        printf("%s\n", probe ? "qemu-system-arm not found: run scripts/setup.sh"
                             : "ABI_PROBE (the probe library) is not set");
        printf("SUBTESTS: 0 passed, 1 failed\n");
        return 1;
    }
    if (!g_file_test(probe, G_FILE_TEST_IS_REGULAR)) {
        /* QEMU would run without it and wait forever under -S. */
        printf("the probe %s does not exist\n", probe);
        printf("SUBTESTS: 0 passed, 1 failed\n");
        return 1;
    }
    int fd = g_file_open_tmp("abi-probe-XXXXXX.txt", &out, &err);
    if (fd < 0) {
        printf("%s\n", err->message);
        return 1;
    }
    close(fd);

    int status = run_qemu(qemu, probe, out);
    if (!g_file_get_contents(out, &text, NULL, NULL)) {
        text = g_strdup("");
    }
    unlink(out);
    GHashTable *real = parse(text, &complete);
    if (status != 0 || !complete) {
        printf("MISMATCH probe: %s exited with %d, %s\n", qemu, status,
               complete ? "figures complete" : "figures incomplete");
        failed++;
    }

    for (size_t i = 0; i < G_N_ELEMENTS(figures); i++) {
        const Figure *f = &figures[i];
        const char *v = g_hash_table_lookup(real, f->key);
        char *end = NULL;
        int64_t r = v ? g_ascii_strtoll(v, &end, 10) : -1;
        bool ok = v && *v && !*end && r == f->shim;

        printf("%s %s.%s real=%s shim=%" PRId64 " (%s)\n", ok ? "ok" : "MISMATCH",
               f->strukt, f->field, v ? v : "missing", f->shim, f->how);
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        g_hash_table_remove(real, f->key);
    }
    /* A figure the probe measured that nobody compares is drift. */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, real);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        printf("MISMATCH %s real=%s shim=(not compared)\n", (char *)k, (char *)v);
        failed++;
    }
    g_hash_table_unref(real);
    printf("SUBTESTS: %d passed, %d failed\n", passed, failed);

    g_autofree char *qemu_name = g_path_get_basename(qemu);
    printf("\n| struct | field | real (%s) | shim | measured by |\n", qemu_name);
    printf("|---|---|---:|---:|---|\n");
    GHashTable *again = parse(text, &complete);
    for (size_t i = 0; i < G_N_ELEMENTS(figures); i++) {
        const Figure *f = &figures[i];
        const char *r = g_hash_table_lookup(again, f->key);
        printf("| %s | %s | %s | %" PRId64 " | %s |\n", f->strukt, f->field,
               r ? r : "missing", f->shim, f->how);
    }
    g_hash_table_unref(again);
    return failed ? 1 : 0;
}
