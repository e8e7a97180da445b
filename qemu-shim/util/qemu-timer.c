/*
 * Clocks and timers (qemu/timer.h): one sorted timer list per clock, a
 * virtual clock that only the host moves (qtest's clock_step/clock_set),
 * and the REALTIME/HOST clocks read from the host.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"

struct QEMUTimerList {
    QEMUClockType type;
    /* Sorted by expire_time; timers with equal times keep arming order. */
    QEMUTimer *active_timers;
};

static QEMUTimerList main_loop_lists[QEMU_CLOCK_MAX] = {
    [QEMU_CLOCK_REALTIME] = { .type = QEMU_CLOCK_REALTIME },
    [QEMU_CLOCK_VIRTUAL] = { .type = QEMU_CLOCK_VIRTUAL },
    [QEMU_CLOCK_HOST] = { .type = QEMU_CLOCK_HOST },
    [QEMU_CLOCK_VIRTUAL_RT] = { .type = QEMU_CLOCK_VIRTUAL_RT },
};

QEMUTimerListGroup main_loop_tlg = {
    .tl = {
        &main_loop_lists[QEMU_CLOCK_REALTIME],
        &main_loop_lists[QEMU_CLOCK_VIRTUAL],
        &main_loop_lists[QEMU_CLOCK_HOST],
        &main_loop_lists[QEMU_CLOCK_VIRTUAL_RT],
    },
};

/* QEMU_CLOCK_VIRTUAL (and VIRTUAL_RT): moved only by clock_warp(). */
static int64_t virtual_clock_ns;

static QEMU_NORETURN void timer_misuse(const char *func, const char *what)
{
    fprintf(stderr, "qemu-shim: %s: %s\n", func, what);
    abort();
}

static void check_clock_type(const char *func, QEMUClockType type)
{
    if ((unsigned)type >= QEMU_CLOCK_MAX) {
        timer_misuse(func, "invalid QEMUClockType");
    }
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    check_clock_type(__func__, type);
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return g_get_monotonic_time() * SCALE_US;
    case QEMU_CLOCK_HOST:
        return g_get_real_time() * SCALE_US;
    case QEMU_CLOCK_VIRTUAL:
    case QEMU_CLOCK_VIRTUAL_RT:
    default:
        return virtual_clock_ns;
    }
}

QEMUTimerList *qemu_clock_get_main_loop_timerlist(QEMUClockType type)
{
    check_clock_type(__func__, type);
    return main_loop_tlg.tl[type];
}

static int64_t timerlist_deadline_ns(QEMUTimerList *tl)
{
    if (!tl->active_timers) {
        return -1;
    }
    return MAX(tl->active_timers->expire_time - qemu_clock_get_ns(tl->type),
               0);
}

bool qemu_clock_has_timers(QEMUClockType type)
{
    return qemu_clock_get_main_loop_timerlist(type)->active_timers != NULL;
}

bool qemu_clock_expired(QEMUClockType type)
{
    QEMUTimerList *tl = qemu_clock_get_main_loop_timerlist(type);

    return tl->active_timers &&
           tl->active_timers->expire_time <= qemu_clock_get_ns(type);
}

int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask)
{
    (void)attr_mask;
    return timerlist_deadline_ns(qemu_clock_get_main_loop_timerlist(type));
}

/*
 * Run the timers of @tl expired at the time of the call. A timer that its
 * callback re-arms at or before that time runs again in this same pass.
 */
static bool timerlist_run_timers(QEMUTimerList *tl)
{
    int64_t now;
    bool progress = false;
    bool locked;
    QEMUTimer *ts;

    /* As QEMU's: no timer, no clock read (every main loop iteration). */
    if (!tl->active_timers) {
        return false;
    }
    now = qemu_clock_get_ns(tl->type);
    locked = qemu_mutex_iothread_locked();
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    while ((ts = tl->active_timers) && ts->expire_time <= now) {
        tl->active_timers = ts->next;
        ts->next = NULL;
        ts->expire_time = -1;
        ts->cb(ts->opaque);
        progress = true;
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return progress;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    return timerlist_run_timers(qemu_clock_get_main_loop_timerlist(type));
}

bool qemu_clock_run_all_timers(void)
{
    bool progress = false;
    int type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        progress |= qemu_clock_run_timers((QEMUClockType)type);
    }
    return progress;
}

void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque)
{
    check_clock_type(__func__, type);
    if (!timer_list_group) {
        timer_list_group = &main_loop_tlg;
    }
    if (!timer_list_group->tl[type]) {
        timer_misuse(__func__, "timer list group has no list for this clock");
    }
    if (scale <= 0) {
        timer_misuse(__func__, "scale must be positive");
    }
    ts->timer_list = timer_list_group->tl[type];
    ts->cb = cb;
    ts->opaque = opaque;
    ts->scale = scale;
    ts->attributes = attributes;
    ts->expire_time = -1;
    ts->next = NULL;
}

void timer_deinit(QEMUTimer *ts)
{
    if (timer_pending(ts)) {
        timer_misuse(__func__, "the timer is still pending");
    }
    ts->timer_list = NULL;
}

void timer_del(QEMUTimer *ts)
{
    QEMUTimer **pt;

    if (!ts->timer_list || !timer_pending(ts)) {
        return;
    }
    for (pt = &ts->timer_list->active_timers; *pt; pt = &(*pt)->next) {
        if (*pt == ts) {
            *pt = ts->next;
            break;
        }
    }
    ts->next = NULL;
    ts->expire_time = -1;
}

/* Insert a timer that is not pending, after those expiring no later. */
static void timer_insert(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    QEMUTimer **pt = &tl->active_timers;

    while (*pt && (*pt)->expire_time <= expire_time) {
        pt = &(*pt)->next;
    }
    ts->expire_time = expire_time;
    ts->next = *pt;
    *pt = ts;

    /* A new earliest host-clock timer shortens the main loop's wait. */
    if (pt == &tl->active_timers &&
        (tl->type == QEMU_CLOCK_REALTIME || tl->type == QEMU_CLOCK_HOST)) {
        qemu_notify_event();
    }
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    if (!ts->timer_list) {
        timer_misuse(__func__, "the timer is not initialized");
    }
    timer_del(ts);
    timer_insert(ts, MAX(expire_time, 0));
}

void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time)
{
    if (!ts->timer_list) {
        timer_misuse(__func__, "the timer is not initialized");
    }
    expire_time = MAX(expire_time, 0);
    if (!timer_pending(ts) || ts->expire_time > expire_time) {
        timer_del(ts);
        timer_insert(ts, expire_time);
    }
}

/* @expire_time in the timer's scale, saturated instead of overflowing. */
static int64_t timer_scaled_ns(QEMUTimer *ts, int64_t expire_time)
{
    if (expire_time > INT64_MAX / ts->scale) {
        return INT64_MAX;
    }
    if (expire_time < INT64_MIN / ts->scale) {
        return INT64_MIN;
    }
    return expire_time * ts->scale;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns(ts, timer_scaled_ns(ts, expire_time));
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_anticipate_ns(ts, timer_scaled_ns(ts, expire_time));
}

bool timer_pending(QEMUTimer *ts)
{
    return ts->expire_time != -1;
}

bool timer_expired(QEMUTimer *timer_head, int64_t current_time)
{
    /* As QEMU: a timer that is not pending (-1) counts as expired. */
    return timer_head &&
           timer_head->expire_time <= timer_scaled_ns(timer_head, current_time);
}

uint64_t timer_expire_time_ns(QEMUTimer *ts)
{
    return timer_pending(ts) ? (uint64_t)ts->expire_time : (uint64_t)-1;
}

int64_t qemu_shim_clock_next_deadline(void)
{
    return qemu_soonest_timeout(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL_RT, QEMU_TIMER_ATTR_ALL));
}

/*
 * qtest's clock warp: move the virtual clock to @dest in steps, stopping
 * at each timer deadline on the way to run the timers due then. Callbacks
 * may arm new timers inside the window; they run in order too.
 */
static int64_t clock_warp(int64_t dest)
{
    bool locked = qemu_mutex_iothread_locked();

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    while (virtual_clock_ns < dest) {
        int64_t warp = qemu_soonest_timeout(dest - virtual_clock_ns,
                                            qemu_shim_clock_next_deadline());

        virtual_clock_ns += warp;
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL_RT);
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return virtual_clock_ns;
}

int64_t qemu_shim_clock_step(int64_t ns)
{
    if (ns > INT64_MAX - virtual_clock_ns) {
        return clock_warp(INT64_MAX);
    }
    return clock_warp(virtual_clock_ns + ns);
}

int64_t qemu_shim_clock_set(int64_t ns)
{
    return clock_warp(ns);
}

void qemu_shim_clock_load(int64_t ns)
{
    assert(ns >= 0);
    virtual_clock_ns = ns;
}
