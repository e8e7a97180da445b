/*
 * Unit tests for qemu/log.h: mask bits, the -d parser, the capture API
 * tests use to read back log lines, the -D file and the stderr default.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"

#include <check.h>
#include <fcntl.h>

START_TEST(test_mask_values)
{
    /* QEMU 7.2's values: -d masks are shared with real QEMU's users. */
    ck_assert_int_eq(LOG_UNIMP, 1 << 10);
    ck_assert_int_eq(LOG_GUEST_ERROR, 1 << 11);
    ck_assert_int_eq(LOG_TRACE, 1 << 15);
    ck_assert_int_eq(CPU_LOG_INT, 1 << 4);

    ck_assert(!qemu_loglevel_mask(LOG_GUEST_ERROR));
    ck_assert(!qemu_log_enabled());
    ck_assert(qemu_set_log(LOG_GUEST_ERROR, &error_abort));
    ck_assert(qemu_loglevel_mask(LOG_GUEST_ERROR));
    ck_assert(qemu_loglevel_mask(LOG_GUEST_ERROR | LOG_UNIMP));
    ck_assert(!qemu_loglevel_mask(LOG_UNIMP));
    ck_assert(qemu_log_enabled());
}
END_TEST

START_TEST(test_parse_d_option)
{
    ck_assert_int_eq(qemu_str_to_log_mask("guest_errors"), LOG_GUEST_ERROR);
    ck_assert_int_eq(qemu_str_to_log_mask("guest_errors,unimp"),
                     LOG_GUEST_ERROR | LOG_UNIMP);
    ck_assert_int_eq(qemu_str_to_log_mask("unimp,unimp"), LOG_UNIMP);
    ck_assert_int_eq(qemu_str_to_log_mask("int,cpu_reset"),
                     CPU_LOG_INT | CPU_LOG_RESET);
    ck_assert_int_eq(qemu_str_to_log_mask("all") & (LOG_GUEST_ERROR |
                                                    LOG_UNIMP),
                     LOG_GUEST_ERROR | LOG_UNIMP);
    /* Any bad item makes the whole list 0, as in QEMU. */
    ck_assert_int_eq(qemu_str_to_log_mask("guest_errors,bogus"), 0);
    ck_assert_int_eq(qemu_str_to_log_mask("guest_errors,"), 0);
    ck_assert_int_eq(qemu_str_to_log_mask("Guest_Errors"), 0);
    ck_assert_int_eq(qemu_str_to_log_mask(""), 0);
}
END_TEST

static void check_parse_error(const char *str, const char *msg)
{
    Error *err = NULL;
    int mask = 42;

    ck_assert(!qemu_shim_str_to_log_mask(str, &mask, &err));
    ck_assert_int_eq(mask, 0);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err), msg);
    error_free(err);
}

START_TEST(test_parse_errors_name_the_item)
{
    int mask = 0;

    ck_assert(qemu_shim_str_to_log_mask("unimp,guest_errors", &mask,
                                        &error_abort));
    ck_assert_int_eq(mask, LOG_GUEST_ERROR | LOG_UNIMP);

    check_parse_error("guest_errors,bogus,unimp", "Unknown log item 'bogus'");
    check_parse_error("unimp,,guest_errors", "Unknown log item ''");
    check_parse_error("", "No log items given");
    check_parse_error(NULL, "No log items given");
    /* "trace:PATTERN" enables events (tests/unit/trace); bare is no item */
    check_parse_error("trace:", "Unknown log item 'trace:'");
    ck_assert(qemu_shim_str_to_log_mask("unimp,trace:nosuch_*", &mask,
                                        &error_abort));
    ck_assert_int_eq(mask, LOG_UNIMP | LOG_TRACE);
}
END_TEST

START_TEST(test_per_thread_refused)
{
    Error *err = NULL;

    ck_assert(!qemu_set_log(LOG_PER_THREAD | LOG_UNIMP, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Per-thread log files ('tid') are not supported by "
                     "qemu-shim");
    error_free(err);
    ck_assert(!qemu_log_enabled());
}
END_TEST

START_TEST(test_capture)
{
    g_autofree char *text = NULL;
    g_autofree char *again = NULL;

    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    ck_assert(!qemu_shim_log_capturing());
    qemu_shim_log_capture_start();
    ck_assert(qemu_shim_log_capturing());
    qemu_log_mask(LOG_GUEST_ERROR, "pl011_read: Bad offset 0x%x\n", 0x50);
    qemu_log_mask(LOG_UNIMP, "not enabled\n");
    qemu_log("partial ");
    qemu_log("line\n");
    text = qemu_shim_log_capture_take();
    ck_assert_str_eq(text, "pl011_read: Bad offset 0x50\npartial line\n");
    ck_assert(!qemu_shim_log_capturing());

    /* Not capturing: take gives an empty string. */
    again = qemu_shim_log_capture_take();
    ck_assert_str_eq(again, "");
}
END_TEST

START_TEST(test_capture_restart_discards)
{
    g_autofree char *text = NULL;

    qemu_set_log(LOG_UNIMP, &error_abort);
    qemu_shim_log_capture_start();
    qemu_log_mask(LOG_UNIMP, "old\n");
    qemu_shim_log_capture_start();
    qemu_log_mask(LOG_UNIMP, "new\n");
    text = qemu_shim_log_capture_take();
    ck_assert_str_eq(text, "new\n");
}
END_TEST

START_TEST(test_capture_with_mask_zero_is_empty)
{
    g_autofree char *text = NULL;

    /* As QEMU 7.2: with no -d mask nothing is logged, even by qemu_log. */
    qemu_shim_log_capture_start();
    qemu_log("unconditional\n");
    ck_assert_ptr_null(qemu_log_trylock());
    text = qemu_shim_log_capture_take();
    ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(test_capture_trylock)
{
    g_autofree char *text = NULL;
    FILE *f;

    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    qemu_shim_log_capture_start();
    qemu_log("before\n");
    f = qemu_log_trylock();
    ck_assert_ptr_nonnull(f);
    fprintf(f, "locked %d", 1);
    fprintf(f, " and %d\n", 2);
    qemu_log_unlock(f);
    qemu_log("after\n");
    text = qemu_shim_log_capture_take();
    ck_assert_str_eq(text, "before\nlocked 1 and 2\nafter\n");
}
END_TEST

static char *read_file(const char *path)
{
    char *text = NULL;

    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

START_TEST(test_log_file)
{
    g_autofree char *dir = g_dir_make_tmp("test-log-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "qemu.log", NULL);
    g_autofree char *text = NULL;
    g_autofree char *after = NULL;

    ck_assert(g_file_set_contents(path, "stale\n", -1, NULL));
    ck_assert(qemu_set_log_filename(path, &error_abort));
    ck_assert(!qemu_log_separate());        /* mask 0: file not opened */
    ck_assert(qemu_set_log(LOG_GUEST_ERROR, &error_abort));
    ck_assert(qemu_log_separate());
    qemu_log_mask(LOG_GUEST_ERROR, "guest error %d\n", 7);
    qemu_log_mask(LOG_UNIMP, "filtered\n");
    text = read_file(path);
    ck_assert_str_eq(text, "guest error 7\n");  /* first open truncates */

    /* Back to stderr: the file is closed and keeps its text. */
    ck_assert(qemu_set_log_filename(NULL, &error_abort));
    ck_assert(!qemu_log_separate());
    after = read_file(path);
    ck_assert_str_eq(after, "guest error 7\n");

    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_log_file_pid_template)
{
    g_autofree char *dir = g_dir_make_tmp("test-log-XXXXXX", NULL);
    g_autofree char *tmpl = g_build_filename(dir, "log-%d.txt", NULL);
    g_autofree char *name = g_strdup_printf("log-%d.txt", (int)getpid());
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *text = NULL;

    ck_assert(qemu_set_log_filename_flags(tmpl, LOG_UNIMP, &error_abort));
    qemu_log_mask(LOG_UNIMP, "unimp\n");
    text = read_file(path);
    ck_assert_str_eq(text, "unimp\n");
    qemu_set_log(0, &error_abort);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_log_file_errors)
{
    Error *err = NULL;

    ck_assert(!qemu_set_log_filename("/tmp/log-%s-%d", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Bad logfile format: /tmp/log-%s-%d");
    error_free(err);
    err = NULL;

    ck_assert(!qemu_set_log_filename("/tmp/log-%d-%d", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Bad logfile format: /tmp/log-%d-%d");
    error_free(err);
    err = NULL;

    ck_assert(qemu_set_log_filename("/nonexistent-dir/qemu.log", &err));
    ck_assert(!qemu_set_log(LOG_GUEST_ERROR, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Error opening logfile /nonexistent-dir/qemu.log: "
                     "No such file or directory");
    error_free(err);
}
END_TEST

START_TEST(test_stderr_default)
{
    g_autofree char *dir = g_dir_make_tmp("test-log-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "stderr", NULL);
    g_autofree char *text = NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    /* Point fd 2 at a file to read back what went to stderr. */
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    close(fd);
    qemu_log("off\n");
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    qemu_log_mask(LOG_GUEST_ERROR, "to stderr\n");
    fflush(stderr);
    text = read_file(path);
    ck_assert_str_eq(text, "to stderr\n");
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_usage_and_dfilter)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Error *err = NULL;

    qemu_print_log_usage(f);
    fclose(f);
    ck_assert(g_str_has_prefix(buf, "Log items (comma separated):\n"));
    ck_assert_ptr_nonnull(strstr(buf, "\nguest_errors "));
    ck_assert_ptr_nonnull(strstr(buf, "\nunimp "));
    free(buf);

    qemu_set_dfilter_ranges("", &error_abort);
    qemu_set_dfilter_ranges("0x1000..0x2000", &err);
    ck_assert_str_eq(error_get_pretty(err),
                     "-dfilter is not supported by qemu-shim");
    error_free(err);
    ck_assert(qemu_log_in_addr_range(0x1234));
}
END_TEST

static Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("log");

    tcase_add_test(tc, test_mask_values);
    tcase_add_test(tc, test_parse_d_option);
    tcase_add_test(tc, test_parse_errors_name_the_item);
    tcase_add_test(tc, test_per_thread_refused);
    tcase_add_test(tc, test_capture);
    tcase_add_test(tc, test_capture_restart_discards);
    tcase_add_test(tc, test_capture_with_mask_zero_is_empty);
    tcase_add_test(tc, test_capture_trylock);
    tcase_add_test(tc, test_log_file);
    tcase_add_test(tc, test_log_file_pid_template);
    tcase_add_test(tc, test_log_file_errors);
    tcase_add_test(tc, test_stderr_default);
    tcase_add_test(tc, test_usage_and_dfilter);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(log_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
