/*
 * Trace events: QEMU's own PL011 events, as the binary exports them
 * (_TRACE_PL011_READ_EVENT and its dstate variable), give TraceEvent's
 * layout; QEMU's trace_event_set_state_dynamic() on one shows that the
 * state a module's trace call tests is the word dstate points at.
 */
#include "qemu/osdep.h"
#include "trace/control.h"
#include "probe.h"

static void trace_event_fields(int64_t *out)
{
    static const uint8_t zeros[sizeof(TraceEvent) * 2];
    const void *ev = &_TRACE_PL011_READ_EVENT;
    size_t n = sizeof(zeros);
    uint8_t bytes[sizeof(zeros)];

    out[0] = probe_find_u32(ev, n, 0, TRACE_VCPU_EVENT_NONE);
    out[1] = probe_find_str_ptr(ev, n, 0, "pl011_read");
    /* sstate: the first byte 1 in a word that holds no pointer */
    g_assert(probe_peek(ev, bytes, n));
    out[2] = probe_find_flag(zeros, bytes, n, 0, 0, 1);
    out[3] = probe_find_word(ev, n, 0, (uintptr_t)&_TRACE_PL011_READ_DSTATE, 0);
}

static void trace_state_round_trip(int64_t *out)
{
    int before = trace_events_enabled_count;

    trace_event_set_state_dynamic(&_TRACE_PL011_READ_EVENT, true);
    out[0] = _TRACE_PL011_READ_DSTATE == 1 &&
             trace_events_enabled_count == before + 1 &&
             trace_event_get_state_dynamic(&_TRACE_PL011_READ_EVENT);
}

void probe_trace(void)
{
    probe_measure(trace_event_fields, "TraceEvent.vcpu_id", "TraceEvent.name",
                  "TraceEvent.sstate", "TraceEvent.dstate", NULL);
    probe_measure(trace_state_round_trip, "TraceEvent.round_trip", NULL);
}
