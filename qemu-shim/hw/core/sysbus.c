/*
 * System bus devices (TYPE_SYS_BUS_DEVICE) and the main system bus, which
 * QEMU parents as /machine/unattached/sysbus.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qemu/module.h"

static BusState *main_system_bus;

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        ObjectClass *oc = object_class_by_name(TYPE_SYSTEM_BUS);
        size_t size = object_type_get_instance_size(TYPE_SYSTEM_BUS);

        if (!oc) {
            g_error("qemu-shim: type '%s' is not registered", TYPE_SYSTEM_BUS);
        }
        main_system_bus = (BusState *)g_malloc0(size);
        qbus_init(main_system_bus, size, TYPE_SYSTEM_BUS, NULL,
                  "main-system-bus");
        OBJECT(main_system_bus)->free = g_free;
        object_property_add_child(container_get(qdev_get_machine(),
                                                "/unattached"),
                                  "sysbus", OBJECT(main_system_bus));
    }
    return main_system_bus;
}

void qemu_shim_sysbus_teardown(void)
{
    if (main_system_bus) {
        /* Both /machine/unattached's reference and the one made here. */
        object_unparent(OBJECT(main_system_bus));
        object_unref(OBJECT(main_system_bus));
        main_system_bus = NULL;
    }
}

static void sysbus_mmio_map_common(SysBusDevice *dev, int n, hwaddr addr,
                                   bool may_overlap, int priority)
{
    assert(n >= 0 && n < dev->num_mmio);

    if (dev->mmio[n].addr == addr) {
        return;
    }
    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), dev->mmio[n].memory);
    }
    dev->mmio[n].addr = addr;
    if (may_overlap) {
        memory_region_add_subregion_overlap(get_system_memory(), addr,
                                            dev->mmio[n].memory, priority);
    } else {
        memory_region_add_subregion(get_system_memory(), addr,
                                    dev->mmio[n].memory);
    }
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_common(dev, n, addr, false, 0);
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    sysbus_mmio_map_common(dev, n, addr, true, priority);
}

void sysbus_mmio_unmap(SysBusDevice *dev, int n)
{
    assert(n >= 0 && n < dev->num_mmio);

    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), dev->mmio[n].memory);
        dev->mmio[n].addr = (hwaddr)-1;
    }
}

hwaddr qemu_shim_sysbus_mmio_get_addr(SysBusDevice *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio) {
        return (hwaddr)-1;
    }
    return dev->mmio[n].addr;
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory)
{
    int n;

    assert(dev->num_mmio < QDEV_MAX_MMIO);
    n = dev->num_mmio++;
    dev->mmio[n].addr = (hwaddr)-1;
    dev->mmio[n].memory = memory;
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    assert(n >= 0 && n < QDEV_MAX_MMIO);
    return dev->mmio[n].memory;
}

bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n)
{
    return n < (unsigned int)dev->num_mmio;
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target)
{
    qdev_pass_gpios(DEVICE(target), DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ);
}

bool sysbus_has_irq(SysBusDevice *dev, int n)
{
    g_autofree char *prop = g_strdup_printf("%s[%d]",
                                            SYSBUS_DEVICE_GPIO_IRQ, n);

    return object_property_find(OBJECT(dev), prop) != NULL;
}

qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n)
{
    return qdev_get_gpio_out_connector(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n);
}

bool sysbus_is_irq_connected(SysBusDevice *dev, int n)
{
    return sysbus_get_connected_irq(dev, n) != NULL;
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    SysBusDeviceClass *sbd = SYS_BUS_DEVICE_GET_CLASS(dev);

    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, irq);
    if (sbd->connect_irq_notifier) {
        sbd->connect_irq_notifier(dev, irq);
    }
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

DeviceState *sysbus_create_varargs(const char *name, hwaddr addr, ...)
{
    DeviceState *dev = qdev_new(name);
    SysBusDevice *s = SYS_BUS_DEVICE(dev);
    qemu_irq irq;
    va_list va;
    int n = 0;

    sysbus_realize_and_unref(s, &error_fatal);
    if (addr != (hwaddr)-1) {
        sysbus_mmio_map(s, 0, addr);
    }
    va_start(va, addr);
    while ((irq = va_arg(va, qemu_irq)) != NULL) {
        sysbus_connect_irq(s, n++, irq);
    }
    va_end(va);
    return dev;
}

static char *sysbus_get_fw_dev_path(DeviceState *dev)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);
    SysBusDeviceClass *sbc = SYS_BUS_DEVICE_GET_CLASS(s);

    if (sbc->explicit_ofw_unit_address) {
        g_autofree char *addr = sbc->explicit_ofw_unit_address(s);

        if (addr) {
            return g_strdup_printf("%s@%s", qdev_fw_name(dev), addr);
        }
    }
    if (s->num_mmio) {
        return g_strdup_printf("%s@%" PRIx64, qdev_fw_name(dev),
                               (uint64_t)s->mmio[0].addr);
    }
    if (s->num_pio) {
        return g_strdup_printf("%s@i%04x", qdev_fw_name(dev), s->pio[0]);
    }
    return g_strdup(qdev_fw_name(dev));
}

static void system_bus_class_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    BusClass *k = BUS_CLASS(klass);

    /* No get_dev_path: sysbus devices' vmstate ids are their vmsd names. */
    k->get_fw_dev_path = sysbus_get_fw_dev_path;
}

static void sysbus_device_class_init(ObjectClass *klass,
                                     void *data G_GNUC_UNUSED)
{
    DeviceClass *k = DEVICE_CLASS(klass);

    k->bus_type = TYPE_SYSTEM_BUS;
    /* Its MMIO and IRQs need wiring that -device cannot express. */
    k->user_creatable = false;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = system_bus_class_init,
    },
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .abstract = true,
        .class_size = sizeof(SysBusDeviceClass),
        .class_init = sysbus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)
