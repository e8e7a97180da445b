/*
 * The QOM type system and object lifecycle (qom/object.h): the type
 * table, lazy class creation (parent first, class memory copied from the
 * parent, class_base_init, interfaces), casts, and object creation,
 * reference counting and finalization. Properties live in object-prop.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "qom-internal.h"

typedef struct TypeImpl TypeImpl;

struct TypeImpl {
    const char *name;
    const char *parent;
    TypeImpl *parent_type;

    size_t class_size;
    size_t instance_size;
    size_t instance_align;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    /* Class creation failed (bad parent or sizes); reported once. */
    bool broken;

    char **interfaces;          /* NULL-terminated type names */

    ObjectClass *klass;
};

static TypeImpl *type_interface;

static GHashTable *type_table;  /* name -> TypeImpl */
static GPtrArray *type_order;   /* TypeImpl, in registration order */
static Error *type_error;       /* first registration error not taken */
static size_t live_objects;
static GHashTable *live_set;    /* Object *: what live_objects counts */

static TypeImpl *type_new(const TypeInfo *info)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);
    size_t i;

    ti->name = g_strdup(info->name);
    ti->parent = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;

    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        /* count them */
    }
    ti->interfaces = g_new0(char *, i + 1);
    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        ti->interfaces[i] = g_strdup(info->interfaces[i].type);
    }
    return ti;
}

static void type_table_add(TypeImpl *ti)
{
    g_hash_table_insert(type_table, (gpointer)ti->name, ti);
    g_ptr_array_add(type_order, ti);
}

/*
 * The root types exist from the first use of the table, so the shim works
 * before (and without) module_call_init(MODULE_INIT_QOM).
 */
static void type_table_init(void)
{
    static const TypeInfo object_info = {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .abstract = true,
        .class_init = qom_object_class_init,
    };
    static const TypeInfo interface_info = {
        .name = TYPE_INTERFACE,
        .abstract = true,
        .class_size = sizeof(InterfaceClass),
    };

    if (type_table) {
        return;
    }
    type_table = g_hash_table_new(g_str_hash, g_str_equal);
    type_order = g_ptr_array_new();
    type_table_add(type_new(&object_info));
    type_interface = type_new(&interface_info);
    type_table_add(type_interface);
    type_table_add(type_new(&qom_container_info));
}

static TypeImpl *type_get_by_name(const char *name)
{
    type_table_init();
    return name ? g_hash_table_lookup(type_table, name) : NULL;
}

static Type type_register_internal(const TypeInfo *info)
{
    TypeImpl *ti;

    type_table_init();
    if (!info->name) {
        error_setg(type_error ? NULL : &type_error,
                   "Registering a type without a name (parent '%s')",
                   info->parent ? info->parent : "none");
        return NULL;
    }
    if (type_get_by_name(info->name)) {
        error_setg(type_error ? NULL : &type_error,
                   "Registering type '%s' which already exists", info->name);
        return NULL;
    }
    ti = type_new(info);
    type_table_add(ti);
    return ti;
}

Type type_register(const TypeInfo *info)
{
    return type_register_internal(info);
}

Type type_register_static(const TypeInfo *info)
{
    return type_register_internal(info);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    int i;

    for (i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

Error *qemu_shim_take_type_error(void)
{
    Error *err = type_error;

    type_error = NULL;
    return err;
}

size_t qemu_shim_live_objects(void)
{
    return live_objects;
}

void qemu_shim_live_objects_foreach(QemuShimObjectFunc *fn, void *opaque)
{
    GHashTableIter iter;
    gpointer obj;

    if (!live_set) {
        return;
    }
    g_hash_table_iter_init(&iter, live_set);
    while (g_hash_table_iter_next(&iter, &obj, NULL)) {
        fn(obj, opaque);
    }
}

/* The parent of @ti, or NULL for a root type or an unknown parent. */
static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (!ti->parent_type && ti->parent) {
        ti->parent_type = type_get_by_name(ti->parent);
    }
    return ti->parent_type;
}

static bool type_is_ancestor(TypeImpl *type, TypeImpl *target)
{
    int depth = 0;

    /* The depth bound keeps a parent cycle from looping forever. */
    for (; type && depth < 1000; type = type_get_parent(type), depth++) {
        if (type == target) {
            return true;
        }
    }
    return false;
}

static size_t type_class_get_size(TypeImpl *ti);
static size_t type_object_get_size(TypeImpl *ti);

/*
 * Check @ti's place in the hierarchy: every ancestor known, no cycle, the
 * chain ends at a root type, and sizes not smaller than the parent's.
 */
static bool type_validate(TypeImpl *ti, Error **errp)
{
    TypeImpl *t, *parent;
    int depth = 0;

    for (t = ti; t->parent; t = parent) {
        parent = type_get_parent(t);
        if (!parent) {
            error_setg(errp, "Type '%s' has unknown parent type '%s'",
                       t->name, t->parent);
            return false;
        }
        if (++depth > 1000 || parent == ti) {
            error_setg(errp, "Type '%s' is its own ancestor", ti->name);
            return false;
        }
    }
    if (!g_str_equal(t->name, TYPE_OBJECT) &&
        !g_str_equal(t->name, TYPE_INTERFACE)) {
        error_setg(errp, "Type '%s' does not derive from '%s'", ti->name,
                   TYPE_OBJECT);
        return false;
    }

    for (char **name = ti->interfaces; *name; name++) {
        TypeImpl *iface = type_get_by_name(*name);

        if (!iface || !type_validate(iface, NULL) ||
            !type_is_ancestor(iface, type_interface)) {
            error_setg(errp, "Type '%s' implements '%s', which is not a "
                       "known interface", ti->name, *name);
            return false;
        }
    }

    /* The chain is sound: sizes can be inherited along it. */
    parent = type_get_parent(ti);
    if (parent && ti->class_size &&
        ti->class_size < type_class_get_size(parent)) {
        error_setg(errp, "Type '%s' has class_size %zu, smaller than the "
                   "class size %zu of its parent '%s'", ti->name,
                   ti->class_size, type_class_get_size(parent), parent->name);
        return false;
    }
    if (parent && ti->instance_size &&
        ti->instance_size < type_object_get_size(parent)) {
        error_setg(errp, "Type '%s' has instance_size %zu, smaller than the "
                   "instance size %zu of its parent '%s'", ti->name,
                   ti->instance_size, type_object_get_size(parent),
                   parent->name);
        return false;
    }
    return true;
}

bool qemu_shim_type_check_all(Error **errp)
{
    guint i;

    type_table_init();
    for (i = 0; i < type_order->len; i++) {
        if (!type_validate(g_ptr_array_index(type_order, i), errp)) {
            return false;
        }
    }
    return true;
}

static size_t type_class_get_size(TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->class_size) {
            return ti->class_size;
        }
    }
    return sizeof(ObjectClass);
}

static size_t type_object_get_size(TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_size) {
            return ti->instance_size;
        }
    }
    return 0;
}

static size_t type_object_get_align(TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_align) {
            return ti->instance_align;
        }
    }
    return 0;
}

static bool type_initialize(TypeImpl *ti);

/*
 * Give @ti's class an implementation class of @interface_type: a hidden
 * abstract type "TI::IFACE" deriving from @parent_type, whose class the
 * casts to the interface return.
 */
static void type_initialize_interface(TypeImpl *ti, TypeImpl *interface_type,
                                      TypeImpl *parent_type)
{
    g_autofree char *name = g_strdup_printf("%s::%s", ti->name,
                                            interface_type->name);
    TypeInfo info = {
        .name = name,
        .parent = parent_type->name,
        .abstract = true,
    };
    TypeImpl *iface_impl = type_new(&info);
    InterfaceClass *new_iface;

    iface_impl->parent_type = parent_type;
    type_initialize(iface_impl);
    new_iface = (InterfaceClass *)iface_impl->klass;
    new_iface->concrete_class = ti->klass;
    new_iface->interface_type = interface_type;
    ti->klass->interfaces = g_slist_append(ti->klass->interfaces, new_iface);
}

static bool type_initialize_interfaces(TypeImpl *ti, TypeImpl *parent)
{
    GSList *e;
    char **name;

    /* Inherited interfaces get implementation classes of their own. */
    ti->klass->interfaces = NULL;
    for (e = parent->klass->interfaces; e; e = e->next) {
        InterfaceClass *iface = e->data;

        type_initialize_interface(ti, iface->interface_type,
                                  OBJECT_CLASS(iface)->type);
    }

    for (name = ti->interfaces; *name; name++) {
        TypeImpl *t = type_get_by_name(*name);

        if (!t || !type_is_ancestor(t, type_interface)) {
            error_report("Type '%s' implements '%s', which is not a known "
                         "interface", ti->name, *name);
            return false;
        }
        for (e = ti->klass->interfaces; e; e = e->next) {
            if (type_is_ancestor(OBJECT_CLASS(e->data)->type, t)) {
                break;
            }
        }
        if (!e) {
            type_initialize_interface(ti, t, t);
        }
    }
    return true;
}

/*
 * Create @ti's class if not done yet: parent class first, then a copy of
 * the parent class, interfaces, each ancestor's class_base_init (nearest
 * first) and finally class_init. Returns false (reported once) if the
 * type is broken.
 */
static bool type_initialize(TypeImpl *ti)
{
    TypeImpl *parent;
    Error *err = NULL;

    if (ti->klass) {
        return true;
    }
    if (ti->broken) {
        return false;
    }
    if (!type_validate(ti, &err)) {
        ti->broken = true;
        error_report_err(err);
        return false;
    }

    parent = type_get_parent(ti);
    if (parent && !type_initialize(parent)) {
        ti->broken = true;
        return false;
    }

    ti->class_size = type_class_get_size(ti);
    ti->instance_size = type_object_get_size(ti);
    ti->instance_align = type_object_get_align(ti);
    /* A type with no instance size is implicitly abstract. */
    if (ti->instance_size == 0) {
        ti->abstract = true;
    }

    ti->klass = g_malloc0(ti->class_size);
    if (parent) {
        memcpy(ti->klass, parent->klass, parent->class_size);
        if (!type_initialize_interfaces(ti, parent)) {
            g_slist_free(ti->klass->interfaces);
            g_free(ti->klass);
            ti->klass = NULL;
            ti->broken = true;
            return false;
        }
    }
    ti->klass->properties = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                  NULL, qom_property_free);
    ti->klass->type = ti;

    for (; parent; parent = type_get_parent(parent)) {
        if (parent->class_base_init) {
            parent->class_base_init(ti->klass, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->klass, ti->class_data);
    }
    return true;
}

/* --- Objects --------------------------------------------------------- */

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (type_get_parent(ti)) {
        object_init_with_type(obj, type_get_parent(ti));
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (type_get_parent(ti)) {
        object_post_init_with_type(obj, type_get_parent(ti));
    }
}

/* Abort with a message if objects of @ti cannot be created. */
static void type_assert_instantiable(TypeImpl *ti, const char *type_name,
                                     const char *func)
{
    if (!ti) {
        error_report("%s: unknown type '%s'", func, type_name);
        abort();
    }
    if (!type_initialize(ti)) {
        error_report("%s: type '%s' is broken", func, type_name);
        abort();
    }
    if (ti->abstract) {
        error_report("%s: cannot create an object of abstract type '%s'",
                     func, type_name);
        abort();
    }
}

static void object_initialize_with_type(Object *obj, size_t size,
                                        TypeImpl *ti)
{
    if (size < ti->instance_size) {
        error_report("object_initialize: %zu bytes are too few for an "
                     "object of type '%s' (%zu bytes)", size, ti->name,
                     ti->instance_size);
        abort();
    }

    memset(obj, 0, ti->instance_size);
    obj->klass = ti->klass;
    object_ref(obj);
    live_objects++;
    if (!live_set) {
        live_set = g_hash_table_new(NULL, NULL);
    }
    g_hash_table_add(live_set, obj);
    qom_class_property_init_all(obj);
    obj->properties = g_hash_table_new_full(g_str_hash, g_str_equal,
                                            NULL, qom_property_free);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

void object_initialize(void *data, size_t size, const char *type_name)
{
    TypeImpl *ti = type_get_by_name(type_name);

    type_assert_instantiable(ti, type_name, "object_initialize");
    object_initialize_with_type(data, size, ti);
}

static Object *object_new_with_type(TypeImpl *ti)
{
    Object *obj;
    ObjectFree *obj_free;

    if (ti->instance_align > G_ALIGNOF(max_align_t)) {
        void *mem;

        if (posix_memalign(&mem, ti->instance_align, ti->instance_size)) {
            error_report("object_new: out of memory for type '%s'", ti->name);
            abort();
        }
        obj = mem;
        obj_free = free;
    } else {
        obj = g_malloc(ti->instance_size);
        obj_free = g_free;
    }
    object_initialize_with_type(obj, ti->instance_size, ti);
    obj->free = obj_free;
    return obj;
}

Object *object_new_with_class(ObjectClass *klass)
{
    type_assert_instantiable(klass->type, klass->type->name,
                             "object_new_with_class");
    return object_new_with_type(klass->type);
}

Object *object_new(const char *type_name)
{
    TypeImpl *ti = type_get_by_name(type_name);

    type_assert_instantiable(ti, type_name, "object_new");
    return object_new_with_type(ti);
}

Object *object_new_with_props(const char *type_name, Object *parent,
                              const char *id, Error **errp, ...)
{
    va_list vargs;
    Object *obj;

    va_start(vargs, errp);
    obj = object_new_with_propv(type_name, parent, id, errp, vargs);
    va_end(vargs);
    return obj;
}

Object *object_new_with_propv(const char *type_name, Object *parent,
                              const char *id, Error **errp, va_list vargs)
{
    ObjectClass *klass = object_class_by_name(type_name);
    Object *obj;

    if (!klass) {
        error_setg(errp, "invalid object type: %s", type_name);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "object type '%s' is abstract", type_name);
        return NULL;
    }
    obj = object_new_with_type(klass->type);
    if (!object_set_propv(obj, errp, vargs)) {
        object_unref(obj);
        return NULL;
    }
    if (id && parent) {
        if (!object_property_try_add_child(parent, id, obj, errp)) {
            object_unref(obj);
            return NULL;
        }
        /* The parent now holds the only reference. */
        object_unref(obj);
    }
    return obj;
}

bool object_set_props(Object *obj, Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_set_propv(obj, errp, vargs);
    va_end(vargs);
    return ok;
}

bool object_set_propv(Object *obj, Error **errp, va_list vargs)
{
    const char *propname;

    while ((propname = va_arg(vargs, const char *)) != NULL) {
        const char *value = va_arg(vargs, const char *);

        if (!value) {
            error_setg(errp, "Property '%s.%s' has no value in the list",
                       object_get_typename(obj), propname);
            return false;
        }
        if (!object_property_parse(obj, propname, value, errp)) {
            return false;
        }
    }
    return true;
}

bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_initialize_child_with_propsv(parentobj, propname, childobj,
                                             size, type, errp, vargs);
    va_end(vargs);
    return ok;
}

bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs)
{
    Object *obj = OBJECT(childobj);
    bool ok = false;

    object_initialize(childobj, size, type);
    if (object_set_propv(obj, errp, vargs) &&
        object_property_try_add_child(parentobj, propname, obj, errp)) {
        ok = true;
    }
    /*
     * Drop object_initialize()'s reference: on success the parent holds
     * the only one, on failure the child is finalized right here.
     */
    object_unref(obj);
    return ok;
}

void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type)
{
    object_initialize_child_with_props(parent, propname, child, size, type,
                                       &error_abort, NULL);
}

static void object_deinit(Object *obj, TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
}

static void object_finalize(Object *obj)
{
    qom_property_del_all(obj);
    object_deinit(obj, obj->klass->type);

    g_assert(obj->ref == 0);
    g_assert(obj->parent == NULL);
    live_objects--;
    g_hash_table_remove(live_set, obj);
    if (obj->free) {
        obj->free(obj);
    }
}

Object *object_ref(void *objptr)
{
    Object *obj = OBJECT(objptr);

    if (!obj) {
        return NULL;
    }
    obj->ref++;
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = OBJECT(objptr);

    if (!obj) {
        return;
    }
    if (obj->ref == 0) {
        error_report("object_unref: object %p (type '%s') has no reference "
                     "left to drop", (void *)obj, object_get_typename(obj));
        abort();
    }
    if (--obj->ref == 0) {
        object_finalize(obj);
    }
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->klass;
}

const char *object_get_typename(const Object *obj)
{
    return obj->klass->type->name;
}

/* --- Casts ----------------------------------------------------------- */

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *type_name)
{
    TypeImpl *target, *ti;
    ObjectClass *ret = NULL;

    if (!klass) {
        return NULL;
    }
    ti = klass->type;
    if (g_str_equal(ti->name, type_name)) {
        return klass;
    }
    target = type_get_by_name(type_name);
    if (!target) {
        return NULL;
    }

    if (klass->interfaces && type_is_ancestor(target, type_interface)) {
        int found = 0;
        GSList *i;

        for (i = klass->interfaces; i; i = i->next) {
            ObjectClass *target_class = i->data;

            if (type_is_ancestor(target_class->type, target)) {
                ret = target_class;
                found++;
            }
        }
        /* An ambiguous match is no match. */
        if (found > 1) {
            ret = NULL;
        }
    } else if (type_is_ancestor(ti, target)) {
        ret = klass;
    }
    return ret;
}

/*
 * The checked casts remember, per class, the last type name pointers that
 * cast to the class itself, as QEMU's qom_cast_debug build does: the hot
 * paths (CHARDEV_GET_CLASS on every chardev write) then cost a pointer
 * compare, not a hash lookup and string compares whose cost depends on
 * where the heap put the names. Only successful casts are remembered.
 */
static bool cast_cached(const char *const *cache, const char *type_name)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED) == type_name) {
            return true;
        }
    }
    return false;
}

static void cast_remember(const char **cache, const char *type_name)
{
    for (int i = 1; i < OBJECT_CLASS_CAST_CACHE; i++) {
        __atomic_store_n(&cache[i - 1],
                         __atomic_load_n(&cache[i], __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    __atomic_store_n(&cache[OBJECT_CLASS_CAST_CACHE - 1], type_name,
                     __ATOMIC_RELAXED);
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *type_name,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (klass && cast_cached(klass->class_cast_cache, type_name)) {
        return klass;
    }
    ret = object_class_dynamic_cast(klass, type_name);
    if (!ret && klass) {
        fprintf(stderr, "%s:%d:%s: Object class %p (type '%s') is not an "
                "instance of type %s\n", file, line, func, (void *)klass,
                klass->type->name, type_name);
        abort();
    }
    if (klass && ret == klass) {
        cast_remember(klass->class_cast_cache, type_name);
    }
    return ret;
}

Object *object_dynamic_cast(Object *obj, const char *type_name)
{
    if (obj && object_class_dynamic_cast(object_get_class(obj), type_name)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *type_name,
                                   const char *file, int line,
                                   const char *func)
{
    Object *inst;

    if (obj && cast_cached(obj->klass->object_cast_cache, type_name)) {
        return obj;
    }
    inst = object_dynamic_cast(obj, type_name);
    if (!inst && obj) {
        fprintf(stderr, "%s:%d:%s: Object %p (type '%s') is not an "
                "instance of type %s\n", file, line, func, (void *)obj,
                object_get_typename(obj), type_name);
        abort();
    }
    if (obj) {
        cast_remember(obj->klass->object_cast_cache, type_name);
    }
    return inst;
}

/* --- Classes --------------------------------------------------------- */

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

ObjectClass *object_class_by_name(const char *type_name)
{
    TypeImpl *ti = type_get_by_name(type_name);

    if (!ti || !type_initialize(ti)) {
        return NULL;
    }
    return ti->klass;
}

ObjectClass *module_object_class_by_name(const char *type_name)
{
    return object_class_by_name(type_name);
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = type_get_parent(klass->type);

    if (!parent || !type_initialize(parent)) {
        return NULL;
    }
    return parent->klass;
}

size_t object_type_get_instance_size(const char *type_name)
{
    TypeImpl *ti = type_get_by_name(type_name);

    if (!ti || !type_initialize(ti)) {
        return 0;
    }
    return ti->instance_size;
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    g_autoptr(GPtrArray) types = NULL;
    guint i;

    type_table_init();
    /* A snapshot, so that @fn may register types. */
    types = g_ptr_array_copy(type_order, NULL, NULL);
    for (i = 0; i < types->len; i++) {
        TypeImpl *ti = g_ptr_array_index(types, i);

        if (!type_initialize(ti)) {
            continue;
        }
        if (!include_abstract && ti->abstract) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(ti->klass, implements_type)) {
            continue;
        }
        fn(ti->klass, opaque);
    }
}

static void object_class_get_list_tramp(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(object_class_get_list_tramp, implements_type,
                         include_abstract, &list);
    return list;
}

static gint object_class_cmp(gconstpointer a, gconstpointer b)
{
    return strcasecmp(object_class_get_name((ObjectClass *)a),
                      object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    return g_slist_sort(object_class_get_list(implements_type,
                                              include_abstract),
                        object_class_cmp);
}
