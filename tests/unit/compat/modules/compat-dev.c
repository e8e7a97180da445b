/*
 * A device written the way QEMU 7.2 C devices are, against QEMU's header
 * names only, and built as a module: test-device-module loads it to prove
 * such a source compiles and runs against the shim unchanged. It is a
 * small FIFO of 32-bit words: registers declared with REG32/FIELD, the
 * pending words on a QTAILQ, its category set with set_bit(), and an
 * interrupt while words are pending.
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/bswap.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/queue.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/sysbus.h"
#include "qapi/error.h"
#include "qom/object.h"

#define TYPE_COMPAT_FIFO "compat-fifo"
OBJECT_DECLARE_SIMPLE_TYPE(CompatFifoState, COMPAT_FIFO)

REG32(CTRL, 0x00)
    FIELD(CTRL, EN, 0, 1)
    FIELD(CTRL, IRQEN, 1, 1)
    FIELD(CTRL, SWAP, 2, 1)
REG32(PUSH, 0x04)
REG32(POP, 0x08)
REG32(STATUS, 0x0c)
    FIELD(STATUS, COUNT, 0, 8)
    FIELD(STATUS, EMPTY, 8, 1)
    FIELD(STATUS, FULL, 9, 1)
REG32(ID, 0x10)

#define CTRL_WRITABLE (R_CTRL_EN_MASK | R_CTRL_IRQEN_MASK | R_CTRL_SWAP_MASK)

typedef struct PendingWord {
    uint32_t value;
    QTAILQ_ENTRY(PendingWord) next;
} PendingWord;

struct CompatFifoState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    uint32_t regs[R_CTRL + 1];
    QTAILQ_HEAD(, PendingWord) pending;
    uint32_t npending;

    /* properties */
    uint32_t depth;
    uint32_t id;
};

static void compat_fifo_update(CompatFifoState *s)
{
    qemu_set_irq(s->irq, ARRAY_FIELD_EX32(s->regs, CTRL, IRQEN) &&
                         !QTAILQ_EMPTY(&s->pending));
}

static void compat_fifo_drain(CompatFifoState *s)
{
    PendingWord *w, *next;

    QTAILQ_FOREACH_SAFE(w, &s->pending, next, next) {
        QTAILQ_REMOVE(&s->pending, w, next);
        g_free(w);
    }
    s->npending = 0;
}

static uint32_t compat_fifo_status(CompatFifoState *s)
{
    uint32_t v = 0;

    v = FIELD_DP32(v, STATUS, COUNT, s->npending);
    v = FIELD_DP32(v, STATUS, EMPTY, QTAILQ_EMPTY(&s->pending));
    v = FIELD_DP32(v, STATUS, FULL, s->npending == s->depth);
    return v;
}

static uint64_t compat_fifo_read(void *opaque, hwaddr offset, unsigned size)
{
    CompatFifoState *s = COMPAT_FIFO(opaque);
    PendingWord *w;
    uint32_t v;

    switch (offset) {
    case A_CTRL:
        return s->regs[R_CTRL];
    case A_POP:
        w = QTAILQ_FIRST(&s->pending);
        if (!w) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: pop from an empty FIFO\n",
                          __func__);
            return 0;
        }
        QTAILQ_REMOVE(&s->pending, w, next);
        s->npending--;
        v = w->value;
        g_free(w);
        compat_fifo_update(s);
        return v;
    case A_STATUS:
        return compat_fifo_status(s);
    case A_ID:
        return s->id;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, offset);
        return 0;
    }
}

static void compat_fifo_write(void *opaque, hwaddr offset, uint64_t value,
                              unsigned size)
{
    CompatFifoState *s = COMPAT_FIFO(opaque);
    PendingWord *w;

    switch (offset) {
    case A_CTRL:
        s->regs[R_CTRL] = value & CTRL_WRITABLE;
        break;
    case A_PUSH:
        if (!ARRAY_FIELD_EX32(s->regs, CTRL, EN)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: push while disabled\n",
                          __func__);
            break;
        }
        if (s->npending == s->depth) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: push to a full FIFO\n",
                          __func__);
            break;
        }
        w = g_new0(PendingWord, 1);
        w->value = ARRAY_FIELD_EX32(s->regs, CTRL, SWAP) ? bswap32(value)
                                                         : value;
        QTAILQ_INSERT_TAIL(&s->pending, w, next);
        s->npending++;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, offset);
        break;
    }
    compat_fifo_update(s);
}

static const MemoryRegionOps compat_fifo_ops = {
    .read = compat_fifo_read,
    .write = compat_fifo_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void compat_fifo_reset(DeviceState *dev)
{
    CompatFifoState *s = COMPAT_FIFO(dev);

    compat_fifo_drain(s);
    memset(s->regs, 0, sizeof(s->regs));
    compat_fifo_update(s);
}

static void compat_fifo_realize(DeviceState *dev, Error **errp)
{
    CompatFifoState *s = COMPAT_FIFO(dev);

    if (s->depth == 0 || s->depth > R_STATUS_COUNT_MASK) {
        error_setg(errp, "compat-fifo: depth must be between 1 and %d",
                   (int)R_STATUS_COUNT_MASK);
        return;
    }
}

static void compat_fifo_init(Object *obj)
{
    CompatFifoState *s = COMPAT_FIFO(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    QTAILQ_INIT(&s->pending);
    memory_region_init_io(&s->iomem, obj, &compat_fifo_ops, s,
                          TYPE_COMPAT_FIFO, 4 * KiB);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
}

static void compat_fifo_finalize(Object *obj)
{
    compat_fifo_drain(COMPAT_FIFO(obj));
}

static Property compat_fifo_properties[] = {
    DEFINE_PROP_UINT32("depth", CompatFifoState, depth, 4),
    DEFINE_PROP_UINT32("id", CompatFifoState, id, 0x7a11),
    DEFINE_PROP_END_OF_LIST(),
};

static void compat_fifo_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "QEMU 7.2-style FIFO (compat test)";
    dc->realize = compat_fifo_realize;
    dc->reset = compat_fifo_reset;
    device_class_set_props(dc, compat_fifo_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo compat_fifo_info = {
    .name = TYPE_COMPAT_FIFO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(CompatFifoState),
    .instance_init = compat_fifo_init,
    .instance_finalize = compat_fifo_finalize,
    .class_init = compat_fifo_class_init,
};

static void compat_fifo_register_types(void)
{
    type_register_static(&compat_fifo_info);
}

type_init(compat_fifo_register_types)
