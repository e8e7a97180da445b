/*
 * The C reference SP804-style dual timer (ARM DDI 0271), type "sp804-c":
 * QEMU 7.2's sp804 (hw/timer/arm_timer.c) as a C device on hw/ptimer.h,
 * quirks included: TimerControl starts at 0x20 (IE) and there is no reset
 * handler, TimerValue writes are ignored, a TimerControl write stops and
 * restarts the counter (losing the current period), the prescaler takes
 * effect at that write only, and the integration test registers read 0.
 * The two counters' interrupts are ORed onto one line. The yardstick for
 * the C++ timer (sp804.cc); both migrate as section "sp804-dual".
 */
#include "qemu/osdep.h"
#include "hw/irq.h"
#include "hw/ptimer.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qom/object.h"

#ifndef SP804_REF_MUTANT
#define TYPE_SP804_REF "sp804-c"
#define PRESCALE_16_SHIFT 4
#else
/* tests/timer/sp804-mutant.c: the /16 prescaler divides by 8. */
#define TYPE_SP804_REF "x-sp804-c-mutant"
#define PRESCALE_16_SHIFT 3
#endif
OBJECT_DECLARE_SIMPLE_TYPE(SP804RefState, SP804_REF)

#define CTRL_ONESHOT  (1 << 0)
#define CTRL_32BIT    (1 << 1)
#define CTRL_IE       (1 << 5)
#define CTRL_PERIODIC (1 << 6)
#define CTRL_ENABLE   (1 << 7)

typedef struct SP804RefTimer {
    ptimer_state *timer;
    uint32_t control;
    uint32_t limit;
    int32_t int_level;
    uint32_t freq;
    SP804RefState *dev;
} SP804RefTimer;

struct SP804RefState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    SP804RefTimer t[2];
    uint32_t freq0, freq1;
    int32_t level[2];
    qemu_irq irq;
};

/* TimerPeriphID0..3, TimerPCellID0..3 */
static const uint8_t sp804_ref_ids[8] = {
    0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

static void sp804_ref_update(SP804RefState *s)
{
    for (int i = 0; i < 2; i++) {
        s->level[i] = s->t[i].int_level && (s->t[i].control & CTRL_IE);
    }
    qemu_set_irq(s->irq, s->level[0] || s->level[1]);
}

static uint32_t counter_read(SP804RefTimer *t, hwaddr offset)
{
    switch (offset >> 2) {
    case 0: /* TimerLoad */
    case 6: /* TimerBGLoad */
        return t->limit;
    case 1: /* TimerValue */
        return ptimer_get_count(t->timer);
    case 2: /* TimerControl */
        return t->control;
    case 4: /* TimerRIS */
        return t->int_level;
    case 5: /* TimerMIS */
        return (t->control & CTRL_IE) ? t->int_level : 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_timer_read: Bad offset %x\n",
                      (int)offset);
        return 0;
    }
}

/* The reload value: the load register, or all ones when free-running. */
static void counter_set_limit(SP804RefTimer *t, int reload)
{
    uint32_t limit = t->limit;

    if (!(t->control & (CTRL_PERIODIC | CTRL_ONESHOT))) {
        limit = (t->control & CTRL_32BIT) ? 0xffffffff : 0xffff;
    }
    ptimer_set_limit(t->timer, limit, reload);
}

static void counter_write(SP804RefTimer *t, hwaddr offset, uint32_t value)
{
    uint32_t freq;

    switch (offset >> 2) {
    case 0: /* TimerLoad */
        t->limit = value;
        ptimer_transaction_begin(t->timer);
        counter_set_limit(t, 1);
        ptimer_transaction_commit(t->timer);
        break;
    case 1: /* TimerValue: read-only, writes ignored as QEMU does */
        break;
    case 2: /* TimerControl */
        ptimer_transaction_begin(t->timer);
        if (t->control & CTRL_ENABLE) {
            ptimer_stop(t->timer);
        }
        t->control = value;
        freq = t->freq;
        switch ((value >> 2) & 3) {
        case 1:
            freq >>= PRESCALE_16_SHIFT;
            break;
        case 2:
            freq >>= 8;
            break;
        }
        counter_set_limit(t, t->control & CTRL_ENABLE);
        ptimer_set_freq(t->timer, freq);
        if (t->control & CTRL_ENABLE) {
            ptimer_run(t->timer, (t->control & CTRL_ONESHOT) != 0);
        }
        ptimer_transaction_commit(t->timer);
        break;
    case 3: /* TimerIntClr */
        t->int_level = 0;
        break;
    case 6: /* TimerBGLoad */
        t->limit = value;
        ptimer_transaction_begin(t->timer);
        counter_set_limit(t, 0);
        ptimer_transaction_commit(t->timer);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_timer_write: Bad offset %x\n",
                      (int)offset);
    }
    sp804_ref_update(t->dev);
}

static void sp804_ref_expired(void *opaque)
{
    SP804RefTimer *t = opaque;

    t->int_level = 1;
    sp804_ref_update(t->dev);
}

static uint64_t sp804_ref_read(void *opaque, hwaddr offset, unsigned size)
{
    SP804RefState *s = opaque;

    if (offset < 0x40) {
        return counter_read(&s->t[offset >= 0x20], offset & 0x1f);
    }
    if (offset >= 0xfe0 && offset <= 0xffc) {
        return sp804_ref_ids[(offset - 0xfe0) >> 2];
    }
    if (offset == 0xf00 || offset == 0xf04) {   /* TimerITCR, TimerITOP */
        qemu_log_mask(LOG_UNIMP, "sp804_read: integration test registers "
                      "unimplemented\n");
        return 0;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "sp804_read: Bad offset %x\n",
                  (int)offset);
    return 0;
}

static void sp804_ref_write(void *opaque, hwaddr offset, uint64_t value,
                            unsigned size)
{
    SP804RefState *s = opaque;

    if (offset < 0x40) {
        counter_write(&s->t[offset >= 0x20], offset & 0x1f, value);
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "sp804_write: Bad offset %x\n",
                  (int)offset);
}

static const MemoryRegionOps sp804_ref_ops = {
    .read = sp804_ref_read,
    .write = sp804_ref_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

static const VMStateDescription vmstate_sp804_ref_timer = {
    .name = "sp804-dual/timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(control, SP804RefTimer),
        VMSTATE_UINT32(limit, SP804RefTimer),
        VMSTATE_INT32(int_level, SP804RefTimer),
        VMSTATE_PTIMER(timer, SP804RefTimer),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_sp804_ref = {
    .name = "sp804-dual",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32_ARRAY(level, SP804RefState, 2),
        VMSTATE_STRUCT_ARRAY(t, SP804RefState, 2, 1, vmstate_sp804_ref_timer,
                             SP804RefTimer),
        VMSTATE_END_OF_LIST()
    },
};

static Property sp804_ref_properties[] = {
    DEFINE_PROP_UINT32("freq0", SP804RefState, freq0, 1000000),
    DEFINE_PROP_UINT32("freq1", SP804RefState, freq1, 1000000),
    DEFINE_PROP_END_OF_LIST(),
};

static void sp804_ref_init(Object *obj)
{
    SP804RefState *s = SP804_REF(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    sysbus_init_irq(sbd, &s->irq);
    memory_region_init_io(&s->iomem, obj, &sp804_ref_ops, s, "sp804",
                          0x1000);
    sysbus_init_mmio(sbd, &s->iomem);
}

static void sp804_ref_realize(DeviceState *dev, Error **errp)
{
    SP804RefState *s = SP804_REF(dev);
    uint32_t freq[2] = { s->freq0, s->freq1 };

    for (int i = 0; i < 2; i++) {
        /* QEMU divides by zero (SIGFPE) once the prescaler makes it 0. */
        if (freq[i] < 256) {
            error_setg(errp, "sp804: freq%d must be at least 256 Hz (the "
                       "prescaler divides it by up to 256)", i);
            return;
        }
    }
    for (int i = 0; i < 2; i++) {
        s->t[i].dev = s;
        s->t[i].freq = freq[i];
        s->t[i].control = CTRL_IE;
        s->t[i].timer = ptimer_init(sp804_ref_expired, &s->t[i],
                                    PTIMER_POLICY_LEGACY);
    }
}

static void sp804_ref_finalize(Object *obj)
{
    SP804RefState *s = SP804_REF(obj);

    for (int i = 0; i < 2; i++) {
        if (s->t[i].timer) {
            ptimer_free(s->t[i].timer);
        }
    }
}

static void sp804_ref_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = sp804_ref_realize;
    dc->vmsd = &vmstate_sp804_ref;
    device_class_set_props(dc, sp804_ref_properties);
}

static const TypeInfo sp804_ref_info = {
    .name              = TYPE_SP804_REF,
    .parent            = TYPE_SYS_BUS_DEVICE,
    .instance_size     = sizeof(SP804RefState),
    .instance_init     = sp804_ref_init,
    .instance_finalize = sp804_ref_finalize,
    .class_init        = sp804_ref_class_init,
};

static void sp804_ref_register_types(void)
{
    type_register_static(&sp804_ref_info);
}

type_init(sp804_ref_register_types)
