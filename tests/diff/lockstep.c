/*
 * The lockstep engine (lockstep.h): two PL011s mapped side by side, driven
 * through the system address space so that QEMU's splitting of wide and
 * unaligned accesses applies to both, and compared after every operation.
 */
#include "qemu/osdep.h"
#include "lockstep.h"
#include "chardev/char.h"
#include "exec/memory.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qom/object.h"

/* Byte offsets in the "pl011" VMState section (QEMU 7.2's wire format). */
#define PL011_VMS_FLAGS       4
#define PL011_VMS_LCR         8
#define PL011_VMS_INT_LEVEL  28
#define PL011_VMS_IFL       108
#define PL011_VMS_READ_COUNT 116
#define PL011_VMS_SIZE      124

#define LCR_FEN 0x10
#define LCR_BRK 0x01

typedef struct DiffSide {
    char name;              /* 'A' or 'B' */
    DeviceState *dev;
    Chardev *chr;
    char *chr_id;
    Clock *clk_src;
    MemoryRegion root;      /* this side's own address space */
    AddressSpace as;
    bool as_live;
    int irq[DIFF_NUM_IRQS];
    GString *edges;         /* level changes during the current operation */
} DiffSide;

struct DiffPair {
    DiffSide side[2];
};

/* Everything one side showed for one operation. */
typedef struct DiffObs {
    uint64_t value;         /* READ: the value loaded */
    int result;             /* MIGRATE: the load's return value */
    int irq[DIFF_NUM_IRQS];
    char *edges;
    GByteArray *tx;
    char *log;
    GByteArray *state;
    size_t pending;         /* received bytes still queued in the chardev */
    int brk;                /* the break state the UART set on its chardev */
} DiffObs;

static const char *const op_names[DIFF_OP__MAX] = {
    [DIFF_OP_READ] = "read",
    [DIFF_OP_WRITE] = "write",
    [DIFF_OP_RX] = "rx",
    [DIFF_OP_BREAK] = "break",
    [DIFF_OP_CLOCK] = "x-clock",
    [DIFF_OP_RESET] = "reset",
    [DIFF_OP_MIGRATE] = "x-migrate",
};

const char *diff_op_kind_name(DiffOpKind kind)
{
    return kind < DIFF_OP__MAX ? op_names[kind] : "?";
}

void diff_op_format(const DiffOp *op, GString *out)
{
    switch (op->kind) {
    case DIFF_OP_READ:
        g_string_append_printf(out, "read%u 0x%03x", op->size, op->offset);
        break;
    case DIFF_OP_WRITE:
        g_string_append_printf(out, "write%u 0x%03x 0x%" PRIx64, op->size,
                               op->offset, op->value);
        break;
    case DIFF_OP_RX:
        g_string_append(out, "rx");
        for (unsigned i = 0; i < op->len; i++) {
            g_string_append_printf(out, " %02x", op->bytes[i]);
        }
        break;
    case DIFF_OP_CLOCK:
        g_string_append_printf(out, "x-clock %" PRIu64, op->value);
        break;
    default:
        g_string_append(out, diff_op_kind_name(op->kind));
        break;
    }
}

void diff_init(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, &error_abort);
    if (!qemu_mutex_iothread_locked()) {
        qemu_mutex_lock_iothread();
    }
}

static void side_irq(void *opaque, int n, int level)
{
    DiffSide *s = opaque;

    if (n < 0 || n >= DIFF_NUM_IRQS || s->irq[n] == !!level) {
        return;
    }
    s->irq[n] = !!level;
    g_string_append_printf(s->edges, "%s%d%c", s->edges->len ? " " : "", n,
                           level ? '+' : '-');
}

static bool side_init(DiffSide *s, char name, const char *type, Error **errp)
{
    static unsigned counter;
    g_autofree char *opts = NULL;
    g_autofree char *clk_name = NULL;
    g_autofree char *root_name = NULL;
    SysBusDevice *sbd;

    s->name = name;
    s->edges = g_string_new("");
    s->chr_id = g_strdup_printf("diff%c%u", name, counter);
    clk_name = g_strdup_printf("diff-clk%c%u", name, counter);
    root_name = g_strdup_printf("diff-root%c%u", name, counter++);
    /*
     * Each side gets an address space of its own with the UART at the same
     * address, so that even the memory core's log lines are identical.
     */
    memory_region_init(&s->root, NULL, root_name, UINT64_MAX);
    address_space_init(&s->as, &s->root, root_name);
    s->as_live = true;
    opts = g_strdup_printf("x-memory,id=%s", s->chr_id);
    s->chr = qemu_shim_chr_new_from_opts(opts, errp);
    if (!s->chr) {
        return false;
    }
    if (!object_class_by_name(type)) {
        error_setg(errp, "side %c: unknown device type '%s' "
                   "(module not loaded?)", name, type);
        return false;
    }
    s->dev = qdev_try_new(type);
    if (!s->dev || !object_dynamic_cast(OBJECT(s->dev), TYPE_SYS_BUS_DEVICE)) {
        error_setg(errp, "side %c: '%s' is not a sysbus device", name, type);
        return false;
    }
    if (!object_property_parse(OBJECT(s->dev), "chardev", s->chr_id, errp)) {
        return false;
    }
    /* A source clock, so that a frequency change reaches the device. */
    s->clk_src = clock_new(container_get(qdev_get_machine(), "/unattached"),
                           clk_name);
    qdev_connect_clock_in(s->dev, "clk", s->clk_src);
    sbd = SYS_BUS_DEVICE(s->dev);
    if (!sysbus_realize(sbd, errp)) {
        return false;
    }
    memory_region_add_subregion(&s->root, DIFF_BASE,
                                sysbus_mmio_get_region(sbd, 0));
    return qemu_shim_gpio_intercept_out(s->dev, side_irq, s, errp);
}

static void side_cleanup(DiffSide *s)
{
    if (s->dev) {
        if (s->dev->realized) {
            memory_region_del_subregion(&s->root,
                                        sysbus_mmio_get_region(
                                            SYS_BUS_DEVICE(s->dev), 0));
            object_unparent(OBJECT(s->dev));
        }
        object_unref(OBJECT(s->dev));
    }
    if (s->clk_src) {
        object_unparent(OBJECT(s->clk_src));
    }
    if (s->chr) {
        qemu_shim_chr_remove(s->chr_id, &error_abort);
    }
    if (s->as_live) {
        address_space_destroy(&s->as);
        object_unparent(OBJECT(&s->root));
    }
    g_free(s->chr_id);
    if (s->edges) {
        g_string_free(s->edges, true);
    }
}

DiffPair *diff_pair_new(const char *type_a, const char *type_b, Error **errp)
{
    DiffPair *pair = g_new0(DiffPair, 1);

    diff_init();
    if (!side_init(&pair->side[0], 'A', type_a, errp) ||
        !side_init(&pair->side[1], 'B', type_b, errp)) {
        diff_pair_free(pair);
        return NULL;
    }
    return pair;
}

void diff_pair_free(DiffPair *pair)
{
    if (!pair) {
        return;
    }
    side_cleanup(&pair->side[0]);
    side_cleanup(&pair->side[1]);
    /* Let the chardevs' watches see that they are gone. */
    main_loop_wait(true);
    g_free(pair);
}

static GByteArray *save_state(DeviceState *dev)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);
    GByteArray *state = g_byte_array_new();
    QEMUFile *f;
    const uint8_t *data;
    size_t len;

    if (!vmsd) {
        return state;
    }
    f = qemu_shim_file_new_output();
    if (vmstate_save_state(f, vmsd, dev, NULL) == 0) {
        data = qemu_shim_file_output_data(f, &len);
        g_byte_array_append(state, data, len);
    }
    qemu_fclose(f);
    return state;
}

/* Save, then load the same bytes back: migration must be an identity. */
static int migrate_round_trip(DeviceState *dev, GString *log)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);
    g_autoptr(GByteArray) state = save_state(dev);
    Error *err = NULL;
    QEMUFile *f;
    int ret;

    if (!vmsd) {
        return -ENOENT;
    }
    f = qemu_shim_file_new_input(state->data, state->len);
    ret = qemu_shim_vmstate_load(f, vmsd, dev, vmsd->version_id, &err);
    if (ret == 0 && qemu_shim_file_input_remaining(f)) {
        ret = -EINVAL;
    }
    if (err) {
        g_string_append_printf(log, "load: %s\n", error_get_pretty(err));
        error_free(err);
    }
    qemu_fclose(f);
    return ret;
}

/* Run the main loop until neither chardev delivers any more input. */
static void settle(DiffPair *pair)
{
    for (int i = 0; i < 16; i++) {
        size_t a = qemu_shim_chr_memory_pending(pair->side[0].chr);
        size_t b = qemu_shim_chr_memory_pending(pair->side[1].chr);

        main_loop_wait(true);
        if (i > 0 && a == qemu_shim_chr_memory_pending(pair->side[0].chr) &&
            b == qemu_shim_chr_memory_pending(pair->side[1].chr)) {
            break;
        }
    }
}

/*
 * @text without its pl011_can_receive trace lines: the chardev layer's
 * polls, as many as the main loop turns, for both sides in one settle.
 */
static char *without_polls(const char *text)
{
    GString *out = g_string_new("");
    const char *p = text, *nl;

    while (*p) {
        nl = strchr(p, '\n');
        nl = nl ? nl + 1 : p + strlen(p);
        if (!g_str_has_prefix(p, "pl011_can_receive ")) {
            g_string_append_len(out, p, nl - p);
        }
        p = nl;
    }
    return g_string_free(out, false);
}

static void side_apply(DiffPair *pair, DiffSide *s, const DiffOp *op,
                       DiffObs *obs)
{
    g_autoptr(GString) log = g_string_new("");
    g_autofree char *captured = NULL;
    uint8_t data[8] = { 0 };
    Error *err = NULL;

    memset(obs, 0, sizeof(*obs));
    g_string_truncate(s->edges, 0);
    qemu_shim_log_capture_start();
    switch (op->kind) {
    case DIFF_OP_READ:
        address_space_read(&s->as, DIFF_BASE + op->offset,
                           MEMTXATTRS_UNSPECIFIED, data, op->size);
        for (unsigned i = 0; i < op->size; i++) {
            obs->value |= (uint64_t)data[i] << (8 * i);
        }
        break;
    case DIFF_OP_WRITE:
        for (unsigned i = 0; i < op->size; i++) {
            data[i] = op->value >> (8 * i);
        }
        address_space_write(&s->as, DIFF_BASE + op->offset,
                            MEMTXATTRS_UNSPECIFIED, data, op->size);
        break;
    case DIFF_OP_RX:
        qemu_shim_chr_memory_push(s->chr, op->bytes, op->len);
        break;
    case DIFF_OP_BREAK:
        if (!qemu_shim_chr_send_break(s->chr_id, &err)) {
            g_string_append_printf(log, "break: %s\n", error_get_pretty(err));
            error_free(err);
        }
        break;
    case DIFF_OP_CLOCK:
        clock_update_hz(s->clk_src, op->value);
        break;
    case DIFF_OP_RESET:
        device_cold_reset(s->dev);
        break;
    case DIFF_OP_MIGRATE:
        obs->result = migrate_round_trip(s->dev, log);
        break;
    default:
        g_assert_not_reached();
    }
    settle(pair);
    captured = qemu_shim_log_capture_take();
    {
        g_autofree char *events = without_polls(captured ? captured : "");

        g_string_prepend(log, events);
    }
    obs->log = g_string_free(g_steal_pointer(&log), false);
    obs->edges = g_strdup(s->edges->str);
    memcpy(obs->irq, s->irq, sizeof(obs->irq));
    obs->tx = qemu_shim_chr_memory_take_output(s->chr);
    obs->pending = qemu_shim_chr_memory_pending(s->chr);
    obs->brk = qemu_shim_chr_memory_get_break(s->chr);
    obs->state = save_state(s->dev);
}

static void obs_clear(DiffObs *obs)
{
    g_free(obs->edges);
    g_free(obs->log);
    g_byte_array_unref(obs->tx);
    g_byte_array_unref(obs->state);
}

static uint32_t state_u32(const GByteArray *state, unsigned offset)
{
    if (state->len < offset + 4) {
        return 0;
    }
    return (uint32_t)state->data[offset] << 24 |
           (uint32_t)state->data[offset + 1] << 16 |
           (uint32_t)state->data[offset + 2] << 8 | state->data[offset + 3];
}

/* The name of the pl011 VMState field at byte @offset. */
static const char *state_field(unsigned offset)
{
    static const char *const names[] = {
        "readbuff", "flags", "lcr", "rsr", "cr", "dmacr", "int_enabled",
        "int_level",
    };
    static const char *const tail[] = {
        "ilpr", "ibrd", "fbrd", "ifl", "read_pos", "read_count",
        "read_trigger",
    };

    if (offset < 32) {
        return names[offset / 4];
    }
    if (offset < 96) {
        return "read_fifo";
    }
    if (offset < PL011_VMS_SIZE) {
        return tail[(offset - 96) / 4];
    }
    return "subsections (pl011/clock)";
}

static void append_hex(GString *out, const GByteArray *bytes)
{
    for (guint i = 0; i < bytes->len; i++) {
        g_string_append_printf(out, "%02x", bytes->data[i]);
    }
}

static void append_irqs(GString *out, const DiffObs *obs)
{
    for (int i = 0; i < DIFF_NUM_IRQS; i++) {
        g_string_append_c(out, obs->irq[i] ? '1' : '0');
    }
    g_string_append_printf(out, " (changes: %s)",
                           *obs->edges ? obs->edges : "-");
}

static bool bytes_equal(const GByteArray *x, const GByteArray *y)
{
    return x->len == y->len && (!x->len || !memcmp(x->data, y->data, x->len));
}

/* Compare two observations; with @why, describe them side by side. */
static bool obs_compare(const DiffOp *op, const DiffObs *a, const DiffObs *b,
                        GString *why)
{
    bool same_value = a->value == b->value && a->result == b->result;
    bool same_irq = !memcmp(a->irq, b->irq, sizeof(a->irq)) &&
                    !strcmp(a->edges, b->edges);
    bool same_tx = bytes_equal(a->tx, b->tx);
    bool same_log = !strcmp(a->log, b->log);
    bool same_rx = a->pending == b->pending && a->brk == b->brk;
    bool same_state = bytes_equal(a->state, b->state);
    const char *mark[2] = { "!=", "  " };

    if (same_value && same_irq && same_tx && same_log && same_rx &&
        same_state) {
        return true;
    }
    if (!why) {
        return false;
    }
    if (op->kind == DIFF_OP_READ) {
        g_string_append_printf(why, "  %s value:   A 0x%" PRIx64 " | B 0x%"
                               PRIx64 "\n", mark[same_value], a->value,
                               b->value);
    } else if (op->kind == DIFF_OP_MIGRATE) {
        g_string_append_printf(why, "  %s load:    A %d | B %d\n",
                               mark[same_value], a->result, b->result);
    }
    g_string_append_printf(why, "  %s irq 0-5: A ", mark[same_irq]);
    append_irqs(why, a);
    g_string_append(why, " | B ");
    append_irqs(why, b);
    g_string_append_printf(why, "\n  %s tx:      A \"", mark[same_tx]);
    append_hex(why, a->tx);
    g_string_append(why, "\" | B \"");
    append_hex(why, b->tx);
    g_string_append_printf(why, "\"\n  %s rx:      A %zu queued, break %d | "
                           "B %zu queued, break %d\n", mark[same_rx],
                           a->pending, a->brk, b->pending, b->brk);
    g_string_append_printf(why, "  %s log:     A \"%s\" | B \"%s\"\n",
                           mark[same_log], g_strchomp(a->log),
                           g_strchomp(b->log));
    if (same_state) {
        g_string_append_printf(why, "     state:   %u bytes, equal\n",
                               a->state->len);
    } else {
        guint i = 0;

        while (i < a->state->len && i < b->state->len &&
               a->state->data[i] == b->state->data[i]) {
            i++;
        }
        g_string_append_printf(why, "  != state:   first difference at byte %u "
                               "(%s); lengths A %u, B %u\n       A ", i,
                               state_field(i), a->state->len, b->state->len);
        append_hex(why, a->state);
        g_string_append(why, "\n       B ");
        append_hex(why, b->state);
        g_string_append_c(why, '\n');
    }
    return false;
}

/* What side A reached (side A is the reference). */
static void stats_update(DiffStats *stats, const DiffOp *op,
                         const DiffObs *a, uint32_t old_lcr)
{
    const GByteArray *st = a->state;
    uint32_t lcr;

    stats->ops[op->kind]++;
    if (op->kind == DIFF_OP_READ || op->kind == DIFF_OP_WRITE) {
        stats->wide_accesses += op->size == 8;
        stats->unaligned_accesses += (op->offset & (op->size - 1)) != 0;
        stats->past_end_accesses += op->offset + op->size > 0x1000;
    }
    if (op->kind == DIFF_OP_RX && a->pending) {
        stats->fifo_full_rx++;
    }
    for (int i = 0; i < DIFF_NUM_IRQS; i++) {
        g_autofree char *raise = g_strdup_printf("%d+", i);

        stats->irq_raised[i] += strstr(a->edges, raise) != NULL;
    }
    if (st->len < PL011_VMS_SIZE) {
        return;
    }
    stats->max_fifo_depth = MAX(stats->max_fifo_depth,
                                (int)state_u32(st, PL011_VMS_READ_COUNT));
    stats->int_level_seen |= state_u32(st, PL011_VMS_INT_LEVEL);
    stats->ifls_seen |= 1ULL << (state_u32(st, PL011_VMS_IFL) & 0x3f);
    lcr = state_u32(st, PL011_VMS_LCR);
    stats->fen_toggles += ((lcr ^ old_lcr) & LCR_FEN) != 0;
    stats->brk_toggles += ((lcr ^ old_lcr) & LCR_BRK) != 0;
}

bool diff_pair_step(DiffPair *pair, const DiffOp *op, DiffStats *stats,
                    GString *why)
{
    DiffObs obs[2];
    uint32_t old_lcr = 0;
    bool same;

    if (stats) {
        g_autoptr(GByteArray) before = save_state(pair->side[0].dev);

        old_lcr = state_u32(before, PL011_VMS_LCR);
    }
    side_apply(pair, &pair->side[0], op, &obs[0]);
    side_apply(pair, &pair->side[1], op, &obs[1]);
    same = obs_compare(op, &obs[0], &obs[1], why);
    if (stats) {
        stats_update(stats, op, &obs[0], old_lcr);
    }
    obs_clear(&obs[0]);
    obs_clear(&obs[1]);
    return same;
}

long diff_run(const char *type_a, const char *type_b, const DiffOp *ops,
              size_t n, DiffStats *stats, GString *why)
{
    Error *err = NULL;
    g_autoptr(DiffPair) pair = diff_pair_new(type_a, type_b, &err);

    if (!pair) {
        if (why) {
            g_string_append_printf(why, "%s\n", error_get_pretty(err));
        }
        error_free(err);
        return -2;
    }
    if (stats) {
        stats->runs++;
    }
    for (size_t i = 0; i < n; i++) {
        if (!diff_pair_step(pair, &ops[i], stats, why)) {
            return i;
        }
    }
    return -1;
}

void diff_stats_print(const DiffStats *st, FILE *f)
{
    int ifls = 0;

    for (int i = 0; i < 64; i++) {
        ifls += (st->ifls_seen >> i) & 1;
    }
    fprintf(f, "coverage: %" PRIu64 " runs; ops:", st->runs);
    for (int k = 0; k < DIFF_OP__MAX; k++) {
        fprintf(f, " %s %" PRIu64, diff_op_kind_name(k), st->ops[k]);
    }
    fprintf(f, "\ncoverage: max FIFO depth %d, RX while full %" PRIu64
            ", RIS bits seen 0x%03x, IFLS values %d/64, FEN toggles %" PRIu64
            ", BRK toggles %" PRIu64 "\n", st->max_fifo_depth,
            st->fifo_full_rx, st->int_level_seen, ifls, st->fen_toggles,
            st->brk_toggles);
    fprintf(f, "coverage: IRQ raises per line");
    for (int i = 0; i < DIFF_NUM_IRQS; i++) {
        fprintf(f, " %d:%" PRIu64, i, st->irq_raised[i]);
    }
    fprintf(f, "; 8-byte %" PRIu64 ", unaligned %" PRIu64 ", past the end %"
            PRIu64 "\n", st->wide_accesses, st->unaligned_accesses,
            st->past_end_accesses);
}
