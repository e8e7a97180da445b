/*
 * libFuzzer target: loading a device's migration state from hostile bytes.
 * The first byte picks a device among $FUZZ_VMSTATE_TYPES (comma-separated;
 * both PL011 variants of the C reference by default), the rest is the
 * stream. A rejected stream must come with an Error and leave the state
 * exactly as it was; an accepted one must save and load back unchanged,
 * and the device must then survive register accesses. Anything else, or
 * a crash, is a finding.
 */
#include "fuzz-common.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"

typedef struct FuzzDevice {
    DeviceState *dev;
    const VMStateDescription *vmsd;
    GBytes *initial;        /* the state right after realize */
} FuzzDevice;

static GPtrArray *devices;

static GBytes *save(FuzzDevice *d)
{
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;
    const uint8_t *data;
    size_t len;
    GBytes *state;

    if (qemu_shim_vmstate_save(f, d->vmsd, d->dev, &err)) {
        FUZZ_FINDING("saving %s failed: %s", object_get_typename(OBJECT(d->dev)),
                     err ? error_get_pretty(err) : "(no error)");
    }
    data = qemu_shim_file_output_data(f, &len);
    state = g_bytes_new(data, len);
    qemu_fclose(f);
    return state;
}

static int load(FuzzDevice *d, const uint8_t *data, size_t len, Error **errp)
{
    QEMUFile *f = qemu_shim_file_new_input(data, len);
    int ret = qemu_shim_vmstate_load(f, d->vmsd, d->dev, d->vmsd->version_id,
                                     errp);

    qemu_fclose(f);
    return ret;
}

static void load_or_die(FuzzDevice *d, GBytes *state, const char *what)
{
    gsize len;
    const uint8_t *data = g_bytes_get_data(state, &len);
    Error *err = NULL;

    if (load(d, data, len, &err)) {
        FUZZ_FINDING("%s: %s does not load its own saved state: %s", what,
                     object_get_typename(OBJECT(d->dev)),
                     err ? error_get_pretty(err) : "(no error)");
    }
}

/* Every word of region 0, read and written, with whatever state it has. */
static void poke(FuzzDevice *d)
{
    MemoryRegion *mr;

    if (!object_dynamic_cast(OBJECT(d->dev), TYPE_SYS_BUS_DEVICE) ||
        !sysbus_has_mmio(SYS_BUS_DEVICE(d->dev), 0)) {
        return;
    }
    mr = sysbus_mmio_get_region(SYS_BUS_DEVICE(d->dev), 0);
    for (hwaddr off = 0; off < 0x50; off += 4) {
        uint64_t v;

        memory_region_dispatch_read(mr, off, &v, MO_32, MEMTXATTRS_UNSPECIFIED);
    }
    memory_region_dispatch_write(mr, 0, 0x41, MO_32, MEMTXATTRS_UNSPECIFIED);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    g_auto(GStrv) types = NULL;

    fuzz_load_modules();
    qemu_mutex_lock_iothread();
    /* No log file: bad offsets of poke() would only fill the output. */
    qemu_set_log(0, &error_abort);
    types = g_strsplit(fuzz_env("FUZZ_VMSTATE_TYPES",
                                "pl011-c,pl011_luminary-c"), ",", -1);
    devices = g_ptr_array_new();
    for (char **t = types; *t; t++) {
        FuzzDevice *d = g_new0(FuzzDevice, 1);

        d->dev = qdev_new(*t);
        qdev_realize(d->dev, sysbus_get_default(), &error_fatal);
        d->vmsd = qdev_get_vmsd(d->dev);
        if (!d->vmsd) {
            fprintf(stderr, "fuzz-vmstate: %s has no VMState\n", *t);
            exit(1);
        }
        d->initial = save(d);
        g_ptr_array_add(devices, d);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzDevice *d;
    Error *err = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    int ret;

    if (!size) {
        return 0;
    }
    d = g_ptr_array_index(devices, data[0] % devices->len);
    before = save(d);
    ret = load(d, data + 1, size - 1, &err);
    after = save(d);
    if (ret) {
        if (!err) {
            FUZZ_FINDING("a rejected stream (%d) gave no Error", ret);
        }
        error_free(err);
        if (!g_bytes_equal(before, after)) {
            FUZZ_FINDING("a rejected stream changed the state of %s",
                         object_get_typename(OBJECT(d->dev)));
        }
    } else {
        g_autoptr(GBytes) again = NULL;

        if (err) {
            FUZZ_FINDING("an accepted stream set an Error: %s",
                         error_get_pretty(err));
        }
        /* What was accepted must migrate on unchanged... */
        load_or_die(d, after, "round trip");
        again = save(d);
        if (!g_bytes_equal(after, again)) {
            FUZZ_FINDING("save, load, save of %s gives other bytes",
                         object_get_typename(OBJECT(d->dev)));
        }
        /* ...and the device must live with it. */
        poke(d);
    }
    /* Every input starts from the same state. */
    load_or_die(d, d->initial, "reset to the initial state");
    return 0;
}
