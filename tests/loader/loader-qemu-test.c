/*
 * Our modules inside the unmodified qemu-system-arm, through qemu-cxx-run:
 * the C reference PL011 (pl011-c) at 0x09100000 on GIC SPI 10 and the C++
 * PL011 (pl011-cxx) at 0x09110000 on SPI 11, beside the virt board's own
 * PL011 at 0x09000000. Driven with libqtest over qtest and QMP:
 * PrimeCell ID and reset values, the QOM path -device gives, a byte out
 * of the chardev, the interrupt at the GIC's input, and the migration
 * stream's "pl011" sections (the board's is instance 0, ours 1 and 2).
 * The same SPIs on a GICv3, and on an M-profile board (lm3s6965evb): an
 * NVIC external interrupt.
 *
 * Environment: QEMU_CXX_RUN, QEMU, PL011_C_MODULE, PL011_CXX_MODULE.
 */
#include <check.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "libqtest.h"

/* PL011 registers (QEMU 7.2 hw/char/pl011.c) */
#define UARTDR      0x000
#define UARTFR      0x018
#define UARTIBRD    0x024
#define UARTIMSC    0x038
#define UARTICR     0x044
#define UARTPERIPHID0 0xfe0
#define INT_TX      0x20

typedef struct Uart {
    const char *type;
    const char *id;
    uint64_t base;
    int spi;
    const char *chardev;
} Uart;

static const Uart uarts[] = {
    { "pl011-c", "uart1", 0x09100000, 10, "u1" },
    { "pl011-cxx", "uart2", 0x09110000, 11, "u2" },
};

static const char *const chardevs[] = { "u1", "u2", NULL };
static QTestState *qts;
/* The virt board's GIC: its -M option and its QOM type. */
static const char *gic_option = "virt,gic-version=2";
static const char *gic_type = "arm_gic";

static void setup(void)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) err = NULL;
    QTestOptions opts = { .chardevs = chardevs };
    const char *const fixed[] = {
        g_getenv("QEMU_CXX_RUN"), "-x-qemu", g_getenv("QEMU"),
        "-x-module", g_getenv("PL011_C_MODULE"),
        "-x-module", g_getenv("PL011_CXX_MODULE"),
        "-M", gic_option, "-m", "16M", "-accel", "tcg", "-S",
        "-display", "none", "-nodefaults", "-no-user-config",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
        ck_assert_msg(fixed[i], "environment variable missing (argument %zu)",
                      i);
        g_ptr_array_add(argv, g_strdup(fixed[i]));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(uarts); i++) {
        const Uart *u = &uarts[i];

        g_ptr_array_add(argv, g_strdup("-device"));
        g_ptr_array_add(argv, g_strdup_printf("%s,id=%s,chardev=%s", u->type,
                                              u->id, u->chardev));
        g_ptr_array_add(argv, g_strdup("-x-map"));
        g_ptr_array_add(argv, g_strdup_printf("%s,addr=0x%" PRIx64, u->id,
                                              u->base));
        g_ptr_array_add(argv, g_strdup("-x-irq"));
        g_ptr_array_add(argv, g_strdup_printf("%s,line=%d", u->id, u->spi));
    }
    g_ptr_array_add(argv, NULL);
    qts = qtest_start_argv((const char *const *)argv->pdata, &opts, &err);
    ck_assert_msg(qts, "cannot start qemu-cxx-run: %s",
                  err ? err->message : "?");
}

static void teardown(void)
{
    qtest_quit(qts);
    qts = NULL;
}

static void assert_no_error(void)
{
    ck_assert_msg(!qtest_error(qts), "libqtest: %s", qtest_error(qts));
}

/* qom-list @path: the "type" of member @name, or NULL. */
static char *qom_member_type(const char *path, const char *name)
{
    g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"%s\"}}", path);
    JsonArray *props = json_node_get_array(ret);

    for (guint i = 0; i < json_array_get_length(props); i++) {
        JsonObject *p = json_array_get_object_element(props, i);

        if (!g_strcmp0(json_object_get_string_member(p, "name"), name)) {
            return g_strdup(json_object_get_string_member(p, "type"));
        }
    }
    return NULL;
}

static void setup_gicv3(void)
{
    gic_option = "virt,gic-version=3";
    gic_type = "arm-gicv3";
    setup();
}

/* The virt board's GIC, found by type under /machine/unattached. */
static char *gic_path(void)
{
    g_autofree char *want = g_strdup_printf("child<%s>", gic_type);
    g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": "
        "{\"path\": \"/machine/unattached\"}}");
    JsonArray *props = json_node_get_array(ret);

    for (guint i = 0; i < json_array_get_length(props); i++) {
        JsonObject *p = json_array_get_object_element(props, i);

        if (!g_strcmp0(json_object_get_string_member(p, "type"), want)) {
            return g_strdup_printf("/machine/unattached/%s",
                                   json_object_get_string_member(p, "name"));
        }
    }
    return NULL;
}

START_TEST(test_primecell_id)
{
    static const uint8_t id[8] = {
        0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
    };
    const Uart *u = &uarts[_i];

    for (int i = 0; i < 8; i++) {
        uint32_t v = qtest_readl(qts, u->base + UARTPERIPHID0 + 4 * i);

        assert_no_error();
        ck_assert_msg(v == id[i], "%s: ID register 0x%x = 0x%x, want 0x%x",
                      u->type, UARTPERIPHID0 + 4 * i, v, id[i]);
    }
}
END_TEST

START_TEST(test_reset_flags)
{
    const Uart *u = &uarts[_i];
    uint32_t fr = qtest_readl(qts, u->base + UARTFR);

    assert_no_error();
    /* TXFE | RXFE: the device was reset before the guest would run. */
    ck_assert_msg(fr == 0x90, "%s: FR = 0x%x, want 0x90", u->type, fr);
}
END_TEST

START_TEST(test_qom_path)
{
    const Uart *u = &uarts[_i];
    g_autofree char *type = qom_member_type("/machine/peripheral", u->id);
    g_autofree char *want = g_strdup_printf("child<%s>", u->type);

    ck_assert_msg(type && !strcmp(type, want),
                  "/machine/peripheral/%s is %s, want %s", u->id,
                  type ? type : "missing", want);
}
END_TEST

START_TEST(test_tx_and_irq)
{
    const Uart *u = &uarts[_i];
    g_autofree char *gic = gic_path();
    const QTestIrqEvent *ev;
    size_t n;
    uint8_t byte = 0;
    uint8_t sent = (uint8_t)('a' + _i);

    ck_assert_msg(gic, "no %s under /machine/unattached", gic_type);
    qtest_irq_intercept_in(qts, gic);
    assert_no_error();

    /* A byte to DR leaves on the chardev and raises TX (masked). */
    qtest_writel(qts, u->base + UARTDR, sent);
    assert_no_error();
    ck_assert_int_eq(qtest_chardev_read(qts, u->chardev, &byte, 1, 5000), 1);
    ck_assert_msg(byte == sent, "%s: chardev got 0x%02x, want 0x%02x",
                  u->type, byte, sent);
    qtest_irq_events(qts, &n);
    ck_assert_msg(n == 0, "%s: %zu IRQ edges while masked", u->type, n);

    /* Unmasking the pending TX interrupt drives the device's SPI. */
    qtest_writel(qts, u->base + UARTIMSC, INT_TX);
    assert_no_error();
    ev = qtest_irq_events(qts, &n);
    ck_assert_msg(n == 1 && ev[0].line == u->spi && ev[0].level,
                  "%s: after IMSC=TX want one 'IRQ raise %d', got %zu edges"
                  " (first: line %d level %d)", u->type, u->spi, n,
                  n ? ev[0].line : -1, n ? ev[0].level : -1);
    qtest_irq_events_clear(qts);

    qtest_writel(qts, u->base + UARTICR, INT_TX);
    assert_no_error();
    ev = qtest_irq_events(qts, &n);
    ck_assert_msg(n == 1 && ev[0].line == u->spi && !ev[0].level,
                  "%s: after ICR=TX want one 'IRQ lower %d', got %zu edges",
                  u->type, u->spi, n);
}
END_TEST

/* Big-endian u32, as VMState writes it. */
static uint32_t be32_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/*
 * The IBRD of each "pl011" section of a migration stream, by instance id
 * (-1: no such section). A full section is QEMU_VM_SECTION_FULL (4), the
 * section id, the name's length and bytes, instance id, version id; the
 * PL011's fields follow in vmstate_pl011's order: eight u32, read_fifo[16],
 * ilpr, then ibrd at byte 100.
 */
static void pl011_sections(const uint8_t *buf, size_t len, int64_t *ibrd,
                           int max)
{
    static const uint8_t name[] = "\x05pl011";

    for (int i = 0; i < max; i++) {
        ibrd[i] = -1;
    }
    for (size_t i = 5; i + 6 + 8 + 104 <= len; i++) {
        uint32_t instance;

        if (buf[i - 5] != 4 || memcmp(buf + i, name, 6) != 0) {
            continue;
        }
        instance = be32_at(buf + i + 6);
        ck_assert_msg(be32_at(buf + i + 10) == 2, "pl011 section version %u",
                      be32_at(buf + i + 10));
        ck_assert_msg(instance < (uint32_t)max && ibrd[instance] == -1,
                      "unexpected pl011 section instance %u", instance);
        ibrd[instance] = be32_at(buf + i + 14 + 100);
    }
}

/* Polls query-migrate until it is no longer active. */
static char *migration_status(void)
{
    for (int tries = 0; tries < 500; tries++) {
        g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
            "{\"execute\": \"query-migrate\"}");
        JsonObject *o = json_node_get_object(ret);
        const char *status = json_object_has_member(o, "status") ?
            json_object_get_string_member(o, "status") : "none";

        if (strcmp(status, "active") && strcmp(status, "setup")) {
            return g_strdup(status);
        }
        g_usleep(10 * 1000);
    }
    return g_strdup("timeout");
}

START_TEST(test_migration_sections)
{
    g_autofree char *dir = g_dir_make_tmp("loader-migrate-XXXXXX", NULL);
    g_autofree char *stream = g_build_filename(dir, "stream", NULL);
    g_autofree char *envfile = g_build_filename(dir, "env", NULL);
    g_autofree char *status = NULL;
    g_autofree char *env = NULL;
    g_autofree uint8_t *buf = NULL;
    int64_t ibrd[4];
    gsize len;

    ck_assert(dir);
    /* Marks in our two devices; the board's UART keeps IBRD 0. */
    qtest_writel(qts, uarts[0].base + UARTIBRD, 0x11);
    qtest_writel(qts, uarts[1].base + UARTIBRD, 0x22);
    assert_no_error();

    /* exec: runs a shell: it also shows what QEMU's children inherit. */
    qtest_qmp_assert_success(qts,
        "{\"execute\": \"migrate\", \"arguments\": {\"uri\": "
        "\"exec:echo \\\"preload=$LD_PRELOAD plan=$QEMU_CXX_LOADER_PLAN\\\" "
        "> %s; cat > %s\"}}", envfile, stream);
    status = migration_status();
    ck_assert_msg(!strcmp(status, "completed"), "migration %s", status);

    ck_assert(g_file_get_contents(stream, (char **)&buf, &len, NULL));
    pl011_sections(buf, len, ibrd, G_N_ELEMENTS(ibrd));
    ck_assert_msg(ibrd[0] == 0 && ibrd[1] == 0x11 && ibrd[2] == 0x22 &&
                  ibrd[3] == -1,
                  "pl011 sections by instance (IBRD): 0:%" PRId64 " 1:%"
                  PRId64 " 2:%" PRId64 " 3:%" PRId64 "; want the board's "
                  "0:0, ours 1:0x11 and 2:0x22", ibrd[0], ibrd[1], ibrd[2],
                  ibrd[3]);

    ck_assert(g_file_get_contents(envfile, &env, NULL, NULL));
    ck_assert_msg(!strcmp(env, "preload= plan=\n"),
                  "QEMU's child inherited: %s", env);

    g_unlink(stream);
    g_unlink(envfile);
    g_rmdir(dir);
}
END_TEST

/*
 * ARMv7-M: lm3s6965evb's NVIC. The C reference PL011 at a free address,
 * its IRQ on the last of the 64 external interrupts.
 */
static void setup_m_profile(void)
{
    g_autoptr(GError) err = NULL;
    QTestOptions opts = { .chardevs = chardevs };
    const char *const argv[] = {
        g_getenv("QEMU_CXX_RUN"), "-x-qemu", g_getenv("QEMU"),
        "-x-module", g_getenv("PL011_C_MODULE"),
        "-M", "lm3s6965evb", "-S", "-display", "none", "-nodefaults",
        "-no-user-config", "-device", "pl011-c,id=uart1,chardev=u1",
        "-x-map", "uart1,addr=0x40010000", "-x-irq", "uart1,line=63", NULL,
    };

    for (size_t i = 0; i < 5; i++) {
        ck_assert_msg(argv[i], "environment variable missing");
    }
    qts = qtest_start_argv(argv, &opts, &err);
    ck_assert_msg(qts, "cannot start qemu-cxx-run: %s",
                  err ? err->message : "?");
}

/* The board's armv7m container, which carries the NVIC's inputs. */
static char *armv7m_path(void)
{
    g_autoptr(JsonNode) ret = qtest_qmp_assert_success_ref(qts,
        "{\"execute\": \"qom-list\", \"arguments\": "
        "{\"path\": \"/machine/unattached\"}}");
    JsonArray *props = json_node_get_array(ret);

    for (guint i = 0; i < json_array_get_length(props); i++) {
        JsonObject *p = json_array_get_object_element(props, i);

        if (!g_strcmp0(json_object_get_string_member(p, "type"),
                       "child<armv7m>")) {
            return g_strdup_printf("/machine/unattached/%s",
                                   json_object_get_string_member(p, "name"));
        }
    }
    return NULL;
}

START_TEST(test_nvic_irq)
{
    g_autofree char *nvic = armv7m_path();
    const QTestIrqEvent *ev;
    size_t n;
    uint8_t byte = 0;

    ck_assert_msg(nvic, "no armv7m under /machine/unattached");
    ck_assert_uint_eq(qtest_readl(qts, 0x40010000 + UARTFR), 0x90);
    qtest_irq_intercept_in(qts, nvic);
    qtest_writel(qts, 0x40010000 + UARTDR, 'm');
    ck_assert_int_eq(qtest_chardev_read(qts, "u1", &byte, 1, 5000), 1);
    ck_assert_uint_eq(byte, 'm');
    qtest_writel(qts, 0x40010000 + UARTIMSC, INT_TX);
    assert_no_error();
    ev = qtest_irq_events(qts, &n);
    ck_assert_msg(n == 1 && ev[0].line == 63 && ev[0].level,
                  "want one 'IRQ raise 63', got %zu edges (first: line %d)",
                  n, n ? ev[0].line : -1);
}
END_TEST

static Suite *loader_suite(void)
{
    Suite *s = suite_create("loader-qemu");
    TCase *tc = tcase_create("virt");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_primecell_id, 0, G_N_ELEMENTS(uarts));
    tcase_add_loop_test(tc, test_reset_flags, 0, G_N_ELEMENTS(uarts));
    tcase_add_loop_test(tc, test_qom_path, 0, G_N_ELEMENTS(uarts));
    tcase_add_loop_test(tc, test_tx_and_irq, 0, G_N_ELEMENTS(uarts));
    tcase_add_test(tc, test_migration_sections);
    suite_add_tcase(s, tc);

    /* The same wiring to a GICv3's SPIs. */
    tc = tcase_create("virt-gicv3");
    tcase_add_checked_fixture(tc, setup_gicv3, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_tx_and_irq, 0, G_N_ELEMENTS(uarts));
    suite_add_tcase(s, tc);

    tc = tcase_create("armv7m");
    tcase_add_checked_fixture(tc, setup_m_profile, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_nvic_irq);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loader_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
