/*
 * pl011-bench: the in-process PL011 benchmarks of issue 9, for any module
 * that provides a PL011 ("--dev MODULE=TYPE", repeatable). scripts/bench.sh
 * runs it; every figure is one line "result kind=K key=value ...".
 * The td-* cases drive the test device (x-cxx-test-device or its C twin)
 * instead (issue 18); time takes --kind testdev for them.
 *
 *   ir       --dev D --case C --path dispatch|direct --n N
 *            N accesses with callgrind's collection on only around them
 *            (run under valgrind --tool=callgrind --collect-atstart=no)
 *   time     --dev D... [--kind pl011|testdev] --n N --batches B
 *            ns per access of the kind's cases, devices interleaved
 *   rx       --dev D... --bytes K --batches B   chardev to guest DR reads
 *   migrate  --dev D... --n N --batches B   us per VMState save and load
 *
 * --trace PATTERN --log FILE (ir): the trace events PATTERN enabled, as
 * -trace PATTERN -D FILE would (issue 16: what an enabled event costs).
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "bench-cases.h"
#include "qemu/log.h"
#include "trace/control.h"

#ifdef HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#endif

#define BENCH_BASE 0x09000000

static char **opt_devs;
static char *opt_case;
static char *opt_path;
static gint opt_n = 16000;
static gint opt_batches = 11;
static gint opt_bytes = 65536;
static char **opt_trace;
static char *opt_log;
static char *opt_kind;

static const GOptionEntry entries[] = {
    { "dev", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_devs,
      "a PL011 to measure (repeatable)", "MODULE=TYPE" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &opt_case, "ir: the access case",
      "NAME" },
    { "path", 0, 0, G_OPTION_ARG_STRING, &opt_path,
      "ir: dispatch or direct", "PATH" },
    { "n", 0, 0, G_OPTION_ARG_INT, &opt_n, "accesses or operations", "N" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &opt_batches,
      "batches (the median is printed)", "B" },
    { "bytes", 0, 0, G_OPTION_ARG_INT, &opt_bytes, "rx: bytes per batch",
      "K" },
    { "trace", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_trace,
      "ir: enable these trace events (-trace, repeatable)", "PATTERN" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &opt_log,
      "ir: where enabled events log (-D)", "FILE" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind,
      "time: the cases of this device (pl011 by default)", "KIND" },
    { NULL }
};

static const char *const path_names[] = {
    [BENCH_DISPATCH] = "dispatch",
    [BENCH_DIRECT] = "direct",
};

static G_NORETURN void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static G_NORETURN void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("pl011-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void die_on(Error *err)
{
    if (err) {
        die("%s", error_get_pretty(err));
    }
}

/* Loads every --dev module; returns the types, one per --dev. */
static const char **load_devs(size_t *n)
{
    const char **types;
    Error *err = NULL;

    *n = opt_devs ? g_strv_length(opt_devs) : 0;
    if (!*n) {
        die("no --dev MODULE=TYPE given");
    }
    types = g_new0(const char *, *n);
    for (size_t i = 0; i < *n; i++) {
        bench_load(opt_devs[i], &types[i], &err);
        die_on(err);
    }
    return types;
}

/* --trace and --log, after the modules registered their events. */
static void enable_trace(void)
{
    Error *err = NULL;

    if (opt_log) {
        qemu_set_log_filename(opt_log, &err);
        die_on(err);
    }
    qemu_set_log(LOG_TRACE, &err); /* as QEMU 7.2 with the log backend */
    die_on(err);
    for (char **p = opt_trace; p && *p; p++) {
        TraceEventIter it;

        trace_event_iter_init_pattern(&it, *p);
        if (!trace_event_iter_next(&it)) {
            die("--trace: no event matches '%s'", *p);
        }
        trace_enable_events(*p);
    }
}

static void new_dev(BenchDev *b, const char *type, const char *backend,
                    unsigned slot)
{
    Error *err = NULL;

    bench_dev_init(b, type, backend, BENCH_BASE + slot * 0x1000, &err);
    die_on(err);
}

/* Runs @rounds rounds of @c; false if a checked round read wrong data. */
static bool run_rounds(const BenchCase *c, BenchDev *b, BenchPath path,
                       int rounds, uint32_t *sink)
{
    for (int r = 0; r < rounds; r++) {
        uint32_t v;

        if (c->prepare && !c->prepare(b)) {
            die("%s: %s: the device stopped taking input", b->type, c->name);
        }
        v = c->round(b, path);
        if (c->prepare && v != c->expect) {
            return false;
        }
        *sink += v;
    }
    return true;
}

static BenchPath parse_path(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(path_names); i++) {
        if (name && !strcmp(name, path_names[i])) {
            return (BenchPath)i;
        }
    }
    die("--path must be dispatch or direct");
}

static int cmd_ir(void)
{
    const BenchCase *c = opt_case ? bench_case_find(opt_case) : NULL;
    BenchPath path = parse_path(opt_path);
    int rounds = MAX(opt_n / BENCH_ROUND, 1);
    uint32_t sink = 0;
    const char **types;
    BenchDev b;
    size_t n;

    if (!c) {
        die("--case: unknown case '%s'", opt_case ? opt_case : "");
    }
    types = load_devs(&n);
    enable_trace();
    new_dev(&b, types[0], c->backend, 0);
    if (c->setup) {
        c->setup(&b);
    }
    /* Warm up: lazy symbol binding, first-use allocations. */
    if (!run_rounds(c, &b, path, 4, &sink)) {
        die("%s: %s: read the wrong data", b.type, c->name);
    }

    for (int r = 0; r < rounds; r++) {
        uint32_t v;

        if (c->prepare && !c->prepare(&b)) {
            die("%s: %s: the device stopped taking input", b.type, c->name);
        }
        CALLGRIND_TOGGLE_COLLECT;
        v = c->round(&b, path);
        CALLGRIND_TOGGLE_COLLECT;
        if (c->prepare && v != c->expect) {
            die("%s: %s: read 0x%x, expected 0x%x", b.type, c->name, v,
                c->expect);
        }
        sink += v;
    }
    printf("result kind=ir case=%s path=%s type=%s accesses=%d sink=%u\n",
           c->name, path_names[path], b.type, rounds * BENCH_ROUND, sink);
    bench_dev_cleanup(&b);
    g_free(types);
    return 0;
}

/* What one clock_gettime() pair costs; subtracted from per-round timings. */
static double timer_overhead_ns(void)
{
    double v[1001];

    for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
        int64_t t0 = bench_now_ns();

        v[i] = (double)(bench_now_ns() - t0);
    }
    return bench_median(v, G_N_ELEMENTS(v));
}

/*
 * ns per access of @rounds rounds. Rounds with a prepare step are timed one
 * by one, less the timer's own cost.
 */
static double time_rounds(const BenchCase *c, BenchDev *b, BenchPath path,
                          int rounds, double overhead, uint32_t *sink)
{
    int64_t total = 0;

    if (!c->prepare) {
        int64_t t0 = bench_now_ns();

        run_rounds(c, b, path, rounds, sink);
        total = bench_now_ns() - t0;
        return (double)total / (rounds * BENCH_ROUND);
    }
    for (int r = 0; r < rounds; r++) {
        int64_t t0;
        uint32_t v;

        if (!c->prepare(b)) {
            die("%s: %s: the device stopped taking input", b->type, c->name);
        }
        t0 = bench_now_ns();
        v = c->round(b, path);
        total += bench_now_ns() - t0;
        if (v != c->expect) {
            die("%s: %s: read 0x%x, expected 0x%x", b->type, c->name, v,
                c->expect);
        }
        *sink += v;
    }
    return ((double)total - overhead * rounds) / (rounds * BENCH_ROUND);
}

/* The cases of --kind (pl011 by default). */
static const BenchCase **kind_cases(size_t *n)
{
    const BenchCase **cases = g_new0(const BenchCase *, bench_ncases);
    BenchKind kind = BENCH_PL011;

    if (opt_kind && !bench_kind_parse(opt_kind, &kind)) {
        die("--kind must be pl011 or testdev");
    }
    *n = 0;
    for (size_t c = 0; c < bench_ncases; c++) {
        if (bench_cases[c].kind == kind) {
            cases[(*n)++] = &bench_cases[c];
        }
    }
    return cases;
}

static int cmd_time(void)
{
    size_t ndev, ncases;
    const char **types = load_devs(&ndev);
    const BenchCase **cases = kind_cases(&ncases);
    size_t ncells = ncases * 2 * ndev;
    BenchDev *devs = g_new0(BenchDev, ncases * ndev);
    double *samples = g_new0(double, ncells * opt_batches);
    int rounds = MAX(opt_n / BENCH_ROUND, 1);
    double overhead = timer_overhead_ns();
    uint32_t sink = 0;

    for (size_t c = 0; c < ncases; c++) {
        for (size_t d = 0; d < ndev; d++) {
            BenchDev *b = &devs[c * ndev + d];

            new_dev(b, types[d], cases[c]->backend, c * ndev + d);
            if (cases[c]->setup) {
                cases[c]->setup(b);
            }
        }
    }

    /* Batch -1 warms up; the devices swap order from one batch to the next. */
    for (int batch = -1; batch < opt_batches; batch++) {
        for (size_t c = 0; c < ncases; c++) {
            for (int p = 0; p < 2; p++) {
                for (size_t i = 0; i < ndev; i++) {
                    size_t d = batch % 2 ? ndev - 1 - i : i;
                    double ns = time_rounds(cases[c],
                                            &devs[c * ndev + d], (BenchPath)p,
                                            rounds, overhead, &sink);
                    size_t cell = (c * 2 + p) * ndev + d;

                    if (batch >= 0) {
                        samples[cell * opt_batches + batch] = ns;
                    }
                }
            }
        }
    }

    for (size_t c = 0; c < ncases; c++) {
        for (int p = 0; p < 2; p++) {
            for (size_t d = 0; d < ndev; d++) {
                size_t cell = (c * 2 + p) * ndev + d;

                printf("result kind=ns case=%s path=%s type=%s value=%.3f\n",
                       cases[c]->name, path_names[p], types[d],
                       bench_median(&samples[cell * opt_batches],
                                    opt_batches));
            }
        }
    }
    printf("# timer overhead %.1f ns, sink %u\n", overhead, sink);
    for (size_t i = 0; i < ncases * ndev; i++) {
        bench_dev_cleanup(&devs[i]);
    }
    g_free(cases);
    g_free(samples);
    g_free(devs);
    g_free(types);
    return 0;
}

/* Bytes pushed into the chardev, read back by the guest through DR. */
static double rx_batch(BenchDev *b, const uint8_t *data, size_t len)
{
    size_t got = 0;
    int64_t t0;

    qemu_shim_chr_memory_push(b->chr, data, len);
    t0 = bench_now_ns();
    while (got < len) {
        main_loop_wait(true);
        while (!(bench_read(b, BENCH_DISPATCH, PL011_FR) & PL011_FR_RXFE)) {
            uint32_t c = bench_read(b, BENCH_DISPATCH, PL011_DR);

            if (got >= len || (c & 0xff) != data[got]) {
                die("%s: rx: byte %zu is 0x%x, expected 0x%x", b->type, got,
                    c, got < len ? data[got] : 0);
            }
            got++;
        }
    }
    return (double)len * 1e9 / (double)(bench_now_ns() - t0);
}

static int cmd_rx(void)
{
    size_t ndev;
    const char **types = load_devs(&ndev);
    BenchDev *devs = g_new0(BenchDev, ndev);
    double *samples = g_new0(double, ndev * opt_batches);
    uint8_t *data = g_malloc(opt_bytes);

    for (int i = 0; i < opt_bytes; i++) {
        data[i] = (uint8_t)(i * 7 + 1);
    }
    for (size_t d = 0; d < ndev; d++) {
        new_dev(&devs[d], types[d], "x-memory", d);
        bench_write(&devs[d], BENCH_DISPATCH, PL011_LCR_H, PL011_LCRH_FEN);
    }
    for (int batch = -1; batch < opt_batches; batch++) {
        for (size_t i = 0; i < ndev; i++) {
            size_t d = batch % 2 ? ndev - 1 - i : i;
            double bps = rx_batch(&devs[d], data, opt_bytes);

            if (batch >= 0) {
                samples[d * opt_batches + batch] = bps;
            }
        }
    }
    for (size_t d = 0; d < ndev; d++) {
        printf("result kind=rx type=%s bytes=%d value=%.0f\n", types[d],
               opt_bytes, bench_median(&samples[d * opt_batches],
                                       opt_batches));
        bench_dev_cleanup(&devs[d]);
    }
    g_free(data);
    g_free(samples);
    g_free(devs);
    g_free(types);
    return 0;
}

static const VMStateDescription *dev_vmsd(BenchDev *b)
{
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(b->dev)->vmsd;

    if (!vmsd) {
        die("%s has no migration state (DeviceClass::vmsd)", b->type);
    }
    return vmsd;
}

/* One save into a fresh buffer; returns the stream (g_free it). */
static uint8_t *save_once(BenchDev *b, size_t *len)
{
    QEMUFile *f = qemu_shim_file_new_output();
    const uint8_t *data;
    uint8_t *copy = NULL;

    if (vmstate_save_state(f, dev_vmsd(b), b->dev, NULL) < 0) {
        die("%s: vmstate_save_state failed", b->type);
    }
    if (len) {
        data = qemu_shim_file_output_data(f, len);
        copy = g_malloc(*len);
        memcpy(copy, data, *len);
    }
    qemu_fclose(f);
    return copy;
}

static void load_once(BenchDev *b, const uint8_t *data, size_t len)
{
    const VMStateDescription *vmsd = dev_vmsd(b);
    QEMUFile *f = qemu_shim_file_new_input(data, len);

    if (vmstate_load_state(f, vmsd, b->dev, vmsd->version_id) < 0 ||
        qemu_shim_file_input_remaining(f) != 0) {
        die("%s: vmstate_load_state failed on its own stream", b->type);
    }
    qemu_fclose(f);
}

static int cmd_migrate(void)
{
    size_t ndev;
    const char **types = load_devs(&ndev);
    BenchDev *devs = g_new0(BenchDev, ndev);
    double *save = g_new0(double, ndev * opt_batches);
    double *load = g_new0(double, ndev * opt_batches);
    uint8_t **streams = g_new0(uint8_t *, ndev);
    size_t *lens = g_new0(size_t, ndev);
    int n = MAX(opt_n, 1);

    for (size_t d = 0; d < ndev; d++) {
        static const uint8_t rx[] = "migrate";

        /* Some state worth saving: FIFO on, a few bytes queued, masks. */
        new_dev(&devs[d], types[d], "x-memory", d);
        bench_write(&devs[d], BENCH_DISPATCH, PL011_LCR_H, PL011_LCRH_FEN);
        bench_write(&devs[d], BENCH_DISPATCH, PL011_IMSC, 0x50);
        if (!bench_feed(&devs[d], rx, sizeof(rx) - 1)) {
            die("%s: migrate: the device did not take its input", types[d]);
        }
        streams[d] = save_once(&devs[d], &lens[d]);
    }
    for (int batch = -1; batch < opt_batches; batch++) {
        for (size_t i = 0; i < ndev; i++) {
            size_t d = batch % 2 ? ndev - 1 - i : i;
            int64_t t0 = bench_now_ns(), t1;

            for (int k = 0; k < n; k++) {
                save_once(&devs[d], NULL);
            }
            t1 = bench_now_ns();
            for (int k = 0; k < n; k++) {
                load_once(&devs[d], streams[d], lens[d]);
            }
            if (batch >= 0) {
                save[d * opt_batches + batch] = (t1 - t0) / 1e3 / n;
                load[d * opt_batches + batch] =
                    (bench_now_ns() - t1) / 1e3 / n;
            }
        }
    }
    for (size_t d = 0; d < ndev; d++) {
        printf("result kind=save-us type=%s bytes=%zu value=%.4f\n", types[d],
               lens[d], bench_median(&save[d * opt_batches], opt_batches));
        printf("result kind=load-us type=%s bytes=%zu value=%.4f\n", types[d],
               lens[d], bench_median(&load[d * opt_batches], opt_batches));
        bench_dev_cleanup(&devs[d]);
        g_free(streams[d]);
    }
    g_free(lens);
    g_free(streams);
    g_free(load);
    g_free(save);
    g_free(devs);
    g_free(types);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(void);
    } cmds[] = {
        { "ir", cmd_ir }, { "time", cmd_time },
        { "rx", cmd_rx }, { "migrate", cmd_migrate },
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("ir|time|rx|migrate - PL011 benchmarks");
    g_autoptr(GError) gerr = NULL;
    int ret = -1;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        die("%s", gerr->message);
    }
    if (argc != 2) {
        die("expected one command: ir, time, rx or migrate (--help)");
    }
    if (opt_n <= 0 || opt_batches <= 0 || opt_bytes <= 0) {
        die("--n, --batches and --bytes must be positive");
    }

    qemu_mutex_lock_iothread();
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        if (!strcmp(argv[1], cmds[i].name)) {
            ret = cmds[i].fn();
        }
    }
    if (ret < 0) {
        die("unknown command '%s'", argv[1]);
    }
    qemu_chr_cleanup();
    qemu_mutex_unlock_iothread();
    g_strfreev(opt_devs);
    g_free(opt_case);
    g_free(opt_path);
    g_strfreev(opt_trace);
    g_free(opt_log);
    g_free(opt_kind);
    return ret;
}
