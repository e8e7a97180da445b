/*
 * A module that loads in the harness but not in qemu-system-arm: its init
 * calls a shim-only function, which the real QEMU does not export. The
 * loader must name the symbol and exit 1 before QEMU's main runs.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"

static void shim_only_init(void)
{
    /* Never runs in QEMU: dlopen(RTLD_NOW) fails first. */
    (void)qemu_shim_live_objects();
}

type_init(shim_only_init)
