/*
 * x-testdev: a sysbus device for the harness's own qtest tests. Each
 * register exists to make one qtest or QMP command of qemu-harness
 * observable: IRQ outputs, GPIO inputs, a virtual-clock timer, a chardev,
 * typed properties, migration state and a reset handler.
 */
#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_X_TESTDEV "x-testdev"
OBJECT_DECLARE_SIMPLE_TYPE(XTestDevState, X_TESTDEV)

/* Register map; every register is 32 bits wide. */
#define R_ID            0x00    /* RO: XTESTDEV_ID */
#define R_SCRATCH       0x04    /* RW; cleared by reset */
#define R_IRQ           0x08    /* RW: bit N is the level of sysbus IRQ N */
#define R_GPIO_IN       0x0c    /* RO: bit N is the level of GPIO input N */
#define R_TIMER         0x10    /* W: fire in VALUE ns (0 stops); R: armed */
#define R_TIMER_FIRED   0x14    /* RO: expiries so far; any write clears */
#define R_CHR_DATA      0x18    /* W: transmit a byte; R: oldest byte received */
#define R_CHR_RXCOUNT   0x1c    /* RO: received bytes waiting */
#define R_VALUE         0x20    /* RO: the "value" property */
#define R_FLAG          0x24    /* RO: the "flag" property */

#define XTESTDEV_ID             0x58544456  /* "XTDV" */
#define XTESTDEV_MMIO_SIZE      0x100
#define XTESTDEV_NUM_IRQ        2
#define XTESTDEV_NUM_GPIO_IN    4
#define XTESTDEV_RX_FIFO        16
#define XTESTDEV_TIMER_IRQ      1
/* A "value" that makes realize fail, for the command-line error tests. */
#define XTESTDEV_VALUE_REFUSED  0xdead

struct XTestDevState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq[XTESTDEV_NUM_IRQ];
    QEMUTimer *timer;
    CharBackend chr;

    uint32_t scratch;
    uint32_t irq_level;
    uint32_t gpio_level;
    uint32_t timer_fired;
    uint8_t rx_fifo[XTESTDEV_RX_FIFO];
    uint32_t rx_count;

    /* properties */
    bool flag;
    uint32_t value;
    char *name;
};

static void xtestdev_set_irqs(XTestDevState *s, uint32_t level)
{
    s->irq_level = level & ((1u << XTESTDEV_NUM_IRQ) - 1);
    for (int i = 0; i < XTESTDEV_NUM_IRQ; i++) {
        qemu_set_irq(s->irq[i], (s->irq_level >> i) & 1);
    }
}

static uint32_t xtestdev_rx_pop(XTestDevState *s)
{
    uint32_t c;

    if (!s->rx_count) {
        return 0;
    }
    c = s->rx_fifo[0];
    s->rx_count--;
    memmove(s->rx_fifo, s->rx_fifo + 1, s->rx_count);
    /* There is room again: let the backend deliver what it holds. */
    qemu_chr_fe_accept_input(&s->chr);
    return c;
}

static uint32_t xtestdev_reg_read(XTestDevState *s, hwaddr reg)
{
    switch (reg) {
    case R_ID:
        return XTESTDEV_ID;
    case R_SCRATCH:
        return s->scratch;
    case R_IRQ:
        return s->irq_level;
    case R_GPIO_IN:
        return s->gpio_level;
    case R_TIMER:
        return timer_pending(s->timer);
    case R_TIMER_FIRED:
        return s->timer_fired;
    case R_CHR_DATA:
        return xtestdev_rx_pop(s);
    case R_CHR_RXCOUNT:
        return s->rx_count;
    case R_VALUE:
        return s->value;
    case R_FLAG:
        return s->flag;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "x-testdev: read of unknown register "
                      "0x%" HWADDR_PRIx "\n", reg);
        return 0;
    }
}

/* The low @size bytes of a register (impl.max_access_size is 4). */
static uint32_t lane_mask(unsigned size)
{
    return size >= 4 ? UINT32_MAX : (1u << (size * 8)) - 1;
}

/* Any access of 1 to 4 bytes: the byte lanes of the register it falls in. */
static uint64_t xtestdev_read(void *opaque, hwaddr addr, unsigned size)
{
    XTestDevState *s = opaque;
    unsigned shift = (addr & 3) * 8;

    return (xtestdev_reg_read(s, addr & ~3) >> shift) & lane_mask(size);
}

static void xtestdev_write(void *opaque, hwaddr addr, uint64_t value,
                           unsigned size)
{
    XTestDevState *s = opaque;
    hwaddr reg = addr & ~3;
    unsigned shift = (addr & 3) * 8;
    uint32_t mask = lane_mask(size) << shift;
    uint8_t ch;

    /* Only the scratch register merges narrow writes into its lanes. */
    if (reg == R_SCRATCH) {
        s->scratch = (s->scratch & ~mask) | (((uint32_t)value << shift) & mask);
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "x-testdev: %u-byte write to register "
                      "0x%" HWADDR_PRIx " ignored\n", size, reg);
        return;
    }
    switch (reg) {
    case R_IRQ:
        xtestdev_set_irqs(s, value);
        break;
    case R_TIMER:
        if (value) {
            timer_mod(s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + value);
        } else {
            timer_del(s->timer);
        }
        break;
    case R_TIMER_FIRED:
        s->timer_fired = 0;
        break;
    case R_CHR_DATA:
        ch = value;
        qemu_chr_fe_write_all(&s->chr, &ch, 1);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "x-testdev: write to read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", reg);
        break;
    }
}

static const MemoryRegionOps xtestdev_ops = {
    .read = xtestdev_read,
    .write = xtestdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
};

static void xtestdev_timer_cb(void *opaque)
{
    XTestDevState *s = opaque;

    s->timer_fired++;
    xtestdev_set_irqs(s, s->irq_level | 1u << XTESTDEV_TIMER_IRQ);
}

static void xtestdev_gpio_in(void *opaque, int n, int level)
{
    XTestDevState *s = opaque;

    if (level) {
        s->gpio_level |= 1u << n;
    } else {
        s->gpio_level &= ~(1u << n);
    }
}

static int xtestdev_can_receive(void *opaque)
{
    XTestDevState *s = opaque;

    return XTESTDEV_RX_FIFO - s->rx_count;
}

static void xtestdev_receive(void *opaque, const uint8_t *buf, int size)
{
    XTestDevState *s = opaque;
    int n = MIN(size, (int)(XTESTDEV_RX_FIFO - s->rx_count));

    memcpy(s->rx_fifo + s->rx_count, buf, n);
    s->rx_count += n;
}

static void xtestdev_reset(DeviceState *dev)
{
    XTestDevState *s = X_TESTDEV(dev);

    s->scratch = 0;
    s->timer_fired = 0;
    timer_del(s->timer);
    xtestdev_set_irqs(s, 0);
}

static void xtestdev_realize(DeviceState *dev, Error **errp)
{
    XTestDevState *s = X_TESTDEV(dev);

    if (s->value == XTESTDEV_VALUE_REFUSED) {
        error_setg(errp, "x-testdev: value 0x%x is refused on purpose",
                   XTESTDEV_VALUE_REFUSED);
        return;
    }
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, xtestdev_timer_cb, s);
    qemu_chr_fe_set_handlers(&s->chr, xtestdev_can_receive, xtestdev_receive,
                             NULL, NULL, s, NULL, true);
}

static void xtestdev_unrealize(DeviceState *dev)
{
    XTestDevState *s = X_TESTDEV(dev);

    g_clear_pointer(&s->timer, timer_free);
}

static void xtestdev_init(Object *obj)
{
    XTestDevState *s = X_TESTDEV(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &xtestdev_ops, s, "x-testdev",
                          XTESTDEV_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    for (int i = 0; i < XTESTDEV_NUM_IRQ; i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }
    qdev_init_gpio_in(DEVICE(obj), xtestdev_gpio_in, XTESTDEV_NUM_GPIO_IN);
    /* Not a qdev property: settable with qom-set after realize. */
    object_property_add_uint32_ptr(obj, "scratch", &s->scratch,
                                   OBJ_PROP_FLAG_READWRITE);
}

static const VMStateDescription vmstate_xtestdev = {
    .name = "x-testdev",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(scratch, XTestDevState),
        VMSTATE_UINT32(irq_level, XTestDevState),
        VMSTATE_UINT32(timer_fired, XTestDevState),
        VMSTATE_TIMER_PTR(timer, XTestDevState),
        VMSTATE_END_OF_LIST()
    }
};

static Property xtestdev_properties[] = {
    DEFINE_PROP_CHR("chardev", XTestDevState, chr),
    DEFINE_PROP_BOOL("flag", XTestDevState, flag, true),
    DEFINE_PROP_UINT32("value", XTestDevState, value, 0),
    DEFINE_PROP_STRING("name", XTestDevState, name),
    DEFINE_PROP_END_OF_LIST(),
};

static void xtestdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "qemu-harness test device";
    dc->realize = xtestdev_realize;
    dc->unrealize = xtestdev_unrealize;
    dc->reset = xtestdev_reset;
    dc->vmsd = &vmstate_xtestdev;
    device_class_set_props(dc, xtestdev_properties);
}

static const TypeInfo xtestdev_info = {
    .name          = TYPE_X_TESTDEV,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XTestDevState),
    .instance_init = xtestdev_init,
    .class_init    = xtestdev_class_init,
};

static void xtestdev_register_types(void)
{
    type_register_static(&xtestdev_info);
}

type_init(xtestdev_register_types)
