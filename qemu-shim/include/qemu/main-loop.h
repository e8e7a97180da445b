/*
 * qemu/main-loop.h - the Big QEMU Lock (BQL), QEMU 7.2 names.
 *
 * The shim has one GLib main context (g_main_context_default()), owned by
 * the host. Device callbacks run with the BQL held; the lock is a GMutex
 * plus a thread-local "held" flag, so qemu_mutex_iothread_locked() answers
 * for the calling thread and locking it twice aborts, as in QEMU.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* True if the calling thread holds the BQL. */
bool qemu_mutex_iothread_locked(void);

/* True on the thread that holds the BQL (the shim's "main thread"). */
bool qemu_in_main_thread(void);

/* Take the BQL; aborts with a message if this thread already holds it. */
void qemu_mutex_lock_iothread_impl(const char *file, int line);
#define qemu_mutex_lock_iothread() \
    qemu_mutex_lock_iothread_impl(__FILE__, __LINE__)

/* Release the BQL; aborts with a message if this thread does not hold it. */
void qemu_mutex_unlock_iothread(void);

/*
 * QEMU_IOTHREAD_LOCK_GUARD(): hold the BQL until the end of the scope,
 * unless the caller already held it.
 */
typedef struct IOThreadLockAuto IOThreadLockAuto;

static inline IOThreadLockAuto *qemu_iothread_auto_lock(const char *file,
                                                        int line)
{
    if (qemu_mutex_iothread_locked()) {
        return NULL;
    }
    qemu_mutex_lock_iothread_impl(file, line);
    /* Any non-NULL value makes the cleanup function run. */
    return (IOThreadLockAuto *)(uintptr_t)1;
}

static inline void qemu_iothread_auto_unlock(IOThreadLockAuto *l)
{
    (void)l;
    qemu_mutex_unlock_iothread();
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IOThreadLockAuto, qemu_iothread_auto_unlock)

#define QEMU_IOTHREAD_LOCK_GUARD()                                  \
    g_autoptr(IOThreadLockAuto) _iothread_lock_auto G_GNUC_UNUSED = \
        qemu_iothread_auto_lock(__FILE__, __LINE__)

/* Code that must run with the BQL held (QEMU asserts the main thread). */
#define GLOBAL_STATE_CODE() assert(qemu_in_main_thread())
#define IO_CODE() do { } while (0)
#define IO_OR_GS_CODE() do { } while (0)

/*
 * Shim-only macro: abort with a message naming the caller unless the
 * calling thread holds the BQL. The C++ bindings assert this on every
 * callback. Inline over qemu_mutex_iothread_locked(), which QEMU 7.2
 * exports, so a module using it still loads into the real qemu-system-arm.
 */
static inline void qemu_shim_assert_bql_held_at(const char *file, int line)
{
    if (unlikely(!qemu_mutex_iothread_locked())) {
        fprintf(stderr, "%s:%d: the BQL must be held here\n", file, line);
        abort();
    }
}
#define qemu_shim_assert_bql_held() \
    qemu_shim_assert_bql_held_at(__FILE__, __LINE__)

/*
 * One iteration of the main loop: one poll over the shim's fd handlers
 * (below) and the default GLib main context's sources, then their
 * dispatch and the REALTIME/HOST timers; if @nonblocking is zero, wait for
 * an event first. The BQL is released while waiting and held for the rest
 * (taken for the call if the caller did not hold it).
 */
void main_loop_wait(int nonblocking);

/*
 * Shim only: an fd polled by main_loop_wait() itself, as QEMU's
 * iohandlers (qemu_set_fd_handler) are, without a GSource: GLib's
 * prepare/query/check of a source cost more than the rest of a qtest
 * round trip. Before each poll @prepare says what to poll @fd for (0: not
 * this time); it must not add or remove handlers. @dispatch runs with the
 * BQL held when the poll found any of that (or G_IO_HUP/G_IO_ERR). A plain
 * GLib iteration does not see these handlers.
 */
typedef struct QemuShimFdHandler QemuShimFdHandler;
typedef GIOCondition QemuShimFdPrepare(void *opaque);
typedef void QemuShimFdDispatch(void *opaque, GIOCondition revents);

QemuShimFdHandler *qemu_shim_fd_handler_add(int fd,
                                            QemuShimFdPrepare *prepare,
                                            QemuShimFdDispatch *dispatch,
                                            void *opaque);
/* Stop polling; safe from any handler, the handler's own dispatch too. */
void qemu_shim_fd_handler_remove(QemuShimFdHandler *h);

/* Wake up main_loop_wait(). */
void qemu_notify_event(void);

G_END_DECLS

#endif /* QEMU_MAIN_LOOP_H */
