/*
 * Static device properties: each Property of a class's table becomes a QOM
 * class property whose accessors reach a field of the device state, refuse
 * writes once the device is realized, and carry the table's default.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties.h"
#include "qapi/error.h"
#include "qapi/visitor.h"

void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp)
{
    if (dev->id) {
        error_setg(errp, "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized", name, dev->id,
                   object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp, "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized", name,
                   object_get_typename(OBJECT(dev)));
    }
}

void qdev_prop_allow_set_link_before_realize(const Object *obj,
                                             const char *name,
                                             Object *val G_GNUC_UNUSED,
                                             Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        error_setg(errp, "Attempt to set link property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, dev->id ? dev->id : "<anonymous>",
                   object_get_typename(obj));
    }
}

void *object_field_prop_ptr(Object *obj, Property *prop)
{
    return (char *)obj + prop->offset;
}

void error_set_from_qdev_prop_error(Error **errp, int ret, Object *obj,
                                    const char *name, const char *value)
{
    switch (ret) {
    case -EEXIST:
        error_setg(errp, "Property '%s.%s' can't take value '%s', it's in use",
                   object_get_typename(obj), name, value);
        break;
    case -ENOENT:
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), name, value);
        break;
    case 0:
        break;
    default:
        error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                   object_get_typename(obj), name, value);
        break;
    }
}

/* The accessors every static property goes through. */

static void field_prop_get(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;

    prop->info->get(obj, v, name, opaque, errp);
}

static bool qdev_prop_allow_set(Object *obj, const char *name,
                                const PropertyInfo *info, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized && !info->realized_set_allowed) {
        qdev_prop_set_after_realize(dev, name, errp);
        return false;
    }
    return true;
}

static void field_prop_set(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;

    if (!qdev_prop_allow_set(obj, name, prop->info, errp)) {
        return;
    }
    prop->info->set(obj, v, name, opaque, errp);
}

static void qdev_propinfo_set_default_value_int(ObjectProperty *op,
                                                const Property *prop)
{
    object_property_set_default_int(op, prop->defval.i);
}

static void qdev_propinfo_set_default_value_uint(ObjectProperty *op,
                                                 const Property *prop)
{
    object_property_set_default_uint(op, prop->defval.u);
}

static void set_default_value_bool(ObjectProperty *op, const Property *prop)
{
    object_property_set_default_bool(op, prop->defval.u);
}

/* Bit in a uint32_t or uint64_t */

static uint64_t qdev_get_prop_mask(const Property *prop)
{
    return 1ULL << prop->bitnr;
}

static void prop_get_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    uint32_t *p = (uint32_t *)object_field_prop_ptr(obj, prop);
    bool value = (*p & qdev_get_prop_mask(prop)) != 0;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    uint32_t *p = (uint32_t *)object_field_prop_ptr(obj, prop);
    uint32_t mask = (uint32_t)qdev_get_prop_mask(prop);
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    *p = value ? (*p | mask) : (*p & ~mask);
}

const PropertyInfo qdev_prop_bit = {
    .name  = "bool",
    .description = "on/off",
    .get   = prop_get_bit,
    .set   = prop_set_bit,
    .set_default_value = set_default_value_bool,
};

static void prop_get_bit64(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    uint64_t *p = (uint64_t *)object_field_prop_ptr(obj, prop);
    bool value = (*p & qdev_get_prop_mask(prop)) != 0;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit64(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    uint64_t *p = (uint64_t *)object_field_prop_ptr(obj, prop);
    uint64_t mask = qdev_get_prop_mask(prop);
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    *p = value ? (*p | mask) : (*p & ~mask);
}

const PropertyInfo qdev_prop_bit64 = {
    .name  = "bool",
    .description = "on/off",
    .get   = prop_get_bit64,
    .set   = prop_set_bit64,
    .set_default_value = set_default_value_bool,
};

/*
 * Scalars: one getter/setter pair per C type. Both bodies are the same
 * call: the visitor's direction (input or output) makes it a read or write.
 */

#define DEFINE_SCALAR_ACCESSORS(type_name, c_type, visit_fn)               \
    static void get_##type_name(Object *obj, Visitor *v, const char *name, \
                                void *opaque, Error **errp)                \
    {                                                                      \
        Property *prop = (Property *)opaque;                               \
        c_type *ptr = (c_type *)object_field_prop_ptr(obj, prop);          \
                                                                           \
        visit_fn(v, name, ptr, errp);                                      \
    }                                                                      \
                                                                           \
    static void set_##type_name(Object *obj, Visitor *v, const char *name, \
                                void *opaque, Error **errp)                \
    {                                                                      \
        Property *prop = (Property *)opaque;                               \
        c_type *ptr = (c_type *)object_field_prop_ptr(obj, prop);          \
                                                                           \
        visit_fn(v, name, ptr, errp);                                      \
    }

DEFINE_SCALAR_ACCESSORS(bool, bool, visit_type_bool)
DEFINE_SCALAR_ACCESSORS(uint8, uint8_t, visit_type_uint8)
DEFINE_SCALAR_ACCESSORS(uint16, uint16_t, visit_type_uint16)
DEFINE_SCALAR_ACCESSORS(uint32, uint32_t, visit_type_uint32)
DEFINE_SCALAR_ACCESSORS(int32, int32_t, visit_type_int32)
DEFINE_SCALAR_ACCESSORS(uint64, uint64_t, visit_type_uint64)
DEFINE_SCALAR_ACCESSORS(int64, int64_t, visit_type_int64)
DEFINE_SCALAR_ACCESSORS(size, uint64_t, visit_type_size)

const PropertyInfo qdev_prop_bool = {
    .name  = "bool",
    .get   = get_bool,
    .set   = set_bool,
    .set_default_value = set_default_value_bool,
};

const PropertyInfo qdev_prop_uint8 = {
    .name  = "uint8",
    .get   = get_uint8,
    .set   = set_uint8,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_uint16 = {
    .name  = "uint16",
    .get   = get_uint16,
    .set   = set_uint16,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_uint32 = {
    .name  = "uint32",
    .get   = get_uint32,
    .set   = set_uint32,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_int32 = {
    .name  = "int32",
    .get   = get_int32,
    .set   = set_int32,
    .set_default_value = qdev_propinfo_set_default_value_int,
};

const PropertyInfo qdev_prop_uint64 = {
    .name  = "uint64",
    .get   = get_uint64,
    .set   = set_uint64,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_int64 = {
    .name  = "int64",
    .get   = get_int64,
    .set   = set_int64,
    .set_default_value = qdev_propinfo_set_default_value_int,
};

const PropertyInfo qdev_prop_size = {
    .name  = "size",
    .get   = get_size,
    .set   = set_size,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

/* String: a g_malloc'ed char * (NULL reads as "") */

static void release_string(Object *obj, const char *name G_GNUC_UNUSED,
                           void *opaque)
{
    Property *prop = (Property *)opaque;
    char **ptr = (char **)object_field_prop_ptr(obj, prop);

    g_free(*ptr);
    *ptr = NULL;
}

static void get_string(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    char **ptr = (char **)object_field_prop_ptr(obj, prop);

    if (!*ptr) {
        char *str = (char *)"";
        visit_type_str(v, name, &str, errp);
    } else {
        visit_type_str(v, name, ptr, errp);
    }
}

static void set_string(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    Property *prop = (Property *)opaque;
    char **ptr = (char **)object_field_prop_ptr(obj, prop);
    char *str;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    g_free(*ptr);
    *ptr = str;
}

const PropertyInfo qdev_prop_string = {
    .name  = "str",
    .release = release_string,
    .get   = get_string,
    .set   = set_string,
};

/* Link: a QOM link property to an object of prop->link_type */

static ObjectProperty *create_link_property(ObjectClass *oc, const char *name,
                                            Property *prop)
{
    return object_class_property_add_link(oc, name, prop->link_type,
                                          prop->offset,
                                          qdev_prop_allow_set_link_before_realize,
                                          OBJ_PROP_LINK_STRONG);
}

const PropertyInfo qdev_prop_link = {
    .name = "link",
    .create = create_link_property,
};

/* Registration */

static void qdev_class_add_property(DeviceClass *klass, const char *name,
                                    Property *prop)
{
    ObjectClass *oc = OBJECT_CLASS(klass);
    ObjectProperty *op;

    if (prop->info->create) {
        op = prop->info->create(oc, name, prop);
    } else {
        op = object_class_property_add(oc, name, prop->info->name,
                                       prop->info->get ? field_prop_get : NULL,
                                       prop->info->set ? field_prop_set : NULL,
                                       prop->info->release,
                                       prop);
    }
    if (prop->set_default) {
        /* Applied to each new instance before its instance_init runs. */
        prop->info->set_default_value(op, prop);
    }
    object_class_property_set_description(oc, name, prop->info->description);
}

void device_class_set_props(DeviceClass *dc, Property *props)
{
    Property *prop;

    dc->props_ = props;
    for (prop = props; prop && prop->name; prop++) {
        qdev_class_add_property(dc, prop->name, prop);
    }
}

/* Setters for board code: a failure is a bug, so they abort. */

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value)
{
    object_property_set_str(OBJECT(dev), name, value, &error_abort);
}
