/*
 * hw/clock.h - clock trees between devices, QEMU 7.2 API.
 *
 * A Clock holds a period in units of 2^-32 ns (0: the clock is stopped).
 * An input clock can be connected to a source clock; updating a source
 * propagates its period, scaled by its multiplier/divider, down the tree and
 * calls the callbacks of the clocks that changed.
 */
#ifndef QEMU_HW_CLOCK_H
#define QEMU_HW_CLOCK_H

#include "qemu/osdep.h"
#include "qom/object.h"

G_BEGIN_DECLS

#define TYPE_CLOCK "clock"
OBJECT_DECLARE_SIMPLE_TYPE(Clock, CLOCK)

/* Events a callback can ask for (a bitmask of them). */
typedef enum ClockEvent {
    ClockUpdate = 1,    /* Clock period has just updated */
    ClockPreUpdate = 2, /* Clock period is about to update */
} ClockEvent;

typedef void ClockCallback(void *opaque, ClockEvent event);

/* The period unit is 2^-32 ns, so one second is 10^9 << 32 units. */
#define CLOCK_PERIOD_1SEC (1000000000llu << 32)

#define CLOCK_PERIOD_FROM_NS(ns) ((ns) * (CLOCK_PERIOD_1SEC / 1000000000llu))
#define CLOCK_PERIOD_FROM_HZ(hz) (((hz) != 0) ? CLOCK_PERIOD_1SEC / (hz) : 0u)
#define CLOCK_PERIOD_TO_HZ(per) (((per) != 0) ? CLOCK_PERIOD_1SEC / (per) : 0u)

/* All fields are private: use the functions below. */
struct Clock {
    Object parent_obj;

    uint64_t period;
    char *canonical_path;
    ClockCallback *callback;
    void *callback_opaque;
    unsigned int callback_events;

    /* Ratio of this clock's period to its children's: mul / div. */
    uint32_t multiplier;
    uint32_t divider;

    Clock *source;
    struct {
        Clock *lh_first;
    } children;
    struct {
        Clock *le_next;
        Clock **le_prev;
    } sibling;
};

/*
 * The migration state of a Clock: its period, plus a "clock/muldiv"
 * subsection when the multiplier or divider is not 1.
 */
extern const VMStateDescription vmstate_clock;

/* migration/vmstate.h may have defined these already. */
#ifndef VMSTATE_CLOCK
#define VMSTATE_CLOCK_V(_field, _state, _version)                       \
    VMSTATE_STRUCT_POINTER_V(_field, _state, _version, vmstate_clock, Clock)
#define VMSTATE_CLOCK(_field, _state) VMSTATE_CLOCK_V(_field, _state, 0)
#endif

/* Caches the clock's QOM path (used in traces). */
void clock_setup_canonical_path(Clock *clk);

/* A clock that is the child @name of @parent; the parent owns it. */
Clock *clock_new(Object *parent, const char *name);

/* @events is a mask of ClockEvent values the callback wants. */
void clock_set_callback(Clock *clk, ClockCallback *cb,
                        void *opaque, unsigned int events);
void clock_clear_callback(Clock *clk);

/* Connects @clk to @src, taking @src's period now. Only once per clock. */
void clock_set_source(Clock *clk, Clock *src);

static inline bool clock_has_source(const Clock *clk)
{
    return clk->source != NULL;
}

/*
 * Sets the period without propagating it; returns whether it changed.
 * Call clock_propagate() afterwards (or use clock_update()).
 */
bool clock_set(Clock *clk, uint64_t value);

static inline bool clock_set_hz(Clock *clk, unsigned hz)
{
    return clock_set(clk, CLOCK_PERIOD_FROM_HZ(hz));
}

static inline bool clock_set_ns(Clock *clk, unsigned ns)
{
    return clock_set(clk, CLOCK_PERIOD_FROM_NS(ns));
}

/* Pushes @clk's period to every clock below it. @clk must have no source. */
void clock_propagate(Clock *clk);

static inline void clock_update(Clock *clk, uint64_t value)
{
    if (clock_set(clk, value)) {
        clock_propagate(clk);
    }
}

static inline void clock_update_hz(Clock *clk, unsigned hz)
{
    clock_update(clk, CLOCK_PERIOD_FROM_HZ(hz));
}

static inline void clock_update_ns(Clock *clk, unsigned ns)
{
    clock_update(clk, CLOCK_PERIOD_FROM_NS(ns));
}

/* The period in 2^-32 ns units. */
static inline uint64_t clock_get(const Clock *clk)
{
    return clk->period;
}

static inline unsigned clock_get_hz(Clock *clk)
{
    return CLOCK_PERIOD_TO_HZ(clock_get(clk));
}

/*
 * How long @ticks periods last, in ns, rounded down; INT64_MAX when that
 * does not fit in an int64_t (so it can be given to timer_mod()).
 */
static inline uint64_t clock_ticks_to_ns(const Clock *clk, uint64_t ticks)
{
    unsigned __int128 t = (unsigned __int128)clk->period * ticks;

    if (t >> 95) {
        return INT64_MAX;
    }
    return (uint64_t)(t >> 32);
}

/* How many whole periods fit in @ns (0 for a stopped clock). */
static inline uint64_t clock_ns_to_ticks(const Clock *clk, uint64_t ns)
{
    if (clk->period == 0) {
        return 0;
    }
    return (uint64_t)(((unsigned __int128)ns << 32) / clk->period);
}

static inline bool clock_is_enabled(const Clock *clk)
{
    return clock_get(clk) != 0;
}

/* The frequency as text, e.g. "24 MHz". Free with g_free. */
char *clock_display_freq(Clock *clk);

/*
 * Children of @clk will run at its period * @multiplier / @divider (that
 * is, frequency * divider / multiplier). Takes effect at the next
 * propagation. @divider must not be 0.
 */
void clock_set_mul_div(Clock *clk, uint32_t multiplier, uint32_t divider);

G_END_DECLS

#endif /* QEMU_HW_CLOCK_H */
