/*
 * QMP trace-event-get-state and trace-event-set-state, with QEMU 7.2's
 * arguments, replies and errors (qapi/trace.json, trace/qmp.c). The
 * harness has no CPU: any "vcpu" is "invalid vCPU index N".
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "trace/control.h"
#include "qmp-trace.h"

/* QAPI's argument checks for these two commands. */
static bool check_args(JsonObject *args, const char *const *known,
                       Error **errp)
{
    g_autoptr(GList) members = args ? json_object_get_members(args) : NULL;

    for (GList *m = members; m; m = m->next) {
        if (!g_strv_contains(known, m->data)) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       (const char *)m->data);
            return false;
        }
    }
    return true;
}

/* The member @name of @args of JSON type @type, or NULL (@what for errors). */
static JsonNode *get_arg(JsonObject *args, const char *name, GType type,
                         const char *what, bool required, Error **errp)
{
    JsonNode *node = args ? json_object_get_member(args, name) : NULL;

    if (!node) {
        if (required) {
            error_setg(errp, "Parameter '%s' is missing", name);
        }
        return NULL;
    }
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != type) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, what);
    }
    return node;
}

/*
 * The "name" and "vcpu" arguments every trace command has; false with
 * @errp set on a bad one. No CPU has any index.
 */
static const char *name_and_vcpu(JsonObject *args, Error **errp)
{
    Error *err = NULL;
    JsonNode *name = get_arg(args, "name", G_TYPE_STRING, "string", true,
                             &err);
    JsonNode *vcpu;

    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    vcpu = get_arg(args, "vcpu", G_TYPE_INT64, "integer", false, &err);
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    if (vcpu) {
        error_setg(errp, "invalid vCPU index %u",
                   (unsigned)json_node_get_int(vcpu));
        return NULL;
    }
    return json_node_get_string(name);
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

JsonNode *harness_qmp_trace_event_get_state(JsonObject *args, Error **errp)
{
    static const char *const known[] = { "name", "vcpu", NULL };
    const char *name;
    JsonArray *list;
    JsonNode *ret;
    TraceEventIter iter;
    TraceEvent *ev;

    if (!check_args(args, known, errp) ||
        !(name = name_and_vcpu(args, errp)) ||
        !check_events(true, name, errp)) {
        return NULL;
    }
    list = json_array_new();
    trace_event_iter_init_pattern(&iter, name);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        JsonObject *info = json_object_new();
        JsonNode *node = json_node_new(JSON_NODE_OBJECT);
        const char *state = !trace_event_get_state_static(ev) ? "unavailable"
                          : trace_event_get_state_dynamic(ev) ? "enabled"
                          : "disabled";

        /* members in the order QEMU 7.2 prints them */
        json_object_set_string_member(info, "name", trace_event_get_name(ev));
        json_object_set_boolean_member(info, "vcpu", false);
        json_object_set_string_member(info, "state", state);
        json_node_take_object(node, info);
        /* QAPI_LIST_PREPEND: the last match comes first */
        json_array_add_element(list, node);
    }
    {
        /* reverse: json-glib has no prepend */
        JsonArray *rev = json_array_new();

        for (guint i = json_array_get_length(list); i > 0; i--) {
            json_array_add_element(rev, json_node_copy(
                json_array_get_element(list, i - 1)));
        }
        json_array_unref(list);
        list = rev;
    }
    ret = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(ret, list);
    return ret;
}

JsonNode *harness_qmp_trace_event_set_state(JsonObject *args, Error **errp)
{
    static const char *const known[] = {
        "name", "enable", "ignore-unavailable", "vcpu", NULL
    };
    Error *err = NULL;
    JsonNode *enable = NULL, *ignore = NULL, *ret;
    const char *name;
    TraceEventIter iter;
    TraceEvent *ev;

    if (!check_args(args, known, errp)) {
        return NULL;
    }
    /* QAPI visits the members in the schema's order: the first bad one */
    get_arg(args, "name", G_TYPE_STRING, "string", true, &err);
    if (!err) {
        enable = get_arg(args, "enable", G_TYPE_BOOLEAN, "boolean", true,
                         &err);
    }
    if (!err) {
        ignore = get_arg(args, "ignore-unavailable", G_TYPE_BOOLEAN,
                         "boolean", false, &err);
    }
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    if (!(name = name_and_vcpu(args, errp)) ||
        !check_events(ignore && json_node_get_boolean(ignore), name, errp)) {
        return NULL;
    }
    trace_event_iter_init_pattern(&iter, name);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        if (trace_event_get_state_static(ev)) {
            trace_event_set_state_dynamic(ev, json_node_get_boolean(enable));
        }
    }
    ret = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(ret, json_object_new());
    return ret;
}
