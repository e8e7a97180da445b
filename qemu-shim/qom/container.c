/*
 * Containers (type "container"): plain objects that give the composition
 * tree its directories, created on demand by container_get().
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qom-internal.h"

const TypeInfo qom_container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
};

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    Object *obj = root;
    int i;

    /* Empty components ("/a//b", the leading "/") are skipped. */
    for (i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}
