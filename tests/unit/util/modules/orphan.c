/* A module whose type names a parent type that does not exist. */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"

static const TypeInfo orphan_info = {
    .name = "test-orphan",
    .parent = "test-no-such-parent",
    .instance_size = sizeof(Object),
};

static void orphan_register_types(void)
{
    type_register_static(&orphan_info);
}

type_init(orphan_register_types)
