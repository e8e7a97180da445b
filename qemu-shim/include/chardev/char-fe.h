/*
 * chardev/char-fe.h - the front end of a character device (QEMU 7.2's
 * CharBackend): what a device such as a UART holds to talk to a Chardev.
 * Every front-end callback runs with the BQL held.
 */
#ifndef QEMU_CHAR_FE_H
#define QEMU_CHAR_FE_H

#include "qemu/osdep.h"
#include "chardev/char.h"
#include "qemu/main-loop.h"

G_BEGIN_DECLS

/* QEMU declares these two in qemu/main-loop.h; identical typedefs may repeat. */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);

typedef void IOEventHandler(void *opaque, QEMUChrEvent event);
typedef int BackendChangeHandler(void *opaque);

/* This is the backend as seen by frontend, the actual backend is Chardev. */
struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    BackendChangeHandler *chr_be_change;
    void *opaque;
    int tag;
    int fe_open;
};

/*
 * Attach @b to @s. A chardev has at most one front end: a second one gets
 * "Device 'ID' is in use". Returns false on error.
 */
bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp);

/* Detach @b from its chardev (if any); with @del, delete the chardev too. */
void qemu_chr_fe_deinit(CharBackend *b, bool del);

/* The chardev behind @be, or NULL. */
Chardev *qemu_chr_fe_get_driver(CharBackend *be);

/* True if a chardev is attached to @be. */
bool qemu_chr_fe_backend_connected(CharBackend *be);

/* True if the attached chardev is open (e.g. a socket has a peer). */
bool qemu_chr_fe_backend_open(CharBackend *be);

/*
 * Set the front end's handlers. Input is delivered with @fd_read only as far
 * as @fd_can_read allows; the rest stays in the backend until
 * qemu_chr_fe_accept_input(). @context NULL means the default main context.
 * With @set_open, the front end is marked open if any handler is non-NULL.
 * With @sync_state, an already open backend reports CHR_EVENT_OPENED at once.
 */
void qemu_chr_fe_set_handlers_full(CharBackend *b,
                                   IOCanReadHandler *fd_can_read,
                                   IOReadHandler *fd_read,
                                   IOEventHandler *fd_event,
                                   BackendChangeHandler *be_change,
                                   void *opaque,
                                   GMainContext *context,
                                   bool set_open,
                                   bool sync_state);

/* qemu_chr_fe_set_handlers_full() with sync_state = true. */
void qemu_chr_fe_set_handlers(CharBackend *b,
                              IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event,
                              BackendChangeHandler *be_change,
                              void *opaque,
                              GMainContext *context,
                              bool set_open);

/* Take the focus if the front end is muxed (the shim has no mux). */
void qemu_chr_fe_take_focus(CharBackend *b);

/* The front end can take input again: the backend polls can_read anew. */
void qemu_chr_fe_accept_input(CharBackend *be);

/* Close the connection a socket backend accepted. */
void qemu_chr_fe_disconnect(CharBackend *be);

/* Block until the backend is connected; < 0 on error. */
int qemu_chr_fe_wait_connected(CharBackend *be, Error **errp);

/* Ask the backend to override its echo setting (stdio only). */
void qemu_chr_fe_set_echo(CharBackend *be, bool echo);

/* Tell the backend whether the front end is ready for I/O. */
void qemu_chr_fe_set_open(CharBackend *be, int fe_open);

/* Write formatted text with qemu_chr_fe_write_all(). */
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

typedef gboolean (*FEWatchFunc)(void *do_not_use, GIOCondition condition,
                                void *data);

/*
 * Call @func when @cond (typically G_IO_OUT | G_IO_HUP) holds for the
 * backend; returns the GSource tag, or 0 without a chardev or if the backend
 * cannot be watched. Do not use the first callback argument.
 */
guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            FEWatchFunc func, void *user_data);

/*
 * Write without blocking. Returns the number of bytes consumed (possibly
 * fewer than @len, or -1 with errno EAGAIN), 0 if no chardev is attached.
 */
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);

/* Write everything, blocking if needed; 0 if no chardev is attached. */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);

/* Read synchronously (backends with chr_sync_read only); else 0. */
int qemu_chr_fe_read_all(CharBackend *be, uint8_t *buf, int len);

/*
 * Device-specific ioctl (see chardev/char-serial.h): -ENOTSUP if the
 * backend does not know @cmd or no chardev is attached.
 */
int qemu_chr_fe_ioctl(CharBackend *be, int cmd, void *arg);

/* fd passing: not supported by any shim backend, so always -1. */
int qemu_chr_fe_get_msgfd(CharBackend *be);
int qemu_chr_fe_get_msgfds(CharBackend *be, int *fds, int num);
int qemu_chr_fe_set_msgfds(CharBackend *be, int *fds, int num);

G_END_DECLS

#endif /* QEMU_CHAR_FE_H */
