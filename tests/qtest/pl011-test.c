/*
 * Drives a PL011 through libqtest: by default the real qemu-system-arm 7.2
 * (-M virt, UART at 0x09000000), so that the client library is checked
 * against QEMU itself. The same binary runs against qemu-harness with
 *   QTEST_TARGET       the target command line (chardev "c0" is the UART's)
 *   QTEST_PL011_BASE   the UART's MMIO base          (default 0x09000000)
 *   QTEST_RAM_BASE     RAM for the memory commands   (default 0x40000000)
 *   QTEST_PL011_IRQ    "in|out QOM-PATH N": how to see the UART's combined
 *                      interrupt (default: input 1 of the virt board's GIC)
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "libqtest.h"

#define DEFAULT_TARGET \
    "qemu-system-arm -M virt,gic-version=2 -m 16M -accel tcg -S " \
    "-display none -nodefaults -no-user-config -serial chardev:c0"

/* PL011 registers (QEMU 7.2 hw/char/pl011.c) */
#define UARTDR      0x000
#define UARTFR      0x018
#define UARTCR      0x030
#define UARTIFLS    0x034
#define UARTIMSC    0x038
#define UARTRIS     0x03c
#define FR_RXFE     0x10
#define INT_RX      0x10

#define WAIT_MS     2000

static char **target_argv;
static uint64_t uart_base;
static uint64_t ram_base;
static QTestState *qts;
static const char *const uart_chardevs[] = { "c0", NULL };

static uint64_t env_u64(const char *name, uint64_t fallback)
{
    const char *v = g_getenv(name);

    return v && *v ? g_ascii_strtoull(v, NULL, 0) : fallback;
}

static QTestState *start_target(const char *const *extra, int timeout_ms,
                                GError **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    QTestOptions opts = { .chardevs = uart_chardevs, .timeout_ms = timeout_ms };

    for (char **a = target_argv; *a; a++) {
        g_ptr_array_add(argv, *a);
    }
    for (const char *const *a = extra; a && *a; a++) {
        g_ptr_array_add(argv, (gpointer)*a);
    }
    g_ptr_array_add(argv, NULL);
    return qtest_start_argv((const char *const *)argv->pdata, &opts, errp);
}

static void setup(void)
{
    g_autoptr(GError) err = NULL;

    qts = start_target(NULL, 0, &err);
    ck_assert_msg(qts, "cannot start the target: %s", err ? err->message : "?");
}

static void teardown(void)
{
    qtest_quit(qts);
    qts = NULL;
}

static uint32_t uart_read(uint64_t reg)
{
    return qtest_readl(qts, uart_base + reg);
}

static void assert_no_error(void)
{
    ck_assert_msg(!qtest_error(qts), "libqtest: %s", qtest_error(qts));
}

/* How the UART's combined interrupt is observed; see the file comment. */
typedef struct UartIrq {
    char *path;
    bool in;
    int line;
} UartIrq;

static char *find_child_of_type(const char *parent, const char *type)
{
    g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"%s\"}}", parent);
    g_autofree char *want = g_strdup_printf("child<%s>", type);
    JsonArray *props = json_node_get_array(ret);

    for (guint i = 0; i < json_array_get_length(props); i++) {
        JsonObject *p = json_array_get_object_element(props, i);

        if (g_strcmp0(json_object_get_string_member(p, "type"), want) == 0) {
            return g_strdup_printf("%s/%s", parent,
                                   json_object_get_string_member(p, "name"));
        }
    }
    return NULL;
}

static UartIrq uart_irq(void)
{
    const char *spec = g_getenv("QTEST_PL011_IRQ");
    UartIrq irq = { .in = true, .line = 1 };

    if (spec && *spec) {
        g_auto(GStrv) w = g_strsplit(spec, " ", 3);

        ck_assert_msg(g_strv_length(w) == 3, "QTEST_PL011_IRQ: '%s'", spec);
        irq.in = strcmp(w[0], "in") == 0;
        irq.path = g_strdup(w[1]);
        irq.line = atoi(w[2]);
        return irq;
    }
    irq.path = find_child_of_type("/machine/unattached", "arm_gic");
    ck_assert_msg(irq.path, "no arm_gic under /machine/unattached");
    return irq;
}

static void uart_irq_intercept(const UartIrq *irq)
{
    if (irq->in) {
        qtest_irq_intercept_in(qts, irq->path);
    } else {
        qtest_irq_intercept_out(qts, irq->path);
    }
    assert_no_error();
}

/* ---- registers ---- */

START_TEST(test_reset_values)
{
    ck_assert_uint_eq(uart_read(UARTFR), 0x90);
    ck_assert_uint_eq(uart_read(UARTCR), 0x300);
    ck_assert_uint_eq(uart_read(UARTIFLS), 0x12);
    ck_assert_uint_eq(uart_read(UARTIMSC), 0);
    ck_assert_uint_eq(uart_read(UARTRIS), 0);
    assert_no_error();
}
END_TEST

static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

START_TEST(test_id_registers)
{
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(uart_read(0xfe0 + 4 * i), pl011_ids[i]);
        ck_assert_uint_eq(qtest_readb(qts, uart_base + 0xfe0 + 4 * i), pl011_ids[i]);
    }
    assert_no_error();
}
END_TEST

/* "read" and "b64read" of a device register: bytes in guest order. */
START_TEST(test_id_register_bytes)
{
    uint8_t hex[4], b64[4];
    const uint8_t want[4] = { 0x11, 0, 0, 0 };

    qtest_memread(qts, uart_base + 0xfe0, hex, sizeof(hex));
    qtest_bufread(qts, uart_base + 0xfe0, b64, sizeof(b64));
    assert_no_error();
    ck_assert_mem_eq(hex, want, 4);
    ck_assert_mem_eq(b64, want, 4);
}
END_TEST

START_TEST(test_raw_replies)
{
    g_autofree char *ok = qtest_raw_command(qts, "readl 0x%" PRIx64,
                                            uart_base + UARTFR);
    g_autofree char *bad = qtest_raw_command(qts, "no_such_command 1 2");

    ck_assert_str_eq(ok, "OK 0x0000000000000090");
    ck_assert_msg(bad && (g_str_has_prefix(bad, "FAIL") ||
                          g_str_has_prefix(bad, "ERR")), "reply '%s'", bad);
    /* the session goes on */
    ck_assert_uint_eq(uart_read(UARTFR), 0x90);
    assert_no_error();
}
END_TEST

/* A command answered with FAIL records the reply as the error. */
START_TEST(test_fail_reply_sets_error)
{
    qtest_irq_intercept_out(qts, "/machine/no/such/device");
    ck_assert_ptr_nonnull(qtest_error(qts));
    ck_assert_msg(strstr(qtest_error(qts), "FAIL") || strstr(qtest_error(qts), "ERR"),
                  "error '%s'", qtest_error(qts));
    qtest_clear_error(qts);
    ck_assert_uint_eq(uart_read(UARTCR), 0x300);
    assert_no_error();
}
END_TEST

/* ---- memory commands (on RAM) ---- */

START_TEST(test_memory_commands)
{
    uint8_t pat[16], back[16];
    bool be = qtest_big_endian(qts);

    for (int i = 0; i < 16; i++) {
        pat[i] = i * 17 + 1;
    }
    qtest_memwrite(qts, ram_base, pat, sizeof(pat));
    qtest_memread(qts, ram_base, back, sizeof(back));
    ck_assert_mem_eq(back, pat, 16);
    memset(back, 0, sizeof(back));
    qtest_bufread(qts, ram_base, back, sizeof(back));
    ck_assert_mem_eq(back, pat, 16);

    ck_assert_uint_eq(qtest_readl(qts, ram_base),
                      be ? 0x01122334u : 0x34231201u);

    qtest_memset(qts, ram_base + 4, 0xa5, 8);
    ck_assert_uint_eq(qtest_readq(qts, ram_base + 4), 0xa5a5a5a5a5a5a5a5ull);
    ck_assert_uint_eq(qtest_readb(qts, ram_base + 3), pat[3]);
    ck_assert_uint_eq(qtest_readb(qts, ram_base + 12), pat[12]);

    for (int i = 0; i < 16; i++) {
        pat[i] = 0xf0 - i;
    }
    qtest_bufwrite(qts, ram_base + 32, pat, sizeof(pat));
    qtest_memread(qts, ram_base + 32, back, sizeof(back));
    ck_assert_mem_eq(back, pat, 16);

    qtest_writeb(qts, ram_base, 0x5a);
    qtest_writew(qts, ram_base + 2, 0xbeef);
    qtest_writel(qts, ram_base + 4, 0xdeadbeef);
    qtest_writeq(qts, ram_base + 8, 0x0123456789abcdefull);
    ck_assert_uint_eq(qtest_readb(qts, ram_base), 0x5a);
    ck_assert_uint_eq(qtest_readw(qts, ram_base + 2), 0xbeef);
    ck_assert_uint_eq(qtest_readl(qts, ram_base + 4), 0xdeadbeef);
    ck_assert_uint_eq(qtest_readq(qts, ram_base + 8), 0x0123456789abcdefull);
    assert_no_error();
}
END_TEST

/* ---- the UART's chardev ---- */

START_TEST(test_tx)
{
    char buf[8] = { 0 };

    qtest_writel(qts, uart_base + UARTDR, 'A');
    ck_assert_int_eq(qtest_chardev_read(qts, "c0", buf, 1, WAIT_MS), 1);
    ck_assert_int_eq(buf[0], 'A');

    qtest_writeb(qts, uart_base + UARTDR, 'h');
    qtest_writeb(qts, uart_base + UARTDR, 'i');
    ck_assert_int_eq(qtest_chardev_read(qts, "c0", buf, 2, WAIT_MS), 2);
    ck_assert_mem_eq(buf, "hi", 2);
    /* nothing else was transmitted */
    ck_assert_int_eq(qtest_chardev_read(qts, "c0", buf, 1, 50), 0);
    assert_no_error();
}
END_TEST

START_TEST(test_rx)
{
    ck_assert_uint_eq(uart_read(UARTFR) & FR_RXFE, FR_RXFE);
    ck_assert(qtest_chardev_write(qts, "c0", "x", 1));
    ck_assert_msg(qtest_chardev_wait_taken(qts, "c0", WAIT_MS),
                  "the UART did not take the byte");
    ck_assert_int_eq(qtest_chardev_unread(qts, "c0"), 0);
    ck_assert_uint_eq(uart_read(UARTFR) & FR_RXFE, 0);
    ck_assert_uint_eq(uart_read(UARTDR), 'x');
    ck_assert_uint_eq(uart_read(UARTFR) & FR_RXFE, FR_RXFE);
    assert_no_error();
}
END_TEST

START_TEST(test_unknown_chardev)
{
    ck_assert(!qtest_chardev_write(qts, "nope", "x", 1));
    ck_assert_int_eq(qtest_chardev_unread(qts, "nope"), -1);
    ck_assert_ptr_nonnull(strstr(qtest_error(qts), "nope"));
}
END_TEST

/* ---- interrupts ---- */

static void assert_irq_event(size_t idx, int line, bool level)
{
    size_t n;
    const QTestIrqEvent *ev = qtest_irq_events(qts, &n);

    ck_assert_uint_gt(n, idx);
    ck_assert_int_eq(ev[idx].line, line);
    ck_assert_int_eq(ev[idx].level, level);
}

/*
 * The levels of the edges reported on @line, oldest first, as "10...".
 * Edges of other lines are left out: an "out" interception of the PL011
 * on qemu-harness reports all six of its outputs, not only @line.
 */
static char *line_edges(int line)
{
    GString *s = g_string_new(NULL);
    size_t n;
    const QTestIrqEvent *ev = qtest_irq_events(qts, &n);

    for (size_t i = 0; i < n; i++) {
        if (ev[i].line == line) {
            g_string_append_c(s, ev[i].level ? '1' : '0');
        }
    }
    return g_string_free(s, false);
}

START_TEST(test_rx_interrupt)
{
    g_autofree char *path = NULL;
    UartIrq irq = uart_irq();
    char *edges;
    size_t n;

    path = irq.path;
    uart_irq_intercept(&irq);
    qtest_writel(qts, uart_base + UARTIMSC, INT_RX);
    ck_assert(!qtest_get_irq(qts, irq.line));
    qtest_irq_events_clear(qts);

    ck_assert(qtest_chardev_write(qts, "c0", "z", 1));
    ck_assert(qtest_chardev_wait_taken(qts, "c0", WAIT_MS));
    /* the raise is asynchronous: it comes with some later reply */
    for (int i = 0; i < 1000 && !qtest_get_irq(qts, irq.line); i++) {
        qtest_sync(qts);
    }
    ck_assert(qtest_get_irq(qts, irq.line));
    edges = line_edges(irq.line);
    ck_assert_str_eq(edges, "1");
    g_free(edges);
    ck_assert_uint_eq(uart_read(UARTRIS) & INT_RX, INT_RX);

    /* the lower caused by the DR read arrives before that read's OK */
    ck_assert_uint_eq(uart_read(UARTDR), 'z');
    edges = line_edges(irq.line);
    ck_assert_str_eq(edges, "10");
    g_free(edges);
    ck_assert(!qtest_get_irq(qts, irq.line));

    qtest_irq_events_clear(qts);
    qtest_irq_events(qts, &n);
    ck_assert_uint_eq(n, 0);
    assert_no_error();
}
END_TEST

/* set_irq_in drives a GIC input; only with the default (GIC) set-up. */
START_TEST(test_set_irq_in)
{
    g_autofree char *gic = NULL;

    if (g_getenv("QTEST_PL011_IRQ")) {
        return;
    }
    gic = find_child_of_type("/machine/unattached", "arm_gic");
    ck_assert_ptr_nonnull(gic);
    qtest_irq_intercept_in(qts, gic);
    qtest_set_irq_in(qts, gic, NULL, 40, 1);
    ck_assert(qtest_get_irq(qts, 40));
    assert_irq_event(0, 40, true);
    qtest_set_irq_in(qts, gic, NULL, 40, 0);
    ck_assert(!qtest_get_irq(qts, 40));
    assert_irq_event(1, 40, false);
    assert_no_error();
}
END_TEST

/* ---- clock ---- */

/* TCG QEMU has no qtest clock ("FAIL Unknown command"); the harness has one. */
START_TEST(test_clock)
{
    int64_t t0 = qtest_clock_step(qts, 100);

    if (t0 < 0) {
        ck_assert_ptr_nonnull(strstr(qtest_error(qts), "FAIL Unknown command 'clock_step'"));
        qtest_clear_error(qts);
        ck_assert_int_eq(qtest_clock_set(qts, 5000), -1);
        ck_assert_ptr_nonnull(strstr(qtest_error(qts), "FAIL"));
        return;
    }
    ck_assert_int_ge(t0, 100);
    ck_assert_int_eq(qtest_clock_set(qts, t0 + 1000), t0 + 1000);
    ck_assert_int_ge(qtest_clock_step_next(qts), t0 + 1000);
    assert_no_error();
}
END_TEST

/* ---- QMP ---- */

START_TEST(test_qmp_version)
{
    g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"query-version\"}");
    JsonObject *qemu = json_object_get_object_member(json_node_get_object(ret), "qemu");

    ck_assert_ptr_nonnull(qemu);
    ck_assert_int_eq(json_object_get_int_member(qemu, "major"), 7);
    ck_assert_int_eq(json_object_get_int_member(qemu, "minor"), 2);
}
END_TEST

static void assert_qmp_error(JsonObject *rsp, const char *klass)
{
    JsonObject *err;

    ck_assert_ptr_nonnull(rsp);
    err = json_object_get_object_member(rsp, "error");
    ck_assert_ptr_nonnull(err);
    if (klass) {
        ck_assert_str_eq(json_object_get_string_member(err, "class"), klass);
    }
    ck_assert_ptr_nonnull(json_object_get_string_member(err, "desc"));
    json_object_unref(rsp);
}

START_TEST(test_qmp_errors)
{
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"no-such-command\"}"),
                     "CommandNotFound");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list\", \"arguments\": "
                                    "{\"path\": \"/no/such/path\"}}"), NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": 42}"), NULL);
    /* the session goes on */
    qtest_qmp_assert_success(qts, "{\"execute\": \"query-status\"}");
    assert_no_error();
}
END_TEST

/* quit: SHUTDOWN event kept aside, then the target exits cleanly. */
START_TEST(test_qmp_quit_event)
{
    g_autoptr(JsonObject) rsp = qtest_qmp(qts, "{\"execute\": \"quit\"}");
    g_autoptr(JsonObject) ev = NULL;

    ck_assert_ptr_nonnull(rsp);
    ck_assert(json_object_has_member(rsp, "return"));
    ev = qtest_qmp_eventwait_ref(qts, "SHUTDOWN");
    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(qtest_qmp_event_count(qts), 0);

    /* the qtest connection reports the exit */
    qtest_readl(qts, uart_base + UARTFR);
    ck_assert_ptr_nonnull(qtest_error(qts));
    ck_assert_ptr_nonnull(strstr(qtest_error(qts), "exited with status 0"));
}
END_TEST

/* ---- a target that dies, hangs or never starts ---- */

START_TEST(test_target_killed)
{
    gint64 t0;

    kill(qtest_pid(qts), SIGKILL);
    t0 = g_get_monotonic_time();
    ck_assert_uint_eq(qtest_readl(qts, uart_base + UARTFR), 0);
    ck_assert_ptr_nonnull(qtest_error(qts));
    ck_assert_msg(strstr(qtest_error(qts), "killed by signal 9"), "%s",
                  qtest_error(qts));
    ck_assert_int_lt(g_get_monotonic_time() - t0, 3 * G_TIME_SPAN_SECOND);
    ck_assert(!qtest_probe_child(qts));

    /* everything after fails at once, QMP and chardevs included */
    qtest_clear_error(qts);
    qtest_writel(qts, uart_base + UARTDR, 'x');
    ck_assert_ptr_nonnull(strstr(qtest_error(qts), "gone"));
    ck_assert_ptr_null(qtest_qmp(qts, "{\"execute\": \"query-status\"}"));
    ck_assert(!qtest_chardev_write(qts, "c0", "x", 1));
}
END_TEST

START_TEST(test_reply_timeout)
{
    g_autoptr(GError) err = NULL;
    QTestState *s = start_target(NULL, 0, &err);
    gint64 t0;
    GPid pid;

    ck_assert_msg(s, "%s", err ? err->message : "?");
    qtest_set_timeout(s, 300);
    pid = qtest_pid(s);
    kill(pid, SIGSTOP);
    t0 = g_get_monotonic_time();
    ck_assert_uint_eq(qtest_readl(s, uart_base + UARTFR), 0);
    ck_assert_msg(strstr(qtest_error(s), "no reply within 300 ms"), "%s",
                  qtest_error(s));
    ck_assert_int_lt(g_get_monotonic_time() - t0, 2 * G_TIME_SPAN_SECOND);
    qtest_quit(s);
    /* reaped: no zombie left behind */
    ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(test_bad_command_line)
{
    g_autoptr(GError) err = NULL;
    const char *const extra[] = { "-no-such-option", NULL };
    QTestState *s = start_target(extra, 0, &err);

    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, "exited with status 1"), "%s", err->message);
}
END_TEST

START_TEST(test_never_connects)
{
    g_autoptr(GError) err = NULL;
    const char *const argv[] = { "sh", "-c", "sleep 30", NULL };
    QTestOptions opts = { .timeout_ms = 300 };
    QTestState *s = qtest_start_argv(argv, &opts, &err);

    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err->message, "did not connect within 300 ms"), "%s",
                  err->message);
}
END_TEST

START_TEST(test_quit_reaps)
{
    GPid pid = qtest_pid(qts);

    qtest_quit(qts);
    qts = NULL;
    ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}
END_TEST

static Suite *pl011_suite(void)
{
    Suite *s = suite_create("qtest-pl011");
    TCase *regs = tcase_create("registers");
    TCase *chr = tcase_create("chardev");
    TCase *qmp = tcase_create("qmp");
    TCase *life = tcase_create("lifecycle");
    TCase *start = tcase_create("start");

    tcase_add_checked_fixture(regs, setup, teardown);
    tcase_add_test(regs, test_reset_values);
    tcase_add_test(regs, test_id_registers);
    tcase_add_test(regs, test_id_register_bytes);
    tcase_add_test(regs, test_raw_replies);
    tcase_add_test(regs, test_fail_reply_sets_error);
    tcase_add_test(regs, test_memory_commands);
    tcase_add_test(regs, test_clock);
    suite_add_tcase(s, regs);

    tcase_add_checked_fixture(chr, setup, teardown);
    tcase_add_test(chr, test_tx);
    tcase_add_test(chr, test_rx);
    tcase_add_test(chr, test_unknown_chardev);
    tcase_add_test(chr, test_rx_interrupt);
    tcase_add_test(chr, test_set_irq_in);
    suite_add_tcase(s, chr);

    tcase_add_checked_fixture(qmp, setup, teardown);
    tcase_add_test(qmp, test_qmp_version);
    tcase_add_test(qmp, test_qmp_errors);
    tcase_add_test(qmp, test_qmp_quit_event);
    suite_add_tcase(s, qmp);

    tcase_add_checked_fixture(life, setup, teardown);
    tcase_add_test(life, test_target_killed);
    tcase_add_test(life, test_quit_reaps);
    suite_add_tcase(s, life);

    tcase_set_timeout(start, 30);
    tcase_add_test(start, test_reply_timeout);
    tcase_add_test(start, test_bad_command_line);
    tcase_add_test(start, test_never_connects);
    suite_add_tcase(s, start);
    return s;
}

int main(void)
{
    g_autoptr(GError) err = NULL;
    SRunner *sr;
    int failed;

    target_argv = qtest_target_argv(DEFAULT_TARGET, &err);
    if (!target_argv) {
        g_printerr("QTEST_TARGET: %s\n", err->message);
        return 1;
    }
    uart_base = env_u64("QTEST_PL011_BASE", 0x09000000);
    ram_base = env_u64("QTEST_RAM_BASE", 0x40000000);

    sr = srunner_create(pl011_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    g_strfreev(target_argv);
    return failed ? 1 : 0;
}
