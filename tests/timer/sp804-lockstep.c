/*
 * sp804-lockstep: two SP804-style timers (side A the reference) in one
 * process on one virtual clock. Random sequences of register writes and
 * reads (every size, bad offsets included), clock steps and migrations go
 * to both; after each operation everything observable is compared: the
 * value read, every register's read-back, the interrupt line and its
 * edges, the guest-error/unimp log lines, and for a migration the saved
 * bytes (which must be identical) and the load's result.
 *
 *   sp804-lockstep --module M.so... --a TYPE --b TYPE [--seeds N]
 *                  [--ops N] [--qtest]
 *
 * --qtest sets qtest_allowed (no 10 us floor on ptimer periods).
 * --expect-differ inverts the verdict: B is a mutant, and the one
 * sub-test passes if some seed told it apart (with the diff printed). Prints
 * "SUBTESTS: N passed, M failed" (one sub-test per seed) and, for the
 * first failing seed, the operations up to the first difference.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "sysemu/qtest.h"

#define BASE 0x101e2000ULL      /* versatilepb's timer 0/1 */

typedef struct Side {
    const char *type;
    DeviceState *dev;
    MemoryRegion root;
    AddressSpace as;
    int level;
    GString *edges;
} Side;

static void side_irq(void *opaque, int n, int level)
{
    Side *s = opaque;

    if (s->level == !!level) {
        return;
    }
    s->level = !!level;
    g_string_append_printf(s->edges, "%s%d%c", s->edges->len ? " " : "", n,
                           level ? '+' : '-');
}

static void side_new(Side *s, const char *type, char name)
{
    static unsigned counter;
    g_autofree char *root = g_strdup_printf("sp804-root-%c%u", name,
                                            counter++);

    s->type = type;
    s->level = 0;
    s->edges = g_string_new("");
    memory_region_init(&s->root, NULL, root, UINT64_MAX);
    address_space_init(&s->as, &s->root, root);
    s->dev = qdev_new(type);
    sysbus_realize(SYS_BUS_DEVICE(s->dev), &error_fatal);
    memory_region_add_subregion(&s->root, BASE,
                                sysbus_mmio_get_region(SYS_BUS_DEVICE(s->dev),
                                                       0));
    qemu_shim_gpio_intercept_out(s->dev, side_irq, s, &error_fatal);
}

static void side_free(Side *s)
{
    memory_region_del_subregion(&s->root,
                                sysbus_mmio_get_region(SYS_BUS_DEVICE(s->dev),
                                                       0));
    object_unparent(OBJECT(s->dev));
    object_unref(OBJECT(s->dev));
    address_space_destroy(&s->as);
    object_unparent(OBJECT(&s->root));
    g_string_free(s->edges, true);
}

static uint64_t side_read(Side *s, uint32_t offset, unsigned size)
{
    uint8_t data[4] = { 0 };
    uint64_t v = 0;

    address_space_read(&s->as, BASE + offset, MEMTXATTRS_UNSPECIFIED, data,
                       size);
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)data[i] << (8 * i);
    }
    return v;
}

static void side_write(Side *s, uint32_t offset, uint64_t v, unsigned size)
{
    uint8_t data[4];

    for (unsigned i = 0; i < size; i++) {
        data[i] = v >> (8 * i);
    }
    address_space_write(&s->as, BASE + offset, MEMTXATTRS_UNSPECIFIED, data,
                        size);
}

static GByteArray *side_save(Side *s)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(s->dev);
    QEMUFile *f = qemu_shim_file_new_output();
    GByteArray *bytes = g_byte_array_new();
    const uint8_t *data;
    size_t len;

    if (qemu_shim_vmstate_save(f, vmsd, s->dev, &error_abort) == 0) {
        data = qemu_shim_file_output_data(f, &len);
        g_byte_array_append(bytes, data, len);
    }
    qemu_fclose(f);
    return bytes;
}

static int side_load(Side *s, GByteArray *bytes)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(s->dev);
    QEMUFile *f = qemu_shim_file_new_input(bytes->data, bytes->len);
    Error *err = NULL;
    int ret = qemu_shim_vmstate_load(f, vmsd, s->dev, vmsd->version_id, &err);

    if (ret == 0 && qemu_shim_file_input_remaining(f)) {
        ret = -EINVAL;
    }
    error_free(err);
    qemu_fclose(f);
    return ret;
}

/* The registers without side effects or log lines, and the line. */
static const uint32_t snapshot_regs[] = {
    0x00, 0x04, 0x08, 0x10, 0x14, 0x18,
    0x20, 0x24, 0x28, 0x30, 0x34, 0x38,
    0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc,
};

static void snapshot(Side *s, GString *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(snapshot_regs); i++) {
        g_string_append_printf(out, " %x", (unsigned)side_read(
                                   s, snapshot_regs[i], 4));
    }
    g_string_append_printf(out, " irq=%d", s->level);
}

/* Offsets a guest might touch: both counters' registers, IDs, junk. */
static uint32_t random_offset(GRand *r)
{
    static const uint32_t others[] = {
        0x40, 0x44, 0xf00, 0xf04, 0xf08, 0xfe0, 0xfe4, 0xff0, 0xffc, 0x800,
    };

    if (g_rand_int_range(r, 0, 10) == 0) {
        return others[g_rand_int_range(r, 0, G_N_ELEMENTS(others))];
    }
    return 0x20 * g_rand_int_range(r, 0, 2) + 4 * g_rand_int_range(r, 0, 8);
}

static uint32_t random_value(GRand *r, uint32_t offset)
{
    if ((offset & 0x1f) == 0x08) {      /* control: any bits */
        return g_rand_int_range(r, 0, 256) |
               (g_rand_int_range(r, 0, 8) == 0 ? g_rand_int(r) : 0);
    }
    switch (g_rand_int_range(r, 0, 4)) {
    case 0:
        return g_rand_int_range(r, 0, 4);
    case 1:
        return g_rand_int_range(r, 0, 100);
    case 2:
        return g_rand_int_range(r, 0, 100000);
    default:
        return g_rand_int(r);
    }
}

static int64_t random_step(GRand *r)
{
    switch (g_rand_int_range(r, 0, 4)) {
    case 0:
        return g_rand_int_range(r, 0, 100);
    case 1:
        return g_rand_int_range(r, 0, 100000);
    case 2:
        return g_rand_int_range(r, 0, 10000000);
    default:
        return g_rand_int_range(r, 0, 100000000);
    }
}

static const unsigned sizes[] = { 4, 4, 4, 2, 1 };

/* What the sequences reached (side A), so that a pass means something. */
static struct {
    int edges, value_changes, migrations;
} seen;

/* One seed; true if both sides agreed throughout. */
static bool run_seed(const char *a, const char *b, guint32 seed, int ops,
                     GString *report)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(seed);
    g_autoptr(GString) trace = g_string_new("");
    Side side[2];
    bool ok = true;

    uint64_t last_value[2] = { 0, 0 };

    side_new(&side[0], a, 'A');
    side_new(&side[1], b, 'B');
    for (int i = 0; i < ops && ok; i++) {
        GString *obs[2] = { g_string_new(""), g_string_new("") };
        GByteArray *saved[2] = { NULL, NULL };
        int kind = g_rand_int_range(r, 0, 20);
        uint32_t offset = random_offset(r);
        unsigned size = sizes[g_rand_int_range(r, 0, G_N_ELEMENTS(sizes))];
        uint32_t value = random_value(r, offset);
        int64_t step = random_step(r);

        if (kind < 9) {
            g_string_append_printf(trace, "%d: write%u %#x %#x\n", i, size,
                                   offset, value);
        } else if (kind < 13) {
            g_string_append_printf(trace, "%d: read%u %#x\n", i, size,
                                   offset);
        } else if (kind < 19) {
            g_string_append_printf(trace, "%d: clock_step %" PRId64 "\n", i,
                                   step);
            qemu_shim_clock_step(step);     /* both sides' timers */
        } else {
            g_string_append_printf(trace, "%d: migrate\n", i);
        }
        for (int n = 0; n < 2; n++) {
            Side *s = &side[n];
            g_autofree char *log = NULL;

            g_string_truncate(s->edges, 0);
            qemu_shim_log_capture_start();
            if (kind < 9) {
                side_write(s, offset, value, size);
            } else if (kind < 13) {
                g_string_append_printf(obs[n], "read %" PRIx64,
                                       side_read(s, offset, size));
            } else if (kind == 19) {
                saved[n] = side_save(s);
                g_string_append_printf(obs[n], "load %d",
                                       side_load(s, saved[n]));
            }
            log = qemu_shim_log_capture_take();
            g_string_append_printf(obs[n], " edges [%s] log [%s]",
                                   s->edges->str, log ? log : "");
            qemu_shim_log_capture_start();
            snapshot(s, obs[n]);
            g_free(qemu_shim_log_capture_take());
        }
        seen.edges += side[0].edges->len ? 1 : 0;
        seen.migrations += kind == 19;
        for (int t = 0; t < 2; t++) {
            uint64_t v = side_read(&side[0], 0x04 + 0x20 * t, 4);

            seen.value_changes += kind >= 13 && kind < 19 &&
                                  v != last_value[t];
            last_value[t] = v;
        }
        if (kind == 19 && (saved[0]->len != saved[1]->len ||
                           memcmp(saved[0]->data, saved[1]->data,
                                  saved[0]->len))) {
            g_string_append_printf(report, "seed %u op %d: migration bytes "
                                   "differ (%u vs %u bytes)\n", seed, i,
                                   saved[0]->len, saved[1]->len);
            ok = false;
        }
        if (strcmp(obs[0]->str, obs[1]->str)) {
            g_string_append_printf(report, "seed %u op %d differs:\n  A %s\n"
                                   "  B %s\n", seed, i, obs[0]->str,
                                   obs[1]->str);
            ok = false;
        }
        if (!ok) {
            g_string_append_printf(report, "operations:\n%s", trace->str);
        }
        for (int n = 0; n < 2; n++) {
            g_string_free(obs[n], true);
            if (saved[n]) {
                g_byte_array_unref(saved[n]);
            }
        }
    }
    side_free(&side[0]);
    side_free(&side[1]);
    return ok;
}

int main(int argc, char **argv)
{
    g_auto(GStrv) modules = NULL;
    g_autofree char *a = NULL, *b = NULL;
    int seeds = 100, ops = 200;
    gboolean qtest = FALSE, expect_differ = FALSE;
    GOptionEntry entries[] = {
        { "module", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &modules,
          "load a module", "PATH" },
        { "a", 0, 0, G_OPTION_ARG_STRING, &a, "reference type", "TYPE" },
        { "b", 0, 0, G_OPTION_ARG_STRING, &b, "type under test", "TYPE" },
        { "seeds", 0, 0, G_OPTION_ARG_INT, &seeds, "sequences", "N" },
        { "ops", 0, 0, G_OPTION_ARG_INT, &ops, "operations each", "N" },
        { "qtest", 0, 0, G_OPTION_ARG_NONE, &qtest,
          "qtest_allowed (no 10 us floor)", NULL },
        { "expect-differ", 0, 0, G_OPTION_ARG_NONE, &expect_differ,
          "pass if B differs somewhere", NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("");
    g_autoptr(GString) report = g_string_new("");
    GError *gerr = NULL;
    int passed = 0, failed = 0;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr) || !a || !b) {
        fprintf(stderr, "sp804-lockstep: %s\n",
                gerr ? gerr->message : "--a and --b are required");
        return 2;
    }
    for (char **m = modules; m && *m; m++) {
        qemu_shim_module_load(*m, &error_fatal);
    }
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, &error_abort);
    if (!qemu_mutex_iothread_locked()) {
        qemu_mutex_lock_iothread();
    }
    qtest_allowed = qtest;
    for (int i = 0; i < seeds; i++) {
        if (run_seed(a, b, 1000 + i, ops, report)) {
            passed++;
        } else if (failed++ == 0) {
            fputs(report->str, stdout);
        }
    }
    printf("%s vs %s, %d seeds x %d operations%s\n", a, b, seeds, ops,
           qtest ? " (qtest)" : "");
    printf("reached: %d operations with interrupt edges, %d TimerValue "
           "changes over clock steps, %d migrations\n", seen.edges,
           seen.value_changes, seen.migrations);
    if (expect_differ) {
        printf("SUBTESTS: %d passed, %d failed\n", failed ? 1 : 0,
               failed ? 0 : 1);
        return failed ? 0 : 1;
    }
    /* A run that never counted or interrupted compared nothing timely. */
    if (!seen.edges || !seen.value_changes || !seen.migrations) {
        failed++;
    }
    printf("SUBTESTS: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
