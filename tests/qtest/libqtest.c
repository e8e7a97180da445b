/*
 * libqtest: a qtest/QMP client for qemu-cxx's tests (see libqtest.h).
 * One process per QTestState; every wait is bounded by the state's timeout
 * so that a dead or stuck target turns into an error, never a hang.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* accept4 */
#endif
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "libqtest.h"

typedef struct QTestChardev {
    char *id;
    char *path;
    int listen_fd;
    int fd;
} QTestChardev;

struct QTestState {
    GPid pid;
    bool reaped;
    int wait_status;
    bool started;       /* the handshake succeeded: its exit status counts */
    int expected_status;
    char *tmpdir;
    char *qtest_path;
    char *qmp_path;
    int qtest_listen_fd;
    int qmp_listen_fd;
    int qtest_fd;
    int qmp_fd;
    GString *qtest_buf;
    GString *qmp_buf;
    GPtrArray *chardevs;
    int timeout_ms;
    bool big_endian;
    bool dead;          /* the target is gone or stuck: nothing more is sent */
    bool qmp_broken;    /* the QMP stream lost its framing; qtest still works */
    bool log;
    char *error;
    bool irq_level[QTEST_MAX_IRQ];
    GArray *irq_events;
    GQueue *qmp_events;
};

static void set_error(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void set_error(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_free(s->error);
    s->error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_printerr("libqtest: %s\n", s->error);
}

static int default_timeout_ms(void)
{
    const char *env = g_getenv("QTEST_TIMEOUT_MS");
    int ms = env ? atoi(env) : 0;

    return ms > 0 ? ms : QTEST_DEFAULT_TIMEOUT_MS;
}

const char *qtest_error(QTestState *s)
{
    return s->error;
}

void qtest_clear_error(QTestState *s)
{
    g_clear_pointer(&s->error, g_free);
}

void qtest_set_timeout(QTestState *s, int timeout_ms)
{
    s->timeout_ms = timeout_ms > 0 ? timeout_ms : default_timeout_ms();
}

GPid qtest_pid(QTestState *s)
{
    return s->pid;
}

bool qtest_probe_child(QTestState *s)
{
    int status;

    if (s->reaped) {
        return false;
    }
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
        s->reaped = true;
        s->wait_status = status;
        return false;
    }
    return true;
}

/* How the target ended, for error messages; waits up to @wait_ms for it. */
static char *exit_reason(QTestState *s, int wait_ms)
{
    gint64 deadline = g_get_monotonic_time() + wait_ms * G_TIME_SPAN_MILLISECOND;

    while (qtest_probe_child(s) && g_get_monotonic_time() < deadline) {
        g_usleep(5 * 1000);
    }
    if (!s->reaped) {
        return g_strdup("target still running");
    }
    if (WIFEXITED(s->wait_status)) {
        return g_strdup_printf("target exited with status %d",
                               WEXITSTATUS(s->wait_status));
    }
    if (WIFSIGNALED(s->wait_status)) {
        return g_strdup_printf("target killed by signal %d (%s)",
                               WTERMSIG(s->wait_status),
                               strsignal(WTERMSIG(s->wait_status)));
    }
    return g_strdup("target ended");
}

/*
 * The connection is unusable from now on. After an EOF the target is
 * usually on its way out: wait @wait_ms for it so the message can say how.
 */
static void mark_dead(QTestState *s, const char *what, const char *why,
                      int wait_ms)
{
    g_autofree char *reason = exit_reason(s, wait_ms);

    s->dead = true;
    set_error(s, "%s: %s (%s)", what, why, reason);
}

static gint64 deadline_from_now(QTestState *s)
{
    return g_get_monotonic_time() + (gint64)s->timeout_ms * G_TIME_SPAN_MILLISECOND;
}

/* 1: @fd is readable; 0: @deadline passed; -1: poll failed. */
static int wait_readable(int fd, gint64 deadline)
{
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        gint64 left = deadline - g_get_monotonic_time();
        int ret;

        if (left < 0) {
            left = 0;
        }
        ret = poll(&pfd, 1, (int)((left + 999) / 1000));
        if (ret > 0) {
            return 1;
        }
        if (ret == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
    }
}

/* Appends what @fd has to @buf; false (and the state dead) on EOF/timeout. */
static bool read_more(QTestState *s, int fd, GString *buf, const char *what,
                      gint64 deadline)
{
    char chunk[4096];
    ssize_t n;
    int ret = wait_readable(fd, deadline);

    if (ret == 0) {
        g_autofree char *why = g_strdup_printf("no reply within %d ms",
                                               s->timeout_ms);
        mark_dead(s, what, why, 0);
        return false;
    }
    if (ret < 0) {
        mark_dead(s, what, g_strerror(errno), 2000);
        return false;
    }
    do {
        n = recv(fd, chunk, sizeof(chunk), 0);
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
        mark_dead(s, what, "connection closed", 2000);
        return false;
    }
    if (n < 0) {
        mark_dead(s, what, g_strerror(errno), 2000);
        return false;
    }
    g_string_append_len(buf, chunk, n);
    return true;
}

static bool send_all(QTestState *s, int fd, const char *what,
                     const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            mark_dead(s, what, g_strerror(errno), 2000);
            return false;
        }
        p += n;
        len -= n;
    }
    return true;
}

/* ---- qtest text protocol ---- */

static void irq_event(QTestState *s, const char *line)
{
    char dir[8];
    int num;
    char extra;
    QTestIrqEvent ev;

    if (sscanf(line, "IRQ %7s %d %c", dir, &num, &extra) != 2 ||
        num < 0 || num >= QTEST_MAX_IRQ ||
        (strcmp(dir, "raise") != 0 && strcmp(dir, "lower") != 0)) {
        set_error(s, "qtest: malformed IRQ line '%s'", line);
        return;
    }
    ev.line = num;
    ev.level = dir[0] == 'r';
    s->irq_level[num] = ev.level;
    g_array_append_val(s->irq_events, ev);
}

/* The next reply line (IRQ lines consumed on the way), or NULL. */
static char *qtest_read_reply(QTestState *s, gint64 deadline)
{
    for (;;) {
        char *nl = memchr(s->qtest_buf->str, '\n', s->qtest_buf->len);

        if (nl) {
            char *line = g_strndup(s->qtest_buf->str, nl - s->qtest_buf->str);

            g_string_erase(s->qtest_buf, 0, nl - s->qtest_buf->str + 1);
            if (s->log) {
                g_printerr("[R] %s\n", line);
            }
            if (g_str_has_prefix(line, "IRQ ")) {
                irq_event(s, line);
                g_free(line);
                continue;
            }
            return line;
        }
        if (!read_more(s, s->qtest_fd, s->qtest_buf, "qtest", deadline)) {
            return NULL;
        }
    }
}

static char *qtest_vcommand(QTestState *s, const char *fmt, va_list ap)
{
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    g_autofree char *wire = NULL;

    if (s->dead) {
        set_error(s, "qtest: '%s' not sent, the target is gone", cmd);
        return NULL;
    }
    if (s->log) {
        g_printerr("[S] %s\n", cmd);
    }
    wire = g_strconcat(cmd, "\n", NULL);
    if (!send_all(s, s->qtest_fd, "qtest", wire, strlen(wire))) {
        return NULL;
    }
    return qtest_read_reply(s, deadline_from_now(s));
}

char *qtest_raw_command(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *reply;

    va_start(ap, fmt);
    reply = qtest_vcommand(s, fmt, ap);
    va_end(ap);
    return reply;
}

/*
 * Sends a command that must answer "OK[ args]"; returns the args part
 * ("" when there is none) or NULL with the error set.
 */
static char *qtest_ok(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static char *qtest_ok(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *reply = NULL;

    va_start(ap, fmt);
    reply = qtest_vcommand(s, fmt, ap);
    va_end(ap);
    if (!reply) {
        return NULL;
    }
    if (strcmp(reply, "OK") == 0) {
        return g_strdup("");
    }
    if (g_str_has_prefix(reply, "OK ")) {
        return g_strdup(reply + 3);
    }
    set_error(s, "qtest: unexpected reply '%s'", reply);
    return NULL;
}

static bool parse_u64(QTestState *s, const char *text, int base, uint64_t *out)
{
    char *end;

    errno = 0;
    *out = g_ascii_strtoull(text, &end, base);
    if (errno || end == text || *end) {
        set_error(s, "qtest: malformed number '%s'", text);
        return false;
    }
    return true;
}

static uint64_t qtest_read_n(QTestState *s, const char *cmd, uint64_t addr)
{
    g_autofree char *args = qtest_ok(s, "%s 0x%" PRIx64, cmd, addr);
    uint64_t val;

    if (!args || !parse_u64(s, args, 0, &val)) {
        return 0;
    }
    return val;
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_read_n(s, "readb", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_read_n(s, "readw", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_read_n(s, "readl", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_read_n(s, "readq", addr);
}

static void qtest_write_n(QTestState *s, const char *cmd, uint64_t addr,
                          uint64_t value)
{
    g_free(qtest_ok(s, "%s 0x%" PRIx64 " 0x%" PRIx64, cmd, addr, value));
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_write_n(s, "writeb", addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_write_n(s, "writew", addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_write_n(s, "writel", addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_write_n(s, "writeq", addr, value);
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *args = NULL;
    uint8_t *out = data;
    const char *hex;

    if (size == 0) {
        return;
    }
    memset(data, 0, size);
    args = qtest_ok(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    if (!args) {
        return;
    }
    hex = g_str_has_prefix(args, "0x") ? args + 2 : args;
    if (strlen(hex) != size * 2) {
        set_error(s, "qtest: read of %zu bytes answered '%s'", size, args);
        return;
    }
    for (size_t i = 0; i < size; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            set_error(s, "qtest: read answered non-hex '%s'", args);
            memset(data, 0, size);
            return;
        }
        out[i] = hi << 4 | lo;
    }
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data, size_t size)
{
    const uint8_t *in = data;
    g_autoptr(GString) hex = g_string_sized_new(size * 2 + 1);

    if (size == 0) {
        return;
    }
    for (size_t i = 0; i < size; i++) {
        g_string_append_printf(hex, "%02x", in[i]);
    }
    g_free(qtest_ok(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size, hex->str));
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *args = NULL;
    g_autofree guchar *bytes = NULL;
    gsize len;

    if (size == 0) {
        return;
    }
    memset(data, 0, size);
    args = qtest_ok(s, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    if (!args) {
        return;
    }
    bytes = g_base64_decode(args, &len);
    if (len != size) {
        set_error(s, "qtest: b64read of %zu bytes answered %zu", size, (size_t)len);
        return;
    }
    memcpy(data, bytes, size);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data, size_t size)
{
    g_autofree char *b64 = NULL;

    if (size == 0) {
        return;
    }
    b64 = g_base64_encode(data, size);
    g_free(qtest_ok(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size, b64));
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t patt, size_t size)
{
    if (size == 0) {
        return;
    }
    g_free(qtest_ok(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size, patt));
}

bool qtest_big_endian(QTestState *s)
{
    return s->big_endian;
}

static int64_t clock_reply(QTestState *s, char *args)
{
    uint64_t ns;

    if (!args) {
        return -1;
    }
    if (!parse_u64(s, args, 10, &ns)) {
        ns = (uint64_t)-1;
    }
    g_free(args);
    return (int64_t)ns;
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return clock_reply(s, qtest_ok(s, "clock_step"));
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    return clock_reply(s, qtest_ok(s, "clock_step %" PRIi64, step));
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    return clock_reply(s, qtest_ok(s, "clock_set %" PRIi64, val));
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    g_free(qtest_ok(s, "irq_intercept_out %s", qom_path));
}

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    g_free(qtest_ok(s, "irq_intercept_in %s", qom_path));
}

void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level)
{
    g_free(qtest_ok(s, "set_irq_in %s %s %d %d", qom_path,
                    name ? name : "unnamed-gpio-in", num, level));
}

bool qtest_get_irq(QTestState *s, int num)
{
    g_return_val_if_fail(num >= 0 && num < QTEST_MAX_IRQ, false);
    return s->irq_level[num];
}

const QTestIrqEvent *qtest_irq_events(QTestState *s, size_t *count)
{
    *count = s->irq_events->len;
    return (const QTestIrqEvent *)(void *)s->irq_events->data;
}

void qtest_irq_events_clear(QTestState *s)
{
    g_array_set_size(s->irq_events, 0);
}

bool qtest_sync(QTestState *s)
{
    g_autofree char *args = qtest_ok(s, "endianness");

    return args != NULL;
}

/* ---- QMP ---- */

/*
 * Length of the first complete JSON object in @buf (after @skip bytes of
 * white space), or 0 if it is not complete yet. Only framing: strings and
 * escapes are tracked so that braces inside them do not count.
 */
static size_t json_frame_end(const GString *buf, size_t start)
{
    int depth = 0;
    bool in_string = false, escaped = false;

    for (size_t i = start; i < buf->len; i++) {
        char c = buf->str[i];

        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return i + 1;
            }
        }
    }
    return 0;
}

/* The next QMP message (response or event) as an object, or NULL. */
static JsonObject *qmp_read_message(QTestState *s, gint64 deadline)
{
    for (;;) {
        size_t start = 0, end;

        while (start < s->qmp_buf->len && g_ascii_isspace(s->qmp_buf->str[start])) {
            start++;
        }
        if (start < s->qmp_buf->len && s->qmp_buf->str[start] != '{') {
            const char *junk = s->qmp_buf->str + start;

            /* no way to find the next message: the stream is unusable */
            s->qmp_broken = true;
            set_error(s, "qmp: expected a JSON object, got '%.*s'",
                      (int)MIN(strcspn(junk, "\r\n"), 40), junk);
            return NULL;
        }
        end = start < s->qmp_buf->len ? json_frame_end(s->qmp_buf, start) : 0;
        if (end) {
            g_autoptr(JsonParser) parser = json_parser_new();
            g_autoptr(GError) err = NULL;
            g_autofree char *text = g_strndup(s->qmp_buf->str + start, end - start);
            JsonNode *root;

            g_string_erase(s->qmp_buf, 0, end);
            if (s->log) {
                g_printerr("[R] %s\n", text);
            }
            if (!json_parser_load_from_data(parser, text, -1, &err)) {
                set_error(s, "qmp: unparsable message: %s", err->message);
                return NULL;
            }
            root = json_parser_get_root(parser);
            if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
                set_error(s, "qmp: message is not an object");
                return NULL;
            }
            return json_object_ref(json_node_get_object(root));
        }
        if (!read_more(s, s->qmp_fd, s->qmp_buf, "qmp", deadline)) {
            return NULL;
        }
    }
}

static JsonObject *qmp_read_response(QTestState *s, gint64 deadline)
{
    for (;;) {
        JsonObject *msg = qmp_read_message(s, deadline);

        if (!msg || !json_object_has_member(msg, "event")) {
            return msg;
        }
        g_queue_push_tail(s->qmp_events, msg);
    }
}

static JsonObject *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
{
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    g_autofree char *wire = NULL;

    if (s->dead || s->qmp_broken) {
        set_error(s, "qmp: '%s' not sent, the %s", cmd,
                  s->dead ? "target is gone" : "QMP stream is broken");
        return NULL;
    }
    if (s->log) {
        g_printerr("[S] %s\n", cmd);
    }
    wire = g_strconcat(cmd, "\n", NULL);
    if (!send_all(s, s->qmp_fd, "qmp", wire, strlen(wire))) {
        return NULL;
    }
    return qmp_read_response(s, deadline_from_now(s));
}

JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return rsp;
}

/* qtest_qmp_assert_success*() treat failure as fatal, like QEMU's libqtest. */
static G_NORETURN void qmp_fatal(const char *what, const char *detail)
{
    g_printerr("libqtest: QMP command %s: %s\n", what, detail);
    abort();
}

static JsonNode *qmp_return_or_die(QTestState *s, JsonObject *rsp)
{
    JsonNode *ret;

    if (!rsp) {
        qmp_fatal("got no response", s->error ? s->error : "?");
    }
    ret = json_object_get_member(rsp, "return");
    if (!ret) {
        g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), rsp);
        g_autofree char *text = json_to_string(node, false);

        qmp_fatal("failed", text);
    }
    ret = json_node_copy(ret);
    json_object_unref(rsp);
    return ret;
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    json_node_unref(qmp_return_or_die(s, rsp));
}

JsonNode *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return qmp_return_or_die(s, rsp);
}

static JsonObject *take_event(QTestState *s, const char *event)
{
    for (GList *l = s->qmp_events->head; l; l = l->next) {
        JsonObject *ev = l->data;

        if (g_strcmp0(json_object_get_string_member_with_default(ev, "event", ""),
                      event) == 0) {
            g_queue_delete_link(s->qmp_events, l);
            return ev;
        }
    }
    return NULL;
}

JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    gint64 deadline = deadline_from_now(s);
    JsonObject *ev = take_event(s, event);

    while (!ev && !s->dead && !s->qmp_broken) {
        JsonObject *msg = qmp_read_message(s, deadline);

        if (!msg) {
            return NULL;
        }
        if (!json_object_has_member(msg, "event")) {
            set_error(s, "qmp: response without a command while waiting for %s",
                      event);
            json_object_unref(msg);
            continue;
        }
        g_queue_push_tail(s->qmp_events, msg);
        ev = take_event(s, event);
    }
    return ev;
}

size_t qtest_qmp_event_count(QTestState *s)
{
    return g_queue_get_length(s->qmp_events);
}

/* ---- chardev sockets ---- */

static QTestChardev *find_chardev(QTestState *s, const char *id)
{
    for (guint i = 0; i < s->chardevs->len; i++) {
        QTestChardev *cd = g_ptr_array_index(s->chardevs, i);

        if (strcmp(cd->id, id) == 0) {
            return cd;
        }
    }
    set_error(s, "chardev '%s': no such socket (not in QTestOptions.chardevs)", id);
    return NULL;
}

bool qtest_chardev_write(QTestState *s, const char *id, const void *buf, size_t len)
{
    QTestChardev *cd = find_chardev(s, id);
    g_autofree char *what = g_strdup_printf("chardev '%s'", id);

    if (!cd) {
        return false;
    }
    if (s->dead) {
        set_error(s, "%s: not written, the target is gone", what);
        return false;
    }
    return send_all(s, cd->fd, what, buf, len);
}

gssize qtest_chardev_read(QTestState *s, const char *id, void *buf, size_t len,
                          int timeout_ms)
{
    QTestChardev *cd = find_chardev(s, id);
    gint64 deadline = g_get_monotonic_time() +
                      (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
    size_t got = 0;

    if (!cd) {
        return -1;
    }
    while (got < len) {
        int ret = wait_readable(cd->fd, deadline);
        ssize_t n;

        if (ret == 0) {
            break;
        }
        if (ret < 0) {
            set_error(s, "chardev '%s': %s", id, g_strerror(errno));
            return -1;
        }
        n = recv(cd->fd, (char *)buf + got, len - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            set_error(s, "chardev '%s': %s", id, g_strerror(errno));
            return -1;
        }
        if (n == 0) {
            set_error(s, "chardev '%s': closed by the target", id);
            break;
        }
        got += n;
    }
    return got;
}

int qtest_chardev_unread(QTestState *s, const char *id)
{
    QTestChardev *cd = find_chardev(s, id);
    int n;

    if (!cd) {
        return -1;
    }
    if (ioctl(cd->fd, TIOCOUTQ, &n) < 0) {
        set_error(s, "chardev '%s': TIOCOUTQ: %s", id, g_strerror(errno));
        return -1;
    }
    return n;
}

bool qtest_chardev_wait_taken(QTestState *s, const char *id, int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() +
                      (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        int n = qtest_chardev_unread(s, id);

        if (n == 0) {
            return true;
        }
        if (n < 0 || g_get_monotonic_time() >= deadline || !qtest_sync(s)) {
            return false;
        }
    }
}

/* ---- start and quit ---- */

static int listen_unix(const char *path, GError **errp)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                    "socket path too long: %s", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        int err = errno;

        g_set_error(errp, G_IO_ERROR, g_io_error_from_errno(err),
                    "cannot listen on %s: %s", path, g_strerror(err));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

/* Accepts the target's connection on @listen_fd, watching for its exit. */
static int accept_target(QTestState *s, int listen_fd, const char *what,
                         GError **errp)
{
    gint64 deadline = deadline_from_now(s);

    for (;;) {
        gint64 slice = MIN(deadline, g_get_monotonic_time() + 50 * 1000);
        int ret = wait_readable(listen_fd, slice);

        if (ret > 0) {
            int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

            if (fd >= 0) {
                return fd;
            }
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
        }
        if (ret != 0) {
            g_set_error(errp, G_IO_ERROR, g_io_error_from_errno(errno),
                        "%s: accept failed: %s", what, g_strerror(errno));
            return -1;
        }
        if (!qtest_probe_child(s)) {
            g_autofree char *reason = exit_reason(s, 0);

            g_set_error(errp, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                        "%s: %s before connecting", what, reason);
            return -1;
        }
        if (g_get_monotonic_time() >= deadline) {
            g_set_error(errp, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        "%s: the target did not connect within %d ms",
                        what, s->timeout_ms);
            return -1;
        }
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static void chardev_free(gpointer p)
{
    QTestChardev *cd = p;

    close_fd(&cd->listen_fd);
    close_fd(&cd->fd);
    g_free(cd->id);
    g_free(cd->path);
    g_free(cd);
}

/* Once connected (or on the way out) the socket files have no more use. */
static void remove_sockets(QTestState *s)
{
    if (!s->tmpdir) {
        return;
    }
    for (guint i = 0; i < s->chardevs->len; i++) {
        QTestChardev *cd = g_ptr_array_index(s->chardevs, i);

        unlink(cd->path);
        close_fd(&cd->listen_fd);
    }
    unlink(s->qtest_path);
    unlink(s->qmp_path);
    close_fd(&s->qtest_listen_fd);
    close_fd(&s->qmp_listen_fd);
    rmdir(s->tmpdir);
    g_clear_pointer(&s->tmpdir, g_free);
}

/* The target dies with us, even if a test process exits without qtest_quit. */
static void child_setup(gpointer data)
{
    (void)data;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static bool qtest_handshake(QTestState *s, GError **errp)
{
    g_autofree char *endian = qtest_ok(s, "endianness");
    JsonObject *greeting;

    if (!endian) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED, "qtest handshake: %s",
                    s->error);
        return false;
    }
    s->big_endian = strcmp(endian, "big") == 0;

    greeting = qmp_read_response(s, deadline_from_now(s));
    if (!greeting || !json_object_has_member(greeting, "QMP")) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED, "QMP greeting: %s",
                    greeting ? "not a greeting" : s->error);
        if (greeting) {
            json_object_unref(greeting);
        }
        return false;
    }
    json_object_unref(greeting);

    g_autoptr(JsonObject) rsp = qtest_qmp(s, "{\"execute\": \"qmp_capabilities\"}");
    if (!rsp || !json_object_has_member(rsp, "return")) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED, "qmp_capabilities: %s",
                    rsp ? "refused" : s->error);
        return false;
    }
    return true;
}

QTestState *qtest_start_argv(const char *const *argv, const QTestOptions *opts,
                             GError **errp)
{
    QTestState *s;
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);

    g_return_val_if_fail(argv && argv[0], NULL);
    s = g_new0(QTestState, 1);

    s->qtest_listen_fd = s->qmp_listen_fd = s->qtest_fd = s->qmp_fd = -1;
    s->qtest_buf = g_string_new(NULL);
    s->qmp_buf = g_string_new(NULL);
    s->chardevs = g_ptr_array_new_with_free_func(chardev_free);
    s->irq_events = g_array_new(false, false, sizeof(QTestIrqEvent));
    s->qmp_events = g_queue_new();
    s->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms
                                                  : default_timeout_ms();
    s->log = g_getenv("QTEST_LOG") != NULL;
    s->reaped = true;   /* nothing to reap until the spawn succeeds */

    s->tmpdir = g_dir_make_tmp("qtest-XXXXXX", errp);
    if (!s->tmpdir) {
        goto fail;
    }
    s->qtest_path = g_build_filename(s->tmpdir, "qtest.sock", NULL);
    s->qmp_path = g_build_filename(s->tmpdir, "qmp.sock", NULL);
    s->qtest_listen_fd = listen_unix(s->qtest_path, errp);
    if (s->qtest_listen_fd < 0) {
        goto fail;
    }
    s->qmp_listen_fd = listen_unix(s->qmp_path, errp);
    if (s->qmp_listen_fd < 0) {
        goto fail;
    }

    for (const char *const *a = argv; *a; a++) {
        g_ptr_array_add(args, g_strdup(*a));
    }
    g_ptr_array_add(args, g_strdup("-qtest"));
    g_ptr_array_add(args, g_strdup_printf("unix:%s", s->qtest_path));
    g_ptr_array_add(args, g_strdup("-qtest-log"));
    g_ptr_array_add(args, g_strdup("/dev/null"));
    g_ptr_array_add(args, g_strdup("-chardev"));
    g_ptr_array_add(args, g_strdup_printf("socket,id=qtest-qmp,path=%s", s->qmp_path));
    g_ptr_array_add(args, g_strdup("-mon"));
    g_ptr_array_add(args, g_strdup("chardev=qtest-qmp,mode=control"));

    for (const char *const *id = opts ? opts->chardevs : NULL; id && *id; id++) {
        QTestChardev *cd = g_new0(QTestChardev, 1);

        cd->id = g_strdup(*id);
        cd->fd = -1;
        g_ptr_array_add(s->chardevs, cd);
        cd->path = g_strdup_printf("%s/chardev-%u.sock", s->tmpdir,
                                   s->chardevs->len - 1);
        cd->listen_fd = listen_unix(cd->path, errp);
        if (cd->listen_fd < 0) {
            goto fail;
        }
        g_ptr_array_add(args, g_strdup("-chardev"));
        g_ptr_array_add(args, g_strdup_printf("socket,id=%s,path=%s", cd->id, cd->path));
    }
    g_ptr_array_add(args, NULL);

    if (s->log) {
        g_autofree char *line = g_strjoinv(" ", (char **)args->pdata);

        g_printerr("[start] %s\n", line);
    }
    if (!g_spawn_async(NULL, (char **)args->pdata, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                       child_setup, NULL, &s->pid, errp)) {
        goto fail;
    }
    s->reaped = false;

    s->qtest_fd = accept_target(s, s->qtest_listen_fd, "qtest", errp);
    if (s->qtest_fd < 0) {
        goto fail;
    }
    s->qmp_fd = accept_target(s, s->qmp_listen_fd, "qmp", errp);
    if (s->qmp_fd < 0) {
        goto fail;
    }
    for (guint i = 0; i < s->chardevs->len; i++) {
        QTestChardev *cd = g_ptr_array_index(s->chardevs, i);
        g_autofree char *what = g_strdup_printf("chardev '%s'", cd->id);

        cd->fd = accept_target(s, cd->listen_fd, what, errp);
        if (cd->fd < 0) {
            goto fail;
        }
    }
    remove_sockets(s);
    if (!qtest_handshake(s, errp)) {
        goto fail;
    }
    s->started = true;
    return s;

fail:
    qtest_quit(s);
    return NULL;
}

char **qtest_target_argv(const char *fallback, GError **errp)
{
    const char *cmdline = g_getenv("QTEST_TARGET");
    const char *binary = g_getenv("QTEST_QEMU_BINARY");
    char **argv = NULL;

    if (!cmdline || !*cmdline) {
        cmdline = fallback;
    }
    if (!g_shell_parse_argv(cmdline, NULL, &argv, errp)) {
        return NULL;
    }
    if (binary && *binary) {
        g_free(argv[0]);
        argv[0] = g_strdup(binary);
    }
    return argv;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

/*
 * As QEMU's libqtest does: a target that ran and then exits with another
 * status than expected (the harness exits 2 when QOM objects leaked), or
 * crashes (a signal other than the SIGTERM and SIGKILL that tests and
 * qtest_quit() send), aborts the test.
 */
static void qtest_check_status(QTestState *s)
{
    if (!s->started || !s->reaped) {
        return;
    }
    if (WIFEXITED(s->wait_status) &&
        WEXITSTATUS(s->wait_status) != s->expected_status) {
        g_printerr("libqtest: qtest_quit: target exited with status %d "
                   "(expected %d)\n", WEXITSTATUS(s->wait_status),
                   s->expected_status);
        abort();
    }
    if (WIFSIGNALED(s->wait_status) && WTERMSIG(s->wait_status) != SIGTERM &&
        WTERMSIG(s->wait_status) != SIGKILL) {
        g_printerr("libqtest: qtest_quit: target killed by signal %d (%s)\n",
                   WTERMSIG(s->wait_status),
                   strsignal(WTERMSIG(s->wait_status)));
        abort();
    }
}

void qtest_quit(QTestState *s)
{
    if (!s) {
        return;
    }
    if (qtest_probe_child(s)) {
        /* SIGCONT so that a stopped target acts on the SIGTERM. */
        kill(s->pid, SIGTERM);
        kill(s->pid, SIGCONT);
        g_free(exit_reason(s, 5000));
        if (!s->reaped) {
            g_printerr("libqtest: qtest_quit: target did not exit on "
                       "SIGTERM within 5 s; killing it\n");
            kill(s->pid, SIGKILL);
            if (waitpid(s->pid, &s->wait_status, 0) == s->pid) {
                s->reaped = true;
            }
        }
    }
    qtest_check_status(s);
    if (s->pid) {
        g_spawn_close_pid(s->pid);
    }
    remove_sockets(s);
    close_fd(&s->qtest_fd);
    close_fd(&s->qmp_fd);
    g_ptr_array_free(s->chardevs, true);
    g_free(s->qtest_path);
    g_free(s->qmp_path);
    g_string_free(s->qtest_buf, true);
    g_string_free(s->qmp_buf, true);
    g_array_free(s->irq_events, true);
    g_queue_free_full(s->qmp_events, (GDestroyNotify)json_object_unref);
    g_free(s->error);
    g_free(s);
}
