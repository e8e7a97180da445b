/*
 * "x-pl011-c-stp2-mutant": the C reference PL011 with one bug a Linux guest
 * can see, to show that guest-pl011's checks catch a wrong device: LCR_H
 * drops STP2 (two stop bits) on write, so `stty cstopb` never reaches the
 * register. Everything else (console, data, breaks) still works.
 */
#include "qemu/osdep.h"
#include "hw/char/pl011_ref.h"
#include "qemu/module.h"

#define TYPE_PL011_STP2_MUTANT "x-pl011-c-stp2-mutant"

#define PL011_LCR_H 0x2c
#define PL011_LCR_H_STP2 0x08

static const MemoryRegionOps *parent_ops;
static MemoryRegionOps mutant_ops;

static void mutant_write(void *opaque, hwaddr offset, uint64_t value,
                         unsigned size)
{
    if (offset == PL011_LCR_H) {
        value &= ~(uint64_t)PL011_LCR_H_STP2;
    }
    parent_ops->write(opaque, offset, value, size);
}

/* Wrap the region's ops, which the parent's instance_init has just set. */
static void mutant_init(Object *obj)
{
    PL011RefState *s = PL011_REF(obj);

    if (!parent_ops) {
        parent_ops = s->iomem.ops;
        mutant_ops = *parent_ops;
        mutant_ops.write = mutant_write;
    }
    s->iomem.ops = &mutant_ops;
}

static const TypeInfo mutant_info = {
    .name = TYPE_PL011_STP2_MUTANT,
    .parent = TYPE_PL011_REF,
    .instance_init = mutant_init,
};

static void mutant_register_types(void)
{
    type_register_static(&mutant_info);
}

type_init(mutant_register_types)
