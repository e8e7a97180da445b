/*
 * The Big QEMU Lock and the main loop (qemu/main-loop.h). The BQL is a
 * GMutex plus a thread-local flag, so "is it held" is answered for the
 * calling thread; main_loop_wait() polls the default GLib main context with
 * the BQL released and dispatches with it held, then runs the host-clock
 * timers.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

static GMutex bql;
/*
 * Initial-exec: the flag is read on every chardev callback, and the default
 * model for a shared library calls __tls_get_addr() each time. The library
 * is linked by its programs, never dlopened (qemu-cxx-run does not use it).
 */
static __thread bool bql_held __attribute__((tls_model("initial-exec")));

bool qemu_mutex_iothread_locked(void)
{
    return bql_held;
}

bool qemu_in_main_thread(void)
{
    return qemu_mutex_iothread_locked();
}

void qemu_mutex_lock_iothread_impl(const char *file, int line)
{
    if (bql_held) {
        fprintf(stderr, "%s:%d: qemu_mutex_lock_iothread: "
                "this thread already holds the BQL\n", file, line);
        abort();
    }
    g_mutex_lock(&bql);
    bql_held = true;
}

void qemu_mutex_unlock_iothread(void)
{
    if (!bql_held) {
        fprintf(stderr, "qemu_mutex_unlock_iothread: "
                "this thread does not hold the BQL\n");
        abort();
    }
    bql_held = false;
    g_mutex_unlock(&bql);
}

void qemu_notify_event(void)
{
    GMainContext *ctx = g_main_context_default();

    /* Its owner computes the next wait after this; no eventfd needed. */
    if (!g_main_context_is_owner(ctx)) {
        g_main_context_wakeup(ctx);
    }
}

/* Milliseconds until the next REALTIME/HOST timer, -1 if none. */
static int host_timers_timeout_ms(void)
{
    int64_t ns = qemu_soonest_timeout(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_REALTIME, QEMU_TIMER_ATTR_ALL),
        qemu_clock_deadline_ns_all(QEMU_CLOCK_HOST, QEMU_TIMER_ATTR_ALL));

    if (ns < 0) {
        return -1;
    }
    return (int)MIN(DIV_ROUND_UP(ns, SCALE_MS), INT_MAX);
}

void main_loop_wait(int nonblocking)
{
    GMainContext *ctx = g_main_context_default();
    bool locked = qemu_mutex_iothread_locked();
    g_autofree GPollFD *fds = NULL;
    int n_fds = 0, allocated = 0;
    int max_priority, timeout;

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    if (!g_main_context_acquire(ctx)) {
        fprintf(stderr, "main_loop_wait: the main context is owned by "
                "another thread\n");
        abort();
    }

    g_main_context_prepare(ctx, &max_priority);
    for (;;) {
        n_fds = g_main_context_query(ctx, max_priority, &timeout, fds,
                                     allocated);
        if (n_fds <= allocated) {
            break;
        }
        allocated = n_fds;
        fds = g_renew(GPollFD, fds, allocated);
    }
    timeout = nonblocking ? 0 :
        (int)qemu_soonest_timeout(timeout, host_timers_timeout_ms());

    /* Device code runs with the BQL; waiting happens without it. */
    if (timeout != 0) {
        qemu_mutex_unlock_iothread();
    }
    g_poll(fds, n_fds, timeout);
    if (timeout != 0) {
        qemu_mutex_lock_iothread();
    }

    if (g_main_context_check(ctx, max_priority, fds, n_fds)) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);

    qemu_clock_run_timers(QEMU_CLOCK_REALTIME);
    qemu_clock_run_timers(QEMU_CLOCK_HOST);

    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}
