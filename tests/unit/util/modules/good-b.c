/*
 * A well-formed test module, part 2: a second file with its own stamp
 * copy (weak, merged at link time) and a type whose parent is in part 1.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "test-module-hook.h"

static const TypeInfo good_b_info = {
    .name = "test-good-b",
    .parent = "test-good-a1",
    .instance_size = sizeof(Object),
};

static void good_b_register_types(void)
{
    test_module_hook("good-b");
    type_register_static(&good_b_info);
}

type_init(good_b_register_types)
