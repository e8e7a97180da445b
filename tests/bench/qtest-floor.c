/*
 * qtest-floor: the least a qtest target can do. It connects to the sockets
 * libqtest passes (as a target would), answers "endianness" and every
 * other command with a constant "OK", and QMP with empty returns. Timing
 * it with qtest-bench gives the floor that the socket round trip and the
 * client alone impose on any target (harness or QEMU).
 */
#include <glib.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int connect_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0 || strlen(path) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "qtest-floor: %s: bad socket path\n", path);
        exit(1);
    }
    strcpy(sa.sun_path, path);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        fprintf(stderr, "qtest-floor: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return fd;
}

static void send_all(int fd, const char *s)
{
    size_t len = strlen(s);

    while (len) {
        ssize_t n = write(fd, s, len);

        if (n <= 0) {
            exit(n < 0 ? 1 : 0);
        }
        s += n;
        len -= n;
    }
}

/* "path=P" out of a -chardev socket option string. */
static const char *chardev_path(const char *opts)
{
    const char *p = strstr(opts, "path=");

    return p ? p + 5 : NULL;
}

int main(int argc, char **argv)
{
    int qtest = -1, qmp = -1;
    GString *line = g_string_new(NULL);

    for (int i = 1; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "-qtest") &&
            g_str_has_prefix(argv[i + 1], "unix:")) {
            qtest = connect_unix(argv[++i] + 5);
        } else if (!strcmp(argv[i], "-chardev") && chardev_path(argv[i + 1])) {
            int fd = connect_unix(chardev_path(argv[++i]));

            if (strstr(argv[i], "id=qtest-qmp,")) {
                qmp = fd;
            }
            /* Other chardevs stay connected and unused. */
        }
    }
    if (qtest < 0 || qmp < 0) {
        fprintf(stderr, "qtest-floor: expected libqtest's -qtest and QMP\n");
        return 1;
    }
    send_all(qmp, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n");

    for (;;) {
        struct pollfd fds[2] = {
            { .fd = qtest, .events = POLLIN }, { .fd = qmp, .events = POLLIN },
        };
        char buf[4096];
        ssize_t n;

        if (poll(fds, 2, -1) < 0) {
            return 1;
        }
        if (fds[1].revents) {
            n = read(qmp, buf, sizeof(buf));
            if (n <= 0) {
                return 0;
            }
            /* One command per read is all the handshake needs. */
            send_all(qmp, "{\"return\": {}}\n");
        }
        if (fds[0].revents) {
            n = read(qtest, buf, sizeof(buf));
            if (n <= 0) {
                return 0;
            }
            for (ssize_t i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    g_string_append_c(line, buf[i]);
                    continue;
                }
                send_all(qtest, !strcmp(line->str, "endianness")
                         ? "OK little\n" : "OK 0x0000000000000011\n");
                g_string_truncate(line, 0);
            }
        }
    }
}
