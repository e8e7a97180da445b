/*
 * libqtest: the client side of QEMU 7.2's qtest text protocol and of QMP,
 * written for qemu-cxx. It starts a target (the real qemu-system-arm or
 * qemu-harness), drives it over unix sockets and reads/writes its chardevs.
 * Names follow QEMU's tests/qtest/libqtest.h where QEMU has one.
 */
#ifndef QEMU_CXX_LIBQTEST_H
#define QEMU_CXX_LIBQTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct QTestState QTestState;

/* One asynchronous "IRQ raise N" / "IRQ lower N" line, in arrival order. */
typedef struct QTestIrqEvent {
    int line;
    bool level;
} QTestIrqEvent;

#define QTEST_MAX_IRQ 256

/* Default for every wait (accept, reply, chardev read); QTEST_TIMEOUT_MS overrides. */
#define QTEST_DEFAULT_TIMEOUT_MS 10000

typedef struct QTestOptions {
    /*
     * Ids of the chardev sockets to create, NULL-terminated (may be NULL).
     * Each one adds "-chardev socket,id=ID,path=PATH" to the command line;
     * the caller's arguments attach it (e.g. "-serial chardev:c0").
     */
    const char *const *chardevs;
    /* Every wait gives up after this many milliseconds; 0 means the default. */
    int timeout_ms;
} QTestOptions;

/*
 * Starts @argv (argv[0] is looked up in PATH) with the qtest socket, the QMP
 * monitor and the chardev sockets of @opts appended:
 *   -qtest unix:Q -qtest-log /dev/null
 *   -chardev socket,id=qtest-qmp,path=M -mon chardev=qtest-qmp,mode=control
 *   -chardev socket,id=ID,path=P ...
 * The sockets live in a private temporary directory and listen before the
 * target is spawned; the target connects to them as a client, as QEMU does.
 * Returns once qtest answers and QMP capabilities are negotiated, or NULL
 * with @errp set (target exited, timeout, handshake failure).
 */
QTestState *qtest_start_argv(const char *const *argv, const QTestOptions *opts,
                             GError **errp);

/*
 * The default target command line for tests: the QTEST_TARGET environment
 * variable (a shell-quoted command line), else @fallback. Either way
 * QTEST_QEMU_BINARY, if set, replaces the program name. Free with g_strfreev.
 */
char **qtest_target_argv(const char *fallback, GError **errp);

/* Changes the timeout of every later wait (e.g. a short one after start-up). */
void qtest_set_timeout(QTestState *s, int timeout_ms);

/*
 * Terminates the target (SIGTERM, then SIGKILL), reaps it, removes the
 * sockets. If the target had started, it must have exited with the
 * expected status (0 unless set below) or died from SIGTERM or SIGKILL:
 * anything else (another status, a crash) is reported and aborts, as in
 * QEMU.
 */
void qtest_quit(QTestState *s);

/* The exit status qtest_quit() expects from the target (default 0). */
void qtest_set_expected_status(QTestState *s, int status);

GPid qtest_pid(QTestState *s);
/* True while the target process runs (reaps it when it has exited). */
bool qtest_probe_child(QTestState *s);

/*
 * The last transport or protocol error (a FAIL/ERR reply, a timeout, the
 * target dying), or NULL. Functions that hit an error return 0 / -1 / NULL
 * and keep the message here until qtest_clear_error(). Once the target is
 * gone every further call fails at once.
 */
const char *qtest_error(QTestState *s);
void qtest_clear_error(QTestState *s);

/*
 * Sends one qtest command line (printf-style, no newline) and returns the
 * reply line ("OK ...", "FAIL ...", "ERR ...") without its newline, or NULL
 * on a transport error. IRQ lines met on the way go to the event log.
 */
char *qtest_raw_command(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);

/* "read"/"write": guest memory as hex text. */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data, size_t size);
/* "b64read"/"b64write": the same in base64. */
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data, size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t patt, size_t size);

/* Target endianness, asked once at start-up ("endianness"). */
bool qtest_big_endian(QTestState *s);

/* Virtual clock; each returns the new time in ns, or -1 on error. */
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_set(QTestState *s, int64_t val);

/* IRQ interception: @qom_path names the device whose lines are reported. */
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);
void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
/* @name NULL means the device's unnamed GPIO inputs. */
void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level);

/* Level of line @num as last reported by an IRQ line. */
bool qtest_get_irq(QTestState *s, int num);
/* Every IRQ edge reported since the last clear, oldest first. */
const QTestIrqEvent *qtest_irq_events(QTestState *s, size_t *count);
void qtest_irq_events_clear(QTestState *s);
/* One no-op round trip ("endianness"): lets the target's main loop run. */
bool qtest_sync(QTestState *s);

/*
 * Sends a QMP command (printf-style JSON text, double quotes) and returns
 * its response object ({"return": ...} or {"error": ...}), or NULL on a
 * transport or parse error. Events read meanwhile are kept, in order.
 * Release the result with json_object_unref().
 */
JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* As qtest_qmp(), but aborts with the error unless the command succeeded. */
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* ... and returns the "return" member (json_node_unref() it). */
JsonNode *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Removes and returns the oldest stored event named @event, reading more
 * until the timeout; NULL if none arrived. */
JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event);
/* Number of QMP events received and not yet taken. */
size_t qtest_qmp_event_count(QTestState *s);

/*
 * Chardev sockets, by the ids given in QTestOptions. Writes go to the
 * target's receive side; reads return what the target transmitted.
 */
bool qtest_chardev_write(QTestState *s, const char *id, const void *buf, size_t len);
/* Reads until @len bytes or the timeout; returns the count read, -1 on error. */
gssize qtest_chardev_read(QTestState *s, const char *id, void *buf, size_t len,
                          int timeout_ms);
/*
 * ioctl(TIOCOUTQ) on our end: what we wrote that the target has not read
 * yet. On a unix socket Linux counts buffer memory, not bytes, so only
 * "0" (all taken) versus "not 0" is meaningful. -1 on error.
 */
int qtest_chardev_unread(QTestState *s, const char *id);
/* Does qtest_sync() round trips until the target took everything written
 * to @id (true), or until @timeout_ms passed (false). */
bool qtest_chardev_wait_taken(QTestState *s, const char *id, int timeout_ms);

G_END_DECLS

#endif
