/*
 * qtest-bench: what testing through qtest costs on a target, measured with
 * libqtest, the client the qtest tests use, so that qemu-harness and the
 * real qemu-system-arm are timed by the same code:
 *   - start-up: from spawning the target to its first qtest reply (with
 *     QMP negotiated: qtest_start_argv() returns then), median of --starts;
 *   - readl round trips per second on a PL011 at --base, median of
 *     --batches batches of --readl reads.
 * Usage: qtest-bench --name NAME [options] -- TARGET-COMMAND-LINE...
 * The target's PL011 must use chardev "c0".
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "libqtest.h"

#define PL011_FR 0x18
#define PL011_PERIPHID0 0xfe0

static char *opt_name;
static gint opt_starts = 5;
static gint opt_readl = 20000;
static gint opt_batches = 5;
static gint64 opt_base = 0x09000000;

static const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "the target's name in "
      "the results", "NAME" },
    { "starts", 0, 0, G_OPTION_ARG_INT, &opt_starts, "start-ups to time",
      "N" },
    { "readl", 0, 0, G_OPTION_ARG_INT, &opt_readl, "readl per batch", "N" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &opt_batches, "readl batches", "N" },
    { "base", 0, 0, G_OPTION_ARG_INT64, &opt_base, "the PL011's address",
      "ADDR" },
    { NULL }
};

static const char *const chardevs[] = { "c0", NULL };

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

static QTestState *start(char **argv)
{
    QTestOptions opts = { .chardevs = chardevs };
    g_autoptr(GError) err = NULL;
    QTestState *s = qtest_start_argv((const char *const *)argv, &opts, &err);

    if (!s) {
        fprintf(stderr, "qtest-bench: %s: %s\n", argv[0], err->message);
        exit(1);
    }
    return s;
}

int main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("-- TARGET... - qtest start-up and round trips");
    g_autoptr(GError) gerr = NULL;
    double *starts, *rates;
    char **target;
    QTestState *s;
    uint32_t id;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "qtest-bench: %s\n", gerr->message);
        return 1;
    }
    /* GOption leaves "--" in place when it separates the rest. */
    target = argv + 1;
    if (*target && g_str_equal(*target, "--")) {
        target++;
    }
    if (!opt_name || !*target || opt_starts <= 0 || opt_readl <= 0 ||
        opt_batches <= 0) {
        fprintf(stderr, "usage: qtest-bench --name NAME [--starts N] "
                "[--readl N] [--batches N] [--base ADDR] -- TARGET...\n");
        return 1;
    }

    starts = g_new(double, opt_starts);
    for (int i = 0; i < opt_starts; i++) {
        gint64 t0 = g_get_monotonic_time();

        s = start(target);
        starts[i] = (g_get_monotonic_time() - t0) / 1e3;
        qtest_quit(s);
    }

    s = start(target);
    id = qtest_readl(s, opt_base + PL011_PERIPHID0);
    if (id != 0x11) {
        fprintf(stderr, "qtest-bench: %s: no PL011 at 0x%" G_GINT64_MODIFIER
                "x (PeriphID0 0x%x)\n", opt_name, opt_base, id);
        qtest_quit(s);
        return 1;
    }
    rates = g_new(double, opt_batches);
    for (int b = 0; b < opt_batches; b++) {
        gint64 t0 = g_get_monotonic_time();

        for (int i = 0; i < opt_readl; i++) {
            qtest_readl(s, opt_base + PL011_FR);
        }
        rates[b] = opt_readl * 1e6 / (double)(g_get_monotonic_time() - t0);
    }
    if (qtest_error(s)) {
        fprintf(stderr, "qtest-bench: %s: %s\n", opt_name, qtest_error(s));
        qtest_quit(s);
        return 1;
    }
    qtest_quit(s);

    printf("result kind=startup-ms target=%s starts=%d value=%.3f\n",
           opt_name, opt_starts, median(starts, opt_starts));
    printf("result kind=readl-rtps target=%s readl=%d value=%.0f\n",
           opt_name, opt_readl, median(rates, opt_batches));
    g_free(rates);
    g_free(starts);
    g_free(opt_name);
    return 0;
}
