/*
 * The Big QEMU Lock and the main loop (qemu/main-loop.h). The BQL is a
 * GMutex plus a thread-local flag, so "is it held" is answered for the
 * calling thread. main_loop_wait() makes one poll of the shim's own fd
 * handlers (the chardevs' input watches) and the default GLib main
 * context's fds with the BQL released, dispatches with it held, then runs
 * the host-clock timers.
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

struct QemuShimFdHandler {
    int fd;
    QemuShimFdPrepare *prepare;
    QemuShimFdDispatch *dispatch;
    void *opaque;
    int refs;           /* the list's, and one per iteration polling it */
    bool removed;
    QemuShimFdHandler *next;
};

/* In the order added; changed with the BQL held only. */
static QemuShimFdHandler *fd_handlers;

QemuShimFdHandler *qemu_shim_fd_handler_add(int fd,
                                            QemuShimFdPrepare *prepare,
                                            QemuShimFdDispatch *dispatch,
                                            void *opaque)
{
    QemuShimFdHandler *h = g_new0(QemuShimFdHandler, 1);
    QemuShimFdHandler **p = &fd_handlers;

    h->fd = fd;
    h->prepare = prepare;
    h->dispatch = dispatch;
    h->opaque = opaque;
    h->refs = 1;
    while (*p) {
        p = &(*p)->next;
    }
    *p = h;
    return h;
}

static void fd_handler_unref(QemuShimFdHandler *h)
{
    if (--h->refs == 0) {
        g_free(h);
    }
}

void qemu_shim_fd_handler_remove(QemuShimFdHandler *h)
{
    QemuShimFdHandler **p = &fd_handlers;

    while (*p != h) {
        if (!*p) {
            fprintf(stderr, "qemu_shim_fd_handler_remove: fd %d is not "
                    "a handler\n", h->fd);
            abort();
        }
        p = &(*p)->next;
    }
    *p = h->next;
    h->removed = true;          /* an iteration that polled it skips it */
    fd_handler_unref(h);
}

/*
 * The poll set of one iteration: the handlers' fds first, GLib's after.
 * Most iterations poll a few fds; the arrays start on the stack.
 */
#define POLL_SET_ON_STACK 16

typedef struct PollSet {
    GPollFD *fds;
    QemuShimFdHandler **handlers;      /* of fds[0..n_handlers) */
    int size;
    GPollFD fds_stack[POLL_SET_ON_STACK];
    QemuShimFdHandler *handlers_stack[POLL_SET_ON_STACK];
} PollSet;

static void poll_set_grow(PollSet *ps, int size)
{
    if (ps->fds == ps->fds_stack) {
        ps->fds = g_memdup2(ps->fds_stack, sizeof(ps->fds_stack));
        ps->handlers = g_memdup2(ps->handlers_stack,
                                 sizeof(ps->handlers_stack));
    }
    ps->fds = g_renew(GPollFD, ps->fds, size);
    ps->handlers = g_renew(QemuShimFdHandler *, ps->handlers, size);
    ps->size = size;
}

/*
 * GLib's check and dispatch run when its prepare found a source ready, a
 * source has a timeout, or one of its fds (its wake-up eventfd included)
 * polled ready: how a GLib source says it may be ready, as a blocking
 * g_main_context_iteration() would otherwise sleep past it. With no GLib
 * source but the wake-up, an iteration costs GLib its prepare and query.
 */
static bool glib_may_be_ready(bool prepared, int timeout, const GPollFD *fds,
                              int n)
{
    if (prepared || timeout >= 0) {
        return true;
    }
    for (int i = 0; i < n; i++) {
        if (fds[i].revents) {
            return true;
        }
    }
    return false;
}

void main_loop_wait(int nonblocking)
{
    GMainContext *ctx = g_main_context_default();
    bool locked = qemu_mutex_iothread_locked();
    PollSet ps;
    int n_handlers = 0, n_glib, max_priority, glib_timeout, timeout;
    bool glib_prepared;

    ps.fds = ps.fds_stack;
    ps.handlers = ps.handlers_stack;
    ps.size = POLL_SET_ON_STACK;
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    if (!g_main_context_acquire(ctx)) {
        fprintf(stderr, "main_loop_wait: the main context is owned by "
                "another thread\n");
        abort();
    }

    for (QemuShimFdHandler *h = fd_handlers; h; h = h->next) {
        GIOCondition events = h->prepare(h->opaque);

        if (!events) {
            continue;
        }
        if (n_handlers == ps.size) {
            poll_set_grow(&ps, ps.size * 2);
        }
        ps.fds[n_handlers] = (GPollFD){ .fd = h->fd, .events = events };
        ps.handlers[n_handlers++] = h;
        h->refs++;
    }

    glib_prepared = g_main_context_prepare(ctx, &max_priority);
    for (;;) {
        n_glib = g_main_context_query(ctx, max_priority, &glib_timeout,
                                      ps.fds + n_handlers,
                                      ps.size - n_handlers);
        if (n_glib <= ps.size - n_handlers) {
            break;
        }
        poll_set_grow(&ps, n_handlers + n_glib);
    }
    timeout = nonblocking ? 0 :
        (int)qemu_soonest_timeout(glib_timeout, host_timers_timeout_ms());

    /* Device code runs with the BQL; waiting happens without it. */
    if (timeout != 0) {
        qemu_mutex_unlock_iothread();
    }
    g_poll(ps.fds, n_handlers + n_glib, timeout);
    if (timeout != 0) {
        qemu_mutex_lock_iothread();
    }

    /*
     * GLib's iteration completes before the handlers run, so that a loop
     * nested in a handler finds the context between iterations.
     */
    if (glib_may_be_ready(glib_prepared, glib_timeout, ps.fds + n_handlers,
                          n_glib) &&
        g_main_context_check(ctx, max_priority, ps.fds + n_handlers,
                             n_glib)) {
        g_main_context_dispatch(ctx);
    }
    for (int i = 0; i < n_handlers; i++) {
        QemuShimFdHandler *h = ps.handlers[i];

        /* A handler removed meanwhile (by any dispatch) is not called. */
        if (ps.fds[i].revents && !h->removed) {
            h->dispatch(h->opaque, ps.fds[i].revents);
        }
    }
    for (int i = 0; i < n_handlers; i++) {
        fd_handler_unref(ps.handlers[i]);
    }
    g_main_context_release(ctx);
    if (ps.fds != ps.fds_stack) {
        g_free(ps.fds);
        g_free(ps.handlers);
    }

    qemu_clock_run_timers(QEMU_CLOCK_REALTIME);
    qemu_clock_run_timers(QEMU_CLOCK_HOST);

    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}
