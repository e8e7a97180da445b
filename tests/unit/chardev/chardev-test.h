/*
 * chardev-test.h - what the chardev unit tests share: a recording front
 * end with a bounded receive FIFO (like a UART's), main-loop helpers, and
 * per-test setup that checks no QOM object outlives the test.
 */
#ifndef CHARDEV_TEST_H
#define CHARDEV_TEST_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "chardev/char-fe.h"

#include <check.h>

typedef struct TestFE {
    CharBackend be;
    GByteArray *rx;         /* everything received, in order */
    int fifo_size;          /* 0: unbounded */
    int fifo_len;           /* bytes received and not yet drained */
    int max_chunk;          /* can_read never answers more; 0: no limit */
    int last_can_read;
    bool echo;              /* write received bytes back from fd_read */
    bool bql_always_held;
    int events[CHR_EVENT_CLOSED + 1];
    int nevents;
    QEMUChrEvent last_event;
} TestFE;

static inline int test_fe_can_read(void *opaque)
{
    TestFE *fe = (TestFE *)opaque;
    int n = fe->fifo_size ? fe->fifo_size - fe->fifo_len : 4096;

    fe->bql_always_held &= qemu_mutex_iothread_locked();
    if (fe->max_chunk && n > fe->max_chunk) {
        n = fe->max_chunk;
    }
    fe->last_can_read = n;
    return n;
}

static inline void test_fe_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *fe = (TestFE *)opaque;

    fe->bql_always_held &= qemu_mutex_iothread_locked();
    /* Flow control: never more than the last can_read answer. */
    ck_assert_int_gt(size, 0);
    ck_assert_int_le(size, fe->last_can_read);
    fe->last_can_read -= size;
    g_byte_array_append(fe->rx, buf, size);
    fe->fifo_len += size;
    if (fe->echo) {
        ck_assert_int_eq(qemu_chr_fe_write_all(&fe->be, buf, size), size);
    }
}

static inline void test_fe_event(void *opaque, QEMUChrEvent event)
{
    TestFE *fe = (TestFE *)opaque;

    fe->bql_always_held &= qemu_mutex_iothread_locked();
    fe->events[event]++;
    fe->nevents++;
    fe->last_event = event;
}

/* Attach a recording front end to @chr. */
static inline void test_fe_attach(TestFE *fe, Chardev *chr)
{
    memset(fe, 0, sizeof(*fe));
    fe->rx = g_byte_array_new();
    fe->bql_always_held = true;
    ck_assert(qemu_chr_fe_init(&fe->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&fe->be, test_fe_can_read, test_fe_read,
                             test_fe_event, NULL, fe, NULL, true);
}

static inline void test_fe_detach(TestFE *fe)
{
    ck_assert(fe->bql_always_held);
    qemu_chr_fe_deinit(&fe->be, false);
    g_byte_array_unref(fe->rx);
    fe->rx = NULL;
}

/* The guest reads everything from the FIFO; the device says so. */
static inline void test_fe_drain(TestFE *fe)
{
    fe->fifo_len = 0;
    qemu_chr_fe_accept_input(&fe->be);
}

/*
 * Run the main loop until nothing is ready any more: GLib's sources (the
 * in-process queue watch) while an iteration dispatches one, then
 * main_loop_wait(), which also polls the fd watches, a few times more
 * than any test's chain of deliveries is long.
 */
static inline void test_run_pending(void)
{
    for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++) {
        /* keep going */
    }
    for (int i = 0; i < 32; i++) {
        main_loop_wait(true);
    }
}

/* Iterate main_loop_wait() (with a safety timeout) until @cond holds. */
#define TEST_RUN_UNTIL(cond)                                            \
    do {                                                                \
        gint64 deadline_ = g_get_monotonic_time() + 5 * G_USEC_PER_SEC; \
        while (!(cond)) {                                               \
            ck_assert_msg(g_get_monotonic_time() < deadline_,           \
                          "timed out waiting for " #cond);              \
            main_loop_wait(true);                                       \
            g_usleep(100);                                              \
        }                                                               \
    } while (0)

/* Create a chardev, failing the test with the error message if it fails. */
static inline Chardev *test_chr_new(const char *opts)
{
    Error *err = NULL;
    Chardev *chr = qemu_shim_chr_new_from_opts(opts, &err);

    ck_assert_msg(chr, "%s: %s", opts, err ? error_get_pretty(err) : "?");
    return chr;
}

/* Expect creating @opts to fail with exactly @msg. */
static inline void test_chr_new_fails(const char *opts, const char *msg)
{
    Error *err = NULL;
    Chardev *chr = qemu_shim_chr_new_from_opts(opts, &err);

    ck_assert_msg(!chr, "'%s' should fail", opts);
    ck_assert_msg(err, "'%s' gave no error", opts);
    ck_assert_str_eq(error_get_pretty(err), msg);
    error_free(err);
}

static size_t test_live_objects_at_start;

static inline void test_setup(void)
{
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    test_live_objects_at_start = qemu_shim_live_objects();
}

/* Every test ends with all chardevs gone and no object leaked. */
static inline void test_teardown(void)
{
    qemu_chr_cleanup();
    test_run_pending();
    ck_assert_uint_eq(qemu_shim_live_objects(), test_live_objects_at_start);
}

/* A temporary path in a fresh directory; g_free() it. */
static inline char *test_tmp_path(const char *name)
{
    g_autofree char *dir = g_dir_make_tmp("chardev-test-XXXXXX", NULL);

    ck_assert(dir);
    return g_build_filename(dir, name, NULL);
}

/* Remove @path's file and its directory. */
static inline void test_tmp_remove(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);

    unlink(path);
    rmdir(dir);
}

static inline int test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* CHARDEV_TEST_H */
