/*
 * qemu-cxx/sysbus.hh - qemu::SysBusDevice and SysBusDeviceMethods<Self>:
 * MMIO regions and IRQ lines of a system-bus device, on top of qdev's.
 *
 * Part of the RFC's "next steps" (SysBusDevice). realize() here puts the
 * device on the main system bus (sysbus_realize) and hides DeviceMethods'
 * bus-less one; everything else is inherited.
 *
 * Example (compiled and run as a test): src/examples/device.cc
 */
#ifndef QEMU_CXX_SYSBUS_HH
#define QEMU_CXX_SYSBUS_HH

#include "qemu/osdep.h"
#include "hw/sysbus.h"

#include "qemu-cxx/device.hh"
#include "qemu-cxx/irq.hh"
#include "qemu-cxx/memory.hh"
#include "qemu-cxx/mmio.hh"

namespace qemu {

template <typename Self>
class SysBusDeviceMethods : public DeviceMethods<Self> {
public:
    template <typename S>
    using Methods = SysBusDeviceMethods<S>;

    /* Realize on the main system bus. */
    Result<> realize()
    {
        return call_c(sysbus_realize, sbd());
    }

    /* Map MMIO region @n at guest address @addr in system memory. */
    void mmio_map(int n, hwaddr addr) noexcept
    {
        sysbus_mmio_map(sbd(), n, addr);
    }

    void mmio_map_overlap(int n, hwaddr addr, int priority) noexcept
    {
        sysbus_mmio_map_overlap(sbd(), n, addr, priority);
    }

    void mmio_unmap(int n) noexcept
    {
        sysbus_mmio_unmap(sbd(), n);
    }

    bool has_mmio(unsigned n) const noexcept
    {
        return sysbus_has_mmio(sbd(), n);
    }

    /* MMIO region @n (the device must have it: QEMU asserts). */
    MemoryRegion &mmio_region(int n) noexcept
    {
        return *MemoryRegion::from_ptr(sysbus_mmio_get_region(sbd(), n));
    }

    /* Connect IRQ output @n to @irq (e.g. an interrupt controller's). */
    void connect_irq(int n, qemu_irq irq) noexcept
    {
        sysbus_connect_irq(sbd(), n, irq);
    }

    bool has_irq(int n) const noexcept
    {
        return sysbus_has_irq(sbd(), n);
    }

    bool irq_connected(int n) const noexcept
    {
        return sysbus_is_irq_connected(sbd(), n);
    }

    /* For the device's own instance_init: export @mr as the next region. */
    void init_mmio(MemoryRegion &mr) noexcept
    {
        sysbus_init_mmio(sbd(), mr.as_ptr());
    }

    /* For the device's own instance_init: export @irq as the next line. */
    void init_irq(qemu_irq *irq) noexcept
    {
        sysbus_init_irq(sbd(), irq);
    }

    /* The same for a C++ device's members (qemu-cxx/irq.hh, qemu-cxx/mmio.hh). */
    void init_irq(InterruptSource &irq) noexcept
    {
        sysbus_init_irq(sbd(), irq.as_ptr());
    }

    void init_mmio(IoRegion &region) noexcept
    {
        sysbus_init_mmio(sbd(), region.as_ptr());
    }

protected:
    SysBusDeviceMethods() = default;
    ~SysBusDeviceMethods() = default;

    ::SysBusDevice *sbd() const noexcept
    {
        return reinterpret_cast<::SysBusDevice *>(this->obj());
    }
};

class SysBusDevice : public SysBusDeviceMethods<SysBusDevice> {
    QEMU_CXX_WRAPPER(SysBusDevice, ::SysBusDevice);
};

} // namespace qemu

QEMU_CXX_DECLARE_TYPE(qemu::SysBusDevice, TYPE_SYS_BUS_DEVICE,
                      qemu::DeviceState, parent_obj, ::SysBusDeviceClass,
                      parent_class);

#endif /* QEMU_CXX_SYSBUS_HH */
