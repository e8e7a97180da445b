/*
 * QOM properties (qom/object.h): instance and class property tables,
 * get/set through visitors, defaults, and the typed helpers (bool, str,
 * uintN pointers, aliases). Child and link properties, which make up the
 * composition tree, are in object-tree.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qerror.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/string-input-visitor.h"
#include "qapi/string-output-visitor.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "qom/qom-qobject.h"
#include "qom-internal.h"

void qom_property_free(gpointer data)
{
    ObjectProperty *prop = data;

    qobject_unref(prop->defval);
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop);
}

bool qom_property_is_child(const ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "child<");
}

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    ObjectProperty *prop;

    /* "name[*]": the first free "name[N]". */
    if (g_str_has_suffix(name, "[*]")) {
        g_autofree char *base = g_strndup(name, strlen(name) - 3);
        int i;

        for (i = 0; i < INT16_MAX; i++) {
            g_autofree char *full_name = g_strdup_printf("%s[%d]", base, i);

            if (!object_property_find(obj, full_name)) {
                return object_property_try_add(obj, full_name, type, get,
                                               set, release, opaque, errp);
            }
        }
        error_setg(errp, "too many properties '%s' in object (type '%s')",
                   name, object_get_typename(obj));
        return NULL;
    }

    if (object_property_find(obj, name)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", name, object_get_typename(obj));
        return NULL;
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release,
                                   opaque, &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        error_report("attempt to add duplicate property '%s' to class "
                     "(type '%s')", name, object_class_get_name(klass));
        abort();
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (!prop) {
        return;
    }
    if (prop->release) {
        prop->release(obj, name, prop->opaque);
    }
    g_hash_table_remove(obj->properties, name);
}

/*
 * Release properties one at a time, restarting the walk after each
 * release: a release may add or delete properties of @obj.
 */
void qom_property_del_all(Object *obj)
{
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    bool released;

    do {
        released = false;
        object_property_iter_init(&iter, obj);
        while ((prop = object_property_iter_next(&iter)) != NULL) {
            if (g_hash_table_add(done, prop) && prop->release) {
                prop->release(obj, prop->name, prop->opaque);
                released = true;
                break;
            }
        }
    } while (released);

    g_hash_table_unref(obj->properties);
    obj->properties = NULL;
}

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_class_get_name(klass), name);
    }
    return prop;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop;

    prop = object_class_property_find(object_get_class(obj), name);
    if (prop) {
        return prop;
    }
    return g_hash_table_lookup(obj->properties, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    g_hash_table_iter_init(&iter->iter, obj->properties);
    iter->nextclass = object_get_class(obj);
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    g_hash_table_iter_init(&iter->iter, klass->properties);
    iter->nextclass = object_class_get_parent(klass);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    gpointer key, val;

    while (!g_hash_table_iter_next(&iter->iter, &key, &val)) {
        if (!iter->nextclass) {
            return NULL;
        }
        g_hash_table_iter_init(&iter->iter, iter->nextclass->properties);
        iter->nextclass = object_class_get_parent(iter->nextclass);
    }
    return val;
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find_err(obj, name, &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

    if (!prop) {
        error_report("object_class_property_set_description: no property "
                     "'%s' in class '%s'", name, object_class_get_name(klass));
        return;
    }
    g_free(prop->description);
    prop->description = g_strdup(description);
}

/* --- Defaults -------------------------------------------------------- */

static void object_property_init_defval(Object *obj, ObjectProperty *prop)
{
    Visitor *v = qobject_input_visitor_new(prop->defval);

    prop->set(obj, v, prop->name, prop->opaque, &error_abort);
    visit_free(v);
}

static void object_property_set_default(ObjectProperty *prop, QObject *defval)
{
    if (prop->defval || !prop->set) {
        error_report("property '%s': %s", prop->name, prop->defval
                     ? "default set twice" : "a default needs a setter");
        abort();
    }
    prop->defval = defval;
    prop->init = object_property_init_defval;
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, QOBJECT(qbool_from_bool(value)));
}

void object_property_set_default_str(ObjectProperty *prop, const char *value)
{
    object_property_set_default(prop, QOBJECT(qstring_from_str(value)));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_int(value)));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_uint(value)));
}

void qom_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

/* --- Get and set ----------------------------------------------------- */

bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ERRP_GUARD();
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->get) {
        error_setg(errp, QERR_PERMISSION_DENIED);
        return false;
    }
    prop->get(obj, v, name, prop->opaque, errp);
    return !*errp;
}

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ERRP_GUARD();
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, QERR_PERMISSION_DENIED);
        return false;
    }
    prop->set(obj, v, name, prop->opaque, errp);
    return !*errp;
}

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp)
{
    Visitor *v = qobject_input_visitor_new(value);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp)
{
    QObject *ret = NULL;
    Visitor *v = qobject_output_visitor_new(&ret);

    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &ret);
    }
    visit_free(v);
    return ret;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    QString *qstr = qstring_from_str(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(qstr), errp);

    qobject_unref(qstr);
    return ok;
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    QObject *ret = object_property_get_qobject(obj, name, errp);
    QString *qstr = qobject_to(QString, ret);
    char *retval = NULL;

    if (ret && !qstr) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "string");
    } else if (qstr) {
        retval = g_strdup(qstring_get_str(qstr));
    }
    qobject_unref(ret);
    return retval;
}

bool object_property_set_bool(Object *obj, const char *name,
                              bool value, Error **errp)
{
    QBool *qbool = qbool_from_bool(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(qbool), errp);

    qobject_unref(qbool);
    return ok;
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    QObject *ret = object_property_get_qobject(obj, name, errp);
    QBool *qbool = qobject_to(QBool, ret);
    bool retval = false;

    if (ret && !qbool) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "boolean");
    } else if (qbool) {
        retval = qbool_get_bool(qbool);
    }
    qobject_unref(ret);
    return retval;
}

bool object_property_set_int(Object *obj, const char *name,
                             int64_t value, Error **errp)
{
    QNum *qnum = qnum_from_int(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(qnum), errp);

    qobject_unref(qnum);
    return ok;
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    QObject *ret = object_property_get_qobject(obj, name, errp);
    QNum *qnum = qobject_to(QNum, ret);
    int64_t retval = -1;

    if (ret && (!qnum || !qnum_get_try_int(qnum, &retval))) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "int");
        retval = -1;
    }
    qobject_unref(ret);
    return retval;
}

bool object_property_set_uint(Object *obj, const char *name,
                              uint64_t value, Error **errp)
{
    QNum *qnum = qnum_from_uint(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(qnum), errp);

    qobject_unref(qnum);
    return ok;
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    QObject *ret = object_property_get_qobject(obj, name, errp);
    QNum *qnum = qobject_to(QNum, ret);
    uint64_t retval = 0;

    if (ret && (!qnum || !qnum_get_try_uint(qnum, &retval))) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "uint");
        retval = 0;
    }
    qobject_unref(ret);
    return retval;
}

bool object_property_parse(Object *obj, const char *name,
                           const char *string, Error **errp)
{
    Visitor *v = string_input_visitor_new(string);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp)
{
    char *string = NULL;
    Visitor *v = string_output_visitor_new(human, &string);

    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &string);
    }
    visit_free(v);
    return string;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

/* --- Typed helpers --------------------------------------------------- */

static void property_release_data(Object *obj G_GNUC_UNUSED,
                                  const char *name G_GNUC_UNUSED, void *opaque)
{
    g_free(opaque);
}

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static void property_get_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    Error *err = NULL;
    char *value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_str(v, name, &value, errp);
    g_free(value);
}

static void property_set_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    char *value;

    if (!visit_type_str(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
    g_free(value);
}

static StringProperty *string_property_new(char *(*get)(Object *, Error **),
                                           void (*set)(Object *, const char *,
                                                       Error **))
{
    StringProperty *prop = g_new0(StringProperty, 1);

    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                            char *(*get)(Object *, Error **),
                            void (*set)(Object *, const char *, Error **))
{
    return object_property_add(obj, name, "string",
                               get ? property_get_str : NULL,
                               set ? property_set_str : NULL,
                               property_release_data,
                               string_property_new(get, set));
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                   const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *,
                                               Error **))
{
    /* Class properties live as long as the class: never released. */
    return object_class_property_add(klass, name, "string",
                                     get ? property_get_str : NULL,
                                     set ? property_set_str : NULL,
                                     NULL, string_property_new(get, set));
}

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static void property_get_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    Error *err = NULL;
    bool value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_bool(v, name, &value, errp);
}

static void property_set_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
}

static BoolProperty *bool_property_new(bool (*get)(Object *, Error **),
                                       void (*set)(Object *, bool, Error **))
{
    BoolProperty *prop = g_new0(BoolProperty, 1);

    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                            bool (*get)(Object *, Error **),
                            void (*set)(Object *, bool, Error **))
{
    return object_property_add(obj, name, "bool",
                               get ? property_get_bool : NULL,
                               set ? property_set_bool : NULL,
                               property_release_data,
                               bool_property_new(get, set));
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                    const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **))
{
    return object_class_property_add(klass, name, "bool",
                                     get ? property_get_bool : NULL,
                                     set ? property_set_bool : NULL,
                                     NULL, bool_property_new(get, set));
}

/*
 * uintN pointer properties: @opaque points at the integer. One getter
 * and setter pair per width, as the visit differs in its range check.
 */
#define DEFINE_UINT_PTR_PROPERTY(bits)                                  \
static void property_get_uint##bits##_ptr(Object *obj G_GNUC_UNUSED,     \
                                          Visitor *v, const char *name,  \
                                          void *opaque, Error **errp)    \
{                                                                        \
    uint##bits##_t value = *(uint##bits##_t *)opaque;                    \
                                                                         \
    visit_type_uint##bits(v, name, &value, errp);                        \
}                                                                        \
                                                                         \
static void property_set_uint##bits##_ptr(Object *obj G_GNUC_UNUSED,     \
                                          Visitor *v, const char *name,  \
                                          void *opaque, Error **errp)    \
{                                                                        \
    uint##bits##_t value;                                                \
                                                                         \
    if (visit_type_uint##bits(v, name, &value, errp)) {                  \
        *(uint##bits##_t *)opaque = value;                               \
    }                                                                    \
}                                                                        \
                                                                         \
ObjectProperty *object_property_add_uint##bits##_ptr(                    \
    Object *obj, const char *name, const uint##bits##_t *v,              \
    ObjectPropertyFlags flags)                                           \
{                                                                        \
    return object_property_add(obj, name, "uint" #bits,                  \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr     \
                                     : NULL,                             \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr    \
                                      : NULL,                            \
        NULL, (void *)v);                                                \
}                                                                        \
                                                                         \
ObjectProperty *object_class_property_add_uint##bits##_ptr(              \
    ObjectClass *klass, const char *name, const uint##bits##_t *v,       \
    ObjectPropertyFlags flags)                                           \
{                                                                        \
    return object_class_property_add(klass, name, "uint" #bits,          \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr     \
                                     : NULL,                             \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr    \
                                      : NULL,                            \
        NULL, (void *)v);                                                \
}

DEFINE_UINT_PTR_PROPERTY(8)
DEFINE_UINT_PTR_PROPERTY(16)
DEFINE_UINT_PTR_PROPERTY(32)
DEFINE_UINT_PTR_PROPERTY(64)

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static void property_get_alias(Object *obj G_GNUC_UNUSED, Visitor *v,
                               const char *name G_GNUC_UNUSED, void *opaque,
                               Error **errp)
{
    AliasProperty *prop = opaque;

    object_property_get(prop->target_obj, prop->target_name, v, errp);
}

static void property_set_alias(Object *obj G_GNUC_UNUSED, Visitor *v,
                               const char *name G_GNUC_UNUSED, void *opaque,
                               Error **errp)
{
    AliasProperty *prop = opaque;

    object_property_set(prop->target_obj, prop->target_name, v, errp);
}

static Object *property_resolve_alias(Object *obj G_GNUC_UNUSED, void *opaque,
                                      const char *part G_GNUC_UNUSED)
{
    AliasProperty *prop = opaque;

    return object_resolve_path_component(prop->target_obj,
                                         prop->target_name);
}

static void property_release_alias(Object *obj G_GNUC_UNUSED,
                                   const char *name G_GNUC_UNUSED,
                                   void *opaque)
{
    AliasProperty *prop = opaque;

    g_free(prop->target_name);
    g_free(prop);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target_prop, *op;
    g_autofree char *prop_type = NULL;
    AliasProperty *prop;

    target_prop = object_property_find_err(target_obj, target_name,
                                           &error_abort);
    /* An alias of a child is a link: the child has one parent. */
    if (qom_property_is_child(target_prop)) {
        prop_type = g_strdup_printf("link%s",
                                    target_prop->type + strlen("child"));
    } else {
        prop_type = g_strdup(target_prop->type);
    }

    prop = g_new0(AliasProperty, 1);
    prop->target_obj = target_obj;
    prop->target_name = g_strdup(target_name);

    op = object_property_add(obj, name, prop_type,
                             target_prop->get ? property_get_alias : NULL,
                             target_prop->set ? property_set_alias : NULL,
                             property_release_alias, prop);
    op->resolve = property_resolve_alias;
    if (target_prop->description) {
        op->description = g_strdup(target_prop->description);
    }
    return op;
}

/* --- The "type" property of every object ------------------------------ */

static char *object_get_type(Object *obj, Error **errp G_GNUC_UNUSED)
{
    return g_strdup(object_get_typename(obj));
}

void qom_object_class_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    object_class_property_add_str(klass, "type", object_get_type, NULL);
}
