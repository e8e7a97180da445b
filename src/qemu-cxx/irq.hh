/*
 * qemu-cxx/irq.hh - qemu::InterruptSource, an outgoing interrupt line.
 *
 * The RFC's next steps (SysBusDevice IRQs); upstream Rust calls it
 * InterruptSource too. It is the qemu_irq field a C device would have,
 * with set/raise/lower/pulse as methods; a device exports it with
 * SysBusDevice's init_irq() in its constructor. An unconnected line is
 * NULL and every method is then a no-op, as qemu_set_irq() is.
 */
#ifndef QEMU_CXX_IRQ_HH
#define QEMU_CXX_IRQ_HH

#include "qemu/osdep.h"
#include "hw/irq.h"

#include <type_traits>

namespace qemu {

class InterruptSource {
public:
    InterruptSource() noexcept = default;
    InterruptSource(const InterruptSource &) = delete;
    InterruptSource &operator=(const InterruptSource &) = delete;

    void set(bool level) const noexcept
    {
        qemu_set_irq(irq_, level);
    }
    void raise() const noexcept
    {
        qemu_irq_raise(irq_);
    }
    void lower() const noexcept
    {
        qemu_irq_lower(irq_);
    }
    void pulse() const noexcept
    {
        qemu_irq_pulse(irq_);
    }

    /* The C field, for sysbus_init_irq() and friends. */
    qemu_irq *as_ptr() noexcept
    {
        return &irq_;
    }

private:
    qemu_irq irq_ = nullptr;
};

static_assert(sizeof(InterruptSource) == sizeof(qemu_irq) &&
                  std::is_standard_layout_v<InterruptSource>,
              "InterruptSource is a qemu_irq field and nothing else");

} // namespace qemu

#endif /* QEMU_CXX_IRQ_HH */
