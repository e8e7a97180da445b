/*
 * trace/control.h - finding, enabling and listing trace events: QEMU 7.2's
 * interface, for the "log" backend (what Debian's qemu-system-arm has).
 */
#ifndef TRACE__CONTROL_H
#define TRACE__CONTROL_H

#include "qemu/osdep.h"
#include "trace/event-internal.h"

G_BEGIN_DECLS

typedef struct TraceEventIter {
    /* iter state */
    size_t event;
    size_t group;
    /* filter conditions */
    size_t group_id;
    const char *pattern;
} TraceEventIter;

/* Every registered event, in registration order. */
void trace_event_iter_init_all(TraceEventIter *iter);
/* The events whose name matches @pattern ('*' and '?' as glob). */
void trace_event_iter_init_pattern(TraceEventIter *iter, const char *pattern);
/* The events of the @group_id'th registered group. */
void trace_event_iter_init_group(TraceEventIter *iter, size_t group_id);
/* The next event, or NULL at the end. */
TraceEvent *trace_event_iter_next(TraceEventIter *iter);

/* The first event named @name, or NULL. */
TraceEvent *trace_event_name(const char *name);

/*
 * True if event @id (TRACE_NAME) is compiled in and enabled. A disabled
 * event costs one test of trace_events_enabled_count.
 */
#define trace_event_get_state(id)                       \
    ((id ##_ENABLED) && trace_event_get_state_dynamic_by_id(id))

/* As trace_event_get_state, for the backends of the event (log only). */
#define trace_event_get_state_backends(id)              \
    ((id ##_ENABLED) && id ##_BACKEND_DSTATE())

/* Enable or disable an event that is compiled in. */
void trace_event_set_state_dynamic(TraceEvent *ev, bool state);

/* The log backend needs no start-up; true. */
bool trace_init_backends(void);

/* Applies -trace file=FILE: the log backend's file is the -D file. */
void trace_init_file(void);

/* Every registered event's name, one a line, as "-trace help" prints. */
void trace_list_events(FILE *f);

/*
 * One line of "-trace" or of an events file: PATTERN enables, -PATTERN
 * disables; "help" lists the events on stdout and exits 0. An exact name
 * that matches nothing warns "trace event 'NAME' does not exist".
 */
void trace_enable_events(const char *line_buf);

/*
 * The argument of "-trace": [enable=]PATTERN, events=FILE, file=FILE.
 * Reports on stderr as QEMU 7.2 does (a malformed argument: "Invalid
 * parameter 'KEY'" at the caller's location, see
 * qemu_shim_error_set_location; an events file it cannot read: its name
 * and the cause) and returns false where QEMU exits 1. Shim-only name;
 * trace_opt_parse() exits.
 */
bool qemu_shim_trace_opt_parse(const char *optarg);
void trace_opt_parse(const char *optarg);

/* trace_init_file() that sets @errp instead of exiting. Shim-only. */
bool qemu_shim_trace_init_file(Error **errp);

/* Events with the "vcpu" property; the shim has none. */
uint32_t trace_get_vcpu_event_count(void);

G_END_DECLS

#include "trace/control-internal.h"

#endif /* TRACE__CONTROL_H */
