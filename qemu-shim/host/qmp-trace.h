/*
 * QMP's trace commands (qmp-trace.c), for qmp.c's command table.
 */
#ifndef HARNESS_QMP_TRACE_H
#define HARNESS_QMP_TRACE_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *harness_qmp_trace_event_get_state(JsonObject *args, Error **errp);
JsonNode *harness_qmp_trace_event_set_state(JsonObject *args, Error **errp);

G_END_DECLS

#endif
