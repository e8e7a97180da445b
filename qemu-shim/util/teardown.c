/*
 * qemu_shim_teardown(): the exit-time order in which the areas drop their
 * permanent objects; each area's part lives in that area's file.
 */
#include "qemu/osdep.h"
#include "qemu/shim.h"
#include "chardev/char.h"
#include "exec/address-spaces.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qom/object.h"

void qemu_shim_teardown(void)
{
    /* Devices first: they hold chardev frontends and map memory. */
    qemu_shim_qdev_teardown();
    qemu_chr_cleanup();
    /* Mapped devices were kept alive by system memory: they go here. */
    qemu_shim_memory_teardown();
    qemu_shim_sysbus_teardown();
    qemu_shim_object_roots_teardown();
}
