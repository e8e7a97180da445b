/*
 * Helpers shared by the hw unit tests: QOM type registration at start-up
 * and the live-object bookkeeping each test checks at its end.
 */
#ifndef TESTS_UNIT_HW_TEST_H
#define TESTS_UNIT_HW_TEST_H

#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "hw/qdev-core.h"

#include <check.h>

static size_t hw_test_live_start;

/*
 * Registers the types and creates the objects that live as long as the
 * process (the /machine containers, the main system bus), then records
 * the live-object count that every test must come back to.
 */
static inline void hw_test_setup(void)
{
    module_call_init(MODULE_INIT_QOM);
    container_get(qdev_get_machine(), "/unattached");
    sysbus_get_default();
    hw_test_live_start = qemu_shim_live_objects();
}

static inline void hw_test_check_no_leak(void)
{
    ck_assert_uint_eq(qemu_shim_live_objects(), hw_test_live_start);
}

/* Asserts that @err is set with exactly @msg, then frees it. */
#define ck_assert_error(err, msg) do {                       \
        ck_assert_ptr_nonnull(err);                          \
        ck_assert_str_eq(error_get_pretty(err), (msg));      \
        error_free(err);                                     \
        (err) = NULL;                                        \
    } while (0)

/* Runs suite @s in fork mode; returns the process exit status. */
static inline int hw_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TESTS_UNIT_HW_TEST_H */
