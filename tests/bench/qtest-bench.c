/*
 * qtest-bench: what testing through qtest costs on a target, measured with
 * libqtest, the client the qtest tests use, so that qemu-harness and the
 * real qemu-system-arm are timed by the same code:
 *   - start-up: from spawning the target to its first qtest reply (with
 *     QMP negotiated: qtest_start_argv() returns then), median of --starts;
 *   - readl round trips per second on a PL011 at --base, median of
 *     --batches batches of --readl reads;
 *   - the CPU time the target itself spent for each (from the kernel's
 *     /proc/PID/schedstat): to its first reply, and per round trip. Unlike
 *     the wall-clock figures it hardly moves with the machine's load.
 * Several targets are measured interleaved (start-ups in turn, batches in
 * turn on targets running side by side) so that they share the machine's
 * load. Usage: qtest-bench [options] --target NAME='COMMAND LINE'...
 * Each target's PL011 must use chardev "c0".
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libqtest.h"

#define PL011_PERIPHID0 0xfe0
#define PL011_FR 0x18

static char **opt_targets;
static gint opt_starts = 5;
static gint opt_readl = 20000;
static gint opt_batches = 5;
static gint64 opt_base = 0x09000000;

static const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_targets,
      "a target and its shell-quoted command line (repeatable)",
      "NAME=COMMAND" },
    { "starts", 0, 0, G_OPTION_ARG_INT, &opt_starts, "start-ups to time",
      "N" },
    { "readl", 0, 0, G_OPTION_ARG_INT, &opt_readl, "readl per batch", "N" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &opt_batches, "readl batches", "N" },
    { "base", 0, 0, G_OPTION_ARG_INT64, &opt_base, "the PL011's address",
      "ADDR" },
    { NULL }
};

static const char *const chardevs[] = { "c0", NULL };

typedef struct Target {
    char *name;
    char **argv;
    QTestState *s;
    double *starts;
    double *rates;
    double *start_cpu;      /* ms */
    double *rt_cpu;         /* us per round trip */
} Target;

/* Nanoseconds process @pid has run on a CPU (its main thread), or -1. */
static double cpu_ns(GPid pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/schedstat", (int)pid);
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return -1;
    }
    return g_ascii_strtod(text, NULL);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static G_NORETURN void die(const Target *t, const char *msg)
{
    fprintf(stderr, "qtest-bench: %s: %s\n", t->name, msg);
    exit(1);
}

static QTestState *start(const Target *t)
{
    QTestOptions opts = { .chardevs = chardevs };
    g_autoptr(GError) err = NULL;
    QTestState *s = qtest_start_argv((const char *const *)t->argv, &opts,
                                     &err);

    if (!s) {
        die(t, err->message);
    }
    return s;
}

static void parse_target(Target *t, const char *spec)
{
    const char *eq = strchr(spec, '=');
    g_autoptr(GError) err = NULL;

    t->name = g_strndup(spec, eq ? eq - spec : 0);
    if (!eq || eq == spec) {
        fprintf(stderr, "qtest-bench: '%s': expected NAME=COMMAND\n", spec);
        exit(1);
    }
    if (!g_shell_parse_argv(eq + 1, NULL, &t->argv, &err)) {
        die(t, err->message);
    }
    t->starts = g_new(double, opt_starts);
    t->rates = g_new(double, opt_batches);
    t->start_cpu = g_new(double, opt_starts);
    t->rt_cpu = g_new(double, opt_batches);
}

int main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("- qtest start-up and round trips");
    g_autoptr(GError) gerr = NULL;
    size_t n;
    Target *targets;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "qtest-bench: %s\n", gerr->message);
        return 1;
    }
    n = opt_targets ? g_strv_length(opt_targets) : 0;
    if (argc != 1 || !n || opt_starts <= 0 || opt_readl <= 0 ||
        opt_batches <= 0) {
        fprintf(stderr, "usage: qtest-bench [--starts N] [--readl N] "
                "[--batches N] [--base ADDR] --target NAME=COMMAND...\n");
        return 1;
    }
    targets = g_new0(Target, n);
    for (size_t i = 0; i < n; i++) {
        parse_target(&targets[i], opt_targets[i]);
    }

    for (int k = 0; k < opt_starts; k++) {
        for (size_t i = 0; i < n; i++) {
            Target *t = &targets[k % 2 ? n - 1 - i : i];
            gint64 t0 = g_get_monotonic_time();
            QTestState *s = start(t);

            t->starts[k] = (g_get_monotonic_time() - t0) / 1e3;
            /* It waits for the next command now: all it ran is start-up. */
            t->start_cpu[k] = cpu_ns(qtest_pid(s)) / 1e6;
            qtest_quit(s);
        }
    }

    for (size_t i = 0; i < n; i++) {
        Target *t = &targets[i];
        uint32_t id;

        t->s = start(t);
        id = qtest_readl(t->s, opt_base + PL011_PERIPHID0);
        if (id != 0x11) {
            die(t, "no PL011 at --base (PeriphID0 is not 0x11)");
        }
    }
    for (int b = 0; b < opt_batches; b++) {
        for (size_t i = 0; i < n; i++) {
            Target *t = &targets[b % 2 ? n - 1 - i : i];
            double cpu0 = cpu_ns(qtest_pid(t->s));
            gint64 t0 = g_get_monotonic_time();

            for (int k = 0; k < opt_readl; k++) {
                qtest_readl(t->s, opt_base + PL011_FR);
            }
            t->rates[b] = opt_readl * 1e6 /
                          (double)(g_get_monotonic_time() - t0);
            t->rt_cpu[b] = (cpu_ns(qtest_pid(t->s)) - cpu0) / 1e3 / opt_readl;
            if (qtest_error(t->s)) {
                die(t, qtest_error(t->s));
            }
        }
    }

    for (size_t i = 0; i < n; i++) {
        Target *t = &targets[i];

        qtest_quit(t->s);
        printf("result kind=startup-ms target=%s starts=%d value=%.3f\n",
               t->name, opt_starts, median(t->starts, opt_starts));
        printf("result kind=readl-rtps target=%s readl=%d value=%.0f\n",
               t->name, opt_readl, median(t->rates, opt_batches));
        printf("result kind=startup-cpu-ms target=%s starts=%d value=%.3f\n",
               t->name, opt_starts, median(t->start_cpu, opt_starts));
        printf("result kind=readl-cpu-us target=%s readl=%d value=%.3f\n",
               t->name, opt_readl, median(t->rt_cpu, opt_batches));
        g_free(t->name);
        g_strfreev(t->argv);
        g_free(t->starts);
        g_free(t->rates);
        g_free(t->start_cpu);
        g_free(t->rt_cpu);
    }
    g_free(targets);
    g_strfreev(opt_targets);
    return 0;
}
