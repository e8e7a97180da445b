/*
 * Unit tests for qemu/timer.h: the host-stepped virtual clock, timers
 * firing in deadline order, re-arming, deletion and the qtest clock_set
 * rule that the clock never goes backwards.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"

#include <check.h>

/* Each firing appends "<tag>@<virtual ns>" to a log. */
typedef struct Fired {
    GString *log;
    const char *tag;
    QEMUTimer *timer;
    int64_t rearm_delta;    /* > 0: re-arm this far after now */
    int rearm_times;
    bool bql_seen;
} Fired;

static GString *fire_log;

static void record_cb(void *opaque)
{
    Fired *f = (Fired *)opaque;

    f->bql_seen = qemu_mutex_iothread_locked();
    g_string_append_printf(fire_log, "%s%s@%" PRId64,
                           fire_log->len ? " " : "", f->tag,
                           qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (f->rearm_times > 0) {
        f->rearm_times--;
        timer_mod_ns(f->timer,
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + f->rearm_delta);
    }
}

static void setup(void)
{
    fire_log = g_string_new(NULL);
}

static void teardown(void)
{
    g_string_free(fire_log, TRUE);
}

static void fired_init(Fired *f, const char *tag)
{
    memset(f, 0, sizeof(*f));
    f->tag = tag;
    f->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, f);
}

START_TEST(test_clock_starts_at_zero_and_steps)
{
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 0);
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), -1);
    ck_assert_int_eq(qemu_shim_clock_step(1500), 1500);
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 1500);
    ck_assert_int_eq(qemu_clock_get_us(QEMU_CLOCK_VIRTUAL), 1);
    ck_assert_int_eq(qemu_shim_clock_step(2 * SCALE_MS), 2001500);
    ck_assert_int_eq(qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL), 2);
    /* VIRTUAL_RT follows the virtual clock; REALTIME/HOST do not. */
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT), 2001500);
    ck_assert_int_gt(qemu_clock_get_ns(QEMU_CLOCK_HOST), 1000000000000000000LL);
    ck_assert_int_gt(qemu_clock_get_ns(QEMU_CLOCK_REALTIME), 0);
}
END_TEST

START_TEST(test_timers_fire_in_deadline_order)
{
    Fired a, b, c, d;

    fired_init(&a, "a");
    fired_init(&b, "b");
    fired_init(&c, "c");
    fired_init(&d, "d");
    timer_mod_ns(c.timer, 300);
    timer_mod_ns(a.timer, 100);
    timer_mod_ns(d.timer, 300);     /* same deadline as c: after c */
    timer_mod_ns(b.timer, 200);
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), 100);

    ck_assert_int_eq(qemu_shim_clock_step(250), 250);
    ck_assert_str_eq(fire_log->str, "a@100 b@200");
    ck_assert(!timer_pending(a.timer));
    ck_assert(timer_pending(c.timer));
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), 50);

    ck_assert_int_eq(qemu_shim_clock_step(1000), 1250);
    ck_assert_str_eq(fire_log->str, "a@100 b@200 c@300 d@300");
    ck_assert(a.bql_seen && b.bql_seen && c.bql_seen && d.bql_seen);
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), -1);
    ck_assert(!qemu_mutex_iothread_locked());

    timer_free(a.timer);
    timer_free(b.timer);
    timer_free(c.timer);
    timer_free(d.timer);
}
END_TEST

START_TEST(test_rearm_inside_window_fires_in_order)
{
    Fired p, q;

    fired_init(&p, "p");
    fired_init(&q, "q");
    p.rearm_delta = 100;
    p.rearm_times = 3;
    timer_mod_ns(p.timer, 100);
    timer_mod_ns(q.timer, 250);

    ck_assert_int_eq(qemu_shim_clock_set(450), 450);
    ck_assert_str_eq(fire_log->str, "p@100 p@200 q@250 p@300 p@400");
    ck_assert(!timer_pending(p.timer));

    timer_free(p.timer);
    timer_free(q.timer);
}
END_TEST

START_TEST(test_rearm_at_now_runs_again_in_same_pass)
{
    Fired p;

    fired_init(&p, "p");
    p.rearm_delta = 0;
    p.rearm_times = 2;
    timer_mod_ns(p.timer, 10);
    qemu_shim_clock_step(10);
    ck_assert_str_eq(fire_log->str, "p@10 p@10 p@10");
    timer_free(p.timer);
}
END_TEST

START_TEST(test_del_and_pending)
{
    Fired a, b;

    fired_init(&a, "a");
    fired_init(&b, "b");
    ck_assert(!timer_pending(a.timer));
    ck_assert_uint_eq(timer_expire_time_ns(a.timer), (uint64_t)-1);

    timer_mod_ns(a.timer, 100);
    timer_mod_ns(b.timer, 200);
    ck_assert(timer_pending(a.timer));
    ck_assert_uint_eq(timer_expire_time_ns(a.timer), 100);

    timer_del(a.timer);
    timer_del(a.timer);             /* deleting twice is harmless */
    ck_assert(!timer_pending(a.timer));
    ck_assert_uint_eq(timer_expire_time_ns(a.timer), (uint64_t)-1);

    /* Re-arming a pending timer moves it. */
    timer_mod_ns(b.timer, 50);
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), 50);
    qemu_shim_clock_step(1000);
    ck_assert_str_eq(fire_log->str, "b@50");

    timer_free(a.timer);
    timer_free(b.timer);
    timer_free(NULL);
}
END_TEST

START_TEST(test_scales_and_expire_time)
{
    Fired f;
    QEMUTimer ts;

    memset(&f, 0, sizeof(f));
    f.tag = "ms";
    f.timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, record_cb, &f);
    timer_mod(f.timer, 3);
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 3 * SCALE_MS);
    ck_assert(!timer_expired(f.timer, 2));
    ck_assert(timer_expired(f.timer, 3));
    timer_free(f.timer);

    timer_init_us(&ts, QEMU_CLOCK_VIRTUAL, record_cb, &f);
    f.timer = &ts;
    f.tag = "us";
    timer_mod(&ts, 7);
    ck_assert_uint_eq(timer_expire_time_ns(&ts), 7 * SCALE_US);
    qemu_shim_clock_step(7 * SCALE_US);
    ck_assert_str_eq(fire_log->str, "us@7000");
    timer_deinit(&ts);

    /* Huge expiry times saturate instead of overflowing. */
    timer_init_ms(&ts, QEMU_CLOCK_VIRTUAL, record_cb, &f);
    timer_mod(&ts, INT64_MAX / 2);
    ck_assert_uint_eq(timer_expire_time_ns(&ts), INT64_MAX);
    timer_mod(&ts, INT64_MIN / 2);
    ck_assert_uint_eq(timer_expire_time_ns(&ts), 0);
    timer_del(&ts);
    timer_deinit(&ts);
}
END_TEST

START_TEST(test_negative_expiry_clamps_to_zero)
{
    Fired f;

    fired_init(&f, "n");
    timer_mod_ns(f.timer, -5);
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 0);
    ck_assert_int_eq(qemu_shim_clock_next_deadline(), 0);
    /* A step of 0 does not move the clock, so nothing runs (as qtest). */
    ck_assert_int_eq(qemu_shim_clock_step(0), 0);
    ck_assert_str_eq(fire_log->str, "");
    qemu_shim_clock_step(1);
    ck_assert_str_eq(fire_log->str, "n@0");
    timer_free(f.timer);
}
END_TEST

START_TEST(test_mod_anticipate)
{
    Fired f;

    fired_init(&f, "x");
    timer_mod_anticipate_ns(f.timer, 500);
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 500);
    timer_mod_anticipate_ns(f.timer, 800);      /* later: ignored */
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 500);
    timer_mod_anticipate_ns(f.timer, 200);      /* earlier: taken */
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 200);
    timer_free(f.timer);

    fired_init(&f, "y");
    f.timer->scale = SCALE_US;
    timer_mod_anticipate(f.timer, 4);
    ck_assert_uint_eq(timer_expire_time_ns(f.timer), 4000);
    timer_free(f.timer);
}
END_TEST

START_TEST(test_clock_set_backwards_is_ignored)
{
    Fired f;

    fired_init(&f, "f");
    qemu_shim_clock_set(1000);
    timer_mod_ns(f.timer, 1200);
    ck_assert_int_eq(qemu_shim_clock_set(500), 1000);
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 1000);
    ck_assert_int_eq(qemu_shim_clock_step(-300), 1000);
    ck_assert_str_eq(fire_log->str, "");
    ck_assert_int_eq(qemu_shim_clock_set(1200), 1200);
    ck_assert_str_eq(fire_log->str, "f@1200");
    timer_free(f.timer);
}
END_TEST

START_TEST(test_step_to_next_deadline)
{
    Fired f;

    /* qtest's bare clock_step: step by the next deadline. */
    fired_init(&f, "f");
    timer_mod_ns(f.timer, 12345);
    qemu_shim_clock_step(qemu_shim_clock_next_deadline());
    ck_assert_str_eq(fire_log->str, "f@12345");
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 12345);
    timer_free(f.timer);
}
END_TEST

START_TEST(test_step_with_bql_already_held)
{
    Fired f;

    fired_init(&f, "f");
    timer_mod_ns(f.timer, 10);
    qemu_mutex_lock_iothread();
    qemu_shim_clock_step(10);
    ck_assert(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    ck_assert(f.bql_seen);
    timer_free(f.timer);
}
END_TEST

START_TEST(test_virtual_rt_timers_step_too)
{
    Fired a, b;

    memset(&a, 0, sizeof(a));
    a.tag = "rt";
    a.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL_RT, record_cb, &a);
    fired_init(&b, "v");
    timer_mod_ns(a.timer, 30);
    timer_mod_ns(b.timer, 20);
    qemu_shim_clock_step(100);
    ck_assert_str_eq(fire_log->str, "v@20 rt@30");
    timer_free(a.timer);
    timer_free(b.timer);
}
END_TEST

START_TEST(test_realtime_timer_runs_from_main_loop)
{
    Fired f;

    memset(&f, 0, sizeof(f));
    f.tag = "r";
    f.timer = timer_new_ms(QEMU_CLOCK_REALTIME, record_cb, &f);
    timer_mod(f.timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 5);
    ck_assert(qemu_clock_has_timers(QEMU_CLOCK_REALTIME));
    while (timer_pending(f.timer)) {
        main_loop_wait(false);
    }
    ck_assert_str_eq(fire_log->str, "r@0");
    ck_assert(f.bql_seen);
    ck_assert(!qemu_mutex_iothread_locked());
    timer_free(f.timer);
}
END_TEST

START_TEST(test_deinit_pending_aborts)
{
    QEMUTimer ts;

    timer_init_ns(&ts, QEMU_CLOCK_VIRTUAL, record_cb, NULL);
    timer_mod_ns(&ts, 10);
    timer_deinit(&ts);
}
END_TEST

START_TEST(test_mod_uninitialized_aborts)
{
    QEMUTimer ts;

    memset(&ts, 0, sizeof(ts));
    timer_mod_ns(&ts, 10);
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("virtual clock");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_clock_starts_at_zero_and_steps);
    tcase_add_test(tc, test_timers_fire_in_deadline_order);
    tcase_add_test(tc, test_rearm_inside_window_fires_in_order);
    tcase_add_test(tc, test_rearm_at_now_runs_again_in_same_pass);
    tcase_add_test(tc, test_del_and_pending);
    tcase_add_test(tc, test_scales_and_expire_time);
    tcase_add_test(tc, test_negative_expiry_clamps_to_zero);
    tcase_add_test(tc, test_mod_anticipate);
    tcase_add_test(tc, test_clock_set_backwards_is_ignored);
    tcase_add_test(tc, test_step_to_next_deadline);
    tcase_add_test(tc, test_step_with_bql_already_held);
    tcase_add_test(tc, test_virtual_rt_timers_step_too);
    tcase_add_test(tc, test_realtime_timer_runs_from_main_loop);
    tcase_add_test_raise_signal(tc, test_deinit_pending_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_mod_uninitialized_aborts, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(timer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
