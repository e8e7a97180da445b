/*
 * qemu-cxx/clock.hh - qemu::Clock, hw/clock.h's clocks as a wrapper.
 *
 * Part of the RFC's "next steps" (Clock inputs): period and frequency
 * getters and setters with QEMU's units (the period is in 2^-32 ns).
 * Issue 7's device classes bind clock callbacks to member functions on
 * top of this.
 *
 * Example (compiled and run as a test): src/examples/device.cc
 */
#ifndef QEMU_CXX_CLOCK_HH
#define QEMU_CXX_CLOCK_HH

#include "qemu/osdep.h"
#include "hw/clock.h"

#include "qemu-cxx/object-core.hh"

namespace qemu {

template <typename Self>
class ClockMethods : public ObjectMethods<Self> {
public:
    template <typename S>
    using Methods = ClockMethods<S>;

    /* The period in units of 2^-32 ns; 0 if the clock is disabled. */
    uint64_t period() const noexcept
    {
        return clock_get(clk());
    }

    unsigned hz() const noexcept
    {
        return clock_get_hz(clk());
    }

    bool is_enabled() const noexcept
    {
        return clock_is_enabled(clk());
    }

    uint64_t ticks_to_ns(uint64_t ticks) const noexcept
    {
        return clock_ticks_to_ns(clk(), ticks);
    }

    /* Set the frequency and tell the clocks fed by this one. */
    void update_hz(unsigned hz) noexcept
    {
        clock_update_hz(clk(), hz);
    }

    /* Set without propagating; true if the period changed. */
    bool set_hz(unsigned hz) noexcept
    {
        return clock_set_hz(clk(), hz);
    }

    void propagate() noexcept
    {
        clock_propagate(clk());
    }

    /* Follow @source from now on. */
    void set_source(Self &source) noexcept
    {
        clock_set_source(clk(), source.as_ptr());
    }

protected:
    ClockMethods() = default;
    ~ClockMethods() = default;

    ::Clock *clk() const noexcept
    {
        return reinterpret_cast<::Clock *>(this->obj());
    }
};

class Clock : public ClockMethods<Clock> {
    QEMU_CXX_WRAPPER(Clock, ::Clock);

public:
    /* A new clock, child @name of @parent, which owns it. */
    static Clock &create_child(Object &parent, const char *name) noexcept
    {
        return *from_ptr(clock_new(parent.as_ptr(), name));
    }
};

} // namespace qemu

QEMU_CXX_DECLARE_SIMPLE_TYPE(qemu::Clock, TYPE_CLOCK, qemu::Object,
                             parent_obj);

#endif /* QEMU_CXX_CLOCK_HH */
