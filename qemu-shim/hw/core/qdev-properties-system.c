/*
 * Device properties that refer to host-side objects: DEFINE_PROP_CHR, a
 * CharBackend connected to the chardev whose id the property is set to.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties-system.h"
#include "chardev/char-fe.h"
#include "qapi/error.h"
#include "qapi/visitor.h"

static void get_chr(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    CharBackend *be = (CharBackend *)object_field_prop_ptr(obj,
                                                           (Property *)opaque);
    char *p = g_strdup(be->chr && be->chr->label ? be->chr->label : "");

    visit_type_str(v, name, &p, errp);
    g_free(p);
}

static void set_chr(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    CharBackend *be = (CharBackend *)object_field_prop_ptr(obj,
                                                           (Property *)opaque);
    g_autofree char *str = NULL;
    Chardev *s;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    /* As in QEMU: a backend is connected once, never replaced. */
    if (be->chr) {
        error_setg(errp, "chardev property already initialized");
        return;
    }
    if (!*str) {
        return;
    }

    s = qemu_chr_find(str);
    if (!s) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), name, str);
    } else if (!qemu_chr_fe_init(be, s, errp)) {
        error_prepend(errp, "Property '%s.%s' can't take value '%s': ",
                      object_get_typename(obj), name, str);
    }
}

static void release_chr(Object *obj, const char *name G_GNUC_UNUSED,
                        void *opaque)
{
    CharBackend *be = (CharBackend *)object_field_prop_ptr(obj,
                                                           (Property *)opaque);

    qemu_chr_fe_deinit(be, false);
}

const PropertyInfo qdev_prop_chr = {
    .name  = "str",
    .description = "ID of a chardev to use as a backend",
    .get   = get_chr,
    .set   = set_chr,
    .release = release_chr,
};

void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value)
{
    assert(!value || value->label);
    object_property_set_str(OBJECT(dev), name, value ? value->label : "",
                            &error_abort);
}
