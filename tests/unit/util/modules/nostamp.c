/*
 * A module not built with qemu/module.h's macros: it registers an init
 * from its own constructor but carries no ABI stamp. Must be refused and
 * its init never run.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "test-module-hook.h"

static void nostamp_init(void)
{
    test_module_hook("nostamp");
}

static void __attribute__((constructor)) nostamp_register(void)
{
    register_module_init(nostamp_init, MODULE_INIT_QOM);
}
