/* A second well-formed module, to check load order in a directory. */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "test-module-hook.h"

static const TypeInfo other_info = {
    .name = "test-other",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void other_register_types(void)
{
    test_module_hook("other");
    type_register_static(&other_info);
}

type_init(other_register_types)
