/*
 * qemu-cxx/device.hh - qemu::DeviceState and DeviceMethods<Self>: qdev's
 * methods (realize, reset, GPIOs, clocks) on top of Object's.
 *
 * RFC patches 7-8 (DeviceMethods). realize() and unrealize() return
 * qemu::Result instead of taking an Error **; the superclass methods come
 * from ObjectMethods<Self>, so dev.realize() and dev.type_name() both work
 * on any device wrapper. qdev properties are QOM properties: use the
 * ObjectMethods property_set / property_get (a set after realize fails
 * with the shim's Error).
 *
 * Example (compiled and run as a test): src/examples/device.cc
 */
#ifndef QEMU_CXX_DEVICE_HH
#define QEMU_CXX_DEVICE_HH

#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/qdev-clock.h"
#include "hw/irq.h"

#include <optional>
#include <string_view>

#include "qemu-cxx/clock.hh"
#include "qemu-cxx/object-core.hh"

namespace qemu {

template <typename Self>
class DeviceMethods : public ObjectMethods<Self> {
public:
    template <typename S>
    using Methods = DeviceMethods<S>;

    /* Realize on no bus (a bus-less device); see SysBusDevice's. */
    Result<> realize()
    {
        return call_c(qdev_realize, dev(), nullptr);
    }

    /* Unrealize, reporting what QEMU's qdev_unrealize() would abort on. */
    Result<> unrealize()
    {
        return call_c(object_property_set_bool, this->obj(), "realized",
                      false);
    }

    bool realized() const noexcept
    {
        return dev()->realized;
    }

    /* The -device id, if it has one. */
    std::optional<std::string_view> id() const noexcept
    {
        const char *id = dev()->id;
        return id ? std::optional<std::string_view>(id) : std::nullopt;
    }

    /* Cold reset, with the Resettable phases of the device and its buses. */
    void cold_reset() noexcept
    {
        device_cold_reset(dev());
    }

    /* GPIO input line @n (of the named set @name); NULL if none. */
    qemu_irq gpio_in(int n, const char *name = nullptr) noexcept
    {
        return qdev_get_gpio_in_named(dev(), name, n);
    }

    /* Connect GPIO output line @n (of the named set @name) to @pin. */
    void connect_gpio_out(int n, qemu_irq pin,
                          const char *name = nullptr) noexcept
    {
        qdev_connect_gpio_out_named(dev(), name, n, pin);
    }

    /* The input clock @name (the device must have one: QEMU aborts). */
    Clock &clock_in(const char *name) noexcept
    {
        return *Clock::from_ptr(qdev_get_clock_in(dev(), name));
    }

    /* Feed input clock @name from @source (before realize). */
    void connect_clock_in(const char *name, Clock &source) noexcept
    {
        qdev_connect_clock_in(dev(), name, source.as_ptr());
    }

protected:
    DeviceMethods() = default;
    ~DeviceMethods() = default;

    ::DeviceState *dev() const noexcept
    {
        return reinterpret_cast<::DeviceState *>(this->obj());
    }
};

/* qdev's DeviceState. */
class DeviceState : public DeviceMethods<DeviceState> {
    QEMU_CXX_WRAPPER(DeviceState, ::DeviceState);
};

} // namespace qemu

QEMU_CXX_DECLARE_TYPE(qemu::DeviceState, TYPE_DEVICE, qemu::Object,
                      parent_obj, ::DeviceClass, parent_class);

#endif /* QEMU_CXX_DEVICE_HH */
