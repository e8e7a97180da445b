/*
 * What a device embeds or points at besides qdev: CharBackend, QEMUTimer,
 * Clock, the qemu_irq object, and the VMState tables the binary exports.
 */
#include "probe.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/timer.h"

/* 7.2's QEMU_TIMER_ATTR_EXTERNAL. */
#define PROBE_TIMER_ATTR 1

static int probe_opaque;
static const uint8_t sentinels[] = { 0xa5, 0x5a };

static int probe_can_read(void *opaque)
{
    return 0;
}

static void probe_read(void *opaque, const uint8_t *buf, int size)
{
}

static void probe_event(void *opaque, QEMUChrEvent event)
{
}

static int probe_be_change(void *opaque)
{
    return 0;
}

static void probe_timer_cb(void *opaque)
{
}

static void probe_clock_cb(void *opaque, ClockEvent event)
{
}

static void probe_irq_handler(void *opaque, int n, int level)
{
}

/* A fresh chardev per backend: one chardev takes one front end. */
static void chr_written(int64_t *out)
{
    size_t most = 0;

    for (size_t i = 0; i < ARRAY_SIZE(sentinels); i++) {
        g_autofree char *label = g_strdup_printf("x-abi-chr%zu", i);
        Chardev *chr = qemu_chr_new(label, "null", NULL);
        uint8_t *buf = g_malloc(PROBE_SNAP);
        memset(buf, sentinels[i], PROBE_SNAP);
        if (!chr || !qemu_chr_fe_init((CharBackend *)buf, chr, NULL)) {
            return;
        }
        most = MAX(most, probe_extent(buf, PROBE_SNAP, sentinels[i]));
    }
    out[0] = most;
}

static void chr_fields(int64_t *out)
{
    Chardev *chr = qemu_chr_new("x-abi-chr", "null", NULL);
    uint8_t *be = g_malloc0(PROBE_SNAP);
    static uint8_t before[PROBE_SNAP];
    const size_t n = 256;

    if (!chr || !qemu_chr_fe_init((CharBackend *)be, chr, NULL)) {
        return;
    }
    out[0] = probe_find_word(be, n, 0, (uintptr_t)chr, 0);
    qemu_chr_fe_set_handlers((CharBackend *)be, probe_can_read, probe_read,
                             probe_event, probe_be_change, &probe_opaque,
                             NULL, false);
    out[1] = probe_find_word(be, n, 0, (uintptr_t)probe_event, 0);
    out[2] = probe_find_word(be, n, 0, (uintptr_t)probe_can_read, 0);
    out[3] = probe_find_word(be, n, 0, (uintptr_t)probe_read, 0);
    out[4] = probe_find_word(be, n, 0, (uintptr_t)probe_be_change, 0);
    out[5] = probe_find_word(be, n, 0, (uintptr_t)&probe_opaque, 0);
    memcpy(before, be, n);
    qemu_chr_fe_set_open((CharBackend *)be, 1);
    for (size_t off = 0; off + 4 <= n; off += 4) {
        uint32_t a, b;
        memcpy(&a, before + off, 4);
        memcpy(&b, be + off, 4);
        if (a == 0 && b == 1) {
            out[6] = off;
            break;
        }
    }
}

static void timer_written(int64_t *out)
{
    size_t most = 0;

    for (size_t i = 0; i < ARRAY_SIZE(sentinels); i++) {
        uint8_t *buf = g_malloc(PROBE_SNAP);
        memset(buf, sentinels[i], PROBE_SNAP);
        timer_init_full((QEMUTimer *)buf, NULL, QEMU_CLOCK_VIRTUAL, SCALE_MS,
                        PROBE_TIMER_ATTR, probe_timer_cb, &probe_opaque);
        most = MAX(most, probe_extent(buf, PROBE_SNAP, sentinels[i]));
    }
    out[0] = most;
}

static void timer_fields(int64_t *out)
{
    uint8_t *ts = g_malloc(PROBE_SNAP);
    const size_t n = 256;

    memset(ts, sentinels[0], PROBE_SNAP);
    timer_init_full((QEMUTimer *)ts, NULL, QEMU_CLOCK_VIRTUAL, SCALE_MS,
                    PROBE_TIMER_ATTR, probe_timer_cb, &probe_opaque);
    out[0] = probe_find_word(ts, n, 0, UINT64_MAX, 0);   /* -1: not pending */
    out[1] = probe_find_word(ts, n, 0,
                             (uintptr_t)main_loop_tlg.tl[QEMU_CLOCK_VIRTUAL], 0);
    out[2] = probe_find_word(ts, n, 0, (uintptr_t)probe_timer_cb, 0);
    out[3] = probe_find_word(ts, n, 0, (uintptr_t)&probe_opaque, 0);
    out[4] = probe_find_u32(ts, n, 0, PROBE_TIMER_ATTR);
    out[5] = probe_find_u32(ts, n, 0, SCALE_MS);
}

static void clock_fields(int64_t *out)
{
    size_t n = probe_real_size("size.clock");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    Clock *clk = qdev_init_clock_in(dev, "x-abi-clk", probe_clock_cb,
                                    &probe_opaque, ClockUpdate | ClockPreUpdate);
    Clock *src = (Clock *)object_new(TYPE_CLOCK);

    out[0] = probe_find_word(clk, n, from, (uintptr_t)probe_clock_cb, 0);
    out[1] = probe_find_word(clk, n, from, (uintptr_t)&probe_opaque, 0);
    out[2] = probe_find_u32(clk, n, from, ClockUpdate | ClockPreUpdate);
    clock_set(clk, 0x123456789ab);
    out[3] = probe_find_word(clk, n, from, 0x123456789ab, 0);
    clock_set_mul_div(clk, 0x77, 0x99);
    out[4] = probe_find_u32(clk, n, from, 0x77);
    out[5] = probe_find_u32(clk, n, from, 0x99);
    clock_set_source(clk, src);
    out[6] = probe_find_word(clk, n, from, (uintptr_t)src, 0);
    out[7] = probe_find_word(src, n, from, (uintptr_t)clk, 0);
}

/* The path is set up for a clock of a device in the QOM tree. */
static void clock_path(int64_t *out)
{
    size_t n = probe_real_size("size.clock");
    size_t from = probe_real_size("size.object");
    DeviceState *dev = probe_dev_new(NULL);
    Clock *clk = qdev_init_clock_in(dev, "x-abi-clk", NULL, NULL, 0);

    qdev_set_id(dev, g_strdup("x-abi-clkdev"), &error_abort);
    clock_setup_canonical_path(clk);
    g_autofree char *path = object_get_canonical_path(OBJECT(clk));
    out[0] = path ? probe_find_str_ptr(clk, n, from, path) : -1;
}

static void irq_fields(int64_t *out)
{
    size_t n = probe_real_size("size.irq");
    size_t from = probe_real_size("size.object");
    qemu_irq irq = qemu_allocate_irq(probe_irq_handler, &probe_opaque, 0x1357);

    out[0] = probe_find_word(irq, n, from, (uintptr_t)probe_irq_handler, 0);
    out[1] = probe_find_word(irq, n, from, (uintptr_t)&probe_opaque, 0);
    out[2] = probe_find_u32(irq, n, from, 0x1357);
}

/* The word of @vmsd (@n bytes) that points at a field array whose first
 * field is named @first. */
static int64_t find_fields(const VMStateDescription *vmsd, size_t n,
                           const char *first)
{
    for (size_t off = 0; off + 8 <= n; off += 8) {
        uint64_t name;
        if (probe_peek((void *)(uintptr_t)probe_word(vmsd, off), &name, 8) &&
            probe_peek_str((void *)(uintptr_t)name, first)) {
            return off;
        }
    }
    return -1;
}

/*
 * vmstate_clock is { "clock", fields: { VMSTATE_UINT64(period, Clock),
 * END } }; vmstate_fifo8's fields are named "data", "head", "num", so the
 * distance between the first two names is the array's stride.
 */
static void vmstate_fields(int64_t *out)
{
    size_t n = probe_real_size("symbol-size.vmstate_clock");
    size_t nf = probe_real_size("symbol-size.vmstate_fifo8");
    int64_t fields = find_fields(&vmstate_clock, n, "period");
    int64_t fifo = find_fields(&vmstate_fifo8, nf, "data");
    uint8_t f[PROBE_SNAP / 8];

    out[0] = probe_find_str_ptr(&vmstate_clock, n, 0, "clock");
    out[1] = fields;
    if (fifo >= 0) {
        const uint8_t *fifo_fields = (void *)(uintptr_t)probe_word(&vmstate_fifo8, fifo);
        for (size_t k = 8; k + 8 <= sizeof(f); k += 8) {
            uint64_t name;
            if (probe_peek(fifo_fields + k, &name, 8) &&
                probe_peek_str((void *)(uintptr_t)name, "head")) {
                out[2] = k;
                break;
            }
        }
    }
    if (fields < 0 || out[2] < 0 ||
        !probe_peek((void *)(uintptr_t)probe_word(&vmstate_clock, fields), f,
                    out[2])) {
        return;
    }
    /* Within the first field only. */
    out[3] = probe_find_word(f, out[2], 0, (uintptr_t)&vmstate_info_uint64, 0);
    out[4] = probe_find_word(f, out[2], 0, probe_real("Clock.period"), 0);
    out[5] = probe_find_word(f, out[2], 0, sizeof(uint64_t), 0);
    out[6] = probe_find_u32(f, out[2], 0, VMS_SINGLE);
}

void probe_backends(void)
{
    probe_measure(chr_written, "written.qemu_chr_fe_init", NULL);
    probe_measure(chr_fields, "CharBackend.chr", "CharBackend.chr_event",
                  "CharBackend.chr_can_read", "CharBackend.chr_read",
                  "CharBackend.chr_be_change", "CharBackend.opaque",
                  "CharBackend.fe_open", NULL);
    probe_measure(timer_written, "written.timer_init_full", NULL);
    probe_measure(timer_fields, "QEMUTimer.expire_time", "QEMUTimer.timer_list",
                  "QEMUTimer.cb", "QEMUTimer.opaque", "QEMUTimer.attributes",
                  "QEMUTimer.scale", NULL);
    probe_measure(clock_fields, "Clock.callback", "Clock.callback_opaque",
                  "Clock.callback_events", "Clock.period", "Clock.multiplier",
                  "Clock.divider", "Clock.source", "Clock.children", NULL);
    probe_measure(clock_path, "Clock.canonical_path", NULL);
    probe_measure(irq_fields, "IRQState.handler", "IRQState.opaque",
                  "IRQState.n", NULL);
    probe_measure(vmstate_fields, "VMStateDescription.name",
                  "VMStateDescription.fields", "VMStateField.stride",
                  "VMStateField.info", "VMStateField.offset",
                  "VMStateField.size", "VMStateField.flags", NULL);
}
