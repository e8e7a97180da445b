/*
 * pl011-three-way: the C reference PL011 and the C++ PL011 (both in
 * qemu-harness) and the real qemu-system-arm 7.2, in one run. Every
 * conformance scenario must give each target the trace its file holds;
 * then seeded random scenarios from the lockstep generator (tests/diff/
 * gen.c), restricted to what the virt board lets the real QEMU show, must
 * give all targets the same trace. One check per scenario.
 *
 *   pl011-three-way --harness PATH --module PATH... [--target SPEC]...
 *                   [--events SPEC]... [--random N] [--seed S] [--ops N]
 *                   [--emit DIR] [--expect-difference] [-v] FILE|DIR...
 *
 * --events SPEC (one of the targets): its PL011's QEMU 7.2 trace events
 * (-trace 'pl011_*') are recorded, and on every scenario all such targets
 * must log the same sequence, names and arguments, under each command
 * (one more check per scenario).
 *
 * --expect-difference turns the verdict round, for a target with a planted
 * bug: the run passes only if some scenario tells the targets apart.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "scenario-io.h"
#include "scenario.h"
#include "target.h"

#define CONTEXT_LINES 3
#define DIFF_LINES 8

static char **opt_targets;
static char **opt_events;
static char **opt_modules;
static char *opt_harness;
static char *opt_loader;
static char *opt_qemu;
static gint opt_random = 200;
static gint64 opt_seed = 1;
static gint opt_ops = 30;
static char *opt_emit;
static gboolean opt_expect_diff;
static gboolean opt_verbose;

static const GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opt_targets,
      "a target: qemu, qemu:TYPE or harness:TYPE (repeatable; default "
      "harness:pl011-c, harness:pl011-cxx and qemu, plus qemu:pl011-c and "
      "qemu:pl011-cxx with --loader)", "SPEC" },
    { "events", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &opt_events,
      "a target whose pl011_* trace events must equal those of the other "
      "--events targets (repeatable)", "SPEC" },
    { "loader", 0, 0, G_OPTION_ARG_FILENAME, &opt_loader,
      "qemu-cxx-run, which puts the modules into the real QEMU (qemu:TYPE "
      "targets)", "PATH" },
    { "harness", 0, 0, G_OPTION_ARG_FILENAME, &opt_harness,
      "the qemu-harness binary", "PATH" },
    { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_modules,
      "a module for the harness and qemu:TYPE targets (repeatable)",
      "PATH" },
    { "qemu", 0, 0, G_OPTION_ARG_FILENAME, &opt_qemu,
      "the real QEMU (default qemu-system-arm)", "PROGRAM" },
    { "random", 'n', 0, G_OPTION_ARG_INT, &opt_random,
      "random scenarios to run (200)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed,
      "seed of the first random scenario; the next ones count up (1)", "S" },
    { "ops", 'o', 0, G_OPTION_ARG_INT, &opt_ops,
      "commands per random scenario (30)", "N" },
    { "emit", 0, 0, G_OPTION_ARG_FILENAME, &opt_emit,
      "also write each random scenario to DIR (for pl011-conformance)",
      "DIR" },
    { "expect-difference", 0, 0, G_OPTION_ARG_NONE, &opt_expect_diff,
      "pass only if a scenario tells the targets apart (a mutant)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,
      "a line per scenario, and every trace", NULL },
    { NULL }
};

typedef struct Tally {
    unsigned checks, failures, errors;
    unsigned event_checks;      /* of checks, those of trace events */
    unsigned commands;          /* commands run, summed over targets */
} Tally;

static int compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.pl011 files named on the command line, directories expanded. */
static GPtrArray *scenario_paths(char **args, GError **errp)
{
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);

    for (char **a = args; *a; a++) {
        g_autoptr(GDir) dir = NULL;
        g_autoptr(GPtrArray) found = g_ptr_array_new();
        const char *name;

        if (!g_file_test(*a, G_FILE_TEST_IS_DIR)) {
            g_ptr_array_add(paths, g_strdup(*a));
            continue;
        }
        dir = g_dir_open(*a, 0, errp);
        if (!dir) {
            return NULL;
        }
        while ((name = g_dir_read_name(dir))) {
            if (g_str_has_suffix(name, ".pl011")) {
                g_ptr_array_add(found, g_build_filename(*a, name, NULL));
            }
        }
        g_ptr_array_sort(found, compare_paths);
        for (guint i = 0; i < found->len; i++) {
            g_ptr_array_add(paths, g_ptr_array_index(found, i));
        }
    }
    return g_steal_pointer(&paths);
}

/* Both traces from the first line where they part, with some context. */
static void print_diff(const char *want_label, const char *want_text,
                       const char *have_label, const char *have_text)
{
    g_auto(GStrv) want = g_strsplit(want_text, "\n", -1);
    g_auto(GStrv) have = g_strsplit(have_text, "\n", -1);
    guint nw = g_strv_length(want), nh = g_strv_length(have);
    guint k = 0;

    while (k < nw && k < nh && strcmp(want[k], have[k]) == 0) {
        k++;
    }
    printf("--- %s\n+++ %s\n@@ trace line %u @@\n", want_label, have_label,
           k + 1);
    for (guint i = k > CONTEXT_LINES ? k - CONTEXT_LINES : 0; i < k; i++) {
        printf(" %s\n", want[i]);
    }
    for (guint i = k; i < nw && i < k + DIFF_LINES; i++) {
        if (*want[i] || i + 1 < nw) {
            printf("-%s\n", want[i]);
        }
    }
    for (guint i = k; i < nh && i < k + DIFF_LINES; i++) {
        if (*have[i] || i + 1 < nh) {
            printf("+%s\n", have[i]);
        }
    }
}

/* The targets of --events, by name. */
static bool records_events(const Target *t)
{
    return opt_events &&
           g_strv_contains((const char *const *)opt_events, target_name(t));
}

/*
 * The event check of a scenario: @events of target @name must equal those
 * of the first target that recorded them (@first, @first_name).
 */
static bool check_events(const Scenario *sc, const char *name,
                         const char *events, char **first,
                         const char **first_name)
{
    if (!*first) {
        *first = g_strdup(events);
        *first_name = name;
        return true;
    }
    if (strcmp(events, *first) != 0) {
        g_autofree char *want_label = g_strdup_printf("%s [%s] events", sc->name,
                                                      *first_name);
        g_autofree char *have_label = g_strdup_printf("%s [%s] events", sc->name,
                                                      name);

        printf("FAIL %s [%s]: the trace events differ from %s's\n", sc->name,
               name, *first_name);
        print_diff(want_label, *first, have_label, events);
        return false;
    }
    return true;
}

/*
 * Runs @sc on every target that it wants. With @agree the traces must all
 * equal the first one's, otherwise the file's. One check in @tally, and
 * one more for the events when two targets or more recorded them.
 */
static void run_scenario(const Scenario *sc, GPtrArray *targets, bool agree,
                         Tally *tally)
{
    g_autofree char *first = NULL;
    const char *first_name = NULL;
    g_autofree char *first_events = NULL;
    const char *first_events_name = NULL;
    unsigned recorded = 0;
    bool ok = true, error = false, events_ok = true;

    for (guint j = 0; j < targets->len; j++) {
        Target *t = g_ptr_array_index(targets, j);
        g_autoptr(GError) err = NULL;
        g_autofree char *trace = NULL;
        g_autofree char *events = NULL;
        const char *want;

        if (!scenario_wants_target(sc, target_kind(t))) {
            continue;
        }
        trace = target_run(t, sc, &events, &err);
        if (!trace) {
            printf("ERROR %s [%s]: %s\n", sc->name, target_name(t),
                   err->message);
            error = true;
            continue;
        }
        tally->commands += sc->n_cmds;
        if (opt_verbose) {
            printf("=== %s [%s]\n%s", sc->name, target_name(t), trace);
        }
        if (events) {
            if (opt_verbose) {
                printf("=== %s [%s] events\n%s", sc->name, target_name(t),
                       events);
            }
            recorded++;
            events_ok &= check_events(sc, target_name(t), events,
                                      &first_events, &first_events_name);
        }
        if (!first) {
            first = g_strdup(trace);
            first_name = target_name(t);
        }
        want = agree ? first : sc->expected;
        if (strcmp(trace, want) != 0) {
            g_autofree char *want_label = agree ?
                g_strdup_printf("%s [%s]", sc->name, first_name) :
                g_strdup_printf("%s (expected)", sc->path);
            g_autofree char *have_label =
                g_strdup_printf("%s [%s]", sc->name, target_name(t));

            printf("FAIL %s [%s]: the trace differs from %s\n", sc->name,
                   target_name(t), agree ? first_name : "the file");
            print_diff(want_label, want, have_label, trace);
            ok = false;
        }
    }
    tally->checks++;
    if (error) {
        tally->errors++;
    } else if (!ok) {
        tally->failures++;
    } else if (opt_verbose) {
        printf("ok %s\n", sc->name);
    }
    if (recorded >= 2) {
        tally->checks++;
        tally->event_checks++;
        if (!events_ok) {
            tally->failures++;
        }
    }
}

/*
 * The commands of random scenario @seed: the lockstep generator's
 * sequence without what only the lockstep engine can do (x-clock,
 * x-migrate, offsets past the region), cut to @n commands.
 */
static char *random_scenario(uint64_t seed, unsigned n)
{
    g_autoptr(GArray) all = diff_gen_sequence(seed, (size_t)n * 4);
    g_autoptr(GArray) ops = g_array_new(false, true, sizeof(DiffOp));
    g_autofree char *comment = NULL;
    GString *text = g_string_new("");

    for (guint i = 0; i < all->len && ops->len < n; i++) {
        const DiffOp *op = &g_array_index(all, DiffOp, i);

        if (diff_op_is_conformance(op)) {
            g_array_append_val(ops, *op);
        }
    }
    comment = g_strdup_printf("Random scenario, seed %" PRIu64 " "
                              "(pl011-three-way --seed %" PRIu64
                              " --random 1 --ops %u):\n"
                              "commands only; pl011-conformance --agree "
                              "runs it.", seed, seed, n);
    diff_scenario_format((const DiffOp *)ops->data, ops->len, false, comment,
                         text);
    return g_string_free(text, false);
}

static void run_random(GPtrArray *targets, Tally *tally)
{
    unsigned failed_before = tally->failures + tally->errors;

    for (gint i = 0; i < opt_random; i++) {
        uint64_t seed = opt_seed + i;
        g_autofree char *name = g_strdup_printf("random-%04" PRIu64, seed);
        g_autofree char *text = random_scenario(seed, opt_ops);
        g_autoptr(GError) err = NULL;
        g_autoptr(Scenario) sc = NULL;
        unsigned before = tally->failures + tally->errors;

        if (opt_emit) {
            g_autofree char *file = g_strdup_printf("%s.pl011", name);
            g_autofree char *path = g_build_filename(opt_emit, file, NULL);

            if (!g_file_set_contents(path, text, -1, &err)) {
                printf("ERROR %s\n", err->message);
                g_clear_error(&err);
            }
        }
        sc = scenario_parse(name, text, &err);
        if (!sc) {
            printf("ERROR %s: %s\n", name, err->message);
            tally->checks++;
            tally->errors++;
            continue;
        }
        run_scenario(sc, targets, true, tally);
        if (tally->failures + tally->errors != before) {
            printf("--- %s, commands ---\n%s---\n", name, text);
        }
        if (i % 25 == 24 || i == opt_random - 1) {
            printf("three-way: random %d/%d, %u differ\n", i + 1, opt_random,
                   tally->failures + tally->errors - failed_before);
        }
    }
}

int main(int argc, char **argv)
{
    static const char *const default_targets[] = {
        "harness:pl011-c", "harness:pl011-cxx", "qemu", NULL
    };
    static const char *const default_targets_loader[] = {
        "harness:pl011-c", "harness:pl011-cxx", "qemu", "qemu:pl011-c",
        "qemu:pl011-cxx", NULL
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE|DIR...");
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) paths = NULL;
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(
        (GDestroyNotify)target_free);
    const char *const *specs;
    TargetConfig cfg;
    Tally tally = { 0 };
    gint64 t0 = g_get_monotonic_time();
    unsigned corpus_bad;
    int ret;

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(ctx,
        "Runs the PL011 conformance corpus and random scenarios on the C and "
        "C++ PL011s in qemu-harness and on the real QEMU.");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        g_printerr("pl011-three-way: %s\n", err->message);
        return 2;
    }
    if (opt_random < 0 || opt_ops < 1) {
        g_printerr("pl011-three-way: --random must be >= 0, --ops >= 1\n");
        return 2;
    }
    if (opt_emit && g_mkdir_with_parents(opt_emit, 0755) < 0) {
        g_printerr("pl011-three-way: cannot create %s: %s\n", opt_emit,
                   g_strerror(errno));
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    specs = opt_targets ? (const char *const *)opt_targets
            : opt_loader ? default_targets_loader : default_targets;
    cfg = (TargetConfig) {
        .qemu = opt_qemu ? opt_qemu : "qemu-system-arm",
        .harness = opt_harness,
        .loader = opt_loader,
        .modules = (const char *const *)opt_modules,
        .verbose = opt_verbose,
    };
    paths = scenario_paths(argv + 1, &err);
    if (!paths) {
        g_printerr("pl011-three-way: %s\n", err->message);
        return 2;
    }
    if (!target_new_all(specs, &cfg, targets, &err)) {
        printf("ERROR %s\n", err->message);
        printf("0%%: Checks: 1, Failures: 0, Errors: 1\n");
        return 1;
    }
    for (char **e = opt_events; e && *e; e++) {
        bool found = false;

        for (guint j = 0; j < targets->len; j++) {
            found |= !strcmp(*e, target_name(g_ptr_array_index(targets, j)));
        }
        if (!found) {
            printf("ERROR --events %s: not one of the --target\n", *e);
            printf("0%%: Checks: 1, Failures: 0, Errors: 1\n");
            return 1;
        }
    }
    for (guint j = 0; j < targets->len; j++) {
        Target *t = g_ptr_array_index(targets, j);

        target_set_events(t, records_events(t));
    }

    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        g_autoptr(Scenario) sc = scenario_load(path, &err);

        if (!sc) {
            printf("ERROR %s\n", err->message);
            g_clear_error(&err);
            tally.checks++;
            tally.errors++;
            continue;
        }
        run_scenario(sc, targets, false, &tally);
    }
    corpus_bad = tally.failures + tally.errors;
    printf("three-way: corpus %u scenarios, %u differ\n", paths->len,
           corpus_bad);
    run_random(targets, &tally);

    printf("three-way: %u targets, %u scenarios (%u files, %d random from "
           "seed %" PRId64 "), %u commands run, %.1f s\n", targets->len,
           tally.checks - tally.event_checks, paths->len, opt_random,
           opt_seed, tally.commands, (g_get_monotonic_time() - t0) / 1e6);
    if (opt_events) {
        g_autofree char *names = g_strjoinv(", ", opt_events);

        printf("three-way: trace events of %s compared on %u scenarios\n",
               names, tally.event_checks);
    }
    if (opt_expect_diff) {
        bool caught = tally.failures && !tally.errors;

        printf("three-way: %s\nSUBTESTS: %d passed, %d failed\n",
               caught ? "the planted difference was found" :
               tally.errors ? "a target could not run" :
               "no scenario told the targets apart", caught, !caught);
        ret = caught ? 0 : 1;
    } else {
        printf("%u%%: Checks: %u, Failures: %u, Errors: %u\n",
               tally.checks ? (tally.checks - tally.failures - tally.errors) *
                              100 / tally.checks : 0,
               tally.checks, tally.failures, tally.errors);
        ret = tally.failures || tally.errors || !tally.checks ? 1 : 0;
    }
    g_strfreev(opt_targets);
    g_strfreev(opt_events);
    g_strfreev(opt_modules);
    g_free(opt_harness);
    g_free(opt_loader);
    g_free(opt_qemu);
    g_free(opt_emit);
    return ret;
}
