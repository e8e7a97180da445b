/*
 * Unit tests for trace control (trace/control.h) and the events that
 * scripts/trace-events-gen.py makes of trace-events here: registration at
 * module init, patterns, -trace arguments, events files, -d trace:, the
 * log backend's line with and without -msg timestamp=on.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "trace/control.h"
#include "trace.h"

#include <check.h>
#include <glib/gstdio.h>

static GString *warnings;

/* Each test starts with the group registered, the log on, nothing enabled. */
static void setup(void)
{
    module_call_init(MODULE_INIT_TRACE);
    ck_assert(qemu_set_log(0, &error_abort));
    warnings = g_string_new(NULL);
    qemu_shim_error_report_capture(warnings);
}

static void teardown(void)
{
    qemu_shim_error_report_capture(NULL);
    g_string_free(warnings, true);
}

/* What the calls of @fn log, captured. */
static char *logged(void (*fn)(void))
{
    qemu_shim_log_capture_start();
    fn();
    return qemu_shim_log_capture_take();
}

static void emit_all(void)
{
    trace_test_none();
    trace_test_two(0x2a, -3);
    trace_test_wide(UINT64_C(0x123456789a), "str");
    trace_test_off(5);
}

START_TEST(test_registered_by_trace_init)
{
    TraceEventIter iter;
    TraceEvent *ev;
    const char *names[] = { "test_none", "test_two", "test_wide", "test_off" };
    size_t n = 0;

    /* trace_init() queued the group; MODULE_INIT_TRACE registered it. */
    trace_event_iter_init_all(&iter);
    while ((ev = trace_event_iter_next(&iter))) {
        ck_assert_uint_lt(n, G_N_ELEMENTS(names));
        ck_assert_str_eq(trace_event_get_name(ev), names[n]);
        ck_assert_uint_eq(trace_event_get_id(ev), n);
        ck_assert(!trace_event_is_vcpu(ev));
        n++;
    }
    ck_assert_uint_eq(n, 4);
    ck_assert_ptr_eq(trace_event_name("test_two"), &_TRACE_TEST_TWO_EVENT);
    ck_assert_ptr_null(trace_event_name("test"));
    ck_assert(trace_event_get_state_static(&_TRACE_TEST_TWO_EVENT));
    ck_assert(!trace_event_get_state_static(&_TRACE_TEST_OFF_EVENT));
    ck_assert_ptr_eq(_TRACE_TEST_TWO_EVENT.dstate, &_TRACE_TEST_TWO_DSTATE);

    /* patterns are globs over the names */
    trace_event_iter_init_pattern(&iter, "test_*o*");
    ck_assert_str_eq(trace_event_get_name(trace_event_iter_next(&iter)),
                     "test_none");
    ck_assert_str_eq(trace_event_get_name(trace_event_iter_next(&iter)),
                     "test_two");
    ck_assert_str_eq(trace_event_get_name(trace_event_iter_next(&iter)),
                     "test_off");
    ck_assert_ptr_null(trace_event_iter_next(&iter));
    trace_event_iter_init_group(&iter, 0);
    ck_assert_ptr_eq(trace_event_iter_next(&iter), &_TRACE_TEST_NONE_EVENT);
    trace_event_iter_init_group(&iter, 1);
    ck_assert_ptr_null(trace_event_iter_next(&iter));
}
END_TEST

START_TEST(test_disabled_logs_nothing)
{
    g_autofree char *text = logged(emit_all);

    ck_assert_str_eq(text, "");
    ck_assert_int_eq(trace_events_enabled_count, 0);
    /* The count is tested first: an event's own state alone logs nothing. */
    _TRACE_TEST_TWO_DSTATE = 1;
    g_free(text);
    text = logged(emit_all);
    ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(test_enabled_lines)
{
    g_autofree char *text = NULL;

    trace_enable_events("test_*");
    ck_assert_int_eq(trace_events_enabled_count, 3);  /* test_off is out */
    ck_assert(trace_event_get_state(TRACE_TEST_TWO));
    ck_assert(!trace_event_get_state(TRACE_TEST_OFF));
    text = logged(emit_all);
    /* 7.2's log backend: NAME, a space, the format; no prefix */
    ck_assert_str_eq(text,
                     "test_none no arguments\n"
                     "test_two a 0x2a b -3\n"
                     "test_wide v 0x123456789a s str\n");
    ck_assert_str_eq(warnings->str, "");
}
END_TEST

START_TEST(test_enabled_without_d)
{
    g_autofree char *text = NULL;

    /* the log backend: LOG_TRACE is on whatever -d says */
    ck_assert(qemu_loglevel_mask(LOG_TRACE));
    ck_assert(qemu_set_log(LOG_GUEST_ERROR, &error_abort));
    ck_assert(qemu_loglevel_mask(LOG_TRACE));
    trace_enable_events("test_none");
    text = logged(emit_all);
    ck_assert_str_eq(text, "test_none no arguments\n");
}
END_TEST

START_TEST(test_timestamp_prefix)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) parts = NULL;
    struct timeval before, after;
    double stamp;

    trace_enable_events("test_two");
    message_with_timestamp = true;
    gettimeofday(&before, NULL);
    text = logged(emit_all);
    gettimeofday(&after, NULL);
    message_with_timestamp = false;

    /* "TID@SEC.USEC:test_two a 0x2a b -3", USEC six digits */
    ck_assert(g_regex_match_simple("^[0-9]+@[0-9]+\\.[0-9]{6}:test_two "
                                   "a 0x2a b -3\n$", text, 0, 0));
    parts = g_strsplit_set(text, "@:", 3);
    ck_assert_int_eq(atoi(parts[0]), qemu_get_thread_id());
    stamp = g_ascii_strtod(parts[1], NULL);
    ck_assert(stamp >= before.tv_sec + before.tv_usec / 1e6 - 1e-6);
    ck_assert(stamp <= after.tv_sec + after.tv_usec / 1e6 + 1e-6);
}
END_TEST

START_TEST(test_exact_name_and_disable)
{
    g_autofree char *text = NULL;

    trace_enable_events("test_two");
    trace_enable_events("test_wide");
    ck_assert_int_eq(trace_events_enabled_count, 2);
    trace_enable_events("test_two");    /* twice: counted once */
    ck_assert_int_eq(trace_events_enabled_count, 2);
    trace_enable_events("-test_wide");
    ck_assert_int_eq(trace_events_enabled_count, 1);
    text = logged(emit_all);
    ck_assert_str_eq(text, "test_two a 0x2a b -3\n");
    trace_enable_events("-test_*");
    ck_assert_int_eq(trace_events_enabled_count, 0);
    ck_assert_str_eq(warnings->str, "");
}
END_TEST

START_TEST(test_unknown_and_compiled_out_warn)
{
    trace_enable_events("nosuch");
    trace_enable_events("nosuch_*");        /* a pattern: silent */
    trace_enable_events("test_off");
    trace_enable_events("-nosuch");
    ck_assert_str_eq(warnings->str,
                     "warning: trace event 'nosuch' does not exist\n"
                     "warning: trace event 'test_off' is not traceable\n"
                     "warning: trace event 'nosuch' does not exist");
    ck_assert_int_eq(trace_events_enabled_count, 0);
}
END_TEST

START_TEST(test_opt_parse)
{
    ck_assert(qemu_shim_trace_opt_parse("test_none"));
    ck_assert(qemu_shim_trace_opt_parse("enable=test_two"));
    ck_assert_int_eq(trace_events_enabled_count, 2);
    ck_assert(qemu_shim_trace_opt_parse(""));         /* QemuOpts: nothing */
    ck_assert(qemu_shim_trace_opt_parse("enable=-test_two,enable=test_wide"));
    ck_assert(_TRACE_TEST_WIDE_DSTATE);     /* the last "enable" counts */
    ck_assert(_TRACE_TEST_TWO_DSTATE);
    ck_assert_str_eq(warnings->str, "");

    ck_assert(!qemu_shim_trace_opt_parse("foo=bar"));
    ck_assert(!qemu_shim_trace_opt_parse("test_none,verbose"));
    ck_assert(!qemu_shim_trace_opt_parse("events=/nonexistent-dir/ev"));
    ck_assert_str_eq(warnings->str,
                     "Invalid parameter 'foo'\n"
                     "warning: short-form boolean option 'verbose' "
                     "deprecated\n"
                     "Invalid parameter 'verbose'\n"
                     "No such file or directory");
}
END_TEST

START_TEST(test_events_file)
{
    g_autofree char *dir = g_dir_make_tmp("test-trace-XXXXXX", NULL);
    /* ",," in an option value is one comma */
    g_autofree char *path = g_build_filename(dir, "ev,1", NULL);
    g_autofree char *arg = NULL;

    ck_assert(g_file_set_contents(path,
                                  "# comment\n"
                                  "\n"
                                  "test_t*\n"
                                  "nosuch\n"
                                  "test_wide\n"
                                  "-test_wide\n"
                                  "test_none", -1, NULL));
    arg = g_strdup_printf("events=%s/ev,,1", dir);
    ck_assert(qemu_shim_trace_opt_parse(arg));
    ck_assert(_TRACE_TEST_TWO_DSTATE);
    ck_assert(!_TRACE_TEST_WIDE_DSTATE);
    /* as 7.2: the last byte of a line is cut, a final "test_none" too */
    ck_assert(!_TRACE_TEST_NONE_DSTATE);
    ck_assert_str_eq(warnings->str,
                     "warning: trace event 'nosuch' does not exist\n"
                     "warning: trace event 'test_non' does not exist");
    g_unlink(path);
    g_rmdir(dir);
}
END_TEST

START_TEST(test_file_option_is_the_log_file)
{
    g_autofree char *dir = g_dir_make_tmp("test-trace-XXXXXX", NULL);
    g_autofree char *d_path = g_build_filename(dir, "d.log", NULL);
    g_autofree char *t_path = g_build_filename(dir, "t.log", NULL);
    g_autofree char *arg = g_strdup_printf("test_two,file=%s", t_path);
    g_autofree char *text = NULL;
    Error *err = NULL;

    ck_assert(qemu_set_log_filename(d_path, &error_abort));
    ck_assert(qemu_shim_trace_opt_parse(arg));
    ck_assert(qemu_shim_trace_init_file(&error_abort));
    trace_test_two(1, 2);
    ck_assert(g_file_get_contents(t_path, &text, NULL, NULL));
    ck_assert_str_eq(text, "test_two a 0x1 b 2\n");

    ck_assert(qemu_shim_trace_opt_parse("file=/nonexistent-dir/t.log"));
    ck_assert(!qemu_shim_trace_init_file(&err));
    ck_assert_str_eq(error_get_pretty(err), "Error opening logfile "
                     "/nonexistent-dir/t.log: No such file or directory");
    error_free(err);
    qemu_set_log_filename(NULL, &error_abort);
    g_unlink(d_path);
    g_unlink(t_path);
    g_rmdir(dir);
}
END_TEST

START_TEST(test_d_trace_item)
{
    int mask = 0;

    ck_assert(qemu_shim_str_to_log_mask("trace:test_w*,guest_errors", &mask,
                                        &error_abort));
    ck_assert_int_eq(mask, LOG_TRACE | LOG_GUEST_ERROR);
    ck_assert(_TRACE_TEST_WIDE_DSTATE);
    ck_assert_int_eq(trace_events_enabled_count, 1);
}
END_TEST

START_TEST(test_help_lists_and_exits_0)
{
    /* stdout is the test's; the list is checked by the harness tests */
    trace_enable_events("help");
}
END_TEST

static Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("control");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_registered_by_trace_init);
    tcase_add_test(tc, test_disabled_logs_nothing);
    tcase_add_test(tc, test_enabled_lines);
    tcase_add_test(tc, test_enabled_without_d);
    tcase_add_test(tc, test_timestamp_prefix);
    tcase_add_test(tc, test_exact_name_and_disable);
    tcase_add_test(tc, test_unknown_and_compiled_out_warn);
    tcase_add_test(tc, test_opt_parse);
    tcase_add_test(tc, test_events_file);
    tcase_add_test(tc, test_file_option_is_the_log_file);
    tcase_add_test(tc, test_d_trace_item);
    tcase_add_exit_test(tc, test_help_lists_and_exits_0, 0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(trace_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
