/*
 * The QOM composition tree (qom/object.h): child<> properties (a parent
 * holds a reference to each child), link<> properties (named by canonical
 * path), the root containers, canonical paths and path resolution.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qerror.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "qom-internal.h"

/* --- Children -------------------------------------------------------- */

static void object_get_child_property(Object *obj G_GNUC_UNUSED, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    Object *child = opaque;
    g_autofree char *path = object_get_canonical_path(child);

    visit_type_str(v, name, &path, errp);
}

static Object *object_resolve_child_property(Object *parent G_GNUC_UNUSED,
                                             void *opaque,
                                             const char *part G_GNUC_UNUSED)
{
    return opaque;
}

static void object_finalize_child_property(Object *obj G_GNUC_UNUSED,
                                           const char *name G_GNUC_UNUSED,
                                           void *opaque)
{
    Object *child = opaque;

    if (child->klass->unparent) {
        child->klass->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    g_autofree char *type = NULL;
    ObjectProperty *op;

    if (child->parent) {
        error_setg(errp, "cannot add object of type '%s' as child '%s' of "
                   "'%s': it already has a parent", object_get_typename(child),
                   name, object_get_typename(obj));
        return NULL;
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    op = object_property_try_add(obj, name, type, object_get_child_property,
                                 NULL, object_finalize_child_property,
                                 child, errp);
    if (!op) {
        return NULL;
    }
    op->resolve = object_resolve_child_property;
    object_ref(child);
    child->parent = obj;
    return op;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    return object_property_try_add_child(obj, name, child, &error_abort);
}

static ObjectProperty *object_find_child_property(Object *obj, Object *child)
{
    GHashTableIter iter;
    ObjectProperty *prop;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        if (qom_property_is_child(prop) && prop->opaque == child) {
            return prop;
        }
    }
    return NULL;
}

void object_unparent(Object *obj)
{
    Object *parent = obj->parent;
    ObjectProperty *prop;

    if (!parent) {
        return;
    }
    prop = object_find_child_property(parent, obj);
    g_assert(prop);
    /* As in QEMU, the child is released while its property still exists. */
    prop->release(parent, prop->name, prop->opaque);
    prop->release = NULL;
    g_hash_table_remove(parent->properties, prop->name);
}

static int do_object_child_foreach(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque, bool recurse)
{
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(
        object_unref);
    GHashTableIter iter;
    ObjectProperty *prop;
    guint i;
    int ret = 0;

    /* A snapshot (with references), so that @fn may unparent children. */
    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        if (qom_property_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }
    for (i = 0; i < children->len && ret == 0; i++) {
        Object *child = g_ptr_array_index(children, i);

        ret = fn(child, opaque);
        if (ret == 0 && recurse) {
            ret = do_object_child_foreach(child, fn, opaque, true);
        }
    }
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return do_object_child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return do_object_child_foreach(obj, fn, opaque, true);
}

/* --- Links ----------------------------------------------------------- */

typedef struct LinkProperty {
    union {
        Object **targetp;
        Object *target;     /* OBJ_PROP_LINK_DIRECT */
        ptrdiff_t offset;   /* OBJ_PROP_LINK_CLASS */
    };
    void (*check)(const Object *, const char *, Object *, Error **);
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static Object **object_link_get_targetp(Object *obj, LinkProperty *lprop)
{
    if (lprop->flags & OBJ_PROP_LINK_DIRECT) {
        return &lprop->target;
    } else if (lprop->flags & OBJ_PROP_LINK_CLASS) {
        return (Object **)((char *)obj + lprop->offset);
    }
    return lprop->targetp;
}

void object_property_allow_set_link(const Object *obj G_GNUC_UNUSED,
                                    const char *name G_GNUC_UNUSED,
                                    Object *val G_GNUC_UNUSED,
                                    Error **errp G_GNUC_UNUSED)
{
    /* Allow the link to be set, always */
}

static void object_get_link_property(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp)
{
    Object **targetp = object_link_get_targetp(obj, opaque);
    g_autofree char *path = NULL;

    if (*targetp) {
        path = object_get_canonical_path(*targetp);
    }
    if (!path) {
        path = g_strdup("");
    }
    visit_type_str(v, name, &path, errp);
}

/* The object at @path, checked against the link's @type. */
static Object *object_resolve_link(Object *obj G_GNUC_UNUSED, const char *name,
                                   const char *path, const char *type,
                                   Error **errp)
{
    bool ambiguous = false;
    Object *target;

    target = object_resolve_path_type(path, type, &ambiguous);
    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
        return NULL;
    }
    if (!target) {
        target = object_resolve_path(path, &ambiguous);
        if (target || ambiguous) {
            error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, type);
        } else {
            error_setg(errp, QERR_DEVICE_NOT_FOUND, path);
        }
        return NULL;
    }
    return target;
}

static void object_set_link_property(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp)
{
    ERRP_GUARD();
    LinkProperty *prop = opaque;
    Object **targetp = object_link_get_targetp(obj, prop);
    Object *old_target = *targetp;
    Object *new_target = NULL;
    ObjectProperty *op;
    g_autofree char *path = NULL;
    g_autofree char *type = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return;
    }
    if (*path) {
        /* "link<TYPE>" -> "TYPE" */
        op = object_property_find(obj, name);
        type = g_strndup(op->type + strlen("link<"),
                         strlen(op->type) - strlen("link<>"));
        new_target = object_resolve_link(obj, name, path, type, errp);
        if (!new_target) {
            return;
        }
    }

    prop->check(obj, name, new_target, errp);
    if (*errp) {
        return;
    }

    *targetp = new_target;
    if (prop->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(new_target);
        object_unref(old_target);
    }
}

static Object *object_resolve_link_property(Object *parent, void *opaque,
                                            const char *part G_GNUC_UNUSED)
{
    return *object_link_get_targetp(parent, opaque);
}

static void object_release_link_property(Object *obj,
                                         const char *name G_GNUC_UNUSED,
                                         void *opaque)
{
    LinkProperty *prop = opaque;
    Object **targetp = object_link_get_targetp(obj, prop);

    if ((prop->flags & OBJ_PROP_LINK_STRONG) && *targetp) {
        object_unref(*targetp);
    }
    if (!(prop->flags & OBJ_PROP_LINK_CLASS)) {
        g_free(prop);
    }
}

void qemu_shim_object_release_strong_links(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *op;

    object_property_iter_init(&iter, obj);
    while ((op = object_property_iter_next(&iter))) {
        LinkProperty *prop = op->opaque;
        Object **targetp, *target;

        if (op->release != object_release_link_property ||
            !(prop->flags & OBJ_PROP_LINK_STRONG)) {
            continue;
        }
        targetp = object_link_get_targetp(obj, prop);
        target = *targetp;
        *targetp = NULL;
        object_unref(target);   /* may finalize @obj's last other holder */
    }
}

static ObjectProperty *object_add_link_prop(Object *obj, const char *name,
                              const char *type, void *targetp,
                              void (*check)(const Object *, const char *,
                                            Object *, Error **),
                              ObjectPropertyLinkFlags flags)
{
    LinkProperty *prop = g_new0(LinkProperty, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    if (flags & OBJ_PROP_LINK_DIRECT) {
        prop->target = targetp;
    } else {
        prop->targetp = targetp;
    }
    prop->check = check;
    prop->flags = flags;

    op = object_property_add(obj, name, full_type, object_get_link_property,
                             check ? object_set_link_property : NULL,
                             object_release_link_property, prop);
    op->resolve = object_resolve_link_property;
    return op;
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags)
{
    return object_add_link_prop(obj, name, type, targetp, check, flags);
}

ObjectProperty *object_class_property_add_link(ObjectClass *oc,
                              const char *name,
                              const char *type, ptrdiff_t offset,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags)
{
    LinkProperty *prop = g_new0(LinkProperty, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    prop->offset = offset;
    prop->check = check;
    prop->flags = flags | OBJ_PROP_LINK_CLASS;

    op = object_class_property_add(oc, name, full_type,
                                   object_get_link_property,
                                   check ? object_set_link_property : NULL,
                                   object_release_link_property, prop);
    op->resolve = object_resolve_link_property;
    return op;
}

ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target)
{
    return object_add_link_prop(obj, name, object_get_typename(target),
                                target, NULL, OBJ_PROP_LINK_DIRECT);
}

bool object_property_set_link(Object *obj, const char *name,
                              Object *value, Error **errp)
{
    g_autofree char *path = NULL;

    if (value) {
        path = object_get_canonical_path(value);
        if (!path) {
            /* QEMU would silently store NULL here. */
            error_setg(errp, "cannot link property '%s.%s' to an object of "
                       "type '%s' that is not in the composition tree",
                       object_get_typename(obj), name,
                       object_get_typename(value));
            return false;
        }
    }
    return object_property_set_str(obj, name, path ? path : "", errp);
}

Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp)
{
    g_autofree char *str = object_property_get_str(obj, name, errp);
    Object *target = NULL;

    if (str && *str) {
        target = object_resolve_path(str, NULL);
        if (!target) {
            error_setg(errp, QERR_DEVICE_NOT_FOUND, str);
        }
    }
    return target;
}

/* --- Roots and paths ------------------------------------------------- */

static Object *root;
static Object *internal_root;

Object *object_get_root(void)
{
    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_objects_root(void)
{
    return container_get(object_get_root(), "/objects");
}

Object *object_get_internal_root(void)
{
    if (!internal_root) {
        internal_root = object_new(TYPE_CONTAINER);
    }
    return internal_root;
}

void qemu_shim_object_roots_teardown(void)
{
    /* Each root's finalize drops its children's references, and so on down. */
    g_clear_pointer(&root, object_unref);
    g_clear_pointer(&internal_root, object_unref);
}

const char *object_get_canonical_path_component(const Object *obj)
{
    ObjectProperty *prop;

    if (!obj->parent) {
        return NULL;
    }
    prop = object_find_child_property(obj->parent, (Object *)obj);
    g_assert(prop);
    return prop->name;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    char *newpath, *path = NULL;

    if (obj == root) {
        return g_strdup("/");
    }
    do {
        const char *component = object_get_canonical_path_component(obj);

        if (!component) {
            /* Not below the root: no canonical path. */
            g_free(path);
            return NULL;
        }
        newpath = g_strdup_printf("/%s%s", component, path ? path : "");
        g_free(path);
        path = newpath;
        obj = obj->parent;
    } while (obj != root);

    return path;
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (!prop || !prop->resolve) {
        return NULL;
    }
    return prop->resolve(parent, prop->opaque, part);
}

static Object *object_resolve_abs_path(Object *parent, char **parts,
                                       const char *type_name)
{
    for (; *parts; parts++) {
        if (!**parts) {
            continue;       /* "a//b" */
        }
        parent = object_resolve_path_component(parent, *parts);
        if (!parent) {
            return NULL;
        }
    }
    return object_dynamic_cast(parent, type_name);
}

/* @parts resolved from @parent or any object below it; must be unique. */
static Object *object_resolve_partial_path(Object *parent, char **parts,
                                           const char *type_name,
                                           bool *ambiguous)
{
    Object *obj = object_resolve_abs_path(parent, parts, type_name);
    GHashTableIter iter;
    ObjectProperty *prop;

    g_hash_table_iter_init(&iter, parent->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        Object *found;

        if (!qom_property_is_child(prop)) {
            continue;
        }
        found = object_resolve_partial_path(prop->opaque, parts, type_name,
                                            ambiguous);
        if (found) {
            if (obj) {
                *ambiguous = true;
                return NULL;
            }
            obj = found;
        }
        if (*ambiguous) {
            return NULL;
        }
    }
    return obj;
}

Object *object_resolve_path_type(const char *path, const char *type_name,
                                 bool *ambiguousp)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    bool ambiguous = false;
    Object *obj;

    if (!parts[0] || *parts[0]) {
        /* A relative path: a partial match anywhere in the tree. */
        obj = object_resolve_partial_path(object_get_root(), parts,
                                          type_name, &ambiguous);
    } else {
        obj = object_resolve_abs_path(object_get_root(), parts + 1,
                                      type_name);
    }
    if (ambiguousp) {
        *ambiguousp = ambiguous;
    }
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

Object *object_resolve_path_at(Object *parent, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);

    if (*path == '/') {
        return object_resolve_abs_path(object_get_root(), parts + 1,
                                       TYPE_OBJECT);
    }
    return object_resolve_abs_path(parent, parts, TYPE_OBJECT);
}
