/*
 * Unit tests for hw/ptimer.h. Every expected value is worked out by hand
 * from QEMU 7.2's hw/core/ptimer.c for the given clock steps (the comment
 * beside each says how); the timers run on the shim's virtual clock,
 * which only qemu_shim_clock_step() moves. qtest_allowed is set except
 * where the rate limit and the stderr messages are the point.
 */
#include "qemu/osdep.h"
#include "hw/ptimer.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "qapi/error.h"
#include "sysemu/qtest.h"

#include <check.h>

static int triggers;
static ptimer_state *cb_rearm;  /* the callback writes count 0 once */

static void count_cb(void *opaque)
{
    (void)opaque;
    triggers++;
    if (cb_rearm) {
        ptimer_state *s = cb_rearm;

        cb_rearm = NULL;
        ptimer_set_count(s, 0);     /* inside the tick's transaction */
    }
}

/* A timer of @policy with @period ns and @limit, loaded, not running. */
static ptimer_state *make(uint8_t policy, int64_t period, uint64_t limit)
{
    ptimer_state *s = ptimer_init(count_cb, NULL, policy);

    ptimer_transaction_begin(s);
    ptimer_set_period(s, period);
    ptimer_set_limit(s, limit, 1);
    ptimer_transaction_commit(s);
    return s;
}

static void run(ptimer_state *s, int oneshot)
{
    ptimer_transaction_begin(s);
    ptimer_run(s, oneshot);
    ptimer_transaction_commit(s);
}

static void set_count(ptimer_state *s, uint64_t count)
{
    ptimer_transaction_begin(s);
    ptimer_set_count(s, count);
    ptimer_transaction_commit(s);
}

/* Steps the clock to absolute time @t. */
static void at(int64_t t)
{
    qemu_shim_clock_set(t);
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), t);
}

/* stderr into a temporary file while @fn runs; returns what it wrote. */
static int saved_stderr = -1;
static FILE *capture_file;

static void capture_begin(void)
{
    capture_file = tmpfile();
    ck_assert_ptr_nonnull(capture_file);
    fflush(stderr);
    saved_stderr = dup(2);
    dup2(fileno(capture_file), 2);
}

static char *capture_end(void)
{
    char buf[512];
    size_t n;

    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    rewind(capture_file);
    n = fread(buf, 1, sizeof(buf) - 1, capture_file);
    buf[n] = '\0';
    fclose(capture_file);
    return g_strdup(buf);
}

static void setup(void)
{
    qtest_allowed = true;
    triggers = 0;
    cb_rearm = NULL;
}

/*
 * Legacy: running from 10 at 100 ns, deadline 1000. The count is
 * (next - now) / period rounded down: exact (10) only at the start, then
 * one less than the counts still to go.
 */
START_TEST(test_legacy_periodic)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 10);

    run(s, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(1);
    ck_assert_uint_eq(ptimer_get_count(s), 9);      /* 999 / 100 */
    at(100);
    ck_assert_uint_eq(ptimer_get_count(s), 9);      /* 900 / 100 */
    at(101);
    ck_assert_uint_eq(ptimer_get_count(s), 8);
    at(999);
    ck_assert_uint_eq(ptimer_get_count(s), 0);
    ck_assert_int_eq(triggers, 0);
    at(1000);                                       /* tick: reload 10 */
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(2000);
    ck_assert_int_eq(triggers, 2);
    ck_assert_uint_eq(ptimer_get_limit(s), 10);
    ptimer_free(s);
}
END_TEST

/* Oneshot: one trigger at the deadline, then stopped at 0. */
START_TEST(test_oneshot)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 10);

    run(s, 1);
    at(999);
    ck_assert_int_eq(triggers, 0);
    at(1000);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 0);
    at(5000);
    ck_assert_int_eq(triggers, 1);
    ptimer_free(s);
}
END_TEST

/* Legacy: running with count 0 triggers and reloads at once. */
START_TEST(test_legacy_zero_count)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 5);

    set_count(s, 0);
    run(s, 0);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 5);
    at(200);
    set_count(s, 0);        /* while running: trigger, reload, 200 + 500 */
    ck_assert_int_eq(triggers, 2);
    at(699);
    ck_assert_int_eq(triggers, 2);
    at(700);
    ck_assert_int_eq(triggers, 3);
    ptimer_free(s);
}
END_TEST

/* Legacy: limit 0 and count 0 triggers once, then disables itself. */
START_TEST(test_legacy_zero_limit)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 0);
    char *out;

    qtest_allowed = false;
    capture_begin();
    run(s, 0);
    out = capture_end();
    ck_assert_str_eq(out, "Timer with delta zero, disabling\n");
    g_free(out);
    ck_assert_int_eq(triggers, 1);
    at(10000);
    ck_assert_int_eq(triggers, 1);
    ptimer_free(s);
}
END_TEST

/* No period: run refuses; a period set to 0 while running stops it. */
START_TEST(test_period_zero)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 0, 10);
    char *out;

    qtest_allowed = false;
    capture_begin();
    run(s, 0);
    out = capture_end();
    ck_assert_str_eq(out, "Timer with period zero, disabling\n");
    g_free(out);
    at(100000);
    ck_assert_int_eq(triggers, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 10);

    ptimer_transaction_begin(s);
    ptimer_set_period(s, 100000);       /* no rate limit at this period */
    ptimer_run(s, 0);
    ptimer_transaction_commit(s);
    at(350000);                         /* 6.5 periods: 10 - 2.5 rounded */
    ck_assert_uint_eq(ptimer_get_count(s), 7);
    capture_begin();
    ptimer_transaction_begin(s);
    ptimer_set_period(s, 0);            /* keeps the count, then stops */
    ptimer_transaction_commit(s);
    out = capture_end();
    ck_assert_str_eq(out, "Timer with period zero, disabling\n");
    g_free(out);
    ck_assert_uint_eq(ptimer_get_count(s), 7);
    at(10000000);
    ck_assert_int_eq(triggers, 0);

    /* Under qtest the same happens without a word. */
    qtest_allowed = true;
    ptimer_transaction_begin(s);
    ptimer_set_period(s, 0);
    ptimer_transaction_commit(s);
    capture_begin();
    run(s, 0);
    out = capture_end();
    ck_assert_str_eq(out, "");
    g_free(out);
    ptimer_free(s);
}
END_TEST

/*
 * Outside qtest a periodic timer never runs faster than one expiry per
 * 10 us: 10 counts of 100 ns become 10 of 1000 ns. Oneshot timers and
 * qtest runs keep their period.
 */
START_TEST(test_rate_limit)
{
    ptimer_state *p, *o;

    qtest_allowed = false;
    p = make(PTIMER_POLICY_LEGACY, 100, 10);
    o = make(PTIMER_POLICY_LEGACY, 100, 10);
    run(p, 0);
    run(o, 1);
    at(1000);
    ck_assert_int_eq(triggers, 1);                  /* the oneshot */
    ck_assert_uint_eq(ptimer_get_count(p), 9);      /* 9000 / 1000 */
    at(5000);
    ck_assert_uint_eq(ptimer_get_count(p), 5);
    at(10000);
    ck_assert_int_eq(triggers, 2);
    ptimer_free(p);
    ptimer_free(o);
}
END_TEST

/*
 * WRAP_AFTER_ONE_PERIOD: an expiry schedules limit + 1 periods and the
 * extra one reads 0: at 1000 the next deadline is 2100, the count reads
 * 0 up to 1100 and 9 just after.
 */
START_TEST(test_wrap_after_one_period)
{
    ptimer_state *s = make(PTIMER_POLICY_WRAP_AFTER_ONE_PERIOD, 100, 10);

    run(s, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(1000);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 0);      /* 11 == limit + 1 */
    at(1100);
    ck_assert_uint_eq(ptimer_get_count(s), 0);      /* 10 == limit */
    at(1101);
    ck_assert_uint_eq(ptimer_get_count(s), 9);
    at(2099);
    ck_assert_int_eq(triggers, 1);
    at(2100);
    ck_assert_int_eq(triggers, 2);
    ptimer_free(s);
}
END_TEST

/* CONTINUOUS_TRIGGER: limit 0 triggers every period instead of stopping. */
START_TEST(test_continuous_trigger)
{
    ptimer_state *s = make(PTIMER_POLICY_CONTINUOUS_TRIGGER, 100, 0);

    qtest_allowed = false;      /* no message: it does not stop */
    capture_begin();
    run(s, 0);
    ck_assert_int_eq(triggers, 1);
    at(10000);                  /* 100 ns floors to 10 us: 1 more */
    ck_assert_int_eq(triggers, 2);
    qtest_allowed = true;
    at(20000);
    ck_assert_int_eq(triggers, 3);
    at(20100);                  /* rescheduled under qtest: 100 ns */
    ck_assert_int_eq(triggers, 4);
    at(20300);
    ck_assert_int_eq(triggers, 6);
    {
        char *out = capture_end();

        ck_assert_str_eq(out, "");
        g_free(out);
    }
    ptimer_free(s);
}
END_TEST

/*
 * NO_IMMEDIATE_TRIGGER: count 0 with limit 5 reloads without a trigger;
 * with limit 0 the trigger comes one period later, then the timer stops.
 */
START_TEST(test_no_immediate_trigger)
{
    ptimer_state *s = make(PTIMER_POLICY_NO_IMMEDIATE_TRIGGER, 100, 5);
    ptimer_state *z = make(PTIMER_POLICY_NO_IMMEDIATE_TRIGGER, 100, 0);

    set_count(s, 0);
    run(s, 0);
    ck_assert_int_eq(triggers, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 5);
    at(500);
    ck_assert_int_eq(triggers, 1);
    ptimer_free(s);

    run(z, 0);                  /* at 500: deadline 600 */
    ck_assert_int_eq(triggers, 1);
    at(600);
    ck_assert_int_eq(triggers, 2);
    at(10000);
    ck_assert_int_eq(triggers, 2);
    ptimer_free(z);
}
END_TEST

/*
 * NO_IMMEDIATE_RELOAD: count 0 triggers at once but stays 0 for a period
 * (deadline 100); the tick there reloads 5 without triggering again.
 */
START_TEST(test_no_immediate_reload)
{
    ptimer_state *s = make(PTIMER_POLICY_NO_IMMEDIATE_RELOAD, 100, 5);

    set_count(s, 0);
    run(s, 0);
    ck_assert_int_eq(triggers, 1);
    at(50);
    ck_assert_uint_eq(ptimer_get_count(s), 0);
    at(100);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 5);
    at(599);
    ck_assert_int_eq(triggers, 1);
    at(600);
    ck_assert_int_eq(triggers, 2);
    ptimer_free(s);
}
END_TEST

/* NO_COUNTER_ROUND_DOWN: the count reads the periods still to go. */
START_TEST(test_no_counter_round_down)
{
    ptimer_state *s = make(PTIMER_POLICY_NO_COUNTER_ROUND_DOWN, 100, 10);

    run(s, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(1);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(100);
    ck_assert_uint_eq(ptimer_get_count(s), 10);
    at(101);
    ck_assert_uint_eq(ptimer_get_count(s), 9);
    at(999);
    ck_assert_uint_eq(ptimer_get_count(s), 1);
    ptimer_free(s);
}
END_TEST

/* TRIGGER_ONLY_ON_DECREMENT: a written or started 0 reloads silently. */
START_TEST(test_trigger_only_on_decrement)
{
    ptimer_state *s = make(PTIMER_POLICY_TRIGGER_ONLY_ON_DECREMENT, 100, 5);

    set_count(s, 0);
    run(s, 0);
    ck_assert_int_eq(triggers, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 5);
    at(200);
    set_count(s, 0);                /* reload: deadline 700 */
    ck_assert_int_eq(triggers, 0);
    at(700);
    ck_assert_int_eq(triggers, 1);  /* the decrement */
    ptimer_free(s);
}
END_TEST

START_TEST(test_incompatible_policies)
{
    ptimer_init(count_cb, NULL, PTIMER_POLICY_TRIGGER_ONLY_ON_DECREMENT |
                PTIMER_POLICY_NO_IMMEDIATE_TRIGGER);
}
END_TEST

START_TEST(test_change_outside_transaction)
{
    ptimer_state *s = ptimer_init(count_cb, NULL, 0);

    ptimer_set_count(s, 1);
}
END_TEST

START_TEST(test_nested_transaction)
{
    ptimer_state *s = ptimer_init(count_cb, NULL, 0);

    ptimer_transaction_begin(s);
    ptimer_transaction_begin(s);
}
END_TEST

/*
 * A callback that writes count 0 during the tick gets called again after
 * it returns (by the tick's commit), not from inside itself.
 */
START_TEST(test_callback_rearms)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 10);

    run(s, 0);
    cb_rearm = s;
    at(1000);
    ck_assert_int_eq(triggers, 2);
    at(1999);
    ck_assert_int_eq(triggers, 2);
    at(2000);                       /* reloaded at 1000: 10 more periods */
    ck_assert_int_eq(triggers, 3);
    ptimer_free(s);
}
END_TEST

/* Stop keeps the rounded count; running again counts from there. */
START_TEST(test_stop_and_limit)
{
    ptimer_state *s = make(PTIMER_POLICY_LEGACY, 100, 10);

    run(s, 0);
    at(250);
    ptimer_transaction_begin(s);
    ptimer_stop(s);
    ptimer_transaction_commit(s);
    ck_assert_uint_eq(ptimer_get_count(s), 7);      /* 750 / 100 */
    at(5000);
    ck_assert_int_eq(triggers, 0);
    ck_assert_uint_eq(ptimer_get_count(s), 7);
    run(s, 0);                                      /* deadline 5700 */
    ptimer_transaction_begin(s);
    ptimer_set_limit(s, 3, 0);                      /* count unchanged */
    ptimer_transaction_commit(s);
    at(5699);
    ck_assert_int_eq(triggers, 0);
    at(5700);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(s), 3);      /* the new limit */
    at(6000);
    ck_assert_int_eq(triggers, 2);
    ptimer_transaction_begin(s);
    ptimer_set_limit(s, 20, 1);                     /* reload: now + 2000 */
    ptimer_transaction_commit(s);
    ck_assert_uint_eq(ptimer_get_count(s), 20);
    at(8000);
    ck_assert_int_eq(triggers, 3);
    ptimer_free(s);
}
END_TEST

/*
 * set_freq keeps the period's fraction: 3 Hz is 333333333 ns plus
 * 1431655765 / 2^32, so 3 counts end at 999999999 ns (the fraction adds
 * (1431655765 * 3) >> 32 = 0), and the first read is already 2.
 */
START_TEST(test_set_freq)
{
    ptimer_state *s = ptimer_init(count_cb, NULL, PTIMER_POLICY_LEGACY);

    ptimer_transaction_begin(s);
    ptimer_set_freq(s, 3);
    ptimer_set_limit(s, 3, 1);
    ptimer_run(s, 1);
    ptimer_transaction_commit(s);
    ck_assert_uint_eq(ptimer_get_count(s), 2);
    at(999999998);
    ck_assert_int_eq(triggers, 0);
    at(999999999);
    ck_assert_int_eq(triggers, 1);
    ptimer_free(s);
}
END_TEST

/*
 * From a 3 Hz Clock with divisor 2: 666666666 ns plus 2863311530 / 2^32;
 * 3 counts end at 1999999998 + ((2863311530 * 3) >> 32 = 1).
 */
START_TEST(test_period_from_clock)
{
    Object *parent = object_new(TYPE_CONTAINER);
    Clock *clk = clock_new(parent, "clk");
    ptimer_state *s = ptimer_init(count_cb, NULL, PTIMER_POLICY_LEGACY);

    clock_set_hz(clk, 3);
    ptimer_transaction_begin(s);
    ptimer_set_period_from_clock(s, clk, 2);
    ptimer_set_limit(s, 3, 1);
    ptimer_run(s, 1);
    ptimer_transaction_commit(s);
    at(1999999998);
    ck_assert_int_eq(triggers, 0);
    at(1999999999);
    ck_assert_int_eq(triggers, 1);
    ptimer_free(s);
    object_unref(parent);
}
END_TEST

typedef struct Holder {
    ptimer_state *timer;
} Holder;

static const VMStateDescription vmstate_holder = {
    .name = "holder",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PTIMER(timer, Holder),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * QEMU's wire format: enabled u8, limit, delta be64, period_frac be32,
 * period, last_event, next_event be64, the QEMUTimer's deadline be64.
 * A load re-arms the timer, which then fires where the saved one would.
 */
START_TEST(test_vmstate)
{
    static const uint8_t expected[] = {
        0x01,
        0, 0, 0, 0, 0, 0, 0, 10,            /* limit */
        0, 0, 0, 0, 0, 0, 0, 10,            /* delta */
        0, 0, 0, 0,                         /* period_frac */
        0, 0, 0, 0, 0, 0, 0, 100,           /* period */
        0, 0, 0, 0, 0, 0, 0, 0,             /* last_event */
        0, 0, 0, 0, 0, 0, 0x03, 0xe8,       /* next_event 1000 */
        0, 0, 0, 0, 0, 0, 0x03, 0xe8,       /* timer */
    };
    Holder a = { make(PTIMER_POLICY_LEGACY, 100, 10) };
    Holder b = { ptimer_init(count_cb, NULL, PTIMER_POLICY_LEGACY) };
    QEMUFile *f = qemu_shim_file_new_output();
    const uint8_t *data;
    size_t len;

    run(a.timer, 0);
    at(250);
    ck_assert_int_eq(qemu_shim_vmstate_save(f, &vmstate_holder, &a,
                                            &error_abort), 0);
    data = qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, sizeof(expected));
    ck_assert_mem_eq(data, expected, sizeof(expected));
    ptimer_free(a.timer);

    {
        QEMUFile *in = qemu_shim_file_new_input(data, len);

        ck_assert_int_eq(qemu_shim_vmstate_load(in, &vmstate_holder, &b, 1,
                                                &error_abort), 0);
        qemu_fclose(in);
    }
    qemu_fclose(f);
    ck_assert_uint_eq(ptimer_get_count(b.timer), 7);
    ck_assert_uint_eq(ptimer_get_limit(b.timer), 10);
    at(999);
    ck_assert_int_eq(triggers, 0);
    at(1000);
    ck_assert_int_eq(triggers, 1);
    ck_assert_uint_eq(ptimer_get_count(b.timer), 10);
    ptimer_free(b.timer);
}
END_TEST

typedef struct Pair {
    ptimer_state *timers[2];
} Pair;

static const VMStateDescription vmstate_pair = {
    .name = "pair",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PTIMER_ARRAY(timers, Pair, 2),
        VMSTATE_END_OF_LIST()
    },
};

static GBytes *save(const VMStateDescription *vmsd, void *opaque)
{
    QEMUFile *f = qemu_shim_file_new_output();
    const uint8_t *data;
    size_t len;
    GBytes *bytes;

    ck_assert_int_eq(qemu_shim_vmstate_save(f, vmsd, opaque, &error_abort),
                     0);
    data = qemu_shim_file_output_data(f, &len);
    bytes = g_bytes_new(data, len);
    qemu_fclose(f);
    return bytes;
}

/*
 * VMSTATE_PTIMER_ARRAY: each timer's bytes as VMSTATE_PTIMER writes them,
 * one after the other (QEMU 7.2's VMSTATE_ARRAY_OF_POINTER_TO_STRUCT);
 * loaded, both fire where the saved ones would.
 */
START_TEST(test_vmstate_array)
{
    Pair a = { { make(PTIMER_POLICY_LEGACY, 100, 10),
                 make(PTIMER_POLICY_LEGACY, 30, 50) } };
    Pair b = { { ptimer_init(count_cb, NULL, PTIMER_POLICY_LEGACY),
                 ptimer_init(count_cb, NULL, PTIMER_POLICY_LEGACY) } };
    g_autoptr(GBytes) pair = NULL, one = NULL, two = NULL;
    g_autoptr(GByteArray) joined = g_byte_array_new();
    const uint8_t *data;
    gsize len;

    run(a.timers[0], 0);        /* due at 1000 */
    run(a.timers[1], 1);        /* one shot, due at 1500 */
    at(250);
    pair = save(&vmstate_pair, &a);
    one = save(&vmstate_holder, &(Holder){ a.timers[0] });
    two = save(&vmstate_holder, &(Holder){ a.timers[1] });
    data = g_bytes_get_data(one, &len);
    g_byte_array_append(joined, data, len);
    data = g_bytes_get_data(two, &len);
    g_byte_array_append(joined, data, len);
    data = g_bytes_get_data(pair, &len);
    ck_assert_uint_eq(len, 2 * 53);
    ck_assert_uint_eq(len, joined->len);
    ck_assert_mem_eq(data, joined->data, len);
    ptimer_free(a.timers[0]);
    ptimer_free(a.timers[1]);

    {
        QEMUFile *in = qemu_shim_file_new_input(data, len);

        ck_assert_int_eq(qemu_shim_vmstate_load(in, &vmstate_pair, &b, 1,
                                                &error_abort), 0);
        qemu_fclose(in);
    }
    /* counts as in test_vmstate; (1500 - 250) / 30 = 41, rounded down */
    ck_assert_uint_eq(ptimer_get_count(b.timers[0]), 7);
    ck_assert_uint_eq(ptimer_get_count(b.timers[1]), 41);
    at(1000);
    ck_assert_int_eq(triggers, 1);
    at(1499);
    ck_assert_int_eq(triggers, 1);
    at(1500);
    ck_assert_int_eq(triggers, 2);
    ck_assert_uint_eq(ptimer_get_count(b.timers[1]), 0);
    ptimer_free(b.timers[0]);
    ptimer_free(b.timers[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ptimer");
    TCase *tc = tcase_create("ptimer");
    SRunner *sr;
    int failed;

    module_call_init(MODULE_INIT_QOM);
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_legacy_periodic);
    tcase_add_test(tc, test_oneshot);
    tcase_add_test(tc, test_legacy_zero_count);
    tcase_add_test(tc, test_legacy_zero_limit);
    tcase_add_test(tc, test_period_zero);
    tcase_add_test(tc, test_rate_limit);
    tcase_add_test(tc, test_wrap_after_one_period);
    tcase_add_test(tc, test_continuous_trigger);
    tcase_add_test(tc, test_no_immediate_trigger);
    tcase_add_test(tc, test_no_immediate_reload);
    tcase_add_test(tc, test_no_counter_round_down);
    tcase_add_test(tc, test_trigger_only_on_decrement);
    tcase_add_test_raise_signal(tc, test_incompatible_policies, SIGABRT);
    tcase_add_test_raise_signal(tc, test_change_outside_transaction,
                                SIGABRT);
    tcase_add_test_raise_signal(tc, test_nested_transaction, SIGABRT);
    tcase_add_test(tc, test_callback_rearms);
    tcase_add_test(tc, test_stop_and_limit);
    tcase_add_test(tc, test_set_freq);
    tcase_add_test(tc, test_period_from_clock);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_vmstate_array);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
