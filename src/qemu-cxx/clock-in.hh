/*
 * qemu-cxx/clock-in.hh - qemu::ClockIn, a device's input clock with its
 * update callback bound to a member function.
 *
 * The RFC's next steps (Clock inputs). It is the Clock * field a C device
 * keeps (so VMSTATE_CLOCK and the VMState builder can address it):
 * clk.init<&Dev::clock_update>(*this, "clk") calls qdev_init_clock_in()
 * with a generated callback; hz() and period() read the clock.
 */
#ifndef QEMU_CXX_CLOCK_IN_HH
#define QEMU_CXX_CLOCK_IN_HH

#include "qemu/osdep.h"
#include "hw/qdev-clock.h"

#include <type_traits>

#include "qemu-cxx/clock.hh"
#include "qemu-cxx/device.hh"
#include "qemu-cxx/field.hh"
#include "qemu-cxx/trampoline.hh"

namespace qemu {

class ClockIn {
public:
    ClockIn() noexcept = default;
    ClockIn(const ClockIn &) = delete;
    ClockIn &operator=(const ClockIn &) = delete;

    /*
     * Create input clock @name of @owner (a device); Callback is
     * `void (T::*)(ClockEvent)` or nullptr, called for @events.
     */
    template <auto Callback, typename T>
    void init(T &owner, const char *name,
              unsigned events = ClockUpdate) noexcept
    {
        static_assert(IsA<T, DeviceState>,
                      "qemu: ClockIn::init: the owner of an input clock "
                      "must be a device");
        ::DeviceState *dev = upcast<DeviceState>(owner).as_ptr();
        if constexpr (std::is_null_pointer_v<decltype(Callback)>) {
            clk_ = qdev_init_clock_in(dev, name, nullptr, nullptr, events);
        } else {
            static_assert(exact_method<Callback, T, void, ClockEvent>,
                          "qemu: a clock callback must be declared as "
                          "void T::f(ClockEvent) const");
            clk_ = qdev_init_clock_in(dev, name, changed<T, Callback>,
                                      &owner, events);
        }
    }

    unsigned hz() const noexcept
    {
        return clock_get_hz(clk_);
    }

    /* The period in units of 2^-32 ns; 0 if disabled. */
    uint64_t period() const noexcept
    {
        return clock_get(clk_);
    }

    Clock &clock() const noexcept
    {
        return *Clock::from_ptr(clk_);
    }

private:
    template <typename T, auto Callback>
    static void changed(void *opaque, ClockEvent event) noexcept
    {
        const T &t = *static_cast<const T *>(opaque);
        guard(object_ptr(t), "clock", [&] { (t.*Callback)(event); });
    }

    ::Clock *clk_ = nullptr;
};

static_assert(sizeof(ClockIn) == sizeof(::Clock *) &&
                  std::is_standard_layout_v<ClockIn>,
              "ClockIn is a Clock * field and nothing else");

/* In the tables, a ClockIn field is its Clock *: QEMU_VMSTATE(clk). */
template <>
struct CField<ClockIn> {
    using type = ::Clock *;
};

} // namespace qemu

#endif /* QEMU_CXX_CLOCK_IN_HH */
