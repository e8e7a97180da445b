/*
 * A device module that is broken in exactly one way, chosen at build time,
 * so that the harness's module-loading errors can be tested end to end:
 *   BROKEN_NOSTAMP  registers an init from its own constructor, no ABI stamp
 *   BROKEN_BADABI   carries the stamp of another shim ABI
 *   BROKEN_UNDEF    needs a symbol that nothing defines
 *   BROKEN_DUP      registers "x-testdev" again (load it after x-testdev.so)
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "qemu/module.h"
#include "qom/object.h"

#if defined(BROKEN_NOSTAMP) || defined(BROKEN_BADABI)

#ifdef BROKEN_BADABI
const char qemu_shim_module_stamp[] = "qemu-shim-abi-0.0-0";
#endif

static void broken_init(void)
{
    /* The loader refuses the module before any init runs. */
    abort();
}

static void __attribute__((constructor)) broken_register(void)
{
    register_module_init(broken_init, MODULE_INIT_QOM);
}

#elif defined(BROKEN_UNDEF)

void x_testdev_no_such_symbol(void);

static void broken_init(void)
{
    x_testdev_no_such_symbol();
}

type_init(broken_init)

#elif defined(BROKEN_DUP)

static const TypeInfo dup_info = {
    .name = "x-testdev",
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SysBusDevice),
};

static void broken_register_types(void)
{
    type_register_static(&dup_info);
}

type_init(broken_register_types)

#else
#error "define one of BROKEN_NOSTAMP, BROKEN_BADABI, BROKEN_UNDEF, BROKEN_DUP"
#endif
