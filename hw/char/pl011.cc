/*
 * The PL011 UART's behaviour (see pl011.hh), QEMU 7.2's quirks included:
 * no reset handler, receive trigger always 1, FEN toggle keeps the flags,
 * no TX FIFO, break queued without a room check.
 */
#include "hw/char/pl011.hh"
#include "hw/char/pl011_ref.h"


namespace pl011 {

/* QEMU 7.2's hw/char/trace-events, pl011.c: the same events and lines. */
QEMU_TRACE_EVENT(pl011_irq_state, (int level), "irq state %d");
QEMU_TRACE_EVENT(pl011_read, (uint32_t addr, uint32_t value),
                 "addr 0x%08x value 0x%08x");
QEMU_TRACE_EVENT(pl011_read_fifo, (int read_count),
                 "FIFO read, read_count now %d");
QEMU_TRACE_EVENT(pl011_write, (uint32_t addr, uint32_t value),
                 "addr 0x%08x value 0x%08x");
QEMU_TRACE_EVENT(pl011_can_receive, (uint32_t lcr, int read_count, int r),
                 "LCR 0x%08x read_count %d returning %d");
QEMU_TRACE_EVENT(pl011_put_fifo, (uint32_t c, int read_count),
                 "new char 0x%x read_count now %d");
QEMU_TRACE_EVENT(pl011_put_fifo_full, (), "FIFO now full, RXFF set");
QEMU_TRACE_EVENT(pl011_baudrate_change,
                 (unsigned int baudrate, uint64_t clock, uint32_t ibrd,
                  uint32_t fbrd),
                 "new baudrate %u (clk: %" PRIu64 "hz, ibrd: %" PRIu32
                 ", fbrd: %" PRIu32 ")");

PL011::PL011()
{
    iomem.init<&PL011::read, &PL011::write>(*this, "pl011", 0x1000);
    init_mmio(iomem);
    for (auto &line : irq) {
        init_irq(line);
    }
    clk.init<&PL011::clock_update>(*this, "clk");
}

qemu::Result<void> PL011::realize()
{
    chr.set_handlers<&PL011::can_receive, &PL011::receive, &PL011::event>(
        *this);
    return {};
}

/*
 * Outside any borrow: a line's handler may call back into the device.
 * One copy, unrolled: six calls with constant masks, no loop counter.
 */
[[gnu::noinline]] void PL011::update(uint32_t pending) const
{
    trace_pl011_irq_state(pending != 0);
#pragma GCC unroll 6
    for (size_t i = 0; i < std::size(irq); i++) {
        irq[i].set(pending & line_masks[i]);
    }
}

/* 7.2 computes the baud rate for a trace only; a zero divisor is logged. */
void PL011::check_baud_rate(const Registers &r) const
{
    uint32_t divisor = (r.ibrd << 6) + r.fbrd;
    if (r.ibrd != 0 && divisor == 0 && clk.hz() != 0) {
        qemu::log_guest_error("pl011: baud rate divisor is zero, "
                              "baud rate 0\n");
    }
    uint64_t hz = clk.hz();
    uint64_t baud = r.ibrd != 0 && divisor != 0 ? (hz / divisor) << 2 : 0;
    trace_pl011_baudrate_change(baud, hz, r.ibrd, r.fbrd);
}

void PL011::clock_update(ClockEvent) const
{
    check_baud_rate(*regs.borrow());
}

uint32_t Registers::get_fifo()
{
    flags.rxff = 0;
    uint32_t c = read_fifo[read_pos];
    if (read_count > 0) {
        read_count--;
        read_pos = (read_pos + 1) % fifo_depth;
    }
    if (read_count == 0) {
        flags.rxfe = 1;
    }
    /* 64 bits: a loaded trigger of INT32_MIN must not overflow. */
    if (int64_t(read_count) == int64_t(read_trigger) - 1) {
        int_level &= ~RX;
    }
    trace_pl011_read_fifo(read_count);
    rsr = c >> 8;
    return c;
}

void Registers::put_fifo(uint32_t value)
{
    /* read_count may exceed the depth (breaks): reduce it before adding. */
    read_fifo[(read_pos + read_count % fifo_depth) % fifo_depth] = value;
    /* 7.2 wraps after 2^31 breaks and writes outside its FIFO; we stop. */
    if (read_count < INT32_MAX) {
        read_count++;
    }
    flags.rxfe = 0;
    trace_pl011_put_fifo(value, read_count);
    if (!lcr.fen || read_count == fifo_depth) {
        trace_pl011_put_fifo_full();
        flags.rxff = 1;
    }
}

uint64_t PL011::read(hwaddr offset, unsigned) const
{
    uint64_t value = read_register(offset);
    trace_pl011_read(offset, value);
    return value;
}

/* One switch under one borrow, as in C; only DR calls out, after it. */
uint64_t PL011::read_register(hwaddr offset) const
{
    Reg reg = Reg(offset & ~hwaddr(3));
    uint32_t c, irqs;
    {
        auto r = regs.borrow_mut();
        switch (reg) {
        case Reg::DR: c = r->get_fifo(); irqs = pending(*r); break;
        case Reg::RSR: return r->rsr;
        case Reg::FR: return r->flags.raw();
        case Reg::ILPR: return r->ilpr;
        case Reg::IBRD: return r->ibrd;
        case Reg::FBRD: return r->fbrd;
        case Reg::LCR_H: return r->lcr.raw();
        case Reg::CR: return r->cr.raw();
        case Reg::IFLS: return r->ifl;
        case Reg::IMSC: return r->int_enabled;
        case Reg::RIS: return r->int_level;
        case Reg::MIS: return r->int_level & r->int_enabled;
        case Reg::DMACR: return r->dmacr;
        default:
            if (reg >= Reg::ID) {
                return klass().id[(offset - hwaddr(Reg::ID)) >> 2];
            }
            qemu::log_guest_error("pl011_read: Bad offset 0x%x\n",
                                  int(offset));
            return 0;
        }
    }
    update(irqs);
    chr.accept_input(); /* may deliver the next byte at once */
    return c;
}

/*
 * One switch, as in C (a DR test ahead of it cost every other register
 * write): each case borrows for its own change only, so DR's byte goes out
 * and the lines are set with no borrow held.
 */
void PL011::write(hwaddr offset, uint64_t value, unsigned) const
{
    trace_pl011_write(offset, value);
    uint32_t v = uint32_t(value);
    switch (Reg(offset & ~hwaddr(3))) {
    case Reg::DR: /* no TX FIFO: out at once, then the interrupt */
        chr.write_all(uint8_t(v));
        update(change_level(TX, 0));
        return;
    case Reg::RSR: regs.borrow_mut()->rsr = 0; return; /* clears errors */
    case Reg::FR: return;
    case Reg::ILPR: regs.borrow_mut()->ilpr = v; return;
    case Reg::IBRD: {
        auto r = regs.borrow_mut();
        r->ibrd = v;
        check_baud_rate(*r);
        return;
    }
    case Reg::FBRD: {
        auto r = regs.borrow_mut();
        r->fbrd = v;
        check_baud_rate(*r);
        return;
    }
    case Reg::LCR_H:
        if (regs.borrow_mut()->write_lcr(LineControl::of(v))) {
            chr.send_break(LineControl::of(v).brk);
        }
        return;
    case Reg::CR: regs.borrow_mut()->cr = Control::of(v); return; /* kept */
    case Reg::IFLS: {
        auto r = regs.borrow_mut();
        r->ifl = v;
        r->read_trigger = 1;
        return;
    }
    case Reg::IMSC: update(set_enabled(v)); return;
    case Reg::ICR: update(change_level(0, v)); return;
    case Reg::DMACR:
        regs.borrow_mut()->dmacr = v;
        if (v & 3) {
            qemu::log_unimp("pl011: DMA not implemented\n");
        }
        return;
    default:
        qemu::log_guest_error("pl011_write: Bad offset 0x%x\n", int(offset));
        return;
    }
}

/* The interrupt registers: changed under a borrow, what is now pending. */
uint32_t PL011::change_level(uint32_t set, uint32_t clear) const
{
    auto r = regs.borrow_mut();
    r->int_level = (r->int_level | set) & ~clear;
    return pending(*r);
}

uint32_t PL011::set_enabled(uint32_t mask) const
{
    auto r = regs.borrow_mut();
    r->int_enabled = mask;
    return r->int_level & mask;
}

/* Whether the break bit changed. */
bool Registers::write_lcr(LineControl value)
{
    if (value.fen != lcr.fen) { /* empties the FIFO, keeps the flags */
        read_count = read_pos = 0;
    }
    bool brk_changed = value.brk != lcr.brk;
    lcr = value;
    read_trigger = 1;
    return brk_changed;
}

int PL011::can_receive() const
{
    auto r = regs.borrow();
    int ok = r->read_count < r->depth();
    trace_pl011_can_receive(r->lcr.raw(), r->read_count, ok);
    return ok;
}

/* One copy for receive and event (module size, issue 18). */
[[gnu::noinline]] void PL011::put_fifo(uint32_t value) const
{
    uint32_t irqs;
    {
        auto r = regs.borrow_mut();
        r->put_fifo(value);
        if (r->read_count != r->read_trigger) {
            return;
        }
        r->int_level |= RX;
        irqs = pending(*r);
    }
    update(irqs);
}

void PL011::receive(std::span<const uint8_t> buf) const
{
    put_fifo(buf[0]);
}

void PL011::event(QEMUChrEvent event) const
{
    if (event == CHR_EVENT_BREAK) { /* queued without a room check */
        put_fifo(dr_break);
    }
}

/*
 * As the C reference: every state 7.2 can reach loads (read_count above 16
 * after breaks included); refused are only read_pos outside 0..15 and a
 * negative read_count, which would index outside read_fifo.
 */
qemu::Result<void> PL011::post_load()
{
    auto r = regs.borrow();
    if (r->read_pos < 0 || r->read_pos >= fifo_depth || r->read_count < 0) {
        return qemu::failure("pl011: FIFO position out of range");
    }
    return {};
}

constexpr qemu::Properties<PL011> PL011::properties()
{
    return {
        QEMU_PROP("chardev", chr),
        QEMU_PROP("migrate-clk", migrate_clk, true),
    };
}

/* 7.2's "pl011" fields, in its order (listed in PL011's in place). */
constexpr qemu::VMState<Registers> Registers::vmstate()
{
    return qemu::VMState<Registers>("pl011")
        .fields(QEMU_VMSTATE(readbuff), QEMU_VMSTATE(flags), QEMU_VMSTATE(lcr),
                QEMU_VMSTATE(rsr), QEMU_VMSTATE(cr), QEMU_VMSTATE(dmacr),
                QEMU_VMSTATE(int_enabled), QEMU_VMSTATE(int_level),
                QEMU_VMSTATE(read_fifo), QEMU_VMSTATE(ilpr),
                QEMU_VMSTATE(ibrd), QEMU_VMSTATE(fbrd), QEMU_VMSTATE(ifl),
                QEMU_VMSTATE(read_pos), QEMU_VMSTATE(read_count),
                QEMU_VMSTATE(read_trigger));
}

constexpr qemu::VMState<PL011> PL011::vmstate()
{
    return qemu::VMState<PL011>("pl011")
        .version_id(2).minimum_version_id(2)
        .post_load<&PL011::post_load>()
        .fields(QEMU_VMSTATE(regs))
        .subsections(qemu::VMState<PL011>("pl011/clock")
                         .version_id(1).minimum_version_id(1)
                         .needed<&PL011::clock_needed>()
                         .fields(QEMU_VMSTATE(clk)));
}

} // namespace pl011

QEMU_CXX_TYPE_INIT(pl011_register_types, pl011::PL011, pl011::PL011Luminary);

/* The C++ state fits where the C reference's does. */
static_assert(qemu::instance_size<pl011::PL011>() <= sizeof(PL011RefState));

/* The tables are data, as the C reference's: no code builds them. */
static_assert(qemu::ConstexprVmstate<pl011::PL011> &&
              qemu::ConstexprProperties<pl011::PL011>);
