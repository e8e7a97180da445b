/*
 * trace/control-internal.h - the inline half of trace/control.h, as in
 * QEMU 7.2.
 */
#ifndef TRACE__CONTROL_INTERNAL_H
#define TRACE__CONTROL_INTERNAL_H

#include "trace/event-internal.h"

G_BEGIN_DECLS

/* How many events are enabled: 0 keeps every trace call one branch. */
extern int trace_events_enabled_count;

static inline bool trace_event_is_pattern(const char *str)
{
    assert(str != NULL);
    return strchr(str, '*') != NULL;
}

static inline uint32_t trace_event_get_id(TraceEvent *ev)
{
    assert(ev != NULL);
    return ev->id;
}

static inline uint32_t trace_event_get_vcpu_id(TraceEvent *ev)
{
    return ev->vcpu_id;
}

static inline bool trace_event_is_vcpu(TraceEvent *ev)
{
    return ev->vcpu_id != TRACE_VCPU_EVENT_NONE;
}

static inline const char *trace_event_get_name(TraceEvent *ev)
{
    assert(ev != NULL);
    return ev->name;
}

static inline bool trace_event_get_state_static(TraceEvent *ev)
{
    assert(ev != NULL);
    return ev->sstate;
}

/* On the fast path: the count, then the event's own variable. */
#define trace_event_get_state_dynamic_by_id(id) \
    (unlikely(trace_events_enabled_count) && _ ## id ## _DSTATE)

static inline bool trace_event_get_state_dynamic(TraceEvent *ev)
{
    return unlikely(trace_events_enabled_count) && *ev->dstate;
}

/*
 * Register a NULL-terminated group of events (a module's, from its
 * trace_init() function): they get their ids and become visible to
 * -trace, QMP and the listing.
 */
void trace_event_register_group(TraceEvent **events);

G_END_DECLS

#endif /* TRACE__CONTROL_INTERNAL_H */
