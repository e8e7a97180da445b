/*
 * Helpers shared by the C++ bindings' unit tests: QOM start-up, the
 * live-object check every test ends with, running a suite in fork mode,
 * and running a function in a child process to read what it printed.
 */
#ifndef TESTS_UNIT_BINDINGS_TEST_H
#define TESTS_UNIT_BINDINGS_TEST_H

#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"

#include <check.h>
#include <sys/wait.h>

#include <functional>
#include <string>

namespace bindings_test {

inline size_t live_start;

/*
 * Register the types, create what lives as long as the process (extra
 * work in @prime, e.g. the system bus), and record the live-object count
 * that each test must come back to.
 */
inline void setup(const std::function<void()> &prime = {})
{
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    if (prime) {
        prime();
    }
    live_start = qemu_shim_live_objects();
}

inline void check_no_leak()
{
    ck_assert_uint_eq(qemu_shim_live_objects(), live_start);
}

/* Run @s in fork mode (C++ destructors need it); the exit status. */
inline int run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* What a child process running @fn did: its wait status and stderr. */
struct ChildResult {
    int status;
    std::string err;
};

inline ChildResult run_in_child(const std::function<void()> &fn)
{
    char path[] = "/tmp/bindings-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);

    fflush(stderr);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fd, STDERR_FILENO);
        fn();
        _exit(0);
    }
    ChildResult r{};
    ck_assert_int_eq(waitpid(pid, &r.status, 0), pid);

    char buf[4096];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    close(fd);
    r.err.assign(buf, n > 0 ? size_t(n) : 0);
    return r;
}

} // namespace bindings_test

#endif /* TESTS_UNIT_BINDINGS_TEST_H */
