/*
 * char-stdio.c - the "stdio" backend: the process's stdin and stdout.
 * One per process; stdin is made non-blocking and, on a terminal, raw
 * (ISIG kept with signal=on, the default), both undone on finalize or
 * at exit.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <termios.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "chardev-internal.h"

static const char *const stdio_opts[] = { "signal", NULL };

static Chardev *stdio_owner;     /* the one stdio chardev, or NULL */
static bool stdio_allow_signal;
static bool stdio_is_tty;
static int old_fd0_flags;
static struct termios oldtty;
static bool atexit_done;

static void qemu_chr_set_echo_stdio(Chardev *chr, bool echo)
{
    struct termios tty = oldtty;

    (void)chr;
    if (!stdio_is_tty) {
        return;
    }
    if (!echo) {
        tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                         ICRNL | IXON);
        tty.c_oflag |= OPOST;
        tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
        tty.c_cflag &= ~(CSIZE | PARENB);
        tty.c_cflag |= CS8;
        tty.c_cc[VMIN] = 1;
        tty.c_cc[VTIME] = 0;
    }
    if (!stdio_allow_signal) {
        tty.c_lflag &= ~ISIG;
    }
    tcsetattr(0, TCSANOW, &tty);
}

/* Give the terminal back as it was. */
static void term_exit(void)
{
    if (!stdio_owner) {
        return;
    }
    if (stdio_is_tty) {
        tcsetattr(0, TCSANOW, &oldtty);
    }
    if (old_fd0_flags >= 0) {
        fcntl(0, F_SETFL, old_fd0_flags);
    }
}

static void stdio_chr_open(Chardev *chr, ChardevBackend *backend,
                           bool *be_opened, Error **errp)
{
    int in, out;

    (void)be_opened;
    if (stdio_owner) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return;
    }
    if (!chardev_opt_get_bool(backend, "signal", true, &stdio_allow_signal,
                              errp)) {
        return;
    }
    /* Our own descriptors, so that finalize closes neither 0 nor 1. */
    in = fcntl(0, F_DUPFD_CLOEXEC, 3);
    out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (in < 0 || out < 0) {
        error_setg_errno(errp, errno, "cannot use stdio");
        if (in >= 0) {
            close(in);
        }
        if (out >= 0) {
            close(out);
        }
        return;
    }
    old_fd0_flags = fcntl(0, F_GETFL);
    if (old_fd0_flags >= 0) {
        fcntl(0, F_SETFL, old_fd0_flags | O_NONBLOCK);
    }
    stdio_is_tty = tcgetattr(0, &oldtty) == 0;
    stdio_owner = chr;
    /* Also when the program exits without deleting its chardevs. */
    if (!atexit_done) {
        atexit(term_exit);
        atexit_done = true;
    }
    qemu_chr_open_fd(chr, in, out);
    qemu_chr_set_echo_stdio(chr, false);
}

static void char_stdio_finalize(Object *obj)
{
    if (CHARDEV(obj) != stdio_owner) {
        return;     /* this one failed to open */
    }
    term_exit();
    stdio_owner = NULL;
}

static void char_stdio_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->qemu_shim_options = stdio_opts;
    cc->open = stdio_chr_open;
    cc->chr_set_echo = qemu_chr_set_echo_stdio;
}

static const TypeInfo char_stdio_type_info = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_finalize = char_stdio_finalize,
    .class_init = char_stdio_class_init,
};

static void register_types(void)
{
    type_register_static(&char_stdio_type_info);
}

type_init(register_types)
