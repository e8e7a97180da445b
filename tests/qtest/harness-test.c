/*
 * qemu-harness driven through libqtest, with the x-testdev module
 * (testdev.c) mapped at DEV and RAM at RAM: every qtest command, bad
 * qtest input, every QMP command and migration through a file. Each
 * test starts its own harness (Check fork mode) and ends checking that
 * the harness is still alive, unless it was meant to exit.
 */
#include <check.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libqtest.h"

#define DEV         0x10000000ull   /* x-testdev "td", MMIO region 0 */
#define DEV2        0x10001000ull   /* x-testdev "td2" */
#define RAM         0x40000000ull   /* 64 KiB of -x-ram */
#define RAM_SIZE    0x10000
#define UNMAPPED    0x20000000ull
#define TD          "/machine/peripheral/td"
#define TD2         "/machine/peripheral/td2"

/* x-testdev registers (testdev.c) */
#define R_ID            0x00
#define R_SCRATCH       0x04
#define R_IRQ           0x08
#define R_GPIO_IN       0x0c
#define R_TIMER         0x10
#define R_TIMER_FIRED   0x14
#define R_CHR_DATA      0x18
#define R_CHR_RXCOUNT   0x1c
#define R_VALUE         0x20
#define R_FLAG          0x24
#define XTESTDEV_ID     0x58544456

#define WAIT_MS         2000

static QTestState *qts;
static char *tmpdir;
static const char *const chardevs[] = { "c0", NULL };

static const char *env_path(const char *name)
{
    const char *v = g_getenv(name);

    ck_assert_msg(v && *v, "%s is not set (run through meson test)", name);
    return v;
}

/* The harness with two test devices and RAM, plus @extra arguments. */
static QTestState *start_harness(const char *const *extra)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) err = NULL;
    const char *const base[] = {
        env_path("QEMU_HARNESS"), "-x-module", env_path("X_TESTDEV"),
        "-device", "x-testdev,id=td,chardev=c0,value=42,name=hello",
        "-device", "x-testdev,id=td2,flag=off",
        "-device", "x-testdev,name=anonymous",
        "-x-map", "td,addr=0x10000000",
        "-x-map", "td2,addr=0x10001000",
        "-x-ram", "addr=0x40000000,size=64k",
        NULL
    };
    QTestOptions opts = { .chardevs = chardevs };
    QTestState *s;

    for (const char *const *a = base; *a; a++) {
        g_ptr_array_add(argv, g_strdup(*a));
    }
    for (const char *const *a = extra; a && *a; a++) {
        g_ptr_array_add(argv, g_strdup(*a));
    }
    g_ptr_array_add(argv, NULL);
    s = qtest_start_argv((const char *const *)argv->pdata, &opts, &err);
    ck_assert_msg(s, "cannot start qemu-harness: %s", err ? err->message : "?");
    return s;
}

static void setup(void)
{
    g_autoptr(GError) err = NULL;

    tmpdir = g_dir_make_tmp("harness-test-XXXXXX", &err);
    ck_assert_msg(tmpdir, "%s", err ? err->message : "?");
    qts = start_harness(NULL);
}

static void teardown(void)
{
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    const char *name;

    qtest_quit(qts);
    qts = NULL;
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(tmpdir, name, NULL);

        g_unlink(path);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(tmpdir);
    g_clear_pointer(&tmpdir, g_free);
}

static void assert_no_error(QTestState *s)
{
    ck_assert_msg(!qtest_error(s), "libqtest: %s", qtest_error(s));
}

/* The harness answers and runs: nothing crashed or hung. */
static void assert_alive(QTestState *s)
{
    g_autofree char *r = qtest_raw_command(s, "endianness");

    ck_assert_msg(r && strcmp(r, "OK little") == 0, "reply '%s' (%s)", r,
                  qtest_error(s));
    ck_assert(qtest_probe_child(s));
}

/* Sends @cmd and checks the exact reply line. */
static void assert_reply(QTestState *s, const char *cmd, const char *want)
{
    g_autofree char *r = qtest_raw_command(s, "%s", cmd);

    ck_assert_msg(r, "'%s': no reply (%s)", cmd, qtest_error(s));
    ck_assert_msg(strcmp(r, want) == 0, "'%s': reply '%s', expected '%s'",
                  cmd, r, want);
}

/* Sends @cmd and checks that it was refused with FAIL or ERR. */
static void assert_refused(QTestState *s, const char *cmd)
{
    g_autofree char *r = qtest_raw_command(s, "%s", cmd);

    ck_assert_msg(r && (g_str_has_prefix(r, "FAIL") ||
                        g_str_has_prefix(r, "ERR")),
                  "'%s': reply '%s' (%s)", cmd, r, qtest_error(s));
    assert_alive(s);
}

static uint32_t reg_read(QTestState *s, unsigned reg)
{
    return qtest_readl(s, DEV + reg);
}

static void reg_write(QTestState *s, unsigned reg, uint32_t value)
{
    qtest_writel(s, DEV + reg, value);
}

static void assert_irq_events(QTestState *s, const char *want)
{
    g_autoptr(GString) got = g_string_new(NULL);
    size_t n;
    const QTestIrqEvent *ev = qtest_irq_events(s, &n);

    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(got, "%s%s %d", i ? ", " : "",
                               ev[i].level ? "raise" : "lower", ev[i].line);
    }
    ck_assert_str_eq(got->str, want);
    qtest_irq_events_clear(s);
}

/* ---- memory access commands ---- */

START_TEST(test_read_write_sizes)
{
    uint8_t bytes[8];
    const uint8_t le[8] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };

    qtest_writeb(qts, RAM, 0xa5);
    qtest_writew(qts, RAM + 2, 0xbeef);
    qtest_writel(qts, RAM + 4, 0xdeadbeef);
    qtest_writeq(qts, RAM + 8, 0x0102030405060708ull);
    ck_assert_uint_eq(qtest_readb(qts, RAM), 0xa5);
    ck_assert_uint_eq(qtest_readw(qts, RAM + 2), 0xbeef);
    ck_assert_uint_eq(qtest_readl(qts, RAM + 4), 0xdeadbeef);
    ck_assert_uint_eq(qtest_readq(qts, RAM + 8), 0x0102030405060708ull);

    /* little-endian: the low byte first */
    qtest_memread(qts, RAM + 8, bytes, 8);
    ck_assert_mem_eq(bytes, le, 8);
    ck_assert_uint_eq(qtest_readb(qts, RAM + 2), 0xef);
    ck_assert_uint_eq(qtest_readw(qts, RAM + 4), 0xbeef);
    ck_assert_uint_eq(qtest_readl(qts, RAM), 0xbeef00a5);

    /* replies are printed as QEMU prints them */
    assert_reply(qts, "readb 0x40000000", "OK 0x00000000000000a5");
    assert_reply(qts, "readq 0x40000008", "OK 0x0102030405060708");
    assert_reply(qts, "writew 0x40000010 0x1234", "OK");
    assert_reply(qts, "read 0x40000010 3", "OK 0x341200");
    assert_no_error(qts);
}
END_TEST

/* Register accesses of every size on the device, split and merged. */
START_TEST(test_device_access_sizes)
{
    ck_assert_uint_eq(reg_read(qts, R_ID), XTESTDEV_ID);
    reg_write(qts, R_SCRATCH, 0x11223344);
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 0x11223344);
    ck_assert_uint_eq(qtest_readb(qts, DEV + R_SCRATCH), 0x44);
    ck_assert_uint_eq(qtest_readb(qts, DEV + R_SCRATCH + 3), 0x11);
    ck_assert_uint_eq(qtest_readw(qts, DEV + R_SCRATCH + 2), 0x1122);
    qtest_writeb(qts, DEV + R_SCRATCH + 1, 0xaa);
    qtest_writew(qts, DEV + R_SCRATCH + 2, 0x5566);
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 0x5566aa44);
    /* an 8-byte read is two 4-byte accesses: SCRATCH, then IRQ */
    ck_assert_uint_eq(qtest_readq(qts, DEV + R_SCRATCH), 0x5566aa44ull);
    /* properties as the device sees them */
    ck_assert_uint_eq(reg_read(qts, R_VALUE), 42);
    ck_assert_uint_eq(reg_read(qts, R_FLAG), 1);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_FLAG), 0);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_hex_read_write)
{
    uint8_t pat[32], back[32];

    for (int i = 0; i < 32; i++) {
        pat[i] = 0x80 + i * 3;
    }
    qtest_memwrite(qts, RAM + 0x100, pat, sizeof(pat));
    qtest_memread(qts, RAM + 0x100, back, sizeof(back));
    ck_assert_mem_eq(back, pat, sizeof(pat));

    /* short data: the missing bytes are written as zeros */
    assert_reply(qts, "write 0x40000100 4 0xab", "OK");
    assert_reply(qts, "read 0x40000100 5", "OK 0xab0000008c");
    assert_reply(qts, "write 0x40000100 2 0X1234", "OK");
    assert_reply(qts, "read 0x40000100 2", "OK 0x1234");
    /* the device's registers, read as bytes in guest order */
    reg_write(qts, R_SCRATCH, 0xcafe0102);
    assert_reply(qts, "read 0x10000004 4", "OK 0x0201feca");
    assert_no_error(qts);
}
END_TEST

START_TEST(test_b64_read_write)
{
    uint8_t pat[17], back[17];

    for (int i = 0; i < 17; i++) {
        pat[i] = 0xff - i;
    }
    qtest_bufwrite(qts, RAM + 0x200, pat, sizeof(pat));
    qtest_bufread(qts, RAM + 0x200, back, sizeof(back));
    ck_assert_mem_eq(back, pat, sizeof(pat));

    assert_reply(qts, "write 0x40000200 3 0x616263", "OK");
    assert_reply(qts, "b64read 0x40000200 3", "OK YWJj");
    /* a short decode writes zeros after it */
    assert_reply(qts, "b64write 0x40000200 4 YQ==", "OK");
    assert_reply(qts, "read 0x40000200 5", "OK 0x61000000fb");
    assert_no_error(qts);
}
END_TEST

START_TEST(test_memset)
{
    uint8_t back[10];
    const uint8_t want[10] = { 0, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
                               0x5a, 0 };

    qtest_memset(qts, RAM + 0x300, 0x5a, 8);
    qtest_memread(qts, RAM + 0x2ff, back, sizeof(back));
    ck_assert_mem_eq(back, want, sizeof(want));
    assert_reply(qts, "memset 0x40000300 0 0x11", "OK");
    assert_reply(qts, "memset 0x40000300 2 0x1ff", "OK");
    assert_reply(qts, "read 0x40000300 3", "OK 0xffff5a");
    assert_no_error(qts);
}
END_TEST

/* Unmapped addresses: reads give 0 and writes are dropped, as in QEMU. */
START_TEST(test_unmapped)
{
    assert_reply(qts, "writel 0x20000000 0x12345678", "OK");
    assert_reply(qts, "readl 0x20000000", "OK 0x0000000000000000");
    assert_reply(qts, "readq 0xfffffffffffffff8", "OK 0x0000000000000000");
    assert_reply(qts, "write 0x20000000 2 0x1234", "OK");
    assert_reply(qts, "read 0x20000000 2", "OK 0x0000");
    assert_reply(qts, "b64read 0x20000000 3", "OK AAAA");
    assert_reply(qts, "memset 0x20000000 16 0xff", "OK");
    /* an access across the end of RAM: the mapped part is written */
    assert_reply(qts, "write 0x4000fffe 4 0x11223344", "OK");
    assert_reply(qts, "read 0x4000fffe 4", "OK 0x11220000");
    assert_alive(qts);
}
END_TEST

START_TEST(test_endianness)
{
    assert_reply(qts, "endianness", "OK little");
    ck_assert(!qtest_big_endian(qts));
}
END_TEST

/* ---- malformed qtest input: FAIL/ERR, never a crash or a hang ---- */

START_TEST(test_bad_commands)
{
    static const char *const bad[] = {
        "no_such_command",
        "no_such_command 1 2 3",
        "readl",
        "readl 0x40000000 5",
        "readb zz",
        "readw 0x4000000g",
        "readq -1",
        "writel 0x40000000",
        "writel 0x40000000 0x1 0x2",
        "writeb 0x40000000 pear",
        "read 0x40000000",
        "read 0x40000000 0",
        "read 0x40000000 0xffffffffffffffff",
        "read 0x40000000 99999999999",
        "b64read 0x40000000 0x7fffffffffffffff",
        "write 0x40000000 4",
        "write 0x40000000 4 0xzz",
        "write 0x40000000 4 1234",
        "write 0x40000000 0xffffffffffff 0x00",
        "b64write 0x40000000 4",
        "b64write 0x40000000 0x7fffffffffff YQ==",
        "memset 0x40000000 4",
        "memset 0x40000000 0xffffffffffff 0",
        "memset x 4 0",
        "clock_step abc",
        "clock_step 10 20",
        "clock_set",
        "clock_set ten",
        "irq_intercept_out",
        "irq_intercept_in /a /b",
        "set_irq_in " TD,
        "set_irq_in " TD " unnamed-gpio-in x 1",
        "set_irq_in " TD " unnamed-gpio-in 1 y",
        "endianness big",
        "READL 0x40000000",
        "",
        " readl 0x40000000",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_refused(qts, bad[i]);
    }
    assert_no_error(qts);
}
END_TEST

/*
 * Words are split at every single space, so two spaces make an empty word
 * and a trailing space an empty last word (as QEMU's g_strsplit()); any
 * number of words is counted; replies are exact.
 */
START_TEST(test_command_words_and_replies)
{
    static const char *const cases[][2] = {
        { "readl  0x40000000", "FAIL readl: expects 1 argument, got 2" },
        { "readl 0x40000000 ", "FAIL readl: expects 1 argument, got 2" },
        { "writel 0x40000000 1 2 3 4 5 6 7 8 9 10",
          "FAIL writel: expects 2 arguments, got 11" },
        { "", "FAIL Unknown command ''" },
        { " ", "FAIL Unknown command ''" },
        { "x 1 2 3 4 5 6 7 8 9", "FAIL Unknown command 'x'" },
        { "writeq 0x40000000 0x0123456789abcdef", "OK" },
        { "readq 0x40000000", "OK 0x0123456789abcdef" },
        { "readl 0x40000004", "OK 0x0000000001234567" },
        { "readw 0x40000000", "OK 0x000000000000cdef" },
        { "readb 0x40000001", "OK 0x00000000000000cd" },
        { "writeq 0x40000000 0xFEDCBA9876543210", "OK" },
        { "readq 0x40000000", "OK 0xfedcba9876543210" },
        { "writeq 0x40000000 0x9a0f1e2d3c4b5a69", "OK" },
        { "readq 0x40000000", "OK 0x9a0f1e2d3c4b5a69" },
        { "writeq 0x40000000 0xffffffffffffffff", "OK" },
        { "readq 0x40000000", "OK 0xffffffffffffffff" },
        { "writeb 0x40000000 0", "OK" },
        { "readq 0x40000000", "OK 0xffffffffffffff00" },
        /* Addresses: any case, leading zeros beyond 16 digits, decimal. */
        { "readb 0X40000001", "OK 0x00000000000000ff" },
        { "readb 0x000000000040000001", "OK 0x00000000000000ff" },
        { "readb 1073741825", "OK 0x00000000000000ff" },
        { "readb 0x", "FAIL readb: invalid argument '0x'" },
        /* The bytes on either side of each digit range are no digits. */
        { "readb 0x4000000/", "FAIL readb: invalid argument '0x4000000/'" },
        { "readb 0x4000000:", "FAIL readb: invalid argument '0x4000000:'" },
        { "readb 0x4000000@", "FAIL readb: invalid argument '0x4000000@'" },
        { "readb 0x4000000G", "FAIL readb: invalid argument '0x4000000G'" },
        { "readb 0x4000000`", "FAIL readb: invalid argument '0x4000000`'" },
        { "readb 0x4000000g", "FAIL readb: invalid argument '0x4000000g'" },
        { "readb 0x4000000\xff", "FAIL readb: invalid argument '0x4000000\xff'" },
        { "readb 0x4000000A", "OK 0x0000000000000000" },
        { "readb 0x400000F0", "OK 0x0000000000000000" },
        { "readb 0x10000000000000000",
          "FAIL readb: invalid argument '0x10000000000000000'" },
        { "endianness", "OK little" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        assert_reply(qts, cases[i][0], cases[i][1]);
    }
    assert_alive(qts);
}
END_TEST

/* A long line and a burst of commands in one write do not lose sync. */
START_TEST(test_long_and_batched_input)
{
    g_autoptr(GString) line = g_string_new("write 0x40000000 4 0x");

    for (int i = 0; i < 100000; i++) {
        g_string_append(line, "ab");
    }
    assert_reply(qts, line->str, "OK");
    assert_reply(qts, "read 0x40000000 4", "OK 0xabababab");
    /*
     * Three commands in one write get three replies, in order. Each raw
     * command below returns the oldest reply not read yet, so from here
     * on every reply is read one command late.
     */
    assert_reply(qts, "writel 0x40000000 0x1\nreadl 0x40000000\nendianness",
                 "OK");
    assert_reply(qts, "endianness", "OK 0x0000000000000001");
    assert_reply(qts, "endianness", "OK little");
    assert_alive(qts);
}
END_TEST

/* ---- interrupts ---- */

START_TEST(test_irq_intercept_out)
{
    qtest_irq_intercept_out(qts, TD);
    assert_no_error(qts);

    /* each edge arrives before the OK of the write that caused it */
    reg_write(qts, R_IRQ, 1);
    assert_irq_events(qts, "raise 0");
    ck_assert(qtest_get_irq(qts, 0));
    reg_write(qts, R_IRQ, 3);
    assert_irq_events(qts, "raise 1");
    /* no edge, no line */
    reg_write(qts, R_IRQ, 3);
    assert_irq_events(qts, "");
    reg_write(qts, R_IRQ, 0);
    assert_irq_events(qts, "lower 0, lower 1");
    reg_write(qts, R_IRQ, 2);
    reg_write(qts, R_IRQ, 1);
    assert_irq_events(qts, "raise 1, raise 0, lower 1");
    ck_assert_uint_eq(reg_read(qts, R_IRQ), 1);
    /* the other device's lines are not reported */
    qtest_writel(qts, DEV2 + R_IRQ, 3);
    assert_irq_events(qts, "");
    assert_no_error(qts);
}
END_TEST

START_TEST(test_irq_intercept_errors)
{
    assert_reply(qts, "irq_intercept_out /machine/peripheral/nosuch",
                 "FAIL Unknown device");
    assert_reply(qts, "irq_intercept_in /machine/peripheral/nosuch",
                 "FAIL Unknown device");
    /* a path that is not a device */
    assert_reply(qts, "irq_intercept_out /machine/peripheral",
                 "FAIL Unknown device");
    assert_reply(qts, "irq_intercept_out " TD, "OK");
    /* the same device again is fine, another one is not */
    assert_reply(qts, "irq_intercept_out " TD, "OK");
    assert_reply(qts, "irq_intercept_out " TD2,
                 "FAIL IRQ intercept already enabled");
    assert_reply(qts, "irq_intercept_in " TD2,
                 "FAIL IRQ intercept already enabled");
    assert_alive(qts);
}
END_TEST

/* Without interception set_irq_in reaches the device's input handler. */
START_TEST(test_set_irq_in)
{
    qtest_set_irq_in(qts, TD, NULL, 2, 1);
    ck_assert_uint_eq(reg_read(qts, R_GPIO_IN), 0x4);
    qtest_set_irq_in(qts, TD, NULL, 0, 1);
    qtest_set_irq_in(qts, TD, NULL, 2, 0);
    ck_assert_uint_eq(reg_read(qts, R_GPIO_IN), 0x1);
    assert_no_error(qts);

    assert_refused(qts, "set_irq_in " TD " unnamed-gpio-in 4 1");
    assert_refused(qts, "set_irq_in " TD " unnamed-gpio-in -1 1");
    assert_refused(qts, "set_irq_in " TD " no-such-gpio 0 1");
    assert_reply(qts, "set_irq_in /machine/nosuch unnamed-gpio-in 0 1",
                 "FAIL Unknown device");
    ck_assert_uint_eq(reg_read(qts, R_GPIO_IN), 0x1);
}
END_TEST

/* With irq_intercept_in the inputs are reported, and still delivered
 * (QEMU's qtest_irq_handler passes the level on). */
START_TEST(test_irq_intercept_in)
{
    qtest_irq_intercept_in(qts, TD);
    qtest_set_irq_in(qts, TD, NULL, 3, 1);
    assert_irq_events(qts, "raise 3");
    qtest_set_irq_in(qts, TD, NULL, 1, 1);
    qtest_set_irq_in(qts, TD, NULL, 3, 0);
    assert_irq_events(qts, "raise 1, lower 3");
    ck_assert_uint_eq(reg_read(qts, R_GPIO_IN), 0x2);
    /* only changes are reported */
    qtest_set_irq_in(qts, TD, NULL, 1, 1);
    assert_irq_events(qts, "");
    assert_no_error(qts);
}
END_TEST

/* ---- the virtual clock ---- */

START_TEST(test_clock_step)
{
    qtest_irq_intercept_out(qts, TD);
    assert_reply(qts, "clock_step 100", "OK 100");
    reg_write(qts, R_TIMER, 1000);            /* due at 1100 */
    ck_assert_uint_eq(reg_read(qts, R_TIMER), 1);
    ck_assert_int_eq(qtest_clock_step(qts, 999), 1099);
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 0);
    assert_irq_events(qts, "");
    /* the timer's edge comes before the clock_step's OK */
    ck_assert_int_eq(qtest_clock_step(qts, 1), 1100);
    assert_irq_events(qts, "raise 1");
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 1);
    ck_assert_uint_eq(reg_read(qts, R_TIMER), 0);

    /* without an argument: up to the next deadline */
    reg_write(qts, R_IRQ, 0);
    assert_irq_events(qts, "lower 1");
    reg_write(qts, R_TIMER, 12345);
    ck_assert_int_eq(qtest_clock_step_next(qts), 1100 + 12345);
    assert_irq_events(qts, "raise 1");
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 2);
    /* ... and with no timer pending the clock stays where it is */
    assert_reply(qts, "clock_step", "OK 13445");
    /* a step past several deadlines runs each timer */
    reg_write(qts, R_TIMER_FIRED, 0);
    reg_write(qts, R_TIMER, 10);
    assert_reply(qts, "clock_step 0x100", "OK 13701");
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 1);
    /* a disarmed timer does not fire */
    reg_write(qts, R_TIMER, 10);
    reg_write(qts, R_TIMER, 0);
    qtest_clock_step(qts, 1000);
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 1);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_clock_set)
{
    ck_assert_int_eq(qtest_clock_set(qts, 5000), 5000);
    reg_write(qts, R_TIMER, 100);             /* due at 5100 */
    ck_assert_int_eq(qtest_clock_set(qts, 5099), 5099);
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 0);
    ck_assert_int_eq(qtest_clock_set(qts, 6000), 6000);
    ck_assert_uint_eq(reg_read(qts, R_TIMER_FIRED), 1);
    /* the virtual clock never goes back: QEMU answers with the time */
    assert_reply(qts, "clock_set 10", "OK 6000");
    assert_reply(qts, "clock_step 0", "OK 6000");
    assert_reply(qts, "clock_step -5", "OK 6000");
    assert_reply(qts, "clock_set 0x2000", "OK 8192");
    assert_no_error(qts);
}
END_TEST

/* ---- the device's chardev ---- */

START_TEST(test_chardev)
{
    char buf[4];

    reg_write(qts, R_CHR_DATA, 'Q');
    ck_assert_int_eq(qtest_chardev_read(qts, "c0", buf, 1, WAIT_MS), 1);
    ck_assert_int_eq(buf[0], 'Q');

    ck_assert(qtest_chardev_write(qts, "c0", "hi", 2));
    ck_assert(qtest_chardev_wait_taken(qts, "c0", WAIT_MS));
    for (int i = 0; i < 100 && reg_read(qts, R_CHR_RXCOUNT) < 2; i++) {
        qtest_sync(qts);
    }
    ck_assert_uint_eq(reg_read(qts, R_CHR_RXCOUNT), 2);
    ck_assert_uint_eq(reg_read(qts, R_CHR_DATA), 'h');
    ck_assert_uint_eq(reg_read(qts, R_CHR_DATA), 'i');
    ck_assert_uint_eq(reg_read(qts, R_CHR_RXCOUNT), 0);
    assert_no_error(qts);
}
END_TEST

/* More bytes than the device's 16-byte FIFO: none lost, none repeated. */
START_TEST(test_chardev_flow_control)
{
    char text[100];

    for (int i = 0; i < 100; i++) {
        text[i] = 'A' + i % 26;
    }
    ck_assert(qtest_chardev_write(qts, "c0", text, sizeof(text)));
    for (int i = 0; i < 100; i++) {
        for (int spin = 0; spin < 1000 && !reg_read(qts, R_CHR_RXCOUNT);
             spin++) {
            qtest_sync(qts);
        }
        ck_assert_uint_le(reg_read(qts, R_CHR_RXCOUNT), 16);
        ck_assert_uint_eq(reg_read(qts, R_CHR_DATA), (uint8_t)text[i]);
    }
    for (int i = 0; i < 5; i++) {
        qtest_sync(qts);
    }
    ck_assert_uint_eq(reg_read(qts, R_CHR_RXCOUNT), 0);
    assert_no_error(qts);
}
END_TEST

/* ---- QMP ---- */

/* One QMP reply or event; NULL on error. */
static JsonObject *rsp_return_object(JsonObject *rsp)
{
    ck_assert_ptr_nonnull(rsp);
    ck_assert_msg(json_object_has_member(rsp, "return"), "no return");
    return json_object_get_object_member(rsp, "return");
}

/* Checks an error reply and its description; frees @rsp. */
static void assert_qmp_error(JsonObject *rsp, const char *klass,
                             const char *desc)
{
    JsonObject *err;

    ck_assert_ptr_nonnull(rsp);
    err = json_object_get_object_member(rsp, "error");
    ck_assert_msg(err, "not an error reply");
    ck_assert_str_eq(json_object_get_string_member(err, "class"), klass);
    if (desc) {
        ck_assert_str_eq(json_object_get_string_member(err, "desc"), desc);
    }
    json_object_unref(rsp);
}

/* A raw client on a -qmp unix socket: sees the greeting and negotiation. */
typedef struct QmpClient {
    int fd;
    GString *buf;
} QmpClient;

static void qmp_client_connect(QmpClient *c, const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    ck_assert_uint_lt(strlen(path), sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(c->fd, 0);
    ck_assert_msg(connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) == 0,
                  "connect %s: %s", path, g_strerror(errno));
    c->buf = g_string_new(NULL);
}

static void qmp_client_close(QmpClient *c)
{
    close(c->fd);
    g_string_free(c->buf, true);
}

/* The next line the monitor sent, parsed; the harness runs meanwhile. */
static JsonObject *qmp_client_read(QmpClient *c)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *line = NULL;
    char *nl;

    while (!(nl = strchr(c->buf->str, '\n'))) {
        char chunk[4096];
        struct timeval tv = { .tv_sec = 5 };
        ssize_t n;

        setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        n = read(c->fd, chunk, sizeof(chunk));
        ck_assert_msg(n > 0, "qmp read: %s", n ? g_strerror(errno) : "EOF");
        g_string_append_len(c->buf, chunk, n);
    }
    line = g_strndup(c->buf->str, nl - c->buf->str);
    g_string_erase(c->buf, 0, nl - c->buf->str + 1);
    ck_assert_msg(json_parser_load_from_data(parser, line, -1, &err),
                  "'%s': %s", line, err ? err->message : "?");
    ck_assert(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
    return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

static JsonObject *qmp_client_cmd(QmpClient *c, const char *text)
{
    ck_assert_int_eq(write(c->fd, text, strlen(text)), (ssize_t)strlen(text));
    return qmp_client_read(c);
}

START_TEST(test_qmp_greeting_and_negotiation)
{
    g_autofree char *path = g_build_filename(tmpdir, "qmp.sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    const char *const extra[] = { "-qmp", spec, NULL };
    QTestState *s = start_harness(extra);
    g_autoptr(JsonObject) greeting = NULL;
    JsonObject *qmp, *ver;
    JsonObject *rsp;
    QmpClient c;

    qmp_client_connect(&c, path);
    greeting = qmp_client_read(&c);
    qmp = json_object_get_object_member(greeting, "QMP");
    ck_assert_ptr_nonnull(qmp);
    ver = json_object_get_object_member(
        json_object_get_object_member(qmp, "version"), "qemu");
    ck_assert_int_eq(json_object_get_int_member(ver, "major"), 7);
    ck_assert_int_eq(json_object_get_int_member(ver, "minor"), 2);
    ck_assert(json_object_has_member(qmp, "capabilities"));

    assert_qmp_error(qmp_client_cmd(&c, "{\"execute\": \"query-status\"}"),
                     "CommandNotFound", "Expecting capabilities negotiation "
                     "with 'qmp_capabilities'");
    rsp = qmp_client_cmd(&c, "{\"execute\": \"qmp_capabilities\", "
                         "\"id\": \"neg-1\"}");
    rsp_return_object(rsp);
    ck_assert_str_eq(json_object_get_string_member(rsp, "id"), "neg-1");
    json_object_unref(rsp);
    assert_qmp_error(qmp_client_cmd(&c, "{\"execute\": \"qmp_capabilities\"}"),
                     "CommandNotFound", "Capabilities negotiation is already "
                     "complete, command ignored");
    rsp = qmp_client_cmd(&c, "{\"execute\": \"query-version\", \"id\": 7}");
    ck_assert_int_eq(json_object_get_int_member(
        json_object_get_object_member(rsp_return_object(rsp), "qemu"),
        "major"), 7);
    ck_assert_int_eq(json_object_get_int_member(rsp, "id"), 7);
    json_object_unref(rsp);

    /* events go to every negotiated monitor */
    qtest_qmp_assert_success(s, "{\"execute\": \"stop\"}");
    rsp = qmp_client_read(&c);
    ck_assert_str_eq(json_object_get_string_member(rsp, "event"), "STOP");
    ck_assert(json_object_has_member(rsp, "timestamp"));
    json_object_unref(rsp);

    /* a client that goes away leaves the harness running */
    qmp_client_close(&c);
    assert_alive(s);
    qtest_quit(s);
}
END_TEST

START_TEST(test_query_version_and_status)
{
    g_autoptr(JsonNode) ver = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"query-version\"}");
    g_autoptr(JsonNode) st = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"query-status\"}");
    JsonObject *qemu = json_object_get_object_member(json_node_get_object(ver),
                                                     "qemu");
    JsonObject *status = json_node_get_object(st);

    ck_assert_int_eq(json_object_get_int_member(qemu, "major"), 7);
    ck_assert_int_eq(json_object_get_int_member(qemu, "minor"), 2);
    ck_assert(json_object_has_member(json_node_get_object(ver), "package"));
    ck_assert_str_eq(json_object_get_string_member(status, "status"),
                     "running");
    ck_assert(json_object_get_boolean_member(status, "running"));
}
END_TEST

static JsonNode *qom_get(const char *path, const char *prop);

/* The "type" of the member @name of a qom-list reply, or NULL. */
static const char *qom_list_type(JsonArray *list, const char *name)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *p = json_array_get_object_element(list, i);

        if (!strcmp(json_object_get_string_member(p, "name"), name)) {
            return json_object_get_string_member(p, "type");
        }
    }
    return NULL;
}

START_TEST(test_qom_list)
{
    g_autoptr(JsonNode) per = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": "
        "{\"path\": \"/machine/peripheral\"}}");
    g_autoptr(JsonNode) td = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"" TD "\"}}");
    g_autoptr(JsonNode) anon = NULL;
    g_autoptr(JsonNode) anon_name = NULL;
    JsonArray *list = json_node_get_array(td);

    ck_assert_str_eq(qom_list_type(json_node_get_array(per), "td"),
                     "child<x-testdev>");
    ck_assert_str_eq(qom_list_type(json_node_get_array(per), "td2"),
                     "child<x-testdev>");
    ck_assert_ptr_null(qom_list_type(json_node_get_array(per), "device[0]"));
    ck_assert_str_eq(qom_list_type(list, "flag"), "bool");
    ck_assert_str_eq(qom_list_type(list, "value"), "uint32");
    ck_assert_str_eq(qom_list_type(list, "name"), "str");
    ck_assert_str_eq(qom_list_type(list, "chardev"), "str");
    ck_assert_str_eq(qom_list_type(list, "scratch"), "uint32");
    ck_assert_str_eq(qom_list_type(list, "type"), "string");
    ck_assert_str_eq(qom_list_type(list, "sysbus-irq[1]"), "link<irq>");

    /* a device without id= */
    anon = qtest_qmp_assert_success_ref(qts, "{\"execute\": \"qom-list\", "
        "\"arguments\": {\"path\": \"/machine/peripheral-anon\"}}");
    ck_assert_str_eq(qom_list_type(json_node_get_array(anon), "device[0]"),
                     "child<x-testdev>");
    anon_name = qom_get("/machine/peripheral-anon/device[0]", "name");
    ck_assert_str_eq(json_node_get_string(anon_name), "anonymous");

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list\", "
                               "\"arguments\": {\"path\": \"/nope\"}}"),
                     "DeviceNotFound", "Device '/nope' not found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list\"}"),
                     "GenericError", "Parameter 'path' is missing");
}
END_TEST

static JsonNode *qom_get(const char *path, const char *prop)
{
    return qtest_qmp_assert_success_ref(qts, "{\"execute\": \"qom-get\", "
        "\"arguments\": {\"path\": \"%s\", \"property\": \"%s\"}}", path, prop);
}

START_TEST(test_qom_get)
{
    g_autoptr(JsonNode) flag = qom_get(TD, "flag");
    g_autoptr(JsonNode) flag2 = qom_get(TD2, "flag");
    g_autoptr(JsonNode) value = qom_get(TD, "value");
    g_autoptr(JsonNode) name = qom_get(TD, "name");
    g_autoptr(JsonNode) chardev = qom_get(TD, "chardev");
    g_autoptr(JsonNode) type = qom_get(TD, "type");
    g_autoptr(JsonNode) realized = qom_get(TD, "realized");

    ck_assert(json_node_get_boolean(flag));
    ck_assert(!json_node_get_boolean(flag2));
    ck_assert_int_eq(json_node_get_int(value), 42);
    ck_assert_str_eq(json_node_get_string(name), "hello");
    ck_assert_str_eq(json_node_get_string(chardev), "c0");
    ck_assert_str_eq(json_node_get_string(type), "x-testdev");
    ck_assert(json_node_get_boolean(realized));

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-get\", \"arguments\": "
                               "{\"path\": \"" TD "\", \"property\": "
                               "\"nosuch\"}}"),
                     "GenericError", "Property 'x-testdev.nosuch' not found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-get\", \"arguments\": "
                               "{\"path\": \"/machine/nope\", \"property\": "
                               "\"type\"}}"),
                     "DeviceNotFound", "Device '/machine/nope' not found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-get\", \"arguments\": "
                               "{\"path\": \"" TD "\"}}"),
                     "GenericError", "Parameter 'property' is missing");
}
END_TEST

START_TEST(test_qom_set)
{
    g_autoptr(JsonNode) scratch = NULL;

    /* a QOM property, writable at any time: the device sees it */
    qtest_qmp_assert_success(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"scratch\", \"value\": 4660}}");
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 4660);
    reg_write(qts, R_SCRATCH, 0xfeed);
    scratch = qom_get(TD, "scratch");
    ck_assert_int_eq(json_node_get_int(scratch), 0xfeed);

    /* qdev properties are frozen once the device is realized */
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"value\", \"value\": 7}}"),
        "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"scratch\", \"value\": \"x\"}}"),
        "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"scratch\", \"value\": -1}}"),
        "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"scratch\", \"value\": [1]}}"),
        "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"nosuch\", \"value\": 1}}"),
        "GenericError", "Property 'x-testdev.nosuch' not found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-set\", \"arguments\": "
        "{\"path\": \"" TD "\", \"property\": \"scratch\"}}"),
        "GenericError", "Parameter 'value' is missing");
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 0xfeed);
    ck_assert_uint_eq(reg_read(qts, R_VALUE), 42);
}
END_TEST

static JsonObject *find_by_name(JsonArray *list, const char *name)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *o = json_array_get_object_element(list, i);

        if (!strcmp(json_object_get_string_member(o, "name"), name)) {
            return o;
        }
    }
    return NULL;
}

START_TEST(test_qom_list_types)
{
    g_autoptr(JsonNode) all = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list-types\"}");
    g_autoptr(JsonNode) sysbus = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list-types\", \"arguments\": "
        "{\"implements\": \"sys-bus-device\", \"abstract\": true}}");
    JsonObject *td = find_by_name(json_node_get_array(all), "x-testdev");
    JsonObject *sbd;

    ck_assert_ptr_nonnull(td);
    ck_assert_str_eq(json_object_get_string_member(td, "parent"),
                     "sys-bus-device");
    /* abstract types only when asked for */
    ck_assert_ptr_null(find_by_name(json_node_get_array(all), "sys-bus-device"));
    sbd = find_by_name(json_node_get_array(sysbus), "sys-bus-device");
    ck_assert_ptr_nonnull(sbd);
    ck_assert(json_object_get_boolean_member(sbd, "abstract"));
    ck_assert_ptr_nonnull(find_by_name(json_node_get_array(sysbus),
                                       "x-testdev"));
    ck_assert_ptr_null(find_by_name(json_node_get_array(sysbus), "container"));

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list-types\", "
                               "\"arguments\": {\"implements\": 5}}"),
                     "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list-types\", "
                               "\"arguments\": {\"abstract\": \"yes\"}}"),
                     "GenericError", "Invalid parameter type for 'abstract', "
                     "expected: boolean");
}
END_TEST

START_TEST(test_device_list_properties)
{
    g_autoptr(JsonNode) props = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"device-list-properties\", \"arguments\": "
        "{\"typename\": \"x-testdev\"}}");
    JsonArray *list = json_node_get_array(props);
    JsonObject *flag = find_by_name(list, "flag");
    JsonObject *value = find_by_name(list, "value");
    JsonObject *name = find_by_name(list, "name");
    JsonObject *chardev = find_by_name(list, "chardev");

    ck_assert_ptr_nonnull(flag);
    ck_assert_str_eq(json_object_get_string_member(flag, "type"), "bool");
    ck_assert(json_object_get_boolean_member(flag, "default-value"));
    ck_assert_ptr_nonnull(value);
    ck_assert_str_eq(json_object_get_string_member(value, "type"), "uint32");
    ck_assert_int_eq(json_object_get_int_member(value, "default-value"), 0);
    ck_assert_ptr_nonnull(name);
    ck_assert_str_eq(json_object_get_string_member(name, "type"), "str");
    ck_assert(!json_object_has_member(name, "default-value"));
    ck_assert_ptr_nonnull(chardev);
    ck_assert_str_eq(json_object_get_string_member(chardev, "description"),
                     "ID of a chardev to use as a backend");
    /* QEMU leaves out the internal properties */
    ck_assert_ptr_null(find_by_name(list, "realized"));
    ck_assert_ptr_null(find_by_name(list, "type"));

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"device-list-properties\", "
                               "\"arguments\": {\"typename\": \"nosuch\"}}"),
                     "DeviceNotFound", "Device 'nosuch' not found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"device-list-properties\", "
                               "\"arguments\": {\"typename\": \"container\"}}"),
                     "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"device-list-properties\", "
                               "\"arguments\": {\"typename\": "
                               "\"sys-bus-device\"}}"),
                     "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"device-list-properties\"}"),
                     "GenericError", "Parameter 'typename' is missing");
}
END_TEST

START_TEST(test_system_reset)
{
    g_autoptr(JsonObject) ev = NULL;

    qtest_irq_intercept_out(qts, TD);
    reg_write(qts, R_SCRATCH, 0x55aa);
    reg_write(qts, R_IRQ, 1);
    reg_write(qts, R_TIMER, 100);
    qtest_writel(qts, DEV2 + R_SCRATCH, 0x77);
    assert_irq_events(qts, "raise 0");

    qtest_qmp_assert_success(qts, "{\"execute\": \"system_reset\"}");
    ev = qtest_qmp_eventwait_ref(qts, "RESET");
    ck_assert_ptr_nonnull(ev);
    /* both devices' reset handlers ran */
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 0);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_SCRATCH), 0);
    ck_assert_uint_eq(reg_read(qts, R_TIMER), 0);
    assert_irq_events(qts, "lower 0");
    /* properties survive a reset */
    ck_assert_uint_eq(reg_read(qts, R_VALUE), 42);
    assert_no_error(qts);
}
END_TEST

static const char *run_status(QTestState *s, bool *running)
{
    static char status[32];
    g_autoptr(JsonNode) st = qtest_qmp_assert_success_ref(s,
        "{\"execute\": \"query-status\"}");
    JsonObject *o = json_node_get_object(st);

    *running = json_object_get_boolean_member(o, "running");
    g_strlcpy(status, json_object_get_string_member(o, "status"),
              sizeof(status));
    return status;
}

START_TEST(test_stop_cont)
{
    g_autoptr(JsonObject) stop = NULL;
    g_autoptr(JsonObject) resume = NULL;
    bool running;

    qtest_qmp_assert_success(qts, "{\"execute\": \"stop\"}");
    stop = qtest_qmp_eventwait_ref(qts, "STOP");
    ck_assert_ptr_nonnull(stop);
    ck_assert_str_eq(run_status(qts, &running), "paused");
    ck_assert(!running);
    /* qtest still works on a paused machine, as in QEMU */
    reg_write(qts, R_SCRATCH, 3);
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 3);

    qtest_qmp_assert_success(qts, "{\"execute\": \"cont\"}");
    resume = qtest_qmp_eventwait_ref(qts, "RESUME");
    ck_assert_ptr_nonnull(resume);
    ck_assert_str_eq(run_status(qts, &running), "running");
    ck_assert(running);
    /* cont while running: no second RESUME */
    qtest_qmp_assert_success(qts, "{\"execute\": \"cont\"}");
    ck_assert_uint_eq(qtest_qmp_event_count(qts), 0);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_quit)
{
    g_autoptr(JsonObject) rsp = qtest_qmp(qts, "{\"execute\": \"quit\"}");
    g_autoptr(JsonObject) ev = NULL;

    rsp_return_object(rsp);
    ev = qtest_qmp_eventwait_ref(qts, "SHUTDOWN");
    ck_assert_ptr_nonnull(ev);
    /* the harness exits with status 0 */
    ck_assert_uint_eq(qtest_readl(qts, RAM), 0);
    ck_assert_ptr_nonnull(qtest_error(qts));
    ck_assert_msg(strstr(qtest_error(qts), "exited with status 0"), "%s",
                  qtest_error(qts));
}
END_TEST

/* Threads of process @pid, from /proc. */
static int thread_count(GPid pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *text = NULL;
    const char *t;

    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    t = strstr(text, "\nThreads:");
    ck_assert_ptr_nonnull(t);
    return atoi(t + strlen("\nThreads:"));
}

/*
 * SIGTERM, SIGINT and SIGHUP each make the harness quit with status 0; it
 * runs on one thread (no GLib worker thread for the signals).
 */
START_TEST(test_quit_signals_single_thread)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };

    ck_assert_int_eq(thread_count(qtest_pid(qts)), 1);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        QTestState *s = start_harness(NULL);
        gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

        ck_assert_int_eq(thread_count(qtest_pid(s)), 1);
        ck_assert_int_eq(kill(qtest_pid(s), sigs[i]), 0);
        while (!qtest_error(s)) {
            ck_assert(g_get_monotonic_time() < deadline);
            qtest_readl(s, RAM);
        }
        ck_assert_msg(strstr(qtest_error(s), "exited with status 0"),
                      "signal %d: %s", sigs[i], qtest_error(s));
        qtest_quit(s);
    }
}
END_TEST

/* Malformed requests get error replies; the session goes on. */
START_TEST(test_qmp_malformed)
{
    JsonObject *rsp;

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": }"), "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "[1, 2]"), "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"arguments\": {}}"), "GenericError",
                     NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": 42}"), "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list\", "
                               "\"arguments\": 5}"), "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"qom-list\", "
                               "\"arguments\": {\"path\": 5}}"),
                     "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"no-such-command\"}"),
                     "CommandNotFound",
                     "The command no-such-command has not been found");
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"migrate\"}"),
                     "GenericError", "Parameter 'uri' is missing");
    /* an error keeps the request's id */
    rsp = qtest_qmp(qts, "{\"execute\": \"nope\", \"id\": \"x1\"}");
    ck_assert_ptr_nonnull(rsp);
    ck_assert_str_eq(json_object_get_string_member(rsp, "id"), "x1");
    json_object_unref(rsp);

    qtest_qmp_assert_success(qts, "{\"execute\": \"query-status\"}");
    assert_no_error(qts);
    assert_alive(qts);
}
END_TEST

/* Too long or too deeply nested: one error, then the next message works. */
/*
 * A QMP peer that sends and never reads: its replies pile up in its own
 * monitor (which stops reading it past a limit), while qtest and the
 * other monitor go on. A blocking write would hang the whole harness.
 */
START_TEST(test_qmp_peer_never_reads)
{
    g_autofree char *path = g_build_filename(tmpdir, "qmp-stall.sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    const char *const extra[] = { "-qmp", spec, NULL };
    QTestState *s = start_harness(extra);
    g_autoptr(JsonObject) greeting = NULL;
    g_autoptr(GString) flood = g_string_new(NULL);
    int sndbuf = 4096;
    QmpClient c;

    qmp_client_connect(&c, path);
    greeting = qmp_client_read(&c);
    setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &sndbuf, sizeof(sndbuf));
    g_string_append(flood, "{\"execute\": \"qmp_capabilities\"}");
    for (int i = 0; i < 20000; i++) {
        g_string_append(flood, "{\"execute\": \"qom-list-types\"}");
    }
    /* Non-blocking: the harness may stop reading us, which is the point. */
    g_unix_set_fd_nonblocking(c.fd, true, NULL);
    for (size_t off = 0; off < flood->len;) {
        ssize_t n = write(c.fd, flood->str + off, flood->len - off);

        if (n <= 0) {
            break;
        }
        off += n;
    }
    for (int i = 0; i < 50; i++) {
        reg_write(s, R_SCRATCH, i);
        ck_assert_uint_eq(reg_read(s, R_SCRATCH), (uint32_t)i);
        qtest_qmp_assert_success(s, "{\"execute\": \"query-status\"}");
    }
    assert_no_error(s);
    qmp_client_close(&c);
    qtest_qmp_assert_success(s, "{\"execute\": \"query-status\"}");
    qtest_quit(s);
}
END_TEST

/*
 * QEMU's limits per QMP message (its json-streamer.c): each message past
 * one gets one error, and the session goes on.
 */
START_TEST(test_qmp_oversized)
{
    g_autoptr(GString) deep = g_string_new(NULL);
    g_autoptr(GString) many = g_string_new("[");
    g_autoptr(GString) big = g_string_new("\"");

    /* the opener past 1024 levels */
    for (int i = 0; i < 1025; i++) {
        g_string_append_c(deep, '[');
    }
    assert_qmp_error(qtest_qmp(qts, "%s", deep->str), "GenericError",
                     "JSON nesting depth limit exceeded");
    qtest_qmp_assert_success(qts, "{\"execute\": \"query-status\"}");

    /* "[" and 2 Mi tokens: the last "," is one too many */
    for (int i = 0; i < 1 << 20; i++) {
        g_string_append(many, "0,");
    }
    assert_qmp_error(qtest_qmp(qts, "%s", many->str), "GenericError",
                     "JSON token count limit exceeded");
    qtest_qmp_assert_success(qts, "{\"execute\": \"query-status\"}");

    /* a string token one byte past 64 MiB, its quote included */
    g_string_set_size(big, (64 << 20) + 1);
    memset(big->str + 1, 'a', 64 << 20);
    assert_qmp_error(qtest_qmp(qts, "%s", big->str), "GenericError",
                     "JSON token size limit exceeded");
    qtest_qmp_assert_success(qts, "{\"execute\": \"query-status\"}");
    assert_no_error(qts);
}
END_TEST

/* ---- migration ---- */

static void migrate_to(QTestState *s, const char *path)
{
    g_autoptr(JsonNode) st = NULL;

    qtest_qmp_assert_success(s, "{\"execute\": \"migrate\", \"arguments\": "
                             "{\"uri\": \"file:%s\"}}", path);
    st = qtest_qmp_assert_success_ref(s, "{\"execute\": \"query-migrate\"}");
    ck_assert_str_eq(json_object_get_string_member(json_node_get_object(st),
                                                   "status"), "completed");
}

START_TEST(test_migrate)
{
    g_autofree char *path = g_build_filename(tmpdir, "state", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autoptr(JsonNode) st = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"query-migrate\"}");
    const char *const incoming[] = { "-incoming", uri, NULL };
    QTestState *dst;

    /* nothing migrated yet: no status */
    ck_assert(!json_object_has_member(json_node_get_object(st), "status"));

    reg_write(qts, R_SCRATCH, 0xcafe);
    qtest_writel(qts, DEV2 + R_SCRATCH, 0xbeef);
    qtest_clock_step(qts, 100);
    reg_write(qts, R_TIMER, 1000);            /* due at 1100 */
    migrate_to(qts, path);

    dst = start_harness(incoming);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_SCRATCH), 0xcafe);
    ck_assert_uint_eq(qtest_readl(dst, DEV2 + R_SCRATCH), 0xbeef);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER), 1);
    ck_assert_uint_eq(qtest_readl(dst, DEV2 + R_TIMER), 0);
    /* the armed timer still fires */
    qtest_irq_intercept_out(dst, TD);
    ck_assert_int_ge(qtest_clock_step_next(dst), 0);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER_FIRED), 1);
    assert_irq_events(dst, "raise 1");
    assert_no_error(dst);
    qtest_quit(dst);

    /* the source goes on */
    ck_assert_uint_eq(reg_read(qts, R_SCRATCH), 0xcafe);
    assert_no_error(qts);
}
END_TEST

/* QEMU 7.2's way: "unix:PATH", the harness connects and sends the stream. */
START_TEST(test_migrate_unix)
{
    g_autofree char *sock = g_build_filename(tmpdir, "mig.sock", NULL);
    g_autofree char *path = g_build_filename(tmpdir, "state", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    const char *const incoming[] = { "-incoming", uri, NULL };
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autoptr(GByteArray) stream = g_byte_array_new();
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QTestState *dst;
    uint8_t chunk[4096];
    ssize_t n;
    int fd;

    strcpy(addr.sun_path, sock);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    ck_assert_int_eq(listen(lfd, 1), 0);
    reg_write(qts, R_SCRATCH, 0x600d);
    /* the stream is small: it fits the socket buffer before accept() */
    qtest_qmp_assert_success(qts, "{\"execute\": \"migrate\", \"arguments\": "
                             "{\"uri\": \"unix:%s\"}}", sock);
    fd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(fd, 0);
    while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
        g_byte_array_append(stream, chunk, n);
    }
    close(fd);
    close(lfd);
    /* QEMU_VM_FILE_MAGIC "QEVM", then the version 3 */
    ck_assert_uint_gt(stream->len, 8);
    ck_assert_mem_eq(stream->data, "QEVM\0\0\0\3", 8);
    ck_assert(g_file_set_contents(path, (const char *)stream->data,
                                  stream->len, NULL));

    dst = start_harness(incoming);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_SCRATCH), 0x600d);
    assert_no_error(dst);
    qtest_quit(dst);
}
END_TEST

START_TEST(test_migrate_errors)
{
    g_autoptr(JsonNode) st = NULL;

    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"migrate\", \"arguments\": "
                               "{\"uri\": \"tcp:localhost:1\"}}"),
                     "GenericError", NULL);
    assert_qmp_error(qtest_qmp(qts, "{\"execute\": \"migrate\", \"arguments\": "
                               "{\"uri\": \"file:/nonexistent/dir/state\"}}"),
                     "GenericError", NULL);
    st = qtest_qmp_assert_success_ref(qts, "{\"execute\": \"query-migrate\"}");
    ck_assert_str_eq(json_object_get_string_member(json_node_get_object(st),
                                                   "status"), "failed");
    assert_alive(qts);
}
END_TEST

/* A stream that is not one, or of another machine: exit 1, no crash. */
START_TEST(test_incoming_bad_stream)
{
    g_autofree char *path = g_build_filename(tmpdir, "garbage", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    const char *const argv[] = {
        env_path("QEMU_HARNESS"), "-x-module", env_path("X_TESTDEV"),
        "-device", "x-testdev,id=td", "-incoming", uri, NULL
    };
    g_autofree char *out = NULL, *err = NULL;
    int status;

    ck_assert(g_file_set_contents(path, "QEVM garbage", -1, NULL));
    ck_assert(g_spawn_sync(NULL, (char **)argv, NULL,
                           G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err,
                           &status, NULL));
    ck_assert_msg(g_spawn_check_wait_status(status, NULL) == FALSE &&
                  WIFEXITED(status) && WEXITSTATUS(status) == 1,
                  "status %d, stderr '%s'", status, err);
    ck_assert_msg(g_str_has_prefix(err, "qemu-harness: -incoming "), "'%s'",
                  err);
}
END_TEST

static Suite *harness_suite(void)
{
    Suite *s = suite_create("qtest-harness");
    TCase *mem = tcase_create("memory");
    TCase *bad = tcase_create("bad-input");
    TCase *irq = tcase_create("irq");
    TCase *clk = tcase_create("clock");
    TCase *chr = tcase_create("chardev");
    TCase *qmp = tcase_create("qmp");
    TCase *mig = tcase_create("migration");
    TCase *all[] = { mem, bad, irq, clk, chr, qmp, mig };

    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        tcase_set_timeout(all[i], 20);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(mem, test_read_write_sizes);
    tcase_add_test(mem, test_device_access_sizes);
    tcase_add_test(mem, test_hex_read_write);
    tcase_add_test(mem, test_b64_read_write);
    tcase_add_test(mem, test_memset);
    tcase_add_test(mem, test_unmapped);
    tcase_add_test(mem, test_endianness);

    tcase_add_test(bad, test_bad_commands);
    tcase_add_test(bad, test_command_words_and_replies);
    tcase_add_test(bad, test_long_and_batched_input);

    tcase_add_test(irq, test_irq_intercept_out);
    tcase_add_test(irq, test_irq_intercept_errors);
    tcase_add_test(irq, test_set_irq_in);
    tcase_add_test(irq, test_irq_intercept_in);

    tcase_add_test(clk, test_clock_step);
    tcase_add_test(clk, test_clock_set);

    tcase_add_test(chr, test_chardev);
    tcase_add_test(chr, test_chardev_flow_control);

    tcase_add_test(qmp, test_qmp_greeting_and_negotiation);
    tcase_add_test(qmp, test_query_version_and_status);
    tcase_add_test(qmp, test_qom_list);
    tcase_add_test(qmp, test_qom_get);
    tcase_add_test(qmp, test_qom_set);
    tcase_add_test(qmp, test_qom_list_types);
    tcase_add_test(qmp, test_device_list_properties);
    tcase_add_test(qmp, test_system_reset);
    tcase_add_test(qmp, test_stop_cont);
    tcase_add_test(qmp, test_quit);
    tcase_add_test(qmp, test_quit_signals_single_thread);
    tcase_add_test(qmp, test_qmp_malformed);
    tcase_add_test(qmp, test_qmp_oversized);
    tcase_add_test(qmp, test_qmp_peer_never_reads);

    tcase_add_test(mig, test_migrate);
    tcase_add_test(mig, test_migrate_unix);
    tcase_add_test(mig, test_migrate_errors);
    tcase_add_test(mig, test_incoming_bad_stream);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(harness_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
