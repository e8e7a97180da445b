/*
 * Object, ObjectClass and TypeInfo: where QOM keeps the class pointer, the
 * free function, the reference count and the parent of an object, where a
 * class keeps its type, and whether QEMU reads a TypeInfo (and its
 * InterfaceInfo list) laid out by the shim's headers.
 */
#include "probe.h"

static void object_fields(int64_t *out)
{
    size_t n = probe_real_size("size.object");
    Object *parent = object_new("container");
    Object *obj = object_new("container");
    static uint8_t s0[PROBE_SNAP], s1[PROBE_SNAP], s2[PROBE_SNAP];

    out[0] = probe_find_word(obj, n, 0, (uintptr_t)object_get_class(obj), 0);
    /* object_new() frees with g_free (no alignment beyond malloc's). */
    out[1] = probe_find_word(obj, n, 0, (uintptr_t)g_free, 0);

    memcpy(s0, obj, n);
    object_ref(obj);
    memcpy(s1, obj, n);
    object_unref(obj);
    memcpy(s2, obj, n);
    for (size_t off = 0; off + 4 <= n; off += 4) {
        uint32_t a, b, c;
        memcpy(&a, s0 + off, 4);
        memcpy(&b, s1 + off, 4);
        memcpy(&c, s2 + off, 4);
        if (b == a + 1 && c == a) {
            out[2] = off;
            break;
        }
    }

    object_property_add_child(parent, "x-abi-child", obj);
    out[3] = probe_find_word(obj, n, 0, (uintptr_t)parent, 0);
}

/* ObjectClass.type: the word that points at a TypeImpl, whose first field
 * is the type's name (the pointer object_class_get_name() returns). */
static void object_class_fields(int64_t *out)
{
    size_t n = probe_real_size("class-size.object");
    ObjectClass *klass = object_class_by_name("container");
    const char *name = object_class_get_name(klass);

    for (size_t off = 0; off + 8 <= n; off += 8) {
        uint64_t first;
        if (probe_peek((void *)(uintptr_t)probe_word(klass, off), &first,
                       sizeof(first)) && first == (uintptr_t)name) {
            out[0] = off;
            return;
        }
    }
}

static int class_data_marker;
static bool class_init_seen, instance_init_seen;

static void typeinfo_class_init(ObjectClass *klass, void *data)
{
    class_init_seen = data == &class_data_marker;
}

static void typeinfo_instance_init(Object *obj)
{
    instance_init_seen = true;
}

/* A type registered with the shim's TypeInfo: QEMU must see the sizes, the
 * hooks, the class data and the interface list where the shim put them. */
static void typeinfo_round_trip(int64_t *out)
{
    static InterfaceInfo interfaces[] = {
        { "user-creatable" },
        { NULL },
    };
    static TypeInfo info;
    size_t size = probe_real_size("size.object") + 72;

    info = (TypeInfo) {
        .name = "x-abi-typeinfo",
        .parent = TYPE_OBJECT,
        .instance_size = size,
        .instance_init = typeinfo_instance_init,
        .class_size = probe_real_size("class-size.object") + 24,
        .class_init = typeinfo_class_init,
        .class_data = &class_data_marker,
        .interfaces = interfaces,
    };
    type_register_static(&info);
    ObjectClass *klass = object_class_by_name(info.name);
    Object *obj = klass ? object_new(info.name) : NULL;

    out[0] = obj && class_init_seen && instance_init_seen &&
             object_type_get_instance_size(info.name) == size &&
             object_class_get_parent(klass) == object_class_by_name(TYPE_OBJECT) &&
             object_get_class(obj) == klass &&
             object_dynamic_cast(obj, "user-creatable") == obj;
}

void probe_qom(void)
{
    probe_measure(object_fields, "Object.klass", "Object.free", "Object.ref",
                  "Object.parent", NULL);
    probe_measure(object_class_fields, "ObjectClass.type", NULL);
    probe_measure(typeinfo_round_trip, "TypeInfo.round_trip", NULL);
}
