/*
 * pl011-conformance: runs every PL011 scenario on every target and requires
 * each trace to equal the scenario file. With --record, writes one target's
 * traces into the files instead (check them against pl011.md before you
 * commit them).
 *
 *   pl011-conformance [--target qemu|harness:TYPE]... [--harness PATH]
 *                     [--module PATH]... [--qemu PROGRAM] [--record|--agree]
 *                     [-v] FILE|DIR...
 *
 * --agree ignores the files' events: every target must produce the trace
 * of the first one (for generated scenarios, which have no expected trace).
 */
#include <stdio.h>
#include <string.h>

#include "scenario.h"
#include "target.h"

#define DIFF_CONTEXT 3
#define DIFF_LINES   8

static char **opt_targets;
static char **opt_modules;
static char *opt_harness;
static char *opt_qemu;
static gboolean opt_record;
static gboolean opt_agree;
static gboolean opt_verbose;

static const GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opt_targets,
      "a target: qemu or harness:TYPE (repeatable; default harness:pl011-c "
      "and qemu)", "SPEC" },
    { "harness", 0, 0, G_OPTION_ARG_FILENAME, &opt_harness,
      "the qemu-harness binary", "PATH" },
    { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_modules,
      "a module for the harness targets (repeatable)", "PATH" },
    { "qemu", 0, 0, G_OPTION_ARG_FILENAME, &opt_qemu,
      "the real QEMU (default qemu-system-arm)", "PROGRAM" },
    { "record", 0, 0, G_OPTION_ARG_NONE, &opt_record,
      "write the trace of the only target into each scenario file", NULL },
    { "agree", 0, 0, G_OPTION_ARG_NONE, &opt_agree,
      "require the traces of all targets to equal the first one's, "
      "whatever the file expects", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,
      "print every trace", NULL },
    { NULL }
};

static int compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The scenario files named on the command line, directories expanded. */
static GPtrArray *scenario_paths(char **args, GError **errp)
{
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);

    for (char **a = args; *a; a++) {
        g_autoptr(GDir) dir = NULL;
        g_autoptr(GPtrArray) found = NULL;
        const char *name;

        if (!g_file_test(*a, G_FILE_TEST_IS_DIR)) {
            g_ptr_array_add(paths, g_strdup(*a));
            continue;
        }
        dir = g_dir_open(*a, 0, errp);
        if (!dir) {
            return NULL;
        }
        found = g_ptr_array_new();
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

/*
 * A unified-diff-like report from the first line where @have differs from
 * @want on. @sc maps trace lines to file lines when @want is the file.
 */
static void print_diff(const Scenario *sc, const char *target,
                       const char *want_label, const char *want_text,
                       const char *have)
{
    g_auto(GStrv) want = g_strsplit(want_text, "\n", -1);
    g_auto(GStrv) got = g_strsplit(have, "\n", -1);
    guint nw = g_strv_length(want) - 1, nh = g_strv_length(got) - 1;
    guint k = 0;

    while (k < nw && k < nh && strcmp(want[k], got[k]) == 0) {
        k++;
    }
    if (want_text == sc->expected) {
        printf("FAIL %s [%s]: the trace differs from %s:%u\n", sc->name,
               target, sc->path, scenario_file_line(sc, k));
        printf("--- %s (expected)\n", sc->path);
        printf("+++ %s (%s)\n", sc->name, target);
        printf("@@ trace line %u, file line %u @@\n", k + 1,
               scenario_file_line(sc, k));
    } else {
        printf("FAIL %s [%s]: the trace differs from [%s] at trace line %u\n",
               sc->name, target, want_label, k + 1);
        printf("--- %s (%s)\n+++ %s (%s)\n", sc->name, want_label,
               sc->name, target);
        printf("@@ trace line %u @@\n", k + 1);
    }
    for (guint i = k > DIFF_CONTEXT ? k - DIFF_CONTEXT : 0; i < k; i++) {
        printf(" %s\n", want[i]);
    }
    for (guint i = k; i < nw && i < k + DIFF_LINES; i++) {
        printf("-%s\n", want[i]);
    }
    if (nw > k + DIFF_LINES) {
        printf("-... (%u more)\n", nw - k - DIFF_LINES);
    }
    for (guint i = k; i < nh && i < k + DIFF_LINES; i++) {
        printf("+%s\n", got[i]);
    }
    if (nh > k + DIFF_LINES) {
        printf("+... (%u more)\n", nh - k - DIFF_LINES);
    }
}

typedef struct Tally {
    unsigned checks, failures, errors;
} Tally;

/* Runs @sc on every target that it wants; one check per run. */
static void run_scenario(const Scenario *sc, GPtrArray *targets, Tally *tally)
{
    g_autofree char *reference = NULL;     /* --agree: the first trace */
    const char *reference_name = NULL;

    for (guint j = 0; j < targets->len; j++) {
        Target *t = g_ptr_array_index(targets, j);
        g_autoptr(GError) err = NULL;
        g_autofree char *trace = NULL;

        if (!scenario_wants_target(sc, target_kind(t))) {
            continue;
        }
        tally->checks++;
        trace = target_run(t, sc, NULL, &err);
        if (!trace) {
            printf("ERROR %s [%s]: %s\n", sc->name, target_name(t), err->message);
            tally->errors++;
            continue;
        }
        if (opt_verbose) {
            printf("=== %s [%s]\n%s", sc->name, target_name(t), trace);
        }
        if (opt_record) {
            if (!scenario_record(sc, trace, &err)) {
                printf("ERROR %s\n", err->message);
                tally->errors++;
            } else {
                printf("recorded %s [%s]\n", sc->path, target_name(t));
            }
            continue;
        }
        if (opt_agree && !reference) {
            reference = g_strdup(trace);
            reference_name = target_name(t);
        }
        if (strcmp(trace, opt_agree ? reference : sc->expected) != 0) {
            print_diff(sc, target_name(t), reference_name,
                       opt_agree ? reference : sc->expected, trace);
            tally->failures++;
        } else {
            printf("ok %s [%s]\n", sc->name, target_name(t));
        }
    }
}

int main(int argc, char **argv)
{
    static const char *const default_targets[] = { "harness:pl011-c", "qemu", NULL };
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE|DIR...");
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) paths = NULL;
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(
        (GDestroyNotify)target_free);
    const char *const *specs;
    TargetConfig cfg;
    Tally tally = { 0 };
    gint64 t0 = g_get_monotonic_time();

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(ctx,
        "Runs PL011 conformance scenarios on the real QEMU and on qemu-harness.");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        g_printerr("pl011-conformance: %s\n", err->message);
        return 2;
    }
    if (argc < 2) {
        g_printerr("pl011-conformance: no scenario file or directory\n");
        return 2;
    }
    specs = opt_targets ? (const char *const *)opt_targets : default_targets;
    if (opt_record && g_strv_length((char **)specs) != 1) {
        g_printerr("pl011-conformance: --record takes exactly one --target\n");
        return 2;
    }
    if (opt_record && opt_agree) {
        g_printerr("pl011-conformance: --record and --agree exclude each other\n");
        return 2;
    }
    cfg = (TargetConfig) {
        .qemu = opt_qemu ? opt_qemu : "qemu-system-arm",
        .harness = opt_harness,
        .modules = (const char *const *)opt_modules,
        .verbose = opt_verbose,
    };
    paths = scenario_paths(argv + 1, &err);
    if (!paths) {
        g_printerr("pl011-conformance: %s\n", err->message);
        return 2;
    }
    if (!target_new_all(specs, &cfg, targets, &err)) {
        printf("ERROR %s\n", err->message);
        printf("0%%: Checks: 1, Failures: 0, Errors: 1\n");
        return 1;
    }

    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        g_autoptr(Scenario) sc = scenario_load(path, &err);

        if (!sc) {
            printf("ERROR %s\n", err->message);
            g_clear_error(&err);
            tally.checks += targets->len;
            tally.errors += targets->len;
            continue;
        }
        run_scenario(sc, targets, &tally);
    }

    printf("%u scenario files, %u targets, %.1f s\n", paths->len, targets->len,
           (g_get_monotonic_time() - t0) / 1e6);
    printf("%u%%: Checks: %u, Failures: %u, Errors: %u\n",
           tally.checks ? (tally.checks - tally.failures - tally.errors) * 100 /
                          tally.checks : 0,
           tally.checks, tally.failures, tally.errors);
    g_strfreev(opt_targets);
    g_strfreev(opt_modules);
    g_free(opt_harness);
    g_free(opt_qemu);
    return tally.failures || tally.errors || !tally.checks ? 1 : 0;
}
