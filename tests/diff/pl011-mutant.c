/*
 * "pl011-c-mutant": the C reference PL011 with one deliberate bug, to show
 * that the lockstep engine finds a difference and shrinks it. FR forgets
 * RXFF while the FIFO holds exactly 16 characters: only a guest that
 * enables the FIFO, fills it and then reads FR can tell.
 */
#include "qemu/osdep.h"
#include "hw/char/pl011_ref.h"
#include "qemu/module.h"

#define TYPE_PL011_MUTANT "pl011-c-mutant"

#define PL011_FR 0x18
#define PL011_FLAG_RXFF 0x40

static const MemoryRegionOps *parent_ops;

static uint64_t pl011_mutant_read(void *opaque, hwaddr offset, unsigned size)
{
    PL011RefState *s = opaque;
    uint64_t value = parent_ops->read(opaque, offset, size);

    if ((offset >> 2) == PL011_FR >> 2 && s->read_count == PL011_FIFO_DEPTH) {
        value &= ~PL011_FLAG_RXFF;
    }
    return value;
}

static void pl011_mutant_write(void *opaque, hwaddr offset, uint64_t value,
                               unsigned size)
{
    parent_ops->write(opaque, offset, value, size);
}

static MemoryRegionOps pl011_mutant_ops;

/* Wrap the region's ops, which the parent's instance_init has just set. */
static void pl011_mutant_init(Object *obj)
{
    PL011RefState *s = PL011_REF(obj);

    if (!parent_ops) {
        parent_ops = s->iomem.ops;
        pl011_mutant_ops = *parent_ops;
        pl011_mutant_ops.read = pl011_mutant_read;
        pl011_mutant_ops.write = pl011_mutant_write;
    }
    s->iomem.ops = &pl011_mutant_ops;
}

static const TypeInfo pl011_mutant_info = {
    .name = TYPE_PL011_MUTANT,
    .parent = TYPE_PL011_REF,
    .instance_init = pl011_mutant_init,
};

static void pl011_mutant_register_types(void)
{
    type_register_static(&pl011_mutant_info);
}

type_init(pl011_mutant_register_types)
