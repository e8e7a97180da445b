/*
 * A module that undefined-symbols.py must reject, broken in one way
 * chosen at build time (the check's own test: it cannot pass because it
 * sees nothing):
 *   BAD_SYMBOL  calls a shim-only function, which QEMU does not export
 *   BAD_NEEDED  uses only QEMU's API but is linked to libqemu-shim.so
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"

#ifdef BAD_SYMBOL
void qemu_shim_something(void);
#endif

static const TypeInfo bad_info = {
    .name = "x-bad-module",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void bad_register_types(void)
{
#ifdef BAD_SYMBOL
    qemu_shim_something();
#endif
    type_register_static(&bad_info);
}

type_init(bad_register_types)
