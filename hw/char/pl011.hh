/*
 * The ARM PrimeCell UART (PL011) as QEMU 7.2 models it, written with the
 * C++ bindings: types "pl011-cxx" and "pl011_luminary-cxx" (QEMU's own
 * devices are "pl011" and "pl011_luminary"; the VMState section keeps
 * QEMU's name "pl011"). Registers and their fields are types, state is
 * plain members, behaviour is in pl011.cc.
 * Behaviour and quirks: shared/docs/pl011.md; yardstick: pl011_ref.c.
 */
#ifndef HW_CHAR_PL011_HH
#define HW_CHAR_PL011_HH

#include "qemu-cxx.hh"

#include <array>
#include <bit>
#include <span>

namespace pl011 {

/* Register offsets; the low two address bits are ignored. */
enum class Reg : hwaddr {
    DR = 0x00, RSR = 0x04, FR = 0x18, ILPR = 0x20, IBRD = 0x24, FBRD = 0x28,
    LCR_H = 0x2c, CR = 0x30, IFLS = 0x34, IMSC = 0x38, RIS = 0x3c,
    MIS = 0x40, ICR = 0x44, DMACR = 0x48, ID = 0xfe0,
};

/* A 32-bit register made of named bit fields. */
template <typename R>
struct Register {
    constexpr uint32_t raw() const { return std::bit_cast<uint32_t>(self()); }
    static constexpr R of(uint64_t v) { return std::bit_cast<R>(uint32_t(v)); }
    constexpr const R &self() const { return static_cast<const R &>(*this); }
};

/* UARTFR */
struct Flags : Register<Flags> {
    uint32_t cts : 1, dsr : 1, dcd : 1, busy : 1, rxfe : 1, txff : 1,
        rxff : 1, txfe : 1, ri : 1, reserved : 23;
};

/* UARTLCR_H */
struct LineControl : Register<LineControl> {
    uint32_t brk : 1, pen : 1, eps : 1, stp2 : 1, fen : 1, wlen : 2, sps : 1,
        reserved : 24;
};

/* UARTCR */
struct Control : Register<Control> {
    uint32_t uarten : 1, siren : 1, sirlp : 1, reserved1 : 4, lbe : 1,
        txe : 1, rxe : 1, dtr : 1, rts : 1, out1 : 1, out2 : 1, rtsen : 1,
        ctsen : 1, reserved : 16;
};

static_assert(Flags{{}, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0}.raw() == 0x90);
static_assert(LineControl{{}, 0, 0, 0, 0, 1, 0, 0, 0}.raw() == 0x10);
static_assert(Control{{}, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}.raw() ==
              0x300);

/* Interrupt bits of UARTRIS, UARTMIS, UARTIMSC and UARTICR. */
enum Interrupt : uint32_t {
    RI = 1 << 0, CTS = 1 << 1, DCD = 1 << 2, DSR = 1 << 3, RX = 1 << 4,
    TX = 1 << 5, RT = 1 << 6, FE = 1 << 7, PE = 1 << 8, BE = 1 << 9,
    OE = 1 << 10, E = OE | BE | PE | FE, MS = RI | DSR | DCD | CTS,
};

/* Which interrupts drive the six sysbus lines, in order. */
inline constexpr uint32_t line_masks[6] = {
    E | MS | RT | TX | RX, RX, TX, RT, MS, E,
};

inline constexpr int fifo_depth = 16;
/* What the receive side queues for a break. */
inline constexpr uint32_t dr_break = 0x400;

using Id = std::array<uint8_t, 8>;
inline constexpr Id arm_id = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
inline constexpr Id luminary_id = {0x11, 0x00, 0x18, 0x01,
                                   0x0d, 0xf0, 0x05, 0xb1};

/* The registers, initialised as 7.2's instance_init does (no reset). */
struct Registers {
    uint32_t readbuff = 0;
    Flags flags = Flags::of(0x90);
    LineControl lcr = {};
    uint32_t rsr = 0;
    Control cr = Control::of(0x300);
    uint32_t dmacr = 0;
    uint32_t int_enabled = 0;
    uint32_t int_level = 0;
    std::array<uint32_t, fifo_depth> read_fifo = {};
    uint32_t ilpr = 0, ibrd = 0, fbrd = 0, ifl = 0x12;
    int32_t read_pos = 0, read_count = 0, read_trigger = 1;

    int depth() const { return lcr.fen ? fifo_depth : 1; }
    void put_fifo(uint32_t value);
    uint32_t get_fifo();
    bool write_lcr(LineControl value);

    static constexpr qemu::VMState<Registers> vmstate();
};

class PL011 : public qemu::ObjectImpl<PL011, qemu::SysBusDevice> {
public:
    /* Per class: the PeriphID/CellID bytes at 0xfe0. */
    struct Class {
        Id id = arm_id;
    };

    qemu::Result<void> realize();

    uint64_t read(hwaddr offset, unsigned size) const;
    void write(hwaddr offset, uint64_t value, unsigned size) const;

    int can_receive() const;
    void receive(std::span<const uint8_t> buf) const;
    void event(QEMUChrEvent event) const;
    void clock_update(ClockEvent event) const;

    static constexpr qemu::Properties<PL011> properties();
    static constexpr qemu::VMState<PL011> vmstate();

protected:
    PL011();

private:
    uint64_t read_register(hwaddr offset) const;
    void put_fifo(uint32_t value) const;
    void update(uint32_t pending) const;
    uint32_t change_level(uint32_t set, uint32_t clear) const;
    uint32_t set_enabled(uint32_t mask) const;
    static uint32_t pending(const Registers &r)
    {
        return r.int_level & r.int_enabled;
    }
    void check_baud_rate(const Registers &r) const;
    qemu::Result<void> post_load();
    bool clock_needed() { return migrate_clk; }

    qemu::IoRegion iomem;
    qemu::InterruptSource irq[6];
    qemu::ClockIn clk;
    qemu::BqlCell<Registers> regs;
    /* Configuration: qdev writes these (properties), device code reads. */
    qemu::CharBackend chr;
    bool migrate_clk;
};

/* The Luminary Stellaris variant: only the ID bytes differ. */
class PL011Luminary : public qemu::ObjectImpl<PL011Luminary, PL011> {
public:
    static void class_init(PL011::Class &k) { k.id = luminary_id; }

protected:
    PL011Luminary() = default;
};

} // namespace pl011

/* The bit-field registers migrate as the uint32 they are. */
template <typename R>
    requires std::derived_from<R, pl011::Register<R>>
struct qemu::VMStateScalar<R> : qemu::VMStateScalar<uint32_t> {
    static_assert(sizeof(R) == sizeof(uint32_t));
};

/* Not QEMU's names: the module must load beside QEMU's built-in PL011. */
QEMU_CXX_DEFINE_TYPE(pl011::PL011, "pl011-cxx", qemu::SysBusDevice);
QEMU_CXX_DEFINE_TYPE(pl011::PL011Luminary, "pl011_luminary-cxx",
                     pl011::PL011);

#endif /* HW_CHAR_PL011_HH */
