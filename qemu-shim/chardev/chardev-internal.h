/*
 * chardev-internal.h - what the shim's chardev backends share and devices
 * never see: the parsed option set (ChardevBackend), the flow-controlled
 * fd input watch, and the fd-backed base type of file and stdio.
 */
#ifndef CHARDEV_INTERNAL_H
#define CHARDEV_INTERNAL_H

#include "chardev/char.h"

/* ---- Parsed "-chardev" options (char-opts.c) ---- */

/* The backend ("driver") name and key=value pairs; later keys win. */
struct ChardevBackend {
    char *driver;
    GPtrArray *names;
    GPtrArray *values;
};

ChardevBackend *chardev_backend_new(const char *driver);
void chardev_backend_free(ChardevBackend *backend);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChardevBackend, chardev_backend_free)
void chardev_backend_add(ChardevBackend *backend, const char *name,
                         const char *value);

/* The last value given for @name, or NULL (also for a NULL @backend). */
const char *chardev_opt_get(ChardevBackend *backend, const char *name);

/* @name as "on"/"off" (QEMU's spellings), @def if absent. */
bool chardev_opt_get_bool(ChardevBackend *backend, const char *name,
                          bool def, bool *value, Error **errp);

/* @name as a size with an optional k/M/G/T/P/E suffix, @def if absent. */
bool chardev_opt_get_size(ChardevBackend *backend, const char *name,
                          uint64_t def, uint64_t *value, Error **errp);

/* ---- Input watch (char-io.c) ---- */

/*
 * Called when @fd is readable (or hung up) and the front end can take
 * @max_len > 0 bytes. To stop watching, call remove_fd_in_watch().
 */
typedef void ChrFdReadFunc(Chardev *chr, int fd, int max_len);

/* Called when @chr's fd hangs up or fails (after any input was read). */
typedef void ChrFdHupFunc(Chardev *chr);

/*
 * Watch @fd for input on @chr's context, but only while the front end can
 * receive: while qemu_chr_be_can_write() is 0 the fd is not polled for input,
 * so unread bytes stay in the kernel (lossless flow control). With @hup, a
 * hang-up or error is heard even then and calls it; without, the fd is not
 * polled at all then. The watch is chr->gsource; on the default context
 * main_loop_wait() polls it as a main-loop fd handler (a plain GLib
 * iteration does not), on another it is that context's GSource.
 * qemu_chr_fe_accept_input() wakes the context to re-poll.
 */
void chr_fd_watch_add(Chardev *chr, int fd, ChrFdReadFunc *func,
                      ChrFdHupFunc *hup);
void remove_fd_in_watch(Chardev *chr);

/*
 * A watch for a queue inside the process: @func runs while @ready says
 * there is input and the front end can take some.
 */
typedef bool ChrQueueReadyFunc(Chardev *chr);
typedef void ChrQueueDeliverFunc(Chardev *chr);
void chr_queue_watch_add(Chardev *chr, ChrQueueReadyFunc *ready,
                         ChrQueueDeliverFunc *deliver);

/*
 * A source for qemu_chr_fe_add_watch(): runs the FEWatchFunc set as its
 * callback while @cond holds on @fd.
 */
GSource *chr_fd_cond_source_new(int fd, GIOCondition cond);

/* Wake @chr's context so that its watches poll the front end again. */
void chr_wakeup(Chardev *chr);

/* Take the BQL unless the calling thread holds it; returns whether it did. */
bool chr_bql_acquire(void);
void chr_bql_release(bool taken);

/* Write all of @buf to a blocking or non-blocking fd; -1 and errno on error. */
int chr_fd_write_all(int fd, const uint8_t *buf, int len);

/* ---- Backends on a pair of file descriptors (char-fd.c) ---- */

#define TYPE_CHARDEV_FD "chardev-fd"
typedef struct FDChardev {
    Chardev parent;
    int fd_in;      /* -1: no input */
    int fd_out;
    bool fd_in_eof;     /* input ended: no more watching */
} FDChardev;
#define FD_CHARDEV(obj) OBJECT_CHECK(FDChardev, (obj), TYPE_CHARDEV_FD)

/* Take ownership of @fd_in (may be -1) and @fd_out. */
void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out);

#endif /* CHARDEV_INTERNAL_H */
