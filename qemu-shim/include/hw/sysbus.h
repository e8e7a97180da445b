/*
 * hw/sysbus.h - system bus devices (memory-mapped, with IRQ lines), QEMU 7.2
 * API.
 *
 * A SysBusDevice declares MMIO regions and IRQ outputs; board code (or the
 * host) maps the regions into the system address space and connects the
 * IRQs. The IRQs are the device's GPIO output list "sysbus-irq".
 */
#ifndef HW_SYSBUS_H
#define HW_SYSBUS_H

#include "qemu/osdep.h"
#include "exec/hwaddr.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"

G_BEGIN_DECLS

#define QDEV_MAX_MMIO 32
#define QDEV_MAX_PIO 32

#define TYPE_SYSTEM_BUS "System"
DECLARE_INSTANCE_CHECKER(BusState, SYSTEM_BUS,
                         TYPE_SYSTEM_BUS)

#define TYPE_SYS_BUS_DEVICE "sys-bus-device"
OBJECT_DECLARE_TYPE(SysBusDevice, SysBusDeviceClass,
                    SYS_BUS_DEVICE)

#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"

struct SysBusDeviceClass {
    DeviceClass parent_class;

    char *(*explicit_ofw_unit_address)(const SysBusDevice *dev);
    void (*connect_irq_notifier)(SysBusDevice *dev, qemu_irq irq);
};

struct SysBusDevice {
    DeviceState parent_obj;

    int num_mmio;
    struct {
        hwaddr addr;      /* (hwaddr)-1 while unmapped */
        MemoryRegion *memory;
    } mmio[QDEV_MAX_MMIO];
    int num_pio;
    uint32_t pio[QDEV_MAX_PIO];
};

typedef void FindSysbusDeviceFunc(SysBusDevice *sbdev, void *opaque);

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory);
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);

/* Declares the next IRQ output; @p is the device's qemu_irq field. */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);
void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target);

bool sysbus_has_irq(SysBusDevice *dev, int n);
bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n);
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);
bool sysbus_is_irq_connected(SysBusDevice *dev, int n);
qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n);

/* Maps region @n at @addr in get_system_memory() (moves it if mapped). */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);
void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority);
void sysbus_mmio_unmap(SysBusDevice *dev, int n);

/* Shim-only: where region @n is mapped, (hwaddr)-1 if it is not. */
hwaddr qemu_shim_sysbus_mmio_get_addr(SysBusDevice *dev, int n);

/*
 * Shim-only, part of qemu_shim_teardown(): unparent and free the main
 * system bus (after its devices are gone).
 */
void qemu_shim_sysbus_teardown(void);

/* Realizes @dev on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

/*
 * Creates, realizes and maps device @name at @addr (unless it is
 * (hwaddr)-1), then connects its IRQs 0, 1, ... to the NULL-terminated
 * qemu_irq arguments. Aborts on error, as QEMU does.
 */
DeviceState *sysbus_create_varargs(const char *name, hwaddr addr, ...);

static inline DeviceState *sysbus_create_simple(const char *name,
                                                hwaddr addr,
                                                qemu_irq irq)
{
    return sysbus_create_varargs(name, addr, irq, NULL);
}

G_END_DECLS

#endif /* HW_SYSBUS_H */
