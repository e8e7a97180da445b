/* A module that registers a type name that is already taken. */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"

static const TypeInfo dup_info = {
    .name = "test-good-a1",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void dup_register_types(void)
{
    type_register_static(&dup_info);
}

type_init(dup_register_types)
