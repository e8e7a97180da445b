/*
 * Error (qapi/error.h) and error reporting (qemu/error-report.h):
 * creation, propagation, prepend and hints, error_abort, error_fatal,
 * error_warn, ERRP_GUARD, and the exact text printed on stderr.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <sys/wait.h>
#include <check.h>
#include "qapi/error.h"
#include "qemu/error-report.h"

/* Send stderr to a temporary file; end_capture() returns its text. */
static FILE *start_capture(void)
{
    FILE *f = tmpfile();

    ck_assert_ptr_nonnull(f);
    fflush(stderr);
    ck_assert_int_ge(dup2(fileno(f), STDERR_FILENO), 0);
    return f;
}

static char *end_capture(FILE *f)
{
    GString *s = g_string_new(NULL);
    char buf[256];
    size_t n;

    fflush(stderr);
    rewind(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        g_string_append_len(s, buf, n);
    }
    fclose(f);
    return g_string_free(s, FALSE);
}

/*
 * Run @fn in a child process with stderr captured; return what it printed
 * and how it ended (waitpid status).
 */
static char *run_in_child(void (*fn)(void), int *status)
{
    FILE *f = tmpfile();
    pid_t pid;
    char *out;

    ck_assert_ptr_nonnull(f);
    fflush(stderr);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fileno(f), STDERR_FILENO);
        fn();
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, status, 0), pid);
    out = g_malloc0(4096);
    rewind(f);
    ck_assert(fread(out, 1, 4095, f) < 4095);
    fclose(f);
    return out;
}

/* The line of the error_setg() below, for the expected message. */
static const int abort_line = __LINE__ + 4;

static void set_error_abort(void)
{
    error_setg(&error_abort, "cannot frobnicate %d", 42);
}

static void set_error_fatal(void)
{
    Error *err = NULL;

    error_setg(&err, "bad thing");
    error_append_hint(&err, "try harder\n");
    error_propagate(&error_fatal, err);
}

/* --- Creating errors --------------------------------------------------- */

START_TEST(test_setg)
{
    Error *err = NULL;
    int line = __LINE__ + 1;
    error_setg(&err, "value %d is %s", 7, "odd");

    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err), "value 7 is odd");
    ck_assert_int_eq(error_get_class(err), ERROR_CLASS_GENERIC_ERROR);
    ck_assert(g_str_has_suffix(qemu_shim_error_file(err), "test-error.c"));
    ck_assert_int_eq(qemu_shim_error_line(err), line);
    /* Check names the function of a test NAME_fn. */
    ck_assert(g_str_has_prefix(qemu_shim_error_func(err), "test_setg"));
    ck_assert_ptr_null(qemu_shim_error_hint(err));
    error_free(err);
    error_free(NULL);
}
END_TEST

START_TEST(test_setg_null_keeps_errno)
{
    errno = EBUSY;
    error_setg(NULL, "dropped");
    error_setg_errno(NULL, ENOENT, "dropped too");
    ck_assert_int_eq(errno, EBUSY);
}
END_TEST

START_TEST(test_setg_errno_and_class)
{
    Error *err = NULL;
    g_autofree char *expected = g_strdup_printf("open foo: %s",
                                                g_strerror(ENOENT));

    error_setg_errno(&err, ENOENT, "open %s", "foo");
    ck_assert_str_eq(error_get_pretty(err), expected);
    error_free(err);
    err = NULL;

    error_setg_errno(&err, 0, "no errno");
    ck_assert_str_eq(error_get_pretty(err), "no errno");
    error_free(err);
    err = NULL;

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "x");
    ck_assert_int_eq(error_get_class(err), ERROR_CLASS_DEVICE_NOT_FOUND);
    error_free(err);
    err = NULL;

    error_setg_file_open(&err, EACCES, "/x");
    ck_assert(g_str_has_prefix(error_get_pretty(err), "Could not open '/x': "));
    error_free(err);
}
END_TEST

START_TEST(test_set_twice_aborts)
{
    Error *err = NULL;

    error_setg(&err, "first");
    error_setg(&err, "second");
}
END_TEST

/* --- Propagation ------------------------------------------------------- */

START_TEST(test_propagate)
{
    Error *dst = NULL, *local = NULL, *second = NULL;

    /* Nothing to propagate. */
    error_propagate(&dst, NULL);
    ck_assert_ptr_null(dst);

    error_setg(&local, "first");
    error_propagate(&dst, local);
    ck_assert_ptr_eq(dst, local);

    /* The first error wins; the second is freed. */
    error_setg(&second, "second");
    error_propagate(&dst, second);
    ck_assert_str_eq(error_get_pretty(dst), "first");

    /* Propagating to NULL frees. */
    second = NULL;
    error_setg(&second, "third");
    error_propagate(NULL, second);
    error_free(dst);
}
END_TEST

START_TEST(test_prepend_and_hint)
{
    Error *err = NULL, *local = NULL;

    error_setg(&err, "is broken");
    error_prepend(&err, "device '%s' ", "uart");
    ck_assert_str_eq(error_get_pretty(err), "device 'uart' is broken");
    error_append_hint(&err, "Try %s.\n", "again");
    error_append_hint(&err, "Or not.\n");
    ck_assert_str_eq(qemu_shim_error_hint(err), "Try again.\nOr not.\n");

    /* Prepending to no error is harmless. */
    error_prepend(NULL, "x");

    error_setg(&local, "inner");
    error_free(err);
    err = NULL;
    error_propagate_prepend(&err, local, "outer: ");
    ck_assert_str_eq(error_get_pretty(err), "outer: inner");
    error_free(err);
}
END_TEST

START_TEST(test_copy_and_free_or_abort)
{
    Error *err = NULL, *copy;

    error_setg(&err, "original");
    error_append_hint(&err, "hint\n");
    copy = error_copy(err);
    ck_assert_ptr_ne(copy, err);
    ck_assert_str_eq(error_get_pretty(copy), "original");
    ck_assert_str_eq(qemu_shim_error_hint(copy), "hint\n");
    ck_assert_int_eq(qemu_shim_error_line(copy), qemu_shim_error_line(err));
    error_free(copy);

    error_free_or_abort(&err);
    ck_assert_ptr_null(err);
}
END_TEST

START_TEST(test_free_or_abort_without_error)
{
    Error *err = NULL;

    error_free_or_abort(&err);
}
END_TEST

/* A function written the QEMU way, with ERRP_GUARD(). */
static bool guarded(int x, Error **errp)
{
    ERRP_GUARD();

    if (x < 0) {
        error_setg(errp, "negative");
    }
    if (*errp) {
        error_prepend(errp, "guarded(%d): ", x);
        error_append_hint(errp, "use a positive number\n");
        return false;
    }
    return true;
}

START_TEST(test_errp_guard)
{
    Error *err = NULL;

    ck_assert(guarded(1, &err));
    ck_assert_ptr_null(err);
    /* With NULL the error is built and dropped, not dereferenced. */
    ck_assert(!guarded(-1, NULL));
    ck_assert(!guarded(-1, &err));
    ck_assert_str_eq(error_get_pretty(err), "guarded(-1): negative");
    ck_assert_str_eq(qemu_shim_error_hint(err), "use a positive number\n");
    error_free(err);
}
END_TEST

static void guarded_fatal(void)
{
    guarded(-2, &error_fatal);
}

START_TEST(test_errp_guard_fatal)
{
    int status;
    g_autofree char *out = run_in_child(guarded_fatal, &status);

    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    ck_assert_str_eq(out, "test-error: guarded(-2): negative\n"
                     "use a positive number\n");
}
END_TEST

/* --- error_abort, error_fatal, error_warn -------------------------------- */

START_TEST(test_error_abort_aborts)
{
    set_error_abort();
}
END_TEST

START_TEST(test_error_abort_message)
{
    int status;
    g_autofree char *out = run_in_child(set_error_abort, &status);
    g_autofree char *expected = g_strdup_printf(
        "Unexpected error in set_error_abort() at %s:%d:\n"
        "test-error: cannot frobnicate 42\n", __FILE__, abort_line);

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGABRT);
    ck_assert_str_eq(out, expected);
}
END_TEST

START_TEST(test_error_fatal_exits)
{
    set_error_fatal();
}
END_TEST

START_TEST(test_error_fatal_message)
{
    int status;
    g_autofree char *out = run_in_child(set_error_fatal, &status);

    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    ck_assert_str_eq(out, "test-error: bad thing\ntry harder\n");
}
END_TEST

START_TEST(test_error_warn)
{
    FILE *f = start_capture();
    g_autofree char *out = NULL;

    error_setg(&error_warn, "just %s", "saying");
    out = end_capture(f);
    ck_assert_str_eq(out, "test-error: warning: just saying\n");
}
END_TEST

/* --- Reports ------------------------------------------------------------ */

START_TEST(test_reports)
{
    FILE *f = start_capture();
    g_autofree char *out = NULL;
    Error *err = NULL;
    int i;

    error_report("e%d", 1);
    warn_report("w%d", 2);
    info_report("i%d", 3);
    error_printf("raw %s", "text\n");
    error_setg(&err, "reported");
    error_append_hint(&err, "a hint\n");
    error_report_err(err);
    err = NULL;
    error_setg(&err, "warned");
    warn_reportf_err(err, "prefix %d: ", 5);
    for (i = 0; i < 3; i++) {
        error_report_once("once %d", i);
    }
    out = end_capture(f);
    ck_assert_str_eq(out,
                     "test-error: e1\n"
                     "test-error: warning: w2\n"
                     "test-error: info: i3\n"
                     "raw text\n"
                     "test-error: reported\n"
                     "a hint\n"
                     "test-error: warning: prefix 5: warned\n"
                     "test-error: once 0\n");
}
END_TEST

START_TEST(test_progname_default)
{
    g_set_prgname(NULL);
    ck_assert_str_eq(error_get_progname(), "qemu");
}
END_TEST

static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc;

    tc = tcase_create("create");
    tcase_add_test(tc, test_setg);
    tcase_add_test(tc, test_setg_null_keeps_errno);
    tcase_add_test(tc, test_setg_errno_and_class);
    tcase_add_test_raise_signal(tc, test_set_twice_aborts, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("propagate");
    tcase_add_test(tc, test_propagate);
    tcase_add_test(tc, test_prepend_and_hint);
    tcase_add_test(tc, test_copy_and_free_or_abort);
    tcase_add_test_raise_signal(tc, test_free_or_abort_without_error,
                                SIGABRT);
    tcase_add_test(tc, test_errp_guard);
    tcase_add_test(tc, test_errp_guard_fatal);
    suite_add_tcase(s, tc);

    tc = tcase_create("special");
    tcase_add_test_raise_signal(tc, test_error_abort_aborts, SIGABRT);
    tcase_add_test(tc, test_error_abort_message);
    tcase_add_exit_test(tc, test_error_fatal_exits, 1);
    tcase_add_test(tc, test_error_fatal_message);
    tcase_add_test(tc, test_error_warn);
    suite_add_tcase(s, tc);

    tc = tcase_create("report");
    tcase_add_test(tc, test_reports);
    tcase_add_test(tc, test_progname_default);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(error_suite());
    int failed;

    g_set_prgname("test-error");
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
