/*
 * ptimer: QEMU 7.2's periodic countdown timer on QEMU_CLOCK_VIRTUAL.
 *
 * The arithmetic follows 7.2's hw/core/ptimer.c step for step (the policy
 * bits, the rounding of a running count, the 10 us floor on periodic
 * timers outside qtest, the stderr messages), because a device built on
 * it must count exactly as it does inside qemu-system-arm.
 */
#include "qemu/osdep.h"
#include "hw/ptimer.h"
#include "qemu/host-utils.h"
#include "qemu/bitops.h"
#include "sysemu/qtest.h"

/* How a reload moves the deadline (the "wrap after one period" policy). */
enum {
    RELOAD_ON_WRITE = 0,    /* count written or timer started */
    RELOAD_ON_EXPIRY = 1,   /* counted down to zero: one more period */
    RELOAD_UNADJUSTED = -1, /* a deferred reload: no extra period */
};

/* Without icount or qtest, QEMU never lets a periodic timer run faster. */
#define PTIMER_MIN_PERIODIC_NS 10000

enum { PTIMER_OFF = 0, PTIMER_PERIODIC = 1, PTIMER_ONESHOT = 2 };

struct ptimer_state {
    uint8_t enabled;        /* PTIMER_OFF, _PERIODIC or _ONESHOT */
    uint64_t limit;
    uint64_t delta;         /* counts left from last_event */
    uint32_t period_frac;   /* period is period + period_frac / 2^32 ns */
    int64_t period;
    int64_t last_event;
    int64_t next_event;
    uint8_t policy_mask;
    QEMUTimer *timer;
    ptimer_cb callback;
    void *callback_opaque;
    /* Never migrated: no migration happens inside a transaction. */
    bool in_transaction;
    bool need_reload;
};

static bool has_policy(const ptimer_state *s, unsigned bit)
{
    return (s->policy_mask & bit) != 0;
}

static bool rate_limited(const ptimer_state *s, uint64_t delta,
                         uint64_t period)
{
    /* QEMU 7.2's test, including its unsigned overflow of delta * period. */
    return s->enabled == PTIMER_PERIODIC &&
           delta * period < PTIMER_MIN_PERIODIC_NS && !qtest_enabled();
}

static void disable_with_message(ptimer_state *s, const char *why)
{
    if (!qtest_enabled()) {
        fprintf(stderr, "Timer with %s zero, disabling\n", why);
    }
    timer_del(s->timer);
    s->enabled = PTIMER_OFF;
}

/* Schedule the next expiry from next_event; may run the callback first. */
static void ptimer_reload(ptimer_state *s, int adjust)
{
    bool trigger_now = s->delta == 0 &&
        !has_policy(s, PTIMER_POLICY_NO_IMMEDIATE_TRIGGER) &&
        !(adjust == RELOAD_ON_WRITE &&
          has_policy(s, PTIMER_POLICY_TRIGGER_ONLY_ON_DECREMENT));
    uint64_t delta, period;
    uint32_t frac;

    if (trigger_now) {
        s->callback(s->callback_opaque);
    }
    /* The callback may have changed anything: read the state after it. */
    if (s->delta == 0 && !has_policy(s, PTIMER_POLICY_NO_IMMEDIATE_RELOAD)) {
        s->delta = s->limit;
    }
    delta = s->delta;
    period = s->period;
    frac = s->period_frac;

    if (s->period == 0) {
        disable_with_message(s, "period");
        return;
    }
    if (has_policy(s, PTIMER_POLICY_WRAP_AFTER_ONE_PERIOD) &&
        adjust != RELOAD_UNADJUSTED) {
        delta += adjust;
    }
    if (delta == 0 && has_policy(s, PTIMER_POLICY_CONTINUOUS_TRIGGER) &&
        s->enabled == PTIMER_PERIODIC && s->limit == 0) {
        delta = 1;
    }
    if (delta == 0 && has_policy(s, PTIMER_POLICY_NO_IMMEDIATE_TRIGGER) &&
        adjust != RELOAD_UNADJUSTED) {
        delta = 1;
    }
    if (delta == 0 && has_policy(s, PTIMER_POLICY_NO_IMMEDIATE_RELOAD) &&
        s->enabled == PTIMER_PERIODIC && s->limit != 0) {
        delta = 1;
    }
    if (delta == 0) {
        if (s->enabled != PTIMER_OFF) {
            disable_with_message(s, "delta");
        }
        /* else the callback stopped the timer itself */
        return;
    }
    if (rate_limited(s, delta, period)) {
        period = PTIMER_MIN_PERIODIC_NS / delta;
        frac = 0;
    }
    s->last_event = s->next_event;
    s->next_event = s->last_event + delta * period;
    if (frac) {
        s->next_event += ((int64_t)frac * delta) >> 32;
    }
    timer_mod(s->timer, s->next_event);
}

/* The QEMUTimer fired: the counter reached zero. */
static void ptimer_tick(void *opaque)
{
    ptimer_state *s = opaque;
    bool trigger = true;

    /* A callback that re-arms the timer is then called again, not nested. */
    ptimer_transaction_begin(s);
    if (s->enabled == PTIMER_ONESHOT) {
        s->delta = 0;
        s->enabled = PTIMER_OFF;
    } else {
        /* delta 0: this is a deferred (no immediate reload) expiry. */
        int adjust = (s->delta == 0 || s->limit == 0) ? RELOAD_UNADJUSTED
                                                      : RELOAD_ON_EXPIRY;

        if (!has_policy(s, PTIMER_POLICY_NO_IMMEDIATE_TRIGGER)) {
            trigger = adjust == RELOAD_ON_EXPIRY;
        }
        s->delta = s->limit;
        ptimer_reload(s, adjust);
    }
    if (trigger) {
        s->callback(s->callback_opaque);
    }
    ptimer_transaction_commit(s);
}

/*
 * (next - now) divided by the 64.32 fixed-point period, rounded down so
 * the count never goes up: both are shifted left as far as they can go,
 * the fraction's bits fill the divisor, and any fraction bits that do not
 * fit round the divisor up.
 */
static uint64_t counts_until(uint64_t rem, uint64_t period, uint32_t frac)
{
    int shift = MIN(clz64(rem), clz64(period));
    uint64_t div = period << shift;

    rem <<= shift;
    if (shift >= 32) {
        div |= (uint64_t)frac << (shift - 32);
    } else {
        if (shift) {
            div |= frac >> (32 - shift);
        }
        if ((uint32_t)(frac << shift)) {
            div++;
        }
    }
    return rem / div;
}

uint64_t ptimer_get_count(ptimer_state *s)
{
    int64_t now, last;
    uint64_t counter;
    bool oneshot;

    if (s->enabled == PTIMER_OFF || s->delta == 0) {
        return s->delta;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    last = s->last_event;
    oneshot = s->enabled == PTIMER_ONESHOT;

    if (now - s->next_event >= 0) {
        counter = 0;    /* expired but not yet ticked: never underflow */
    } else {
        uint64_t period = s->period;
        uint32_t frac = s->period_frac;

        if (rate_limited(s, s->delta, period)) {
            period = PTIMER_MIN_PERIODIC_NS / s->delta;
            frac = 0;
        }
        counter = counts_until(s->next_event - now, period, frac);

        /*
         * Wrap after one period: the extra period added at reload reads
         * as 0. At now == last the count is exact, so limit + 1 means that
         * period; later it is rounded down, so limit means it.
         */
        if (has_policy(s, PTIMER_POLICY_WRAP_AFTER_ONE_PERIOD) &&
            !oneshot && s->delta == s->limit &&
            counter == s->limit + (now == last ? 1 : 0)) {
            return 0;
        }
    }
    /* At now == last the count is exact already; later it is one short. */
    if (has_policy(s, PTIMER_POLICY_NO_COUNTER_ROUND_DOWN) && now != last) {
        counter++;
    }
    return counter;
}

void ptimer_set_count(ptimer_state *s, uint64_t count)
{
    assert(s->in_transaction);
    s->delta = count;
    if (s->enabled) {
        s->need_reload = true;
    }
}

void ptimer_run(ptimer_state *s, int oneshot)
{
    bool starting = s->enabled == PTIMER_OFF;

    assert(s->in_transaction);
    if (starting && s->period == 0) {
        if (!qtest_enabled()) {
            fprintf(stderr, "Timer with period zero, disabling\n");
        }
        return;
    }
    s->enabled = oneshot ? PTIMER_ONESHOT : PTIMER_PERIODIC;
    if (starting) {
        s->need_reload = true;
    }
}

void ptimer_stop(ptimer_state *s)
{
    assert(s->in_transaction);
    if (s->enabled == PTIMER_OFF) {
        return;
    }
    s->delta = ptimer_get_count(s);
    timer_del(s->timer);
    s->enabled = PTIMER_OFF;
    s->need_reload = false;
}

/* A new period restarts counting from the current count. */
static void ptimer_new_period(ptimer_state *s, int64_t period, uint32_t frac)
{
    assert(s->in_transaction);
    s->delta = ptimer_get_count(s);
    s->period = period;
    s->period_frac = frac;
    if (s->enabled) {
        s->need_reload = true;
    }
}

void ptimer_set_period(ptimer_state *s, int64_t period)
{
    ptimer_new_period(s, period, 0);
}

void ptimer_set_period_from_clock(ptimer_state *s, const Clock *clk,
                                  unsigned int divisor)
{
    /* A Clock's period is 32.32 fixed-point ns; scale both halves. */
    uint64_t raw = clock_get(clk);
    uint64_t frac = extract64(raw, 0, 32) * divisor;
    int64_t period = extract64(raw, 32, 32) * divisor + extract64(frac, 32, 32);

    ptimer_new_period(s, period, (uint32_t)frac);
}

void ptimer_set_freq(ptimer_state *s, uint32_t freq)
{
    /* The fraction is the low 32 bits of 10^9 * 2^32 / freq. */
    ptimer_new_period(s, 1000000000LL / freq,
                      (uint32_t)((1000000000LL << 32) / freq));
}

void ptimer_set_limit(ptimer_state *s, uint64_t limit, int reload)
{
    assert(s->in_transaction);
    s->limit = limit;
    if (reload) {
        s->delta = limit;
        if (s->enabled) {
            s->need_reload = true;
        }
    }
}

uint64_t ptimer_get_limit(ptimer_state *s)
{
    return s->limit;
}

void ptimer_transaction_begin(ptimer_state *s)
{
    assert(!s->in_transaction);
    s->in_transaction = true;
    s->need_reload = false;
}

void ptimer_transaction_commit(ptimer_state *s)
{
    assert(s->in_transaction);
    /*
     * A reload may run the callback, which may ask for another reload; a
     * timer the reload disabled needs none (and would loop forever).
     */
    while (s->need_reload && s->enabled) {
        s->need_reload = false;
        s->next_event = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        ptimer_reload(s, RELOAD_ON_WRITE);
    }
    s->in_transaction = false;
}

const VMStateDescription vmstate_ptimer = {
    .name = "ptimer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(enabled, ptimer_state),
        VMSTATE_UINT64(limit, ptimer_state),
        VMSTATE_UINT64(delta, ptimer_state),
        VMSTATE_UINT32(period_frac, ptimer_state),
        VMSTATE_INT64(period, ptimer_state),
        VMSTATE_INT64(last_event, ptimer_state),
        VMSTATE_INT64(next_event, ptimer_state),
        VMSTATE_TIMER_PTR(timer, ptimer_state),
        VMSTATE_END_OF_LIST()
    },
};

ptimer_state *ptimer_init(ptimer_cb callback, void *callback_opaque,
                          uint8_t policy_mask)
{
    ptimer_state *s;

    assert(callback);
    /* One triggers when the count becomes 0, the other when it leaves 0. */
    assert(!((policy_mask & PTIMER_POLICY_TRIGGER_ONLY_ON_DECREMENT) &&
             (policy_mask & PTIMER_POLICY_NO_IMMEDIATE_TRIGGER)));
    s = g_new0(ptimer_state, 1);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, ptimer_tick, s);
    s->policy_mask = policy_mask;
    s->callback = callback;
    s->callback_opaque = callback_opaque;
    return s;
}

void ptimer_free(ptimer_state *s)
{
    timer_free(s->timer);
    g_free(s);
}
