/*
 * Helper shared by the compat unit tests (QEMU 7.2 utility headers): run a
 * Check suite in fork mode and turn its result into an exit status.
 */
#ifndef TESTS_UNIT_COMPAT_TEST_H
#define TESTS_UNIT_COMPAT_TEST_H

#include "qemu/osdep.h"

#include <check.h>

static inline int compat_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TESTS_UNIT_COMPAT_TEST_H */
