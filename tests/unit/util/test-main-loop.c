/*
 * Unit tests for qemu/main-loop.h: the BQL (held flag per thread, real
 * mutual exclusion, misuse aborts), QEMU_IOTHREAD_LOCK_GUARD and
 * main_loop_wait() dispatching GLib sources with the BQL held, and
 * qemu_notify_event() waking a waiting loop from another thread but costing
 * nothing from inside the loop.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"

#include <check.h>

START_TEST(test_lock_unlock_locked)
{
    ck_assert(!qemu_mutex_iothread_locked());
    qemu_mutex_lock_iothread();
    ck_assert(qemu_mutex_iothread_locked());
    ck_assert(qemu_in_main_thread());
    qemu_shim_assert_bql_held();
    qemu_mutex_unlock_iothread();
    ck_assert(!qemu_mutex_iothread_locked());
}
END_TEST

static gpointer other_thread_probe(gpointer data)
{
    int *step = (int *)data;

    /* The held flag is per thread: this thread does not hold it. */
    g_atomic_int_set(step, qemu_mutex_iothread_locked() ? -1 : 1);
    qemu_mutex_lock_iothread();     /* blocks until the main thread drops it */
    g_atomic_int_set(step, 2);
    qemu_mutex_unlock_iothread();
    return NULL;
}

START_TEST(test_other_thread_waits_for_bql)
{
    int step = 0;
    GThread *t;

    qemu_mutex_lock_iothread();
    t = g_thread_new("probe", other_thread_probe, &step);
    while (g_atomic_int_get(&step) == 0) {
        g_usleep(1000);
    }
    ck_assert_int_eq(g_atomic_int_get(&step), 1);
    g_usleep(20000);
    ck_assert_int_eq(g_atomic_int_get(&step), 1);   /* still blocked */
    qemu_mutex_unlock_iothread();
    g_thread_join(t);
    ck_assert_int_eq(step, 2);
}
END_TEST

static bool guard_scope(void)
{
    QEMU_IOTHREAD_LOCK_GUARD();
    return qemu_mutex_iothread_locked();
}

START_TEST(test_lock_guard)
{
    ck_assert(guard_scope());
    ck_assert(!qemu_mutex_iothread_locked());

    /* Already held: the guard neither takes nor drops it. */
    qemu_mutex_lock_iothread();
    ck_assert(guard_scope());
    ck_assert(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
}
END_TEST

START_TEST(test_double_lock_aborts)
{
    qemu_mutex_lock_iothread();
    qemu_mutex_lock_iothread();
}
END_TEST

START_TEST(test_unlock_unheld_aborts)
{
    qemu_mutex_unlock_iothread();
}
END_TEST

START_TEST(test_assert_bql_held_aborts)
{
    qemu_shim_assert_bql_held();
}
END_TEST

static gboolean idle_cb(gpointer data)
{
    int *calls = (int *)data;

    *calls += qemu_mutex_iothread_locked() ? 1 : 100;
    return G_SOURCE_REMOVE;
}

START_TEST(test_main_loop_wait_dispatches_with_bql)
{
    int calls = 0;

    g_idle_add(idle_cb, &calls);
    main_loop_wait(true);
    ck_assert_int_eq(calls, 1);
    ck_assert(!qemu_mutex_iothread_locked());

    /* Called with the BQL held, it returns with it held. */
    g_idle_add(idle_cb, &calls);
    qemu_mutex_lock_iothread();
    main_loop_wait(false);
    ck_assert(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    ck_assert_int_eq(calls, 2);
}
END_TEST

static int ready_fds;

static gint count_ready_poll(GPollFD *fds, guint nfds, gint timeout)
{
    gint n = g_poll(fds, nfds, timeout);

    ready_fds = MAX(n, 0);
    return n;
}

static gboolean notify_cb(gpointer data)
{
    qemu_notify_event();
    *(int *)data += 1;
    return G_SOURCE_REMOVE;
}

/*
 * From a callback of the loop (the context's owner) the notification is
 * not needed, the next wait being computed after it: no eventfd is left
 * ready for the next poll.
 */
START_TEST(test_notify_from_the_loop_leaves_no_wakeup)
{
    GMainContext *ctx = g_main_context_default();
    GPollFunc saved = g_main_context_get_poll_func(ctx);
    int calls = 0;

    g_idle_add(notify_cb, &calls);
    main_loop_wait(true);
    ck_assert_int_eq(calls, 1);
    /* main_loop_wait() calls g_poll(); an iteration shows its poll. */
    g_main_context_set_poll_func(ctx, count_ready_poll);
    ready_fds = -1;
    g_main_context_iteration(ctx, FALSE);
    ck_assert_int_eq(ready_fds, 0);

    /* From outside the loop it is left for the next wait to see. */
    qemu_notify_event();
    g_main_context_iteration(ctx, FALSE);
    ck_assert_int_eq(ready_fds, 1);
    g_main_context_set_poll_func(ctx, saved);
}
END_TEST

static gpointer notify_later(gpointer data)
{
    (void)data;
    g_usleep(50000);
    qemu_notify_event();
    return NULL;
}

/* A loop waiting with nothing to wait for is woken from another thread. */
START_TEST(test_notify_wakes_a_waiting_loop)
{
    GThread *t = g_thread_new("notify", notify_later, NULL);

    main_loop_wait(false);
    g_thread_join(t);
}
END_TEST

static Suite *main_loop_suite(void)
{
    Suite *s = suite_create("main-loop");
    TCase *tc = tcase_create("bql");

    tcase_add_test(tc, test_lock_unlock_locked);
    tcase_add_test(tc, test_other_thread_waits_for_bql);
    tcase_add_test(tc, test_lock_guard);
    tcase_add_test_raise_signal(tc, test_double_lock_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_unlock_unheld_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_assert_bql_held_aborts, SIGABRT);
    tcase_add_test(tc, test_main_loop_wait_dispatches_with_bql);
    tcase_add_test(tc, test_notify_from_the_loop_leaves_no_wakeup);
    tcase_add_test(tc, test_notify_wakes_a_waiting_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(main_loop_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
