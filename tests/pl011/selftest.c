/*
 * Tests of the conformance runner itself, on the harness target (fast):
 * it must notice a wrong value or a missing event and say where, reject
 * malformed scenarios with file:line, honour "target:" and "variant:",
 * record a trace into a file and fail (never skip) without its QEMU.
 * PL011_CONFORMANCE, QEMU_HARNESS and PL011_MODULE come from meson.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

static char *tmpdir;

static void setup(void)
{
    tmpdir = g_dir_make_tmp("pl011-selftest-XXXXXX", NULL);
    ck_assert_ptr_nonnull(tmpdir);
}

static void teardown(void)
{
    g_autoptr(GDir) dir = g_dir_open(tmpdir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(tmpdir, name, NULL);

        g_unlink(path);
    }
    g_rmdir(tmpdir);
    g_free(tmpdir);
}

static char *write_scenario(const char *name, const char *text)
{
    char *path = g_build_filename(tmpdir, name, NULL);

    ck_assert(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Runs the runner with @args (NULL-terminated) after the harness options. */
static int run(char **out, const char *first, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    const char *a;
    va_list ap;
    int status;

    g_ptr_array_add(argv, (gpointer)g_getenv("PL011_CONFORMANCE"));
    g_ptr_array_add(argv, "--harness");
    g_ptr_array_add(argv, (gpointer)g_getenv("QEMU_HARNESS"));
    g_ptr_array_add(argv, "--module");
    g_ptr_array_add(argv, (gpointer)g_getenv("PL011_MODULE"));
    va_start(ap, first);
    for (a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (gpointer)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    ck_assert_msg(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out,
                               NULL, &status, &err),
                  "spawn: %s", err ? err->message : "?");
    return g_spawn_check_wait_status(status, NULL) ? 0 : 1;
}

#define HARNESS "--target", "harness:pl011-c"

static void assert_has(const char *out, const char *what)
{
    ck_assert_msg(strstr(out, what), "missing '%s' in:\n%s", what, out);
}

START_TEST(test_pass)
{
    g_autofree char *path = write_scenario("good.pl011",
        "# a passing scenario\n"
        "write4 0x038 0x20          # IMSC = TXIM\n"
        "write4 0x000 0x41\n"
        "  tx 41\n"
        "  irq 1\n"
        "\n"
        "rx 61\n"
        "  enter 61\n"
        "read4 0x000 = 0x61\n"
        "read4 0x008 = 0x0\n"
        "  log pl011_read: Bad offset 0x8\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 0);
    assert_has(out, "ok good [harness:pl011-c]");
    assert_has(out, "100%: Checks: 1, Failures: 0, Errors: 0");
}
END_TEST

START_TEST(test_wrong_value)
{
    g_autofree char *path = write_scenario("wrong.pl011",
        "read4 0x030 = 0x300\n"
        "# FR is 0x90 at reset\n"
        "read4 0x018 = 0x91\n"
        "read4 0x034 = 0x12\n");
    g_autofree char *out = NULL;
    g_autofree char *where = g_strdup_printf("%s:3", path);

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 1);
    assert_has(out, "FAIL wrong [harness:pl011-c]");
    assert_has(out, where);
    assert_has(out, "@@ trace line 2, file line 3 @@");
    assert_has(out, " read4 0x030 = 0x300\n-read4 0x018 = 0x91\n");
    assert_has(out, "+read4 0x018 = 0x90\n");
    assert_has(out, "0%: Checks: 1, Failures: 1, Errors: 0");
}
END_TEST

START_TEST(test_missing_event)
{
    g_autofree char *path = write_scenario("quiet.pl011",
        "write4 0x000 0x41\n"
        "read4 0x03c = 0x20\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 1);
    assert_has(out, "-read4 0x03c = 0x20\n");
    assert_has(out, "+  tx 41\n");
}
END_TEST

START_TEST(test_not_canonical)
{
    /* upper-case hex and a short offset are reported, not accepted */
    g_autofree char *path = write_scenario("case.pl011", "read4 0x18 = 0x90\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 1);
    assert_has(out, "+read4 0x018 = 0x90\n");
}
END_TEST

static const struct {
    const char *text;
    const char *message;
} bad_files[] = {
    { "read4 0x0 = 0x0\nfrobnicate 1\n", ":2: unknown command 'frobnicate'" },
    { "read4 0x1000\n", ":1: offset 0x1000 is outside" },
    { "read3 0x0\n", ":1: unknown command 'read3'" },
    { "read4 zero\n", ":1: bad offset 'zero'" },
    { "write1 0x0 0x100\n", ":1: bad 1-byte value '0x100'" },
    { "write4 0x0\n", ":1: expected 'write4 OFFSET VALUE'" },
    { "rx 4\n", ":1: bad byte '4'" },
    { "rx\n", ":1: expected 'rx BYTE...'" },
    { "break now\n", ":1: 'break' takes no argument" },
    { "read4 0x0\nvariant: luminary\n", ":2: directives go before" },
    { "variant: big\nread4 0x0\n", ":1: unknown variant 'big'" },
    { "target: cloud\nread4 0x0\n", ":1: unknown target kind 'cloud'" },
    { "# nothing\n", ": no command in the scenario" },
};

START_TEST(test_malformed)
{
    g_autofree char *path = write_scenario("bad.pl011", bad_files[_i].text);
    g_autofree char *out = NULL;
    g_autofree char *msg = g_strdup_printf("ERROR %s%s", path,
                                           bad_files[_i].message);

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 1);
    assert_has(out, msg);
    assert_has(out, "Checks: 1, Failures: 0, Errors: 1");
}
END_TEST

START_TEST(test_target_filter)
{
    g_autofree char *a = write_scenario("a.pl011",
        "target: harness\nread4 0x030 = 0x300\n");
    g_autofree char *b = write_scenario("b.pl011",
        "target: qemu\nread4 0x030 = 0x300\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, tmpdir, NULL), 0);
    assert_has(out, "ok a [harness:pl011-c]");
    ck_assert_ptr_null(strstr(out, " b ["));
    assert_has(out, "Checks: 1, Failures: 0, Errors: 0");
}
END_TEST

START_TEST(test_luminary)
{
    g_autofree char *path = write_scenario("lm.pl011",
        "variant: luminary\nread4 0xfe4 = 0x0\nread4 0xfe8 = 0x18\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 0);
}
END_TEST

/* --agree: the file's events do not matter, the targets must agree. */
START_TEST(test_agree)
{
    g_autofree char *path = write_scenario("gen.pl011",
        "read4 0xfe0\nwrite4 0x000 0x41\nread4 0xfe8\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, "--agree", HARNESS, HARNESS, path, NULL), 0);
    assert_has(out, "Checks: 2, Failures: 0, Errors: 0");
    g_free(out);
    ck_assert_int_eq(run(&out, "--agree", HARNESS,
                         "--target", "harness:pl011_luminary-c", path, NULL), 1);
    assert_has(out, "FAIL gen [harness:pl011_luminary-c]: the trace differs "
               "from [harness:pl011-c] at trace line 4");
    assert_has(out, "-read4 0xfe8 = 0x14\n+read4 0xfe8 = 0x18\n");
    assert_has(out, "Checks: 2, Failures: 1, Errors: 0");
}
END_TEST

START_TEST(test_record)
{
    g_autofree char *path = write_scenario("rec.pl011",
        "# recorded\n"
        "write4 0x02c 0x0          # FEN off\n"
        "rx 61 62                  # the second byte waits\n"
        "  enter 99                # a wrong old event\n"
        "\n"
        "read4 0x000\n");
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;

    ck_assert_int_eq(run(&out, HARNESS, "--record", path, NULL), 0);
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    ck_assert_str_eq(text,
        "# recorded\n"
        "write4 0x02c 0x0          # FEN off\n"
        "rx 61 62                  # the second byte waits\n"
        "  enter 61\n"
        "\n"
        "read4 0x000 = 0x61\n"
        "  enter 62\n");
    g_free(out);
    ck_assert_int_eq(run(&out, HARNESS, path, NULL), 0);
}
END_TEST

START_TEST(test_record_needs_one_target)
{
    g_autofree char *path = write_scenario("r.pl011", "read4 0x0\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, HARNESS, "--target", "qemu", "--record", path,
                         NULL), 1);
}
END_TEST

/* Without its QEMU the run fails with a clear message: it never skips. */
START_TEST(test_missing_qemu)
{
    g_autofree char *path = write_scenario("q.pl011", "read4 0x030 = 0x300\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, "--qemu", "no-such-qemu-system-arm",
                         "--target", "qemu", path, NULL), 1);
    assert_has(out, "'no-such-qemu-system-arm' not found");
    assert_has(out, "Checks: 1, Failures: 0, Errors: 1");
}
END_TEST

START_TEST(test_unknown_target)
{
    g_autofree char *path = write_scenario("u.pl011", "read4 0x030 = 0x300\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, "--target", "bochs", path, NULL), 1);
    assert_has(out, "unknown target 'bochs'");
}
END_TEST

START_TEST(test_device_fails)
{
    /* a harness target whose type does not exist: an error, not a pass */
    g_autofree char *path = write_scenario("d.pl011", "read4 0x030 = 0x300\n");
    g_autofree char *out = NULL;

    ck_assert_int_eq(run(&out, "--target", "harness:no-such-uart", path, NULL), 1);
    assert_has(out, "ERROR d [harness:no-such-uart]");
    assert_has(out, "Checks: 1, Failures: 0, Errors: 1");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl011-conformance-selftest");
    TCase *tc = tcase_create("runner");
    SRunner *sr;
    int failed;

    if (!g_getenv("PL011_CONFORMANCE") || !g_getenv("QEMU_HARNESS") ||
        !g_getenv("PL011_MODULE")) {
        fprintf(stderr, "PL011_CONFORMANCE, QEMU_HARNESS and PL011_MODULE "
                "must be set (meson does)\n");
        return 1;
    }
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_pass);
    tcase_add_test(tc, test_wrong_value);
    tcase_add_test(tc, test_missing_event);
    tcase_add_test(tc, test_not_canonical);
    tcase_add_loop_test(tc, test_malformed, 0, G_N_ELEMENTS(bad_files));
    tcase_add_test(tc, test_target_filter);
    tcase_add_test(tc, test_luminary);
    tcase_add_test(tc, test_agree);
    tcase_add_test(tc, test_record);
    tcase_add_test(tc, test_record_needs_one_target);
    tcase_add_test(tc, test_missing_qemu);
    tcase_add_test(tc, test_unknown_target);
    tcase_add_test(tc, test_device_fails);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
