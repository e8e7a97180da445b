/*
 * libqtest against a scripted fake target (fake-target.py): replies that a
 * real QEMU rarely sends (split, interleaved, malformed) must be parsed or
 * turned into clear errors, never a crash or a hang.
 */
#include <check.h>
#include <signal.h>
#include <string.h>

#include "libqtest.h"

static QTestState *qts;

static void setup(void)
{
    const char *python = g_getenv("PYTHON3");
    const char *script = g_getenv("FAKE_TARGET");
    const char *const argv[] = { python ? python : "python3", script, NULL };
    QTestOptions opts = { .timeout_ms = 5000 };
    g_autoptr(GError) err = NULL;

    ck_assert_msg(script, "FAKE_TARGET is not set");
    qts = qtest_start_argv(argv, &opts, &err);
    ck_assert_msg(qts, "cannot start the fake target: %s", err ? err->message : "?");
}

static void teardown(void)
{
    qtest_quit(qts);
    qts = NULL;
}

static void assert_error_has(const char *text)
{
    ck_assert_msg(qtest_error(qts) && strstr(qtest_error(qts), text),
                  "error '%s' lacks '%s'", qtest_error(qts), text);
    qtest_clear_error(qts);
}

/* Start-up survived a greeting split across packets and pretty-printed. */
START_TEST(test_handshake)
{
    ck_assert(!qtest_big_endian(qts));
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

START_TEST(test_irq_lines_before_reply)
{
    size_t n;
    const QTestIrqEvent *ev;

    ck_assert_uint_eq(qtest_readl(qts, 0x10), 0x42);
    ev = qtest_irq_events(qts, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(ev[0].line, 3);
    ck_assert(ev[0].level);
    ck_assert_int_eq(ev[1].line, 3);
    ck_assert(!ev[1].level);
    ck_assert_int_eq(ev[2].line, 5);
    ck_assert(ev[2].level);
    ck_assert(!qtest_get_irq(qts, 3));
    ck_assert(qtest_get_irq(qts, 5));
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

START_TEST(test_reply_split_across_packets)
{
    ck_assert_uint_eq(qtest_readl(qts, 0x60), 7);
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

START_TEST(test_malformed_number)
{
    ck_assert_uint_eq(qtest_readl(qts, 0x20), 0);
    assert_error_has("malformed number 'notanumber'");
    /* the stream is still in step */
    ck_assert_uint_eq(qtest_readl(qts, 0x10), 0x42);
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

START_TEST(test_malformed_irq_lines)
{
    size_t n;

    ck_assert_uint_eq(qtest_readl(qts, 0x30), 1);
    qtest_irq_events(qts, &n);
    ck_assert_uint_eq(n, 0);
    assert_error_has("malformed IRQ line 'IRQ raise 999'");
}
END_TEST

START_TEST(test_bad_memread_replies)
{
    uint8_t buf[4] = { 0xff, 0xff, 0xff, 0xff };
    const uint8_t zero[4] = { 0 };

    qtest_memread(qts, 0x0, buf, 4);
    assert_error_has("read of 4 bytes answered '0x0102'");
    ck_assert_mem_eq(buf, zero, 4);
    qtest_memread(qts, 0x8, buf, 4);
    assert_error_has("non-hex");
    ck_assert_mem_eq(buf, zero, 4);
    qtest_bufread(qts, 0x0, buf, 4);
    assert_error_has("b64read of 4 bytes answered 3");
}
END_TEST

START_TEST(test_err_and_fail_replies)
{
    ck_assert_uint_eq(qtest_readb(qts, 0x40), 0);
    assert_error_has("ERR something went wrong");
    qtest_writel(qts, 0, 0);
    assert_error_has("FAIL Unknown command 'writel'");
    ck_assert_int_eq(qtest_clock_step(qts, 10), 12345);
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

START_TEST(test_target_exits_mid_command)
{
    qtest_set_expected_status(qts, 3);      /* the fake target's exit */
    ck_assert_uint_eq(qtest_readl(qts, 0x50), 0);
    assert_error_has("exited with status 3");
    ck_assert(!qtest_probe_child(qts));
}
END_TEST

START_TEST(test_qmp_events_kept_in_order)
{
    g_autoptr(JsonObject) rsp = qtest_qmp(qts, "{\"execute\": \"events\"}");
    g_autoptr(JsonObject) b = NULL;
    g_autoptr(JsonObject) a = NULL;

    ck_assert_ptr_nonnull(rsp);
    ck_assert_str_eq(json_object_get_string_member(
                         json_object_get_object_member(rsp, "return"), "x"), "}");
    ck_assert_uint_eq(qtest_qmp_event_count(qts), 2);
    b = qtest_qmp_eventwait_ref(qts, "B");
    ck_assert_ptr_nonnull(b);
    a = qtest_qmp_eventwait_ref(qts, "A");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(qtest_qmp_event_count(qts), 0);
}
END_TEST

START_TEST(test_qmp_garbage)
{
    ck_assert_ptr_null(qtest_qmp(qts, "{\"execute\": \"garbage\"}"));
    assert_error_has("expected a JSON object, got 'this is not json'");
    ck_assert_ptr_null(qtest_qmp(qts, "{\"execute\": \"query-status\"}"));
    assert_error_has("QMP stream is broken");
    /* qtest is unaffected */
    ck_assert_uint_eq(qtest_readl(qts, 0x10), 0x42);
    ck_assert_ptr_null(qtest_error(qts));
}
END_TEST

/* A failed command aborts the test process with the response in the log. */
START_TEST(test_qmp_assert_success_aborts)
{
    qtest_qmp_assert_success(qts, "{\"execute\": \"garbage\"}");
}
END_TEST

static Suite *libqtest_suite(void)
{
    Suite *s = suite_create("libqtest");
    TCase *tc = tcase_create("fake-target");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_handshake);
    tcase_add_test(tc, test_irq_lines_before_reply);
    tcase_add_test(tc, test_reply_split_across_packets);
    tcase_add_test(tc, test_malformed_number);
    tcase_add_test(tc, test_malformed_irq_lines);
    tcase_add_test(tc, test_bad_memread_replies);
    tcase_add_test(tc, test_err_and_fail_replies);
    tcase_add_test(tc, test_target_exits_mid_command);
    tcase_add_test(tc, test_qmp_events_kept_in_order);
    tcase_add_test(tc, test_qmp_garbage);
    tcase_add_test_raise_signal(tc, test_qmp_assert_success_aborts, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(libqtest_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
