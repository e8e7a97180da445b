/*
 * char-socket.c - the "socket" backend on a unix path: a server
 * (server=on) takes one client at a time and listens again when it leaves;
 * a client (server=off) connects at open. Writes with no peer are dropped,
 * as in QEMU; input is read only while the front end can take it.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib-unix.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "chardev/char-fe.h"
#include "chardev-internal.h"

typedef struct SocketChardev {
    Chardev parent;
    char *path;
    bool is_listen;
    int listen_fd;
    GSource *listen_source;
    int fd;                 /* the connected peer, or -1 */
} SocketChardev;

#define SOCKET_CHARDEV(obj) \
    OBJECT_CHECK(SocketChardev, (obj), TYPE_CHARDEV_SOCKET)

/* delay/nodelay only matter for TCP; QEMU takes them for unix too. */
static const char *const socket_opts[] = {
    "path", "server", "wait", "delay", "nodelay", NULL,
};

static void tcp_chr_update_filename(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    g_free(chr->filename);
    chr->filename = g_strdup_printf("%sunix:%s%s",
                                    s->fd < 0 ? "disconnected:" : "",
                                    s->path,
                                    s->is_listen ? ",server=on" : "");
}

static gboolean tcp_chr_accept(gint fd, GIOCondition cond, gpointer opaque);

/* Accept a pending client on @listen_fd as a non-blocking, close-on-exec fd. */
static int unix_accept(int listen_fd)
{
    int fd = accept(listen_fd, NULL, NULL);

    if (fd >= 0) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        g_unix_set_fd_nonblocking(fd, true, NULL);
    }
    return fd;
}

static void tcp_chr_listen_stop(SocketChardev *s)
{
    if (s->listen_source) {
        g_source_destroy(s->listen_source);
        g_source_unref(s->listen_source);
        s->listen_source = NULL;
    }
}

static void tcp_chr_listen_start(SocketChardev *s)
{
    tcp_chr_listen_stop(s);
    s->listen_source = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_source, G_SOURCE_FUNC(tcp_chr_accept),
                          s, NULL);
    g_source_attach(s->listen_source, CHARDEV(s)->gcontext);
}

/* Drop the connection without telling the front end (finalize). */
static void tcp_chr_free_connection(SocketChardev *s)
{
    remove_fd_in_watch(CHARDEV(s));
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

static void tcp_chr_disconnect(SocketChardev *s)
{
    if (s->fd < 0) {
        return;
    }
    tcp_chr_free_connection(s);
    tcp_chr_update_filename(s);
    if (s->is_listen) {
        tcp_chr_listen_start(s);
    }
    qemu_chr_be_event(CHARDEV(s), CHR_EVENT_CLOSED);
}

static void tcp_chr_read(Chardev *chr, int fd, int max_len)
{
    uint8_t buf[CHR_READ_BUF_LEN];
    ssize_t len = recv(fd, buf, max_len, 0);

    if (len < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (len <= 0) {
        tcp_chr_disconnect(SOCKET_CHARDEV(chr));
        return;
    }
    qemu_chr_be_write(chr, buf, len);
}

/*
 * The peer hung up: the connection goes at once, as in QEMU 7.2, so that
 * the next client can connect. What the front end already took stays in
 * the device; what the peer sent beyond that is dropped with the socket.
 * The input watch hears the hang-up even while the front end is full.
 */
static void tcp_chr_hup(Chardev *chr)
{
    tcp_chr_disconnect(SOCKET_CHARDEV(chr));
}

static void tcp_chr_new_client(SocketChardev *s, int fd)
{
    Chardev *chr = CHARDEV(s);

    s->fd = fd;
    tcp_chr_listen_stop(s);     /* one client at a time */
    tcp_chr_update_filename(s);
    chr_fd_watch_add(chr, fd, tcp_chr_read, tcp_chr_hup);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static gboolean tcp_chr_accept(gint fd, GIOCondition cond, gpointer opaque)
{
    SocketChardev *s = opaque;
    int cfd;

    (void)cond;
    cfd = unix_accept(fd);
    if (cfd >= 0) {
        tcp_chr_new_client(s, cfd);     /* removes this source */
    }
    return G_SOURCE_CONTINUE;
}

static int tcp_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->fd < 0) {
        return len;     /* no peer: dropped, as QEMU does */
    }
    /* On EPIPE the hang-up watch or the reader tears the connection down. */
    return send(s->fd, buf, len, MSG_NOSIGNAL);
}

static void tcp_chr_update_read_handler(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->fd >= 0) {
        chr_fd_watch_add(chr, s->fd, tcp_chr_read, tcp_chr_hup);
    } else if (s->listen_source) {
        tcp_chr_listen_start(s);    /* follow a new context */
    }
}

static GSource *tcp_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    return s->fd < 0 ? NULL : chr_fd_cond_source_new(s->fd, cond);
}

static void tcp_chr_disconnect_fe(Chardev *chr)
{
    tcp_chr_disconnect(SOCKET_CHARDEV(chr));
}

static int tcp_chr_wait_connected(Chardev *chr, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    while (s->fd < 0) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
        int cfd;

        if (!s->is_listen) {
            error_setg(errp, "chardev '%s' is not connected",
                       chr->label ? chr->label : "");
            return -1;
        }
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            error_setg_errno(errp, errno, "Failed to wait for a connection");
            return -1;
        }
        cfd = unix_accept(s->listen_fd);
        if (cfd >= 0) {
            tcp_chr_new_client(s, cfd);
        }
    }
    return 0;
}

static bool unix_addr(struct sockaddr_un *un, const char *path, Error **errp)
{
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(un->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        error_append_hint(errp, "Path must be less than %zu bytes\n",
                          sizeof(un->sun_path));
        return false;
    }
    strcpy(un->sun_path, path);
    return true;
}

static int unix_listen(const char *path, Error **errp)
{
    struct sockaddr_un un;
    int fd;

    if (!unix_addr(&un, path, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "Failed to unlink socket %s", path);
        goto fail;
    }
    if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", path);
        goto fail;
    }
    if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        unlink(path);
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

static int unix_connect(const char *path, Error **errp)
{
    struct sockaddr_un un;
    int fd;

    if (!unix_addr(&un, path, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'", path);
        close(fd);
        return -1;
    }
    g_unix_set_fd_nonblocking(fd, true, NULL);
    return fd;
}

static void tcp_chr_open(Chardev *chr, ChardevBackend *backend,
                         bool *be_opened, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    const char *path = chardev_opt_get(backend, "path");
    bool server, wait;
    int fd;

    *be_opened = false;     /* a connection opens it */
    if (!chardev_opt_get_bool(backend, "server", false, &server, errp) ||
        !chardev_opt_get_bool(backend, "wait", true, &wait, errp)) {
        return;
    }
    if (!path) {
        error_setg(errp, "chardev: socket: no path given "
                   "(qemu-shim has unix sockets only)");
        return;
    }
    if (!server && chardev_opt_get(backend, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return;
    }

    s->path = g_strdup(path);
    s->is_listen = server;
    tcp_chr_update_filename(s);
    if (!server) {
        fd = unix_connect(path, errp);
        if (fd >= 0) {
            tcp_chr_new_client(s, fd);
        }
        return;
    }

    s->listen_fd = unix_listen(path, errp);
    if (s->listen_fd < 0) {
        return;
    }
    if (wait) {
        info_report("QEMU waiting for connection on: %s", chr->filename);
        tcp_chr_wait_connected(chr, errp);
    } else {
        tcp_chr_listen_start(s);
    }
}

static void char_socket_init(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    s->listen_fd = -1;
    s->fd = -1;
}

static void char_socket_finalize(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    tcp_chr_free_connection(s);
    tcp_chr_listen_stop(s);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        unlink(s->path);
    }
    g_free(s->path);
}

static void char_socket_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->qemu_shim_options = socket_opts;
    cc->open = tcp_chr_open;
    cc->chr_write = tcp_chr_write;
    cc->chr_update_read_handler = tcp_chr_update_read_handler;
    cc->chr_add_watch = tcp_chr_add_watch;
    cc->chr_disconnect = tcp_chr_disconnect_fe;
    cc->chr_wait_connected = tcp_chr_wait_connected;
}

static const TypeInfo char_socket_type_info = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = char_socket_init,
    .instance_finalize = char_socket_finalize,
    .class_init = char_socket_class_init,
};

static void register_types(void)
{
    type_register_static(&char_socket_type_info);
}

type_init(register_types)
