/*
 * char-fd.c - the abstract "chardev-fd" type: a chardev over an input and
 * an output file descriptor, the base of the file and stdio backends.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "chardev-internal.h"

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return chr_fd_write_all(FD_CHARDEV(chr)->fd_out, buf, len);
}

static void fd_chr_read(Chardev *chr, int fd, int max_len)
{
    uint8_t buf[CHR_READ_BUF_LEN];
    ssize_t len = read(fd, buf, max_len);

    if (len < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (len <= 0) {
        /* End of input: stop watching, as QEMU does. */
        FD_CHARDEV(chr)->fd_in_eof = true;
        remove_fd_in_watch(chr);
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
        return;
    }
    qemu_chr_be_write(chr, buf, len);
}

static void fd_chr_update_read_handler(Chardev *chr)
{
    FDChardev *s = FD_CHARDEV(chr);

    remove_fd_in_watch(chr);
    if (s->fd_in >= 0 && !s->fd_in_eof) {
        chr_fd_watch_add(chr, s->fd_in, fd_chr_read, NULL);
    }
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    return chr_fd_cond_source_new(FD_CHARDEV(chr)->fd_out, cond);
}

void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out)
{
    FDChardev *s = FD_CHARDEV(chr);

    s->fd_in = fd_in;
    s->fd_out = fd_out;
    fd_chr_update_read_handler(chr);
}

static void char_fd_init(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    s->fd_in = -1;
    s->fd_out = -1;
}

static void char_fd_finalize(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    remove_fd_in_watch(CHARDEV(obj));
    if (s->fd_in >= 0 && s->fd_in != s->fd_out) {
        close(s->fd_in);
    }
    if (s->fd_out >= 0) {
        close(s->fd_out);
    }
}

static void char_fd_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->chr_write = fd_chr_write;
    cc->chr_update_read_handler = fd_chr_update_read_handler;
    cc->chr_add_watch = fd_chr_add_watch;
}

static const TypeInfo char_fd_type_info = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = char_fd_init,
    .instance_finalize = char_fd_finalize,
    .class_init = char_fd_class_init,
    .abstract = true,
};

static void register_types(void)
{
    type_register_static(&char_fd_type_info);
}

type_init(register_types)
