/*
 * qom/object.h - QEMU 7.2's object model (QOM): types registered by name,
 * classes created lazily parent first, single inheritance plus interfaces,
 * checked casts, reference counting, properties and the composition tree.
 * Object::class is spelt klass so that the header also parses as C++.
 */
#ifndef QEMU_OBJECT_H
#define QEMU_OBJECT_H

#include "qemu/osdep.h"
#include "qemu/module.h"

G_BEGIN_DECLS

typedef struct QObject QObject;

struct TypeImpl;
typedef struct TypeImpl *Type;

typedef struct TypeInfo TypeInfo;
typedef struct InterfaceClass InterfaceClass;
typedef struct InterfaceInfo InterfaceInfo;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

typedef struct ObjectProperty ObjectProperty;

/* Reads (get) or writes (set) property @name of @obj through @v. */
typedef void (ObjectPropertyAccessor)(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp);

/* Resolves path component @part (this property's name) to an object. */
typedef Object *(ObjectPropertyResolve)(Object *obj, void *opaque,
                                        const char *part);

/* Called when the property is deleted, e.g. to free @opaque. */
typedef void (ObjectPropertyRelease)(Object *obj, const char *name,
                                     void *opaque);

/* Sets the property's default value on a new object. */
typedef void (ObjectPropertyInit)(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    ObjectPropertyAccessor *get;
    ObjectPropertyAccessor *set;
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QObject *defval;
};

/* Called when an object is removed from the composition tree. */
typedef void (ObjectUnparent)(Object *obj);

/* Frees the memory of a finalized object (NULL for embedded objects). */
typedef void (ObjectFree)(void *obj);

#define OBJECT_CLASS_CAST_CACHE 4

/* The base of every class. */
struct ObjectClass {
    /* private: */
    Type type;
    GSList *interfaces;

    const char *object_cast_cache[OBJECT_CLASS_CAST_CACHE];
    const char *class_cast_cache[OBJECT_CLASS_CAST_CACHE];

    ObjectUnparent *unparent;

    GHashTable *properties;
};

/* The base of every object. */
struct Object {
    /* private: */
    ObjectClass *klass;
    ObjectFree *free;
    GHashTable *properties;
    uint32_t ref;
    Object *parent;
};

/*
 * A type to register. Omitted sizes are inherited from the parent; a type
 * whose instance_size ends up 0 is abstract.
 */
struct TypeInfo {
    const char *name;
    const char *parent;

    size_t instance_size;
    size_t instance_align;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    size_t class_size;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    InterfaceInfo *interfaces;
};

/* Unchecked casts. */
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(klass) ((ObjectClass *)(klass))

/* Checked casts: abort naming both types if @obj is not a @name. */
#define OBJECT_CHECK(type, obj, name)                                   \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name),            \
                                        __FILE__, __LINE__, __func__))

#define OBJECT_CLASS_CHECK(class_type, klass, name)                     \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(klass), \
                                                    (name), __FILE__,   \
                                                    __LINE__, __func__))

#define OBJECT_GET_CLASS(class_type, obj, name)                         \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/* Declares the inline cast OBJ_NAME(obj) to InstanceType. */
#define DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME)      \
    static inline G_GNUC_UNUSED InstanceType *                          \
    OBJ_NAME(const void *obj)                                           \
    { return OBJECT_CHECK(InstanceType, obj, TYPENAME); }

/* Declares OBJ_NAME_GET_CLASS(obj) and OBJ_NAME_CLASS(klass). */
#define DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME)           \
    static inline G_GNUC_UNUSED ClassType *                             \
    OBJ_NAME##_GET_CLASS(const void *obj)                               \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPENAME); }              \
                                                                        \
    static inline G_GNUC_UNUSED ClassType *                             \
    OBJ_NAME##_CLASS(const void *klass)                                 \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPENAME); }

#define DECLARE_OBJ_CHECKERS(InstanceType, ClassType, OBJ_NAME, TYPENAME) \
    DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME)          \
                                                                        \
    DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME)

/*
 * Typedefs for the instance and class structs, g_autoptr support and the
 * cast functions, for a type named TYPE_MODULE_OBJ_NAME.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME)   \
    typedef struct InstanceType InstanceType;                           \
    typedef struct ClassType ClassType;                                 \
                                                                        \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)           \
                                                                        \
    DECLARE_OBJ_CHECKERS(InstanceType, ClassType,                       \
                         MODULE_OBJ_NAME, TYPE_##MODULE_OBJ_NAME)

/* The same for a type without a class struct of its own. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME)       \
    typedef struct InstanceType InstanceType;                           \
                                                                        \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)           \
                                                                        \
    DECLARE_INSTANCE_CHECKER(InstanceType, MODULE_OBJ_NAME,             \
                             TYPE_##MODULE_OBJ_NAME)

/*
 * Defines the TypeInfo of a type and registers it (C sources only): the
 * functions module_obj_name##_init, _finalize and _class_init must exist.
 */
#define OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,     \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                    ABSTRACT, ...)                      \
    static void module_obj_name##_finalize(Object *obj);                \
    static void module_obj_name##_class_init(ObjectClass *oc, void *data); \
    static void module_obj_name##_init(Object *obj);                    \
                                                                        \
    static const TypeInfo module_obj_name##_info = {                    \
        .name = TYPE_##MODULE_OBJ_NAME,                                 \
        .parent = TYPE_##PARENT_MODULE_OBJ_NAME,                        \
        .instance_size = sizeof(ModuleObjName),                         \
        .instance_align = __alignof__(ModuleObjName),                   \
        .instance_init = module_obj_name##_init,                        \
        .instance_finalize = module_obj_name##_finalize,                \
        .abstract = ABSTRACT,                                           \
        .class_size = sizeof(ModuleObjName##Class),                     \
        .class_init = module_obj_name##_class_init,                     \
        .interfaces = (InterfaceInfo[]) { __VA_ARGS__ },                \
    };                                                                  \
                                                                        \
    static void                                                         \
    module_obj_name##_register_types(void)                              \
    {                                                                   \
        type_register_static(&module_obj_name##_info);                  \
    }                                                                   \
    type_init(module_obj_name##_register_types);

#define OBJECT_DEFINE_TYPE(ModuleObjName, module_obj_name, MODULE_OBJ_NAME, \
                           PARENT_MODULE_OBJ_NAME)                      \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,         \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, { NULL })

#define OBJECT_DEFINE_TYPE_WITH_INTERFACES(ModuleObjName, module_obj_name, \
                                           MODULE_OBJ_NAME,             \
                                           PARENT_MODULE_OBJ_NAME, ...) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,         \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, __VA_ARGS__)

#define OBJECT_DEFINE_ABSTRACT_TYPE(ModuleObjName, module_obj_name,     \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,         \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                true, { NULL })

/* One interface a type implements; a TypeInfo's list ends with { NULL }. */
struct InterfaceInfo {
    const char *type;
};

/* The base of every interface class. */
struct InterfaceClass {
    ObjectClass parent_class;
    /* private: */
    ObjectClass *concrete_class;
    Type interface_type;
};

#define INTERFACE_CLASS(klass) \
    OBJECT_CLASS_CHECK(InterfaceClass, klass, TYPE_INTERFACE)

/* Checked cast of @obj to interface @name (same pointer, new type). */
#define INTERFACE_CHECK(interface, obj, name)                           \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name),     \
                                             __FILE__, __LINE__, __func__))

/* --- Objects --------------------------------------------------------- */

/* Allocate and initialize an object of @type_name; the caller owns a ref. */
Object *object_new(const char *type_name);
Object *object_new_with_class(ObjectClass *klass);

/*
 * Create an object, set the NULL-terminated name/value string pairs as
 * properties, and add it as child @id of @parent (if @parent is not NULL).
 */
Object *object_new_with_props(const char *type_name, Object *parent,
                              const char *id, Error **errp, ...)
    G_GNUC_NULL_TERMINATED;
Object *object_new_with_propv(const char *type_name, Object *parent,
                              const char *id, Error **errp, va_list vargs);

/* Set NULL-terminated name/value string pairs as properties of @obj. */
bool object_set_props(Object *obj, Error **errp, ...) G_GNUC_NULL_TERMINATED;
bool object_set_propv(Object *obj, Error **errp, va_list vargs);

/* Initialize an object in caller-provided memory of @size bytes. */
void object_initialize(void *obj, size_t size, const char *type_name);

/*
 * Initialize @childobj in place, set properties, and make it child
 * @propname of @parentobj, which then holds its only reference.
 */
bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
    G_GNUC_NULL_TERMINATED;
bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs);

#define object_initialize_child(parent, propname, child, type)          \
    object_initialize_child_internal((parent), (propname),              \
                                     (child), sizeof(*(child)), (type))
void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type);

/* @obj if it is (or implements) @type_name, else NULL. */
Object *object_dynamic_cast(Object *obj, const char *type_name);

/* Like object_dynamic_cast(), but abort with a message on failure. */
Object *object_dynamic_cast_assert(Object *obj, const char *type_name,
                                   const char *file, int line,
                                   const char *func);

ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);

/* Take a reference to @obj; returns @obj. */
Object *object_ref(void *obj);

/* Drop a reference; the last one finalizes and frees @obj. NULL is ok. */
void object_unref(void *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Object, object_unref)

/* --- Types and classes --------------------------------------------- */

/*
 * Register a type. @info (and the strings it points to) must outlive the
 * type for type_register_static(); type_register() is the same here.
 * Shim: registering an existing name returns NULL and records an error
 * that qemu_shim_take_type_error() returns, instead of aborting.
 */
Type type_register_static(const TypeInfo *info);
Type type_register(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr_infos);

/* Register an array of TypeInfo from a module constructor. */
#define DEFINE_TYPES(type_array)                                        \
    static void do_qemu_init_ ## type_array(void)                       \
    {                                                                   \
        type_register_static_array(type_array, ARRAY_SIZE(type_array)); \
    }                                                                   \
    type_init(do_qemu_init_ ## type_array)

/*
 * Shim-only: the first type registration error since the last call (a
 * duplicate name), or NULL. The caller owns the returned Error.
 */
Error *qemu_shim_take_type_error(void);

/*
 * Shim-only: check every registered type: its parent chain exists and
 * ends at "object" or "interface" without cycles, and its instance and
 * class sizes are not smaller than its parent's. Sets one error naming
 * the first bad type.
 */
bool qemu_shim_type_check_all(Error **errp);

/*
 * Shim-only: number of objects initialized (object_new,
 * object_initialize...) and not finalized yet.
 */
size_t qemu_shim_live_objects(void);

/*
 * Shim-only, for the teardown: drop the references @obj's strong links
 * hold and empty them, as its finalization would, so that a cycle of
 * links (a device linked to itself, two linked to each other) cannot
 * keep the objects alive past the exit.
 */
void qemu_shim_object_release_strong_links(Object *obj);

/*
 * Shim-only: call @fn on every live object, in no particular order; @fn
 * must not create or finalize objects. For reports of what leaked.
 */
typedef void QemuShimObjectFunc(Object *obj, void *opaque);
void qemu_shim_live_objects_foreach(QemuShimObjectFunc *fn, void *opaque);

/*
 * Shim-only, part of qemu_shim_teardown(): drop the root and the internal
 * root, and with them whatever is still below them. A later
 * object_get_root() makes a new, empty root.
 */
void qemu_shim_object_roots_teardown(void);

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *type_name);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *type_name,
                                              const char *file, int line,
                                              const char *func);

ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);

/* The class of @type_name (created if needed), or NULL if unknown. */
ObjectClass *object_class_by_name(const char *type_name);
ObjectClass *module_object_class_by_name(const char *type_name);

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);

/* Instance size of @type_name, 0 if unknown. */
size_t object_type_get_instance_size(const char *type_name);

/* --- Properties ------------------------------------------------------ */

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);

/*
 * Add a property to @obj; a name ending in "[*]" gets the first free
 * index. A duplicate name aborts.
 */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);

void object_property_del(Object *obj, const char *name);

/* A property of every instance of @klass and its subclasses. */
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);

/* Defaults, applied to new objects before their instance_init. */
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_str(ObjectProperty *prop, const char *value);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);

ObjectProperty *object_property_find(Object *obj, const char *name);
/* Like object_property_find(), setting "Property 'TYPE.NAME' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp);

/* Iterates the instance properties, then the class properties. */
typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    GHashTableIter iter;
} ObjectPropertyIterator;

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* Remove @obj from its parent, dropping the parent's reference. */
void object_unparent(Object *obj);

/* Read / write a property through a visitor. */
bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp);
bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp);

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
/* The caller frees the returned string. */
char *object_property_get_str(Object *obj, const char *name, Error **errp);

/* Links are set and read as canonical paths; @value must be in the tree. */
bool object_property_set_link(Object *obj, const char *name,
                              Object *value, Error **errp);
Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp);

bool object_property_set_bool(Object *obj, const char *name,
                              bool value, Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);

bool object_property_set_int(Object *obj, const char *name,
                             int64_t value, Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);

bool object_property_set_uint(Object *obj, const char *name,
                              uint64_t value, Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);

/* Set from a string as on QEMU's command line ("on", "0x10", "4k"...). */
bool object_property_parse(Object *obj, const char *name,
                           const char *string, Error **errp);

/* The value as a string; @human adds detail (hex, quotes). */
char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp);

/* The type string of a property ("bool", "child<TYPE>"...). */
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);

/* --- The composition tree -------------------------------------------- */

/* "/", created on first use. */
Object *object_get_root(void);
/* "/objects", the container of user-created objects. */
Object *object_get_objects_root(void);
/* A root outside the tree, for objects that must not be visible. */
Object *object_get_internal_root(void);

/* The name of @obj in its parent, or NULL if it has none. */
const char *object_get_canonical_path_component(const Object *obj);
/* The absolute path of @obj, or NULL if not in the tree. Free it. */
char *object_get_canonical_path(const Object *obj);

/*
 * Resolve an absolute path ("/machine/foo") or a partial one ("foo",
 * matched anywhere in the tree; *@ambiguous set if more than one object
 * matches). Returns NULL if nothing (or more than one thing) matches.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
Object *object_resolve_path_type(const char *path, const char *type_name,
                                 bool *ambiguous);
/* Resolve @path relative to @parent (or absolute). */
Object *object_resolve_path_at(Object *parent, const char *path);
/* Follow the child or link property @part of @parent. */
Object *object_resolve_path_component(Object *parent, const char *part);

/* Make @child the child @name of @obj; takes a reference to @child. */
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);

typedef enum {
    /* The link holds a reference to its target. */
    OBJ_PROP_LINK_STRONG = 0x1,
    /* The link property stores the target itself (const links). */
    OBJ_PROP_LINK_DIRECT = 0x2,
    /* A class property: the storage is at an offset in the instance. */
    OBJ_PROP_LINK_CLASS = 0x4,
} ObjectPropertyLinkFlags;

/* A link check that allows any value. */
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/*
 * A property "link<@type>" stored in *@targetp. Without @check the link
 * is read-only; @check may refuse a value by setting @errp.
 */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags);
ObjectProperty *object_class_property_add_link(ObjectClass *oc,
                              const char *name,
                              const char *type, ptrdiff_t offset,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags);

/* A read-only link to @target; takes no reference. */
ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target);

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                            char *(*get)(Object *, Error **),
                            void (*set)(Object *, const char *, Error **));
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                   const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *,
                                               Error **));

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                            bool (*get)(Object *, Error **),
                            void (*set)(Object *, bool, Error **));
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                    const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **));

typedef enum {
    /* Automatically add a getter to the property */
    OBJ_PROP_FLAG_READ = 1 << 0,
    /* Automatically add a setter to the property */
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    /* Automatically add a getter and a setter to the property */
    OBJ_PROP_FLAG_READWRITE = (OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE),
} ObjectPropertyFlags;

/* Properties "uintN" backed by the integer at @v. */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint8_ptr(ObjectClass *klass,
                                         const char *name,
                                         const uint8_t *v,
                                         ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                    const uint16_t *v,
                                    ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint16_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint16_t *v,
                                          ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                    const uint32_t *v,
                                    ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint32_t *v,
                                          ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                    const uint64_t *v,
                                    ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint64_t *v,
                                          ObjectPropertyFlags flags);

/* A property of @obj that forwards to @target_name of @target_obj. */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/*
 * Call @fn on each child of @obj (and, for the _recursive variant, on
 * their children); stop at and return the first non-zero result.
 */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/* qom/container.h: the object at @path below @root, creating containers. */
Object *container_get(Object *root, const char *path);

G_END_DECLS

#endif /* QEMU_OBJECT_H */
