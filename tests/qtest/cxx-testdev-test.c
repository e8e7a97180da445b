/*
 * x-cxx-test-device (hw/misc/test-device.cc, the C++ test device) driven
 * through qemu-harness with libqtest: every property through its register
 * and qom-get, the C++ child object and the link, lifecycle hooks and the
 * three reset phases, IRQ control, DMA (including to unmapped memory), the
 * countdown timer, the chardev, realize failure on the command line and
 * migration through a file with the timer armed. The same tests run on
 * its C twin x-c-test-device (hw/misc/test-device.c) with TEST_DEVICE_TYPE
 * set: only the type names differ (the migration section's is the C++
 * device's in both).
 */
#define _GNU_SOURCE     /* memmem */
#include <check.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "libqtest.h"

#define DEV         0x10000000ull   /* "td": every property set */
#define DEV2        0x10001000ull   /* "td2": defaults, peer=td */
#define RAM         0x40000000ull   /* 64 KiB of -x-ram */
#define UNMAPPED    0x20000000ull
#define TD          "/machine/peripheral/td"
#define TD2         "/machine/peripheral/td2"
#define WAIT_MS     2000

/* Registers (hw/misc/test-device.hh) */
enum {
    R_ID = 0x00, R_SCRATCH = 0x04, R_IRQ = 0x08,
    R_DMA_SRC = 0x10, R_DMA_DST = 0x14, R_DMA_LEN = 0x18, R_DMA_CTRL = 0x1c,
    R_DMA_STATUS = 0x20, R_TIMER = 0x24, R_TIMER_STATUS = 0x28, R_TX = 0x2c,
    R_RX_COUNT = 0x30, R_RX_LAST = 0x34,
    R_FOO = 0x40, R_U8 = 0x44, R_U16 = 0x48, R_U32 = 0x4c, R_U64_LO = 0x50,
    R_U64_HI = 0x54, R_I32 = 0x58, R_DMA_LIMIT = 0x5c, R_LABEL_LEN = 0x60,
    R_CHARDEV = 0x64, R_PEER = 0x68,
    R_REALIZED = 0x80, R_UNREALIZED = 0x84, R_RESET_ENTER = 0x88,
    R_RESET_HOLD = 0x8c, R_RESET_EXIT = 0x90,
};
#define DEVICE_ID   0x43585444
#define DMA_DONE    1
#define DMA_ERROR   2
#define TD_PROPS    "id=td,chardev=c0,foo=off,u8=200," \
                    "u16=60000,u32=4000000000,u64=1234605616436508552," \
                    "i32=-7,dma-limit=64k,label=hello"

/* The device under test (TEST_DEVICE_TYPE) and its child's type. */
static const char *dev_type = "x-cxx-test-device";
static const char *obj_type = "x-cxx-test-object";

static QTestState *qts;
static char *tmpdir;
static char *log_path;
static const char *const chardevs[] = { "c0", NULL };

static const char *env_path(const char *name)
{
    const char *v = g_getenv(name);

    ck_assert_msg(v && *v, "%s is not set (run through meson test)", name);
    return v;
}

/* The harness with two test devices, RAM and a guest-error log. */
static QTestState *start_harness(const char *const *extra)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *td = g_strdup_printf("%s,%s", dev_type, TD_PROPS);
    g_autofree char *td2 = g_strdup_printf("%s,id=td2,peer=%s", dev_type, TD);
    const char *const base[] = {
        env_path("QEMU_HARNESS"), "-x-module", env_path("CXX_TEST_DEVICE"),
        "-device", td,
        "-device", td2,
        "-x-map", "td,addr=0x10000000",
        "-x-map", "td2,addr=0x10001000",
        "-x-ram", "addr=0x40000000,size=64k",
        "-d", "guest_errors", "-D", log_path,
        NULL
    };
    QTestOptions opts = { .chardevs = chardevs };
    QTestState *s;

    for (const char *const *a = base; *a; a++) {
        g_ptr_array_add(argv, (char *)*a);
    }
    for (const char *const *a = extra; a && *a; a++) {
        g_ptr_array_add(argv, (char *)*a);
    }
    g_ptr_array_add(argv, NULL);
    s = qtest_start_argv((const char *const *)argv->pdata, &opts, &err);
    ck_assert_msg(s, "cannot start qemu-harness: %s", err ? err->message : "?");
    return s;
}

static void setup(void)
{
    g_autoptr(GError) err = NULL;

    tmpdir = g_dir_make_tmp("cxx-testdev-XXXXXX", &err);
    ck_assert_msg(tmpdir, "%s", err ? err->message : "?");
    log_path = g_build_filename(tmpdir, "log", NULL);
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
    g_clear_pointer(&log_path, g_free);
}

static void assert_no_error(QTestState *s)
{
    ck_assert_msg(!qtest_error(s), "libqtest: %s", qtest_error(s));
}

static uint32_t rd(unsigned reg)
{
    return qtest_readl(qts, DEV + reg);
}

static void wr(unsigned reg, uint32_t value)
{
    qtest_writel(qts, DEV + reg, value);
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

static JsonNode *qom_get(QTestState *s, const char *path, const char *prop)
{
    return qtest_qmp_assert_success_ref(s, "{\"execute\": \"qom-get\", "
        "\"arguments\": {\"path\": \"%s\", \"property\": \"%s\"}}", path, prop);
}

static int64_t qom_get_int(QTestState *s, const char *path, const char *prop)
{
    g_autoptr(JsonNode) n = qom_get(s, path, prop);

    return json_node_get_int(n);
}

static void assert_qom_str(const char *path, const char *prop,
                           const char *want)
{
    g_autoptr(JsonNode) n = qom_get(qts, path, prop);

    ck_assert_str_eq(json_node_get_string(n), want);
}

/* The "type" of member @name of a qom-list of @path, or NULL. */
static char *qom_list_type(const char *path, const char *name)
{
    g_autoptr(JsonNode) list = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"%s\"}}", path);
    JsonArray *a = json_node_get_array(list);

    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonObject *p = json_array_get_object_element(a, i);

        if (!strcmp(json_object_get_string_member(p, "name"), name)) {
            return g_strdup(json_object_get_string_member(p, "type"));
        }
    }
    return NULL;
}

static void qom_set_realized(const char *path, bool on)
{
    qtest_qmp_assert_success(qts, "{\"execute\": \"qom-set\", \"arguments\": "
                             "{\"path\": \"%s\", \"property\": \"realized\", "
                             "\"value\": %s}}", path, on ? "true" : "false");
}

static char *read_log(void)
{
    char *text = NULL;

    g_file_get_contents(log_path, &text, NULL, NULL);
    return text ? text : g_strdup("");
}

/* Runs the harness with @args to completion: exit status and stderr. */
static int run_harness(const char *const *args, char **err)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *out = NULL;
    int status;

    g_ptr_array_add(argv, (char *)env_path("QEMU_HARNESS"));
    g_ptr_array_add(argv, "-x-module");
    g_ptr_array_add(argv, (char *)env_path("CXX_TEST_DEVICE"));
    for (const char *const *a = args; *a; a++) {
        g_ptr_array_add(argv, (char *)*a);
    }
    g_ptr_array_add(argv, NULL);
    ck_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                           G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, err,
                           &status, NULL));
    return status;
}

/* Whether @log has the line "<dev_type>: @rest". */
static bool log_has(const char *log, const char *rest)
{
    g_autofree char *line = g_strconcat(dev_type, ": ", rest, NULL);

    return strstr(log, line) != NULL;
}

/* ---- registers and properties ---- */

START_TEST(test_id_scratch)
{
    g_autofree char *log = NULL;

    ck_assert_uint_eq(rd(R_ID), DEVICE_ID);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_ID), DEVICE_ID);
    wr(R_SCRATCH, 0xdeadbeef);
    ck_assert_uint_eq(rd(R_SCRATCH), 0xdeadbeef);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_SCRATCH), 0);

    /* bad accesses are logged guest errors, and the device goes on */
    wr(R_ID, 1);
    ck_assert_uint_eq(rd(0xfc), 0);
    ck_assert_uint_eq(rd(R_ID), DEVICE_ID);
    log = read_log();
    ck_assert_msg(log_has(log, "write to read-only or unknown register "
                          "0x0\n"), "log: '%s'", log);
    ck_assert_msg(log_has(log, "read of unknown register 0xfc\n"),
                  "log: '%s'", log);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_property_registers)
{
    /* td: every property set on the command line */
    ck_assert_uint_eq(rd(R_FOO), 0);
    ck_assert_uint_eq(rd(R_U8), 200);
    ck_assert_uint_eq(rd(R_U16), 60000);
    ck_assert_uint_eq(rd(R_U32), 4000000000u);
    ck_assert_uint_eq(rd(R_U64_LO), 0x55667788);
    ck_assert_uint_eq(rd(R_U64_HI), 0x11223344);
    ck_assert_uint_eq(rd(R_I32), (uint32_t)-7);
    ck_assert_uint_eq(rd(R_DMA_LIMIT), 65536);
    ck_assert_uint_eq(rd(R_LABEL_LEN), 5);
    ck_assert_uint_eq(rd(R_CHARDEV), 1);
    ck_assert_uint_eq(rd(R_PEER), 0);

    /* td2: the defaults, the RFC's foo among them */
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_FOO), 1);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_U8), 0x12);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_U16), 0x1234);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_U32), 0x12345678);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_U64_LO), 0x9abcdef0);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_U64_HI), 0x12345678);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_I32), (uint32_t)-42);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_DMA_LIMIT), 4096);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_LABEL_LEN), 0);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_CHARDEV), 0);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_property_qom_get)
{
    g_autoptr(JsonNode) foo = qom_get(qts, TD, "foo");
    g_autoptr(JsonNode) foo2 = qom_get(qts, TD2, "foo");

    ck_assert(!json_node_get_boolean(foo));
    ck_assert(json_node_get_boolean(foo2));
    ck_assert_int_eq(qom_get_int(qts, TD, "u8"), 200);
    ck_assert_int_eq(qom_get_int(qts, TD, "u16"), 60000);
    ck_assert_int_eq(qom_get_int(qts, TD, "u32"), 4000000000);
    ck_assert_int_eq(qom_get_int(qts, TD, "u64"), 0x1122334455667788);
    ck_assert_int_eq(qom_get_int(qts, TD, "i32"), -7);
    ck_assert_int_eq(qom_get_int(qts, TD, "dma-limit"), 65536);
    ck_assert_int_eq(qom_get_int(qts, TD2, "dma-limit"), 4096);
    ck_assert_int_eq(qom_get_int(qts, TD2, "i32"), -42);
    assert_qom_str(TD, "label", "hello");
    assert_qom_str(TD, "chardev", "c0");
    assert_qom_str(TD2, "peer", TD);
    assert_qom_str(TD, "peer", "");
    assert_no_error(qts);
}
END_TEST

/* Bad property values on -device: QEMU's messages, exit 1. */
START_TEST(test_property_errors)
{
    static const struct {
        const char *option;
        const char *message;    /* %s: the device's type */
    } cases[] = {
        { "u8=256", "Parameter 'u8' expects uint8_t" },
        { "foo=maybe", "Parameter 'foo' expects" },
        { "dma-limit=lots", "Parameter 'dma-limit' expects" },
        { "peer=/nope", "Device '/nope' not found" },
        { "chardev=nope", "Property '%s.chardev' can't find value 'nope'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *device = g_strdup_printf("%s,%s", dev_type,
                                                  cases[i].option);
        g_autofree char *message = g_strdup_printf(cases[i].message,
                                                   dev_type);
        const char *const args[] = { "-device", device, NULL };
        g_autofree char *err = NULL;
        int status = run_harness(args, &err);

        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
                      "%s: status %d, '%s'", device, status, err);
        ck_assert_msg(strstr(err, message), "%s: '%s'", device, err);
    }
}
END_TEST

/* ---- the child object, the link, lifecycle and reset ---- */

START_TEST(test_child_and_link)
{
    g_autofree char *child = qom_list_type(TD, "lifecycle");
    g_autofree char *link = qom_list_type(TD2, "peer");
    g_autofree char *count = qom_list_type(TD "/lifecycle", "realized");
    g_autoptr(JsonNode) type = qom_get(qts, TD "/lifecycle", "type");

    g_autofree char *child_want = g_strdup_printf("child<%s>", obj_type);
    g_autofree char *link_want = g_strdup_printf("link<%s>", dev_type);

    ck_assert_str_eq(child, child_want);
    ck_assert_str_eq(link, link_want);
    ck_assert_str_eq(count, "uint32");
    ck_assert_str_eq(json_node_get_string(type), obj_type);

    /* td2 reads td's scratch register through the link */
    wr(R_SCRATCH, 0x1234abcd);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_PEER), 0x1234abcd);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_realize_unrealize)
{
    ck_assert_uint_eq(rd(R_REALIZED), 1);
    ck_assert_uint_eq(rd(R_UNREALIZED), 0);
    ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", "realized"), 1);
    ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", "unparented"), 0);

    qom_set_realized(TD, false);
    ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", "unrealized"), 1);
    ck_assert_uint_eq(rd(R_UNREALIZED), 1);
    /* configuration stays frozen... */
    ck_assert_int_eq(qom_get_int(qts, TD, "u8"), 200);

    qom_set_realized(TD, true);
    ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", "realized"), 2);
    ck_assert_uint_eq(rd(R_REALIZED), 2);
    /* ...and the chardev handlers came back with the second realize */
    ck_assert(qtest_chardev_write(qts, "c0", "z", 1));
    ck_assert(qtest_chardev_wait_taken(qts, "c0", WAIT_MS));
    for (int i = 0; i < 100 && rd(R_RX_COUNT) < 1; i++) {
        qtest_sync(qts);
    }
    ck_assert_uint_eq(rd(R_RX_LAST), 'z');
    assert_no_error(qts);
}
END_TEST

/* realize's Error is what the harness prints for -device. */
START_TEST(test_realize_failure)
{
    static const char *const limits[] = { "0", "65537" };

    for (size_t i = 0; i < G_N_ELEMENTS(limits); i++) {
        g_autofree char *dev = g_strdup_printf(
            "%s,id=bad,dma-limit=%s", dev_type, limits[i]);
        g_autofree char *want = g_strdup_printf(
            "qemu-harness: -device %s: dma-limit %s is out of range "
            "(1 to 65536)\n", dev, limits[i]);
        const char *const args[] = { "-device", dev, NULL };
        g_autofree char *err = NULL;
        int status = run_harness(args, &err);

        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
                      "status %d, '%s'", status, err);
        ck_assert_str_eq(err, want);
    }
}
END_TEST

START_TEST(test_reset_phases)
{
    g_autoptr(JsonObject) ev = NULL;
    static const char *const phases[] = {
        "reset-enter", "reset-hold", "reset-exit"
    };

    qtest_irq_intercept_out(qts, TD);
    wr(R_SCRATCH, 0x55aa);
    wr(R_IRQ, 1);
    wr(R_TIMER, 1000);
    assert_irq_events(qts, "raise 0");
    /* Once at start-up, as QEMU resets every device before the guest runs. */
    for (size_t i = 0; i < G_N_ELEMENTS(phases); i++) {
        ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", phases[i]), 1);
    }

    qtest_qmp_assert_success(qts, "{\"execute\": \"system_reset\"}");
    ev = qtest_qmp_eventwait_ref(qts, "RESET");
    ck_assert_ptr_nonnull(ev);
    for (size_t i = 0; i < G_N_ELEMENTS(phases); i++) {
        ck_assert_int_eq(qom_get_int(qts, TD "/lifecycle", phases[i]), 2);
        ck_assert_int_eq(qom_get_int(qts, TD2 "/lifecycle", phases[i]), 2);
    }
    ck_assert_uint_eq(rd(R_RESET_ENTER), 2);
    ck_assert_uint_eq(rd(R_RESET_HOLD), 2);
    ck_assert_uint_eq(rd(R_RESET_EXIT), 2);
    /* state is back to its reset values, lines low, timer stopped */
    ck_assert_uint_eq(rd(R_SCRATCH), 0);
    ck_assert_uint_eq(rd(R_IRQ), 0);
    ck_assert_uint_eq(rd(R_TIMER), 0);
    assert_irq_events(qts, "lower 0");
    ck_assert_int_ge(qtest_clock_step(qts, 2000), 2000);
    ck_assert_uint_eq(rd(R_TIMER_STATUS), 0);
    /* configuration survives */
    ck_assert_uint_eq(rd(R_U8), 200);
    assert_no_error(qts);
}
END_TEST

/* ---- interrupts, DMA, timer, chardev ---- */

START_TEST(test_irq_control)
{
    g_autofree char *log = NULL;

    qtest_irq_intercept_out(qts, TD);
    wr(R_IRQ, 1);
    ck_assert_uint_eq(rd(R_IRQ), 1);
    assert_irq_events(qts, "raise 0");
    wr(R_IRQ, 0);
    ck_assert_uint_eq(rd(R_IRQ), 0);
    assert_irq_events(qts, "lower 0");
    wr(R_IRQ, 2);
    ck_assert_uint_eq(rd(R_IRQ), 0);
    assert_irq_events(qts, "raise 0, lower 0");
    wr(R_IRQ, 7);
    assert_irq_events(qts, "");
    log = read_log();
    ck_assert_msg(strstr(log, "unknown IRQ operation 7"), "'%s'", log);
    assert_no_error(qts);
}
END_TEST

static void dma(uint32_t src, uint32_t dst, uint32_t len)
{
    wr(R_DMA_SRC, src);
    wr(R_DMA_DST, dst);
    wr(R_DMA_LEN, len);
    wr(R_DMA_CTRL, 1);
}

START_TEST(test_dma_copy)
{
    uint8_t data[300], got[300];

    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = i * 7 + 1;
    }
    qtest_irq_intercept_out(qts, TD);
    qtest_memwrite(qts, RAM + 0x100, data, sizeof(data));
    dma(RAM + 0x100, RAM + 0x8000, sizeof(data));
    qtest_memread(qts, RAM + 0x8000, got, sizeof(got));
    ck_assert_mem_eq(got, data, sizeof(data));
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_DONE);
    assert_irq_events(qts, "raise 1");

    /* writing the status bits back clears them and lowers line 1 */
    wr(R_DMA_STATUS, DMA_DONE);
    ck_assert_uint_eq(rd(R_DMA_STATUS), 0);
    assert_irq_events(qts, "lower 1");

    /* into another device's register: guest memory is guest memory */
    qtest_writel(qts, RAM, 0xfeedf00d);
    dma(RAM, DEV2 + R_SCRATCH, 4);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_SCRATCH), 0xfeedf00d);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_DONE);
    assert_no_error(qts);
}
END_TEST

/*
 * The re-entrancy guard's warning: 7.2.22 prints it on stderr once per
 * process (warn_report_once), for the first blocked access only.
 */
START_TEST(test_reentrancy_warning)
{
    g_autofree char *td = g_strdup_printf("%s,id=td", dev_type);
    g_autofree char *warning = g_strdup_printf(
        "warning: Blocked re-entrant IO on MemoryRegion: %s at addr: 0x4\n",
        dev_type);
    const char *const argv[] = {
        env_path("QEMU_HARNESS"), "-x-module", env_path("CXX_TEST_DEVICE"),
        "-device", td,
        "-x-map", "td,addr=0x10000000",
        "-x-ram", "addr=0x40000000,size=64k",
        "-qtest", "stdio", NULL
    };
    /* two DMAs into the device's own registers, then one into RAM */
    const char *cmds =
        "writel 0x40000000 0x1234\n"
        "writel 0x10000010 0x40000000\n"
        "writel 0x10000014 0x10000004\n"
        "writel 0x10000018 4\n"
        "writel 0x1000001c 1\n"
        "writel 0x10000014 0x10000008\n"
        "writel 0x1000001c 1\n"
        "readl 0x10000004\n"
        "writel 0x10000014 0x40000100\n"
        "writel 0x1000001c 1\n"
        "readl 0x40000100\n";
    g_autoptr(GError) gerr = NULL;
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *in_path = g_build_filename(tmpdir, "cmds", NULL);
    g_autofree char *shell = NULL;
    int status;
    const char *first;

    ck_assert(g_file_set_contents(in_path, cmds, -1, NULL));
    /* stdin from the file: the harness reads it to the end, then exits */
    for (const char *const *a = argv; *a; a++) {
        g_autofree char *q = g_shell_quote(*a);
        char *next = g_strconcat(shell ? shell : "", shell ? " " : "", q, NULL);

        g_free(shell);
        shell = next;
    }
    {
        g_autofree char *qin = g_shell_quote(in_path);
        g_autofree char *line = g_strdup_printf("%s < %s", shell, qin);
        const char *sh[] = { "/bin/sh", "-c", line, NULL };

        ck_assert(g_spawn_sync(NULL, (char **)sh, NULL, 0, NULL, NULL, &out,
                               &err, &status, &gerr));
    }
    ck_assert_msg(g_spawn_check_wait_status(status, NULL), "stderr: %s", err);
    /* the blocked writes left the scratch register alone; RAM got it */
    ck_assert_msg(strstr(out, "OK 0x0000000000000000\nOK\nOK\n"
                         "OK 0x0000000000001234\n"), "stdout: %s", out);
    first = strstr(err, warning);
    ck_assert_msg(first, "stderr: %s", err);
    ck_assert_msg(!strstr(first + strlen("warning: Blocked"), "Blocked"),
                  "warned twice: %s", err);
}
END_TEST

START_TEST(test_dma_errors)
{
    g_autofree char *log = NULL;

    qtest_irq_intercept_out(qts, TD);
    qtest_memset(qts, RAM, 0xaa, 16);

    /* from unmapped memory: the destination is untouched */
    dma(UNMAPPED, RAM, 16);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_ERROR);
    assert_irq_events(qts, "raise 1");
    ck_assert_uint_eq(qtest_readl(qts, RAM), 0xaaaaaaaa);
    wr(R_DMA_STATUS, DMA_ERROR);
    assert_irq_events(qts, "lower 1");

    /* to unmapped memory */
    dma(RAM, UNMAPPED + 0x10, 16);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_ERROR);
    /* running off the end of RAM */
    wr(R_DMA_STATUS, DMA_ERROR);
    dma(RAM, RAM + 0xfff8, 16);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_ERROR);
    /* longer than td2's dma-limit (4096) */
    qtest_writel(qts, DEV2 + R_DMA_SRC, RAM);
    qtest_writel(qts, DEV2 + R_DMA_DST, RAM + 0x8000);
    qtest_writel(qts, DEV2 + R_DMA_LEN, 4097);
    qtest_writel(qts, DEV2 + R_DMA_CTRL, 1);
    ck_assert_uint_eq(qtest_readl(qts, DEV2 + R_DMA_STATUS), DMA_ERROR);

    /*
     * Into its own registers: 7.2.22's re-entrancy guard refuses the write
     * (MEMTX_ACCESS_ERROR), so a DMA cannot start itself again and the
     * scratch register keeps its value.
     */
    wr(R_DMA_STATUS, DMA_ERROR);
    qtest_writel(qts, RAM + 0x20, 1);
    dma(RAM + 0x20, DEV + R_DMA_CTRL, 4);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_ERROR);
    wr(R_DMA_STATUS, DMA_ERROR);
    wr(R_SCRATCH, 0x1234);
    dma(RAM, DEV + R_SCRATCH, 4);
    ck_assert_uint_eq(rd(R_SCRATCH), 0x1234);
    ck_assert_uint_eq(rd(R_DMA_STATUS), DMA_ERROR);

    log = read_log();
    ck_assert_msg(log_has(log, "DMA read of 16 bytes at 0x20000000 failed: "
                          "nothing mapped\n"), "'%s'", log);
    ck_assert_msg(log_has(log, "DMA write of 16 bytes at 0x20000010 failed: "
                          "nothing mapped\n"), "'%s'", log);
    ck_assert_msg(strstr(log, "DMA of 4097 bytes is above dma-limit"), "'%s'",
                  log);
    ck_assert_msg(log_has(log, "DMA write of 4 bytes at 0x1000001c failed: "
                          "access denied\n"), "'%s'", log);
    ck_assert_msg(log_has(log, "DMA write of 4 bytes at 0x10000004 failed: "
                          "access denied\n"), "'%s'", log);
    assert_no_error(qts);
}
END_TEST

START_TEST(test_timer)
{
    qtest_irq_intercept_out(qts, TD);
    wr(R_TIMER, 1000);
    ck_assert_uint_eq(rd(R_TIMER), 1000);
    qtest_clock_step(qts, 400);
    ck_assert_uint_eq(rd(R_TIMER), 600);
    qtest_clock_step(qts, 599);
    ck_assert_uint_eq(rd(R_TIMER_STATUS), 0);
    assert_irq_events(qts, "");
    qtest_clock_step(qts, 1);
    ck_assert_uint_eq(rd(R_TIMER), 0);
    ck_assert_uint_eq(rd(R_TIMER_STATUS), 1);
    assert_irq_events(qts, "raise 2");
    wr(R_TIMER_STATUS, 1);
    assert_irq_events(qts, "lower 2");

    /* writing 0 stops it */
    wr(R_TIMER, 50);
    wr(R_TIMER, 0);
    qtest_clock_step(qts, 100);
    ck_assert_uint_eq(rd(R_TIMER_STATUS), 0);
    assert_irq_events(qts, "");
    assert_no_error(qts);
}
END_TEST

START_TEST(test_chardev)
{
    char buf[3];

    wr(R_TX, 'O');
    wr(R_TX, 'K');
    wr(R_TX, 0x100 | '!');          /* only the low byte is sent */
    ck_assert_int_eq(qtest_chardev_read(qts, "c0", buf, 3, WAIT_MS), 3);
    ck_assert_mem_eq(buf, "OK!", 3);

    ck_assert(qtest_chardev_write(qts, "c0", "xyz", 3));
    ck_assert(qtest_chardev_wait_taken(qts, "c0", WAIT_MS));
    for (int i = 0; i < 100 && rd(R_RX_COUNT) < 3; i++) {
        qtest_sync(qts);
    }
    ck_assert_uint_eq(rd(R_RX_COUNT), 3);
    ck_assert_uint_eq(rd(R_RX_LAST), 'z');
    /* td2 has no chardev: TX goes nowhere, quietly */
    qtest_writel(qts, DEV2 + R_TX, 'q');
    assert_no_error(qts);
}
END_TEST

/* ---- migration ---- */

static void migrate_to(const char *path)
{
    g_autoptr(JsonNode) st = NULL;

    qtest_qmp_assert_success(qts, "{\"execute\": \"migrate\", \"arguments\": "
                             "{\"uri\": \"file:%s\"}}", path);
    st = qtest_qmp_assert_success_ref(qts, "{\"execute\": \"query-migrate\"}");
    ck_assert_str_eq(json_object_get_string_member(json_node_get_object(st),
                                                   "status"), "completed");
}

static bool stream_has(const char *path, const char *text)
{
    g_autofree char *data = NULL;
    gsize len;

    ck_assert(g_file_get_contents(path, &data, &len, NULL));
    return memmem(data, len, text, strlen(text)) != NULL;
}

/* Mid-operation: timer armed, DMA status and received bytes pending. */
START_TEST(test_migrate_timer_armed)
{
    g_autofree char *path = g_build_filename(tmpdir, "state", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    const char *const incoming[] = { "-incoming", uri, NULL };
    QTestState *dst;

    wr(R_SCRATCH, 0xcafe);
    dma(RAM, RAM + 0x100, 8);
    ck_assert(qtest_chardev_write(qts, "c0", "m", 1));
    ck_assert(qtest_chardev_wait_taken(qts, "c0", WAIT_MS));
    for (int i = 0; i < 100 && rd(R_RX_COUNT) < 1; i++) {
        qtest_sync(qts);
    }
    qtest_clock_step(qts, 100);
    wr(R_TIMER, 1000);                  /* due at 1100 */
    qtest_clock_step(qts, 400);
    ck_assert_uint_eq(rd(R_TIMER), 600);
    migrate_to(path);
    ck_assert(stream_has(path, "x-cxx-test-device/timer"));

    dst = start_harness(incoming);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_SCRATCH), 0xcafe);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_DMA_STATUS), DMA_DONE);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_DMA_LEN), 8);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_RX_COUNT), 1);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_RX_LAST), 'm');
    ck_assert_uint_eq(qtest_readl(dst, DEV2 + R_TIMER), 0);
    /*
     * The virtual clock travels in the "timer" section: the destination
     * goes on from 500 ns, its timer counts on where it was and fires at
     * the same virtual time as the source's, which goes on un-migrated.
     */
    qtest_irq_intercept_out(dst, TD);
    qtest_irq_intercept_out(qts, TD);
    ck_assert_int_eq(qtest_clock_step(dst, 0), 500);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER), 600);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(qtest_clock_step(dst, 299), 799 + i * 299);
        ck_assert_int_eq(qtest_clock_step(qts, 299), 799 + i * 299);
        ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER), rd(R_TIMER));
        ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER_STATUS), 0);
        ck_assert_uint_eq(rd(R_TIMER_STATUS), 0);
    }
    ck_assert_uint_eq(rd(R_TIMER), 2);
    assert_irq_events(dst, "");
    ck_assert_int_eq(qtest_clock_step_next(dst), 1100);
    ck_assert_int_eq(qtest_clock_step_next(qts), 1100);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER_STATUS), 1);
    ck_assert_uint_eq(rd(R_TIMER_STATUS), 1);
    assert_irq_events(dst, "raise 2");
    assert_irq_events(qts, "raise 2");
    assert_no_error(dst);
    qtest_quit(dst);
    assert_no_error(qts);
}
END_TEST

/* The timer subsection travels only while the timer matters. */
START_TEST(test_migrate_idle)
{
    g_autofree char *path = g_build_filename(tmpdir, "state", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    const char *const incoming[] = { "-incoming", uri, NULL };
    QTestState *dst;

    wr(R_SCRATCH, 0x600d);
    migrate_to(path);
    ck_assert(!stream_has(path, "x-cxx-test-device/timer"));
    ck_assert(stream_has(path, "x-cxx-test-device"));

    dst = start_harness(incoming);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_SCRATCH), 0x600d);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER), 0);
    ck_assert_uint_eq(qtest_readl(dst, DEV + R_TIMER_STATUS), 0);
    assert_no_error(dst);
    qtest_quit(dst);
}
END_TEST

static Suite *cxx_testdev_suite(void)
{
    Suite *s = suite_create("qtest-cxx-testdev");
    TCase *regs = tcase_create("registers");
    TCase *life = tcase_create("lifecycle");
    TCase *io = tcase_create("io");
    TCase *mig = tcase_create("migration");
    TCase *all[] = { regs, life, io, mig };

    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        tcase_set_timeout(all[i], 20);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(regs, test_id_scratch);
    tcase_add_test(regs, test_property_registers);
    tcase_add_test(regs, test_property_qom_get);
    tcase_add_test(regs, test_property_errors);

    tcase_add_test(life, test_child_and_link);
    tcase_add_test(life, test_realize_unrealize);
    tcase_add_test(life, test_realize_failure);
    tcase_add_test(life, test_reset_phases);

    tcase_add_test(io, test_irq_control);
    tcase_add_test(io, test_dma_copy);
    tcase_add_test(io, test_dma_errors);
    tcase_add_test(io, test_reentrancy_warning);
    tcase_add_test(io, test_timer);
    tcase_add_test(io, test_chardev);

    tcase_add_test(mig, test_migrate_timer_armed);
    tcase_add_test(mig, test_migrate_idle);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (g_getenv("TEST_DEVICE_TYPE")) {
        dev_type = g_getenv("TEST_DEVICE_TYPE");
        obj_type = g_getenv("TEST_OBJECT_TYPE");
        if (!obj_type) {
            fprintf(stderr, "TEST_DEVICE_TYPE needs TEST_OBJECT_TYPE\n");
            return EXIT_FAILURE;
        }
    }
    sr = srunner_create(cxx_testdev_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
