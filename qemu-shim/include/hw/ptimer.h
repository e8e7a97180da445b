/*
 * hw/ptimer.h - a periodic countdown timer on QEMU_CLOCK_VIRTUAL, QEMU 7.2
 * API (names, signatures, policy bits and migration format as 7.2's).
 *
 * The counter counts down from its value at the set period; at zero the
 * callback runs and the counter reloads from the limit (periodic) or the
 * timer stops (oneshot). Every call that changes the timer sits between
 * ptimer_transaction_begin() and ptimer_transaction_commit(); the commit
 * recomputes the deadline once and may run the callback. ptimer_state is
 * opaque: modules see only a pointer, so the real QEMU's ptimer (which
 * exports these functions) serves a module loaded there.
 */
#ifndef QEMU_HW_PTIMER_H
#define QEMU_HW_PTIMER_H

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "hw/clock.h"
#include "migration/vmstate.h"

G_BEGIN_DECLS

/*
 * No bit set: QEMU's historical behaviour (a running counter reads one
 * less; a zero count triggers and reloads at once; a zero period or a zero
 * reload stops the timer with a message on stderr).
 */
#define PTIMER_POLICY_LEGACY                    0
/* A periodic counter reads 0 for one period before it wraps to the limit. */
#define PTIMER_POLICY_WRAP_AFTER_ONE_PERIOD     (1 << 0)
/* Periodic with limit 0 and count 0: trigger every period. */
#define PTIMER_POLICY_CONTINUOUS_TRIGGER        (1 << 1)
/* Run with (or set) count 0: trigger one period later, not at once. */
#define PTIMER_POLICY_NO_IMMEDIATE_TRIGGER      (1 << 2)
/* Run with (or set) count 0: reload one period later, not at once. */
#define PTIMER_POLICY_NO_IMMEDIATE_RELOAD       (1 << 3)
/* A running counter reads its true value, not one less. */
#define PTIMER_POLICY_NO_COUNTER_ROUND_DOWN     (1 << 4)
/*
 * Only a decrement to 0 triggers; a count of 0 written or run with only
 * reloads. Excludes NO_IMMEDIATE_TRIGGER (ptimer_init asserts).
 */
#define PTIMER_POLICY_TRIGGER_ONLY_ON_DECREMENT (1 << 5)

typedef struct ptimer_state ptimer_state;
typedef void (*ptimer_cb)(void *opaque);

/* A new stopped timer; @callback (mandatory) runs at expiry. */
ptimer_state *ptimer_init(ptimer_cb callback, void *callback_opaque,
                          uint8_t policy_mask);
void ptimer_free(ptimer_state *s);

/* Begin/commit bracket every change; they do not nest. */
void ptimer_transaction_begin(ptimer_state *s);
void ptimer_transaction_commit(ptimer_state *s);

/* One count every @period ns. */
void ptimer_set_period(ptimer_state *s, int64_t period);
/* The period of @clk times @divisor, without rounding to whole ns. */
void ptimer_set_period_from_clock(ptimer_state *s, const Clock *clk,
                                  unsigned int divisor);
/* @freq counts a second, the period kept to 2^-32 ns. */
void ptimer_set_freq(ptimer_state *s, uint32_t freq);

uint64_t ptimer_get_limit(ptimer_state *s);
/* A non-zero @reload also sets the counter to @limit. */
void ptimer_set_limit(ptimer_state *s, uint64_t limit, int reload);

uint64_t ptimer_get_count(ptimer_state *s);
void ptimer_set_count(ptimer_state *s, uint64_t count);

/* Count down, once (@oneshot non-zero) or reloading from the limit. */
void ptimer_run(ptimer_state *s, int oneshot);
/* Hold the counter where it is (the current period's time is lost). */
void ptimer_stop(ptimer_state *s);

/* "ptimer" version 1, fields and order as QEMU 7.2's. */
extern const VMStateDescription vmstate_ptimer;

#define VMSTATE_PTIMER(_field, _state) \
    VMSTATE_STRUCT_POINTER_V(_field, _state, 1, vmstate_ptimer, ptimer_state)

/* @_n timers (ptimer_state *_f[_n]), one after the other in the stream. */
#define VMSTATE_PTIMER_ARRAY(_f, _s, _n)                                \
    VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(_f, _s, _n, 0,                   \
                                       vmstate_ptimer, ptimer_state)

G_END_DECLS

#endif /* QEMU_HW_PTIMER_H */
