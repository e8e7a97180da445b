/*
 * char-fe.c - the front end (CharBackend): attaching a device to a chardev,
 * its handlers, writes, ioctls and flow control (accept_input re-polls).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "chardev/char-fe.h"
#include "chardev-internal.h"

int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, false) : 0;
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, true) : 0;
}

int qemu_chr_fe_read_all(CharBackend *be, uint8_t *buf, int len)
{
    Chardev *s = be->chr;
    int offset = 0;

    if (!s || !CHARDEV_GET_CLASS(s)->chr_sync_read) {
        return 0;
    }
    while (offset < len) {
        int res = CHARDEV_GET_CLASS(s)->chr_sync_read(s, buf + offset,
                                                      len - offset);
        if (res < 0 && errno == EAGAIN) {
            g_usleep(100);
            continue;
        }
        if (res < 0) {
            return res;
        }
        if (res == 0) {
            break;
        }
        offset += res;
    }
    return offset;
}

int qemu_chr_fe_ioctl(CharBackend *be, int cmd, void *arg)
{
    Chardev *s = be->chr;

    if (!s || !CHARDEV_GET_CLASS(s)->chr_ioctl) {
        return -ENOTSUP;
    }
    return CHARDEV_GET_CLASS(s)->chr_ioctl(s, cmd, arg);
}

int qemu_chr_fe_get_msgfd(CharBackend *be)
{
    int fd;

    return qemu_chr_fe_get_msgfds(be, &fd, 1) == 1 ? fd : -1;
}

int qemu_chr_fe_get_msgfds(CharBackend *be, int *fds, int num)
{
    Chardev *s = be->chr;

    if (!s || !CHARDEV_GET_CLASS(s)->get_msgfds) {
        return -1;
    }
    return CHARDEV_GET_CLASS(s)->get_msgfds(s, fds, num);
}

int qemu_chr_fe_set_msgfds(CharBackend *be, int *fds, int num)
{
    Chardev *s = be->chr;

    if (!s || !CHARDEV_GET_CLASS(s)->set_msgfds) {
        return -1;
    }
    return CHARDEV_GET_CLASS(s)->set_msgfds(s, fds, num);
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *s = be->chr;

    if (!s) {
        return;
    }
    if (CHARDEV_GET_CLASS(s)->chr_accept_input) {
        CHARDEV_GET_CLASS(s)->chr_accept_input(s);
    }
    /* The input watches ask can_read again on the next iteration. */
    chr_wakeup(s);
}

void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
{
    g_autofree char *buf = NULL;
    va_list ap;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_chr_fe_write_all(be, (const uint8_t *)buf, strlen(buf));
}

Chardev *qemu_chr_fe_get_driver(CharBackend *be)
{
    /* Unsafe for front ends that support a backend change, as in QEMU. */
    assert(be->chr_be_change == NULL);
    return be->chr;
}

bool qemu_chr_fe_backend_connected(CharBackend *be)
{
    return be->chr != NULL;
}

bool qemu_chr_fe_backend_open(CharBackend *be)
{
    return be->chr && be->chr->be_open;
}

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp)
{
    if (s->be) {
        error_setg(errp, "Device '%s' is in use",
                   s->label ? s->label : "");
        return false;
    }
    s->be = b;
    b->fe_open = false;
    b->tag = 0;
    b->chr = s;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *b, bool del)
{
    Chardev *chr = b->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(b, NULL, NULL, NULL, NULL, NULL, NULL, true);
    if (chr->be == b) {
        chr->be = NULL;
    }
    b->chr = NULL;
    if (del) {
        if (OBJECT(chr)->parent) {
            object_unparent(OBJECT(chr));
        } else {
            object_unref(OBJECT(chr));
        }
    }
}

void qemu_chr_fe_set_handlers_full(CharBackend *b,
                                   IOCanReadHandler *fd_can_read,
                                   IOReadHandler *fd_read,
                                   IOEventHandler *fd_event,
                                   BackendChangeHandler *be_change,
                                   void *opaque,
                                   GMainContext *context,
                                   bool set_open,
                                   bool sync_state)
{
    Chardev *s = b->chr;
    int fe_open;

    if (!s) {
        return;
    }
    if (!opaque && !fd_can_read && !fd_read && !fd_event) {
        fe_open = 0;
        remove_fd_in_watch(s);
    } else {
        fe_open = 1;
    }
    b->chr_can_read = fd_can_read;
    b->chr_read = fd_read;
    b->chr_event = fd_event;
    b->chr_be_change = be_change;
    b->opaque = opaque;

    qemu_chr_be_update_read_handlers(s, context);

    if (set_open) {
        qemu_chr_fe_set_open(b, fe_open);
    }
    if (fe_open) {
        qemu_chr_fe_take_focus(b);
        /* Connecting to an open backend: report it as if it just opened. */
        if (sync_state && s->be_open) {
            qemu_chr_be_event(s, CHR_EVENT_OPENED);
        }
    }
}

void qemu_chr_fe_set_handlers(CharBackend *b,
                              IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event,
                              BackendChangeHandler *be_change,
                              void *opaque,
                              GMainContext *context,
                              bool set_open)
{
    qemu_chr_fe_set_handlers_full(b, fd_can_read, fd_read, fd_event,
                                  be_change, opaque, context, set_open, true);
}

void qemu_chr_fe_take_focus(CharBackend *b)
{
    /* Only muxed chardevs have a focus; the shim has none. */
    (void)b;
}

int qemu_chr_fe_wait_connected(CharBackend *be, Error **errp)
{
    if (!be->chr) {
        error_setg(errp, "missing associated backend");
        return -1;
    }
    return qemu_chr_wait_connected(be->chr, errp);
}

void qemu_chr_fe_set_echo(CharBackend *be, bool echo)
{
    Chardev *chr = be->chr;

    if (chr && CHARDEV_GET_CLASS(chr)->chr_set_echo) {
        CHARDEV_GET_CLASS(chr)->chr_set_echo(chr, echo);
    }
}

void qemu_chr_fe_set_open(CharBackend *be, int fe_open)
{
    Chardev *chr = be->chr;

    if (!chr || be->fe_open == fe_open) {
        return;
    }
    be->fe_open = fe_open;
    if (CHARDEV_GET_CLASS(chr)->chr_set_fe_open) {
        CHARDEV_GET_CLASS(chr)->chr_set_fe_open(chr, fe_open);
    }
}

guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            FEWatchFunc func, void *user_data)
{
    Chardev *s = be->chr;
    GSource *src;
    guint tag;

    if (!s || !CHARDEV_GET_CLASS(s)->chr_add_watch) {
        return 0;
    }
    src = CHARDEV_GET_CLASS(s)->chr_add_watch(s, cond);
    if (!src) {
        return 0;
    }
    /* chr_fd_cond_source_new()'s dispatch casts it back to FEWatchFunc. */
    g_source_set_callback(src, (GSourceFunc)(void (*)(void))func, user_data,
                          NULL);
    tag = g_source_attach(src, s->gcontext);
    g_source_unref(src);
    return tag;
}

void qemu_chr_fe_disconnect(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (chr && CHARDEV_GET_CLASS(chr)->chr_disconnect) {
        CHARDEV_GET_CLASS(chr)->chr_disconnect(chr);
    }
}
