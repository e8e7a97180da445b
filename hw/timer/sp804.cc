/*
 * The SP804-style dual timer's behaviour (see sp804.hh), step for step
 * as QEMU 7.2's sp804 and sp804_ref.c: a TimerControl write stops and
 * restarts the counter, free-running mode reloads from all ones, the
 * prescaler counts at that write only.
 */
#include "hw/timer/sp804.hh"


namespace sp804 {

SP804::SP804()
{
    qemu::SysBusDevice &sbd = *this;
    iomem.init<&SP804::read, &SP804::write>(*this, "sp804", 0x1000);
    sbd.init_mmio(iomem);
    sbd.init_irq(irq);
}

qemu::Result<void> SP804::realize()
{
    /* QEMU divides by zero (SIGFPE) once the prescaler makes it 0. */
    if (freq0 < 256 || freq1 < 256) {
        return qemu::failure(freq0 < 256
            ? "sp804: freq0 must be at least 256 Hz (the prescaler divides "
              "it by up to 256)"
            : "sp804: freq1 must be at least 256 Hz (the prescaler divides "
              "it by up to 256)");
    }
    timers[0].init<&SP804::expired<0>>(*this, PTIMER_POLICY_LEGACY);
    timers[1].init<&SP804::expired<1>>(*this, PTIMER_POLICY_LEGACY);
    return {};
}

void SP804::update(State &s) const
{
    for (size_t i = 0; i < 2; i++) {
        s.level[i] = s.t[i].int_level && (s.t[i].control & IE);
    }
    irq.set(s.level[0] || s.level[1]);
}

template <int N>
void SP804::expired() const
{
    auto s = state.borrow_mut();
    s->t[N].int_level = 1;
    update(*s);
}

uint32_t SP804::read_counter(int n, unsigned reg) const
{
    const Counter c = state.borrow()->t[n];
    switch (Reg(reg)) {
    case Reg::LOAD:
    case Reg::BGLOAD:
        return c.limit;
    case Reg::VALUE:
        return timers[n].count();
    case Reg::CONTROL:
        return c.control;
    case Reg::RIS:
        return c.int_level;
    case Reg::MIS:
        return (c.control & IE) ? c.int_level : 0;
    default:
        qemu::log_guest_error("arm_timer_read: Bad offset %x\n",
                              unsigned(reg << 2));
        return 0;
    }
}

/* The reload value: the load register, or all ones when free-running. */
static uint64_t reload_value(const Counter &c)
{
    if (!(c.control & (PERIODIC | ONESHOT))) {
        return (c.control & SIZE_32) ? 0xffffffff : 0xffff;
    }
    return c.limit;
}

void SP804::write_counter(int n, unsigned reg, uint32_t value) const
{
    const qemu::PTimer &timer = timers[n];
    switch (Reg(reg)) {
    case Reg::LOAD:
    case Reg::BGLOAD: {
        Counter c;
        {
            auto s = state.borrow_mut();
            s->t[n].limit = value;
            c = s->t[n];
        }
        timer.transaction().set_limit(reload_value(c), Reg(reg) == Reg::LOAD);
        break;
    }
    case Reg::VALUE:    /* read-only, writes ignored as QEMU does */
        break;
    case Reg::CONTROL: {
        bool was_enabled;
        Counter c;
        {
            auto s = state.borrow_mut();
            was_enabled = s->t[n].control & ENABLE;
            s->t[n].control = value;
            c = s->t[n];
        }
        uint32_t freq = n == 0 ? freq0 : freq1;
        switch ((value & PRESCALE) >> 2) {
        case 1:
            freq >>= 4;
            break;
        case 2:
            freq >>= 8;
            break;
        }
        bool enable = value & ENABLE;
        auto t = timer.transaction();
        if (was_enabled) {
            t.stop();
        }
        t.set_limit(reload_value(c), enable);
        t.set_freq(freq);
        if (enable) {
            t.run(value & ONESHOT);
        }
        break;      /* committed here: expired() may run */
    }
    case Reg::INTCLR:
        state.borrow_mut()->t[n].int_level = 0;
        break;
    default:
        qemu::log_guest_error("arm_timer_write: Bad offset %x\n",
                              unsigned(reg << 2));
    }
    update(*state.borrow_mut());
}

uint64_t SP804::read(hwaddr offset, unsigned) const
{
    if (offset < 0x40) {
        return read_counter(offset >= 0x20, (offset & 0x1f) >> 2);
    }
    if (offset >= 0xfe0 && offset <= 0xffc) {
        return ids[(offset - 0xfe0) >> 2];
    }
    if (offset == 0xf00 || offset == 0xf04) {   /* TimerITCR, TimerITOP */
        qemu::log_unimp("sp804_read: integration test registers "
                        "unimplemented\n");
        return 0;
    }
    qemu::log_guest_error("sp804_read: Bad offset %x\n", unsigned(offset));
    return 0;
}

void SP804::write(hwaddr offset, uint64_t value, unsigned) const
{
    if (offset < 0x40) {
        write_counter(offset >= 0x20, (offset & 0x1f) >> 2, value);
        return;
    }
    qemu::log_guest_error("sp804_write: Bad offset %x\n", unsigned(offset));
}

constexpr qemu::Properties<SP804> SP804::properties()
{
    return {
        QEMU_PROP("freq0", freq0, 1000000u),
        QEMU_PROP("freq1", freq1, 1000000u),
    };
}

/* The fields of sp804_ref.c's "sp804-dual", in its order. */
constexpr qemu::VMState<SP804> SP804::vmstate()
{
#define T(n)                                                             \
    QEMU_VMSTATE_IN(state, t[n].control).name("control"),                \
        QEMU_VMSTATE_IN(state, t[n].limit).name("limit"),                \
        QEMU_VMSTATE_IN(state, t[n].int_level).name("int_level"),        \
        QEMU_VMSTATE(timers[n]).name("timer")
    return qemu::VMState<SP804>("sp804-dual")
        .version_id(1).minimum_version_id(1)
        .fields(QEMU_VMSTATE_IN(state, level), T(0), T(1));
#undef T
}

} // namespace sp804

QEMU_CXX_TYPE_INIT(sp804_register_types, sp804::SP804);

/* The tables are data, as the C reference's: no code builds them. */
static_assert(qemu::ConstexprVmstate<sp804::SP804> &&
              qemu::ConstexprProperties<sp804::SP804>);
