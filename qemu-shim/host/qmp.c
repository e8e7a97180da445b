/*
 * QMP, QEMU's JSON monitor, on chardevs (-qmp SPEC, -mon chardev=ID,
 * mode=control). Messages are split out of the byte stream and parsed as
 * QEMU's monitor does (qapi/qmp/json-parser.h, its errors and recovery
 * from them included). The commands
 * are those a test of a CPU-less QEMU needs; replies and errors use QEMU
 * 7.2's shapes, and its text: QDict's member order, QEMU's escapes.
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <math.h>
#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/json-parser.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qom/object.h"
#include "qom/qom-qobject.h"
#include "qmp-trace.h"

/*
 * Past this much unsent output, stop reading commands (as QEMU suspends)
 * and drop the events for that monitor (unlike QEMU, whose queue grows
 * without a bound): a peer that never reads costs at most this much.
 */
#define QMP_MAX_PENDING_OUTPUT HARNESS_QMP_MAX_PENDING_OUTPUT

typedef struct QmpMonitor {
    CharBackend chr;
    JSONMessageParser parser;
    bool negotiated;        /* qmp_capabilities was called */
    GString *outbuf;        /* replies and events not yet taken by the peer */
    guint out_watch;        /* waiting for the peer to read, 0 if not */
} QmpMonitor;

static GPtrArray *monitors;

/* Commands reply with a QObject (the "return" value) or an error. */
typedef QObject *QmpHandler(QDict *args, Error **errp);

static void qmp_flush(QmpMonitor *mon);

static gboolean qmp_writable(void *do_not_use, GIOCondition cond, void *opaque)
{
    QmpMonitor *mon = opaque;

    mon->out_watch = 0;
    qmp_flush(mon);
    return G_SOURCE_REMOVE;
}

/*
 * Write what the peer takes without blocking; the rest waits for it to
 * become writable. A peer that never reads stalls only its own monitor.
 */
static void qmp_flush(QmpMonitor *mon)
{
    bool was_full = mon->outbuf->len > QMP_MAX_PENDING_OUTPUT;

    while (mon->outbuf->len) {
        int n = qemu_chr_fe_write(&mon->chr, (const uint8_t *)mon->outbuf->str,
                                  mon->outbuf->len);
        if (n <= 0) {
            break;
        }
        g_string_erase(mon->outbuf, 0, n);
    }
    if (mon->outbuf->len && !mon->out_watch) {
        mon->out_watch = qemu_chr_fe_add_watch(&mon->chr, G_IO_OUT | G_IO_HUP,
                                               qmp_writable, mon);
        if (!mon->out_watch) {
            g_string_truncate(mon->outbuf, 0);     /* nobody to wait for */
        }
    }
    if (was_full && mon->outbuf->len <= QMP_MAX_PENDING_OUTPUT) {
        qemu_chr_fe_accept_input(&mon->chr);
    }
}

/*
 * A reply whose "id" holds a number beyond a double (1e400), which QEMU
 * prints as the non-JSON "inf": the members one by one, in the dict's
 * order, with the id as the peer sent it (harness_qmp_id_text()).
 */
static void append_with_id_text(GString *out, const QDict *msg,
                                const char *id_text)
{
    g_string_append_c(out, '{');
    for (const QDictEntry *e = qdict_first(msg); e; e = qdict_next(msg, e)) {
        g_autoptr(GString) value = NULL;

        if (e != qdict_first(msg)) {
            g_string_append(out, ", ");
        }
        g_string_append_printf(out, "\"%s\": ", qdict_entry_key(e));
        if (!strcmp(qdict_entry_key(e), "id")) {
            g_string_append(out, id_text);
        } else {
            value = qobject_to_json(qdict_entry_value(e));
            g_string_append_len(out, value->str, value->len);
        }
    }
    g_string_append_c(out, '}');
}

/* Send @msg (takes the reference), its "id" written as @id_text if set. */
static void qmp_send_id(QmpMonitor *mon, QDict *msg, const char *id_text)
{
    if (qemu_chr_fe_backend_connected(&mon->chr)) {
        if (id_text) {
            append_with_id_text(mon->outbuf, msg, id_text);
        } else {
            g_autoptr(GString) text = qobject_to_json(QOBJECT(msg));

            g_string_append_len(mon->outbuf, text->str, text->len);
        }
        g_string_append(mon->outbuf, "\r\n");
        qmp_flush(mon);
    }
    qobject_unref(msg);
}

static void qmp_send(QmpMonitor *mon, QDict *msg)
{
    qmp_send_id(mon, msg, NULL);
}

/*
 * Before the harness exits: give every peer what it takes without
 * blocking, and drop the rest, as QEMU does when it exits. A peer that
 * never reads cannot hold the exit up.
 */
void harness_qmp_flush_all(void)
{
    for (guint i = 0; monitors && i < monitors->len; i++) {
        QmpMonitor *mon = g_ptr_array_index(monitors, i);

        g_clear_handle_id(&mon->out_watch, g_source_remove);
        while (mon->outbuf->len && qemu_chr_fe_backend_connected(&mon->chr)) {
            int n = qemu_chr_fe_write(&mon->chr,
                                      (const uint8_t *)mon->outbuf->str,
                                      mon->outbuf->len);
            if (n <= 0) {
                break;
            }
            g_string_erase(mon->outbuf, 0, n);
        }
        g_string_truncate(mon->outbuf, 0);
    }
}

static QObject *empty_return(void)
{
    return QOBJECT(qdict_new());
}

/* Events (@data: the reference is taken) go to every monitor that finished
 * negotiation. */
static void qmp_broadcast_event(const char *name, QDict *data)
{
    gint64 now = g_get_real_time();
    QDict *msg = qdict_new();
    QDict *ts = qdict_new();

    qdict_put_int(ts, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
    qdict_put(msg, "timestamp", ts);
    qdict_put_str(msg, "event", name);
    if (data) {
        qdict_put(msg, "data", data);
    }
    for (guint i = 0; monitors && i < monitors->len; i++) {
        QmpMonitor *mon = g_ptr_array_index(monitors, i);

        if (mon->negotiated && mon->outbuf->len <= QMP_MAX_PENDING_OUTPUT) {
            qmp_send(mon, qobject_ref(msg));
        }
    }
    qobject_unref(msg);
}

void harness_qmp_migration_event(const char *status)
{
    QDict *data = qdict_new();

    qdict_put_str(data, "status", status);
    qmp_broadcast_event("MIGRATION", data);
}

void harness_qmp_vm_stop(HarnessRunState state)
{
    bool was_running = harness_running();

    harness_set_run_state(state);
    if (was_running) {
        qmp_broadcast_event("STOP", NULL);
    }
}

static QDict *reason_data(const char *reason)
{
    QDict *data = qdict_new();

    qdict_put_bool(data, "guest", false);
    qdict_put_str(data, "reason", reason);
    return data;
}

/* Arguments */

static const char *arg_str(QDict *args, const char *name, Error **errp)
{
    QObject *arg = args ? qdict_get(args, name) : NULL;

    if (!arg) {
        error_setg(errp, "Parameter '%s' is missing", name);
        return NULL;
    }
    if (!qobject_to(QString, arg)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   name);
        return NULL;
    }
    return qstring_get_str(qobject_to(QString, arg));
}

static const char *arg_opt_str(QDict *args, const char *name,
                               bool *present, Error **errp)
{
    *present = args && qdict_haskey(args, name);
    return *present ? arg_str(args, name, errp) : NULL;
}

/* An optional boolean argument: false (with *errp set) if of another type. */
static bool arg_opt_bool(QDict *args, const char *name, bool *value,
                         Error **errp)
{
    QObject *arg = args ? qdict_get(args, name) : NULL;

    if (!arg) {
        return true;
    }
    if (!qobject_to(QBool, arg)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: boolean",
                   name);
        return false;
    }
    *value = qbool_get_bool(qobject_to(QBool, arg));
    return true;
}

static Object *resolve(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

/* Commands */

static QObject *qmp_capabilities(QDict *args, Error **errp)
{
    return empty_return();
}

/* Members put in QAPI's schema order: "minor" and "micro" share a bucket. */
static QDict *version_dict(void)
{
    QDict *ver = qdict_new();
    QDict *qemu = qdict_new();

    qdict_put_int(qemu, "major", 7);
    qdict_put_int(qemu, "minor", 2);
    qdict_put_int(qemu, "micro", 0);
    qdict_put(ver, "qemu", qemu);
    qdict_put_str(ver, "package", " (qemu-shim)");
    return ver;
}

static QObject *query_version(QDict *args, Error **errp)
{
    return QOBJECT(version_dict());
}

static QObject *query_status(QDict *args, Error **errp)
{
    QDict *st = qdict_new();

    harness_migration_poll();
    /* StatusInfo's order: "singlestep" and "status" share a bucket. */
    qdict_put_bool(st, "running", harness_running());
    qdict_put_bool(st, "singlestep", false);
    qdict_put_str(st, "status", harness_run_state_name());
    return QOBJECT(st);
}

static QObject *qom_list(QDict *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    QList *list;
    Object *obj;

    if (!path || !(obj = resolve(path, errp))) {
        return NULL;
    }
    list = qlist_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        QDict *item = qdict_new();

        qdict_put_str(item, "name", prop->name);
        qdict_put_str(item, "type", prop->type);
        qlist_append(list, item);
    }
    return QOBJECT(list);
}

static QObject *qom_get(QDict *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    const char *name = path ? arg_str(args, "property", errp) : NULL;
    Object *obj;

    if (!name || !(obj = resolve(path, errp))) {
        return NULL;
    }
    return object_property_get_qobject(obj, name, errp);
}

static QObject *qom_set(QDict *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    const char *name = path ? arg_str(args, "property", errp) : NULL;
    QObject *value = args ? qdict_get(args, "value") : NULL;
    Object *obj;

    if (!name || !(obj = resolve(path, errp))) {
        return NULL;
    }
    if (!value) {
        error_setg(errp, "Parameter 'value' is missing");
        return NULL;
    }
    /* The shim's properties are scalars; null is none of them either. */
    if (qobject_type(value) == QTYPE_QDICT ||
        qobject_type(value) == QTYPE_QLIST ||
        qobject_type(value) == QTYPE_QNULL) {
        error_setg(errp, "Invalid parameter type for 'value', expected: "
                   "a scalar");
        return NULL;
    }
    return object_property_set_qobject(obj, name, value, errp) ?
           empty_return() : NULL;
}

static QObject *qom_list_types(QDict *args, Error **errp)
{
    bool has_impl, abstract = false;
    const char *implements = arg_opt_str(args, "implements", &has_impl, errp);
    GSList *classes, *l;
    QList *list;

    if ((has_impl && !implements) ||
        !arg_opt_bool(args, "abstract", &abstract, errp)) {
        return NULL;
    }
    harness_load_installed_modules();   /* as QEMU's module_load_qom_all() */
    list = qlist_new();
    classes = object_class_get_list(implements, abstract);
    for (l = classes; l; l = l->next) {
        ObjectClass *oc = l->data;
        ObjectClass *parent = object_class_get_parent(oc);
        QDict *item = qdict_new();

        qdict_put_str(item, "name", object_class_get_name(oc));
        if (object_class_is_abstract(oc)) {
            qdict_put_bool(item, "abstract", true);
        }
        if (parent) {
            qdict_put_str(item, "parent", object_class_get_name(parent));
        }
        qlist_append(list, item);
    }
    g_slist_free(classes);
    return QOBJECT(list);
}

static QObject *device_list_properties(QDict *args, Error **errp)
{
    const char *type = arg_str(args, "typename", errp);
    ObjectClass *oc;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    QList *list;
    Object *obj;

    if (!type) {
        return NULL;
    }
    oc = object_class_by_name(type);
    if (!oc) {
        /* As QEMU's module_object_class_by_name(). */
        harness_load_installed_modules();
        oc = object_class_by_name(type);
    }
    if (!oc) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  type);
        return NULL;
    }
    if (!object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'typename' expects a non-abstract device "
                   "type");
        return NULL;
    }
    list = qlist_new();
    obj = object_new(type);
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        QDict *item;

        if (!strcmp(prop->name, "type") || !strcmp(prop->name, "realized") ||
            !strcmp(prop->name, "hotpluggable") ||
            !strcmp(prop->name, "hotplugged") ||
            !strcmp(prop->name, "parent_bus") ||
            g_str_has_prefix(prop->name, "legacy-")) {
            continue;
        }
        item = qdict_new();
        qdict_put_str(item, "name", prop->name);
        qdict_put_str(item, "type", prop->type);
        if (prop->description) {
            qdict_put_str(item, "description", prop->description);
        }
        if (prop->defval) {
            qdict_put_obj(item, "default-value", qobject_ref(prop->defval));
        }
        qlist_append(list, item);
    }
    object_unref(obj);
    return QOBJECT(list);
}

static QObject *system_reset(QDict *args, Error **errp)
{
    harness_system_reset();
    qmp_broadcast_event("RESET", reason_data("host-qmp-system-reset"));
    return empty_return();
}

/* As QEMU's: a machine that is not running (-S too) stops silently. */
static QObject *stop(QDict *args, Error **errp)
{
    harness_migration_poll();
    harness_qmp_vm_stop(HARNESS_PAUSED);
    return empty_return();
}

static QObject *cont(QDict *args, Error **errp)
{
    harness_migration_poll();
    if (!harness_running()) {
        harness_set_run_state(HARNESS_RUNNING);
        qmp_broadcast_event("RESUME", NULL);
    }
    return empty_return();
}

static QObject *quit(QDict *args, Error **errp)
{
    harness_request_quit();
    return empty_return();
}

static QObject *migrate(QDict *args, Error **errp)
{
    const char *uri = arg_str(args, "uri", errp);

    return uri && harness_migrate_to(uri, errp) ? empty_return() : NULL;
}

static QObject *query_migrate(QDict *args, Error **errp)
{
    QDict *st = qdict_new();
    const char *status, *error;
    int64_t setup, downtime, total;

    harness_migration_poll();
    status = harness_migration_status();
    error = harness_migration_error();

    if (status) {
        qdict_put_str(st, "status", status);
    }
    if (harness_migration_times(&setup, &downtime, &total)) {
        qdict_put_int(st, "setup-time", setup);
        qdict_put_int(st, "downtime", downtime);
        qdict_put_int(st, "total-time", total);
    }
    if (error) {
        qdict_put_str(st, "error-desc", error);
    }
    return QOBJECT(st);
}

/* {"capabilities": [{"capability": NAME, "state": BOOL}, ...]} */
static QObject *migrate_set_capabilities(QDict *args, Error **errp)
{
    QObject *caps = args ? qdict_get(args, "capabilities") : NULL;
    const QListEntry *entry;
    unsigned i = 0;

    if (!caps) {
        error_setg(errp, "Parameter 'capabilities' is missing");
        return NULL;
    }
    if (!qobject_to(QList, caps)) {
        error_setg(errp, "Invalid parameter type for 'capabilities', "
                   "expected: array");
        return NULL;
    }
    for (entry = qlist_first(qobject_to(QList, caps)); entry;
         entry = qlist_next(entry), i++) {
        QDict *cap = qobject_to(QDict, qlist_entry_obj(entry));
        const char *name;
        bool state = false;

        if (!cap) {
            error_setg(errp, "Invalid parameter type for 'capabilities[%u]', "
                       "expected: object", i);
            return NULL;
        }
        name = arg_str(cap, "capability", errp);
        if (!name) {
            return NULL;
        }
        if (!qdict_haskey(cap, "state")) {
            error_setg(errp, "Parameter 'state' is missing");
            return NULL;
        }
        if (!arg_opt_bool(cap, "state", &state, errp) ||
            !harness_migration_set_capability(name, state, errp)) {
            return NULL;
        }
    }
    return empty_return();
}

static QObject *query_commands(QDict *args, Error **errp);

static QObject *chardev_send_break(QDict *args, Error **errp)
{
    const char *id = arg_str(args, "id", errp);

    return id && qemu_shim_chr_send_break(id, errp) ? empty_return() : NULL;
}

static const struct {
    const char *name;
    QmpHandler *run;
} qmp_commands[] = {
    { "qmp_capabilities", qmp_capabilities },
    { "query-version", query_version },
    { "query-status", query_status },
    { "qom-list", qom_list },
    { "qom-get", qom_get },
    { "qom-set", qom_set },
    { "qom-list-types", qom_list_types },
    { "device-list-properties", device_list_properties },
    { "system_reset", system_reset },
    { "stop", stop },
    { "cont", cont },
    { "quit", quit },
    { "migrate", migrate },
    { "query-migrate", query_migrate },
    { "migrate-set-capabilities", migrate_set_capabilities },
    { "query-commands", query_commands },
    { "chardev-send-break", chardev_send_break },
    { "trace-event-get-state", harness_qmp_trace_event_get_state },
    { "trace-event-set-state", harness_qmp_trace_event_set_state },
};

/*
 * The arguments each command takes (QEMU's QAPI schema): any other is
 * refused as QEMU's visitor refuses it. Commands not listed take none.
 */
static const struct {
    const char *command;
    const char *const names[4];
} qmp_arguments[] = {
    { "qom-list", { "path" } },
    { "qom-get", { "path", "property" } },
    { "qom-set", { "path", "property", "value" } },
    { "qom-list-types", { "implements", "abstract" } },
    { "device-list-properties", { "typename" } },
    { "migrate", { "uri", "blk", "inc", "detach" } },
    { "migrate-set-capabilities", { "capabilities" } },
    { "chardev-send-break", { "id" } },
    { "trace-event-get-state", { "name", "vcpu" } },
    { "trace-event-set-state",
      { "name", "enable", "ignore-unavailable", "vcpu" } },
};

static bool arguments_known(const char *command, QDict *args,
                            Error **errp)
{
    const char *const *names = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(qmp_arguments); i++) {
        if (!strcmp(command, qmp_arguments[i].command)) {
            names = qmp_arguments[i].names;
        }
    }
    /* In the dict's order, as QEMU's visitor finds the first one. */
    for (const QDictEntry *e = args ? qdict_first(args) : NULL; e;
         e = qdict_next(args, e)) {
        bool known = false;

        for (size_t i = 0; names && i < 4 && names[i]; i++) {
            known |= !strcmp(qdict_entry_key(e), names[i]);
        }
        if (!known) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

static QObject *query_commands(QDict *args, Error **errp)
{
    QList *list = qlist_new();

    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        QDict *item = qdict_new();

        qdict_put_str(item, "name", qmp_commands[i].name);
        qlist_append(list, item);
    }
    return QOBJECT(list);
}

static const char *error_class_name(const Error *err)
{
    switch (error_get_class(err)) {
    case ERROR_CLASS_COMMAND_NOT_FOUND:
        return "CommandNotFound";
    case ERROR_CLASS_DEVICE_NOT_ACTIVE:
        return "DeviceNotActive";
    case ERROR_CLASS_DEVICE_NOT_FOUND:
        return "DeviceNotFound";
    case ERROR_CLASS_KVM_MISSING_CAP:
        return "KVMMissingCap";
    default:
        return "GenericError";
    }
}

const char *harness_qmp_command(size_t i)
{
    return i < G_N_ELEMENTS(qmp_commands) ? qmp_commands[i].name : NULL;
}

/* The request's "id", echoed in its reply. */
typedef struct QmpId {
    QObject *value;         /* borrowed from the request; NULL: none */
    char *text;             /* as sent, if QEMU would print "inf" */
} QmpId;

/* Send @msg (takes the reference) with the request's id. */
static void qmp_reply(QmpMonitor *mon, QDict *msg, const QmpId *id)
{
    if (id->value) {
        qdict_put_obj(msg, "id", qobject_ref(id->value));
    }
    qmp_send_id(mon, msg, id->text);
}

static void qmp_reply_error(QmpMonitor *mon, const QmpId *id, const char *cls,
                            const char *desc)
{
    QDict *msg = qdict_new();
    QDict *err = qdict_new();

    qdict_put_str(err, "class", cls);
    qdict_put_str(err, "desc", desc);
    qdict_put(msg, "error", err);
    qmp_reply(mon, msg, id);
}

/*
 * The request's members, as QEMU's qmp_dispatch_check_obj() checks them
 * (in the dict's order: the first bad one is reported): "execute" a
 * string, "arguments" an object, "id" anything, nothing else (no
 * "exec-oob": out-of-band execution is not negotiated here).
 */
static bool check_request(QmpMonitor *mon, QDict *req, const QmpId *id)
{
    g_autofree char *desc = NULL;

    for (const QDictEntry *e = qdict_first(req); e && !desc;
         e = qdict_next(req, e)) {
        const char *key = qdict_entry_key(e);
        QObject *v = qdict_entry_value(e);

        if (!strcmp(key, "execute")) {
            if (!qobject_to(QString, v)) {
                desc = g_strdup("QMP input member 'execute' must be a string");
            }
        } else if (!strcmp(key, "arguments")) {
            if (!qobject_to(QDict, v)) {
                desc = g_strdup("QMP input member 'arguments' must be an "
                                "object");
            }
        } else if (strcmp(key, "id") != 0) {
            desc = g_strdup_printf("QMP input member '%s' is unexpected", key);
        }
    }
    if (!desc && !qdict_haskey(req, "execute")) {
        desc = g_strdup("QMP input lacks member 'execute'");
    }
    if (desc) {
        qmp_reply_error(mon, id, "GenericError", desc);
        return false;
    }
    return true;
}

/* Whether @obj holds a number QEMU would print as "inf" or "nan". */
static bool holds_non_finite(const QObject *obj)
{
    const QNum *num = qobject_to(QNum, obj);

    if (num) {
        return num->kind == QNUM_DOUBLE && !isfinite(num->u.dbl);
    }
    if (qobject_to(QDict, obj)) {
        const QDict *dict = qobject_to(QDict, obj);

        for (const QDictEntry *e = qdict_first(dict); e;
             e = qdict_next(dict, e)) {
            if (holds_non_finite(qdict_entry_value(e))) {
                return true;
            }
        }
    } else if (qobject_to(QList, obj)) {
        for (const QListEntry *e = qlist_first(qobject_to(QList, obj)); e;
             e = qlist_next(e)) {
            if (holds_non_finite(qlist_entry_obj(e))) {
                return true;
            }
        }
    }
    return false;
}

/* Run the command @req names, and reply. */
static void qmp_execute(QmpMonitor *mon, QDict *req, const QmpId *id)
{
    const char *name = qdict_get_str(req, "execute");
    QDict *args = qdict_get_qdict(req, "arguments");
    g_autofree char *desc = NULL;
    Error *err = NULL;
    QObject *ret;

    if (!mon->negotiated && strcmp(name, "qmp_capabilities") != 0) {
        qmp_reply_error(mon, id, "CommandNotFound",
                        "Expecting capabilities negotiation with "
                        "'qmp_capabilities'");
        return;
    }
    if (mon->negotiated && strcmp(name, "qmp_capabilities") == 0) {
        qmp_reply_error(mon, id, "CommandNotFound",
                        "Capabilities negotiation is already complete, "
                        "command ignored");
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        QDict *msg;
        bool quitting;

        if (strcmp(name, qmp_commands[i].name) != 0) {
            continue;
        }
        ret = arguments_known(name, args, &err) ?
              qmp_commands[i].run(args, &err) : NULL;
        if (!ret) {
            qmp_reply_error(mon, id, error_class_name(err),
                            error_get_pretty(err));
            error_free(err);
            return;
        }
        if (strcmp(name, "qmp_capabilities") == 0) {
            mon->negotiated = true;
        }
        quitting = strcmp(name, "quit") == 0;
        msg = qdict_new();
        qdict_put_obj(msg, "return", ret);
        qmp_reply(mon, msg, id);
        if (quitting) {
            qmp_broadcast_event("SHUTDOWN", reason_data("host-qmp-quit"));
        }
        return;
    }
    desc = g_strdup_printf("The command %s has not been found", name);
    qmp_reply_error(mon, id, "CommandNotFound", desc);
}

/* A message out of the parser (QEMU's handle_qmp_command()). */
static void qmp_dispatch(void *opaque, QObject *root, Error *err)
{
    static const QmpId no_id;
    QmpMonitor *mon = opaque;
    QDict *req = qobject_to(QDict, root);
    QmpId id = { 0 };

    if (err) {
        qmp_reply_error(mon, &no_id, "GenericError", error_get_pretty(err));
        error_free(err);
        return;
    }
    if (!req) {
        qmp_reply_error(mon, &no_id, "GenericError",
                        "QMP input must be a JSON object");
        qobject_unref(root);
        return;
    }
    id.value = qdict_get(req, "id");
    if (id.value && holds_non_finite(id.value)) {
        id.text = harness_qmp_id_text(json_message_parser_text(&mon->parser));
    }
    if (check_request(mon, req, &id)) {
        qmp_execute(mon, req, &id);
    }
    g_free(id.text);
    qobject_unref(root);
}

static int qmp_can_read(void *opaque)
{
    QmpMonitor *mon = opaque;

    return mon->outbuf->len > QMP_MAX_PENDING_OUTPUT ? 0 : 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int size)
{
    QmpMonitor *mon = opaque;

    json_message_parser_feed(&mon->parser, (const char *)buf, size);
}

static void qmp_event(void *opaque, QEMUChrEvent event)
{
    QmpMonitor *mon = opaque;

    if (event == CHR_EVENT_OPENED) {
        QDict *greeting = qdict_new();
        QDict *qmp = qdict_new();
        QList *caps = qlist_new();

        mon->negotiated = false;
        json_message_parser_reset(&mon->parser);
        qdict_put(qmp, "version", version_dict());
        qlist_append_str(caps, "oob");
        qdict_put(qmp, "capabilities", caps);
        qdict_put(greeting, "QMP", qmp);
        qmp_send(mon, greeting);
    } else if (event == CHR_EVENT_CLOSED) {
        mon->negotiated = false;
        json_message_parser_reset(&mon->parser);
        g_string_truncate(mon->outbuf, 0);
        g_clear_handle_id(&mon->out_watch, g_source_remove);
    }
}

static bool qmp_attach(Chardev *chr, Error **errp)
{
    QmpMonitor *mon = g_new0(QmpMonitor, 1);

    if (!qemu_chr_fe_init(&mon->chr, chr, errp)) {
        g_free(mon);
        return false;
    }
    json_message_parser_init(&mon->parser, qmp_dispatch, mon);
    mon->outbuf = g_string_new(NULL);
    if (!monitors) {
        monitors = g_ptr_array_new();
    }
    g_ptr_array_add(monitors, mon);
    qemu_chr_fe_set_handlers(&mon->chr, qmp_can_read, qmp_read, qmp_event,
                             NULL, mon, NULL, true);
    return true;
}

/* -mon chardev=ID,mode=control */
bool harness_qmp_add(const char *chardev_id, Error **errp)
{
    Chardev *chr = qemu_chr_find(chardev_id);

    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", chardev_id);
        return false;
    }
    return qmp_attach(chr, errp);
}

/* -qmp SPEC: QEMU's legacy chardev syntax, e.g. unix:PATH,server=on,wait=off */
bool harness_qmp_add_legacy(const char *spec, Error **errp)
{
    g_autofree char *label = g_strdup_printf("compat_monitor%u",
                                             monitors ? monitors->len : 0);
    Chardev *chr = qemu_chr_new(label, spec, NULL);

    if (!chr) {
        error_setg(errp, "could not connect serial device to character "
                   "backend '%s'", spec);
        return false;
    }
    return qmp_attach(chr, errp);
}
