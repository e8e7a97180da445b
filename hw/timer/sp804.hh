/*
 * An SP804-style dual timer (ARM DDI 0271) as QEMU 7.2 models its sp804,
 * written with the C++ bindings on qemu::PTimer: type "sp804-cxx" (QEMU's
 * own is "sp804"). Quirks and yardstick: sp804_ref.c, whose migration
 * section "sp804-dual" this one shares byte for byte.
 */
#ifndef HW_TIMER_SP804_HH
#define HW_TIMER_SP804_HH

#include "qemu-cxx.hh"

#include <array>

namespace sp804 {

/* TimerControl bits. */
enum Control : uint32_t {
    ONESHOT = 1 << 0, SIZE_32 = 1 << 1, PRESCALE = 3 << 2, IE = 1 << 5,
    PERIODIC = 1 << 6, ENABLE = 1 << 7,
};

/* Registers of one counter, from its base (0x00 or 0x20), by index. */
enum class Reg : hwaddr {
    LOAD = 0, VALUE = 1, CONTROL = 2, INTCLR = 3, RIS = 4, MIS = 5,
    BGLOAD = 6,
};

inline constexpr std::array<uint8_t, 8> ids = {0x04, 0x18, 0x14, 0x00,
                                               0x0d, 0xf0, 0x05, 0xb1};

/* The registers of one of the two counters. */
struct Counter {
    uint32_t control = IE;      /* as QEMU 7.2: IE set, no reset */
    uint32_t limit = 0;
    int32_t int_level = 0;
};

class SP804 : public qemu::ObjectImpl<SP804, qemu::SysBusDevice> {
public:
    qemu::Result<void> realize();

    uint64_t read(hwaddr offset, unsigned size) const;
    void write(hwaddr offset, uint64_t value, unsigned size) const;

    template <int N>
    void expired() const;

    static constexpr qemu::Properties<SP804> properties();
    static constexpr qemu::VMState<SP804> vmstate();

protected:
    SP804();

private:
    struct State {
        std::array<int32_t, 2> level = {};
        Counter t[2]; /* C arrays: table paths index them (qemu-cxx/field.hh) */
    };

    uint32_t read_counter(int n, unsigned reg) const;
    void write_counter(int n, unsigned reg, uint32_t value) const;
    void update(State &s) const;

    qemu::IoRegion iomem;
    qemu::InterruptSource irq;
    qemu::BqlCell<State> state;
    /*
     * Outside the cell: a transaction's commit may call expired(), which
     * borrows the state, so no borrow is held across one.
     */
    qemu::PTimer timers[2];
    /* Configuration: qdev writes these (properties). */
    uint32_t freq0, freq1;
};

} // namespace sp804

QEMU_CXX_DEFINE_TYPE(sp804::SP804, "sp804-cxx", qemu::SysBusDevice);

#endif /* HW_TIMER_SP804_HH */
