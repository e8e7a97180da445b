/*
 * Unit tests for the socket chardev on a unix path: a server with clients
 * coming and going (OPENED/CLOSED, one at a time, writes without a peer
 * dropped), client mode, wait=on, bytes left in the socket while the front
 * end is full, lossless 100,000 bytes, a re-entrant echo, input that
 * leaves no wake-up behind, a nested loop that does not re-enter the read
 * handler, and a write watch that waits for the peer to read.
 */
#include "chardev-test.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <glib-unix.h>

static char *sock_path;

static void socket_setup(void)
{
    test_setup();
    sock_path = test_tmp_path("sock");
}

static void socket_teardown(void)
{
    test_teardown();
    test_tmp_remove(sock_path);
    g_free(sock_path);
}

static Chardev *new_server(const char *id)
{
    g_autofree char *opts =
        g_strdup_printf("socket,id=%s,path=%s,server=on,wait=off", id,
                        sock_path);

    return test_chr_new(opts);
}

static int client_connect(void)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    g_strlcpy(un.sun_path, sock_path, sizeof(un.sun_path));
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&un, sizeof(un)), 0);
    return fd;
}

static void client_send(int fd, const char *s)
{
    ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/* Read exactly @len bytes from @fd, iterating the loop meanwhile. */
static void client_expect(int fd, const char *expected)
{
    size_t len = strlen(expected), got = 0;
    char buf[256];

    ck_assert_uint_lt(len, sizeof(buf));
    while (got < len) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };

        main_loop_wait(true);
        if (poll(&pfd, 1, 10) == 1) {
            ssize_t n = read(fd, buf + got, len - got);
            ck_assert_int_gt(n, 0);
            got += n;
        }
    }
    ck_assert(!memcmp(buf, expected, len));
}

/* Not a byte count on unix sockets, but 0 exactly when all was read. */
static int unsent_bytes(int fd)
{
    int n = -1;

    ck_assert_int_eq(ioctl(fd, TIOCOUTQ, &n), 0);
    return n;
}

START_TEST(test_server_clients_come_and_go)
{
    Chardev *chr = new_server("s0");
    g_autofree char *disconnected =
        g_strdup_printf("disconnected:unix:%s,server=on", sock_path);
    g_autofree char *connected = g_strdup_printf("unix:%s,server=on",
                                                 sock_path);
    TestFE fe;
    int fd;

    ck_assert_str_eq(chr->filename, disconnected);
    test_fe_attach(&fe, chr);
    ck_assert_int_eq(fe.nevents, 0);
    /* No client: written bytes are dropped, as QEMU does. */
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"lost", 4),
                     4);

    for (int round = 0; round < 3; round++) {
        fd = client_connect();
        TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == round + 1);
        ck_assert(qemu_chr_fe_backend_open(&fe.be));
        ck_assert_str_eq(chr->filename, connected);

        client_send(fd, "hello");
        TEST_RUN_UNTIL(fe.rx->len == 5);
        ck_assert(!memcmp(fe.rx->data, "hello", 5));
        g_byte_array_set_size(fe.rx, 0);
        ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be,
                                               (const uint8_t *)"world", 5), 5);
        client_expect(fd, "world");

        close(fd);
        TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == round + 1);
        ck_assert(!qemu_chr_fe_backend_open(&fe.be));
        ck_assert_str_eq(chr->filename, disconnected);
    }
    ck_assert(fe.bql_always_held);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_server_one_client_at_a_time)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int first, second;

    test_fe_attach(&fe, chr);
    first = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);

    /* The second waits in the backlog, unserved. */
    second = client_connect();
    client_send(second, "2nd");
    for (int i = 0; i < 50; i++) {
        main_loop_wait(true);
        g_usleep(100);
    }
    ck_assert_uint_eq(fe.rx->len, 0);
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 1);
    client_send(first, "1st");
    TEST_RUN_UNTIL(fe.rx->len == 3);

    /* When the first leaves, the second is taken with its bytes. */
    close(first);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 2);
    ck_assert_int_eq(fe.events[CHR_EVENT_CLOSED], 1);
    TEST_RUN_UNTIL(fe.rx->len == 6);
    ck_assert(!memcmp(fe.rx->data, "1st2nd", 6));
    close(second);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 2);
    test_fe_detach(&fe);
}
END_TEST

/* Without a front end, a client leaving still frees the place. */
START_TEST(test_server_without_front_end)
{
    Chardev *chr = new_server("s0");
    int fd = client_connect();

    TEST_RUN_UNTIL(chr->be_open);
    client_send(fd, "ignored");
    close(fd);
    TEST_RUN_UNTIL(!chr->be_open);
    fd = client_connect();
    TEST_RUN_UNTIL(chr->be_open);
    close(fd);
    TEST_RUN_UNTIL(!chr->be_open);
}
END_TEST

/*
 * A client that sends and hangs up at once: the front end gets what it can
 * take before the connection goes, as in QEMU (its input watch comes
 * before the hang-up watch), whether it was attached before the client
 * connected or after.
 */
START_TEST(test_server_send_then_hang_up)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    for (int attach_first = 0; attach_first < 2; attach_first++) {
        if (attach_first) {
            test_fe_attach(&fe, chr);
        }
        fd = client_connect();
        TEST_RUN_UNTIL(chr->be_open);
        if (!attach_first) {
            test_fe_attach(&fe, chr);
        }
        client_send(fd, "last words");
        close(fd);
        TEST_RUN_UNTIL(!chr->be_open);
        ck_assert_uint_eq(fe.rx->len, 10);
        ck_assert(!memcmp(fe.rx->data, "last words", 10));
        test_fe_detach(&fe);
    }
}
END_TEST

START_TEST(test_server_disconnect_from_front_end)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    char c;
    int fd;

    test_fe_attach(&fe, chr);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    qemu_chr_fe_disconnect(&fe.be);
    ck_assert_int_eq(fe.events[CHR_EVENT_CLOSED], 1);
    ck_assert_int_eq(read(fd, &c, 1), 0);     /* the client sees EOF */
    close(fd);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 2);
    close(fd);
    test_fe_detach(&fe);
}
END_TEST

/* A handler that deletes its own chardev, and writes to a gone peer. */
static void delete_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *fe = (TestFE *)opaque;

    test_fe_read(opaque, buf, size);
    qemu_chr_fe_deinit(&fe->be, true);
}

START_TEST(test_server_handler_deletes_chardev)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    test_fe_attach(&fe, chr);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);

    /* The peer is gone before the loop notices: no SIGPIPE, no crash. */
    close(fd);
    qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"late", 4);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);

    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, delete_read,
                             test_fe_event, NULL, &fe, NULL, true);
    fd = client_connect();
    client_send(fd, "bye");
    TEST_RUN_UNTIL(!qemu_chr_find("s0"));
    ck_assert_uint_ge(fe.rx->len, 1);
    close(fd);
    test_fe_detach(&fe);
}
END_TEST

/* Bytes the front end cannot take stay in the socket until a hang-up. */
START_TEST(test_server_full_front_end_hang_up)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    test_fe_attach(&fe, chr);
    fe.fifo_size = 4;
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    client_send(fd, "0123456789");
    TEST_RUN_UNTIL(fe.rx->len == 4);
    for (int i = 0; i < 50; i++) {
        main_loop_wait(true);
    }
    ck_assert_uint_eq(fe.rx->len, 4);
    ck_assert_int_gt(unsent_bytes(fd), 0);

    /*
     * A hang-up drops the connection at once, as QEMU 7.2 does: what the
     * front end took stays, the rest goes with the socket, and the next
     * client connects and is heard.
     */
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    ck_assert_uint_eq(fe.rx->len, 4);
    test_fe_drain(&fe);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 2);
    client_send(fd, "ab");
    TEST_RUN_UNTIL(fe.rx->len == 6);
    ck_assert(!memcmp(fe.rx->data, "0123ab", 6));
    close(fd);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_server_flow_control_lossless)
{
    enum { TOTAL = 100000 };
    Chardev *chr = new_server("s0");
    g_autofree uint8_t *data = g_malloc(TOTAL);
    size_t sent = 0;
    TestFE fe;
    int fd;

    for (size_t i = 0; i < TOTAL; i++) {
        data[i] = (uint8_t)(i * 13 + i / 241);
    }
    test_fe_attach(&fe, chr);
    fe.fifo_size = 16;
    fe.max_chunk = 3;
    fd = client_connect();
    g_unix_set_fd_nonblocking(fd, true, NULL);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);

    while (fe.rx->len < TOTAL) {
        if (sent < TOTAL) {
            ssize_t n = send(fd, data + sent, TOTAL - sent, 0);
            if (n > 0) {
                sent += n;
            }
        }
        main_loop_wait(true);
        if (fe.fifo_len == fe.fifo_size) {
            test_fe_drain(&fe);
        }
    }
    ck_assert(!memcmp(fe.rx->data, data, TOTAL));
    ck_assert(fe.bql_always_held);
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_server_reentrant_echo)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    test_fe_attach(&fe, chr);
    fe.echo = true;
    fe.max_chunk = 2;
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    client_send(fd, "echo, echo");
    client_expect(fd, "echo, echo");
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

/*
 * The poll of one non-blocking iteration, as a poll function: how many fds
 * it found ready. A wake-up left behind shows as the context's eventfd.
 */
static int ready_fds;

static gint count_ready_poll(GPollFD *fds, guint nfds, gint timeout)
{
    gint n = g_poll(fds, nfds, timeout);

    ready_fds = MAX(n, 0);
    return n;
}

static int ready_after_one_iteration(void)
{
    GMainContext *ctx = g_main_context_default();
    GPollFunc saved = g_main_context_get_poll_func(ctx);

    ready_fds = -1;
    g_main_context_set_poll_func(ctx, count_ready_poll);
    g_main_context_iteration(ctx, FALSE);
    g_main_context_set_poll_func(ctx, saved);
    return ready_fds;
}

/* A device that empties its FIFO as it receives (say, a DR read). */
static void drain_on_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *fe = opaque;

    test_fe_read(fe, buf, size);
    test_fe_drain(fe);
}

/*
 * Input costs the loop one poll and one recv: dispatching the watch, and a
 * front end that says "accept input" from its read handler, leave no
 * wake-up of the context behind for the next poll to find (GLib's
 * blocking of a dispatching source wrote its eventfd twice per input).
 */
START_TEST(test_server_input_leaves_no_wakeup)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    test_fe_attach(&fe, chr);
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, drain_on_read,
                             test_fe_event, NULL, &fe, NULL, true);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    test_run_pending();

    for (int i = 1; i <= 3; i++) {
        client_send(fd, "ab");
        TEST_RUN_UNTIL(fe.rx->len == 2 * (size_t)i);
        ck_assert_int_eq(ready_after_one_iteration(), 0);
    }
    ck_assert(!memcmp(fe.rx->data, "ababab", 6));

    /* A full front end still resumes on accept_input from outside. */
    fe.fifo_size = 2;
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, test_fe_read,
                             test_fe_event, NULL, &fe, NULL, true);
    client_send(fd, "cdef");
    TEST_RUN_UNTIL(fe.rx->len == 8);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 8);
    test_fe_drain(&fe);
    TEST_RUN_UNTIL(fe.rx->len == 10);
    ck_assert(!memcmp(fe.rx->data, "abababcdef", 10));
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

/*
 * A read handler that runs the loop (as a blocking monitor command might)
 * is not entered again from inside: the bytes still pending wait for it to
 * return, and arrive in order.
 */
static int read_depth, read_depth_max;

static void nesting_read(void *opaque, const uint8_t *buf, int size)
{
    read_depth++;
    read_depth_max = MAX(read_depth_max, read_depth);
    test_fe_read(opaque, buf, size);
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
    read_depth--;
}

START_TEST(test_server_nested_loop_does_not_reenter)
{
    Chardev *chr = new_server("s0");
    TestFE fe;
    int fd;

    test_fe_attach(&fe, chr);
    fe.max_chunk = 1;
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, nesting_read,
                             test_fe_event, NULL, &fe, NULL, true);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    read_depth = read_depth_max = 0;
    client_send(fd, "nested");
    TEST_RUN_UNTIL(fe.rx->len == 6);
    ck_assert(!memcmp(fe.rx->data, "nested", 6));
    ck_assert_int_eq(read_depth_max, 1);
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

static gboolean note_cond(void *do_not_use, GIOCondition cond, void *data)
{
    (void)do_not_use;
    *(GIOCondition *)data |= cond;
    return G_SOURCE_REMOVE;
}

/*
 * Output flow control: with the peer not reading, writes stop at EAGAIN and
 * a G_IO_OUT watch stays quiet; it fires once the peer has read.
 */
START_TEST(test_server_write_watch_waits_for_peer)
{
    Chardev *chr = new_server("s0");
    static uint8_t block[4096];
    GIOCondition seen = 0;
    char sink[65536];
    TestFE fe;
    int fd, res;

    test_fe_attach(&fe, chr);
    fd = client_connect();
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_OPENED] == 1);
    do {
        res = qemu_chr_fe_write(&fe.be, block, sizeof(block));
    } while (res > 0);
    ck_assert_int_eq(res, -1);
    ck_assert_int_eq(errno, EAGAIN);

    ck_assert_uint_ne(qemu_chr_fe_add_watch(&fe.be, G_IO_OUT, note_cond,
                                            &seen), 0);
    for (int i = 0; i < 50; i++) {
        main_loop_wait(true);
    }
    ck_assert_uint_eq(seen, 0);

    g_unix_set_fd_nonblocking(fd, true, NULL);
    while (read(fd, sink, sizeof(sink)) > 0) {
        /* the peer reads everything */
    }
    TEST_RUN_UNTIL(seen != 0);
    ck_assert(seen & G_IO_OUT);
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, block, 1), 1);
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_server_removes_path)
{
    Chardev *chr = new_server("s0");
    struct stat st;

    ck_assert_int_eq(stat(sock_path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    object_unparent(OBJECT(chr));
    ck_assert_int_ne(stat(sock_path, &st), 0);
    /* A stale socket file does not stop a new server. */
    ck_assert_int_eq(mknod(sock_path, S_IFSOCK | 0600, 0), 0);
    new_server("s1");
}
END_TEST

static int listen_on(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&un, sizeof(un)), 0);
    ck_assert_int_eq(listen(fd, 1), 0);
    return fd;
}

/* server=off connects to a listening path, as real QEMU does for tests. */
START_TEST(test_client_mode)
{
    int lfd = listen_on(sock_path), fd;
    g_autofree char *opts = g_strdup_printf("socket,id=c0,path=%s",
                                            sock_path);
    g_autofree char *filename = g_strdup_printf("unix:%s", sock_path);
    Chardev *chr = test_chr_new(opts);
    TestFE fe;

    fd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(chr->be_open, 1);
    ck_assert_str_eq(chr->filename, filename);
    test_fe_attach(&fe, chr);
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 1);

    client_send(fd, "to device");
    TEST_RUN_UNTIL(fe.rx->len == 9);
    ck_assert(!memcmp(fe.rx->data, "to device", 9));
    qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"to test", 7);
    client_expect(fd, "to test");

    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    /* No reconnection in client mode: writes are dropped. */
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"x", 1), 1);
    test_fe_detach(&fe);
    close(lfd);
}
END_TEST

static gpointer connect_later(gpointer data)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(un.sun_path, (const char *)data, sizeof(un.sun_path));
    while (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        g_usleep(1000);
    }
    ck_assert_int_eq(write(fd, "w", 1), 1);
    return GINT_TO_POINTER(fd);
}

/* wait=on (the default for a server): creation blocks for a client. */
START_TEST(test_server_wait_on)
{
    g_autofree char *opts = g_strdup_printf("socket,id=s0,path=%s,server=on",
                                            sock_path);
    GThread *t = g_thread_new("client", connect_later, sock_path);
    Chardev *chr = test_chr_new(opts);
    int fd = GPOINTER_TO_INT(g_thread_join(t));
    TestFE fe;

    ck_assert_int_eq(chr->be_open, 1);
    ck_assert_int_eq(qemu_chr_wait_connected(chr, &error_abort), 0);
    test_fe_attach(&fe, chr);
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 1);
    TEST_RUN_UNTIL(fe.rx->len == 1);
    close(fd);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_short_form_booleans)
{
    /* QEMU 7.2 still takes "server,nowait", with a deprecation warning. */
    g_autofree char *opts = g_strdup_printf("socket,id=s0,path=%s,server,"
                                            "nowait", sock_path);
    Chardev *chr = test_chr_new(opts);
    int fd = client_connect();

    TEST_RUN_UNTIL(chr->be_open);
    close(fd);
}
END_TEST

static Suite *char_socket_suite(void)
{
    Suite *s = suite_create("chardev-socket");
    TCase *tc = tcase_create("unix");

    tcase_add_checked_fixture(tc, socket_setup, socket_teardown);
    tcase_add_test(tc, test_server_clients_come_and_go);
    tcase_add_test(tc, test_server_one_client_at_a_time);
    tcase_add_test(tc, test_server_without_front_end);
    tcase_add_test(tc, test_server_send_then_hang_up);
    tcase_add_test(tc, test_server_disconnect_from_front_end);
    tcase_add_test(tc, test_server_handler_deletes_chardev);
    tcase_add_test(tc, test_server_full_front_end_hang_up);
    tcase_add_test(tc, test_server_flow_control_lossless);
    tcase_add_test(tc, test_server_reentrant_echo);
    tcase_add_test(tc, test_server_input_leaves_no_wakeup);
    tcase_add_test(tc, test_server_nested_loop_does_not_reenter);
    tcase_add_test(tc, test_server_write_watch_waits_for_peer);
    tcase_add_test(tc, test_server_removes_path);
    tcase_add_test(tc, test_client_mode);
    tcase_add_test(tc, test_server_wait_on);
    tcase_add_test(tc, test_short_form_booleans);
    tcase_set_timeout(tc, 20);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(char_socket_suite());
}
