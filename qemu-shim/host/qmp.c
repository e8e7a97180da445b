/*
 * QMP, QEMU's JSON monitor, on chardevs (-qmp SPEC, -mon chardev=ID,
 * mode=control). Messages are split out of the byte stream by tracking
 * JSON nesting, then parsed with json-glib. The commands are those a test
 * of a CPU-less QEMU needs; replies and errors use QEMU 7.2's shapes.
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <json-glib/json-glib.h>
#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qapi/qmp/qobject.h"
#include "qom/object.h"
#include "qom/qom-qobject.h"
#include "qmp-trace.h"

#define QMP_MAX_MESSAGE (1024 * 1024)
#define QMP_MAX_DEPTH 1024
/*
 * Past this much unsent output, stop reading commands (as QEMU suspends)
 * and drop the events for that monitor (unlike QEMU, whose queue grows
 * without a bound): a peer that never reads costs at most this much.
 */
#define QMP_MAX_PENDING_OUTPUT HARNESS_QMP_MAX_PENDING_OUTPUT

typedef struct QmpMonitor {
    CharBackend chr;
    GString *inbuf;         /* bytes of the message being assembled */
    int depth;              /* JSON nesting within it */
    bool in_string, escaped;
    bool skipping;          /* dropping the rest of a message refused early */
    bool negotiated;        /* qmp_capabilities was called */
    GString *outbuf;        /* replies and events not yet taken by the peer */
    guint out_watch;        /* waiting for the peer to read, 0 if not */
} QmpMonitor;

static GPtrArray *monitors;

/* Commands reply with a JsonNode (the "return" value) or an error. */
typedef JsonNode *QmpHandler(JsonObject *args, Error **errp);

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

/* Send @msg (a JSON object), with member "id": @id_text if not NULL. */
static void qmp_send_id(QmpMonitor *mon, JsonNode *msg, const char *id_text)
{
    g_autofree char *text = json_to_string(msg, FALSE);

    if (!qemu_chr_fe_backend_connected(&mon->chr)) {
        return;
    }
    g_string_append(mon->outbuf, text);
    if (id_text) {
        /* Before the object's closing brace. */
        g_string_truncate(mon->outbuf, mon->outbuf->len - 1);
        g_string_append_printf(mon->outbuf, ",\"id\":%s}", id_text);
    }
    g_string_append(mon->outbuf, "\r\n");
    qmp_flush(mon);
}

static void qmp_send(QmpMonitor *mon, JsonNode *msg)
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

static JsonNode *object_node(JsonObject *obj)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);

    json_node_take_object(node, obj);
    return node;
}

static JsonNode *empty_return(void)
{
    return object_node(json_object_new());
}

/* Events go to every monitor that finished negotiation. */
static void qmp_broadcast_event(const char *name, JsonObject *data)
{
    gint64 now = g_get_real_time();
    JsonObject *msg = json_object_new();
    JsonObject *ts = json_object_new();
    g_autoptr(JsonNode) node = NULL;

    json_object_set_string_member(msg, "event", name);
    if (data) {
        json_object_set_object_member(msg, "data", data);
    }
    json_object_set_int_member(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(msg, "timestamp", ts);
    node = object_node(msg);
    for (guint i = 0; monitors && i < monitors->len; i++) {
        QmpMonitor *mon = g_ptr_array_index(monitors, i);

        if (mon->negotiated && mon->outbuf->len <= QMP_MAX_PENDING_OUTPUT) {
            qmp_send(mon, node);
        }
    }
}

void harness_qmp_migration_event(const char *status)
{
    JsonObject *data = json_object_new();

    json_object_set_string_member(data, "status", status);
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

static JsonObject *reason_data(const char *reason)
{
    JsonObject *data = json_object_new();

    json_object_set_boolean_member(data, "guest", false);
    json_object_set_string_member(data, "reason", reason);
    return data;
}

/* Arguments */

static const char *arg_str(JsonObject *args, const char *name, Error **errp)
{
    JsonNode *node = args ? json_object_get_member(args, name) : NULL;

    if (!node) {
        error_setg(errp, "Parameter '%s' is missing", name);
        return NULL;
    }
    if (!JSON_NODE_HOLDS_VALUE(node) ||
        json_node_get_value_type(node) != G_TYPE_STRING) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   name);
        return NULL;
    }
    return json_node_get_string(node);
}

static const char *arg_opt_str(JsonObject *args, const char *name,
                               bool *present, Error **errp)
{
    *present = args && json_object_has_member(args, name);
    return *present ? arg_str(args, name, errp) : NULL;
}

/* An optional boolean argument: false (with *errp set) if of another type. */
static bool arg_opt_bool(JsonObject *args, const char *name, bool *value,
                         Error **errp)
{
    JsonNode *node = args ? json_object_get_member(args, name) : NULL;

    if (!node) {
        return true;
    }
    if (!JSON_NODE_HOLDS_VALUE(node) ||
        json_node_get_value_type(node) != G_TYPE_BOOLEAN) {
        error_setg(errp, "Invalid parameter type for '%s', expected: boolean",
                   name);
        return false;
    }
    *value = json_node_get_boolean(node);
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

/* Conversions between QObject scalars and JSON */

static JsonNode *qobject_to_node(const QObject *obj)
{
    JsonNode *node = json_node_new(JSON_NODE_VALUE);
    int64_t i;
    uint64_t u;

    switch (obj ? qobject_type(obj) : QTYPE_QNULL) {
    case QTYPE_QBOOL:
        json_node_set_boolean(node, qbool_get_bool((const QBool *)obj));
        break;
    case QTYPE_QNUM:
        if (qnum_get_try_int((const QNum *)obj, &i)) {
            json_node_set_int(node, i);
        } else if (qnum_get_try_uint((const QNum *)obj, &u)) {
            /* json-glib holds gint64; QEMU prints the unsigned value. */
            json_node_set_double(node, (double)u);
        } else {
            json_node_set_double(node, qnum_get_double((const QNum *)obj));
        }
        break;
    case QTYPE_QSTRING:
        json_node_set_string(node, qstring_get_str((const QString *)obj));
        break;
    default:
        json_node_init_null(node);
        break;
    }
    return node;
}

static QObject *node_to_qobject(JsonNode *node, Error **errp)
{
    GType type;

    if (!JSON_NODE_HOLDS_VALUE(node)) {
        error_setg(errp, "Invalid parameter type for 'value', expected: "
                   "a scalar");
        return NULL;
    }
    type = json_node_get_value_type(node);
    if (type == G_TYPE_BOOLEAN) {
        return (QObject *)qbool_from_bool(json_node_get_boolean(node));
    } else if (type == G_TYPE_INT64) {
        return (QObject *)qnum_from_int(json_node_get_int(node));
    } else if (type == G_TYPE_DOUBLE) {
        return (QObject *)qnum_from_double(json_node_get_double(node));
    }
    return (QObject *)qstring_from_str(json_node_get_string(node));
}

/* Commands */

static JsonNode *qmp_capabilities(JsonObject *args, Error **errp)
{
    return empty_return();
}

static JsonNode *version_node(void)
{
    JsonObject *ver = json_object_new();
    JsonObject *qemu = json_object_new();

    json_object_set_int_member(qemu, "major", 7);
    json_object_set_int_member(qemu, "minor", 2);
    json_object_set_int_member(qemu, "micro", 0);
    json_object_set_object_member(ver, "qemu", qemu);
    json_object_set_string_member(ver, "package", " (qemu-shim)");
    return object_node(ver);
}

static JsonNode *query_version(JsonObject *args, Error **errp)
{
    return version_node();
}

static JsonNode *query_status(JsonObject *args, Error **errp)
{
    JsonObject *st = json_object_new();

    harness_migration_poll();
    json_object_set_string_member(st, "status", harness_run_state_name());
    json_object_set_boolean_member(st, "singlestep", false);
    json_object_set_boolean_member(st, "running", harness_running());
    return object_node(st);
}

static JsonNode *qom_list(JsonObject *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *list;
    JsonNode *node;
    Object *obj;

    if (!path || !(obj = resolve(path, errp))) {
        return NULL;
    }
    list = json_array_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        JsonObject *item = json_object_new();

        json_object_set_string_member(item, "name", prop->name);
        json_object_set_string_member(item, "type", prop->type);
        json_array_add_object_element(list, item);
    }
    node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
}

static JsonNode *qom_get(JsonObject *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    const char *name = path ? arg_str(args, "property", errp) : NULL;
    QObject *value;
    JsonNode *node;
    Object *obj;

    if (!name || !(obj = resolve(path, errp))) {
        return NULL;
    }
    value = object_property_get_qobject(obj, name, errp);
    if (!value) {
        return NULL;
    }
    node = qobject_to_node(value);
    qobject_unref_impl(value);
    return node;
}

static JsonNode *qom_set(JsonObject *args, Error **errp)
{
    const char *path = arg_str(args, "path", errp);
    const char *name = path ? arg_str(args, "property", errp) : NULL;
    JsonNode *value_node = args ? json_object_get_member(args, "value") : NULL;
    QObject *value;
    Object *obj;
    bool ok;

    if (!name || !(obj = resolve(path, errp))) {
        return NULL;
    }
    if (!value_node) {
        error_setg(errp, "Parameter 'value' is missing");
        return NULL;
    }
    value = node_to_qobject(value_node, errp);
    if (!value) {
        return NULL;
    }
    ok = object_property_set_qobject(obj, name, value, errp);
    qobject_unref_impl(value);
    return ok ? empty_return() : NULL;
}

static JsonNode *qom_list_types(JsonObject *args, Error **errp)
{
    bool has_impl, abstract = false;
    const char *implements = arg_opt_str(args, "implements", &has_impl, errp);
    GSList *classes, *l;
    JsonArray *list;
    JsonNode *node;

    if ((has_impl && !implements) ||
        !arg_opt_bool(args, "abstract", &abstract, errp)) {
        return NULL;
    }
    harness_load_installed_modules();   /* as QEMU's module_load_qom_all() */
    list = json_array_new();
    classes = object_class_get_list(implements, abstract);
    for (l = classes; l; l = l->next) {
        ObjectClass *oc = l->data;
        ObjectClass *parent = object_class_get_parent(oc);
        JsonObject *item = json_object_new();

        json_object_set_string_member(item, "name", object_class_get_name(oc));
        if (object_class_is_abstract(oc)) {
            json_object_set_boolean_member(item, "abstract", true);
        }
        if (parent) {
            json_object_set_string_member(item, "parent",
                                          object_class_get_name(parent));
        }
        json_array_add_object_element(list, item);
    }
    g_slist_free(classes);
    node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
}

static JsonNode *device_list_properties(JsonObject *args, Error **errp)
{
    const char *type = arg_str(args, "typename", errp);
    ObjectClass *oc;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *list;
    JsonNode *node;
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
    list = json_array_new();
    obj = object_new(type);
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        JsonObject *item;

        if (!strcmp(prop->name, "type") || !strcmp(prop->name, "realized") ||
            !strcmp(prop->name, "hotpluggable") ||
            !strcmp(prop->name, "hotplugged") ||
            !strcmp(prop->name, "parent_bus") ||
            g_str_has_prefix(prop->name, "legacy-")) {
            continue;
        }
        item = json_object_new();
        json_object_set_string_member(item, "name", prop->name);
        json_object_set_string_member(item, "type", prop->type);
        if (prop->description) {
            json_object_set_string_member(item, "description",
                                          prop->description);
        }
        if (prop->defval) {
            json_object_set_member(item, "default-value",
                                   qobject_to_node(prop->defval));
        }
        json_array_add_object_element(list, item);
    }
    object_unref(obj);
    node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
}

static JsonNode *system_reset(JsonObject *args, Error **errp)
{
    harness_system_reset();
    qmp_broadcast_event("RESET", reason_data("host-qmp-system-reset"));
    return empty_return();
}

/* As QEMU's: a machine that is not running (-S too) stops silently. */
static JsonNode *stop(JsonObject *args, Error **errp)
{
    harness_migration_poll();
    harness_qmp_vm_stop(HARNESS_PAUSED);
    return empty_return();
}

static JsonNode *cont(JsonObject *args, Error **errp)
{
    harness_migration_poll();
    if (!harness_running()) {
        harness_set_run_state(HARNESS_RUNNING);
        qmp_broadcast_event("RESUME", NULL);
    }
    return empty_return();
}

static JsonNode *quit(JsonObject *args, Error **errp)
{
    harness_request_quit();
    return empty_return();
}

static JsonNode *migrate(JsonObject *args, Error **errp)
{
    const char *uri = arg_str(args, "uri", errp);

    return uri && harness_migrate_to(uri, errp) ? empty_return() : NULL;
}

static JsonNode *query_migrate(JsonObject *args, Error **errp)
{
    JsonObject *st = json_object_new();
    const char *status, *error;
    int64_t setup, downtime, total;

    harness_migration_poll();
    status = harness_migration_status();
    error = harness_migration_error();

    if (status) {
        json_object_set_string_member(st, "status", status);
    }
    if (harness_migration_times(&setup, &downtime, &total)) {
        json_object_set_int_member(st, "setup-time", setup);
        json_object_set_int_member(st, "downtime", downtime);
        json_object_set_int_member(st, "total-time", total);
    }
    if (error) {
        json_object_set_string_member(st, "error-desc", error);
    }
    return object_node(st);
}

/* {"capabilities": [{"capability": NAME, "state": BOOL}, ...]} */
static JsonNode *migrate_set_capabilities(JsonObject *args, Error **errp)
{
    JsonNode *caps = args ? json_object_get_member(args, "capabilities")
                          : NULL;
    JsonArray *list;

    if (!caps) {
        error_setg(errp, "Parameter 'capabilities' is missing");
        return NULL;
    }
    if (!JSON_NODE_HOLDS_ARRAY(caps)) {
        error_setg(errp, "Invalid parameter type for 'capabilities', "
                   "expected: array");
        return NULL;
    }
    list = json_node_get_array(caps);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *item = json_array_get_element(list, i);
        JsonObject *cap;
        const char *name;
        bool state = false;

        if (!JSON_NODE_HOLDS_OBJECT(item)) {
            error_setg(errp, "Invalid parameter type for 'capabilities[%u]', "
                       "expected: object", i);
            return NULL;
        }
        cap = json_node_get_object(item);
        name = arg_str(cap, "capability", errp);
        if (!name) {
            return NULL;
        }
        if (!json_object_has_member(cap, "state")) {
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

static JsonNode *query_commands(JsonObject *args, Error **errp);

static JsonNode *chardev_send_break(JsonObject *args, Error **errp)
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

static bool arguments_known(const char *command, JsonObject *args,
                            Error **errp)
{
    const char *const *names = NULL;
    g_autoptr(GList) members = args ? json_object_get_members(args) : NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(qmp_arguments); i++) {
        if (!strcmp(command, qmp_arguments[i].command)) {
            names = qmp_arguments[i].names;
        }
    }
    for (GList *m = members; m; m = m->next) {
        bool known = false;

        for (size_t i = 0; names && i < 4 && names[i]; i++) {
            known |= !strcmp(m->data, names[i]);
        }
        if (!known) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       (const char *)m->data);
            return false;
        }
    }
    return true;
}

static JsonNode *query_commands(JsonObject *args, Error **errp)
{
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);

    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        JsonObject *item = json_object_new();

        json_object_set_string_member(item, "name", qmp_commands[i].name);
        json_array_add_object_element(list, item);
    }
    json_node_take_array(node, list);
    return node;
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

static void qmp_reply_error(QmpMonitor *mon, const char *id, const char *cls,
                            const char *desc)
{
    JsonObject *msg = json_object_new();
    JsonObject *err = json_object_new();
    g_autoptr(JsonNode) node = NULL;

    json_object_set_string_member(err, "class", cls);
    json_object_set_string_member(err, "desc", desc);
    json_object_set_object_member(msg, "error", err);
    node = object_node(msg);
    qmp_send_id(mon, node, id);
}

/*
 * The request's members, as QEMU's qmp_dispatch_check_obj() checks them:
 * "execute" a string, "arguments" an object, "id" anything, nothing else
 * (no "exec-oob": out-of-band execution is not negotiated here).
 */
static bool check_request(QmpMonitor *mon, JsonObject *req, const char *id)
{
    g_autoptr(GList) members = json_object_get_members(req);
    g_autofree char *desc = NULL;

    for (GList *m = members; m && !desc; m = m->next) {
        const char *key = m->data;
        JsonNode *v = json_object_get_member(req, key);

        if (!strcmp(key, "execute")) {
            if (!JSON_NODE_HOLDS_VALUE(v) ||
                json_node_get_value_type(v) != G_TYPE_STRING) {
                desc = g_strdup("QMP input member 'execute' must be a string");
            }
        } else if (!strcmp(key, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(v)) {
                desc = g_strdup("QMP input member 'arguments' must be an "
                                "object");
            }
        } else if (strcmp(key, "id") != 0) {
            desc = g_strdup_printf("QMP input member '%s' is unexpected", key);
        }
    }
    if (!desc && !json_object_has_member(req, "execute")) {
        desc = g_strdup("QMP input lacks member 'execute'");
    }
    if (desc) {
        qmp_reply_error(mon, id, "GenericError", desc);
        return false;
    }
    return true;
}

static void qmp_dispatch(QmpMonitor *mon, const char *text)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) gerr = NULL;
    JsonObject *req, *args = NULL;
    JsonNode *root, *id_node, *exec, *ret;
    g_autofree char *id = NULL;     /* the id's JSON text, as QEMU echoes it */
    const char *name;
    Error *err = NULL;
    bool quitting;

    if (!json_parser_load_from_data(parser, text, -1, &gerr)) {
        qmp_reply_error(mon, NULL, "GenericError", "JSON parse error");
        return;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        qmp_reply_error(mon, NULL, "GenericError",
                        "QMP input must be a JSON object");
        return;
    }
    req = json_node_get_object(root);
    id_node = json_object_get_member(req, "id");
    if (id_node) {
        id = harness_qmp_id_text(text);
        if (!id) {
            /* Not plain JSON text (an escaped key, a quote QEMU allows). */
            id = json_to_string(id_node, FALSE);
        }
    }
    if (!check_request(mon, req, id)) {
        return;
    }
    exec = json_object_get_member(req, "execute");
    if (json_object_has_member(req, "arguments")) {
        args = json_node_get_object(json_object_get_member(req, "arguments"));
    }
    name = json_node_get_string(exec);
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
        {
            JsonObject *msg = json_object_new();
            g_autoptr(JsonNode) node = NULL;

            json_object_set_member(msg, "return", ret);
            node = object_node(msg);
            qmp_send_id(mon, node, id);
        }
        if (quitting) {
            qmp_broadcast_event("SHUTDOWN", reason_data("host-qmp-quit"));
        }
        return;
    }
    {
        g_autofree char *desc = g_strdup_printf("The command %s has not been "
                                                "found", name);
        qmp_reply_error(mon, id, "CommandNotFound", desc);
    }
}

/* Split the byte stream into top-level JSON values. */
static void qmp_feed(QmpMonitor *mon, const uint8_t *buf, int size)
{
    for (int i = 0; i < size; i++) {
        char c = buf[i];
        bool complete;

        if (mon->depth == 0 && !mon->inbuf->len && !mon->skipping &&
            g_ascii_isspace(c)) {
            continue;
        }
        if (!mon->skipping) {
            g_string_append_c(mon->inbuf, c);
        }
        if (mon->in_string) {
            if (mon->escaped) {
                mon->escaped = false;
            } else if (c == '\\') {
                mon->escaped = true;
            } else if (c == '"') {
                mon->in_string = false;
            }
        } else if (c == '"') {
            mon->in_string = true;
        } else if (c == '{' || c == '[') {
            mon->depth++;
        } else if (c == '}' || c == ']') {
            mon->depth--;
        }
        complete = mon->depth <= 0 && !mon->in_string &&
                   (c == '}' || c == ']' || (mon->depth == 0 && c == '\n'));
        if (!complete && !mon->skipping &&
            (mon->depth > QMP_MAX_DEPTH || mon->inbuf->len > QMP_MAX_MESSAGE)) {
            /*
             * Too deep or too long: refuse it now, and keep following its
             * nesting without storing it, so that the next message is read
             * from its start instead of from the middle of this one.
             */
            qmp_reply_error(mon, NULL, "GenericError", "JSON parse error");
            g_string_truncate(mon->inbuf, 0);
            mon->skipping = true;
        }
        if (complete) {
            if (mon->skipping) {
                /* already answered */
            } else if (mon->depth == 0) {
                qmp_dispatch(mon, mon->inbuf->str);
            } else {
                qmp_reply_error(mon, NULL, "GenericError", "JSON parse error");
            }
            g_string_truncate(mon->inbuf, 0);
            mon->depth = 0;
            mon->in_string = mon->escaped = mon->skipping = false;
        }
    }
}

static int qmp_can_read(void *opaque)
{
    QmpMonitor *mon = opaque;

    return mon->outbuf->len > QMP_MAX_PENDING_OUTPUT ? 0 : 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int size)
{
    qmp_feed(opaque, buf, size);
}

static void qmp_event(void *opaque, QEMUChrEvent event)
{
    QmpMonitor *mon = opaque;

    if (event == CHR_EVENT_OPENED) {
        JsonObject *greeting = json_object_new();
        JsonObject *qmp = json_object_new();
        JsonArray *caps = json_array_new();
        g_autoptr(JsonNode) node = NULL;

        mon->negotiated = false;
        g_string_truncate(mon->inbuf, 0);
        mon->depth = 0;
        mon->in_string = mon->escaped = mon->skipping = false;
        json_object_set_member(qmp, "version", version_node());
        json_array_add_string_element(caps, "oob");
        json_object_set_array_member(qmp, "capabilities", caps);
        json_object_set_object_member(greeting, "QMP", qmp);
        node = object_node(greeting);
        qmp_send(mon, node);
    } else if (event == CHR_EVENT_CLOSED) {
        mon->negotiated = false;
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
    mon->inbuf = g_string_new(NULL);
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
