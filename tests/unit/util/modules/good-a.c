/*
 * A well-formed test module, part 1: two type_init() in one file (the ABI
 * stamp must still be defined once) and a non-QOM init.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "test-module-hook.h"

static const TypeInfo good_a1_info = {
    .name = "test-good-a1",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static const TypeInfo good_a2_info = {
    .name = "test-good-a2",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void good_a1_register_types(void)
{
    test_module_hook("good-a1");
    type_register_static(&good_a1_info);
}

static void good_a2_register_types(void)
{
    test_module_hook("good-a2");
    type_register_static(&good_a2_info);
}

static void good_opts_init(void)
{
    test_module_hook("good-opts");
}

type_init(good_a1_register_types)
type_init(good_a2_register_types)
opts_init(good_opts_init)
