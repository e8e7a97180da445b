/*
 * An out-of-tree QEMU C device: built by install-test.sh against the
 * installed qemu-shim with nothing but pkg-config, then loaded into the
 * installed qemu-harness.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "qemu/module.h"

#define TYPE_OOT_DEVICE "x-oot-device"

static uint64_t oot_read(void *opaque, hwaddr offset, unsigned size)
{
    return 0x00c0ffee;
}

static void oot_write(void *opaque, hwaddr offset, uint64_t value,
                      unsigned size)
{
}

static const MemoryRegionOps oot_ops = {
    .read = oot_read,
    .write = oot_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

typedef struct OotState {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
} OotState;

static void oot_init(Object *obj)
{
    OotState *s = (OotState *)obj;

    memory_region_init_io(&s->iomem, obj, &oot_ops, s, "oot", 0x100);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
}

static const TypeInfo oot_info = {
    .name = TYPE_OOT_DEVICE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(OotState),
    .instance_init = oot_init,
};

static void oot_register_types(void)
{
    type_register_static(&oot_info);
}

type_init(oot_register_types)
