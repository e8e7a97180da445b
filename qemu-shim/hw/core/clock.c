/*
 * Clocks (TYPE_CLOCK): a period, an optional source clock, and the children
 * the period propagates to, scaled by this clock's multiplier/divider.
 */
#include "qemu/osdep.h"
#include "hw/clock.h"
#include "qemu/module.h"
#include "qdev-internal.h"

void clock_setup_canonical_path(Clock *clk)
{
    g_free(clk->canonical_path);
    clk->canonical_path = object_get_canonical_path(OBJECT(clk));
}

Clock *clock_new(Object *parent, const char *name)
{
    Object *obj = object_new(TYPE_CLOCK);
    Clock *clk = CLOCK(obj);

    object_property_add_child(parent, name, obj);
    object_unref(obj);
    clock_setup_canonical_path(clk);
    return clk;
}

void clock_set_callback(Clock *clk, ClockCallback *cb, void *opaque,
                        unsigned int events)
{
    clk->callback = cb;
    clk->callback_opaque = opaque;
    clk->callback_events = events;
}

void clock_clear_callback(Clock *clk)
{
    clock_set_callback(clk, NULL, NULL, 0);
}

bool clock_set(Clock *clk, uint64_t period)
{
    if (clk->period == period) {
        return false;
    }
    clk->period = period;
    return true;
}

/* The period children run at: ours scaled by multiplier / divider. */
static uint64_t clock_get_child_period(Clock *clk)
{
    unsigned __int128 p = (unsigned __int128)clk->period * clk->multiplier;

    p /= clk->divider;
    return p > UINT64_MAX ? UINT64_MAX : (uint64_t)p;
}

static void clock_call_callback(Clock *clk, ClockEvent event)
{
    if (clk->callback && (clk->callback_events & event)) {
        clk->callback(clk->callback_opaque, event);
    }
}

static void clock_propagate_period(Clock *clk, bool call_callbacks)
{
    uint64_t child_period = clock_get_child_period(clk);
    Clock *child;

    SHIM_LIST_FOREACH(child, &clk->children, sibling) {
        if (child->period == child_period) {
            /* Nothing changes below an unchanged clock. */
            continue;
        }
        if (call_callbacks) {
            clock_call_callback(child, ClockPreUpdate);
        }
        child->period = child_period;
        if (call_callbacks) {
            clock_call_callback(child, ClockUpdate);
        }
        clock_propagate_period(child, call_callbacks);
    }
}

void clock_propagate(Clock *clk)
{
    /* Only the root of a clock tree may be updated. */
    assert(clk->source == NULL);
    clock_propagate_period(clk, true);
}

void clock_set_source(Clock *clk, Clock *src)
{
    /* Changing a clock's source is not supported, as in QEMU. */
    assert(!clk->source);

    clk->period = clock_get_child_period(src);
    SHIM_LIST_INSERT_HEAD(&src->children, clk, sibling);
    clk->source = src;
    /* A source outlives its children (and is unref'd by their finalize). */
    object_ref(OBJECT(src));
}

static void clock_disconnect(Clock *clk)
{
    Clock *src = clk->source;

    if (!src) {
        return;
    }
    clk->source = NULL;
    SHIM_LIST_REMOVE(clk, sibling);
    object_unref(OBJECT(src));
}

char *clock_display_freq(Clock *clk)
{
    static const char *const units[] = { "Hz", "KHz", "MHz", "GHz", "THz" };
    double freq = clock_get_hz(clk);
    size_t idx = 0;

    while (freq >= 1000.0 && idx + 1 < ARRAY_SIZE(units)) {
        freq /= 1000.0;
        idx++;
    }
    return g_strdup_printf("%0.3g %s", freq, units[idx]);
}

void clock_set_mul_div(Clock *clk, uint32_t multiplier, uint32_t divider)
{
    assert(divider != 0);

    clk->multiplier = multiplier;
    clk->divider = divider;
}

static void clock_initfn(Object *obj)
{
    Clock *clk = CLOCK(obj);

    clk->multiplier = 1;
    clk->divider = 1;
}

static void clock_finalizefn(Object *obj)
{
    Clock *clk = CLOCK(obj);
    Clock *child, *next;

    /* Children hold a reference on us, so normally there are none left. */
    SHIM_LIST_FOREACH_SAFE(child, &clk->children, sibling, next) {
        child->source = NULL;
        SHIM_LIST_REMOVE(child, sibling);
    }
    clock_disconnect(clk);
    g_free(clk->canonical_path);
}

static const TypeInfo clock_info = {
    .name = TYPE_CLOCK,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Clock),
    .instance_init = clock_initfn,
    .instance_finalize = clock_finalizefn,
};

static void clock_register_types(void)
{
    type_register_static(&clock_info);
}

type_init(clock_register_types)
