/*
 * trace/event-internal.h - one trace event, laid out as QEMU 7.2's (a
 * module's events are registered with the real qemu-system-arm too).
 */
#ifndef TRACE__EVENT_INTERNAL_H
#define TRACE__EVENT_INTERNAL_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* TraceEvent.vcpu_id of an event that is not per-vCPU (all of ours). */
#define TRACE_VCPU_EVENT_NONE ((uint32_t)-1)

/*
 * @id: set by trace_event_register_group(); @name: as in trace-events;
 * @sstate: false if compiled out ("disable" property); @dstate: the event's
 * own variable, non-zero while it is enabled. The trace call tests
 * *@dstate directly (through its symbol), never this struct.
 */
typedef struct TraceEvent {
    uint32_t id;
    uint32_t vcpu_id;
    const char *name;
    const bool sstate;
    uint16_t *dstate;
} TraceEvent;

void trace_event_set_state_dynamic_init(TraceEvent *ev, bool state);

G_END_DECLS

#endif /* TRACE__EVENT_INTERNAL_H */
