/*
 * QMP's trace commands (qmp-trace.c), for qmp.c's command table.
 */
#ifndef HARNESS_QMP_TRACE_H
#define HARNESS_QMP_TRACE_H

#include "qemu/osdep.h"
#include "qapi/qmp/qdict.h"

G_BEGIN_DECLS

QObject *harness_qmp_trace_event_get_state(QDict *args, Error **errp);
QObject *harness_qmp_trace_event_set_state(QDict *args, Error **errp);

G_END_DECLS

#endif
