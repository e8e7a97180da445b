/*
 * qemu/timer.h - QEMU 7.2's clocks and timers.
 *
 * QEMU_CLOCK_VIRTUAL (and VIRTUAL_RT) only move when the host steps them,
 * as under qtest: qemu_shim_clock_step() / qemu_shim_clock_set() run every
 * timer whose deadline is passed, in deadline order, with the clock set to
 * each deadline in turn. REALTIME and HOST follow the host's clocks and
 * their timers run from main_loop_wait(). Timer callbacks run with the BQL.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

#define NANOSECONDS_PER_SECOND 1000000000LL

#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

/* Timer attributes; the shim keeps them but none changes behaviour. */
#define QEMU_TIMER_ATTR_EXTERNAL ((int)(1u << 0))
#define QEMU_TIMER_ATTR_ALL      0xffffffff

typedef struct QEMUTimerList QEMUTimerList;

struct QEMUTimerListGroup {
    QEMUTimerList *tl[QEMU_CLOCK_MAX];
};

typedef void QEMUTimerCB(void *opaque);
typedef void QEMUTimerListNotifyCB(void *opaque, QEMUClockType type);

struct QEMUTimer {
    int64_t expire_time;        /* in nanoseconds; -1 when not pending */
    QEMUTimerList *timer_list;
    QEMUTimerCB *cb;
    void *opaque;
    QEMUTimer *next;
    int attributes;
    int scale;
};

/* The timer lists of the main loop, one per clock. */
extern QEMUTimerListGroup main_loop_tlg;

/* Current time of @type in nanoseconds. */
int64_t qemu_clock_get_ns(QEMUClockType type);

static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}

bool qemu_clock_has_timers(QEMUClockType type);
bool qemu_clock_expired(QEMUClockType type);

/*
 * Nanoseconds until the first timer of @type expires (0 if one is
 * overdue), or -1 if no timer is pending. @attr_mask is accepted and
 * ignored: the shim has no timer attributes that matter.
 */
int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask);

QEMUTimerList *qemu_clock_get_main_loop_timerlist(QEMUClockType type);

/* Run the expired timers of @type; true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);
bool qemu_clock_run_all_timers(void);

/* The smaller of two timeouts where -1 means "infinite". */
static inline int64_t qemu_soonest_timeout(int64_t timeout1, int64_t timeout2)
{
    return ((uint64_t)timeout1 < (uint64_t)timeout2) ? timeout1 : timeout2;
}

void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque);

static inline void timer_init(QEMUTimer *ts, QEMUClockType type, int scale,
                              QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, NULL, type, scale, 0, cb, opaque);
}

static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_NS, cb, opaque);
}

static inline void timer_init_us(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_US, cb, opaque);
}

static inline void timer_init_ms(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_MS, cb, opaque);
}

static inline QEMUTimer *timer_new_full(QEMUTimerListGroup *timer_list_group,
                                        QEMUClockType type, int scale,
                                        int attributes, QEMUTimerCB *cb,
                                        void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    timer_init_full(ts, timer_list_group, type, scale, attributes, cb, opaque);
    return ts;
}

static inline QEMUTimer *timer_new(QEMUClockType type, int scale,
                                   QEMUTimerCB *cb, void *opaque)
{
    return timer_new_full(NULL, type, scale, 0, cb, opaque);
}

static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}

static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}

static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}

/* Detach an initialized, not pending, timer from its list. */
void timer_deinit(QEMUTimer *ts);

/* Stop the timer if it is pending. */
void timer_del(QEMUTimer *ts);

static inline void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

/* Arm the timer to expire at @expire_time nanoseconds (negative: 0). */
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time);
/* Arm the timer to expire at @expire_time, in the timer's scale. */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
/* Like timer_mod_ns/timer_mod, but never make a pending timer later. */
void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time);
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);

bool timer_pending(QEMUTimer *ts);
/* True if @timer_head expires at or before @current_time (timer's scale). */
bool timer_expired(QEMUTimer *timer_head, int64_t current_time);
/* The expiry time in nanoseconds, or -1 (as uint64_t) if not pending. */
uint64_t timer_expire_time_ns(QEMUTimer *ts);

/*
 * Shim-only, the host's qtest clock_step: advance QEMU_CLOCK_VIRTUAL by @ns,
 * running every timer whose deadline is reached on the way (with the clock
 * set to that deadline). Returns the new time. A negative @ns is ignored.
 */
int64_t qemu_shim_clock_step(int64_t ns);

/*
 * Shim-only, the host's qtest clock_set: advance QEMU_CLOCK_VIRTUAL to @ns
 * as qemu_shim_clock_step does. As in QEMU, a time in the past is ignored:
 * the clock never goes backwards. Returns the new (or unchanged) time.
 */
int64_t qemu_shim_clock_set(int64_t ns);

/*
 * Shim-only, for the "timer" migration section: QEMU_CLOCK_VIRTUAL takes
 * the loaded time @ns (>= 0), forward or back, and no timer runs now; those
 * due by then run at the next step, as QEMU's run when the VM starts.
 */
void qemu_shim_clock_load(int64_t ns);

/*
 * Shim-only: nanoseconds until the next QEMU_CLOCK_VIRTUAL timer, -1 if
 * none (what qtest's bare clock_step steps by).
 */
int64_t qemu_shim_clock_next_deadline(void);

G_END_DECLS

#endif /* QEMU_TIMER_H */
