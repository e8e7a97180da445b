// Example for qemu-cxx/device.hh, sysbus.hh, clock.hh, memory.hh and
// chardev.hh: a C sysbus device driven from C++ through its wrappers.
#include "qemu-cxx/chardev.hh"
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/sysbus.hh"

#include "hw/irq.h"

// A one-register C device: writing bit 0 drives its IRQ.
struct Blinky {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
};

static void blinky_write(void *opaque, hwaddr, uint64_t value, unsigned)
{
    qemu_set_irq(static_cast<Blinky *>(opaque)->irq, value & 1);
}

static uint64_t blinky_read(void *, hwaddr, unsigned)
{
    return 0;
}

static void blinky_init(Object *obj)
{
    static MemoryRegionOps ops = [] {
        MemoryRegionOps o = {};
        o.read = blinky_read;
        o.write = blinky_write;
        o.endianness = DEVICE_NATIVE_ENDIAN;
        return o;
    }();
    Blinky *s = reinterpret_cast<Blinky *>(obj);
    memory_region_init_io(&s->iomem, obj, &ops, s, "blinky", 4);

    // The wrapper's methods work from C callbacks too.
    qemu::SysBusDevice &sbd = *qemu::SysBusDevice::from_ptr(&s->parent_obj);
    sbd.init_mmio(*qemu::MemoryRegion::from_ptr(&s->iomem));
    sbd.init_irq(&s->irq);
}

static int led;

int main()
{
    module_call_init(MODULE_INIT_QOM);
    TypeInfo info = {};
    info.name = "blinky";
    info.parent = TYPE_SYS_BUS_DEVICE;
    info.instance_size = sizeof(Blinky);
    info.instance_init = blinky_init;
    type_register(&info);

    auto dev = qemu::create<qemu::SysBusDevice>("blinky").value();
    dev->connect_irq(0, qemu_allocate_irq([](void *, int, int level) {
        led = level;
    }, nullptr, 0));

    // SysBusDevice's realize, Device's realized(), Object's type_name().
    g_assert(dev->realize());
    g_assert(dev->realized() && dev->type_name() == "blinky");
    dev->mmio_map(0, 0x1000);
    uint32_t on = 1;
    address_space_write(&address_space_memory, 0x1000,
                        MEMTXATTRS_UNSPECIFIED, &on, 4);
    g_assert(led == 1);
    g_assert(dev->mmio_region(0).size() == 4);

    // Clocks and chardevs are QOM objects with wrappers of their own.
    qemu::Clock &clk = qemu::Clock::create_child(*dev, "clk");
    clk.update_hz(1000);
    g_assert(clk.hz() == 1000);
    auto chr = qemu::Chardev::create("null,id=blinky-log").value();
    g_assert(chr->write("hello") == 5);
    return 0;
}
