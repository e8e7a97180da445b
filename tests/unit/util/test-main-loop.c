/*
 * Unit tests for qemu/main-loop.h: the BQL (held flag per thread, real
 * mutual exclusion, misuse aborts), QEMU_IOTHREAD_LOCK_GUARD and
 * main_loop_wait() dispatching GLib sources with the BQL held, and
 * qemu_notify_event() waking a waiting loop from another thread but costing
 * nothing from inside the loop; the shim's main-loop fd handlers polled
 * for what their prepare says, removable from any dispatch, and GLib
 * sources (idle, timeout) added by a handler or another thread still
 * dispatched by main_loop_wait(), which leaves GLib out while it has none.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"

#include <check.h>
#include <unistd.h>

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

/* ---- main-loop fd handlers ---- */

typedef struct PipeHandler {
    int fds[2];
    GIOCondition want;          /* what prepare asks for */
    int prepared, dispatched;
    GIOCondition seen;
    bool bql_held;
    QemuShimFdHandler *h;
    QemuShimFdHandler **remove_in_dispatch;    /* NULL-terminated */
    gboolean (*add_source)(gpointer);   /* g_idle_add'ed in dispatch */
    int *source_calls;
} PipeHandler;

static GIOCondition pipe_prepare(void *opaque)
{
    PipeHandler *p = opaque;

    p->prepared++;
    return p->want;
}

static void pipe_dispatch(void *opaque, GIOCondition revents)
{
    PipeHandler *p = opaque;
    char c;

    p->dispatched++;
    p->seen |= revents;
    p->bql_held = qemu_mutex_iothread_locked();
    if (revents & G_IO_IN) {
        ck_assert_int_eq(read(p->fds[0], &c, 1), 1);
    }
    for (QemuShimFdHandler **r = p->remove_in_dispatch; r && *r; r++) {
        qemu_shim_fd_handler_remove(*r);
    }
    if (p->add_source) {
        g_idle_add(p->add_source, p->source_calls);
    }
}

static void pipe_handler_init(PipeHandler *p, GIOCondition want)
{
    memset(p, 0, sizeof(*p));
    ck_assert_int_eq(pipe(p->fds), 0);
    p->want = want;
    p->h = qemu_shim_fd_handler_add(p->fds[0], pipe_prepare, pipe_dispatch, p);
}

static void pipe_handler_fill(PipeHandler *p)
{
    ck_assert_int_eq(write(p->fds[1], "x", 1), 1);
}

static void pipe_handler_close(PipeHandler *p)
{
    close(p->fds[0]);
    close(p->fds[1]);
}

/* Prepare decides, every iteration: 0 leaves a readable fd alone. */
START_TEST(test_fd_handler_polls_what_prepare_says)
{
    PipeHandler p;

    pipe_handler_init(&p, 0);
    pipe_handler_fill(&p);
    main_loop_wait(true);
    ck_assert_int_eq(p.prepared, 1);
    ck_assert_int_eq(p.dispatched, 0);

    p.want = G_IO_IN;
    main_loop_wait(true);
    ck_assert_int_eq(p.dispatched, 1);
    ck_assert(p.seen & G_IO_IN);
    ck_assert(p.bql_held);

    /* Read empty: nothing more. */
    main_loop_wait(true);
    ck_assert_int_eq(p.prepared, 3);
    ck_assert_int_eq(p.dispatched, 1);

    /* The writer gone, a hang-up is dispatched even if only IN is asked. */
    close(p.fds[1]);
    main_loop_wait(true);
    ck_assert_int_eq(p.dispatched, 2);
    ck_assert(p.seen & G_IO_HUP);

    qemu_shim_fd_handler_remove(p.h);
    main_loop_wait(true);
    ck_assert_int_eq(p.prepared, 4);
    close(p.fds[0]);
}
END_TEST

/*
 * Both ready in one iteration: the first removes itself and the second
 * from its dispatch; the second is not called (ASan: nothing is used after
 * it is freed).
 */
START_TEST(test_fd_handler_removed_in_dispatch)
{
    PipeHandler a, b;
    QemuShimFdHandler *both[3];

    pipe_handler_init(&a, G_IO_IN);
    pipe_handler_init(&b, G_IO_IN);
    both[0] = a.h;
    both[1] = b.h;
    both[2] = NULL;
    a.remove_in_dispatch = both;
    pipe_handler_fill(&a);
    pipe_handler_fill(&b);
    main_loop_wait(true);
    ck_assert_int_eq(a.dispatched, 1);
    ck_assert_int_eq(b.prepared, 1);
    ck_assert_int_eq(b.dispatched, 0);

    main_loop_wait(true);
    ck_assert_int_eq(a.prepared, 1);
    ck_assert_int_eq(b.prepared, 1);
    pipe_handler_close(&a);
    pipe_handler_close(&b);
}
END_TEST

static gboolean count_cb(gpointer data)
{
    *(int *)data += 1;
    return G_SOURCE_REMOVE;
}

/*
 * A GLib source a handler adds (a device's g_idle_add, say) runs on the
 * next iteration: GLib's prepare sees it although no fd woke the loop.
 */
START_TEST(test_idle_added_by_handler_runs)
{
    PipeHandler p;
    int calls = 0;

    pipe_handler_init(&p, G_IO_IN);
    p.add_source = count_cb;
    p.source_calls = &calls;
    pipe_handler_fill(&p);
    main_loop_wait(true);
    ck_assert_int_eq(p.dispatched, 1);
    ck_assert_int_eq(calls, 0);
    p.add_source = NULL;
    main_loop_wait(false);      /* would block for ever without it */
    ck_assert_int_eq(calls, 1);
    qemu_shim_fd_handler_remove(p.h);
    pipe_handler_close(&p);
}
END_TEST

/* A GLib timeout fires while the handlers' fds stay idle. */
START_TEST(test_timeout_fires_with_idle_fds)
{
    PipeHandler p;
    int calls = 0;

    pipe_handler_init(&p, G_IO_IN);
    g_timeout_add(1, count_cb, &calls);
    while (calls == 0) {
        main_loop_wait(false);
    }
    ck_assert_int_eq(p.dispatched, 0);
    qemu_shim_fd_handler_remove(p.h);
    pipe_handler_close(&p);
}
END_TEST

static gpointer idle_add_later(gpointer data)
{
    g_usleep(50000);
    g_idle_add(count_cb, data);
    return NULL;
}

/* Another thread's g_idle_add wakes a waiting loop and runs in it. */
START_TEST(test_idle_from_thread_wakes_loop)
{
    int calls = 0;
    GThread *t = g_thread_new("idle", idle_add_later, &calls);

    while (g_atomic_int_get(&calls) == 0) {
        main_loop_wait(false);
    }
    g_thread_join(t);
    ck_assert_int_eq(calls, 1);
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

    tc = tcase_create("fd-handlers");
    tcase_add_test(tc, test_fd_handler_polls_what_prepare_says);
    tcase_add_test(tc, test_fd_handler_removed_in_dispatch);
    tcase_add_test(tc, test_idle_added_by_handler_runs);
    tcase_add_test(tc, test_timeout_fires_with_idle_fds);
    tcase_add_test(tc, test_idle_from_thread_wakes_loop);
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
