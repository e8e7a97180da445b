/*
 * A module stamped for another shim ABI: must be refused, naming both
 * ABIs, and its init never run.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "test-module-hook.h"

const char qemu_shim_module_stamp[] = "qemu-shim-abi-0.0-0";

static void badabi_init(void)
{
    test_module_hook("badabi");
}

static void __attribute__((constructor)) badabi_register(void)
{
    register_module_init(badabi_init, MODULE_INIT_QOM);
}
