/*
 * qemu_shim_assert_bql_held(): modules inline it over QEMU's exported
 * qemu_mutex_iothread_locked() (no shim-only symbol), and it still names
 * its caller's file and line when it fires.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"

#include <check.h>
#include <signal.h>
#include <sys/wait.h>

START_TEST(test_held_returns)
{
    qemu_mutex_lock_iothread();
    qemu_shim_assert_bql_held();
    qemu_mutex_unlock_iothread();
}
END_TEST

/* Runs the assertion without the BQL in a child; its stderr and status. */
static char *assert_unheld_in_child(int *line, int *status)
{
    int fds[2];
    GString *out = g_string_new(NULL);
    char buf[256];
    ssize_t n;
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        qemu_shim_assert_bql_held();
        _exit(0);
    }
    *line = __LINE__ - 3;   /* the assertion's, three lines up */
    close(fds[1]);
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        g_string_append_len(out, buf, n);
    }
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, status, 0), pid);
    return g_string_free(out, false);
}

START_TEST(test_unheld_aborts_naming_caller)
{
    int line, status;
    g_autofree char *err = assert_unheld_in_child(&line, &status);
    g_autofree char *want = g_strdup_printf(
        "%s:%d: the BQL must be held here\n", __FILE__, line);

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGABRT);
    ck_assert_str_eq(err, want);
}
END_TEST

static Suite *bql_assert_suite(void)
{
    Suite *s = suite_create("bql-assert");
    TCase *tc = tcase_create("assert");

    tcase_add_test(tc, test_held_returns);
    tcase_add_test(tc, test_unheld_aborts_naming_caller);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bql_assert_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
