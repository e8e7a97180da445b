/*
 * pl011-diff: drives two PL011 implementations in lockstep (lockstep.h).
 * Modes: random campaigns over seeds (the default), --expect-diff (a
 * mutant must be caught and shrunk), --sweep (every offset and width),
 * --replay FILE. Ends with "SUBTESTS: N passed, N failed".
 */
#include "qemu/osdep.h"
#include "gen.h"
#include "lockstep.h"
#include "scenario-io.h"
#include "shrink.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "trace/control.h"

static char **opt_modules;
static char *opt_type_a = NULL;
static char *opt_type_b = NULL;
static gint64 opt_seed = 1;
static gint opt_seeds = 8;
static gint opt_ops = 2000;
static gdouble opt_time;
static gboolean opt_expect_diff;
static gint opt_max_shrunk = 6;
static gboolean opt_sweep;
static char *opt_replay;
static char *opt_out;
static gboolean opt_events;

static const GOptionEntry options[] = {
    { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_modules,
      "load a device module (repeatable)", "PATH" },
    { "a", 'a', 0, G_OPTION_ARG_STRING, &opt_type_a,
      "QOM type of side A, the reference (pl011-c)", "TYPE" },
    { "b", 'b', 0, G_OPTION_ARG_STRING, &opt_type_b,
      "QOM type of side B (pl011-c)", "TYPE" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed,
      "first seed (1)", "N" },
    { "seeds", 'n', 0, G_OPTION_ARG_INT, &opt_seeds,
      "number of seeds (8)", "N" },
    { "ops", 'o', 0, G_OPTION_ARG_INT, &opt_ops,
      "operations per seed (2000)", "N" },
    { "time", 't', 0, G_OPTION_ARG_DOUBLE, &opt_time,
      "run seeds for this many seconds instead of --seeds", "SECONDS" },
    { "expect-diff", 0, 0, G_OPTION_ARG_NONE, &opt_expect_diff,
      "B is a mutant: pass if a difference is found and shrunk", NULL },
    { "max-shrunk", 0, 0, G_OPTION_ARG_INT, &opt_max_shrunk,
      "--expect-diff: the most operations the shrunk scenario may keep (6)",
      "N" },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &opt_sweep,
      "every offset 0x000-0x100f, widths 1/2/4/8, reads and writes", NULL },
    { "replay", 'r', 0, G_OPTION_ARG_FILENAME, &opt_replay,
      "run the operations of a scenario file", "FILE" },
    { "events", 'e', 0, G_OPTION_ARG_NONE, &opt_events,
      "enable QEMU 7.2's pl011_* trace events: each side's event lines "
      "are part of its log, so they are compared too", NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out,
      "where to write the minimal scenario (lockstep-min.pl011)", "FILE" },
    { NULL }
};

static unsigned passed, failed;

static void subtest(bool ok, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void subtest(bool ok, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("%s: ", ok ? "PASS" : "FAIL");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    ok ? passed++ : failed++;
}

static bool is_luminary(const char *type)
{
    return strstr(type, "luminary") != NULL;
}

/* Report the first difference: the operation, both sides, a replay. */
static void report(const GArray *ops, long first, const char *why,
                   const char *origin)
{
    g_autoptr(GString) text = g_string_new("");
    const DiffOp *op = &g_array_index(ops, DiffOp, first);

    diff_op_format(op, text);
    printf("DIFFERENCE after operation #%ld: %s (A = %s, B = %s, %s)\n%s",
           first, text->str, opt_type_a, opt_type_b, origin, why);
    g_string_truncate(text, 0);
    diff_scenario_format((const DiffOp *)ops->data, first + 1,
                         is_luminary(opt_type_a), "replay:", text);
    printf("--- replayable scenario (%ld operations) ---\n%s---\n",
           first + 1, text->str);
}

/* Shrink, print and write the minimal scenario; it must fail on replay. */
static GArray *shrink_and_write(const GArray *ops, long first,
                                const char *origin)
{
    g_autoptr(GString) text = g_string_new("");
    g_autoptr(GString) why = g_string_new("");
    g_autofree char *comment = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *out = opt_out ? opt_out : "lockstep-min.pl011";
    unsigned runs;
    GArray *min;

    min = diff_shrink(opt_type_a, opt_type_b, (const DiffOp *)ops->data,
                      first + 1, &runs);
    if (!min) {
        printf("shrink: the sequence no longer differs (not reproducible)\n");
        return NULL;
    }
    comment = g_strdup_printf(
        "Minimal divergence found by tests/diff/pl011-diff (%s):\n"
        "A = %s, B = %s; shrunk from %ld to %u operations in %u runs.\n"
        "Commands only: record the expected events with\n"
        "pl011-conformance --record, or replay with pl011-diff --replay.",
        origin, opt_type_a, opt_type_b, first + 1, min->len, runs);
    diff_scenario_format((const DiffOp *)min->data, min->len,
                         is_luminary(opt_type_a), comment, text);
    printf("--- minimal scenario (%s) ---\n%s---\n", out, text->str);
    diff_run(opt_type_a, opt_type_b, (const DiffOp *)min->data, min->len,
             NULL, why);
    printf("its difference:\n%s", why->str);
    if (!g_file_set_contents(out, text->str, text->len, &gerr)) {
        printf("cannot write %s: %s\n", out, gerr->message);
    }
    return min;
}

/* One seed: true if the two sides agree on the whole sequence. */
static bool run_seed(uint64_t seed, DiffStats *stats, GArray **failing,
                     long *first, GString *why)
{
    g_autoptr(GArray) ops = diff_gen_sequence(seed, opt_ops);

    *first = diff_run(opt_type_a, opt_type_b, (const DiffOp *)ops->data,
                      ops->len, stats, why);
    if (*first == -1) {
        return true;
    }
    *failing = g_steal_pointer(&ops);
    return false;
}

static int campaign(void)
{
    gint64 deadline = opt_time > 0 ?
        g_get_monotonic_time() + (gint64)(opt_time * G_USEC_PER_SEC) : 0;
    DiffStats stats = { 0 };
    uint64_t seed = opt_seed;

    printf("lockstep: A = %s, B = %s, seeds from %" PRIu64 ", %d operations "
           "each\n", opt_type_a, opt_type_b, seed, opt_ops);
    for (int i = 0; deadline ? g_get_monotonic_time() < deadline
                             : i < opt_seeds; i++, seed++) {
        g_autoptr(GString) why = g_string_new("");
        g_autoptr(GArray) failing = NULL;
        g_autofree char *origin = g_strdup_printf("seed %" PRIu64, seed);
        GArray *min;
        long first;

        if (run_seed(seed, &stats, &failing, &first, why)) {
            subtest(true, "seed %" PRIu64 ": %d operations agree", seed,
                    opt_ops);
            if (deadline && i % 50 == 49) {
                fprintf(stderr, "lockstep: %d seeds, no difference\n", i + 1);
            }
            continue;
        }
        if (first == -2) {
            subtest(false, "seed %" PRIu64 ": %s", seed, why->str);
            break;
        }
        report(failing, first, why->str, origin);
        min = shrink_and_write(failing, first, origin);
        if (min) {
            g_array_unref(min);
        }
        subtest(false, "seed %" PRIu64 ": the devices differ after "
                "operation #%ld", seed, first);
        break;
    }
    diff_stats_print(&stats, stdout);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* B is a deliberately broken variant: it must be caught and shrunk. */
static int expect_diff(void)
{
    DiffStats stats = { 0 };
    g_autoptr(GArray) failing = NULL;
    g_autoptr(GArray) min = NULL;
    g_autoptr(GArray) replay = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GString) why = g_string_new("");
    g_autofree char *origin = NULL;
    uint64_t seed = opt_seed;
    long first = -1;
    bool luminary;

    for (int i = 0; i < opt_seeds; i++, seed++) {
        g_string_truncate(why, 0);
        if (!run_seed(seed, &stats, &failing, &first, why)) {
            break;
        }
    }
    subtest(first >= 0, "%s differs from %s within %d seeds of %d "
            "operations", opt_type_b, opt_type_a, opt_seeds, opt_ops);
    diff_stats_print(&stats, stdout);
    if (first < 0) {
        printf("%s", why->str);
        return EXIT_FAILURE;
    }
    origin = g_strdup_printf("seed %" PRIu64, seed);
    report(failing, first, why->str, origin);
    min = shrink_and_write(failing, first, origin);
    subtest(min && (int)min->len <= opt_max_shrunk,
            "shrunk from %ld to %u operations (at most %d)", first + 1,
            min ? min->len : 0, opt_max_shrunk);
    if (!min) {
        return EXIT_FAILURE;
    }
    replay = diff_scenario_load(opt_out ? opt_out : "lockstep-min.pl011",
                                &luminary, &gerr);
    subtest(replay && replay->len == min->len &&
            diff_run(opt_type_a, opt_type_b, (const DiffOp *)replay->data,
                     replay->len, NULL, NULL) >= 0,
            "the written scenario parses and still shows the difference%s%s",
            gerr ? ": " : "", gerr ? gerr->message : "");
    subtest(diff_run(opt_type_a, opt_type_a, (const DiffOp *)min->data,
                     min->len, NULL, NULL) == -1,
            "%s agrees with itself on the minimal scenario", opt_type_a);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * Every offset of the region and just past it, every width: a read, then
 * writes of 0, all-ones and a pattern each followed by a read. Fresh
 * devices per 256-byte group, so that one group's state hides nothing in
 * the next.
 */
static int sweep(void)
{
    static const uint64_t values[] = {
        0, UINT64_MAX, 0xa5c3e10f5a3c1ef0ULL,
    };
    const unsigned group = 0x100;
    unsigned ops_run = 0;

    printf("sweep: A = %s, B = %s, offsets 0x000-0x100f\n", opt_type_a,
           opt_type_b);
    for (unsigned base = 0; base < 0x1010; base += group) {
        unsigned end = MIN(base + group, 0x1010u);

        for (unsigned size = 1; size <= 8; size *= 2) {
            g_autoptr(GArray) ops = g_array_new(false, true, sizeof(DiffOp));
            g_autoptr(GString) why = g_string_new("");
            long first;

            for (unsigned off = base; off < end; off++) {
                DiffOp op = { .kind = DIFF_OP_READ, .size = size,
                              .offset = off };

                g_array_append_val(ops, op);
                for (size_t v = 0; v < G_N_ELEMENTS(values); v++) {
                    op.kind = DIFF_OP_WRITE;
                    op.value = size == 8 ? values[v]
                               : values[v] & ((1ULL << (size * 8)) - 1);
                    g_array_append_val(ops, op);
                    op.kind = DIFF_OP_READ;
                    op.value = 0;
                    g_array_append_val(ops, op);
                }
            }
            first = diff_run(opt_type_a, opt_type_b,
                             (const DiffOp *)ops->data, ops->len, NULL, why);
            if (first >= 0) {
                report(ops, first, why->str, "sweep");
            } else if (first == -2) {
                printf("%s", why->str);
            }
            ops_run += ops->len;
            subtest(first == -1, "offsets 0x%03x-0x%03x, width %u: %u "
                    "operations agree", base, end - 1, size, ops->len);
        }
    }
    printf("sweep: %u operations on each side\n", ops_run);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int replay(void)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GString) why = g_string_new("");
    g_autoptr(GArray) ops = NULL;
    bool luminary;
    long first;

    ops = diff_scenario_load(opt_replay, &luminary, &gerr);
    if (!ops) {
        fprintf(stderr, "pl011-diff: %s\n", gerr->message);
        return EXIT_FAILURE;
    }
    first = diff_run(opt_type_a, opt_type_b, (const DiffOp *)ops->data,
                     ops->len, NULL, why);
    if (first >= 0) {
        report(ops, first, why->str, opt_replay);
    } else if (first == -2) {
        printf("%s", why->str);
    }
    subtest(first == -1, "%s: %u operations agree", opt_replay, ops->len);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new("- PL011 lockstep");
    g_autoptr(GError) gerr = NULL;
    size_t live_at_start;
    int ret;

    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "pl011-diff: %s\n", gerr->message);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    opt_type_a = opt_type_a ? opt_type_a : g_strdup("pl011-c");
    opt_type_b = opt_type_b ? opt_type_b : g_strdup("pl011-c");
    diff_init();
    for (char **m = opt_modules; m && *m; m++) {
        Error *err = NULL;

        if (!qemu_shim_module_load(*m, &err)) {
            fprintf(stderr, "pl011-diff: %s\n", error_get_pretty(err));
            error_free(err);
            return 2;
        }
    }
    /*
     * A first pair creates the permanent objects (containers, the chardev
     * list, the system bus) and shows at once whether the types exist.
     */
    {
        Error *err = NULL;
        DiffPair *pair = diff_pair_new(opt_type_a, opt_type_b, &err);

        if (!pair) {
            fprintf(stderr, "pl011-diff: %s\n", error_get_pretty(err));
            error_free(err);
            return 2;
        }
        diff_pair_free(pair);
    }
    live_at_start = qemu_shim_live_objects();
    if (opt_events) {
        /* the modules registered their events when they were loaded */
        trace_enable_events("pl011_*");
        subtest(trace_events_enabled_count > 0, "%d pl011_* trace events "
                "enabled", trace_events_enabled_count);
    }

    if (opt_sweep) {
        ret = sweep();
    } else if (opt_replay) {
        ret = replay();
    } else if (opt_expect_diff) {
        ret = expect_diff();
    } else {
        ret = campaign();
    }
    subtest(qemu_shim_live_objects() == live_at_start,
            "no QOM object outlives the runs (%zu live, %zu at start)",
            qemu_shim_live_objects(), live_at_start);
    printf("SUBTESTS: %u passed, %u failed\n", passed, failed);
    g_strfreev(opt_modules);
    g_free(opt_type_a);
    g_free(opt_type_b);
    g_free(opt_replay);
    g_free(opt_out);
    return failed ? EXIT_FAILURE : ret;
}
