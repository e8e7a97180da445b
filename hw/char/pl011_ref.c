/*
 * The C reference PL011 (see pl011_ref.h): ARM PrimeCell UART as QEMU 7.2
 * models it, quirks included (no reset handler, trigger level always 1,
 * FEN toggle keeps the flags, no TX FIFO). shared/docs/pl011.md is the spec.
 * It emits 7.2's pl011_* trace events (trace-events) where 7.2's does.
 */
#include "qemu/osdep.h"
#include "hw/char/pl011_ref.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"
#include "chardev/char-fe.h"
#include "chardev/char-serial.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "trace.h"

/* Flag register */
#define PL011_FLAG_RXFF 0x40
#define PL011_FLAG_RXFE 0x10

/* Interrupt status bits in UARTRIS, UARTMIS, UARTIMSC */
#define INT_OE (1 << 10)
#define INT_BE (1 << 9)
#define INT_PE (1 << 8)
#define INT_FE (1 << 7)
#define INT_RT (1 << 6)
#define INT_TX (1 << 5)
#define INT_RX (1 << 4)
#define INT_DSR (1 << 3)
#define INT_DCD (1 << 2)
#define INT_CTS (1 << 1)
#define INT_RI (1 << 0)
#define INT_E (INT_OE | INT_BE | INT_PE | INT_FE)
#define INT_MS (INT_RI | INT_DSR | INT_DCD | INT_CTS)

/* Line control register */
#define PL011_LCRH_FEN 0x10
#define PL011_LCRH_BRK 0x01

/* What the receive side puts in the FIFO for a break */
#define PL011_DR_BREAK 0x400

static const unsigned char pl011_id_arm[8] = {
    0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};
static const unsigned char pl011_id_luminary[8] = {
    0x11, 0x00, 0x18, 0x01, 0x0d, 0xf0, 0x05, 0xb1
};

/* Which interrupt bits drive each of the six sysbus lines, in order. */
static const uint32_t irqmask[] = {
    INT_E | INT_MS | INT_RT | INT_TX | INT_RX, /* combined UARTINTR */
    INT_RX,                                    /* UARTRXINTR */
    INT_TX,                                    /* UARTTXINTR */
    INT_RT,                                    /* UARTRTINTR */
    INT_MS,                                    /* UARTMSINTR */
    INT_E,                                     /* UARTEINTR */
};

static void pl011_update(PL011RefState *s)
{
    uint32_t flags = s->int_level & s->int_enabled;

    trace_pl011_irq_state(flags != 0);
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        qemu_set_irq(s->irq[i], (flags & irqmask[i]) != 0);
    }
}

static bool pl011_fifo_enabled(PL011RefState *s)
{
    return (s->lcr & PL011_LCRH_FEN) != 0;
}

static int pl011_fifo_depth(PL011RefState *s)
{
    return pl011_fifo_enabled(s) ? PL011_FIFO_DEPTH : 1;
}

/*
 * The baud rate exists only for this trace point: 0 while IBRD is 0, else
 * (clk / ((ibrd << 6) + fbrd)) << 2 in 7.2's 32-bit arithmetic. A divisor
 * that wraps to 0 is baud rate 0 here (7.2 divides by zero).
 */
static void pl011_trace_baudrate_change(PL011RefState *s)
{
    uint32_t divisor = (s->ibrd << 6) + s->fbrd;
    uint64_t clk = clock_get_hz(s->clk);
    unsigned int baudrate = 0;

    if (s->ibrd != 0 && divisor == 0) {
        if (clk != 0) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "pl011: baud rate divisor is zero, baud rate 0\n");
        }
    } else if (s->ibrd != 0) {
        baudrate = (clk / divisor) << 2;
    }
    trace_pl011_baudrate_change(baudrate, clk, s->ibrd, s->fbrd);
}

static void pl011_set_read_trigger(PL011RefState *s)
{
    /* 7.2 disables the IFLS formula: the trigger is always one character. */
    s->read_trigger = 1;
}

static uint64_t pl011_read(void *opaque, hwaddr offset, unsigned size)
{
    PL011RefState *s = opaque;
    uint32_t c;
    uint64_t r;

    switch (offset >> 2) {
    case 0: /* UARTDR */
        s->flags &= ~PL011_FLAG_RXFF;
        c = s->read_fifo[s->read_pos];
        if (s->read_count > 0) {
            s->read_count--;
            s->read_pos = (s->read_pos + 1) % PL011_FIFO_DEPTH;
        }
        if (s->read_count == 0) {
            s->flags |= PL011_FLAG_RXFE;
        }
        /* 64 bits: a loaded trigger of INT32_MIN must not overflow. */
        if ((int64_t)s->read_count == (int64_t)s->read_trigger - 1) {
            s->int_level &= ~INT_RX;
        }
        trace_pl011_read_fifo(s->read_count);
        s->rsr = c >> 8;
        pl011_update(s);
        qemu_chr_fe_accept_input(&s->chr);
        r = c;
        break;
    case 1: /* UARTRSR */
        r = s->rsr;
        break;
    case 6: /* UARTFR */
        r = s->flags;
        break;
    case 8: /* UARTILPR */
        r = s->ilpr;
        break;
    case 9: /* UARTIBRD */
        r = s->ibrd;
        break;
    case 10: /* UARTFBRD */
        r = s->fbrd;
        break;
    case 11: /* UARTLCR_H */
        r = s->lcr;
        break;
    case 12: /* UARTCR */
        r = s->cr;
        break;
    case 13: /* UARTIFLS */
        r = s->ifl;
        break;
    case 14: /* UARTIMSC */
        r = s->int_enabled;
        break;
    case 15: /* UARTRIS */
        r = s->int_level;
        break;
    case 16: /* UARTMIS */
        r = s->int_level & s->int_enabled;
        break;
    case 18: /* UARTDMACR */
        r = s->dmacr;
        break;
    case 0x3f8 ... 0x3ff: /* PeriphID0-3, PCellID0-3 */
        r = s->id[(offset - 0xfe0) >> 2];
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "pl011_read: Bad offset 0x%x\n", (int)offset);
        r = 0;
        break;
    }
    /* Every read, the bad ones too, as 7.2 (both truncated to 32 bits). */
    trace_pl011_read(offset, r);
    return r;
}

static void pl011_write(void *opaque, hwaddr offset, uint64_t value,
                        unsigned size)
{
    PL011RefState *s = opaque;
    unsigned char ch;

    trace_pl011_write(offset, value);
    switch (offset >> 2) {
    case 0: /* UARTDR: no TX FIFO, the byte goes out at once */
        ch = value;
        qemu_chr_fe_write_all(&s->chr, &ch, 1);
        s->int_level |= INT_TX;
        pl011_update(s);
        break;
    case 1: /* UARTRSR/UARTECR: any write clears the errors */
        s->rsr = 0;
        break;
    case 6: /* UARTFR: read-only, writes ignored */
        break;
    case 8: /* UARTILPR */
        s->ilpr = value;
        break;
    case 9: /* UARTIBRD */
        s->ibrd = value;
        pl011_trace_baudrate_change(s);
        break;
    case 10: /* UARTFBRD */
        s->fbrd = value;
        pl011_trace_baudrate_change(s);
        break;
    case 11: /* UARTLCR_H */
        /* Toggling FEN empties the FIFO; 7.2 leaves the flags alone. */
        if ((s->lcr ^ value) & PL011_LCRH_FEN) {
            s->read_count = 0;
            s->read_pos = 0;
        }
        if ((s->lcr ^ value) & PL011_LCRH_BRK) {
            int break_enable = value & PL011_LCRH_BRK;
            qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK,
                              &break_enable);
        }
        s->lcr = value;
        pl011_set_read_trigger(s);
        break;
    case 12: /* UARTCR: enable bits are stored, not enforced */
        s->cr = value;
        break;
    case 13: /* UARTIFLS */
        s->ifl = value;
        pl011_set_read_trigger(s);
        break;
    case 14: /* UARTIMSC */
        s->int_enabled = value;
        pl011_update(s);
        break;
    case 17: /* UARTICR */
        s->int_level &= ~value;
        pl011_update(s);
        break;
    case 18: /* UARTDMACR */
        s->dmacr = value;
        if (value & 3) {
            qemu_log_mask(LOG_UNIMP, "pl011: DMA not implemented\n");
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "pl011_write: Bad offset 0x%x\n", (int)offset);
    }
}

static int pl011_can_receive(void *opaque)
{
    PL011RefState *s = opaque;
    int r = s->read_count < pl011_fifo_depth(s);

    trace_pl011_can_receive(s->lcr, s->read_count, r);
    return r;
}

static void pl011_put_fifo(PL011RefState *s, uint32_t value)
{
    /* read_count may exceed the depth (breaks): reduce it before adding. */
    int slot = (s->read_pos + s->read_count % PL011_FIFO_DEPTH) %
               PL011_FIFO_DEPTH;

    s->read_fifo[slot] = value;
    /*
     * 7.2 wraps to INT32_MIN after 2^31 breaks and then writes outside its
     * FIFO; we stop counting there instead.
     */
    if (s->read_count < INT32_MAX) {
        s->read_count++;
    }
    s->flags &= ~PL011_FLAG_RXFE;
    trace_pl011_put_fifo(value, s->read_count);
    if (!pl011_fifo_enabled(s) || s->read_count == PL011_FIFO_DEPTH) {
#ifndef PL011_REF_TRACE_MUTANT
        trace_pl011_put_fifo_full();
#endif
        s->flags |= PL011_FLAG_RXFF;
    }
    if (s->read_count == s->read_trigger) {
        s->int_level |= INT_RX;
        pl011_update(s);
    }
}

static void pl011_receive(void *opaque, const uint8_t *buf, int size)
{
    pl011_put_fifo(opaque, *buf);
}

static void pl011_event(void *opaque, QEMUChrEvent event)
{
    /* A break enters the FIFO without a check for room, as in 7.2. */
    if (event == CHR_EVENT_BREAK) {
        pl011_put_fifo(opaque, PL011_DR_BREAK);
    }
}

static void pl011_clock_update(void *opaque, ClockEvent event)
{
    pl011_trace_baudrate_change(opaque);
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

static bool pl011_clock_needed(void *opaque)
{
    PL011RefState *s = opaque;

    return s->migrate_clk;
}

static const VMStateDescription vmstate_pl011_clock = {
    .name = "pl011/clock",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pl011_clock_needed,
    .fields = (VMStateField[]) {
        VMSTATE_CLOCK(clk, PL011RefState),
        VMSTATE_END_OF_LIST()
    }
};

/*
 * Every state 7.2 can reach loads, read_count above 16 included (breaks
 * into a full FIFO: tests/pl011/README.md, "Migration"); refused are only
 * the states that would index outside read_fifo: read_pos outside 0..15
 * (DR reads read_fifo[read_pos]) and a negative read_count (the slot a byte
 * goes to would be negative). Any read_trigger loads: 7.2 keeps it at 1,
 * and our arithmetic on it cannot overflow.
 */
static int pl011_post_load(void *opaque, int version_id)
{
    PL011RefState *s = opaque;

    if (s->read_pos < 0 || s->read_pos >= PL011_FIFO_DEPTH ||
        s->read_count < 0) {
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_pl011 = {
    .name = "pl011",
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load = pl011_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(readbuff, PL011RefState),
        VMSTATE_UINT32(flags, PL011RefState),
        VMSTATE_UINT32(lcr, PL011RefState),
        VMSTATE_UINT32(rsr, PL011RefState),
        VMSTATE_UINT32(cr, PL011RefState),
        VMSTATE_UINT32(dmacr, PL011RefState),
        VMSTATE_UINT32(int_enabled, PL011RefState),
        VMSTATE_UINT32(int_level, PL011RefState),
        VMSTATE_UINT32_ARRAY(read_fifo, PL011RefState, PL011_FIFO_DEPTH),
        VMSTATE_UINT32(ilpr, PL011RefState),
        VMSTATE_UINT32(ibrd, PL011RefState),
        VMSTATE_UINT32(fbrd, PL011RefState),
        VMSTATE_UINT32(ifl, PL011RefState),
        VMSTATE_INT32(read_pos, PL011RefState),
        VMSTATE_INT32(read_count, PL011RefState),
        VMSTATE_INT32(read_trigger, PL011RefState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &vmstate_pl011_clock,
        NULL
    }
};

static Property pl011_properties[] = {
    DEFINE_PROP_CHR("chardev", PL011RefState, chr),
    DEFINE_PROP_BOOL("migrate-clk", PL011RefState, migrate_clk, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void pl011_init(Object *obj)
{
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);
    PL011RefState *s = PL011_REF(obj);

    memory_region_init_io(&s->iomem, OBJECT(s), &pl011_ops, s, "pl011", 0x1000);
    sysbus_init_mmio(sbd, &s->iomem);
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", pl011_clock_update, s,
                                ClockUpdate);

    /* 7.2 sets these here and nowhere else: there is no reset handler. */
    s->read_trigger = 1;
    s->ifl = 0x12;
    s->cr = 0x300;
    s->flags = 0x90;
    s->id = pl011_id_arm;
}

static void pl011_realize(DeviceState *dev, Error **errp)
{
    PL011RefState *s = PL011_REF(dev);

    qemu_chr_fe_set_handlers(&s->chr, pl011_can_receive, pl011_receive,
                             pl011_event, NULL, s, NULL, true);
}

static void pl011_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pl011_realize;
    dc->vmsd = &vmstate_pl011;
    device_class_set_props(dc, pl011_properties);
}

static const TypeInfo pl011_arm_info = {
    .name          = TYPE_PL011_REF,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL011RefState),
    .instance_init = pl011_init,
    .class_init    = pl011_class_init,
};

static void pl011_luminary_init(Object *obj)
{
    PL011RefState *s = PL011_REF(obj);

    s->id = pl011_id_luminary;
}

static const TypeInfo pl011_luminary_info = {
    .name          = TYPE_PL011_LUMINARY_REF,
    .parent        = TYPE_PL011_REF,
    .instance_init = pl011_luminary_init,
};

static void pl011_register_types(void)
{
    type_register_static(&pl011_arm_info);
    type_register_static(&pl011_luminary_info);
}

type_init(pl011_register_types)
