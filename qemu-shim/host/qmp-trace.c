/*
 * QMP trace-event-get-state and trace-event-set-state, with QEMU 7.2's
 * arguments, replies and errors (qapi/trace.json, trace/qmp.c). The
 * harness has no CPU: any "vcpu" is "invalid vCPU index N".
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "trace/control.h"
#include "qmp-trace.h"

/* QAPI's argument checks for these two commands. */
static bool check_args(QDict *args, const char *const *known, Error **errp)
{
    for (const QDictEntry *e = args ? qdict_first(args) : NULL; e;
         e = qdict_next(args, e)) {
        if (!g_strv_contains(known, qdict_entry_key(e))) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

/* The member @name of @args, of QType @type, or NULL (@what for errors). */
static QObject *get_arg(QDict *args, const char *name, QType type,
                        const char *what, bool required, Error **errp)
{
    QObject *arg = args ? qdict_get(args, name) : NULL;

    if (!arg) {
        if (required) {
            error_setg(errp, "Parameter '%s' is missing", name);
        }
        return NULL;
    }
    if (qobject_type(arg) != type) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, what);
    }
    return arg;
}

/*
 * The "name" and "vcpu" arguments every trace command has; false with
 * @errp set on a bad one. No CPU has any index.
 */
static const char *name_and_vcpu(QDict *args, Error **errp)
{
    Error *err = NULL;
    QObject *name = get_arg(args, "name", QTYPE_QSTRING, "string", true,
                            &err);
    QObject *vcpu;
    int64_t index;

    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    vcpu = get_arg(args, "vcpu", QTYPE_QNUM, "integer", false, &err);
    if (!err && vcpu && !qnum_get_try_int(qobject_to(QNum, vcpu), &index)) {
        /* QAPI's int visitor: a double, or beyond int64 */
        error_setg(&err, "Invalid parameter type for 'vcpu', expected: "
                   "integer");
    }
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    if (vcpu) {
        error_setg(errp, "invalid vCPU index %u", (unsigned)index);
        return NULL;
    }
    return qstring_get_str(qobject_to(QString, name));
}

/* As 7.2's check_events() without vCPUs. */
static bool check_events(bool ignore_unavailable, const char *name,
                         Error **errp)
{
    TraceEventIter iter;
    TraceEvent *ev;

    if (!trace_event_is_pattern(name)) {
        ev = trace_event_name(name);
        if (!ev) {
            error_setg(errp, "unknown event \"%s\"", name);
            return false;
        }
        if (!ignore_unavailable && !trace_event_get_state_static(ev)) {
            error_setg(errp, "event \"%s\" is disabled", name);
            return false;
        }
        return true;
    }
    trace_event_iter_init_pattern(&iter, name);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        if (!ignore_unavailable && !trace_event_get_state_static(ev)) {
            error_setg(errp, "event \"%s\" is disabled",
                       trace_event_get_name(ev));
            return false;
        }
    }
    return true;
}

QObject *harness_qmp_trace_event_get_state(QDict *args, Error **errp)
{
    static const char *const known[] = { "name", "vcpu", NULL };
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    const char *name;
    QList *list;
    TraceEventIter iter;
    TraceEvent *ev;

    if (!check_args(args, known, errp) ||
        !(name = name_and_vcpu(args, errp)) ||
        !check_events(true, name, errp)) {
        return NULL;
    }
    trace_event_iter_init_pattern(&iter, name);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        QDict *info = qdict_new();
        const char *state = !trace_event_get_state_static(ev) ? "unavailable"
                          : trace_event_get_state_dynamic(ev) ? "enabled"
                          : "disabled";

        /* TraceEventInfo's members in QAPI's schema order */
        qdict_put_str(info, "name", trace_event_get_name(ev));
        qdict_put_str(info, "state", state);
        qdict_put_bool(info, "vcpu", false);
        g_ptr_array_add(found, info);
    }
    /* QAPI_LIST_PREPEND: the last match comes first */
    list = qlist_new();
    for (guint i = found->len; i > 0; i--) {
        qlist_append(list, g_ptr_array_index(found, i - 1));
    }
    return QOBJECT(list);
}

QObject *harness_qmp_trace_event_set_state(QDict *args, Error **errp)
{
    static const char *const known[] = {
        "name", "enable", "ignore-unavailable", "vcpu", NULL
    };
    Error *err = NULL;
    QObject *enable = NULL, *ignore = NULL;
    const char *name;
    TraceEventIter iter;
    TraceEvent *ev;

    if (!check_args(args, known, errp)) {
        return NULL;
    }
    /* QAPI visits the members in the schema's order: the first bad one */
    get_arg(args, "name", QTYPE_QSTRING, "string", true, &err);
    if (!err) {
        enable = get_arg(args, "enable", QTYPE_QBOOL, "boolean", true, &err);
    }
    if (!err) {
        ignore = get_arg(args, "ignore-unavailable", QTYPE_QBOOL, "boolean",
                         false, &err);
    }
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    if (!(name = name_and_vcpu(args, errp)) ||
        !check_events(ignore && qbool_get_bool(qobject_to(QBool, ignore)),
                      name, errp)) {
        return NULL;
    }
    trace_event_iter_init_pattern(&iter, name);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        if (trace_event_get_state_static(ev)) {
            trace_event_set_state_dynamic(
                ev, qbool_get_bool(qobject_to(QBool, enable)));
        }
    }
    return QOBJECT(qdict_new());
}
