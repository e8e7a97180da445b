/*
 * x-c-test-device: the C twin of x-cxx-test-device (test-device.cc),
 * written like a QEMU 7.2 C device with the shim's headers only. Same
 * registers (test-device.hh has the map), properties, interrupt lines,
 * timer, chardev, lifecycle counters (child "lifecycle", an
 * x-c-test-object) and reset. Its migration state has the C++ device's
 * wire format and section names, field for field, so that a stream saved
 * from either loads into the other; tests/diff/testdev-diff.py checks
 * that the two answer every access alike. Guest errors name the type.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/resettable.h"
#include "migration/vmstate.h"
#include "chardev/char-fe.h"
#include "exec/address-spaces.h"
#include "sysemu/dma.h"

#define TYPE_C_TEST_DEVICE "x-c-test-device"
#define TYPE_C_TEST_OBJECT "x-c-test-object"
/* The migration section's name is the C++ device's: one wire format. */
#define TESTDEV_VMSTATE_NAME "x-cxx-test-device"

/* 32-bit registers, little-endian, word accesses only. */
enum {
    R_ID = 0x00, R_SCRATCH = 0x04, R_IRQ = 0x08,
    R_DMA_SRC = 0x10, R_DMA_DST = 0x14, R_DMA_LEN = 0x18, R_DMA_CTRL = 0x1c,
    R_DMA_STATUS = 0x20, R_TIMER = 0x24, R_TIMER_STATUS = 0x28, R_TX = 0x2c,
    R_RX_COUNT = 0x30, R_RX_LAST = 0x34,
    R_FOO = 0x40, R_U8 = 0x44, R_U16 = 0x48, R_U32 = 0x4c, R_U64_LO = 0x50,
    R_U64_HI = 0x54, R_I32 = 0x58, R_DMA_LIMIT = 0x5c, R_LABEL_LEN = 0x60,
    R_CHARDEV = 0x64, R_PEER = 0x68,
    R_REALIZED = 0x80, R_UNREALIZED = 0x84, R_RESET_ENTER = 0x88,
    R_RESET_HOLD = 0x8c, R_RESET_EXIT = 0x90,
};

#define TESTDEV_ID          0x43585444  /* "CXTD", as the C++ device */
#define TESTDEV_MMIO_SIZE   0x100
#define TESTDEV_MAX_DMA     (64 * 1024)
#define TESTDEV_RX_CHUNK    64

enum { IRQ_LOWER = 0, IRQ_RAISE = 1, IRQ_PULSE = 2 };
enum { DMA_DONE = 1 << 0, DMA_ERROR = 1 << 1 };
enum { LINE_CONTROL, LINE_DMA, LINE_TIMER, NUM_LINES };

typedef struct CTestObject {
    Object parent_obj;
    uint32_t realized, unrealized, unparented;
    uint32_t reset_enter, reset_hold, reset_exit;
} CTestObject;

OBJECT_DECLARE_SIMPLE_TYPE(CTestObject, C_TEST_OBJECT)

typedef struct CTestDma {
    uint32_t src, dst, len, status;
} CTestDma;

typedef struct CTestDeviceState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq[NUM_LINES];
    QEMUTimer timer;
    CTestObject *lifecycle;     /* our child: the tree holds its reference */

    /* Registers, cleared by reset */
    uint32_t scratch;
    bool irq_level;
    CTestDma dma;
    uint32_t timer_status;
    uint32_t rx_count;
    uint8_t rx_last;            /* since version 2 of the state */
    bool dma_busy;              /* a DMA into our own registers must not nest */

    /* Properties */
    bool foo;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    uint64_t dma_limit;
    char *label;
    CharBackend chr;
    Object *peer;               /* a link to another x-c-test-device */
} CTestDeviceState;

typedef struct CTestDeviceClass {
    SysBusDeviceClass parent_class;
    ObjectUnparent *parent_unparent;
    DeviceUnrealize parent_unrealize;
    ResettablePhases parent_phases;
} CTestDeviceClass;

OBJECT_DECLARE_TYPE(CTestDeviceState, CTestDeviceClass, C_TEST_DEVICE)

/* ---- the child object: the device's lifecycle counters ---- */

static void c_test_object_init(Object *obj)
{
    CTestObject *o = C_TEST_OBJECT(obj);

    object_property_add_uint32_ptr(obj, "realized", &o->realized,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "unrealized", &o->unrealized,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "unparented", &o->unparented,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "reset-enter", &o->reset_enter,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "reset-hold", &o->reset_hold,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "reset-exit", &o->reset_exit,
                                   OBJ_PROP_FLAG_READ);
}

/* ---- registers ---- */

/* Line 1 is up while a DMA status bit is set. */
static void testdev_set_dma_status(CTestDeviceState *s, uint32_t status)
{
    s->dma.status = status;
    qemu_set_irq(s->irq[LINE_DMA], status != 0);
}

static void testdev_control_irq(CTestDeviceState *s, uint32_t op)
{
    switch (op) {
    case IRQ_LOWER:
        qemu_irq_lower(s->irq[LINE_CONTROL]);
        break;
    case IRQ_RAISE:
        qemu_irq_raise(s->irq[LINE_CONTROL]);
        break;
    case IRQ_PULSE:
        qemu_irq_pulse(s->irq[LINE_CONTROL]);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": unknown IRQ operation %u\n", op);
        return;
    }
    s->irq_level = op == IRQ_RAISE;
}

static const char *testdev_memtx_why(MemTxResult r)
{
    return (r & MEMTX_DECODE_ERROR) ? "nothing mapped"
           : (r & MEMTX_ACCESS_ERROR) ? "access denied" : "device error";
}

/* Copy @dma; false after logging why not. */
static bool testdev_copy(CTestDeviceState *s, const CTestDma *dma)
{
    g_autofree uint8_t *buf = NULL;
    MemTxResult r;

    if (dma->len > s->dma_limit) {
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": DMA of %" PRIu32 " bytes is above dma-limit\n",
                      dma->len);
        return false;
    }
    buf = g_malloc0(dma->len ? dma->len : 1);
    r = dma_memory_read(&address_space_memory, dma->src, buf, dma->len,
                        MEMTXATTRS_UNSPECIFIED);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": DMA read of %" PRIu32 " bytes at 0x%" PRIx32
                      " failed: %s\n", dma->len, dma->src,
                      testdev_memtx_why(r));
        return false;
    }
    r = dma_memory_write(&address_space_memory, dma->dst, buf, dma->len,
                         MEMTXATTRS_UNSPECIFIED);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": DMA write of %" PRIu32 " bytes at 0x%" PRIx32
                      " failed: %s\n", dma->len, dma->dst,
                      testdev_memtx_why(r));
        return false;
    }
    return true;
}

/*
 * Guest memory may be our own registers: a copy that starts another one
 * is refused, not nested.
 */
static void testdev_run_dma(CTestDeviceState *s)
{
    CTestDma dma;
    bool done;

    if (s->dma_busy) {
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": DMA started by its own DMA, ignored\n");
        return;
    }
    s->dma_busy = true;
    dma = s->dma;
    done = testdev_copy(s, &dma);
    s->dma_busy = false;
    testdev_set_dma_status(s, s->dma.status | (done ? DMA_DONE : DMA_ERROR));
}

static uint64_t testdev_read(void *opaque, hwaddr offset, unsigned size)
{
    CTestDeviceState *s = opaque;

    switch (offset) {
    case R_ID:
        return TESTDEV_ID;
    case R_SCRATCH:
        return s->scratch;
    case R_IRQ:
        return s->irq_level;
    case R_DMA_SRC:
        return s->dma.src;
    case R_DMA_DST:
        return s->dma.dst;
    case R_DMA_LEN:
        return s->dma.len;
    case R_DMA_STATUS:
        return s->dma.status;
    case R_TIMER:
        return timer_pending(&s->timer)
               ? (uint32_t)(timer_expire_time_ns(&s->timer) -
                            qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL))
               : 0;
    case R_TIMER_STATUS:
        return s->timer_status;
    case R_RX_COUNT:
        return s->rx_count;
    case R_RX_LAST:
        return s->rx_last;
    case R_FOO:
        return s->foo;
    case R_U8:
        return s->u8;
    case R_U16:
        return s->u16;
    case R_U32:
        return s->u32;
    case R_U64_LO:
        return (uint32_t)s->u64;
    case R_U64_HI:
        return (uint32_t)(s->u64 >> 32);
    case R_I32:
        return (uint32_t)s->i32;
    case R_DMA_LIMIT:
        return (uint32_t)s->dma_limit;
    case R_LABEL_LEN:
        return s->label ? strlen(s->label) : 0;
    case R_CHARDEV:
        return qemu_chr_fe_backend_connected(&s->chr);
    case R_PEER:
        return s->peer ? C_TEST_DEVICE(s->peer)->scratch : 0;
    case R_REALIZED:
        return s->lifecycle->realized;
    case R_UNREALIZED:
        return s->lifecycle->unrealized;
    case R_RESET_ENTER:
        return s->lifecycle->reset_enter;
    case R_RESET_HOLD:
        return s->lifecycle->reset_hold;
    case R_RESET_EXIT:
        return s->lifecycle->reset_exit;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": read of unknown register 0x%x\n", (unsigned)offset);
        return 0;
    }
}

static void testdev_write(void *opaque, hwaddr offset, uint64_t value,
                          unsigned size)
{
    CTestDeviceState *s = opaque;
    uint32_t v = value;
    uint8_t ch;

    switch (offset) {
    case R_SCRATCH:
        s->scratch = v;
        break;
    case R_IRQ:
        testdev_control_irq(s, v);
        break;
    case R_DMA_SRC:
        s->dma.src = v;
        break;
    case R_DMA_DST:
        s->dma.dst = v;
        break;
    case R_DMA_LEN:
        s->dma.len = v;
        break;
    case R_DMA_CTRL:
        if (v & 1) {
            testdev_run_dma(s);
        }
        break;
    case R_DMA_STATUS:
        testdev_set_dma_status(s, s->dma.status & ~v);
        break;
    case R_TIMER:
        if (v) {
            timer_mod_ns(&s->timer,
                         qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + v);
        } else {
            timer_del(&s->timer);
        }
        break;
    case R_TIMER_STATUS:
        if (v & 1) {
            s->timer_status = 0;
            qemu_irq_lower(s->irq[LINE_TIMER]);
        }
        break;
    case R_TX:
        ch = v;
        qemu_chr_fe_write_all(&s->chr, &ch, 1);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, TYPE_C_TEST_DEVICE
                      ": write to read-only or unknown register 0x%x\n",
                      (unsigned)offset);
    }
}

static const MemoryRegionOps testdev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void testdev_timer_expired(void *opaque)
{
    CTestDeviceState *s = opaque;

    s->timer_status = 1;
    qemu_irq_raise(s->irq[LINE_TIMER]);
}

/* ---- chardev ---- */

static int testdev_can_receive(void *opaque)
{
    return TESTDEV_RX_CHUNK;
}

static void testdev_receive(void *opaque, const uint8_t *buf, int size)
{
    CTestDeviceState *s = opaque;

    if (size <= 0) {
        return;
    }
    s->rx_count += size;
    s->rx_last = buf[size - 1];
}

/* ---- lifecycle ---- */

static void testdev_init(Object *obj)
{
    CTestDeviceState *s = C_TEST_DEVICE(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);
    Object *child;

    memory_region_init_io(&s->iomem, obj, &testdev_ops, s,
                          TYPE_C_TEST_DEVICE, TESTDEV_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, testdev_timer_expired, s);

    child = object_new(TYPE_C_TEST_OBJECT);
    s->lifecycle = C_TEST_OBJECT(child);
    object_property_add_child(obj, "lifecycle", child);
    object_unref(child);
}

static void testdev_realize(DeviceState *dev, Error **errp)
{
    CTestDeviceState *s = C_TEST_DEVICE(dev);

    if (s->dma_limit == 0 || s->dma_limit > TESTDEV_MAX_DMA) {
        error_setg(errp, "dma-limit %" PRIu64 " is out of range (1 to %d)",
                   s->dma_limit, TESTDEV_MAX_DMA);
        return;
    }
    qemu_chr_fe_set_handlers(&s->chr, testdev_can_receive, testdev_receive,
                             NULL, NULL, s, NULL, true);
    s->lifecycle->realized++;
}

static void testdev_unrealize(DeviceState *dev)
{
    CTestDeviceState *s = C_TEST_DEVICE(dev);

    qemu_chr_fe_set_handlers(&s->chr, NULL, NULL, NULL, NULL, NULL, NULL,
                             true);
    timer_del(&s->timer);
    s->lifecycle->unrealized++;
    if (C_TEST_DEVICE_GET_CLASS(dev)->parent_unrealize) {
        C_TEST_DEVICE_GET_CLASS(dev)->parent_unrealize(dev);
    }
}

static void testdev_unparent(Object *obj)
{
    CTestDeviceState *s = C_TEST_DEVICE(obj);

    s->lifecycle->unparented++;
    if (C_TEST_DEVICE_GET_CLASS(obj)->parent_unparent) {
        C_TEST_DEVICE_GET_CLASS(obj)->parent_unparent(obj);
    }
}

static void testdev_reset_enter(Object *obj, ResetType type)
{
    CTestDeviceState *s = C_TEST_DEVICE(obj);
    CTestDeviceClass *c = C_TEST_DEVICE_GET_CLASS(obj);

    if (c->parent_phases.enter) {
        c->parent_phases.enter(obj, type);
    }
    s->scratch = 0;
    s->irq_level = false;
    memset(&s->dma, 0, sizeof(s->dma));
    s->timer_status = 0;
    s->rx_count = 0;
    s->rx_last = 0;
    s->dma_busy = false;
    timer_del(&s->timer);
    s->lifecycle->reset_enter++;
}

/* QEMU's rule: interrupt lines change in the hold phase. */
static void testdev_reset_hold(Object *obj)
{
    CTestDeviceState *s = C_TEST_DEVICE(obj);
    CTestDeviceClass *c = C_TEST_DEVICE_GET_CLASS(obj);

    if (c->parent_phases.hold) {
        c->parent_phases.hold(obj);
    }
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        qemu_irq_lower(s->irq[i]);
    }
    s->lifecycle->reset_hold++;
}

static void testdev_reset_exit(Object *obj)
{
    CTestDeviceState *s = C_TEST_DEVICE(obj);
    CTestDeviceClass *c = C_TEST_DEVICE_GET_CLASS(obj);

    if (c->parent_phases.exit) {
        c->parent_phases.exit(obj);
    }
    s->lifecycle->reset_exit++;
}

/* ---- migration: the C++ device's format (test-device.cc) ---- */

static bool testdev_timer_needed(void *opaque)
{
    CTestDeviceState *s = opaque;

    return timer_pending(&s->timer) || s->timer_status;
}

/* A corrupt stream must not leave bits the device never sets. */
static int testdev_post_load(void *opaque, int version_id)
{
    CTestDeviceState *s = opaque;

    if (s->dma.status & ~(uint32_t)(DMA_DONE | DMA_ERROR)) {
        error_report(TYPE_C_TEST_DEVICE ": post_load: DMA status has "
                     "unknown bits");
        return -EINVAL;
    }
    if (s->timer_status > 1) {
        error_report(TYPE_C_TEST_DEVICE ": post_load: timer status out of "
                     "range");
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_testdev_dma = {
    .name = TESTDEV_VMSTATE_NAME "-dma",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(src, CTestDma),
        VMSTATE_UINT32(dst, CTestDma),
        VMSTATE_UINT32(len, CTestDma),
        VMSTATE_UINT32(status, CTestDma),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_testdev_timer = {
    .name = TESTDEV_VMSTATE_NAME "/timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = testdev_timer_needed,
    .fields = (VMStateField[]) {
        VMSTATE_TIMER(timer, CTestDeviceState),
        VMSTATE_UINT32(timer_status, CTestDeviceState),
        VMSTATE_END_OF_LIST()
    }
};

/* Version 2 added rx_last. */
static const VMStateDescription vmstate_testdev = {
    .name = TESTDEV_VMSTATE_NAME,
    .version_id = 2,
    .minimum_version_id = 1,
    .post_load = testdev_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(scratch, CTestDeviceState),
        VMSTATE_BOOL(irq_level, CTestDeviceState),
        VMSTATE_STRUCT(dma, CTestDeviceState, 1, vmstate_testdev_dma,
                       CTestDma),
        VMSTATE_UINT32(rx_count, CTestDeviceState),
        VMSTATE_UINT8_V(rx_last, CTestDeviceState, 2),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &vmstate_testdev_timer,
        NULL
    }
};

static Property testdev_properties[] = {
    DEFINE_PROP_BOOL("foo", CTestDeviceState, foo, true),
    DEFINE_PROP_UINT8("u8", CTestDeviceState, u8, 0x12),
    DEFINE_PROP_UINT16("u16", CTestDeviceState, u16, 0x1234),
    DEFINE_PROP_UINT32("u32", CTestDeviceState, u32, 0x12345678),
    DEFINE_PROP_UINT64("u64", CTestDeviceState, u64, 0x123456789abcdef0),
    DEFINE_PROP_INT32("i32", CTestDeviceState, i32, -42),
    DEFINE_PROP_SIZE("dma-limit", CTestDeviceState, dma_limit, 4096),
    DEFINE_PROP_STRING("label", CTestDeviceState, label),
    DEFINE_PROP_CHR("chardev", CTestDeviceState, chr),
    DEFINE_PROP_LINK("peer", CTestDeviceState, peer, TYPE_C_TEST_DEVICE,
                     Object *),
    DEFINE_PROP_END_OF_LIST(),
};

static void testdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);
    CTestDeviceClass *c = C_TEST_DEVICE_CLASS(oc);

    c->parent_unparent = oc->unparent;
    oc->unparent = testdev_unparent;
    dc->realize = testdev_realize;
    c->parent_unrealize = dc->unrealize;
    dc->unrealize = testdev_unrealize;
    resettable_class_set_parent_phases(rc, testdev_reset_enter,
                                       testdev_reset_hold, testdev_reset_exit,
                                       &c->parent_phases);
    dc->vmsd = &vmstate_testdev;
    device_class_set_props(dc, testdev_properties);
}

static const TypeInfo testdev_types[] = {
    {
        .name          = TYPE_C_TEST_OBJECT,
        .parent        = TYPE_OBJECT,
        .instance_size = sizeof(CTestObject),
        .instance_init = c_test_object_init,
    }, {
        .name          = TYPE_C_TEST_DEVICE,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(CTestDeviceState),
        .instance_init = testdev_init,
        .class_size    = sizeof(CTestDeviceClass),
        .class_init    = testdev_class_init,
    },
};

DEFINE_TYPES(testdev_types)
